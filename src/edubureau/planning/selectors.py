"""Work-plan reads. Every function starts from ``restrict(user, action)``; the dashboard's tallies are SQL
aggregates and its task table one query plus one prefetch, whatever the plan's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from edubureau.core import clock
from edubureau.core.periods import SchoolYear
from edubureau.indicators import selectors as indicator_selectors
from edubureau.indicators.library import LIBRARY
from edubureau.planning import schedule, scoring
from edubureau.planning import target_values as target_values_
from edubureau.planning.choices import OPEN_STATUSES, Light, TaskStatus
from edubureau.planning.models import (
    DepartmentScoreRule,
    ExtensionRequest,
    Plan,
    ProgressReport,
    Target,
    Task,
    UrgeNotice,
)
from edubureau.planning.target_values import NO_DECREASE
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, Department


def _light_counts(tasks: str) -> dict:
    """COUNT annotations over the related ``tasks``: all, per light, and closed."""

    def count(**condition):
        return Count(
            tasks, filter=Q(**{f"{tasks}__{k}": v for k, v in condition.items()}) if condition else None
        )

    return {
        "task_count": count(),
        "green": count(light=Light.GREEN),
        "yellow": count(light=Light.YELLOW),
        "red": count(light=Light.RED),
        "closed": count(status=TaskStatus.CLOSED),
    }


def plan_list(*, user, action: str = "view") -> QuerySet[Plan]:
    """Plans the user may see, with their task tallies."""
    return (
        Plan.objects.restrict(user, action)
        .select_related("county")
        .annotate(**_light_counts("tasks"))
        .order_by("-year", "-id")
    )


def task_list(*, user, action: str = "view") -> QuerySet[Task]:
    """Tasks the user may see, with what a task row shows (plan, section, lead units) in two queries."""
    return (
        Task.objects.restrict(user, action)
        .select_related("plan", "section")
        .prefetch_related(Prefetch("lead_units", queryset=Department.objects.order_by("sort_order", "name")))
        .order_by("plan", "number")
    )


def my_tasks(*, user) -> QuerySet[Task]:
    """The tasks the user's department leads or assists, open ones first."""
    if not user.department_id:
        return Task.objects.none()
    return (
        task_list(user=user)
        .filter(Q(lead_units=user.department_id) | Q(co_units=user.department_id))
        .distinct()
        .order_by("-plan__year", "plan", "number")
    )


def _share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


@dataclass
class Tally:
    """Lights and completion of a group of tasks (a section, a department)."""

    label: str
    obj: object = None
    task_count: int = 0
    green: int = 0
    yellow: int = 0
    red: int = 0
    closed: int = 0
    tasks: list = field(default_factory=list)

    @property
    def done_share(self) -> float:
        return _share(self.closed, self.task_count)

    def add(self, task: Task) -> None:
        self.task_count += 1
        if task.light in (Light.GREEN, Light.YELLOW, Light.RED):
            setattr(self, task.light, getattr(self, task.light) + 1)
        self.closed += task.status == TaskStatus.CLOSED
        self.tasks.append(task)


def plan_dashboard(*, plan: Plan, user) -> dict:
    """The plan's tasks by section and by lead department, with lights, share done and overdue tasks.

    Three queries: the tasks (with their sections), their lead units, and the department tally.
    """
    tasks = list(task_list(user=user).filter(plan=plan))
    totals = Tally(label="")
    sections: dict[int | None, Tally] = {}
    for task in tasks:
        section = sections.setdefault(
            task.section_id, Tally(label=str(task.section or "—"), obj=task.section)
        )
        for tally in (totals, section):
            tally.add(task)
    by_department = [
        Tally(
            label=d.name,
            obj=d,
            task_count=d.task_count,
            green=d.green,
            yellow=d.yellow,
            red=d.red,
            closed=d.closed,
        )
        for d in Department.objects.filter(led_tasks__plan=plan)
        .annotate(**_light_counts("led_tasks"))
        .order_by("sort_order", "name")
    ]
    ordered = sorted(sections.values(), key=lambda t: (t.obj is None, getattr(t.obj, "number", 0)))
    return {
        "tasks": tasks,
        "totals": totals,
        "by_section": ordered,
        "by_department": by_department,
        "overdue": [t for t in tasks if t.light == Light.RED],
        "done_share": totals.done_share,
    }


