"""Supervision writes: organisation (supervisors, zones, assignments), the monthly schedule, visit records
with their checklist, files and findings, the rectification loop and its escalation, the 三年一轮 cycle.

Every service is keyword-only, transactional, takes the acting user (``actor``; None for the daily job)
and records its event in the audit log with a ``supervision.*`` code. Who may act:

* the **supervising side** of a school: the supervisor currently assigned to it (or who made the visit),
  staff of the 督导室, a bureau leader over the school's area, a system administrator — records visits,
  opens, verifies, returns and urges rectifications;
* the **school side**: a principal of the school — answers rectifications.

Anyone else gets ``Http404``, the same answer as for an object that does not exist.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.core import audit, clock, escalation
from edubureau.core.models import Notification
from edubureau.core.notifications import notify
from edubureau.core.services import object_create, object_update
from edubureau.registry.models import Area, School
from edubureau.supervision import checks, workflow
from edubureau.supervision.choices import (
    AWAITING_SCHOOL,
    Item,
    Method,
    Rating,
    Severity,
    VisitKind,
)
from edubureau.supervision.models import (
    ChecklistEntry,
    CycleSlot,
    EvaluationCycle,
    Finding,
    PlannedVisit,
    Rectification,
    RectificationAnswer,
    RectificationFile,
    RectificationUrge,
    SupervisionZone,
    Supervisor,
    SupervisorAssignment,
    Visit,
    VisitFile,
)

#: Default time to put a finding right.
DEFAULT_RECTIFICATION_DAYS = 30
#: What a supervisor takes on a visit (photos from a phone, scans, documents), ≤ 20 MB each.
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".gif"}
FILE_EXTENSIONS = IMAGE_EXTENSIONS | {
    ".pdf", ".ofd", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".et", ".txt", ".zip", ".rar", ".mp4",
}  # fmt: skip
FILE_MAX_BYTES = 20 * 1024 * 1024
OFFICE_NAMES = ("督导室", "教育督导室")

SCHOOL, SUPERVISOR = workflow.SCHOOL, workflow.SUPERVISOR


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


def _plain(value):
    """A value as the audit log's JSON keeps it (dates as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


# --- who may act ---------------------------------------------------------------------------------------


def supervisor_of(user) -> Supervisor | None:
    """The user's supervisor profile (督学), if they have one."""
    if user is None or not user.is_authenticated:
        return None
    try:
        return user.supervisor_profile
    except Supervisor.DoesNotExist:
        return None


def is_supervising(user, school: School) -> bool:
    """The supervising side of ``school``: its current supervisor, 督导室 staff or a leader over it."""
    if user is None or not user.is_authenticated:
        return False
    if user.get_scope().everything:
        return True
    profile = supervisor_of(user)
    if (
        profile is not None
        and profile.assignments.filter(school=school, ends_on__isnull=True).exists()
        and School.objects.restrict(user, "view").filter(pk=school.pk).exists()
    ):
        return True
    for a in user.role_assignments.select_related("area"):
        if not a.area_id or not school.area.path.startswith(a.area.path):
            continue
        if a.role == Role.LEADER:
            return True
        if a.role == Role.DEPARTMENT_STAFF and user.department_id and user.department.name in OFFICE_NAMES:
            return True
    return False


def is_school_side(user, school: School) -> bool:
    """A principal of ``school`` (or a system administrator)."""
    if user is None or not user.is_authenticated:
        return False
    if user.get_scope().everything:
        return True
    return user.role_assignments.filter(role=Role.PRINCIPAL, school=school).exists()


def rectification_roles(user, rectification: Rectification) -> set[str]:
    roles = set()
    school = rectification.school
    if is_school_side(user, school):
        roles.add(SCHOOL)
    if is_supervising(user, school) or (
        (profile := supervisor_of(user)) is not None
        and rectification.finding.visit.supervisor_id == profile.pk
    ):
        roles.add(SUPERVISOR)
    return roles


def _require(actor, rectification: Rectification, by: str) -> None:
    if actor is None:
        return  # the system (supervision_daily)
    if by not in rectification_roles(actor, rectification):
        raise Http404


def _require_supervising(actor, school: School) -> None:
    if actor is not None and not is_supervising(actor, school):
        raise Http404


