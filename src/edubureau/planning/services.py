"""Work-plan writes: publishing a reviewed parse, the 督查督办 transitions, reports, extensions, urge
notices, light recomputation and reminders.

Every service is keyword-only, transactional, takes the acting user (``actor``; None for the daily job)
and records its event in the audit log with a ``planning.*`` code. Who may act:

* the task's **lead units** (a user whose ``department`` is among ``Task.lead_units``, with the change
  grant on the task's county) sign, report, submit and request extensions;
* the **supervising side** (a bureau leader over the county, or staff of the plan's supervising
  department) closes, returns, cancels, decides extensions and issues urge notices.

Anyone else gets ``Http404``, the same answer as for a task that does not exist (STYLE: access helpers
that say the same for "missing" and "not allowed").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.core import audit, clock, escalation
from edubureau.core.models import Notification
from edubureau.core.notifications import notify
from edubureau.core.services import object_create
from edubureau.planning import binding, extensions, schedule, workflow
from edubureau.planning.choices import (
    FINISHED_STATUSES,
    OPEN_STATUSES,
    ExtensionStatus,
    UrgeLevel,
)
from edubureau.planning.models import (
    DepartmentScoreRule,
    Evidence,
    ExtensionRequest,
    Milestone,
    Plan,
    ProgressReport,
    Section,
    Target,
    Task,
    UrgeNotice,
)
from edubureau.planning.parser import ParsedPlan
from edubureau.planning.scoring import DEFAULT_RULES
from edubureau.registry.models import Area, Department

#: Evidence files: what a bureau office sends (documents, sheets, scans, photos, archives), ≤ 20 MB each.
EVIDENCE_EXTENSIONS = {
    ".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".ppt", ".pptx",
    ".txt", ".jpg", ".jpeg", ".png", ".zip", ".rar", ".7z",
}  # fmt: skip
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024

LEAD, SUPERVISOR = workflow.LEAD, workflow.SUPERVISOR


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


def _plain(value):
    """A value as the audit log's JSON keeps it (dates as ISO text, decimals as text)."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


# --- who may act ---------------------------------------------------------------------------------------


def is_lead(user, task: Task) -> bool:
    """The user belongs to one of the task's lead units and may change rows of its county."""
    if user is None or not user.is_authenticated:
        return False
    if user.get_scope().everything:
        return True
    if not user.department_id or not Task.objects.restrict(user, "change").filter(pk=task.pk).exists():
        return False
    return task.lead_units.filter(pk=user.department_id).exists()


def is_supervisor(user, plan: Plan) -> bool:
    """A bureau leader over the plan's county, or staff of the plan's supervising department."""
    if user is None or not user.is_authenticated:
        return False
    if user.get_scope().everything:
        return True
    if not Plan.objects.restrict(user, "view").filter(pk=plan.pk).exists():
        return False
    if plan.supervising_department_id and user.department_id == plan.supervising_department_id:
        return True
    county_path = plan.county.path
    return any(
        a.role == Role.LEADER and a.area_id and county_path.startswith(a.area.path)
        for a in user.role_assignments.select_related("area")
    )


def task_roles(user, task: Task) -> set[str]:
    """The workflow roles (``lead``, ``supervisor``) the user holds on the task."""
    roles = set()
    if is_lead(user, task):
        roles.add(LEAD)
    if is_supervisor(user, task.plan):
        roles.add(SUPERVISOR)
    return roles


def _require(actor, task: Task, by: str) -> None:
    if actor is None:
        return  # the system (plan_daily) acts on every task
    allowed = is_lead(actor, task) if by == LEAD else is_supervisor(actor, task.plan)
    if not allowed:
        raise Http404


def _locked(task: Task) -> Task:
    """The task re-read under a row lock, so that two people acting at once cannot both pass ``check``."""
    return Task.objects.select_for_update().select_related("plan__county").get(pk=task.pk)


# --- publishing a reviewed plan ------------------------------------------------------------------------

_SPLIT_NAMES = re.compile(r"[、，,；;\s]+")


def split_units(text: str) -> list[str]:
    """Department names typed as ``综合股、系统党办`` (or with commas or spaces) as a list."""
    return [n for n in _SPLIT_NAMES.split(text or "") if n]


def department_match(*, county: Area, names: Iterable[str]) -> dict[str, Department | None]:
    """Each lead-unit name matched to a Department of ``county`` by name, else by one of its aliases."""
    departments = list(Department.objects.filter(county=county))
    by_name = {d.name: d for d in departments}
    by_alias = {alias: d for d in departments for alias in split_units(d.aliases)}
    return {name: by_name.get(name) or by_alias.get(name) for name in names}


