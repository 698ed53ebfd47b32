"""Query filters of the evaluation API (``?round=2&tier=good``); related rows by id, as in
``registry.api.filters``."""

from edubureau.core.filters import FilterSet, IntegerFilter
from edubureau.evaluation.models import Round, RoundSchool, Score


class RoundFilterSet(FilterSet):
    scheme = IntegerFilter(field_name="scheme_id")

    class Meta:
        model = Round
        fields = ["scheme", "year", "school_year", "status"]


class RoundSchoolFilterSet(FilterSet):
    round = IntegerFilter(field_name="round_id")
    year = IntegerFilter(field_name="round__year")
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")

    class Meta:
        model = RoundSchool
        fields = ["round", "year", "school", "town", "tier", "band"]


class ScoreFilterSet(FilterSet):
    sheet = IntegerFilter(field_name="sheet_id")
    round = IntegerFilter(field_name="sheet__round_id")
    school = IntegerFilter(field_name="sheet__school_id")
    criterion = IntegerFilter(field_name="criterion_id")

    class Meta:
        model = Score
        fields = ["sheet", "round", "school", "criterion"]
