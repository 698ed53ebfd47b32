"""Writes and reads of the 周转池 (turnover pool): pool teachers, vacancies, dispatch runs and dispatches.

Every write is keyword-only, transactional, takes the acting user and is audited. A run turns the open
vacancies and the free pool teachers of one day into the JSON instance of ``edubureau staffing dispatch`` and
solves it with the same function (``allocation.instances.dispatch_instance``), so the page and the command
line give one answer. Confirming a run locks the pool teachers' rows (``select_for_update``, in id order) and
refuses a teacher already sent over any of the same days, so two confirmations at once cannot double-book.
"""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _t

from edubureau.core import audit, clock
from edubureau.core.services import object_create, object_update
from edubureau.registry.models import Area, School, Teacher
from edubureau.staffing.allocation.instances import dispatch_instance
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool_models import Dispatch, DispatchRun, PoolRules, PoolTeacher, Vacancy

ACTIVE = (pc.DispatchStatus.CONFIRMED,)


def pool_rules_get(*, county: Area) -> PoolRules:
    """The county's 管理办法 settings (the defaults until someone changes them)."""
    rules, _ = PoolRules.objects.get_or_create(county=county)
    return rules


def pool_rules_update(*, actor, rules: PoolRules, data: dict) -> PoolRules:
    return object_update(actor=actor, obj=rules, data=data)


def _split(text: str) -> list[str]:
    return [s.strip() for s in text.replace("，", ",").replace("、", ",").split(",") if s.strip()]


@transaction.atomic
def pool_teacher_add(
    *,
    actor,
    teacher: Teacher,
    subjects: str,
    levels: list[str] | str,
    available_from: dt.date,
    available_to: dt.date,
    user=None,
) -> PoolTeacher:
    """Put ``teacher`` in the pool. Subjects default to what she teaches; dates must be in order."""
    if PoolTeacher.objects.filter(teacher=teacher).exists():
        raise ValidationError(
            {
                "teacher": _t("{name} is in the pool already and cannot be added twice.").format(
                    name=teacher.name
                )
            }
        )
    subject_list = (
        _split(subjects)
        or _split(teacher.subjects)
        or ([teacher.main_subject] if teacher.main_subject else [])
    )
    if not subject_list:
        raise ValidationError({"subjects": _t("Enter the subjects she can teach (e.g. 语文,数学).")})
    level_list = _split(levels) if isinstance(levels, str) else list(levels)
    unknown = [lv for lv in level_list if lv not in pc.POOL_LEVELS]
    if not level_list or unknown:
        raise ValidationError(
            {
                "levels": _t("Choose the levels she can teach ({levels}).").format(
                    levels=pc.level_names(pc.POOL_LEVELS)
                )
            }
        )
    if available_to < available_from:
        raise ValidationError(
            {
                "available_to": _t(
                    "The available-until date {to} is before the available-from date {start}; change it to a later date."
                ).format(to=clock.written(available_to), start=clock.written(available_from))
            }
        )
    member = PoolTeacher(
        county=teacher.county,
        teacher=teacher,
        subjects=",".join(subject_list),
        levels=",".join(level_list),
        available_from=available_from,
        available_to=available_to,
        user=user,
    )
    return object_create(actor=actor, obj=member)