def plan_targets(*, plan: Plan) -> list[Target]:
    """Every target of the plan: the preamble's (主要目标, 各类事业发展目标) first, then the tasks' in task
    order (one query)."""
    targets = plan.targets.select_related("task", "actual_by").order_by("task__number", "sort_order", "id")
    return sorted(targets, key=lambda t: t.task is not None)


def target_values(
    *, plan: Plan, user, targets: Iterable[Target] | None = None
) -> dict[int, target_values_.TargetValue]:
    """Every target's value (``planning.target_values``: actual, source, gap, light), by target id: the
    one answer the targets tab, the task page, the indicators dashboard, the ledger and the plan reports
    show. ``targets`` (of ``plan``, with ``actual_by`` loaded) saves reading them again.

    Two queries whatever the plan's size: the targets (unless given), and the district values of their
    bound indicators for the plan's year (and, for 只增不减 targets, every year they name) that the user
    may see.
    """
    if targets is None:
        targets = Target.objects.filter(plan=plan).select_related("actual_by")
    targets = list(targets)
    kinds = {
        t.pk: target_values_.target_kind(
            comparator=t.comparator, value=t.value, text=t.text, indicator_code=t.indicator_code
        )
        for t in targets
    }
    wanted: dict[int, dict[int, str]] = {}  # target id → {year: period of its indicator}
    for t in targets:
        if t.indicator_code in LIBRARY:
            years = (plan.year,)
            if kinds[t.pk] == NO_DECREASE:
                years = target_values_.named_years(t.text, plan_year=plan.year)
            wanted[t.pk] = {y: indicator_selectors.period_for(t.indicator_code, SchoolYear(y)) for y in years}
    stored: dict[tuple[str, str], target_values_.Computed] = {}
    if wanted:
        codes = {t.indicator_code for t in targets if t.pk in wanted}
        periods = {p for by_year in wanted.values() for p in by_year.values()}
        rows = indicator_selectors.values_for(user).filter(
            scope_type="district", county_id=plan.county_id, indicator__in=codes, period__in=periods
        )
        for v in rows.only("indicator", "period", "value", "numerator", "denominator", "computed_at"):
            stored[v.indicator, v.period] = target_values_.Computed(
                code=v.indicator,
                period=v.period,
                value=v.value,
                numerator=v.numerator,
                denominator=v.denominator,
                computed_at=v.computed_at,
            )
    answers = {}
    for t in targets:
        by_year = wanted.get(t.pk, {})
        definition = LIBRARY.get(t.indicator_code)
        answers[t.pk] = target_values_.evaluate(
            target_id=t.pk,
            comparator=t.comparator,
            value=t.value,
            unit=t.unit,
            text=t.text or t.indicator,
            indicator_code=t.indicator_code if definition else "",
            indicator_unit=definition.unit if definition else "",
            computed={
                p: stored[t.indicator_code, p] for p in by_year.values() if (t.indicator_code, p) in stored
            },
            reported=t.actual_value,
            reported_by=str(t.actual_by) if t.actual_by_id and t.actual_by else "",
            reported_at=t.actual_at,
            year_periods=by_year,
            progress_of=lambda actual, t=t: schedule.target_progress(
                comparator=t.comparator, value=t.value, actual=actual, baseline=t.baseline
            ),
        )
    return answers


def indicator_targets(*, plan: Plan, user) -> list[tuple[Target, target_values_.TargetValue]]:
    """The plan's targets the indicators pages show — the preamble's and those bound to an indicator —
    each with its value (``target_values``); two queries."""
    targets = [t for t in plan_targets(plan=plan) if t.task is None or t.indicator_code]
    values = target_values(plan=plan, user=user, targets=targets)
    return [(t, values[t.pk]) for t in targets]


def task_detail(*, task: Task) -> dict:
    """What the task page shows besides the task: targets, milestones, reports with evidence, extension
    requests and urge notices."""
    return {
        "targets": list(task.targets.select_related("actual_by").order_by("sort_order", "id")),
        "milestones": list(task.milestones.select_related("done_by")),
        "reports": list(
            task.reports.select_related("author", "department", "target").prefetch_related("evidence")
        ),
        "extensions": list(task.extensions.select_related("requested_by", "decided_by")),
        "urges": list(task.urge_notices.select_related("issued_by").order_by("-created_at")),
        "lead_units": list(task.lead_units.all()),
        "co_units": list(task.co_units.all()),
    }


