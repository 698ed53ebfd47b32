"""Supervision reads. Every function starts from ``restrict(user, action)``; the oversight page's tallies
are SQL aggregates (one per figure), whatever the number of schools."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from edubureau.core import clock
from edubureau.registry.choices import SchoolKind
from edubureau.registry.models import School
from edubureau.supervision import checks
from edubureau.supervision.choices import AWAITING_SCHOOL, UNFINISHED, RectificationStatus
from edubureau.supervision.models import (
    CycleSlot,
    EvaluationCycle,
    Finding,
    PlannedVisit,
    Rectification,
    SupervisionZone,
    Supervisor,
    SupervisorAssignment,
    Visit,
)


def visit_list(*, user, action: str = "view") -> QuerySet[Visit]:
    """Visit records the user may see, with school and supervisor, and their finding count."""
    return (
        Visit.objects.restrict(user, action)
        .select_related("school", "supervisor")
        .annotate(finding_count=Count("findings"))
        .order_by("-visited_at", "-id")
    )


def rectification_list(*, user, action: str = "view") -> QuerySet[Rectification]:
    return (
        Rectification.objects.restrict(user, action)
        .select_related("school", "finding__visit__supervisor")
        .order_by("status", "deadline", "id")
    )


def finding_list(*, user) -> QuerySet[Finding]:
    return Finding.objects.restrict(user).select_related("school", "visit", "rectification")


def visit_detail(*, visit: Visit) -> dict:
    findings = list(visit.findings.select_related("rectification").order_by("id"))
    return {
        "checklist": list(visit.checklist.all()),
        "files": list(visit.files.all()),
        "findings": findings,
    }


def rectification_detail(*, rectification: Rectification) -> dict:
    return {
        "answers": list(rectification.answers.select_related("author").prefetch_related("files")),
        "urges": list(rectification.urges.all()),
    }


def supervised_schools(*, user) -> QuerySet[School]:
    """The open schools under 挂牌督导 that the user may see: 中小学校 (《中小学校责任督学挂牌督导办法》,
    国教督办〔2013〕7号, covers 小学, 初中, 高中 and the county's other schools), not kindergartens."""
    return School.objects.restrict(user).filter(is_active=True).exclude(kind=SchoolKind.KINDERGARTEN)


def my_schools(*, user) -> QuerySet[School]:
    """The schools a supervisor visits (current assignments), or every school the user may see."""
    schools = supervised_schools(user=user).select_related("area")
    profile = getattr(user, "supervisor_profile", None) if user.is_authenticated else None
    if profile is not None:
        schools = schools.filter(
            supervisor_assignments__supervisor=profile, supervisor_assignments__ends_on__isnull=True
        )
    return schools.order_by("code")


def current_supervisors(*, schools) -> dict[int, SupervisorAssignment]:
    """The current assignment of each school (one query)."""
    return {
        a.school_id: a
        for a in SupervisorAssignment.objects.filter(school__in=schools, ends_on__isnull=True).select_related(
            "supervisor", "zone"
        )
    }


def supervisor_list(*, user) -> QuerySet[Supervisor]:
    return (
        Supervisor.objects.restrict(user)
        .annotate(
            school_count=Count("assignments", filter=Q(assignments__ends_on__isnull=True), distinct=True),
        )
        .order_by("name", "id")
    )


def zone_list(*, user) -> QuerySet[SupervisionZone]:
    return (
        SupervisionZone.objects.restrict(user)
        .select_related("lead")
        .annotate(
            school_count=Count("assignments", filter=Q(assignments__ends_on__isnull=True), distinct=True)
        )
        .order_by("name")
    )


def organisation_problems(*, user, today: dt.date | None = None) -> list[checks.Problem]:
    """The organisation checks over the schools the user may see."""
    today = today or clock.today()
    schools = dict(supervised_schools(user=user).values_list("pk", "name"))
    facts = [
        checks.AssignmentFact(*row)
        for row in SupervisorAssignment.objects.filter(
            school_id__in=schools, ends_on__isnull=True
        ).values_list("school_id", "supervisor_id", "supervisor__name", "zone_id", "zone__name", "starts_on")
    ]
    return checks.organisation_check(schools=schools, assignments=facts, today=today)


def _month_key(value) -> str:
    return checks.month_of(value.date() if isinstance(value, dt.datetime) else value)


def oversight(*, user, today: dt.date | None = None, months: int = 12) -> dict:
    """督导 oversight: coverage per school per month, visits per supervisor, rectification counts, median
    days to close, schools without a visit this month, and the organisation checks."""
    today = today or clock.today()
    month_keys = checks.months_back(today, months)
    first = dt.date.fromisoformat(f"{month_keys[0]}-01")
    schools = list(
        supervised_schools(user=user).order_by("area__code", "code").values("pk", "name", "area__name")
    )
    visits = Visit.objects.restrict(user).filter(
        visited_at__gte=timezone.make_aware(dt.datetime.combine(first, dt.time.min))
    )
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        visits.annotate(month=TruncMonth("visited_at")).values("school_id", "month").annotate(n=Count("id"))
    ):
        counts[row["school_id"]][_month_key(row["month"])] = row["n"]
    this_month = checks.month_of(today)
    # A summer month without a visit is a holiday (None), not a miss (0).
    holidays = {m for m in month_keys if checks.is_holiday_month(m)}
    heatmap = [
        {"school": s, "cells": [counts[s["pk"]].get(m, None if m in holidays else 0) for m in month_keys]}
        for s in schools
    ]
    without = checks.coverage_check(
        schools={s["pk"]: s["name"] for s in schools},
        visited=[pk for pk, c in counts.items() if c.get(this_month)],
        month=this_month,
    )
    year_start = timezone.make_aware(dt.datetime(today.year, 1, 1))
    per_supervisor = list(
        Visit.objects.restrict(user)
        .filter(visited_at__gte=year_start)
        .values("supervisor_id", "supervisor__name")
        .annotate(
            visits=Count("id"),
            this_month=Count(
                "id", filter=Q(visited_at__gte=timezone.make_aware(dt.datetime(today.year, today.month, 1)))
            ),
            schools=Count("school", distinct=True),
        )
        .order_by("-visits", "supervisor__name")
    )
    rects = Rectification.objects.restrict(user)
    tally = rects.aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status__in=UNFINISHED)),
        awaiting_school=Count("id", filter=Q(status__in=AWAITING_SCHOOL)),
        answered=Count("id", filter=Q(status=RectificationStatus.ANSWERED)),
        overdue=Count("id", filter=Q(status__in=AWAITING_SCHOOL, deadline__lt=today)),
        closed=Count("id", filter=Q(status=RectificationStatus.CLOSED)),
        red=Count("id", filter=Q(status__in=UNFINISHED, urge_level=3)),
    )
    durations = [
        (closed - created).total_seconds() / 86400
        for created, closed in rects.filter(status=RectificationStatus.CLOSED).values_list(
            "created_at", "closed_at"
        )
    ]
    median_days = checks.median(durations)
    return {
        "months": month_keys,
        "this_month": this_month,
        "heatmap": heatmap,
        "max_cell": max((c for row in heatmap for c in row["cells"] if c), default=0),
        "without_visit": without,
        "per_supervisor": per_supervisor,
        "rectifications": tally,
        "median_days": round(median_days, 1) if median_days is not None else None,
        "visits_this_month": sum(counts[s["pk"]].get(this_month, 0) for s in schools),
        "school_count": len(schools),
    }