@transaction.atomic
def vacancy_create(
    *,
    actor,
    school: School,
    reason: str,
    subject: str,
    level: str,
    start: dt.date,
    end: dt.date,
    absent_teacher: Teacher | None = None,
    note: str = "",
) -> Vacancy:
    """A school's temporary vacancy (病假/产假/借调) from ``start`` to ``end``."""
    errors = {}
    if end < start:
        errors["end"] = _t(
            "The end date {end} is before the start date {start}; change it to {start} or later."
        ).format(end=clock.written(end), start=clock.written(start))
    if level not in school.levels:
        names = pc.level_names(school.levels)
        errors["level"] = _t("{school} has no “{level}” level; choose: {names}.").format(
            school=school.name, level=pc.POOL_LEVELS.get(level, level), names=names
        )
    if not subject.strip():
        errors["subject"] = _t("Enter the subject of the vacancy.")
    if absent_teacher is not None and absent_teacher.school_id != school.pk:
        errors["absent_teacher"] = _t("{name} is no teacher of {school}.").format(
            name=absent_teacher.name, school=school.name
        )
    if errors:
        raise ValidationError(errors)
    vacancy = Vacancy(
        county=school.county,
        school=school,
        absent_teacher=absent_teacher,
        reason=reason,
        subject=subject.strip(),
        level=level,
        start=start,
        end=end,
        note=note,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    return object_create(actor=actor, obj=vacancy)


@transaction.atomic
def vacancy_cancel(*, actor, vacancy: Vacancy) -> Vacancy:
    """Withdraw a vacancy (the teacher came back early); its confirmed dispatches end today."""
    vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
    if vacancy.status == pc.VacancyStatus.CANCELLED:
        raise ValidationError(_t("The vacancy is withdrawn already."))
    before = audit.snapshot(vacancy)
    vacancy.status = pc.VacancyStatus.CANCELLED
    vacancy.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="staffing.vacancy.cancel",
        obj=vacancy,
        before=before,
        after=audit.snapshot(vacancy),
    )
    today = clock.today()
    for d in Dispatch.objects.filter(vacancy=vacancy, status__in=[*ACTIVE, pc.DispatchStatus.PROPOSED]):
        if d.status == pc.DispatchStatus.PROPOSED or d.start > today:
            _dispatch_cancel(actor=actor, dispatch=d)
        elif d.end > today:
            before = audit.snapshot(d)
            d.end, d.busy_until = today, today
            d.save(update_fields=["end", "busy_until"])
            audit.record(
                actor=actor, action="staffing.dispatch.update", obj=d, before=before, after=audit.snapshot(d)
            )
    return vacancy


# --- dispatch runs ---------------------------------------------------------------------------------


def _covered_until(vacancy: Vacancy, dispatches: list[Dispatch]) -> dt.date | None:
    ends = [d.end for d in dispatches if d.vacancy_id == vacancy.pk]
    return max(ends) if ends else None


def vacancy_window(vacancy: Vacancy, *, covered_until: dt.date | None, today: dt.date, max_days: int):
    """The days of ``vacancy`` the next dispatch would cover: from the first uncovered day (not before
    today) for at most ``max_days`` days; None when nothing is left."""
    start = max(
        vacancy.start, today, covered_until + dt.timedelta(days=1) if covered_until else vacancy.start
    )
    if start > vacancy.end:
        return None
    return start, min(vacancy.end, start + dt.timedelta(days=max_days - 1))


def free_windows(member: PoolTeacher, busy: list[tuple[dt.date, dt.date]], *, today: dt.date):
    """The teacher's available days not taken by a confirmed dispatch (with its hand-over), as windows."""
    start, end = max(member.available_from, today), member.available_to
    windows = []
    for b0, b1 in sorted(busy):
        if b1 < start:
            continue
        if b0 > start:
            windows.append((start, min(end, b0 - dt.timedelta(days=1))))
        start = max(start, b1 + dt.timedelta(days=1))
        if start > end:
            break
    if start <= end:
        windows.append((start, end))
    return [w for w in windows if w[0] <= w[1]]


