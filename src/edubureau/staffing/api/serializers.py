"""Staffing API representations (read-only): 区管校聘 competitions, their rounds, the teachers' entries with
their results, and each round's outcome per teacher.

An entry names its teacher by name, as the competition pages do; nothing else of the teacher record (no ID
number, no birth date). Its result fields are null for a school or a teacher until the competition is
published, as on the entry page (``selectors.result_shown``).
"""

from rest_framework import serializers

from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.staffing import selectors
from edubureau.staffing.models import Competition, Entry, Round, RoundResult

_RESULT_FIELDS = (
    "result_post",
    "result_school_name",
    "result_round",
    "placed_on_appeal",
    "over_posts",
    "result_grade",
)


class CompetitionSerializer(RestrictedModelSerializer):
    class Meta:
        model = Competition
        fields = (
            *BASE_FIELDS,
            "county",
            "school_year",
            "name",
            "kind",
            "stage",
            "choices_open",
            "choices_close",
            "appeals_close",
            "band_width",
        )
        read_only_fields = fields


class CompetitionRoundSerializer(RestrictedModelSerializer):
    competition_name = serializers.CharField(source="competition.name", read_only=True)

    class Meta:
        model = Round
        fields = (*BASE_FIELDS, "competition", "competition_name", "number", "run_at")
        read_only_fields = fields


class EntrySerializer(RestrictedModelSerializer):
    competition_name = serializers.CharField(source="competition.name", read_only=True)
    teacher_name = serializers.CharField(source="teacher.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    result_school_name = serializers.CharField(
        source="result_post.school.name", read_only=True, allow_null=True
    )

    class Meta:
        model = Entry
        fields = (
            *BASE_FIELDS,
            "competition",
            "competition_name",
            "teacher",
            "teacher_name",
            "school",
            "school_name",
            "subject",
            "level",
            "score",
            "title_grade",
            *_RESULT_FIELDS,
        )
        read_only_fields = fields
        extra_kwargs = {f: {"allow_null": True} for f in ("placed_on_appeal", "over_posts", "result_grade")}

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not selectors.result_shown(user=user, competition=instance.competition):
            data.update(dict.fromkeys(_RESULT_FIELDS))
        return data


class RoundResultSerializer(RestrictedModelSerializer):
    number = serializers.IntegerField(source="round.number", read_only=True)
    teacher_name = serializers.CharField(source="entry.teacher.name", read_only=True)

    class Meta:
        model = RoundResult
        fields = (
            *BASE_FIELDS,
            "round",
            "number",
            "entry",
            "teacher_name",
            "outcome",
            "post",
            "from_post",
            "took_from",
            "gave_to",
        )
        read_only_fields = fields
