"""Evaluation API (read-only), scoped through ``core.api``: the bureau sees the rounds, sheets and scores
of its county; a school only its own sheet and scores, once the round is published
(``selectors.published_for_schools``); anything else answers 404 like a missing row."""

from edubureau.core.api import RestrictedReadOnlyModelViewSet
from edubureau.evaluation import selectors
from edubureau.evaluation.api import filters
from edubureau.evaluation.api import serializers as s
from edubureau.evaluation.models import Round, RoundSchool, Score


class RoundViewSet(RestrictedReadOnlyModelViewSet):
    """考评轮次: evaluation rounds and their workflow status (the bureau's)."""

    queryset = Round.objects.select_related("scheme")
    serializer_class = s.EvaluationRoundSerializer
    filterset_class = filters.RoundFilterSet


class RoundSchoolViewSet(RestrictedReadOnlyModelViewSet):
    """考评表: each school's result in a round — total score, position band and tier."""

    queryset = RoundSchool.objects.select_related("round", "school")
    serializer_class = s.RoundSchoolSerializer
    filterset_class = filters.RoundSchoolFilterSet

    def get_queryset(self):
        return selectors.published_for_schools(super().get_queryset(), user=self.request.user)


class ScoreViewSet(RestrictedReadOnlyModelViewSet):
    """评分: the score of each leaf criterion of a sheet, with its raw value and where it came from."""

    queryset = Score.objects.select_related("sheet", "criterion")
    serializer_class = s.ScoreSerializer
    filterset_class = filters.ScoreFilterSet

    def get_queryset(self):
        return selectors.published_for_schools(
            super().get_queryset(), user=self.request.user, round_lookup="sheet__round"
        )