def dispatch_instance_build(*, county: Area, today: dt.date, rules: PoolRules) -> tuple[dict, dict, dict]:
    """(instance, vacancy windows by id, notes): the day's open vacancies and free pool teachers as the JSON
    instance of ``edubureau staffing dispatch``. A teacher with a confirmed dispatch in her available
    period appears once per free window ("P12-2"), each window shortened by the hand-over days so that a
    new dispatch ends, hand-over included, before her next one starts."""
    handover = dt.timedelta(days=rules.handover_days)
    confirmed = list(
        Dispatch.objects.filter(county=county, status__in=ACTIVE).only(
            "vacancy_id", "pool_teacher_id", "start", "end", "busy_until"
        )
    )
    vacancies = list(
        Vacancy.objects.filter(county=county, status=pc.VacancyStatus.OPEN, end__gte=today)
        .select_related("school")
        .order_by("start", "id")
    )
    notes: dict[str, str] = {}
    windows: dict[str, tuple[dt.date, dt.date]] = {}
    items = []
    for v in vacancies:
        window = vacancy_window(
            v, covered_until=_covered_until(v, confirmed), today=today, max_days=rules.max_days
        )
        if window is None:
            continue
        key = f"V{v.pk}"
        if v.school.latitude is None or v.school.longitude is None:
            notes[key] = f"{v.school.name} 没有坐标，请在学校信息中填写经纬度后再调配"
            continue
        windows[key] = window
        items.append(
            {
                "id": key,
                "school": v.school.code,
                "subject": v.subject,
                "level": v.level,
                "start": window[0].isoformat(),
                "end": window[1].isoformat(),
                "lat": float(v.school.latitude),
                "lon": float(v.school.longitude),
            }
        )
    busy: dict[int, list] = {}
    for d in confirmed:
        busy.setdefault(d.pool_teacher_id, []).append((d.start, d.busy_until))
    pool = []
    members = (
        PoolTeacher.objects.filter(county=county, is_active=True, available_to__gte=today)
        .select_related("teacher__school")
        .order_by("id")
    )
    for m in members:
        school = m.teacher.school
        if school.latitude is None or school.longitude is None:
            continue
        for k, (w0, w1) in enumerate(free_windows(m, busy.get(m.pk, []), today=today), start=1):
            last = w1 - handover
            if last < w0:
                continue
            pool.append(
                {
                    "id": f"P{m.pk}-{k}",
                    "subjects": m.subject_list,
                    "levels": m.level_list,
                    "lat": float(school.latitude),
                    "lon": float(school.longitude),
                    "available_from": w0.isoformat(),
                    "available_to": last.isoformat(),
                }
            )
    return {"vacancies": items, "pool": pool}, windows, notes


def _unfilled_reason(vacancy: dict, pool: list[dict]) -> str:
    fits = [p for p in pool if vacancy["subject"] in p["subjects"] and vacancy["level"] in p["levels"]]
    if not fits:
        return f"池中没有可任教{pc.POOL_LEVELS.get(vacancy['level'], vacancy['level'])}{vacancy['subject']}的教师"
    free = [
        p for p in fits if p["available_from"] <= vacancy["start"] and vacancy["end"] <= p["available_to"]
    ]
    if not free:
        return f"能教{vacancy['subject']}的 {len(fits)} 名池内教师在 {vacancy['start']} 至 {vacancy['end']} 均无空档"
    return f"能教且有空的 {len(free)} 名教师已派往代价更小的空缺"


@transaction.atomic
def dispatch_run(*, actor, county: Area) -> DispatchRun:
    """Solve today's open vacancies against the free pool: a proposed run the centre then confirms.
    An earlier proposed run of the county is discarded (its figures are out of date)."""
    today = clock.today()
    rules = pool_rules_get(county=county)
    for old in DispatchRun.objects.select_for_update().filter(county=county, status=pc.RunStatus.PROPOSED):
        _run_discard(actor=actor, run=old)
    instance, windows, notes = dispatch_instance_build(county=county, today=today, rules=rules)
    started = time.perf_counter()
    result = dispatch_instance(instance, unfilled=float(rules.unfilled_cost))
    seconds = time.perf_counter() - started
    for key in result["unfilled"]:
        vac = next(v for v in instance["vacancies"] if v["id"] == key)
        notes[key] = _unfilled_reason(vac, instance["pool"])
    run = DispatchRun.objects.create(
        county=county,
        run_by=actor if actor is not None and actor.is_authenticated else None,
        run_on=today,
        total_cost=result["total_cost"],
        filled=len(result["dispatches"]),
        unfilled=len(result["unfilled"]),
        seconds=round(seconds, 4),
        instance=instance,
        notes=notes,
    )
    pool_by_id = {p["id"]: p for p in instance["pool"]}
    vac_by_id = {v["id"]: v for v in instance["vacancies"]}
    from edubureau.staffing.allocation.dispatch import great_circle_km

    rows = []
    for pair in result["dispatches"]:
        v, p = vac_by_id[pair["vacancy"]], pool_by_id[pair["teacher"]]
        start, end = windows[pair["vacancy"]]
        rows.append(
            Dispatch(
                county=county,
                run=run,
                vacancy_id=int(pair["vacancy"][1:]),
                pool_teacher_id=int(pair["teacher"][1:].split("-")[0]),
                start=start,
                end=end,
                busy_until=end + dt.timedelta(days=rules.handover_days),
                distance_km=round(float(great_circle_km(p["lat"], p["lon"], v["lat"], v["lon"])), 3),
            )
        )
    Dispatch.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="staffing.dispatchrun.run",
        obj=run,
        after={"filled": run.filled, "unfilled": run.unfilled, "total_cost": run.total_cost},
    )
    return run