_DUE_FULL = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月")
_DUE_MONTH = re.compile(r"^(\d{1,2})\s*月")
_DUE_YEAR = re.compile(r"^(\d{4})\s*年?\s*(?:底|末|前)?$")


def parse_due(text: str | None, *, year: int) -> dt.date | None:
    """A deadline as written (2020, 年底, 6月底, 2019年9月, 上半年) as a date: the end of that period."""
    if not text:
        return None
    text = text.strip()
    if m := _DUE_FULL.search(text):
        return schedule.month_end(int(m.group(1)), min(12, max(1, int(m.group(2)))))
    if m := _DUE_MONTH.match(text):
        return schedule.month_end(year, min(12, max(1, int(m.group(1)))))
    if m := _DUE_YEAR.match(text):
        return dt.date(int(m.group(1)), 12, 31)
    if "上半年" in text:
        return dt.date(year, 6, 30)
    if text in {"年底", "年末", "全年", "下半年", "年内"}:
        return dt.date(year, 12, 31)
    return None


_BODY_RECURRENCE = re.compile(r"每(?:个)?月|每(?:个)?季(?:度)?|每半年|每(?:周|星期)")


def milestone_plan(item, *, year: int, start: dt.date) -> list[tuple[str, dt.date, str, int]]:
    """(title, due, period, sequence) of the recurring milestones an item asks for.

    From its targets' periods (每半年, 每年 with a count such as 每年10期), then from recurring phrases in
    its body that no target carries (每月, 每季度).
    """
    rows, seen = [], set()
    for target in item.targets:
        count = int(target.value) if target.value and target.period and "每" in target.period else None
        dates = schedule.recurring_dates(target.period, year=year, count=count, start=start)
        if not dates:
            continue
        key = (target.period, count)
        if key in seen:
            continue
        seen.add(key)
        for i, due in enumerate(dates, start=1):
            rows.append((f"{target.indicator}（{target.period} 第{i}次）", due, target.period, i))
    periods_seen = {p for p, _ in seen}
    for phrase in dict.fromkeys(_BODY_RECURRENCE.findall(item.body or "")):
        if phrase in periods_seen:
            continue
        dates = schedule.recurring_dates(phrase, year=year, start=start)
        sentence = _sentence_with(item.body, phrase)
        for i, due in enumerate(dates, start=1):
            rows.append((f"{sentence}（{phrase} 第{i}次）", due, phrase, i))
    return rows


def _sentence_with(body: str, phrase: str) -> str:
    """The clause of ``body`` around ``phrase``, short enough for a milestone title."""
    for clause in re.split(r"[。；;]", body):
        if phrase in clause:
            clause = clause.strip()
            return clause if len(clause) <= 60 else clause[:59] + "…"
    return phrase


def plan_year(parsed: ParsedPlan) -> int | None:
    """The plan's calendar year: from its title (2019年…), else from its date."""
    for text in (parsed.title, parsed.date):
        if text and (m := re.search(r"(20\d{2}|19\d{2})", text)):
            return int(m.group(1))
    return None