def urge_notice_list(*, user, action: str = "view") -> QuerySet[UrgeNotice]:
    return UrgeNotice.objects.restrict(user, action).select_related("task", "plan", "issued_by")


def extension_pending(*, user) -> QuerySet[ExtensionRequest]:
    return (
        ExtensionRequest.objects.restrict(user)
        .filter(status="pending")
        .select_related("task__plan__county", "requested_by")
    )


def plan_counties(*, user, action: str = "add") -> QuerySet[Area]:
    """Counties inside the user's ``action`` scope on plans: where they may publish one. A staff member
    placed on a town (a 中心校 office) is not offered the county: its plan is not theirs to publish."""
    counties = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code")
    scope = user.get_scope()
    if scope.everything:
        return counties
    paths, _ = scope.places(action, "planning.plan")
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return counties.filter(q)


# --- department scores ---------------------------------------------------------------------------------


def score_rules(plan: Plan) -> dict[str, Decimal]:
    return dict(DepartmentScoreRule.objects.filter(plan=plan).values_list("code", "points"))


def department_facts(*, plan: Plan, today: dt.date | None = None) -> dict[int, list[scoring.TaskFacts]]:
    """Scoring facts of every department with a task in ``plan``: five queries for the whole plan."""
    today = today or clock.today()
    tasks = list(plan.tasks.prefetch_related("lead_units", "co_units"))
    urges: dict[int, dict[int, int]] = defaultdict(dict)
    for row in UrgeNotice.objects.filter(plan=plan).values("task_id", "level").annotate(n=Count("pk")):
        urges[row["task_id"]][row["level"]] = row["n"]
    first_reports: dict[int, dict[str, dt.date]] = defaultdict(dict)
    for row in (
        ProgressReport.objects.filter(task__plan=plan)
        .values("task_id", "period")
        .annotate(first=Min("created_at"))
    ):
        first_reports[row["task_id"]][row["period"]] = timezone.localtime(row["first"]).date()
    facts: dict[int, list[scoring.TaskFacts]] = defaultdict(list)
    for task in tasks:
        closed_on = timezone.localtime(task.closed_at).date() if task.closed_at else None
        # Reports are owed for the months of the task's original term (the last one by the 5th after
        # it), and only while it is open: lateness beyond that is the overdue rule's business.
        end = min(today, schedule.period_deadline(f"{task.original_due:%Y-%m}"))
        if task.status not in OPEN_STATUSES:
            finished = task.closed_at or task.submitted_at or task.updated_at
            end = min(end, timezone.localtime(finished).date())
        missing = len(schedule.missing_periods(start=task.start, end=end, reported=first_reports[task.pk]))
        common = {
            "original_due": task.original_due,
            "closed_on": closed_on,
            "cancelled": task.status == TaskStatus.CANCELLED,
        }
        for department in task.lead_units.all():
            facts[department.pk].append(
                scoring.TaskFacts(
                    lead=True,
                    returned=task.returned_count,
                    urges=urges[task.pk],
                    missing_reports=missing,
                    **common,
                )
            )
        for department in task.co_units.all():
            facts[department.pk].append(scoring.TaskFacts(lead=False, **common))
    return facts


def department_scores(*, plan: Plan, today: dt.date | None = None) -> list[tuple[Department, scoring.Score]]:
    """Every department of the plan with its score, best first."""
    today = today or clock.today()
    facts = department_facts(plan=plan, today=today)
    rules = score_rules(plan)
    departments = Department.objects.filter(pk__in=list(facts)).order_by("sort_order", "name")
    scored = [(d, scoring.department_score(facts[d.pk], rules=rules, today=today)) for d in departments]
    return sorted(scored, key=lambda pair: -pair[1].total)


def department_plan_tasks(*, user, department: Department, plan: Plan | None) -> dict:
    """A department's led and assisted tasks (of one plan, or all plans it can see)."""
    tasks = task_list(user=user)
    if plan is not None:
        tasks = tasks.filter(plan=plan)
    return {
        "led": list(tasks.filter(lead_units=department)),
        "assisted": list(tasks.filter(co_units=department)),
    }
