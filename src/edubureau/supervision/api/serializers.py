"""Supervision API representations; writes go through the services (see ``views``)."""

from rest_framework import serializers

from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.supervision.choices import Item, Method, Severity, VisitKind
from edubureau.supervision.forms import RectificationActionForm
from edubureau.supervision.models import ChecklistEntry, Finding, Rectification, Supervisor, Visit


class SupervisorSerializer(RestrictedModelSerializer):
    class Meta:
        model = Supervisor
        fields = (
            *BASE_FIELDS,
            "county",
            "name",
            "kind",
            "certificate_number",
            "phone",
            "background",
            "is_active",
        )
        read_only_fields = fields


class ChecklistEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistEntry
        fields = ("item", "rating", "note")


class VisitSerializer(RestrictedModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    supervisor_name = serializers.CharField(source="supervisor.name", read_only=True)
    checklist = ChecklistEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = (
            *BASE_FIELDS,
            "school",
            "school_name",
            "supervisor",
            "supervisor_name",
            "visited_at",
            "kind",
            "methods",
            "summary",
            "feedback_at",
            "feedback_note",
            "report_submitted_at",
            "checklist",
        )
        read_only_fields = fields


class FindingInputSerializer(serializers.Serializer):
    item = serializers.ChoiceField(choices=Item.choices)
    description = serializers.CharField()
    severity = serializers.ChoiceField(choices=Severity.choices, default=Severity.GENERAL)
    requirement = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class VisitCreateSerializer(RestrictedModelSerializer):
    """A visit record as the phone sends it (JSON); ``checklist`` maps item 1–8 to rating and note."""

    methods = serializers.ListField(child=serializers.ChoiceField(choices=Method.choices), default=list)
    checklist = serializers.ListField(child=ChecklistEntrySerializer(), default=list)
    findings = FindingInputSerializer(many=True, default=list)
    submit_report = serializers.BooleanField(default=False)
    client_id = serializers.CharField(required=False, allow_null=True, default=None)
    kind = serializers.ChoiceField(choices=VisitKind.choices, default=VisitKind.ROUTINE)

    class Meta:
        model = Visit
        fields = (
            "school",
            "visited_at",
            "kind",
            "methods",
            "summary",
            "feedback_at",
            "feedback_note",
            "submit_report",
            "checklist",
            "findings",
            "client_id",
        )

    def to_representation(self, instance):
        return VisitSerializer(instance, context=self.context).data


class FindingSerializer(RestrictedModelSerializer):
    class Meta:
        model = Finding
        fields = (*BASE_FIELDS, "visit", "school", "item", "description", "severity")
        read_only_fields = fields


class RectificationSerializer(RestrictedModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = Rectification
        fields = (
            *BASE_FIELDS,
            "finding",
            "school",
            "school_name",
            "requirement",
            "deadline",
            "status",
            "answered_at",
            "closed_at",
            "returned_count",
            "return_reason",
            "urge_level",
        )
        read_only_fields = fields


class RectificationTransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=[(a, a) for a in RectificationActionForm.ACTIONS])
    text = serializers.CharField(required=False, allow_blank=True, default="")
