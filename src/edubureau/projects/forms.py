"""Forms of the project pages. Towns and schools offered are those the user may see."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import style_form
from edubureau.projects import choices as c
from edubureau.projects.models import CapitalProject, MilestoneFile
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProjectForm(forms.ModelForm):
    """A project's facts, places, money total and planned delivery. Stages move on the stage form only."""

    class Meta:
        model = CapitalProject
        fields = [
            "name",
            "kind",
            "town",
            "school",
            "new_school_name",
            "responsible_unit",
            "plan_year",
            "preparatory_on",
            "planned_delivery",
            "places_preschool",
            "places_primary",
            "places_junior",
            "places_senior",
            "rooms",
            "floor_area",
            "total_investment",
            "note",
        ]
        widgets = {
            "planned_delivery": DATE,
            "preparatory_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["town"].queryset = (
            Area.objects.restrict(user, "view").filter(kind=AreaKind.TOWN).order_by("code")
        )
        self.fields["school"].queryset = (
            School.objects.restrict(user, "view")
            .filter(is_active=True)
            .select_related("area")
            .order_by("area__code", "name")
        )
        for name in c.PLACE_FIELDS.values():
            self.fields[name].validators = [
                MinValueValidator(0, message=_("Places cannot be negative; enter 0 or more."))
            ]
        if self.instance.pk:
            del self.fields["preparatory_on"]  # stage dates move with the stage form only
        else:
            self.fields["preparatory_on"].help_text = _("Leave empty for today.")
        if self.instance.pk and self.instance.capacity_applied:
            # Delivered: the places are in the school's capacity already; changing them here would not follow.
            for name in [*c.PLACE_FIELDS.values(), "floor_area", "school", "town"]:
                self.fields[name].disabled = True


class StageForm(forms.Form):
    reached_on = forms.DateField(label=_("Reached on"), widget=DATE)


class FundingForm(forms.Form):
    source = forms.ChoiceField(label=_("Source of funds"), choices=c.FundingSource.choices)
    budget = forms.DecimalField(label=_("Budget (10,000 yuan)"), max_digits=12, decimal_places=2)


class PaymentForm(forms.Form):
    funding = forms.ModelChoiceField(label=_("Source of funds"), queryset=None)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (10,000 yuan)"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=120, required=False)

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funding"].queryset = project.fundings.all()
        self.fields["funding"].label_from_instance = lambda f: f.get_source_display()


class MilestoneForm(forms.Form):
    kind = forms.ChoiceField(label=_("Milestone"), choices=c.MilestoneKind.choices)
    due_on = forms.DateField(label=_("Due on"), widget=DATE)
    responsible_unit = forms.CharField(label=_("Responsible unit"), max_length=40, initial="基建办")


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)


def styled(form):
    return style_form(form)


class RevertForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MilestoneFileForm(forms.Form):
    milestone = forms.ModelChoiceField(label=_("Milestone"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=MilestoneFile.Kind.choices)
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["milestone"].queryset = project.milestones.order_by("due_on", "pk")
        self.fields["milestone"].label_from_instance = lambda m: m.get_kind_display()


class EarmarkPaymentForm(forms.Form):
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    amount = forms.DecimalField(label=_("Amount (10,000 yuan)"), max_digits=12, decimal_places=2)
    voucher = forms.CharField(label=_("Voucher number"), max_length=60, required=False)
    evidence = forms.FileField(label=_("Evidence"), required=False)
