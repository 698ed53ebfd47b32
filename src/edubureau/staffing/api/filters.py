"""Query filters of the staffing API (``?competition=2&school=3``); related rows by id, as in
``registry.api.filters``."""

from edubureau.core.filters import FilterSet, IntegerFilter
from edubureau.staffing.models import Competition, Entry, Round, RoundResult


class CompetitionFilterSet(FilterSet):
    class Meta:
        model = Competition
        fields = ["school_year", "kind", "stage"]


class RoundFilterSet(FilterSet):
    competition = IntegerFilter(field_name="competition_id")

    class Meta:
        model = Round
        fields = ["competition", "number"]


class EntryFilterSet(FilterSet):
    competition = IntegerFilter(field_name="competition_id")
    school = IntegerFilter(field_name="school_id")
    teacher = IntegerFilter(field_name="teacher_id")

    class Meta:
        model = Entry
        fields = ["competition", "school", "teacher", "subject", "level"]


class RoundResultFilterSet(FilterSet):
    round = IntegerFilter(field_name="round_id")
    competition = IntegerFilter(field_name="round__competition_id")
    entry = IntegerFilter(field_name="entry_id")

    class Meta:
        model = RoundResult
        fields = ["round", "competition", "entry", "outcome"]
