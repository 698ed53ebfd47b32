"""Safety writes: the hazard loop and its escalation, bullying cases, training centres (registry,
inspections, complaints) and 平安校园 scores.

Every service is keyword-only, transactional, takes the acting user (``actor``; None for the daily job)
and records its event in the audit log with a ``safety.*`` code. Who may act on a hazard:

* the **school side**: a principal of the school — reports hazards, assigns them, reports the fix;
* the **bureau side**: staff of the 安全保卫股 over the school, a bureau leader over it, the school's
  responsible supervisor, a system administrator — reports (inspections), verifies, returns and urges.

A bullying case is its handlers' alone. Anyone else gets ``Http404``, the same answer as for an object
that does not exist. Notifications follow the rectification loop's (``core.notifications.notify``);
messages about bullying cases carry no pupil's name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.core import audit, clock, escalation
from edubureau.core.models import Notification
from edubureau.core.notifications import notify
from edubureau.core.services import object_create
from edubureau.registry.models import Area, School
from edubureau.safety import grading, workflow
from edubureau.safety.choices import (
    HAZARD_AWAITING_SCHOOL,
    BullyingSeverity,
    BullyingSource,
    BullyingStatus,
    CentreStatus,
    ComplaintStatus,
    FileStage,
    HazardLevel,
    HazardSource,
    HazardStatus,
    InspectionResult,
    UrgeLevel,
)
from edubureau.safety.models import (
    BullyingCase,
    BullyingHandler,
    CampusGrade,
    CampusScheme,
    CentreInspection,
    Complaint,
    Hazard,
    HazardFile,
    HazardUrge,
    TrainingCentre,
)

#: The bureau unit for school safety; its staff get 重大 hazards at once and act on every hazard.
SAFETY_OFFICE_NAMES = ("安全保卫股", "安保股")
#: 教督〔2017〕10号 二(二)1: "原则上学校应在启动调查处理程序10日内完成调查".
INVESTIGATION_DAYS = 10
#: 教督〔2017〕10号 二(二)2: the county's 复查 "应在15日内完成".
REVIEW_DAYS = 15
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".heic", ".heif", ".webp", ".gif"}
FILE_EXTENSIONS = IMAGE_EXTENSIONS | {".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".mp4"}
FILE_MAX_BYTES = 20 * 1024 * 1024

SCHOOL, BUREAU, HANDLER = workflow.SCHOOL, workflow.BUREAU, workflow.HANDLER


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


def _plain(value):
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def _person(actor):
    return actor if actor is not None and actor.is_authenticated else None


# --- who may act ---------------------------------------------------------------------------------------


def _in_safety_office(user) -> bool:
    department = user.department
    if department is None:
        return False
    names = {department.name, *(a.strip() for a in department.aliases.split(",") if a.strip())}
    return bool(names & set(SAFETY_OFFICE_NAMES))


def is_school_side(user, school: School) -> bool:
    """A principal of ``school`` (or a system administrator)."""
    if user is None or not user.is_authenticated:
        return False
    if user.get_scope().everything:
        return True
    return user.role_assignments.filter(role=Role.PRINCIPAL, school=school).exists()


def is_bureau_side(user, school: School) -> bool:
    """The 安全保卫股 or a leader over ``school``, its responsible supervisor, a system administrator."""
    if user is None or not user.is_authenticated:
        return False
    if user.get_scope().everything:
        return True
    for a in user.role_assignments.select_related("area"):
        if a.role == Role.SUPERVISOR and a.school_id == school.pk:
            return True
        if not a.area_id or not school.area.path.startswith(a.area.path):
            continue
        if a.role == Role.LEADER or (a.role == Role.DEPARTMENT_STAFF and _in_safety_office(user)):
            return True
    return False


def reporting_schools(user):
    """The schools where ``user`` is on the school or the bureau side: where they may report a hazard or
    a bullying case (the forms offer only these)."""
    schools = School.objects.restrict(user, "view").filter(is_active=True).order_by("code")
    if user.get_scope().everything:
        return schools
    assignments = list(user.role_assignments.all())
    if any(
        a.role == Role.LEADER or (a.role == Role.DEPARTMENT_STAFF and _in_safety_office(user))
        for a in assignments
    ):
        return schools
    own = [a.school_id for a in assignments if a.school_id and a.role in (Role.PRINCIPAL, Role.SUPERVISOR)]
    return schools.filter(pk__in=own)


def hazard_roles(user, hazard: Hazard) -> set[str]:
    roles = set()
    if is_school_side(user, hazard.school):
        roles.add(SCHOOL)
    if is_bureau_side(user, hazard.school):
        roles.add(BUREAU)
    return roles


def safety_office_users(county: Area):
    """The staff of the county's 安全保卫股 (who hear of 重大 hazards at once)."""
    q = Q()
    for name in SAFETY_OFFICE_NAMES:
        q |= Q(department__name=name) | Q(department__aliases__contains=name)
    return User.objects.filter(q, department__county=county, is_active=True)