def _decimal(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(str(value))


def _iso_date(text: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


@transaction.atomic
def plan_publish(
    *,
    actor,
    county: Area,
    parsed: ParsedPlan,
    source_text: str = "",
    year: int | None = None,
    create_units: Iterable[str] = (),
    supervising_department: Department | None = None,
    today: dt.date | None = None,
) -> Plan:
    """Publish a reviewed parse: the Plan, its Sections, Tasks (lead units and co-units matched to the
    county's Departments), Targets, recurring Milestones and the default scoring table.

    Lead-unit names that match no department are created when listed in ``create_units`` (the review
    page's "create on the spot"); any other unknown name refuses the whole publish with a message naming
    the item and the unit. Tasks are assigned on the plan's date (else today) and due at the end of the
    plan year unless the plan gave a deadline.
    """
    year = year or plan_year(parsed)
    if not year:
        raise ValidationError({"year": _("The plan's year could not be read; enter it.")})
    if not parsed.items:
        raise ValidationError(_("The plan has no numbered tasks to publish."))
    numbers = [item.number for item in parsed.items]
    if len(set(numbers)) != len(numbers):
        dupes = sorted({n for n in numbers if numbers.count(n) > 1})
        raise ValidationError(
            _("Task numbers must be unique; repeated: {numbers}.").format(numbers=", ".join(map(str, dupes))),
            code="duplicate_number",
        )
    issued_on = _iso_date(parsed.date)
    start = issued_on or _today(today)
    year_end = dt.date(year, 12, 31)

    # Departments: match, create the confirmed unknown ones, refuse the rest.
    names = list(dict.fromkeys(n for item in parsed.items for n in [*item.lead_units, *item.co_units]))
    matched = department_match(county=county, names=names)
    create = set(create_units)
    problems = []
    for item in parsed.items:
        for name in [*item.lead_units, *item.co_units]:
            if matched[name] is None and name not in create:
                problems.append(
                    _(
                        "Task {number}: no department is called “{name}”; create it or correct the name."
                    ).format(number=item.number, name=name)
                )
    if problems:
        raise ValidationError(list(dict.fromkeys(problems)))
    created_units = []
    order = Department.objects.filter(county=county).count()
    for name in names:
        if matched[name] is None:
            order += 1
            matched[name] = object_create(
                actor=actor, obj=Department(county=county, name=name, sort_order=order)
            )
            created_units.append(name)

    plan = Plan(
        county=county,
        year=year,
        title=parsed.title or _("Work plan {year}").format(year=year),
        issuer=parsed.issuer or "",
        doc_number=parsed.doc_number or "",
        issued_on=issued_on,
        recipients=list(parsed.recipients),
        cc=list(parsed.cc),
        notice_title=parsed.notice_title or "",
        preamble=[{"label": p.label, "text": p.text} for p in parsed.preamble],
        source_text=source_text,
        supervising_department=supervising_department,
        published_at=clock.now(),
        published_by=actor if actor is not None and actor.is_authenticated else None,
    )
    plan.full_clean()
    plan.save()

    sections = {}
    for s in parsed.sections:
        sections[s.numeral] = Section.objects.create(
            plan=plan, number=s.number, numeral=s.numeral, title=s.title
        )

    tasks, targets, milestones = [], [], []
    for order, t in enumerate(parsed.preamble_targets, start=1):
        targets.append(_target(plan, None, t, order, year))
    for item in parsed.items:
        due = parse_due(item.due, year=year) or year_end
        task = Task(
            plan=plan,
            county=county,
            section=sections.get(item.section) if item.section else None,
            number=item.number,
            title=item.title[:300],
            body=item.body,
            subsection=item.subsection or "",
            responsible_leaders="、".join(item.responsible_leaders)[:200],
            start=min(start, due),
            due=due,
            original_due=due,
        )
        task.full_clean(exclude=["plan", "section"])
        task.save()
        task.lead_units.set([matched[n] for n in dict.fromkeys(item.lead_units)])
        task.co_units.set([matched[n] for n in dict.fromkeys(item.co_units)])
        tasks.append(task)
        for order, t in enumerate(item.targets, start=1):
            targets.append(_target(plan, task, t, order, year))
        for title, m_due, period, sequence in milestone_plan(item, year=year, start=task.start):
            milestones.append(
                Milestone(task=task, title=title[:200], due=m_due, period=period, sequence=sequence)
            )
    autobound = _targets_autobind(targets)
    Target.objects.bulk_create(targets)
    audit.record_changes(
        actor=None,
        action="planning.target.autobind",
        changes=[(t, {"indicator_code": ""}, {"indicator_code": t.indicator_code}) for t in autobound],
    )
    Milestone.objects.bulk_create(milestones)
    DepartmentScoreRule.objects.bulk_create(
        DepartmentScoreRule(plan=plan, code=code, points=points) for code, points in DEFAULT_RULES.items()
    )
    audit.record_many(actor=actor, action="planning.task.create", objs=tasks)
    audit.record(
        actor=actor,
        action="planning.plan.publish",
        obj=plan,
        after={
            **audit.snapshot(plan),
            "source_text": len(source_text),
            "task_count": len(tasks),
            "target_count": len(targets),
            "milestone_count": len(milestones),
            "departments_created": created_units,
        },
    )
    plan_lights_recompute(plans=[plan], today=today)
    _notify_assigned(plan)
    return plan


def _target(plan: Plan, task: Task | None, t, order: int, year: int) -> Target:
    target = Target(
        plan=plan,
        task=task,
        sort_order=order,
        text=(t.text or "")[:300],
        indicator=(t.indicator or t.text or "")[:200],
        comparator=t.comparator or "",
        value=_decimal(t.value),
        unit=t.unit or "",
        period=t.period or "",
        due_text=t.due or "",
        due=parse_due(t.due, year=year),
    )
    target.full_clean(exclude=["plan", "task"])
    return target


def _targets_autobind(targets: list[Target]) -> list[Target]:
    """Bind each new target whose wording names a library indicator with high confidence
    (``planning.binding``); the publish records them as bound by the system (``planning.target.autobind``,
    no actor), and a person can unbind or rebind each on its page. Low-confidence matches stay
    suggestions."""
    bound = []
    for target in targets:
        found = binding.match(
            indicator=target.indicator, text=target.text, unit=target.unit, value=target.value
        )
        if found is not None and found.confidence == binding.HIGH and not target.indicator_code:
            target.indicator_code = found.code
            bound.append(target)
    return bound


# --- the workflow --------------------------------------------------------------------------------------


def _transition(*, actor, task: Task, action: str, changes: dict | None = None, note: str = "") -> Task:
    """Check the transition, apply it and its field changes, save, audit, recompute the light."""
    task = _locked(task)
    _require(actor, task, workflow.TRANSITIONS[action].by)
    transition = workflow.check(action, task.status)
    before = {"status": task.status}
    task.status = transition.target or task.status
    for field, value in (changes or {}).items():
        before[field] = _plain(getattr(task, field))
        setattr(task, field, value)
    task.save()
    after = {"status": task.status, **{f: _plain(getattr(task, f)) for f in (changes or {})}}
    if note:
        after["note"] = note
    audit.record(actor=actor, action=transition.code, obj=task, before=before, after=after)
    task_refresh(task=task)
    return task


@transaction.atomic
def task_sign(*, actor, task: Task) -> Task:
    """签收: a lead unit acknowledges the task."""
    return _transition(actor=actor, task=task, action="sign", changes={"signed_at": clock.now()})


@transaction.atomic
def task_submit(*, actor, task: Task, note: str = "") -> Task:
    """申请办结: the lead unit hands the task in for review (办结报告 in ``note``); open urge notices are
    answered by it."""
    task = _transition(
        actor=actor, task=task, action="submit", changes={"submitted_at": clock.now()}, note=note
    )
    _urges_resolve(task)
    _notify_supervisors(
        task,
        kind=Notification.Kind.CLOSURE_REQUESTED,
        message=_("Task {number} “{title}” was handed in for closure and waits for your review.").format(
            number=task.number, title=task.title[:60]
        ),
        key=f"submit:{task.pk}:{task.submitted_at:%Y%m%d%H%M%S}",
    )
    return task


@transaction.atomic
def task_close(*, actor, task: Task, note: str = "") -> Task:
    """办结/销号: the supervising side accepts the work."""
    task = _transition(actor=actor, task=task, action="close", changes={"closed_at": clock.now()}, note=note)
    _urges_resolve(task)
    return task


@transaction.atomic
def task_return(*, actor, task: Task, reason: str) -> Task:
    """退回重办: the work does not pass review; the reason is kept, the author of the last progress report is
    told that their report was returned (进度报告被退回, with the reason and the task's page), and the rest
    of the lead unit that the task was."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is returned.")})
    locked = _locked(task)
    task = _transition(
        actor=actor,
        task=locked,
        action="return",
        changes={"returned_count": locked.returned_count + 1},
        note=reason,
    )
    report = task.reports.select_related("author").order_by("-created_at", "-id").first()
    reporter = report.author if report is not None else None
    if reporter is not None:
        notify(
            users=[reporter],
            kind=Notification.Kind.REPORT_RETURNED,
            message=_("Progress report returned: task {number} “{title}”, {period}. Reason: {reason}").format(
                number=task.number, title=task.title[:60], period=report.period, reason=reason
            )[:300],
            key=f"report-returned:{task.pk}:{task.returned_count}",
            url=task_url(task),
            subject=f"[{task.plan.title}] {Notification.Kind.REPORT_RETURNED.label}",
        )
    _notify_leads(
        task,
        kind=Notification.Kind.RETURNED,
        message=_("Task {number} was returned for rework: {reason}").format(
            number=task.number, reason=reason
        )[:300],
        key=f"returned:{task.pk}:{task.returned_count}",
        exclude=reporter,
    )
    return task


@transaction.atomic
def task_cancel(*, actor, task: Task, reason: str) -> Task:
    """撤销: the task is withdrawn (with approval); it is no longer tracked or scored."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the task is cancelled.")})
    task = _transition(actor=actor, task=task, action="cancel", note=reason)
    _urges_resolve(task)
    return task


