"""Staffing API (read-only), scoped through ``core.api``: the teacher service centre and the bureau see the
competitions, rounds and results of their county; a school its own teachers' entries, a teacher only her
own (``selectors.entries_visible``); anything else answers 404 like a missing row. Preferences and appeals
stay on the pages."""

from edubureau.core.api import RestrictedReadOnlyModelViewSet
from edubureau.staffing import selectors
from edubureau.staffing.api import filters
from edubureau.staffing.api import serializers as s
from edubureau.staffing.models import Competition, Entry, Round, RoundResult


class CompetitionViewSet(RestrictedReadOnlyModelViewSet):
    """区管校聘竞聘: post competitions with their stage and windows."""

    queryset = Competition.objects.all()
    serializer_class = s.CompetitionSerializer
    filterset_class = filters.CompetitionFilterSet


class RoundViewSet(RestrictedReadOnlyModelViewSet):
    """竞聘轮次: the rounds a competition has run."""

    queryset = Round.objects.select_related("competition")
    serializer_class = s.CompetitionRoundSerializer
    filterset_class = filters.RoundFilterSet


class EntryViewSet(RestrictedReadOnlyModelViewSet):
    """参聘: each teacher's entry — school, subject, score, and her result once it may be shown."""

    queryset = Entry.objects.select_related("competition", "teacher", "school", "result_post__school")
    serializer_class = s.EntrySerializer
    filterset_class = filters.EntryFilterSet

    def get_queryset(self):
        return selectors.entries_visible(super().get_queryset(), user=self.request.user)


class RoundResultViewSet(RestrictedReadOnlyModelViewSet):
    """Each teacher's outcome in each round, with the exchange moves."""

    queryset = RoundResult.objects.select_related("round", "entry__teacher")
    serializer_class = s.RoundResultSerializer
    filterset_class = filters.RoundResultFilterSet
