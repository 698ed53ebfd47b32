"""Projects API representations (read-only): projects with their money, budget lines, payments, milestones.

The budget, paid and late figures are those of the project page (``projects.selectors``); the viewsets
annotate and ``select_related`` what they read so that lists make no query per row. Milestone photos and
documents are not listed: they are served only through the scoped download view.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rest_framework import serializers

from edubureau.core import clock
from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.projects.choices import FundingSource
from edubureau.projects.models import CapitalProject, ProjectFunding, ProjectMilestone, ProjectPayment


def _money(label):
    return serializers.DecimalField(max_digits=14, decimal_places=2, read_only=True, label=label)


class CapitalProjectSerializer(RestrictedModelSerializer):
    town_name = serializers.CharField(source="town.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True, allow_null=True)
    places = serializers.IntegerField(read_only=True, label=_("Places added"))
    budget_total = _money(_("Budget (10,000 yuan)"))
    paid_total = _money(_("Paid (10,000 yuan)"))

    class Meta:
        model = CapitalProject
        fields = (
            *BASE_FIELDS,
            "county",
            "town",
            "town_name",
            "name",
            "kind",
            "school",
            "school_name",
            "new_school_name",
            "responsible_unit",
            "stage",
            "preparatory_on",
            "preliminary_on",
            "construction_on",
            "completed_on",
            "delivered_on",
            "planned_delivery",
            "plan_year",
            "places_preschool",
            "places_primary",
            "places_junior",
            "places_senior",
            "places",
            "rooms",
            "floor_area",
            "total_investment",
            "budget_total",
            "paid_total",
            "capacity_applied",
            "note",
        )
        read_only_fields = fields


class ProjectFundingSerializer(RestrictedModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    paid = _money(_("Paid (10,000 yuan)"))
    gap = _money(pgettext_lazy("money", "Gap"))

    class Meta:
        model = ProjectFunding
        fields = (*BASE_FIELDS, "project", "project_name", "source", "budget", "paid", "gap")
        read_only_fields = fields


class ProjectPaymentSerializer(RestrictedModelSerializer):
    project = serializers.IntegerField(source="funding.project_id", read_only=True, label=_("Project"))
    source = serializers.ChoiceField(
        source="funding.source", choices=FundingSource.choices, read_only=True, label=_("Source of funds")
    )

    class Meta:
        model = ProjectPayment
        fields = (*BASE_FIELDS, "funding", "project", "source", "paid_on", "amount", "note")
        read_only_fields = fields


class ProjectMilestoneSerializer(RestrictedModelSerializer):
    project_name = serializers.CharField(source="project.name", read_only=True)
    late_days = serializers.SerializerMethodField(label=_("Days late"))

    class Meta:
        model = ProjectMilestone
        fields = (
            *BASE_FIELDS,
            "project",
            "project_name",
            "kind",
            "due_on",
            "done_on",
            "responsible_unit",
            "late_days",
        )
        read_only_fields = fields

    def get_late_days(self, milestone) -> int:
        return milestone.late_days(clock.today())