def planned_visits(*, user, month: str) -> QuerySet[PlannedVisit]:
    return (
        PlannedVisit.objects.restrict(user)
        .filter(month=month)
        .select_related("school", "supervisor", "visit")
        .order_by("planned_on", "school__code")
    )


def cycle_list(*, user) -> QuerySet[EvaluationCycle]:
    return EvaluationCycle.objects.restrict(user).select_related("county").annotate(slot_count=Count("slots"))


#: Schools of the planner on one page (each with its move form); a county's ~200 fit on one.
CYCLE_SLOTS_PER_PAGE = 200


def cycle_grid(*, cycle: EvaluationCycle, user, page: str | int | None = 1) -> dict:
    """The cycle's schools by year, with the count per year over the whole cycle (balance at a glance);
    the schools themselves one page at a time (``page``), in year order."""
    slots = (
        CycleSlot.objects.restrict(user)
        .filter(cycle=cycle)
        .select_related("school__area")
        .order_by("year", "school__area__code", "school__code", "pk")
    )
    counts = dict(slots.order_by().values_list("year").annotate(n=Count("pk")))
    page_obj = Paginator(slots, CYCLE_SLOTS_PER_PAGE).get_page(page)
    by_year = {y: [] for y in cycle.year_range}
    for slot in page_obj.object_list:
        by_year.setdefault(slot.year, []).append(slot)
    columns = [(y, year_slots, counts.get(y, 0)) for y, year_slots in by_year.items()]
    return {"by_year": by_year, "columns": columns, "slots": page_obj.object_list, "page_obj": page_obj}


def monthly_report_data(*, user, month: str) -> dict:
    """The figures of a monthly supervision report (督导月报) over the user's scope."""
    year, mon = (int(p) for p in month.split("-"))
    start = timezone.make_aware(dt.datetime(year, mon, 1))
    end = timezone.make_aware(dt.datetime(year + (mon == 12), mon % 12 + 1, 1))
    visits = list(visit_list(user=user).filter(visited_at__gte=start, visited_at__lt=end))
    schools = dict(supervised_schools(user=user).values_list("pk", "name"))
    visited = {v.school_id for v in visits}
    findings = list(
        Finding.objects.restrict(user)
        .filter(visit__visited_at__gte=start, visit__visited_at__lt=end)
        .select_related("school")
        .prefetch_related(Prefetch("rectification"))
    )
    last_day = (end - dt.timedelta(days=1)).date()
    return {
        "month": month,
        "visits": visits,
        "schools": schools,
        "without": checks.coverage_check(schools=schools, visited=visited, month=month),
        "findings": findings,
        "oversight": oversight(user=user, today=last_day, months=1),
    }