def _file_check(files: Sequence, *, field: str = "files", images_only: bool = False) -> None:
    allowed = IMAGE_EXTENSIONS if images_only else FILE_EXTENSIONS
    for f in files:
        if Path(f.name).suffix.lower() not in allowed:
            raise ValidationError(
                {field: _("“{name}”: this kind of file is not accepted here.").format(name=f.name)}
            )
        if f.size > FILE_MAX_BYTES:
            raise ValidationError({field: _("“{name}” is larger than 20 MB.").format(name=f.name)})


# --- organisation --------------------------------------------------------------------------------------


@transaction.atomic
def supervisor_create(*, actor, county: Area, name: str, **fields) -> Supervisor:
    """A supervisor (督学) appointed by the county's 督导部门."""
    supervisor = Supervisor(county=county, name=name, **fields)
    supervisor.full_clean()
    supervisor.save()
    audit.record(
        actor=actor, action="supervision.supervisor.create", obj=supervisor, after=audit.snapshot(supervisor)
    )
    return supervisor


@transaction.atomic
def zone_create(*, actor, county: Area, name: str, lead: Supervisor | None = None) -> SupervisionZone:
    return object_create(actor=actor, obj=SupervisionZone(county=county, name=name, lead=lead))


@transaction.atomic
def assignment_create(
    *, actor, supervisor: Supervisor, school: School, zone: SupervisionZone, starts_on: dt.date
) -> SupervisorAssignment:
    """挂牌: make ``supervisor`` responsible for ``school`` from ``starts_on``; the school's current
    assignment, if any, ends the day before (rotation, 定期交流)."""
    if zone.county_id != school.county_id or supervisor.county_id != school.county_id:
        raise ValidationError(_("The supervisor, the zone and the school must be in the same county."))
    current = (
        SupervisorAssignment.objects.select_for_update().filter(school=school, ends_on__isnull=True).first()
    )
    if current is not None:
        if current.supervisor_id == supervisor.pk and current.zone_id == zone.pk:
            return current
        if starts_on <= current.starts_on:
            raise ValidationError(
                {
                    "starts_on": _("The new assignment must start after the current one ({date}).").format(
                        date=clock.written(current.starts_on)
                    )
                }
            )
        object_update(actor=actor, obj=current, data={"ends_on": starts_on - dt.timedelta(days=1)})
    return object_create(
        actor=actor,
        obj=SupervisorAssignment(supervisor=supervisor, school=school, zone=zone, starts_on=starts_on),
    )


# --- schedule ------------------------------------------------------------------------------------------


def _workdays(year: int, month: int) -> list[dt.date]:
    days = calendar.monthrange(year, month)[1]
    return [d for d in (dt.date(year, month, i) for i in range(1, days + 1)) if d.weekday() < 5]


@transaction.atomic
def schedule_generate(*, actor, county: Area, month: str) -> list[PlannedVisit]:
    """The month's schedule: one planned visit for every school with a current supervisor and none
    planned yet, spread over the working days so that no supervisor has two schools on one day where
    avoidable. Existing (hand-edited) entries stay as they are."""
    year, mon = (int(p) for p in month.split("-"))
    workdays = _workdays(year, mon)
    planned = set(
        PlannedVisit.objects.filter(month=month, school__county=county).values_list("school_id", flat=True)
    )
    created = []
    per_supervisor: dict[int, int] = {}
    for a in (
        SupervisorAssignment.objects.filter(
            school__county=county, ends_on__isnull=True, school__is_active=True
        )
        .select_related("school", "supervisor")
        .order_by("supervisor_id", "school__code")
    ):
        if a.school_id in planned:
            continue
        n = per_supervisor.get(a.supervisor_id, 0)
        per_supervisor[a.supervisor_id] = n + 1
        day = workdays[(3 + 4 * n + a.supervisor_id) % len(workdays)]
        created.append(PlannedVisit(school=a.school, supervisor=a.supervisor, month=month, planned_on=day))
    PlannedVisit.objects.bulk_create(created)
    audit.record_many(actor=actor, action="supervision.plannedvisit.create", objs=created)
    return created