def _run_discard(*, actor, run: DispatchRun) -> None:
    run.status = pc.RunStatus.DISCARDED
    run.save(update_fields=["status"])
    run.dispatches.filter(status=pc.DispatchStatus.PROPOSED).update(status=pc.DispatchStatus.CANCELLED)
    audit.record(actor=actor, action="staffing.dispatchrun.discard", obj=run, after={"status": run.status})


@transaction.atomic
def dispatch_run_discard(*, actor, run: DispatchRun) -> DispatchRun:
    run = DispatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != pc.RunStatus.PROPOSED:
        raise ValidationError(_t("Only a dispatch run waiting for confirmation can be discarded."))
    _run_discard(actor=actor, run=run)
    return run


def _overlapping(member_id: int, start: dt.date, busy_until: dt.date, exclude: int | None = None):
    qs = Dispatch.objects.filter(
        pool_teacher_id=member_id, status__in=ACTIVE, start__lte=busy_until, busy_until__gte=start
    )
    return qs.exclude(pk=exclude) if exclude else qs


@transaction.atomic
def dispatch_run_confirm(*, actor, run: DispatchRun) -> DispatchRun:
    """Send every proposed teacher of the run, all or none. The pool teachers' rows are locked first (in id
    order, so two confirmations cannot deadlock); a teacher already sent over any of the same days, or a
    vacancy withdrawn meanwhile, refuses the whole run with a message naming them."""
    run = DispatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != pc.RunStatus.PROPOSED:
        raise ValidationError(
            _t("This dispatch run is {status} and cannot be confirmed; compute a new one.").format(
                status=run.get_status_display()
            )
        )
    proposed = list(
        run.dispatches.filter(status=pc.DispatchStatus.PROPOSED).select_related(
            "pool_teacher__teacher", "vacancy__school"
        )
    )
    member_ids = sorted({d.pool_teacher_id for d in proposed})
    list(PoolTeacher.objects.select_for_update().filter(pk__in=member_ids).order_by("pk").values_list("pk"))
    vacancy_ids = sorted({d.vacancy_id for d in proposed})
    vacancies = {
        v.pk: v for v in Vacancy.objects.select_for_update().filter(pk__in=vacancy_ids).order_by("pk")
    }
    problems = []
    for d in proposed:
        clash = _overlapping(d.pool_teacher_id, d.start, d.busy_until).first()
        if clash is not None:
            problems.append(
                _t(
                    "{name} covers from {start} to {until} already, overlapping the proposed {s} to {e}"
                ).format(
                    name=d.pool_teacher.teacher.name,
                    start=clock.written(clash.start),
                    until=clock.written(clash.busy_until),
                    s=clock.written(d.start),
                    e=clock.written(d.end),
                )
            )
        if vacancies[d.vacancy_id].status != pc.VacancyStatus.OPEN:
            problems.append(
                _t("The {subject} vacancy of {school} is {status} now").format(
                    subject=d.vacancy.subject,
                    school=d.vacancy.school.name,
                    status=vacancies[d.vacancy_id].get_status_display(),
                )
            )
    if problems:
        raise ValidationError(
            [*problems, _t("This run did not take effect; compute it again, then confirm.")]
        )
    now = clock.now()
    for d in proposed:
        d.status = pc.DispatchStatus.CONFIRMED
        d.save(update_fields=["status"])
        audit.record(actor=actor, action="staffing.dispatch.confirm", obj=d, after=audit.snapshot(d))
        v = vacancies[d.vacancy_id]
        if d.end >= v.end:
            before = audit.snapshot(v)
            v.status = pc.VacancyStatus.COVERED
            v.save(update_fields=["status"])
            audit.record(
                actor=actor, action="staffing.vacancy.update", obj=v, before=before, after=audit.snapshot(v)
            )
    run.status = pc.RunStatus.CONFIRMED
    run.confirmed_by = actor if actor is not None and actor.is_authenticated else None
    run.confirmed_at = now
    run.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record(
        actor=actor, action="staffing.dispatchrun.confirm", obj=run, after={"confirmed": len(proposed)}
    )
    return run