def _file_check(files: Sequence, *, field: str = "files") -> None:
    for f in files:
        if Path(f.name).suffix.lower() not in FILE_EXTENSIONS:
            raise ValidationError(
                {field: _("“{name}”: this kind of file is not accepted here.").format(name=f.name)}
            )
        if f.size > FILE_MAX_BYTES:
            raise ValidationError({field: _("“{name}” is larger than 20 MB.").format(name=f.name)})


def _attach(hazard: Hazard, files: Sequence, stage: str) -> None:
    for f in files:
        HazardFile.objects.create(
            hazard=hazard,
            stage=stage,
            file=f,
            name=Path(f.name).name[:200],
            size=f.size,
            is_image=Path(f.name).suffix.lower() in IMAGE_EXTENSIONS,
        )


# --- hazards -------------------------------------------------------------------------------------------


def _hazard_url(hazard: Hazard) -> str:
    return reverse("safety:hazard_detail", args=[hazard.pk])


def _principals(school_id: int):
    return User.objects.filter(
        role_assignments__role=Role.PRINCIPAL, role_assignments__school_id=school_id
    ).distinct()


def _notify_school(hazard: Hazard, *, kind: str, message: str, key: str) -> None:
    notify(users=_principals(hazard.school_id), kind=kind, message=message, key=key, url=_hazard_url(hazard))


def _notify_bureau(hazard: Hazard, *, kind: str, message: str, key: str) -> None:
    """The 安全保卫股 and the school's responsible supervisors."""
    supervisors = User.objects.filter(
        role_assignments__role=Role.SUPERVISOR, role_assignments__school_id=hazard.school_id
    )
    users = [*safety_office_users(hazard.county), *supervisors]
    notify(users=users, kind=kind, message=message, key=key, url=_hazard_url(hazard))


@transaction.atomic
def hazard_report(
    *,
    actor,
    school: School,
    title: str,
    category: str,
    place: str,
    level: str,
    found_on: dt.date,
    deadline: dt.date,
    source: str | None = None,
    description: str = "",
    responsible: str = "",
    photos: Sequence = (),
) -> Hazard:
    """隐患登记: a hazard found at ``school`` by the school itself, its supervisor or an inspection, to be
    fixed by ``deadline``. A 重大 hazard goes to the 安全保卫股 at once; one found by the bureau side goes
    to the school's principals."""
    school_side = is_school_side(actor, school)
    bureau_side = is_bureau_side(actor, school)
    if actor is not None and not (school_side or bureau_side):
        raise Http404
    if source is None:
        source = HazardSource.SCHOOL if school_side and not bureau_side else HazardSource.INSPECTION
    if not (title or "").strip():
        raise ValidationError({"title": _("Say what the hazard is.")})
    if found_on > clock.today():
        raise ValidationError({"found_on": _("The date found cannot be in the future.")})
    if deadline < found_on:
        raise ValidationError({"deadline": _("The deadline cannot be before the date found.")})
    _file_check(photos, field="photos")
    hazard = Hazard(
        school=school,
        county_id=school.county_id,
        title=title.strip(),
        description=(description or "").strip(),
        category=category,
        place=(place or "").strip(),
        level=level,
        source=source,
        found_on=found_on,
        deadline=deadline,
        responsible=(responsible or "").strip(),
        reported_by=_person(actor),
    )
    hazard.full_clean()
    hazard.save()
    _attach(hazard, photos, FileStage.FOUND)
    after = audit.snapshot(hazard)
    after["files"] = len(photos)
    audit.record(actor=actor, action="safety.hazard.report", obj=hazard, after=after)
    if level == HazardLevel.MAJOR:
        _notify_bureau(
            hazard,
            kind=Notification.Kind.RECTIFICATION_OPENED,
            message=_("Major hazard at {school}: {title} ({place}), to be fixed by {deadline}.").format(
                school=school.name,
                title=hazard.title[:60],
                place=hazard.place,
                deadline=clock.written(deadline),
            ),
            key=f"hazard_major:{hazard.pk}",
        )
    if not school_side:
        _notify_school(
            hazard,
            kind=Notification.Kind.RECTIFICATION_OPENED,
            message=_("A hazard was found at {school}: {title}; fix it by {deadline}.").format(
                school=school.name, title=hazard.title[:60], deadline=clock.written(deadline)
            ),
            key=f"hazard_found:{hazard.pk}",
        )
    return hazard


