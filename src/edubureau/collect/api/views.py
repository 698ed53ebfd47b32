"""Collect API (read-only), scoped through ``core.api``: the bureau sees its forms, assignments and every
school's submission status; a school only its own submissions; anything else answers 404 like a missing
row. Filling in, sending and reviewing stay on the pages."""

from edubureau.collect import selectors
from edubureau.collect.api import filters
from edubureau.collect.api import serializers as s
from edubureau.collect.models import Assignment, Form, Submission
from edubureau.core.api import RestrictedReadOnlyModelViewSet


class FormViewSet(RestrictedReadOnlyModelViewSet):
    """填报表单: the forms the bureau asks schools to fill in."""

    queryset = Form.objects.select_related("lead_department")
    serializer_class = s.FormSerializer
    filterset_class = filters.FormFilterSet


class AssignmentViewSet(RestrictedReadOnlyModelViewSet):
    """填报任务: a form sent to schools for one period, with how many have sent and had accepted it."""

    # Meta.ordering does not apply to a grouped (counting) query: the order is spelled out.
    queryset = selectors.with_progress(Assignment.objects.select_related("form")).order_by("-due_on", "id")
    serializer_class = s.AssignmentSerializer
    filterset_class = filters.AssignmentFilterSet


class SubmissionViewSet(RestrictedReadOnlyModelViewSet):
    """填报: each school's submission — its status, when it was sent (late or not) and reviewed."""

    queryset = Submission.objects.select_related("assignment__form", "school")
    serializer_class = s.SubmissionSerializer
    filterset_class = filters.SubmissionFilterSet
