"""Registry edit forms. They validate input; the views hand the cleaned data to the audited services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.registry import selectors
from edubureau.registry.choices import SchoolKind
from edubureau.registry.models import School


class SchoolForm(forms.ModelForm):
    """A school's facts and facilities. The town offered is one where the user may add/change schools;
    a user scoped to the school alone (a principal) keeps its town."""

    class Meta:
        model = School
        fields = [
            "code",
            "name",
            "kind",
            "ownership",
            "affordable",
            "area",
            "locality",
            "address",
            "latitude",
            "longitude",
            "capacity",
            "teaching_floor_area",
            "sports_area",
            "equipment_value",
            "multimedia_rooms",
            "books",
            "computers",
            "is_teaching_point",
            "is_active",
        ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        creating = self.instance.pk is None
        towns = selectors.towns_for(user=user, action="add" if creating else "change")
        area = self.fields["area"]
        area.queryset = towns.order_by("code")
        if not creating:
            # The national school code identifies the school in every other system; it is not edited here.
            self.fields["code"].disabled = True
            if not towns.filter(pk=self.instance.area_id).exists():
                area.queryset = type(self.instance.area).objects.filter(pk=self.instance.area_id)
                area.disabled = True

    def clean(self):
        data = super().clean()
        if data.get("kind") and data["kind"] != SchoolKind.KINDERGARTEN and data.get("affordable"):
            self.add_error("affordable", _("Only a kindergarten has an affordable status."))
        return data