def _locked_hazard(hazard: Hazard) -> Hazard:
    """Re-read under a row lock, so that two people acting at once cannot both pass ``check``."""
    return Hazard.objects.select_for_update().select_related("school__area").get(pk=hazard.pk)


def _require(actor, roles: set[str], by: frozenset[str]) -> None:
    if actor is not None and not (roles & by):
        raise Http404


def _hazard_transition(*, actor, hazard: Hazard, action: str, changes: dict, note: str = "") -> Hazard:
    hazard = _locked_hazard(hazard)
    transition = workflow.HAZARD[action]
    _require(actor, hazard_roles(actor, hazard) if actor is not None else set(), transition.by)
    workflow.check(workflow.HAZARD, action, hazard.status, HazardStatus(hazard.status).label)
    before = {"status": hazard.status}
    hazard.status = transition.target or hazard.status
    for field, value in changes.items():
        before[field] = _plain(getattr(hazard, hazard._meta.get_field(field).attname))
        setattr(hazard, field, value)
    hazard.full_clean()
    hazard.save(update_fields=["status", *changes, "updated_at"])
    after = {"status": hazard.status}
    after.update({f: _plain(getattr(hazard, hazard._meta.get_field(f).attname)) for f in changes})
    if note:
        after["note"] = note
    audit.record(actor=actor, action=transition.code, obj=hazard, before=before, after=after)
    return hazard


@transaction.atomic
def hazard_assign(*, actor, hazard: Hazard, responsible: str, deadline: dt.date | None = None) -> Hazard:
    """落实责任: name the person responsible for the fix (and, if given, a new deadline)."""
    if not (responsible or "").strip():
        raise ValidationError({"responsible": _("Name the person responsible.")})
    changes: dict = {"responsible": responsible.strip()}
    if deadline is not None:
        changes["deadline"] = deadline
    return _hazard_transition(actor=actor, hazard=hazard, action="assign", changes=changes)


def _urges_resolve(hazard: Hazard) -> None:
    escalation.urges_resolve(hazard, notice_model=HazardUrge, link="hazard")


@transaction.atomic
def hazard_fix(*, actor, hazard: Hazard, actions: str, files: Sequence = ()) -> Hazard:
    """整改完成: the school says what it did, with photos; open urge notices are answered by it."""
    if not (actions or "").strip():
        raise ValidationError({"actions": _("Describe the actions taken.")})
    _file_check(files)
    hazard = _hazard_transition(
        actor=actor,
        hazard=hazard,
        action="fix",
        changes={"fix_actions": actions.strip(), "fixed_at": clock.now()},
    )
    _attach(hazard, files, FileStage.FIXED)
    _urges_resolve(hazard)
    _notify_bureau(
        hazard,
        kind=Notification.Kind.RECTIFICATION_ANSWERED,
        message=_("{school} fixed the hazard “{title}”: please verify it.").format(
            school=hazard.school.name, title=hazard.title[:60]
        ),
        key=f"hazard_fixed:{hazard.pk}:{hazard.returned_count}",
    )
    return hazard


