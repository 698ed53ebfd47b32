"""Work-plan API representations. Lead units and co-units are shown by id and name; a report's evidence
files are listed with their download URL (the scoped page view, never the media path)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.planning.forms import TaskActionForm
from edubureau.planning.models import Evidence, Plan, ProgressReport, Section, Target, Task
from edubureau.registry.models import Department


class DepartmentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ("id", "name")


class SectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Section
        fields = ("id", "number", "numeral", "title")


class PlanSerializer(RestrictedModelSerializer):
    county_name = serializers.CharField(source="county.name", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Plan
        fields = (
            *BASE_FIELDS,
            "county",
            "county_name",
            "year",
            "title",
            "issuer",
            "doc_number",
            "issued_on",
            "recipients",
            "cc",
            "supervising_department",
            "published_at",
            "sections",
        )
        read_only_fields = fields


class TaskSerializer(RestrictedModelSerializer):
    lead_units = DepartmentRefSerializer(many=True, read_only=True)
    co_units = DepartmentRefSerializer(many=True, read_only=True)
    section_title = serializers.CharField(source="section.title", read_only=True, allow_null=True)

    class Meta:
        model = Task
        fields = (
            *BASE_FIELDS,
            "plan",
            "section",
            "section_title",
            "number",
            "title",
            "body",
            "lead_units",
            "co_units",
            "status",
            "light",
            "progress",
            "reported_progress",
            "start",
            "due",
            "original_due",
            "signed_at",
            "submitted_at",
            "closed_at",
            "returned_count",
            "urge_level",
        )
        read_only_fields = fields


class TargetValueSerializer(serializers.Serializer):
    """A target's value as every page shows it (``planning.selectors.target_values``): the actual (the
    computed one wins over a reported one), where it comes from, its gap and its light."""

    actual = serializers.DecimalField(
        max_digits=24, decimal_places=6, allow_null=True, coerce_to_string=False
    )
    source = serializers.ChoiceField(choices=("indicator", "report", ""))
    indicator_code = serializers.CharField()
    period = serializers.CharField()
    gap = serializers.DecimalField(max_digits=24, decimal_places=6, allow_null=True, coerce_to_string=False)
    change_percent = serializers.DecimalField(
        max_digits=8, decimal_places=1, allow_null=True, coerce_to_string=False
    )
    light = serializers.ChoiceField(choices=("green", "yellow", "red", "grey"))
    reported = serializers.DecimalField(
        max_digits=24, decimal_places=6, allow_null=True, coerce_to_string=False
    )


class TargetSerializer(RestrictedModelSerializer):
    progress = serializers.FloatField(read_only=True, allow_null=True)
    measured = serializers.SerializerMethodField(help_text=_("the target's value as every page shows it"))

    @extend_schema_field(TargetValueSerializer(allow_null=True))
    def get_measured(self, target):
        value = self.context.get("target_values", {}).get(target.pk)
        return None if value is None else TargetValueSerializer(value).data

    class Meta:
        model = Target
        fields = (
            *BASE_FIELDS,
            "plan",
            "task",
            "text",
            "indicator",
            "comparator",
            "value",
            "unit",
            "period",
            "due_text",
            "due",
            "baseline",
            "indicator_code",
            "actual_value",
            "actual_at",
            "actual_by",
            "progress",
            "measured",
        )
        read_only_fields = fields


class TargetBindSerializer(serializers.Serializer):
    indicator_code = serializers.CharField(max_length=80, allow_blank=True)


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = Evidence
        fields = ("id", "name", "size", "url")

    def get_url(self, obj) -> str:
        return reverse("planning:evidence_download", args=[obj.pk])


class ReportSerializer(RestrictedModelSerializer):
    """进展报送. Create names the task by id (a task outside the user's scope, or one their department
    does not lead, answers 404); ``files`` are evidence files sent as multipart form data."""

    task = serializers.IntegerField(source="task_id")
    author = serializers.StringRelatedField(read_only=True)
    department = serializers.StringRelatedField(read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    files = serializers.ListField(
        child=serializers.FileField(), write_only=True, required=False, label=_("evidence files")
    )

    class Meta:
        model = ProgressReport
        fields = (
            *BASE_FIELDS,
            "task",
            "period",
            "text",
            "problems",
            "next_steps",
            "percent",
            "target",
            "current_value",
            "author",
            "department",
            "evidence",
            "files",
        )
        read_only_fields = ("period",)


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=TaskActionForm.ACTIONS)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class ExtensionRequestSerializer(serializers.Serializer):
    new_due = serializers.DateField()
    reason = serializers.CharField()
    progress_note = serializers.CharField(required=False, allow_blank=True, default="")
