"""Projects API (read-only), scoped through ``core.api``: staff of a town see its projects, the bureau the
county's; a project out of scope answers 404 like a missing one. Writes stay on the project pages."""

from edubureau.core.api import RestrictedReadOnlyModelViewSet
from edubureau.projects import selectors
from edubureau.projects.api import filters
from edubureau.projects.api import serializers as s
from edubureau.projects.models import CapitalProject, ProjectFunding, ProjectMilestone, ProjectPayment


class CapitalProjectViewSet(RestrictedReadOnlyModelViewSet):
    """基建项目: capital projects with their stage dates, places added, budget and money paid."""

    queryset = selectors.with_money(CapitalProject.objects.select_related("town", "school"))
    serializer_class = s.CapitalProjectSerializer
    filterset_class = filters.CapitalProjectFilterSet


class ProjectFundingViewSet(RestrictedReadOnlyModelViewSet):
    """资金来源: a project's budget lines, with what has been paid from each."""

    queryset = selectors.with_paid(ProjectFunding.objects.select_related("project"))
    serializer_class = s.ProjectFundingSerializer
    filterset_class = filters.ProjectFundingFilterSet


class ProjectPaymentViewSet(RestrictedReadOnlyModelViewSet):
    """拨付: payments against a budget line."""

    queryset = ProjectPayment.objects.select_related("funding")
    serializer_class = s.ProjectPaymentSerializer
    filterset_class = filters.ProjectPaymentFilterSet


class ProjectMilestoneViewSet(RestrictedReadOnlyModelViewSet):
    """工程节点: milestones with their due and done dates, and the days a milestone is late today."""

    queryset = ProjectMilestone.objects.select_related("project")
    serializer_class = s.ProjectMilestoneSerializer
    filterset_class = filters.ProjectMilestoneFilterSet