@transaction.atomic
def hazard_verify(*, actor, hazard: Hazard, note: str = "") -> Hazard:
    """验收销号: the bureau side checks the fix on site or from the photos."""
    return _hazard_transition(
        actor=actor,
        hazard=hazard,
        action="verify",
        changes={"verified_at": clock.now(), "verified_by": _person(actor)},
        note=(note or "").strip(),
    )


@transaction.atomic
def hazard_return(*, actor, hazard: Hazard, reason: str) -> Hazard:
    """退回: the fix does not remove the hazard; the reason is kept and the school fixes it again."""
    locked = _locked_hazard(hazard)
    changes = escalation.return_changes(locked, reason=reason, missing=_("Say why the fix is returned."))
    hazard = _hazard_transition(
        actor=actor, hazard=locked, action="return", changes=changes, note=changes["return_reason"]
    )
    _notify_school(
        hazard,
        kind=Notification.Kind.RECTIFICATION_RETURNED,
        message=_("The fix of the hazard “{title}” was returned: {reason}").format(
            title=hazard.title[:60], reason=hazard.return_reason[:120]
        ),
        key=f"hazard_returned:{hazard.pk}:{hazard.returned_count}",
    )
    return hazard


@transaction.atomic
def hazard_urge(
    *, actor, hazard: Hazard, level: int | None = None, reason: str = "", today: dt.date | None = None
) -> HazardUrge:
    """催办: the next notice on the ladder 蓝 → 橙 → 红 (core.escalation), numbered per county and year;
    the red one goes to the 安全保卫股 as well."""
    today = _today(today)
    hazard = _locked_hazard(hazard)
    transition = workflow.HAZARD["urge"]
    _require(actor, hazard_roles(actor, hazard) if actor is not None else set(), transition.by)
    workflow.check(workflow.HAZARD, "urge", hazard.status, HazardStatus(hazard.status).label)
    days = (today - hazard.deadline).days
    notice = escalation.urge_issue(
        actor=actor,
        action=transition.code,
        subject=hazard,
        notice_model=HazardUrge,
        link="hazard",
        level=level,
        reason=reason
        or _("{school}: the hazard due {deadline} is {days} days overdue.").format(
            school=hazard.school.name, deadline=clock.written(hazard.deadline), days=max(days, 0)
        ),
        today=today,
    )
    message = _("{notice} on the hazard “{title}”: fix it by {date}.").format(
        notice=notice.doc_number, title=hazard.title[:60], date=clock.written(notice.respond_by)
    )
    _notify_school(hazard, kind=Notification.Kind.URGE, message=message, key=f"hazard_urge:{notice.pk}")
    if notice.level == UrgeLevel.RED:
        _notify_bureau(hazard, kind=Notification.Kind.URGE, message=message, key=f"hazard_urge:{notice.pk}")
    return notice


def hazards_escalate(*, today: dt.date | None = None) -> list[HazardUrge]:
    """The daily ladder: an overdue hazard the school has not fixed gets a 蓝 notice; an open notice whose
    answer date has passed gets the next level, up to 红."""
    today = _today(today)
    overdue = Hazard.objects.filter(status__in=HAZARD_AWAITING_SCHOOL, deadline__lt=today).order_by("pk")
    return escalation.ladder_escalate(
        overdue, today=today, notice_model=HazardUrge, link="hazard", issue=hazard_urge
    )


