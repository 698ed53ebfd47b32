"""Collect API representations (read-only): forms, their assignments with how many schools have sent and
had accepted their figures, and each school's submission status. The figures themselves (``values``),
attached files and who submitted or reviewed (user accounts) are left out: the API reports progress."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edubureau.collect.models import Assignment, Form, Submission
from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer


class FormSerializer(RestrictedModelSerializer):
    lead_department_name = serializers.CharField(
        source="lead_department.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Form
        fields = (
            *BASE_FIELDS,
            "county",
            "code",
            "title",
            "description",
            "frequency",
            "lead_department",
            "lead_department_name",
        )
        read_only_fields = fields


class AssignmentSerializer(RestrictedModelSerializer):
    form_title = serializers.CharField(source="form.title", read_only=True)
    schools = serializers.IntegerField(read_only=True, label=_("Schools"))
    sent = serializers.IntegerField(read_only=True, label=_("submitted"))
    accepted = serializers.IntegerField(read_only=True, label=_("accepted"))

    class Meta:
        model = Assignment
        fields = (
            *BASE_FIELDS,
            "form",
            "form_title",
            "period",
            "due_on",
            "note",
            "schools",
            "sent",
            "accepted",
        )
        read_only_fields = fields


class SubmissionSerializer(RestrictedModelSerializer):
    form = serializers.IntegerField(source="assignment.form_id", read_only=True, label=_("form"))
    form_title = serializers.CharField(source="assignment.form.title", read_only=True)
    period = serializers.CharField(source="assignment.period", read_only=True)
    due_on = serializers.DateField(source="assignment.due_on", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    late = serializers.BooleanField(source="is_late", read_only=True, label=_("Sent late"))

    class Meta:
        model = Submission
        fields = (
            *BASE_FIELDS,
            "assignment",
            "form",
            "form_title",
            "period",
            "due_on",
            "school",
            "school_name",
            "form_version",
            "status",
            "submitted_at",
            "late",
            "reviewed_at",
            "returned_count",
            "return_reason",
        )
        read_only_fields = fields
