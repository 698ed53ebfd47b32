"""What both plan reports (the monthly 通报 and the year-end summary) know about a plan: its header and its
tasks as they stood on the document's day, and the 文号 the documents carry.

**The day.** A report speaks "截至" its date. On today (``core.clock.today()``) a task is what its row
says: status, light and progress are kept current by the services and the daily recompute. For an earlier
day (the 通报 of a past month) the row is rolled back with what the record keeps: closed if it was closed by
then, under review if it was handed in by then, otherwise open; its due date before any extension approved
later; its progress the last percent its lead unit reported by then; and its light recomputed with
``planning.schedule.task_light`` on those facts. (When a task was cancelled is not kept on the row: a
cancelled task reads as cancelled on every day.)

**The 文号** (GB/T 9704 §7.2.5: 代字〔年份〕序号号). The bureau's 代字 comes from the plan's own number: its
part before 〔 up to and including 教 (泉港教综 → 泉港教), then the 督 of the supervising side: 泉港教督.
A plan without a number gives the county's short name + 教 (泉港区 → 泉港教督). ``settings.REPORTS_DOC_PREFIX``
replaces the derivation for an instance that issues under another 代字. Downloading a document reserves
no number (a GET writes nothing), so the sequence is fixed by the series: the monthly 通报 of month M is
〔年〕M号, the year-end summary 〔年〕13号; the same download always carries the same number.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import DateField, DecimalField, OuterRef, Prefetch, Subquery, TextField
from django.db.models.functions import Coalesce
from django.utils import timezone

from edubureau.core.documents import normalise_doc_number
from edubureau.planning import schedule
from edubureau.planning.choices import ExtensionStatus, Light, TaskStatus
from edubureau.planning.models import ExtensionRequest, Plan, ProgressReport, Task
from edubureau.registry.models import Department

SUMMARY_SEQUENCE = 13  # after the twelve monthly 通报 of the year


@dataclass(frozen=True)
class PlanHeader:
    """The plan as a report cites it."""

    title: str
    doc_number: str  # 泉港教综〔2019〕55号, or ""
    issuer: str  # 泉港区教育局
    county: str  # 泉港区
    year: int
    cc: tuple[str, ...]
    supervising_department: str  # 督办股室, or ""


@dataclass(frozen=True)
class TaskLine:
    """One task of the plan as it stood on the report's day."""

    number: int
    title: str
    section_id: int | None
    subsection: str
    lead_units: tuple[str, ...]
    status: str  # TaskStatus value
    light: str  # Light value
    start: dt.date
    due: dt.date
    closed_on: dt.date | None
    progress: float | None  # percent done
    report_text: str = ""  # the last progress report filed by the day
    report_problems: str = ""

    @property
    def closed(self) -> bool:
        return self.status == TaskStatus.CLOSED

    @property
    def cancelled(self) -> bool:
        return self.status == TaskStatus.CANCELLED


def plan_header(plan: Plan) -> PlanHeader:
    return PlanHeader(
        title=plan.title,
        doc_number=normalise_doc_number(plan.doc_number) if plan.doc_number else "",
        issuer=plan.issuer or f"{plan.county.name}教育局",
        county=plan.county.name,
        year=plan.year,
        cc=tuple(plan.cc or ()),
        supervising_department=plan.supervising_department.name if plan.supervising_department else "",
    )


def doc_prefix(*, doc_number: str, county: str) -> str:
    """The 代字 of the supervising side's documents (see the module docstring): 泉港教综 → 泉港教督."""
    configured = getattr(settings, "REPORTS_DOC_PREFIX", "")
    if configured:
        return configured
    code = normalise_doc_number(doc_number).split("〔")[0].strip() if doc_number else ""
    if "教" in code:
        bureau = code[: code.rindex("教") + 1]
    elif code:
        bureau = code
    else:
        short = county[:-1] if len(county) > 2 and county[-1] in "区县市旗" else county
        bureau = f"{short}教"
    return f"{bureau}督"


def report_doc_number(header: PlanHeader, *, year: int, sequence: int) -> str:
    return f"{doc_prefix(doc_number=header.doc_number, county=header.county)}〔{year}〕{sequence}号"