def bullying_deadlines_remind(*, today: dt.date | None = None) -> int:
    """Tell the handlers of every case whose current step is past its time limit (调查 10 days, 复查 15
    days), once per case and step; the message names no pupil."""
    today = _today(today)
    late = BullyingCase._base_manager.filter(
        Q(status=BullyingStatus.INVESTIGATING, investigation_due__lt=today)
        | Q(status=BullyingStatus.REVIEWING, review_due__lt=today)
    ).select_related("school")
    sent = 0
    for case in late:
        step = BullyingStatus(case.status).label
        message = _(
            "The bullying case at {school} reported on {date} is past its time limit ({step}, due {due})."
        )
        sent += len(
            notify(
                users=[h.user for h in case.handlers.select_related("user")],
                kind=Notification.Kind.OVERDUE,
                message=message.format(
                    school=case.school.name,
                    date=clock.written(case.reported_on),
                    step=step,
                    due=clock.written(case.due()),
                ),
                key=f"bullying_overdue:{case.pk}:{case.status}",
                url=_case_url(case),
            )
        )
    return sent


def safety_daily(*, today: dt.date | None = None) -> dict[str, int]:
    """The daily job: escalate overdue hazards; remind the handlers of bullying cases past a time limit."""
    return {
        "urges": len(hazards_escalate(today=today)),
        "case_reminders": bullying_deadlines_remind(today=today),
    }


# --- 校园欺凌 -------------------------------------------------------------------------------------------


def _case_url(case: BullyingCase) -> str:
    return reverse("safety:bullying_detail", args=[case.pk])


def is_handler(user, case: BullyingCase) -> bool:
    return (
        user is not None
        and user.is_authenticated
        and BullyingCase.objects.restrict(user, "view").filter(pk=case.pk).exists()
    )


def _may_handle(user, school: School) -> bool:
    """Whether ``user`` may be named a handler of a case at ``school``: a principal of the school, the
    安全保卫股 or a leader over it, or its responsible supervisor."""
    return user.is_active and (is_school_side(user, school) or is_bureau_side(user, school))


def _notify_handlers(case: BullyingCase, *, message: str, key: str, exclude=None) -> None:
    users = [
        h.user for h in case.handlers.select_related("user") if h.user_id != getattr(exclude, "pk", None)
    ]
    notify(users=users, kind=Notification.Kind.TASK_ASSIGNED, message=message, key=key, url=_case_url(case))


@transaction.atomic
def bullying_case_report(
    *,
    actor,
    school: School,
    reported_on: dt.date,
    source: str,
    summary: str,
    victims: str,
    perpetrators: str,
    handlers: Sequence = (),
) -> BullyingCase:
    """欺凌事件报告: a case at ``school``, handled by whoever records it and the ``handlers`` named."""
    if actor is not None and not _may_handle(actor, school):
        raise Http404
    if source not in BullyingSource.values:
        raise ValidationError({"source": _("Choose who reported it.")})
    if reported_on > clock.today():
        raise ValidationError({"reported_on": _("The date reported cannot be in the future.")})
    for name, value in (("summary", summary), ("victims", victims), ("perpetrators", perpetrators)):
        if not (value or "").strip():
            raise ValidationError({name: _("This field is required.")})
    case = BullyingCase(
        school=school,
        county_id=school.county_id,
        reported_on=reported_on,
        source=source,
        summary=summary.strip(),
        victims=victims.strip(),
        perpetrators=perpetrators.strip(),
    )
    case.full_clean()
    case.save()
    audit.record(actor=actor, action="safety.bullyingcase.report", obj=case, after=audit.snapshot(case))
    people = [u for u in dict.fromkeys([_person(actor), *handlers]) if u is not None]
    for user in people:
        if not _may_handle(user, school):
            raise ValidationError(
                {"handlers": _("{user} cannot handle cases of this school.").format(user=user)}
            )
        BullyingHandler.objects.create(case=case, user=user, added_by=_person(actor))
    _notify_handlers(
        case,
        message=_("You are a handler of a bullying case reported at {school} on {date}.").format(
            school=school.name, date=clock.written(reported_on)
        ),
        key=f"bullying_handler:{case.pk}",
        exclude=actor,
    )
    return case


