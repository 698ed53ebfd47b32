"""Evaluation API representations (read-only): rounds, each school's sheet (total, position band, tier)
and the scores of its leaves, as the sheet page shows them. Who typed a score (a user account) is left
out, as the page leaves it out for a school."""

from rest_framework import serializers

from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.evaluation.models import Round, RoundSchool, Score


class EvaluationRoundSerializer(RestrictedModelSerializer):
    scheme_name = serializers.CharField(source="scheme.name", read_only=True)

    class Meta:
        model = Round
        fields = (
            *BASE_FIELDS,
            "scheme",
            "scheme_name",
            "name",
            "year",
            "school_year",
            "status",
            "published_at",
            "tier_method",
            "doc_number",
        )
        read_only_fields = fields


class RoundSchoolSerializer(RestrictedModelSerializer):
    round_name = serializers.CharField(source="round.name", read_only=True)
    year = serializers.IntegerField(source="round.year", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)

    class Meta:
        model = RoundSchool
        fields = (
            *BASE_FIELDS,
            "round",
            "round_name",
            "year",
            "school",
            "school_name",
            "total",
            "band",
            "tier",
        )
        read_only_fields = fields


class ScoreSerializer(RestrictedModelSerializer):
    school = serializers.IntegerField(source="sheet.school_id", read_only=True)
    criterion_code = serializers.CharField(source="criterion.code", read_only=True)
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = Score
        fields = (
            *BASE_FIELDS,
            "sheet",
            "school",
            "criterion",
            "criterion_code",
            "criterion_name",
            "raw",
            "score",
            "origin",
            "comment",
        )
        read_only_fields = fields