def _end_of(day: dt.date) -> dt.datetime:
    """The first instant after ``day`` in the bureau's time zone."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def local_date(moment: dt.datetime | None) -> dt.date | None:
    return timezone.localtime(moment).date() if moment else None


def task_lines(*, plan: Plan, user, day: dt.date, today: dt.date) -> list[TaskLine]:
    """The plan's tasks the user may see, as they stood on ``day``, in plan order.

    Two queries whatever the plan's size: the tasks (through ``restrict``) with, as subqueries, their last
    report filed by ``day`` and their due date before any extension approved after it; and their lead
    units.
    """
    until = _end_of(day)
    last_report = ProgressReport.objects.filter(task=OuterRef("pk"), created_at__lt=until).order_by(
        "-created_at", "-id"
    )
    later_extension = ExtensionRequest.objects.filter(
        task=OuterRef("pk"), status=ExtensionStatus.APPROVED, decided_at__gte=until
    ).order_by("decided_at", "id")
    tasks = (
        Task.objects.restrict(user, "view")
        .filter(plan=plan)
        .prefetch_related(Prefetch("lead_units", queryset=Department.objects.order_by("sort_order", "name")))
        .annotate(
            report_text=Subquery(last_report.values("text")[:1], output_field=TextField()),
            report_problems=Subquery(last_report.values("problems")[:1], output_field=TextField()),
            report_percent=Subquery(
                last_report.exclude(percent=None).values("percent")[:1],
                output_field=DecimalField(max_digits=5, decimal_places=1),
            ),
            due_then=Coalesce(
                Subquery(later_extension.values("current_due")[:1], output_field=DateField()), "due"
            ),
        )
        .order_by("number")
    )
    return [_line(task, day=day, today=today) for task in tasks]


def _line(task: Task, *, day: dt.date, today: dt.date) -> TaskLine:
    closed_on = local_date(task.closed_at)
    if day >= today:
        status, light, due = task.status, task.light, task.due
        progress = None if task.progress is None else float(task.progress)
    else:
        status, due = _status_on(task, day=day, closed_on=closed_on), task.due_then
        progress = None if task.report_percent is None else float(task.report_percent)
        if status == TaskStatus.CLOSED:
            progress = 100.0
        light = schedule.task_light(status=status, due=due, today=day, start=task.start, progress=progress)
        closed_on = closed_on if status == TaskStatus.CLOSED else None
    return TaskLine(
        number=task.number,
        title=task.title,
        section_id=task.section_id,
        subsection=task.subsection,
        lead_units=tuple(d.name for d in task.lead_units.all()),
        status=status,
        light=light,
        start=task.start,
        due=due,
        closed_on=closed_on,
        progress=progress,
        report_text=task.report_text or "",
        report_problems=task.report_problems or "",
    )


def _status_on(task: Task, *, day: dt.date, closed_on: dt.date | None) -> str:
    if task.status == TaskStatus.CANCELLED:
        return TaskStatus.CANCELLED
    if closed_on is not None and closed_on <= day:
        return TaskStatus.CLOSED
    submitted_on = local_date(task.submitted_at)
    if task.status in (TaskStatus.REVIEW, TaskStatus.CLOSED) and submitted_on and submitted_on <= day:
        return TaskStatus.REVIEW
    signed_on = local_date(task.signed_at)
    return TaskStatus.IN_PROGRESS if signed_on and signed_on <= day else TaskStatus.ASSIGNED


def days_overdue(line: TaskLine, day: dt.date) -> int:
    return max(0, (day - line.due).days) if line.light == Light.RED else 0


@dataclass(frozen=True)
class Tally:
    """Tasks by where they stand: closed, and the open ones by light. ``share_closed`` is closed over all
    tasks, as the plan dashboard counts it."""

    total: int
    closed: int
    green: int  # open and on schedule
    yellow: int
    red: int
    cancelled: int

    @property
    def share_closed(self) -> float:
        return round(100.0 * self.closed / self.total, 1) if self.total else 0.0


def tally(lines) -> Tally:
    lines = list(lines)
    open_lights = [t.light for t in lines if not t.closed and not t.cancelled]
    return Tally(
        total=len(lines),
        closed=sum(t.closed for t in lines),
        green=open_lights.count(Light.GREEN),
        yellow=open_lights.count(Light.YELLOW),
        red=open_lights.count(Light.RED),
        cancelled=sum(t.cancelled for t in lines),
    )
