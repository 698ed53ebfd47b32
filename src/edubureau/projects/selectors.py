"""Reads of the projects app, always through ``restrict(user, action)``; and the project figures the
indicator library computes (projects delivered, places added, money paid in a calendar year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from edubureau.projects import choices as c
from edubureau.projects import projection
from edubureau.projects.models import CapitalProject, ProjectFunding, ProjectMilestone, ProjectPayment
from edubureau.registry.choices import KIND_LEVELS, AreaKind, EnrollmentStatus
from edubureau.registry.models import Area, Enrollment, Population, School

_MONEY = DecimalField(max_digits=14, decimal_places=2)


def _sum_sub(queryset, field: str):
    sub = queryset.order_by().values("k").annotate(s=Sum(field)).values("s")
    return Coalesce(Subquery(sub, output_field=_MONEY), Value(Decimal(0)), output_field=_MONEY)


def with_money(projects: QuerySet[CapitalProject]) -> QuerySet[CapitalProject]:
    """``projects`` with ``budget_total`` and ``paid_total``: their budget and the money paid against it."""
    budget = ProjectFunding.objects.filter(project=OuterRef("pk")).annotate(k=Value(1))
    paid = ProjectPayment.objects.filter(funding__project=OuterRef("pk")).annotate(k=Value(1))
    return projects.annotate(budget_total=_sum_sub(budget, "budget"), paid_total=_sum_sub(paid, "amount"))


def project_list(*, user, action: str = "view") -> QuerySet[CapitalProject]:
    """The projects the user may ``action``, with their budget and the money paid against it."""
    return with_money(CapitalProject.objects.restrict(user, action).select_related("town", "school"))


def with_paid(lines: QuerySet[ProjectFunding]) -> QuerySet[ProjectFunding]:
    """Budget lines with ``paid``, the money paid from each, and ``gap``, what is still to be paid (in the
    same query)."""
    paid = ProjectPayment.objects.filter(funding=OuterRef("pk")).annotate(k=Value(1))
    return lines.annotate(paid=_sum_sub(paid, "amount")).annotate(
        gap=ExpressionWrapper(F("budget") - F("paid"), output_field=_MONEY)
    )


def project_fundings(*, project: CapitalProject) -> list[ProjectFunding]:
    """The budget lines of a project with what has been paid from each (one query)."""
    return list(with_paid(ProjectFunding.objects.filter(project=project)).order_by("source"))


def project_payments(*, project: CapitalProject) -> QuerySet[ProjectPayment]:
    return (
        ProjectPayment.objects.filter(funding__project=project)
        .select_related("funding")
        .order_by("-paid_on", "-pk")
    )


def project_milestones(*, project: CapitalProject, today: dt.date) -> list[ProjectMilestone]:
    rows = list(
        ProjectMilestone.objects.filter(project=project).prefetch_related("files").order_by("due_on", "pk")
    )
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


# --- places against demand ----------------------------------------------------------------------------

#: Pupils a class may hold before its excess counts as places short (标准班额: 小学45人, 初中50人).
CLASS_STANDARD = {"primary": 45, "junior": 50}
LEVEL_LABELS = {"preschool": _("Kindergarten"), "primary": _("Primary"), "junior": _("Junior secondary")}


def _capacity_by_level(
    schools: list[dict], enrolled: dict[tuple[int, str], int]
) -> dict[tuple[int, str], float]:
    """(town id, level) → places: each school's approved capacity, split over the levels it teaches by
    its pupils in the latest year (evenly when it has none yet); levels outside the projection dropped."""
    out: dict[tuple[int, str], float] = {}
    for s in schools:
        levels = [str(lv) for lv in KIND_LEVELS.get(s["kind"], ())]
        if not levels or not s["capacity"]:
            continue
        pupils = {lv: enrolled.get((s["id"], lv), 0) for lv in levels}
        total = sum(pupils.values())
        for lv in levels:
            if lv not in projection.CHAIN:
                continue
            share = pupils[lv] / total if total else 1 / len(levels)
            out[(s["area_id"], lv)] = out.get((s["area_id"], lv), 0) + s["capacity"] * share
    return out


def _added(projects, level: str, by: dt.date) -> int:
    """Places of ``level`` the undelivered ``projects`` add by ``by`` (their planned delivery on or before)."""
    return sum(
        getattr(p, c.PLACE_FIELDS[level])
        for p in projects
        if p.planned_delivery is not None and p.planned_delivery <= by
    )


def seat_balance(*, user, horizon: int = 5) -> dict:
    """Demand (cohort-survival projection) against places, by town, level and school year, with the
    undelivered projects that add places in each town. Five queries, whatever the size of the district."""
    levels = list(projection.CHAIN)
    enrol_rows = (
        Enrollment.objects.restrict(user, "view")
        .filter(status=EnrollmentStatus.ENROLLED, level__in=levels)
        .values_list("school__area_id", "school_id", "school_year", "level", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    history: dict[int, dict[int, dict]] = {}
    by_school: dict[tuple[int, str], int] = {}
    years = set()
    raw = list(enrol_rows)
    latest = max((int(r[2][:4]) for r in raw), default=None)
    for town_id, school_id, school_year, level, grade, n in raw:
        t = int(school_year[:4])
        years.add(t)
        counts = history.setdefault(town_id, {}).setdefault(t, {})
        counts[(level, grade)] = counts.get((level, grade), 0) + n
        if t == latest:
            by_school[(school_id, level)] = by_school.get((school_id, level), 0) + n
    # pupils above the class standard in the latest year (45 a primary class, 50 a junior one): places
    # short inside the schools, which the approved capacity does not show
    large: dict[tuple[int, str], int] = {}
    if latest is not None:
        for town_id, level, n in (
            Enrollment.objects.restrict(user, "view")
            .filter(
                status=EnrollmentStatus.ENROLLED,
                school_year=f"{latest}-{latest + 1}",
                level__in=list(CLASS_STANDARD),
                school_class__isnull=False,
            )
            .values_list("school__area_id", "level", "school_class_id")
            .annotate(n=Count("pk"))
            .order_by()
            .values_list("school__area_id", "level", "n")
        ):
            if n > CLASS_STANDARD[level]:
                large[(town_id, level)] = large.get((town_id, level), 0) + n - CLASS_STANDARD[level]
    pop: dict[int, dict[tuple[int, int], int]] = {}
    for area_id, year, age, count in (
        Population.objects.restrict(user, "view")
        .filter(group="")
        .values_list("area_id", "year", "age", "count")
    ):
        pop.setdefault(area_id, {})[(year, age)] = count
    schools = list(
        School.objects.restrict(user, "view")
        .filter(is_active=True)
        .values("id", "area_id", "kind", "capacity")
    )
    capacity = _capacity_by_level(schools, by_school)
    pending = list(
        CapitalProject.objects.restrict(user, "view")
        .filter(capacity_applied=False)
        .select_related("school")
        .order_by("planned_delivery", "name")
    )
    towns = Area.objects.restrict(user, "view").filter(kind=AreaKind.TOWN, pk__in=history).order_by("code")
    out = []
    for town in towns:
        hist = history[town.pk]
        base = max(hist)
        future = projection.project(hist, pop.get(town.pk, {}), horizon)
        series = {
            base: projection.by_level(hist[base]),
            **{t: projection.by_level(c_) for t, c_ in future.items()},
        }
        town_projects = [p for p in pending if p.town_id == town.pk and p.places]
        rows = []
        for level in levels:
            cells = []
            for t in sorted(series):
                added = _added(town_projects, level, dt.date(t, 9, 1))
                added_late = _added(town_projects, level, dt.date(t - 1, 9, 1))  # each a year late
                existing = round(capacity.get((town.pk, level), 0))
                places = existing + added
                demand = series[t].get(level, 0)
                cells.append({"year": t, "demand": demand, "places": places, "added": added,
                              "gap": demand - places, "places_late": existing + added_late,
                              "gap_late": demand - existing - added_late})  # fmt: skip
            rows.append({"level": level, "label": LEVEL_LABELS[level], "cells": cells,
                         "large": large.get((town.pk, level), 0)})  # fmt: skip
        shortfall = max((cell["gap"] for r in rows for cell in r["cells"]), default=0)
        shortfall_late = max((cell["gap_late"] for r in rows for cell in r["cells"]), default=0)
        chart = {
            "years": [str(t) for t in sorted(series)],
            "levels": [
                {
                    "label": str(r["label"]),
                    "demand": [cell["demand"] for cell in r["cells"]],
                    "places": [cell["places"] for cell in r["cells"]],
                    "places_late": [cell["places_late"] for cell in r["cells"]],
                }
                for r in rows
            ],
        }
        out.append({"town": town, "rows": rows, "projects": town_projects, "shortfall": max(shortfall, 0),
                    "large": sum(r["large"] for r in rows),
                    "shortfall_late": max(shortfall_late, 0), "chart": chart})  # fmt: skip
    whole: dict[int, dict] = {}
    whole_pop: dict[tuple[int, int], int] = {}
    for town_id, hist in history.items():
        for t, counts in hist.items():
            row = whole.setdefault(t, {})
            for key, n in counts.items():
                row[key] = row.get(key, 0) + n
        for key, n in pop.get(town_id, {}).items():
            whole_pop[key] = whole_pop.get(key, 0) + n
    backtest = [
        {"level": level, "label": LEVEL_LABELS[level], "percent": round(figures["error"] * 100, 2), **figures}
        for level, figures in projection.backtest(whole, whole_pop).items()
    ] if len(whole) > 1 else []  # fmt: skip
    return {
        "towns": out,
        "years": sorted(series) if out else [],
        "base_year": latest,
        "backtest": sorted(backtest, key=lambda r: levels.index(r["level"])),
    }


# --- milestones at a glance (ledger, 通报) ---------------------------------------------------------------


def milestone_summary(*, project_ids, day: dt.date, codes: bool = False) -> dict[int, dict]:
    """{project id: {"last": (kind, done_on) or None, "next": (kind, due_on, days late) or None}} as it
    stood on ``day``, the kind as its label (or its code, ``codes``): one query. The ledger .xlsx and the
    monthly 通报 both read it."""
    out: dict[int, dict] = {pid: {"last": None, "next": None} for pid in project_ids}
    labels = {k: k for k in c.MilestoneKind.values} if codes else dict(c.MilestoneKind.choices)
    for pid, kind, due, done in (
        ProjectMilestone.objects.filter(project_id__in=list(out))
        .order_by("project_id", "due_on", "pk")
        .values_list("project_id", "kind", "due_on", "done_on")
    ):
        row = out[pid]
        if done is not None and done <= day:
            if row["last"] is None or done >= row["last"][1]:
                row["last"] = (str(labels[kind]), done)
        elif row["next"] is None:
            row["next"] = (str(labels[kind]), due, max(0, (day - due).days))
    return out


def earmark_lines(*, task, user) -> list:
    """The earmarked budget lines of a task the user may view, with paid and gap (one query), and their
    payments (one more)."""
    from edubureau.projects.models import EarmarkLine, EarmarkPayment

    lines = list(
        EarmarkLine.objects.restrict(user, "view")
        .filter(task=task)
        .annotate(paid=Coalesce(Sum("payments__amount"), Value(Decimal(0)), output_field=_MONEY))
        .order_by("id")
    )
    payments: dict[int, list] = {}
    for p in EarmarkPayment.objects.filter(line__in=lines).order_by("paid_on", "pk"):
        payments.setdefault(p.line_id, []).append(p)
    for line in lines:
        line.gap = line.budget - line.paid
        line.payment_rows = payments.get(line.pk, [])
    return lines


def late_next_milestones(*, user, county_id: int, today: dt.date) -> list[dict]:
    """The county's undelivered projects the user may view whose next milestone (the earliest not done)
    is past due, the latest first: what makes a task bound to projects yellow or red (``tracking``)."""
    rows = (
        ProjectMilestone.objects.restrict(user, "view")
        .filter(project__county_id=county_id, done_on__isnull=True)
        .exclude(project__stage=c.Stage.DELIVERED)
        .select_related("project")
        .order_by("project_id", "due_on", "pk")
    )
    out, seen = [], set()
    for m in rows:
        if m.project_id in seen:
            continue
        seen.add(m.project_id)
        late = (today - m.due_on).days
        if late > 0:
            out.append({"project": m.project, "milestone": m, "late": late})
    return sorted(out, key=lambda r: -r["late"])
