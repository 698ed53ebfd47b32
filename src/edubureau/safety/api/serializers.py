"""Safety API representations (read-only): hazards, training centres and their inspections.

Who reported or verified a hazard (user accounts), its photos (served only through the scoped download
view), complaints (they name the complainant) and bullying cases (minors' personal data, seen only by
their named handlers) are left out.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edubureau.core import clock
from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.safety.models import CentreInspection, Hazard, TrainingCentre


class HazardSerializer(RestrictedModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    overdue = serializers.SerializerMethodField(label=_("Overdue"))

    class Meta:
        model = Hazard
        fields = (
            *BASE_FIELDS,
            "county",
            "school",
            "school_name",
            "title",
            "description",
            "category",
            "place",
            "level",
            "source",
            "found_on",
            "deadline",
            "status",
            "overdue",
            "responsible",
            "fix_actions",
            "fixed_at",
            "verified_at",
            "returned_count",
            "return_reason",
            "urge_level",
        )
        read_only_fields = fields

    def get_overdue(self, hazard) -> bool:
        return hazard.is_overdue(clock.today())


class TrainingCentreSerializer(RestrictedModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = TrainingCentre
        fields = (
            *BASE_FIELDS,
            "county",
            "area",
            "area_name",
            "name",
            "licence_number",
            "address",
            "organiser",
            "subjects",
            "capacity",
            "phone",
            "status",
        )
        read_only_fields = fields


class CentreInspectionSerializer(RestrictedModelSerializer):
    centre_name = serializers.CharField(source="centre.name", read_only=True)
    open = serializers.BooleanField(read_only=True, label=_("Rectification still open"))

    class Meta:
        model = CentreInspection
        fields = (
            *BASE_FIELDS,
            "centre",
            "centre_name",
            "inspected_on",
            "inspectors",
            "findings",
            "result",
            "requirement",
            "deadline",
            "rectified_on",
            "open",
        )
        read_only_fields = fields