@transaction.atomic
def planned_visit_update(
    *, actor, planned: PlannedVisit, planned_on: dt.date, supervisor: Supervisor | None = None
) -> PlannedVisit:
    """Move a planned visit within its month, or give it to another supervisor of the county."""
    _require_supervising(actor, planned.school)
    if checks.month_of(planned_on) != planned.month:
        raise ValidationError({"planned_on": _("Keep the visit within {month}.").format(month=planned.month)})
    data = {"planned_on": planned_on}
    if supervisor is not None:
        if supervisor.county_id != planned.school.county_id:
            raise ValidationError({"supervisor": _("Choose a supervisor of the school's county.")})
        data["supervisor"] = supervisor
    return object_update(actor=actor, obj=planned, data=data)


# --- visits --------------------------------------------------------------------------------------------


def _clean_methods(methods: Iterable[str]) -> list[str]:
    methods = list(dict.fromkeys(methods))
    unknown = [m for m in methods if m not in Method.values]
    if unknown:
        raise ValidationError({"methods": _("Unknown method: {m}.").format(m=", ".join(unknown))})
    return methods


@transaction.atomic
def visit_record(
    *,
    actor,
    school: School,
    visited_at: dt.datetime,
    kind: str = VisitKind.ROUTINE,
    methods: Iterable[str] = (),
    checklist: Mapping[int, tuple[str, str]] | None = None,
    summary: str = "",
    feedback_at: dt.datetime | None = None,
    feedback_note: str = "",
    submit_report: bool = False,
    files: Sequence = (),
    findings: Sequence[Mapping] = (),
    client_id: str | None = None,
    supervisor: Supervisor | None = None,
) -> Visit:
    """督导记录: record a visit with its checklist over the 8 items (rating and note each), files and
    photos, on-the-spot feedback and, if ``submit_report``, the report to the 督导部门 now.

    ``findings``: dicts with ``item``, ``description``, ``severity`` and, to open a rectification,
    ``requirement`` and ``deadline``. A ``client_id`` seen before returns that visit unchanged, so that an
    offline draft sent twice (a dropped answer, a second tab) makes one record.
    """
    if client_id:
        existing = Visit.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.school_id != school.pk:
                raise ValidationError(_("This draft was already sent for another school."))
            return existing
    _require_supervising(actor, school)
    supervisor = supervisor or supervisor_of(actor)
    if supervisor is None:
        raise ValidationError({"supervisor": _("Choose the supervisor who made the visit.")})
    if kind not in VisitKind.values:
        raise ValidationError({"kind": _("Choose the kind of visit.")})
    if visited_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationError({"visited_at": _("The visit cannot be in the future.")})
    if feedback_at is not None and feedback_at < visited_at:
        raise ValidationError({"feedback_at": _("Feedback cannot be given before the visit began.")})
    _file_check(files)
    visit = Visit(
        school=school,
        county_id=school.county_id,
        supervisor=supervisor,
        visited_at=visited_at,
        kind=kind,
        methods=_clean_methods(methods),
        summary=summary,
        feedback_at=feedback_at,
        feedback_note=feedback_note,
        report_submitted_at=clock.now() if submit_report else None,
        client_id=client_id or None,
        recorded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    visit.full_clean()
    visit.save()
    entries = []
    for item in Item:
        rating, note = (checklist or {}).get(int(item), (Rating.NOT_CHECKED, ""))
        if rating not in Rating.values:
            raise ValidationError({"checklist": _("Item {n}: choose a rating.").format(n=int(item))})
        entries.append(ChecklistEntry(visit=visit, item=item, rating=rating, note=(note or "")[:500]))
    ChecklistEntry.objects.bulk_create(entries)
    for f in files:
        VisitFile.objects.create(
            visit=visit,
            file=f,
            name=Path(f.name).name[:200],
            size=f.size,
            is_image=Path(f.name).suffix.lower() in IMAGE_EXTENSIONS,
        )
    planned = (
        PlannedVisit.objects.filter(
            school=school, month=checks.month_of(timezone.localtime(visited_at).date()), visit__isnull=True
        )
        .order_by("planned_on")
        .first()
    )
    if planned is not None:
        planned.visit = visit
        planned.save(update_fields=["visit", "updated_at"])
    after = audit.snapshot(visit)
    after.update(checklist={int(e.item): e.rating for e in entries}, files=len(files))
    audit.record(actor=actor, action="supervision.visit.create", obj=visit, after=after)
    for data in findings:
        finding_add(actor=actor, visit=visit, **data)
    return visit


@transaction.atomic
def visit_submit_report(*, actor, visit: Visit) -> Visit:
    """报告: the visit's report goes to the 督导部门 (once)."""
    _require_supervising(actor, visit.school)
    if visit.report_submitted_at is not None:
        raise ValidationError(_("The report of this visit was already submitted."))
    return object_update(actor=actor, obj=visit, data={"report_submitted_at": clock.now()})


@transaction.atomic
def visit_feedback(*, actor, visit: Visit, feedback_at: dt.datetime, note: str = "") -> Visit:
    """当场反馈: when feedback was given to the school, and what was said."""
    _require_supervising(actor, visit.school)
    return object_update(actor=actor, obj=visit, data={"feedback_at": feedback_at, "feedback_note": note})


@transaction.atomic
def finding_add(
    *,
    actor,
    visit: Visit,
    item: int,
    description: str,
    severity: str = Severity.GENERAL,
    requirement: str = "",
    deadline: dt.date | None = None,
    rectify: bool | None = None,
) -> Finding:
    """问题: a finding on a visit; with a requirement (or ``rectify``) it opens a rectification."""
    _require_supervising(actor, visit.school)
    if not (description or "").strip():
        raise ValidationError({"description": _("Describe what was found.")})
    finding = Finding(
        visit=visit,
        school_id=visit.school_id,
        item=int(item),
        description=description.strip(),
        severity=severity,
    )
    finding.full_clean()
    finding.save()
    audit.record(actor=actor, action="supervision.finding.create", obj=finding, after=audit.snapshot(finding))
    if rectify or (rectify is None and (requirement or deadline)):
        rectification_open(
            actor=actor,
            finding=finding,
            requirement=requirement or description,
            deadline=deadline
            or timezone.localtime(visit.visited_at).date() + dt.timedelta(days=DEFAULT_RECTIFICATION_DAYS),
        )
    return finding


# --- rectification -------------------------------------------------------------------------------------


def _locked(rectification: Rectification) -> Rectification:
    """Re-read under a row lock, so that two people acting at once cannot both pass ``check``."""
    return (
        Rectification.objects.select_for_update()
        .select_related("school__area", "finding__visit")
        .get(pk=rectification.pk)
    )


@transaction.atomic
def rectification_open(*, actor, finding: Finding, requirement: str, deadline: dt.date) -> Rectification:
    """整改通知: the school must put the finding right by ``deadline``."""
    _require_supervising(actor, finding.visit.school)
    if Rectification.objects.filter(finding=finding).exists():
        raise ValidationError(_("This finding already has a rectification."))
    if not requirement.strip():
        raise ValidationError({"requirement": _("Say what the school must do.")})
    if deadline < timezone.localtime(finding.visit.visited_at).date():
        raise ValidationError({"deadline": _("The deadline cannot be before the visit.")})
    rectification = Rectification(
        finding=finding,
        school_id=finding.school_id,
        county_id=finding.visit.county_id,
        requirement=requirement.strip(),
        deadline=deadline,
        opened_by=actor if actor is not None and actor.is_authenticated else None,
    )
    rectification.full_clean()
    rectification.save()
    audit.record(
        actor=actor,
        action="supervision.rectification.open",
        obj=rectification,
        after=audit.snapshot(rectification),
    )
    _notify_school(
        rectification,
        kind=Notification.Kind.RECTIFICATION_OPENED,
        message=_("A rectification was opened for {school}: {requirement} (deadline {deadline}).").format(
            school=rectification.school.name,
            requirement=rectification.requirement[:80],
            deadline=clock.written(rectification.deadline),
        ),
        key=f"rectification_opened:{rectification.pk}",
    )
    return rectification


def _rectification_url(rectification: Rectification) -> str:
    return reverse("supervision:rectification_detail", args=[rectification.pk])


def _notify_school(rectification: Rectification, *, kind: str, message: str, key: str) -> None:
    """Tell the school's principals (who answer rectifications)."""
    principals = User.objects.filter(
        role_assignments__role=Role.PRINCIPAL, role_assignments__school_id=rectification.school_id
    ).distinct()
    notify(users=principals, kind=kind, message=message, key=key, url=_rectification_url(rectification))


def _notify_supervisor(rectification: Rectification, *, kind: str, message: str, key: str) -> None:
    """Tell the supervisor who made the finding, and the school's current supervisor, that a check waits."""
    users = User.objects.filter(
        Q(supervisor_profile__visits__findings__rectification=rectification)
        | Q(
            supervisor_profile__assignments__school_id=rectification.school_id,
            supervisor_profile__assignments__ends_on__isnull=True,
        )
    ).distinct()
    notify(users=users, kind=kind, message=message, key=key, url=_rectification_url(rectification))


def _transition(
    *, actor, rectification: Rectification, action: str, changes: dict, note: str = ""
) -> Rectification:
    rectification = _locked(rectification)
    _require(actor, rectification, workflow.TRANSITIONS[action].by)
    transition = workflow.check(action, rectification.status)
    before = {"status": rectification.status}
    rectification.status = transition.target or rectification.status
    for field, value in changes.items():
        before[field] = _plain(getattr(rectification, rectification._meta.get_field(field).attname))
        setattr(rectification, field, value)
    rectification.save()
    after = {"status": rectification.status}
    after.update(
        {f: _plain(getattr(rectification, rectification._meta.get_field(f).attname)) for f in changes}
    )
    if note:
        after["note"] = note
    audit.record(actor=actor, action=transition.code, obj=rectification, before=before, after=after)
    return rectification


def _urges_resolve(rectification: Rectification) -> None:
    escalation.urges_resolve(rectification, notice_model=RectificationUrge, link="rectification")


@transaction.atomic
def rectification_answer(
    *, actor, rectification: Rectification, actions: str, files: Sequence = ()
) -> Rectification:
    """整改报告: the school says what it did, with evidence; open urge notices are answered by it."""
    if not (actions or "").strip():
        raise ValidationError({"actions": _("Describe the actions taken.")})
    _file_check(files)
    rectification = _transition(
        actor=actor, rectification=rectification, action="answer", changes={"answered_at": clock.now()}
    )
    answer = RectificationAnswer.objects.create(
        rectification=rectification,
        actions=actions.strip(),
        author=actor if actor is not None and actor.is_authenticated else None,
    )
    for f in files:
        RectificationFile.objects.create(answer=answer, file=f, name=Path(f.name).name[:200], size=f.size)
    _urges_resolve(rectification)
    _notify_supervisor(
        rectification,
        kind=Notification.Kind.RECTIFICATION_ANSWERED,
        message=_("{school} answered its rectification “{requirement}”: please verify it.").format(
            school=rectification.school.name, requirement=rectification.requirement[:80]
        ),
        key=f"rectification_answered:{answer.pk}",
    )
    return rectification


@transaction.atomic
def rectification_close(*, actor, rectification: Rectification, note: str = "") -> Rectification:
    """验收销号: the supervisor verifies the rectification on site or from the evidence."""
    return _transition(
        actor=actor,
        rectification=rectification,
        action="close",
        changes={"closed_at": clock.now(), "closed_by": actor if actor is not None else None},
        note=note,
    )


@transaction.atomic
def rectification_return(*, actor, rectification: Rectification, reason: str) -> Rectification:
    """退回: the answer does not put it right; the reason is kept and the school answers again."""
    locked = _locked(rectification)
    changes = escalation.return_changes(
        locked, reason=reason, missing=_("Say why the rectification is returned.")
    )
    rectification = _transition(
        actor=actor, rectification=locked, action="return", changes=changes, note=changes["return_reason"]
    )
    _notify_school(
        rectification,
        kind=Notification.Kind.RECTIFICATION_RETURNED,
        message=_("The rectification “{requirement}” was returned: {reason}").format(
            requirement=rectification.requirement[:80], reason=rectification.return_reason[:120]
        ),
        key=f"rectification_returned:{rectification.pk}:{rectification.returned_count}",
    )
    return rectification


@transaction.atomic
def rectification_urge(
    *,
    actor,
    rectification: Rectification,
    level: int | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> RectificationUrge:
    """催办: the next notice on the ladder 蓝 → 橙 → 红 (红 = escalated to the 督导室 for 约谈), numbered
    per county and year (core.escalation)."""
    today = _today(today)
    rectification = _locked(rectification)
    _require(actor, rectification, workflow.TRANSITIONS["urge"].by)
    workflow.check("urge", rectification.status)
    days = (today - rectification.deadline).days
    notice = escalation.urge_issue(
        actor=actor,
        action=workflow.TRANSITIONS["urge"].code,
        subject=rectification,
        notice_model=RectificationUrge,
        link="rectification",
        level=level,
        reason=reason
        or _("{school}: the rectification due {deadline} is {days} days overdue.").format(
            school=rectification.school.name,
            deadline=clock.written(rectification.deadline),
            days=max(days, 0),
        ),
        today=today,
    )
    _notify_school(
        rectification,
        kind=Notification.Kind.URGE,
        message=_("{notice} on the rectification “{requirement}”: answer by {date}.").format(
            notice=notice.doc_number,
            requirement=rectification.requirement[:80],
            date=clock.written(notice.respond_by),
        ),
        key=f"rectification_urge:{notice.pk}",
    )
    return notice


def urges_escalate(*, today: dt.date | None = None) -> list[RectificationUrge]:
    """The daily ladder: an overdue rectification the school has not answered gets a 蓝 notice; an open
    notice whose answer date has passed gets the next level, up to 红 (督导室)."""
    today = _today(today)
    overdue = Rectification.objects.filter(status__in=AWAITING_SCHOOL, deadline__lt=today).order_by("pk")
    return escalation.ladder_escalate(
        overdue, today=today, notice_model=RectificationUrge, link="rectification", issue=rectification_urge
    )


def supervision_daily(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: escalate overdue rectifications."""
    return {"urges": len(urges_escalate(today=today))}


# --- 三年一轮 --------------------------------------------------------------------------------------------


@transaction.atomic
def cycle_create(*, actor, county: Area, name: str, first_year: int, years: int = 3) -> EvaluationCycle:
    """A comprehensive-evaluation cycle with every open school of the county planned into one of its
    years, balanced across the years and within each town."""
    cycle = object_create(
        actor=actor, obj=EvaluationCycle(county=county, name=name, first_year=first_year, years=years)
    )
    schools = list(School.objects.filter(county=county, is_active=True).values_list("pk", "area__name"))
    plan = checks.cycle_plan(schools=schools, years=cycle.year_range)
    slots = [CycleSlot(cycle=cycle, school_id=pk, year=year) for pk, year in plan.items()]
    CycleSlot.objects.bulk_create(slots)
    audit.record(
        actor=actor, action="supervision.evaluationcycle.plan", obj=cycle, after={"schools": len(slots)}
    )
    return cycle


@transaction.atomic
def cycle_slot_move(*, actor, slot: CycleSlot, year: int) -> CycleSlot:
    """Move one school's review to another year of the cycle (by hand)."""
    if year not in slot.cycle.year_range:
        raise ValidationError(
            {
                "year": _("Choose a year of the cycle ({first}–{last}).").format(
                    first=slot.cycle.first_year, last=slot.cycle.year_range[-1]
                )
            }
        )
    return object_update(actor=actor, obj=slot, data={"year": year})


@transaction.atomic
def cycle_rebalance(*, actor, cycle: EvaluationCycle) -> int:
    """Add schools opened since the cycle was planned, keeping every year already chosen."""
    fixed = dict(cycle.slots.values_list("school_id", "year"))
    schools = list(School.objects.filter(county=cycle.county, is_active=True).values_list("pk", "area__name"))
    plan = checks.cycle_plan(schools=schools, years=cycle.year_range, fixed=fixed)
    new = [CycleSlot(cycle=cycle, school_id=pk, year=y) for pk, y in plan.items() if pk not in fixed]
    CycleSlot.objects.bulk_create(new)
    if new:
        audit.record(
            actor=actor, action="supervision.evaluationcycle.plan", obj=cycle, after={"added": len(new)}
        )
    return len(new)