@transaction.atomic
def bullying_handler_add(*, actor, case: BullyingCase, user) -> BullyingHandler:
    """Name one more handler (a handler does it); they see the case from now on."""
    if actor is not None and not is_handler(actor, case):
        raise Http404
    if user is None or not _may_handle(user, case.school):
        raise ValidationError({"user": _("This person cannot handle cases of this school.")})
    handler, created = BullyingHandler.objects.get_or_create(
        case=case, user=user, defaults={"added_by": _person(actor)}
    )
    if created:
        audit.record(
            actor=actor, action="safety.bullyingcase.handler_add", obj=case, after={"handler": str(user)}
        )
        notify(
            users=[user],
            kind=Notification.Kind.TASK_ASSIGNED,
            message=_("You are a handler of a bullying case reported at {school} on {date}.").format(
                school=case.school.name, date=clock.written(case.reported_on)
            ),
            key=f"bullying_handler:{case.pk}",
            url=_case_url(case),
        )
    return handler


def bullying_case_viewed(*, actor, case: BullyingCase) -> None:
    """Every opening of a case is logged (personal data of minors; DESIGN §4)."""
    audit.record(actor=actor, action="safety.bullyingcase.view", obj=case)


def _case_transition(
    *, actor, case: BullyingCase, action: str, changes: dict, note: str = ""
) -> BullyingCase:
    case = BullyingCase._base_manager.select_for_update().select_related("school").get(pk=case.pk)
    transition = workflow.BULLYING[action]
    if actor is not None and not is_handler(actor, case):
        raise Http404
    workflow.check(workflow.BULLYING, action, case.status, BullyingStatus(case.status).label)
    before = {"status": case.status}
    case.status = transition.target or case.status
    for field, value in changes.items():
        before[field] = _plain(getattr(case, field))
        setattr(case, field, value)
    case.full_clean()
    case.save(update_fields=["status", *changes, "updated_at"])
    after = {"status": case.status, **{f: _plain(getattr(case, f)) for f in changes}}
    if note:
        after["note"] = note
    audit.record(actor=actor, action=transition.code, obj=case, before=before, after=after)
    return case


@transaction.atomic
def bullying_investigate(*, actor, case: BullyingCase, started_on: dt.date | None = None) -> BullyingCase:
    """启动调查处理程序: the 10-day limit of the 方案 runs from today (or ``started_on``)."""
    started_on = started_on or clock.today()
    if started_on < case.reported_on:
        raise ValidationError({"started_on": _("The investigation cannot start before the report.")})
    return _case_transition(
        actor=actor,
        case=case,
        action="investigate",
        changes={
            "investigation_started_on": started_on,
            "investigation_due": started_on + dt.timedelta(days=INVESTIGATION_DAYS),
        },
    )


@transaction.atomic
def bullying_determine(
    *,
    actor,
    case: BullyingCase,
    is_bullying: bool,
    measures: str,
    severity: str = "",
    police_reported: bool = False,
    determined_on: dt.date | None = None,
) -> BullyingCase:
    """认定: the school's 学生欺凌治理委员会 decides whether it is bullying, how serious, and the measures
    (教育惩戒, 专门教育, 心理辅导 …); a suspected offence is reported to the police."""
    if is_bullying and severity not in BullyingSeverity.values:
        raise ValidationError({"severity": _("Choose how serious the bullying is.")})
    if not (measures or "").strip():
        raise ValidationError({"measures": _("Say what was done.")})
    return _case_transition(
        actor=actor,
        case=case,
        action="determine",
        changes={
            "is_bullying": bool(is_bullying),
            "severity": severity if is_bullying else "",
            "measures": measures.strip(),
            "police_reported": bool(police_reported or severity == BullyingSeverity.CRIMINAL),
            "determined_on": determined_on or clock.today(),
        },
    )


@transaction.atomic
def bullying_appeal(
    *, actor, case: BullyingCase, note: str, appealed_on: dt.date | None = None
) -> BullyingCase:
    """申诉: a party does not accept the determination and appeals to the county."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what the appeal asks for.")})
    return _case_transition(
        actor=actor,
        case=case,
        action="appeal",
        changes={"appealed_on": appealed_on or clock.today()},
        note=note.strip(),
    )


@transaction.atomic
def bullying_review(*, actor, case: BullyingCase, started_on: dt.date | None = None) -> BullyingCase:
    """复查: the county's 防治学生欺凌工作部门 reviews the case within 15 days."""
    started_on = started_on or clock.today()
    return _case_transition(
        actor=actor,
        case=case,
        action="review",
        changes={"review_started_on": started_on, "review_due": started_on + dt.timedelta(days=REVIEW_DAYS)},
    )


