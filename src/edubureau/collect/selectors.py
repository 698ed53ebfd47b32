"""Data-collection reads, always through ``restrict``: a school sees only its own submissions."""

from __future__ import annotations

from django.db.models import Count, Q

from edubureau.collect.choices import SENT, SubmissionStatus
from edubureau.collect.models import Assignment, Form, Submission


def form_list(*, user):
    return (
        Form.objects.restrict(user, "view")
        .select_related("lead_department")
        .annotate(assignment_count=Count("assignments", distinct=True))
        .order_by("title", "id")
    )


def assignment_list(*, user, form: Form | None = None):
    qs = Assignment.objects.restrict(user, "view").select_related("form")
    if form is not None:
        qs = qs.filter(form=form)
    return with_progress(qs).order_by("-due_on", "id")


def with_progress(assignments):
    """Assignments with the number of ``schools`` asked, of those that ``sent`` their figures and of those
    ``accepted`` (in the same query)."""
    return assignments.annotate(
        schools=Count("submissions"),
        sent=Count("submissions", filter=Q(submissions__status__in=SENT)),
        accepted=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)),
    )


def submission_list(*, user, action: str = "view"):
    return (
        Submission.objects.restrict(user, action)
        .select_related("assignment__form", "school__area", "form_version")
        .order_by("assignment__due_on", "school__code", "id")
    )


def assignment_progress(*, user, assignment: Assignment) -> dict:
    """Who has and has not submitted: counts by state, and the late ones (sent after the due date)."""
    rows = list(submission_list(user=user).filter(assignment=assignment))
    counts = {s: 0 for s in SubmissionStatus.values}
    late = 0
    for r in rows:
        counts[r.status] += 1
        late += r.is_late()
    return {"rows": rows, "counts": counts, "late": late, "total": len(rows),
            "missing": counts["pending"] + counts["draft"] + counts["returned"]}  # fmt: skip
