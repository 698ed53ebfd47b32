"""Reads of the projects app, always through ``restrict(user, action)``; and the project figures the
indicator library computes (projects delivered, places added, money paid in a calendar year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, DecimalField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from edubureau.projects import choices as c
from edubureau.projects.models import CapitalProject, ProjectFunding, ProjectMilestone, ProjectPayment

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_sub(queryset, field: str):
    sub = queryset.order_by().values("k").annotate(s=Sum(field)).values("s")
    return Coalesce(Subquery(sub, output_field=_MONEY), Value(Decimal(0)), output_field=_MONEY)


def project_list(*, user, action: str = "view") -> QuerySet[CapitalProject]:
    """The projects the user may ``action``, with their budget and the money paid against it."""
    budget = ProjectFunding.objects.filter(project=OuterRef("pk")).annotate(k=Value(1))
    paid = ProjectPayment.objects.filter(funding__project=OuterRef("pk")).annotate(k=Value(1))
    return (
        CapitalProject.objects.restrict(user, action)
        .select_related("town", "school")
        .annotate(budget_total=_sum_sub(budget, "budget"), paid_total=_sum_sub(paid, "amount"))
    )


def project_fundings(*, project: CapitalProject) -> list[ProjectFunding]:
    """The budget lines of a project with what has been paid from each (one query)."""
    lines = list(
        ProjectFunding.objects.filter(project=project)
        .annotate(paid=Coalesce(Sum("payments__amount"), Value(Decimal(0)), output_field=_MONEY))
        .order_by("source")
    )
    for line in lines:
        line.gap = line.budget - line.paid
    return lines


def project_payments(*, project: CapitalProject) -> QuerySet[ProjectPayment]:
    return (
        ProjectPayment.objects.filter(funding__project=project)
        .select_related("funding")
        .order_by("-paid_on", "-pk")
    )


def project_milestones(*, project: CapitalProject, today: dt.date) -> list[ProjectMilestone]:
    rows = list(ProjectMilestone.objects.filter(project=project).order_by("due_on", "pk"))
    for m in rows:
        m.late = m.late_days(today)
    return rows


def late_milestones(*, user, today: dt.date) -> QuerySet[ProjectMilestone]:
    """Milestones past due and not done, of projects the user may view."""
    return (
        ProjectMilestone.objects.restrict(user, "view")
        .filter(done_on__isnull=True, due_on__lt=today)
        .select_related("project")
        .order_by("due_on")
    )


def stage_counts(queryset: QuerySet[CapitalProject]) -> list[dict]:
    counts = dict(queryset.order_by().values("stage").annotate(n=Count("pk")).values_list("stage", "n"))
    return [{"code": s.value, "label": s.label, "count": counts.get(s.value, 0)} for s in c.Stage]


# --- indicator figures ---------------------------------------------------------------------------------

#: The indicators of the library computed here (``indicators.library`` holds their definitions).
INDICATOR_CODES = ("projects_delivered", "project_places_added", "project_investment_paid")


def indicator_figures(*, county_id: int, year: int) -> list[dict]:
    """The project indicators of one county and calendar year, for the district and each town.

    ``projects_delivered``: projects whose 交付使用 date falls in the year (个); ``project_places_added``: the
    places of those projects (个); ``project_investment_paid``: payments made in the year, in 元 (the plan
    parser reads 投资6.22亿元 as 622,000,000 元; payments are kept in 万元). Three queries, whatever the number of projects.
    """
    delivered = list(
        CapitalProject.objects.filter(county_id=county_id, delivered_on__year=year).values(
            "town_id", *c.PLACE_FIELDS.values()
        )
    )
    payments = list(
        ProjectPayment.objects.filter(funding__project__county_id=county_id, paid_on__year=year)
        .values("funding__project__town_id")
        .annotate(s=Sum("amount"))
        .values_list("funding__project__town_id", "s")
    )
    out: dict[tuple[str, int | None], float] = {}

    def add(code: str, town_id: int | None, value: float) -> None:
        for key in ((code, None), (code, town_id)):
            out[key] = out.get(key, 0) + value

    for row in delivered:
        add("projects_delivered", row["town_id"], 1)
        add("project_places_added", row["town_id"], sum(row[f] for f in c.PLACE_FIELDS.values()))
    for town_id, amount in payments:
        add("project_investment_paid", town_id, float(amount) * 10000)
    for code in INDICATOR_CODES:
        out.setdefault((code, None), 0)
    return [
        {"indicator": code, "town_id": town_id, "value": round(value, 4)}
        for (code, town_id), value in sorted(out.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))
    ]