@transaction.atomic
def bullying_conclude(*, actor, case: BullyingCase, result: str) -> BullyingCase:
    """复查结论: the review's finding, told to the school, the parents and the pupils; the case closes."""
    if not (result or "").strip():
        raise ValidationError({"result": _("Say what the review found.")})
    return _case_transition(
        actor=actor,
        case=case,
        action="conclude",
        changes={"review_result": result.strip(), "closed_on": clock.today()},
    )


@transaction.atomic
def bullying_close(*, actor, case: BullyingCase, note: str = "") -> BullyingCase:
    """办结: no appeal; the measures are done and the case is filed (专门档案)."""
    return _case_transition(
        actor=actor,
        case=case,
        action="close",
        changes={"closed_on": clock.today()},
        note=(note or "").strip(),
    )


# --- 校外培训机构 ---------------------------------------------------------------------------------------


def _require_change(actor, model, obj) -> None:
    if actor is not None and not model.objects.restrict(actor, "change").filter(pk=obj.pk).exists():
        raise Http404


@transaction.atomic
def centre_create(*, actor, area: Area, **fields) -> TrainingCentre:
    """Register a licensed training centre in ``area`` (a town of the county)."""
    if actor is not None and not Area.objects.restrict(actor, "view").filter(pk=area.pk).exists():
        raise Http404
    county = area if area.parent_id is None else area.parent
    return object_create(actor=actor, obj=TrainingCentre(county=county, area=area, **fields))


@transaction.atomic
def centre_inspect(
    *,
    actor,
    centre: TrainingCentre,
    inspected_on: dt.date,
    inspectors: str,
    result: str,
    findings: str = "",
    requirement: str = "",
    deadline: dt.date | None = None,
) -> CentreInspection:
    """检查: an inspection with its findings; a result other than passed opens a rectification with a
    deadline, and 停业整顿 suspends the centre until it is verified."""
    _require_change(actor, TrainingCentre, centre)
    if result not in InspectionResult.values:
        raise ValidationError({"result": _("Choose the result.")})
    if result != InspectionResult.PASSED:
        if not (requirement or "").strip():
            raise ValidationError({"requirement": _("Say what the centre must do.")})
        if deadline is None or deadline < inspected_on:
            raise ValidationError({"deadline": _("Give a deadline on or after the inspection.")})
    inspection = object_create(
        actor=actor,
        obj=CentreInspection(
            centre=centre,
            inspected_on=inspected_on,
            inspectors=inspectors.strip(),
            findings=(findings or "").strip(),
            result=result,
            requirement=(requirement or "").strip(),
            deadline=deadline if result != InspectionResult.PASSED else None,
        ),
    )
    if result == InspectionResult.SUSPEND and centre.status == CentreStatus.LICENSED:
        _centre_status(actor=actor, centre=centre, status=CentreStatus.SUSPENDED)
    return inspection


def _centre_status(*, actor, centre: TrainingCentre, status: str) -> None:
    locked = TrainingCentre.objects.select_for_update().get(pk=centre.pk)
    before = {"status": locked.status}
    locked.status = status
    locked.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="safety.trainingcentre.update",
        obj=locked,
        before=before,
        after={"status": status},
    )
    centre.status = status


