"""Pure checks of the 挂牌督导 organisation and of visit coverage (no ORM: plain facts in, problems out).

Rules (domain-rules §1): every school has a 责任督学 (error); about 5 schools per supervisor (warning above
5, not a hard limit); at most 20 schools per 督学责任区 (教督〔2012〕7号); periodic rotation (定期交流) —
the interval is local practice, ``ROTATION_YEARS`` (unverified: confirm with the 督导室); at least one
visit per school per calendar month (每月不得少于1次).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import pgettext_lazy

MAX_SCHOOLS_PER_SUPERVISOR = 5
MAX_SCHOOLS_PER_ZONE = 20
ROTATION_YEARS = 3
ERROR, WARNING = "error", "warning"
LEVEL_LABELS = {
    ERROR: pgettext_lazy("check level", "error"),
    WARNING: pgettext_lazy("check level", "warning"),
}


@dataclass(frozen=True)
class AssignmentFact:
    """A current assignment, as the checks need it."""

    school_id: int
    supervisor_id: int
    supervisor_name: str
    zone_id: int
    zone_name: str
    starts_on: dt.date


@dataclass(frozen=True)
class Problem:
    level: str
    code: str
    message: str
    school_id: int | None = None
    supervisor_id: int | None = None
    zone_id: int | None = None

    @property
    def level_label(self) -> str:
        return str(LEVEL_LABELS[self.level])


def _years_between(start: dt.date, end: dt.date) -> int:
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def organisation_check(
    *, schools: Mapping[int, str], assignments: Iterable[AssignmentFact], today: dt.date
) -> list[Problem]:
    """Errors and warnings about who supervises what, errors first."""
    problems: list[Problem] = []
    assignments = list(assignments)
    covered = {a.school_id for a in assignments}
    for school_id, name in schools.items():
        if school_id not in covered:
            problems.append(Problem(ERROR, "no_supervisor", f"{name}：没有责任督学。", school_id=school_id))
    by_supervisor: dict[int, set[int]] = defaultdict(set)
    names = {}
    by_zone: dict[int, set[int]] = defaultdict(set)
    zone_names = {}
    for a in assignments:
        by_supervisor[a.supervisor_id].add(a.school_id)
        names[a.supervisor_id] = a.supervisor_name
        by_zone[a.zone_id].add(a.school_id)
        zone_names[a.zone_id] = a.zone_name
        years = _years_between(a.starts_on, today)
        if years >= ROTATION_YEARS:
            problems.append(
                Problem(
                    WARNING,
                    "rotation_due",
                    f"{a.supervisor_name}负责{schools.get(a.school_id, a.school_id)}已满{years}年，应定期交流。",
                    school_id=a.school_id,
                    supervisor_id=a.supervisor_id,
                )
            )
    for supervisor_id, school_ids in by_supervisor.items():
        if len(school_ids) > MAX_SCHOOLS_PER_SUPERVISOR:
            problems.append(
                Problem(
                    WARNING,
                    "too_many_schools",
                    f"{names[supervisor_id]}负责{len(school_ids)}所学校，超过{MAX_SCHOOLS_PER_SUPERVISOR}所左右的标准。",
                    supervisor_id=supervisor_id,
                )
            )
    for zone_id, school_ids in by_zone.items():
        if len(school_ids) > MAX_SCHOOLS_PER_ZONE:
            problems.append(
                Problem(
                    WARNING,
                    "zone_too_large",
                    f"{zone_names[zone_id]}有{len(school_ids)}所学校，超过{MAX_SCHOOLS_PER_ZONE}所。",
                    zone_id=zone_id,
                )
            )
    return sorted(problems, key=lambda p: (p.level != ERROR, p.code, p.message))


#: 暑假: schools are closed in July and August; a month then without a visit is no missed month.
HOLIDAY_MONTHS = frozenset({7, 8})


def is_holiday_month(month: str) -> bool:
    """Whether ``month`` (2019-07) falls in the summer holidays."""
    return int(month[5:7]) in HOLIDAY_MONTHS


def coverage_check(*, schools: Mapping[int, str], visited: Iterable[int], month: str) -> list[Problem]:
    """The schools with no visit in ``month`` (2019-04): 每月不得少于1次, in term time."""
    if is_holiday_month(month):
        return []
    seen = set(visited)
    return [
        Problem(
            WARNING,
            "no_visit_this_month",
            f"{name}：{int(month[:4])}年{int(month[5:7])}月尚无督导记录。",
            school_id=school_id,
        )
        for school_id, name in schools.items()
        if school_id not in seen
    ]


def month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def months_back(today: dt.date, count: int) -> list[str]:
    """The ``count`` calendar months ending with today's, oldest first."""
    year, month = today.year, today.month
    out = []
    for _ in range(count):
        out.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return out[::-1]


def median(values: Sequence[float]) -> float | None:
    ordered = sorted(values)
    if not ordered:
        return None
    mid = len(ordered) // 2
    return float(ordered[mid]) if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def cycle_plan(
    *, schools: Sequence[tuple[int, str]], years: Sequence[int], fixed: Mapping[int, int] | None = None
) -> dict[int, int]:
    """三年一轮: a year for every school, once per cycle, balanced across the years (the counts differ by
    at most one, given the fixed choices allow it) and, within a group (a town, a level), spread too.

    ``schools`` are (id, group); ``fixed`` the years already chosen by hand, which are kept.
    """
    if not years:
        raise ValueError("a cycle needs at least one year")
    fixed = {k: v for k, v in (fixed or {}).items() if v in years}
    plan = dict(fixed)
    total: dict[int, int] = dict.fromkeys(years, 0)
    group_counts: dict[tuple[str, int], int] = defaultdict(int)
    groups = dict(schools)
    for school_id, year in fixed.items():
        total[year] += 1
        group_counts[(groups.get(school_id, ""), year)] += 1
    for school_id, group in sorted(schools, key=lambda s: (s[1], s[0])):
        if school_id in plan:
            continue
        year = min(years, key=lambda y: (total[y], group_counts[(group, y)], y))
        plan[school_id] = year
        total[year] += 1
        group_counts[(group, year)] += 1
    return plan