def _evidence_check(files: Sequence) -> None:
    for f in files:
        if Path(f.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
            raise ValidationError(
                {"files": _("“{name}”: this kind of file is not accepted as evidence.").format(name=f.name)}
            )
        if f.size > EVIDENCE_MAX_BYTES:
            raise ValidationError({"files": _("“{name}” is larger than 20 MB.").format(name=f.name)})


@transaction.atomic
def task_report_progress(
    *,
    actor,
    task: Task,
    text: str,
    percent: Decimal | None = None,
    target: Target | None = None,
    current_value: Decimal | None = None,
    problems: str = "",
    next_steps: str = "",
    files: Sequence = (),
    today: dt.date | None = None,
) -> ProgressReport:
    """进展报送: the lead unit's report for the current period (the previous month until the 5th), with
    evidence files; a current value updates its target's manual actual value."""
    task = _locked(task)
    _require(actor, task, workflow.TRANSITIONS["report"].by)
    transition = workflow.check("report", task.status)
    if not text.strip():
        raise ValidationError({"text": _("Describe the work done.")})
    if target is not None and target.task_id != task.pk:
        raise ValidationError({"target": _("This target belongs to another task.")})
    if current_value is not None and target is None:
        raise ValidationError({"target": _("Choose the target the current value is for.")})
    _evidence_check(files)
    report = ProgressReport(
        task=task,
        period=schedule.period_of(_today(today)),
        text=text,
        problems=problems,
        next_steps=next_steps,
        percent=percent,
        target=target,
        current_value=current_value,
        author=actor,
        department=actor.department if actor is not None and actor.department_id else None,
    )
    report.full_clean()
    report.save()
    for f in files:
        Evidence.objects.create(report=report, file=f, name=Path(f.name).name[:200], size=f.size)
    if target is not None and current_value is not None:
        before = {"actual_value": _plain(target.actual_value)}
        target.actual_value = current_value
        target.actual_at = clock.now()
        target.actual_by = actor
        target.save(update_fields=["actual_value", "actual_at", "actual_by", "updated_at"])
        audit.record(
            actor=actor,
            action="planning.target.value",
            obj=target,
            before=before,
            after={"actual_value": _plain(current_value), "report": report.pk},
        )
    before = {"status": task.status, "reported_progress": _plain(task.reported_progress)}
    task.status = transition.target
    if percent is not None:
        task.reported_progress = percent
    task.save()
    audit.record(
        actor=actor,
        action=transition.code,
        obj=task,
        before=before,
        after={
            "status": task.status,
            "reported_progress": _plain(task.reported_progress),
            "report": report.pk,
            "period": report.period,
            "evidence": len(files),
        },
    )
    task_refresh(task=task, today=today)
    return report


@transaction.atomic
def milestone_complete(*, actor, milestone: Milestone) -> Milestone:
    """A lead unit marks a milestone done; the task's progress counts it."""
    task = _locked(milestone.task)
    if task.status in FINISHED_STATUSES:
        raise ValidationError(_("The task is finished; its milestones can no longer change."))
    _require(actor, task, LEAD)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_at is None:
        milestone.done_at = clock.now()
        milestone.done_by = actor
        milestone.save(update_fields=["done_at", "done_by", "updated_at"])
        audit.record(
            actor=actor,
            action="planning.milestone.complete",
            obj=task,
            after={"milestone": str(milestone)},
        )
        task_refresh(task=task)
    return milestone


# --- extensions ----------------------------------------------------------------------------------------


@transaction.atomic
def extension_request(
    *,
    actor,
    task: Task,
    new_due: dt.date,
    reason: str,
    progress_note: str = "",
    today: dt.date | None = None,
) -> ExtensionRequest:
    """延期申请: only before the due date passes (up to and on the due date itself), stating the reason,
    the new date and the progress so far. The original due date stays for scoring."""
    task = _locked(task)
    _require(actor, task, workflow.TRANSITIONS["extension_request"].by)
    transition = workflow.check("extension_request", task.status)
    today = _today(today)
    if today > task.due:
        raise ValidationError(
            {
                "new_due": _(
                    "An extension must be requested before the due date ({due}); this task is already overdue."
                ).format(due=clock.written(task.due))
            }
        )
    if new_due <= task.due:
        raise ValidationError({"new_due": _("The new date must be later than the current due date.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the extension.")})
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise ValidationError(_("An extension request for this task is already waiting for a decision."))
    request = ExtensionRequest(
        task=task,
        requested_by=actor,
        reason=reason,
        progress_note=progress_note,
        current_due=task.due,
        new_due=new_due,
    )
    request.full_clean()
    request.save()
    audit.record(
        actor=actor,
        action=transition.code,
        obj=task,
        after={"extension": request.pk, "due": task.due.isoformat(), "new_due": new_due.isoformat()},
    )
    _notify_supervisors(
        task,
        kind=Notification.Kind.EXTENSION_REQUESTED,
        message=_(
            "An extension of task {number} to {date} was requested and waits for your decision."
        ).format(number=task.number, date=clock.written(new_due)),
        key=f"extension_request:{request.pk}",
    )
    return request


def _extension_decide(*, actor, request: ExtensionRequest, approve: bool, note: str) -> ExtensionRequest:
    request = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    task = _locked(request.task)
    action = "extension_approve" if approve else "extension_reject"
    _require(actor, task, workflow.TRANSITIONS[action].by)
    transition = workflow.check(action, task.status)
    if request.status != ExtensionStatus.PENDING:
        raise ValidationError(_("This extension request has already been decided."))
    request.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REJECTED
    request.decided_by = actor
    request.decided_at = clock.now()
    request.decision_note = note
    request.save()
    before = {"due": task.due.isoformat()}
    if approve:
        task.due = request.new_due
        task.save(update_fields=["due", "updated_at"])
        _urges_resolve(task)
    audit.record(
        actor=actor,
        action=transition.code,
        obj=task,
        before=before,
        after={"due": task.due.isoformat(), "extension": request.pk, "note": note},
    )
    _notify_leads(
        task,
        kind=Notification.Kind.EXTENSION,
        message=(
            _("Extension of task {number} approved: now due {due}.")
            if approve
            else _("Extension of task {number} rejected; it stays due {due}.")
        ).format(number=task.number, due=clock.written(task.due)),
        key=f"extension:{request.pk}",
    )
    task_refresh(task=task)
    return request


@transaction.atomic
def extension_approve(*, actor, request: ExtensionRequest, note: str = "") -> ExtensionRequest:
    """The new due date applies; ``original_due`` is untouched."""
    return _extension_decide(actor=actor, request=request, approve=True, note=note)


@transaction.atomic
def extension_reject(*, actor, request: ExtensionRequest, note: str = "") -> ExtensionRequest:
    return _extension_decide(actor=actor, request=request, approve=False, note=note)


# --- urge notices (催办单 / 督办单) -----------------------------------------------------------------------


def _urges_resolve(task: Task) -> None:
    """Answer the task's open urge notices (submitted, closed, cancelled, or given a new date)."""
    escalation.urges_resolve(task, notice_model=UrgeNotice, link="task")


@transaction.atomic
def urge_notice_issue(
    *,
    actor,
    task: Task,
    level: int | None = None,
    reason: str = "",
    respond_by: dt.date | None = None,
    today: dt.date | None = None,
) -> UrgeNotice:
    """Issue the next urge notice on the ladder 蓝 → 橙 → 红 (or, for an urgent item, a higher one
    straight away). The level must be above every open notice's; the number is the next of the county
    and year (core.escalation, one counter with the other urge notices' kind)."""
    task = _locked(task)
    _require(actor, task, SUPERVISOR)
    if task.status in FINISHED_STATUSES:
        raise ValidationError(_("The task is finished; it cannot be urged."))
    today = _today(today)
    notice = escalation.urge_issue(
        actor=actor,
        action="planning.urge.issue",
        subject=task,
        notice_model=UrgeNotice,
        link="task",
        level=level,
        reason=reason or _default_urge_reason(task, today),
        today=today,
        respond_by=respond_by,
        plan_id=task.plan_id,
        issued_by=actor if actor is not None and actor.is_authenticated else None,
    )
    _notify_leads(
        task,
        kind=Notification.Kind.URGE,
        message=_("{notice} ({level}) on task {number}: answer by {date}.").format(
            notice=notice.doc_number,
            level=UrgeLevel(notice.level).label,
            number=task.number,
            date=clock.written(notice.respond_by),
        ),
        key=f"urge:{notice.pk}",
    )
    return notice


def _default_urge_reason(task: Task, today: dt.date) -> str:
    if today > task.due:
        return _("Task {number} is {days} days past its due date {due} and not closed.").format(
            number=task.number, days=(today - task.due).days, due=clock.written(task.due)
        )
    return _("Task {number} is behind schedule (due {due}).").format(
        number=task.number, due=clock.written(task.due)
    )


def urges_escalate(*, today: dt.date | None = None) -> list[UrgeNotice]:
    """The daily ladder: an overdue, unfinished task gets a 蓝 notice; an open notice whose answer date
    has passed with the task still overdue gets the next level, up to 红."""
    today = _today(today)
    overdue = Task.objects.filter(status__in=OPEN_STATUSES, due__lt=today).select_related("plan__county")
    return escalation.ladder_escalate(
        overdue, today=today, notice_model=UrgeNotice, link="task", issue=urge_notice_issue
    )


# --- lights, progress, reminders -----------------------------------------------------------------------


def _computed(task: Task, today: dt.date, rule_light: str | None = None) -> tuple[Decimal | None, str]:
    """(progress, light) of a task whose targets and milestones are loaded or loadable; ``rule_light`` is
    what the registered light rules say (``extensions.rule_lights``): the worse of the two counts, except
    for a task that is closed or cancelled."""
    milestones = list(task.milestones.all())
    progress = schedule.task_progress(
        reported=task.reported_progress,
        targets=[t.progress for t in task.targets.all()],
        milestones_done=sum(1 for m in milestones if m.done_at),
        milestones_total=len(milestones),
    )
    light = schedule.task_light(
        status=task.status, due=task.due, today=today, start=task.start, progress=progress
    )
    if rule_light is not None and task.status not in ("closed", "cancelled"):
        light = extensions.worst(light, rule_light)
    return (None if progress is None else Decimal(str(round(progress, 1)))), light


def task_refresh(*, task: Task, today: dt.date | None = None) -> bool:
    """Recompute the task's progress and light; a light change is recorded. True if the light changed."""
    today = _today(today)
    progress, light = _computed(task, today, extensions.rule_lights([task], today).get(task.pk))
    changed = light != task.light
    if changed or progress != task.progress:
        before = task.light
        Task.objects.filter(pk=task.pk).update(progress=progress, light=light)
        task.progress, task.light = progress, light
        if changed:
            audit.record(
                actor=None,
                action="planning.task.light",
                obj=task,
                before={"light": before},
                after={"light": light},
            )
    return changed


@transaction.atomic
def plan_lights_recompute(*, plans: Iterable[Plan] | None = None, today: dt.date | None = None) -> int:
    """Recompute every task's light (all plans, or ``plans``); returns how many lights changed."""
    today = _today(today)
    tasks = Task.objects.prefetch_related("targets", "milestones")
    if plans is not None:
        tasks = tasks.filter(plan__in=list(plans))
    changed, light_changes = [], []
    tasks = list(tasks)
    rules = extensions.rule_lights(tasks, today)
    for task in tasks:
        progress, light = _computed(task, today, rules.get(task.pk))
        if light != task.light or progress != task.progress:
            if light != task.light:
                light_changes.append((task, task.light, light))
            task.progress, task.light = progress, light
            changed.append(task)
    Task.objects.bulk_update(changed, ["progress", "light"], batch_size=500)
    for task, before, after in light_changes:
        audit.record(
            actor=None,
            action="planning.task.light",
            obj=task,
            before={"light": before},
            after={"light": after},
        )
    return len(light_changes)


def _lead_users(task: Task) -> list[User]:
    return list(
        User.objects.filter(is_active=True, department__in=task.lead_units.all()).order_by("username")
    )


def task_url(task: Task) -> str:
    return reverse("planning:task_detail", args=[task.pk])


def _notify_leads(task: Task, *, kind: str, message: str, key: str, exclude=None) -> list[Notification]:
    """An in-app notification (and an e-mail where configured) to each active user of the task's lead
    units but ``exclude`` (who has a message of their own); ``key`` makes it once per user, however often
    the caller runs."""
    new = notify(
        users=[u for u in _lead_users(task) if u != exclude],
        kind=kind,
        message=message,
        key=key,
        url=task_url(task),
        subject=f"[{task.plan.title}] {message}",
    )
    if new:
        audit.record(
            actor=None,
            action="planning.task.remind",
            obj=task,
            after={
                "kind": kind,
                "recipients": [n.user.username for n in new],
                "channels": ["in_app", *(["email"] if any(n.emailed for n in new) else [])],
            },
        )
    return new


def _notify_supervisors(task: Task, *, kind: str, message: str, key: str) -> list[Notification]:
    """Tell the plan's supervising side (its supervising department's staff and the county's leaders) that
    a decision waits for them."""
    plan = task.plan
    users = User.objects.filter(is_active=True).filter(
        Q(department_id=plan.supervising_department_id, department__isnull=False)
        | Q(role_assignments__role=Role.LEADER, role_assignments__area__path__in=_ancestor_paths(plan))
    )
    return notify(users=users.distinct(), kind=kind, message=message, key=key, url=task_url(task))


def _notify_assigned(plan: Plan) -> None:
    """交办: each lead unit's staff learn how many tasks of the new plan they must sign for."""
    counts = dict(
        Task.lead_units.through.objects.filter(task__plan=plan)
        .values("department_id")
        .annotate(n=Count("id"))
        .values_list("department_id", "n")
    )
    url = reverse("planning:my_tasks") + "?status=assigned"
    for user in User.objects.filter(is_active=True, department_id__in=counts):
        notify(
            users=[user],
            kind=Notification.Kind.TASK_ASSIGNED,
            message=_("{plan} assigns {count} tasks to your unit: please sign for them.").format(
                plan=plan.title, count=counts[user.department_id]
            ),
            key=f"assigned:{plan.pk}",
            url=url,
        )


def _ancestor_paths(plan: Plan) -> list[str]:
    """The county's path and each path above it: a leader placed there oversees the plan."""
    parts = [p for p in plan.county.path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


def reminders_send(*, today: dt.date | None = None) -> int:
    """T−3 reminders (due within ``WARN_DAYS``) and overdue reminders to the lead units of every open
    task; each at most once per task, kind and due date. Returns the notifications created."""
    today = _today(today)
    sent = 0
    soon = today + dt.timedelta(days=schedule.WARN_DAYS)
    tasks = (
        Task.objects.filter(status__in=OPEN_STATUSES, due__lte=soon)
        .select_related("plan")
        .prefetch_related("lead_units")
    )
    for task in tasks:
        if task.due < today:
            kind, key = Notification.Kind.OVERDUE, f"overdue:{task.pk}:{task.due}"
            message = _("Task {number} “{title}” is overdue (due {due}).")
        else:
            kind, key = Notification.Kind.DUE_SOON, f"due_soon:{task.pk}:{task.due}"
            message = _("Task {number} “{title}” is due on {due}.")
        text = message.format(number=task.number, title=task.title[:60], due=clock.written(task.due))
        sent += len(_notify_leads(task, kind=kind, message=text[:300], key=key))
    return sent


def plan_daily(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: lights, reminders, the escalation ladder."""
    today = _today(today)
    lights = plan_lights_recompute(today=today)
    reminders = reminders_send(today=today)
    with transaction.atomic():
        urges = urges_escalate(today=today)
    return {"lights_changed": lights, "reminders": reminders, "urge_notices": len(urges)}


# --- targets and the rule table ------------------------------------------------------------------------


@transaction.atomic
def target_bind(*, actor, target: Target, indicator_code: str) -> Target:
    """Bind a target to a computable indicator (or unbind with ""); the lead units or the supervising
    side may do it."""
    task = target.task
    if actor is not None and not (
        is_supervisor(actor, target.plan) or (task is not None and is_lead(actor, task))
    ):
        raise Http404
    from edubureau.indicators.library import LIBRARY

    code = indicator_code.strip()
    if code and code not in LIBRARY:
        raise ValidationError(
            {"indicator_code": _("There is no indicator with the code “{code}”.").format(code=code)}
        )
    before = {"indicator_code": target.indicator_code}
    target.indicator_code = code
    target.full_clean()
    target.save(update_fields=["indicator_code", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.target.bind",
        obj=target,
        before=before,
        after={"indicator_code": target.indicator_code},
    )
    return target


@transaction.atomic
def score_rules_update(*, actor, plan: Plan, points: dict[str, Decimal]) -> int:
    """Change the points of a plan's scoring rules (supervising side only); returns the rules changed."""
    if actor is not None and not is_supervisor(actor, plan):
        raise Http404
    changed = 0
    for rule in DepartmentScoreRule.objects.filter(plan=plan, code__in=list(points)):
        new = Decimal(points[rule.code])
        if new != rule.points:
            before = audit.snapshot(rule)
            rule.points = new
            rule.full_clean()
            rule.save()
            audit.record(
                actor=actor,
                action="planning.departmentscorerule.update",
                obj=rule,
                before=before,
                after=audit.snapshot(rule),
            )
            changed += 1
    return changed


def plan_find(*, county: Area, parsed: ParsedPlan, year: int) -> Plan | None:
    """The already-published plan that ``parsed`` is (same county and 文号, else same title and year)."""
    plans = Plan.objects.filter(county=county)
    if parsed.doc_number:
        return plans.filter(doc_number=parsed.doc_number).first()
    return plans.filter(year=year, title=parsed.title or "").first()


@transaction.atomic
def task_deadline_set(*, actor, task: Task, due: dt.date, reason: str, today: dt.date | None = None) -> Task:
    """Give an unfinished task a node deadline (节点) earlier than the plan gave it, as the supervising side
    does when it breaks a task down at 交办. Sets ``due`` and ``original_due`` (the deadline it is scored
    against is the one it was assigned with); audited as ``planning.task.deadline``.
    Later dates go through extension requests instead.
    """
    task = Task.objects.select_for_update().select_related("plan__county").get(pk=task.pk)
    if actor is not None and not is_supervisor(actor, task.plan):
        raise Http404
    if task.status in FINISHED_STATUSES:
        raise ValidationError(_("A finished or cancelled task keeps its deadline."))
    if not task.start <= due < task.due:
        raise ValidationError(
            _(
                "A node deadline lies between the day of assignment and the current due date; to move it later, request an extension."
            )
        )
    if not reason.strip():
        raise ValidationError(_("Give the reason for the node deadline."))
    before = {"due": task.due.isoformat(), "original_due": task.original_due.isoformat()}
    task.due = task.original_due = due
    task.save(update_fields=["due", "original_due", "updated_at"])
    audit.record(
        actor=actor,
        action="planning.task.deadline",
        obj=task,
        before=before,
        after={"due": due.isoformat(), "original_due": due.isoformat(), "note": reason},
    )
    task_refresh(task=task, today=today)
    return task