@transaction.atomic
def inspection_close(
    *, actor, inspection: CentreInspection, rectified_on: dt.date | None = None
) -> CentreInspection:
    """整改验收: the centre put it right; a suspended centre with nothing else open is licensed again."""
    _require_change(actor, CentreInspection, inspection)
    inspection = CentreInspection.objects.select_for_update().select_related("centre").get(pk=inspection.pk)
    if not inspection.open:
        raise ValidationError(_("This inspection has no open rectification."))
    rectified_on = rectified_on or clock.today()
    if rectified_on < inspection.inspected_on:
        raise ValidationError({"rectified_on": _("The rectification cannot be before the inspection.")})
    inspection.rectified_on = rectified_on
    inspection.save(update_fields=["rectified_on", "updated_at"])
    audit.record(
        actor=actor,
        action="safety.centreinspection.close",
        obj=inspection,
        before={"rectified_on": None},
        after={"rectified_on": rectified_on.isoformat()},
    )
    centre = inspection.centre
    still_open = (
        CentreInspection.objects.filter(centre=centre, rectified_on__isnull=True)
        .exclude(result=InspectionResult.PASSED)
        .exists()
    )
    if centre.status == CentreStatus.SUSPENDED and not still_open:
        _centre_status(actor=actor, centre=centre, status=CentreStatus.LICENSED)
    return inspection


@transaction.atomic
def complaint_receive(
    *, actor, centre: TrainingCentre, received_on: dt.date, content: str, complainant: str = ""
) -> Complaint:
    """A complaint about a centre (a parent, the 12345 hotline)."""
    _require_change(actor, TrainingCentre, centre)
    if not (content or "").strip():
        raise ValidationError({"content": _("Say what the complaint is.")})
    if received_on > clock.today():
        raise ValidationError({"received_on": _("The date received cannot be in the future.")})
    return object_create(
        actor=actor,
        obj=Complaint(
            centre=centre,
            received_on=received_on,
            content=content.strip(),
            complainant=(complainant or "").strip(),
        ),
    )


@transaction.atomic
def complaint_handle(*, actor, complaint: Complaint, reply: str) -> Complaint:
    """办结: how the complaint was handled (and what the complainant was told)."""
    _require_change(actor, Complaint, complaint)
    if not (reply or "").strip():
        raise ValidationError({"reply": _("Say how the complaint was handled.")})
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status == ComplaintStatus.HANDLED:
        raise ValidationError(_("This complaint was already handled."))
    complaint.status = ComplaintStatus.HANDLED
    complaint.reply = reply.strip()
    complaint.handled_on = clock.today()
    complaint.save(update_fields=["status", "reply", "handled_on", "updated_at"])
    audit.record(
        actor=actor,
        action="safety.complaint.handle",
        obj=complaint,
        before={"status": ComplaintStatus.OPEN},
        after={"status": complaint.status, "reply": complaint.reply},
    )
    return complaint


# --- 平安校园 -------------------------------------------------------------------------------------------


@transaction.atomic
def scheme_create(
    *, actor, county: Area, name: str, cycle: str, criteria: Sequence[tuple[str, int]]
) -> CampusScheme:
    """A 平安校园 scheme: criteria ``(title, full marks)`` in order."""
    rows = grading.clean_criteria(criteria)
    return object_create(
        actor=actor, obj=CampusScheme(county=county, name=name.strip(), cycle=cycle.strip(), criteria=rows)
    )


@transaction.atomic
def grade_score(*, actor, scheme: CampusScheme, school: School, scores: Sequence) -> CampusGrade:
    """Enter (or correct) one school's scores under ``scheme``; the total and the grade follow."""
    if actor is not None and not School.objects.restrict(actor, "change").filter(pk=school.pk).exists():
        raise Http404
    if school.county_id != scheme.county_id:
        raise ValidationError(_("The school is not in the scheme's county."))
    values = grading.clean_scores(scheme.criteria, scores)
    total = Decimal(str(sum(values)))
    grade = grading.grade_of(total=float(total), full=scheme.full_marks)
    current = CampusGrade.objects.select_for_update().filter(scheme=scheme, school=school).first()
    before = None
    if current is None:
        current = CampusGrade(scheme=scheme, school=school)
    else:
        before = {"scores": current.scores, "total": str(current.total), "grade": current.grade}
    current.scores, current.total, current.grade = values, total, grade
    current.full_clean()
    current.save()
    audit.record(
        actor=actor,
        action="safety.campusgrade.score",
        obj=current,
        before=before,
        after={"scores": values, "total": str(total), "grade": grade},
    )
    return current