def _dispatch_cancel(*, actor, dispatch: Dispatch) -> None:
    before = audit.snapshot(dispatch)
    dispatch.status = pc.DispatchStatus.CANCELLED
    dispatch.save(update_fields=["status"])
    audit.record(
        actor=actor,
        action="staffing.dispatch.cancel",
        obj=dispatch,
        before=before,
        after=audit.snapshot(dispatch),
    )


@transaction.atomic
def dispatch_cancel(*, actor, dispatch: Dispatch) -> Dispatch:
    """Call a dispatch off before it starts; its vacancy is open again."""
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    if dispatch.status != pc.DispatchStatus.CONFIRMED:
        raise ValidationError(_t("Only cover that has been sent can be cancelled."))
    if dispatch.start <= clock.today():
        raise ValidationError(
            _t(
                "The cover began on {start} and cannot be cancelled; if the vacancy ends early, withdraw the vacancy."
            ).format(start=clock.written(dispatch.start))
        )
    _dispatch_cancel(actor=actor, dispatch=dispatch)
    Vacancy.objects.filter(pk=dispatch.vacancy_id, status=pc.VacancyStatus.COVERED).update(
        status=pc.VacancyStatus.OPEN
    )
    return dispatch


@transaction.atomic
def dispatch_evaluate(*, actor, dispatch: Dispatch, rating: str, comment: str = "") -> Dispatch:
    """The host school's 顶岗服务评价, once the dispatch has begun and within the evaluation period after it."""
    dispatch = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
    rules = pool_rules_get(county=dispatch.county)
    today = clock.today()
    if dispatch.status != pc.DispatchStatus.CONFIRMED:
        raise ValidationError(_t("Only cover that has been sent can be evaluated."))
    if today < dispatch.start:
        raise ValidationError(
            _t("The cover begins on {start}; evaluate it once it has begun.").format(
                start=clock.written(dispatch.start)
            )
        )
    deadline = dispatch.end + dt.timedelta(days=rules.evaluation_days)
    if today > deadline:
        raise ValidationError(
            _t("The evaluation deadline ({days} days after the cover, until {deadline}) has passed.").format(
                days=rules.evaluation_days, deadline=clock.written(deadline)
            )
        )
    if rating not in pc.ServiceRating.values or not rating:
        raise ValidationError(
            {
                "rating": _t("Choose an evaluation: {choices}.").format(
                    choices=pc.level_sep().join(str(c.label) for c in pc.ServiceRating if c.value)
                )
            }
        )
    before = audit.snapshot(dispatch)
    dispatch.rating, dispatch.rating_comment = rating, comment[:200]
    dispatch.rated_by = actor if actor is not None and actor.is_authenticated else None
    dispatch.rated_at = clock.now()
    dispatch.save(update_fields=["rating", "rating_comment", "rated_by", "rated_at"])
    audit.record(
        actor=actor,
        action="staffing.dispatch.evaluate",
        obj=dispatch,
        before=before,
        after=audit.snapshot(dispatch),
    )
    return dispatch


def service_days(dispatches, *, today: dt.date) -> int:
    """Days of 顶岗 served so far (confirmed dispatches, up to today)."""
    total = 0
    for d in dispatches:
        if d.status == pc.DispatchStatus.CONFIRMED and d.start <= today:
            total += (min(d.end, today) - d.start).days + 1
    return total


def service_points(days: int, rules: PoolRules) -> Decimal:
    """交流服务分 earned by ``days`` of 顶岗 under the 管理办法 (per whole 30 days)."""
    return (Decimal(days // 30) * Decimal(str(rules.points_per_30_days))).quantize(Decimal("0.01"))


def county_of_user(user) -> Area | None:
    """The county of the first school the user's scope reaches (the county whose pool and plan they see)."""
    school = School.objects.restrict(user, "view").select_related("county").order_by("code").first()
    return school.county if school is not None else None


def open_vacancies_q() -> Q:
    return Q(status=pc.VacancyStatus.OPEN)
