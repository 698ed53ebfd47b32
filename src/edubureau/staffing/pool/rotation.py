"""校际交流 plans: who is eligible, the proposal (``allocation.rotation``), its edits, and the 优质均衡 teacher
indicators before and after it.

The school figures come from the indicator engine's own inputs (``indicators.engine.load_inputs``): 编制 is
the county norm allocated to schools exactly as the 生师比 pages do, and the before/after indicators are
``engine.balance_units`` with ``calculators.balance_value`` and ``weighted_cv`` over the teacher counts, once as
they are and once with the plan's moves applied, so the page shows the engine's numbers, not a copy.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext as _t

from edubureau.core import audit, clock
from edubureau.core.periods import SchoolYear
from edubureau.indicators import calculators as calc
from edubureau.indicators import engine
from edubureau.indicators.library import BALANCE_LEVELS, BALANCE_NAMES, LEVEL_NAMES
from edubureau.registry import signals as registry_signals
from edubureau.registry.choices import (
    SPORTS_ARTS_SUBJECTS,
    BackboneLevel,
    Education,
    Locality,
    SchoolKind,
    StaffCategory,
    TeacherStatus,
)
from edubureau.registry.models import Area, School, SchoolClass, Teacher
from edubureau.staffing.allocation.dispatch import great_circle_km
from edubureau.staffing.allocation.rotation import Candidate, RotationError, Site, move_cost, rotate, targets
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool.services import pool_rules_get
from edubureau.staffing.pool_models import RotationMove, RotationPlan

COMPULSORY_KINDS = (SchoolKind.PRIMARY, SchoolKind.JUNIOR, SchoolKind.NINE_YEAR)
TEACHER_KEYS = ("qualified_teachers", "backbone_teachers", "sports_arts_teachers")
LOCALITY_NAMES = {Locality.URBAN: "城区", Locality.TOWN: "镇区", Locality.RURAL: "乡村"}


def school_figures(inputs: engine.Inputs) -> dict[int, dict]:
    """Per school: pupils by level, 编制 norm (the county norm allocated by pupils, as ``engine._staffing``),
    staff in post, 骨干 and the 骨干 standard (1 per 100 pupils, 教督〔2017〕6号, rounded up)."""
    pupils: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (sid, level, _grade, _born), (n, _n3) in inputs.enrolment.items():
        if n:
            pupils[sid][level] += n
    county_by_level: dict[str, int] = defaultdict(int)
    for levels in pupils.values():
        for level, n in levels.items():
            county_by_level[level] += n
    norm: dict[int, int] = defaultdict(int)
    for level, ratio in calc.STAFF_RATIO.items():
        total = county_by_level.get(level, 0)
        if total:
            shares = {sid: lv[level] / ratio for sid, lv in pupils.items() if lv.get(level)}
            for sid, n in calc.allocate(calc.staffing_norm({level: total}), shares).items():
                norm[sid] += n
    out = {}
    for s in inputs.schools:
        t = inputs.teachers.get(s["id"], {})
        n = sum(pupils.get(s["id"], {}).values())
        out[s["id"]] = {
            "pupils": n,
            "pupils_by_level": dict(pupils.get(s["id"], {})),
            "norm": norm.get(s["id"], 0),
            "staff": t.get("staff", 0),
            "backbone": t.get("backbone", 0),
            "backbone_standard": math.ceil(n * calc.BALANCE_STANDARDS["backbone_teachers"]["primary"] / 100),
            "sports_arts": t.get("sports_arts", 0),
        }
    return out


def eligible_teachers(*, county: Area, year: SchoolYear, rules):
    """义务教育 teachers in post (专任, 在编) at one school ≥ ``rotation_min_years`` years by the year's start,
    younger than the exemption age then."""
    born_after = dt.date(year.start_year - rules.rotation_exempt_age, 9, 1)
    return Teacher.objects.filter(
        county=county,
        status=TeacherStatus.IN_POST,
        staff_category=StaffCategory.FULL_TIME_TEACHER,
        on_establishment=True,
        school__kind__in=COMPULSORY_KINDS,
        school__is_active=True,
        joined_school_year__lte=year.start_year - rules.rotation_min_years,
        birth_date__gt=born_after,
    )


def _sites(county: Area, figures: dict[int, dict]) -> tuple[list[Site], dict[int, School]]:
    schools = {
        s.pk: s
        for s in School.objects.filter(
            county=county,
            kind__in=COMPULSORY_KINDS,
            is_active=True,
            latitude__isnull=False,
            longitude__isnull=False,
        )
    }
    sites = []
    for sid, s in schools.items():
        f = figures.get(sid)
        if not f or not f["pupils"]:
            continue
        sites.append(
            Site(
                id=sid,
                lat=float(s.latitude),
                lon=float(s.longitude),
                locality=s.locality,
                levels=tuple(s.levels),
                surplus=f["staff"] - f["norm"],
                backbone_gap=f["backbone_standard"] - f["backbone"],
                sports_arts_short=f["sports_arts"] * 100 / f["pupils"]
                < calc.BALANCE_STANDARDS["sports_arts_teachers"]["primary"],
            )
        )
    return sites, schools


def _site_words(school: School, f: dict) -> str:
    surplus = f["staff"] - f["norm"]
    parts = [LOCALITY_NAMES.get(school.locality, "")]
    if surplus > 0:
        parts.append(f"超编 {surplus} 人")
    elif surplus < 0:
        parts.append(f"缺编 {-surplus} 人")
    gap = f["backbone_standard"] - f["backbone"]
    if gap < 0:
        parts.append(f"骨干 {f['backbone']} 人，超出每百生1人的标准 {-gap} 人")
    elif gap > 0:
        parts.append(f"骨干 {f['backbone']} 人，低于每百生1人的标准 {gap} 人")
    return "，".join(p for p in parts if p)


def move_reason(teacher: Teacher, years: int, home: School, to: School, figures: dict, km: float) -> str:
    """One line of the plan in words: why this teacher, from here, to there."""
    backbone = f"，{teacher.get_backbone_level_display()}" if teacher.backbone_level else ""
    return (
        f"{home.name}（{_site_words(home, figures[home.pk])}）→ {to.name}（{_site_words(to, figures[to.pk])}），"
        f"相距 {km:.1f} 公里；在本校任教 {years} 年{backbone}"
    )[:300]


@transaction.atomic
def rotation_propose(*, actor, county: Area, school_year: str) -> RotationPlan:
    """The year's proposal: eligible teachers, the counts the rules ask, and the least-disruption moves."""
    try:
        year = SchoolYear.parse(school_year)
    except ValueError as error:
        raise ValidationError({"school_year": str(error)}) from None
    if (
        RotationPlan.objects.filter(county=county, school_year=str(year))
        .exclude(status=pc.PlanStatus.DISCARDED)
        .exists()
    ):
        raise ValidationError(
            {
                "school_year": _t(
                    "The {year} school year has a rotation plan already; change that one."
                ).format(year=year)
            }
        )
    rules = pool_rules_get(county=county)
    inputs = engine.load_inputs(county=county, year=year)
    figures = school_figures(inputs)
    sites, schools = _sites(county, figures)
    eligible = list(eligible_teachers(county=county, year=year, rules=rules))
    heads = set(
        SchoolClass.objects.filter(
            school_year=str(year), head_teacher__in=[t.pk for t in eligible]
        ).values_list("head_teacher_id", flat=True)
    )
    candidates = [
        Candidate(
            id=t.pk,
            school=t.school_id,
            backbone=bool(t.backbone_level),
            years=year.start_year - t.joined_school_year,
            head_teacher=t.pk in heads,
            sports_arts=t.main_subject in SPORTS_ARTS_SUBJECTS,
        )
        for t in eligible
    ]
    movers, backbone = targets(len(eligible), rules.rotation_share, rules.rotation_backbone_share)
    try:
        moves = rotate(
            candidates, sites, movers=movers, backbone_movers=backbone, min_years=rules.rotation_min_years
        )
    except RotationError as error:
        raise ValidationError(
            _t(
                "{error}. Check the schools' coordinates, the establishment and the teachers' years at their "
                "schools, or adjust the rotation rules."
            ).format(error=error)
        ) from None
    plan = RotationPlan.objects.create(
        county=county,
        school_year=str(year),
        eligible=len(eligible),
        created_by=actor if actor is not None and actor.is_authenticated else None,
        summary={"movers": movers, "backbone": backbone, "computed_on": clock.today().isoformat()},
    )
    by_id = {t.pk: t for t in eligible}
    RotationMove.objects.bulk_create(
        RotationMove(
            plan=plan,
            county_id=plan.county_id,
            teacher_id=m.teacher,
            from_school_id=m.from_school,
            to_school_id=m.to_school,
            backbone=bool(by_id[m.teacher].backbone_level),
            distance_km=round(m.km, 2),
            reason=move_reason(
                by_id[m.teacher],
                year.start_year - by_id[m.teacher].joined_school_year,
                schools[m.from_school],
                schools[m.to_school],
                figures,
                m.km,
            ),
        )
        for m in moves
    )
    audit.record(
        actor=actor,
        action="staffing.rotationplan.propose",
        obj=plan,
        after={"eligible": plan.eligible, "moves": len(moves)},
    )
    return plan


def _draft(plan: RotationPlan) -> RotationPlan:
    plan = RotationPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != pc.PlanStatus.DRAFT:
        raise ValidationError(
            _t("The plan is {status} and can no longer be changed.").format(status=plan.get_status_display())
        )
    return plan


@transaction.atomic
def rotation_move_add(*, actor, plan: RotationPlan, teacher: Teacher, to_school: School) -> RotationMove:
    """Add a line by hand: an eligible teacher of the county to another 义务教育 school of a shared level."""
    plan = _draft(plan)
    rules = pool_rules_get(county=plan.county)
    year = SchoolYear.parse(plan.school_year)
    if not eligible_teachers(county=plan.county, year=year, rules=rules).filter(pk=teacher.pk).exists():
        raise ValidationError(
            {
                "teacher": _t(
                    "{name} is not eligible for rotation (full-time teachers on the establishment of a "
                    "compulsory-education school, {years} years or more at the same school, younger than {age})."
                ).format(name=teacher.name, years=rules.rotation_min_years, age=rules.rotation_exempt_age)
            }
        )
    return _move_save(actor=actor, plan=plan, teacher=teacher, to_school=to_school, move=None)


def _move_save(
    *, actor, plan, teacher: Teacher, to_school: School, move: RotationMove | None
) -> RotationMove:
    home = teacher.school
    if to_school.county_id != plan.county_id or to_school.kind not in COMPULSORY_KINDS:
        raise ValidationError(
            {
                "to_school": _t("{school} is no compulsory-education school of the county.").format(
                    school=to_school.name
                )
            }
        )
    if to_school.pk == home.pk:
        raise ValidationError(
            {
                "to_school": _t("{name} is at {school} already; choose another school.").format(
                    name=teacher.name, school=home.name
                )
            }
        )
    if not set(home.levels) & set(to_school.levels):
        raise ValidationError(
            {
                "to_school": _t("{to} and {home} share no level; choose a school of the same level.").format(
                    to=to_school.name, home=home.name
                )
            }
        )
    km = None
    if None not in (home.latitude, home.longitude, to_school.latitude, to_school.longitude):
        km = round(
            float(
                great_circle_km(
                    float(home.latitude),
                    float(home.longitude),
                    float(to_school.latitude),
                    float(to_school.longitude),
                )
            ),
            2,
        )
    year = SchoolYear.parse(plan.school_year)
    years = year.start_year - (teacher.joined_school_year or year.start_year)
    reason = (
        f"人工调整：{home.name} → {to_school.name}"
        + (f"，相距 {km:.1f} 公里" if km is not None else "")
        + f"；在本校任教 {years} 年"
    )
    if teacher.backbone_level:
        reason += f"，{teacher.get_backbone_level_display()}"
    if move is None:
        move = RotationMove(
            plan=plan, teacher=teacher, from_school=home, backbone=bool(teacher.backbone_level)
        )
        before = None
    else:
        before = audit.snapshot(move)
    move.to_school, move.distance_km, move.reason, move.manual = to_school, km, reason[:300], True
    try:
        with transaction.atomic():
            move.save()
    except IntegrityError:
        raise ValidationError(
            {"teacher": _t("{name} is on the rotation list already.").format(name=teacher.name)}
        ) from None
    audit.record(
        actor=actor,
        action="staffing.rotationmove.update" if before else "staffing.rotationmove.create",
        obj=move,
        before=before,
        after=audit.snapshot(move),
    )
    return move


@transaction.atomic
def rotation_move_change(*, actor, move: RotationMove, to_school: School) -> RotationMove:
    _draft(move.plan)
    move = RotationMove.objects.select_related("teacher__school", "plan").get(pk=move.pk)
    return _move_save(actor=actor, plan=move.plan, teacher=move.teacher, to_school=to_school, move=move)


@transaction.atomic
def rotation_move_remove(*, actor, move: RotationMove) -> None:
    _draft(move.plan)
    audit.record(actor=actor, action="staffing.rotationmove.delete", obj=move, before=audit.snapshot(move))
    move.delete()


@transaction.atomic
def rotation_confirm(*, actor, plan: RotationPlan, effective_on: dt.date | None = None) -> RotationPlan:
    """Confirm the plan; refused while it misses the 10 % / 20 % rules (the page says by how many). The moves
    take effect on ``effective_on`` (by default the first day of the plan's school year, and never outside
    it): at once when that day has come, else on that morning (``rotation_apply_due``). The plan's row is
    locked first, so two confirmations at once apply it once."""
    plan = _draft(plan)
    check = rotation_check(plan)
    if not check["ok"]:
        raise ValidationError(check["problems"])
    year = SchoolYear.parse(plan.school_year)
    effective_on = effective_on or plan.effective_on or effective_default(plan)
    if not year.start <= effective_on <= year.end:
        raise ValidationError(
            {
                "effective_on": _t(
                    "The effective date must fall within the {year} school year ({start} to {end})."
                ).format(year=year, start=clock.written(year.start), end=clock.written(year.end))
            }
        )
    plan.status = pc.PlanStatus.CONFIRMED
    plan.effective_on = effective_on
    plan.confirmed_by = actor if actor is not None and actor.is_authenticated else None
    plan.confirmed_at = clock.now()
    plan.save(update_fields=["status", "effective_on", "confirmed_by", "confirmed_at"])
    audit.record(
        actor=actor,
        action="staffing.rotationplan.confirm",
        obj=plan,
        after={"moves": check["movers"], "effective_on": effective_on.isoformat()},
    )
    if effective_on <= clock.today():
        rotation_apply(actor=actor, plan=plan, strict=True)
    return plan


@transaction.atomic
def rotation_discard(*, actor, plan: RotationPlan) -> RotationPlan:
    """Discard a draft: nobody moves, and the year may have a new proposal."""
    plan = _draft(plan)
    plan.status = pc.PlanStatus.DISCARDED
    plan.save(update_fields=["status"])
    audit.record(actor=actor, action="staffing.rotationplan.discard", obj=plan, after={"status": plan.status})
    return plan


def effective_default(plan: RotationPlan) -> dt.date:
    """The day a confirmed plan takes effect unless the centre says otherwise: the school year's first day,
    or today when the year has begun (a plan of a past year: its first day, applied at once)."""
    year, today = SchoolYear.parse(plan.school_year), clock.today()
    return today if year.start < today <= year.end else year.start


def _not_movable(teacher: Teacher, move: RotationMove) -> str | None:
    """Why a line's teacher cannot move as written (she left her school, or is not in post there)."""
    if teacher.school_id != move.from_school_id:
        return _t("{name} is no longer at {school}.").format(name=teacher.name, school=move.from_school.name)
    if teacher.status != TeacherStatus.IN_POST:
        return _t("{name} is not in post ({status}).").format(
            name=teacher.name, status=teacher.get_status_display()
        )
    return None


def rotation_apply(*, actor, plan: RotationPlan, strict: bool) -> RotationPlan:
    """Move the plan's teachers in the registry (in the caller's transaction, the plan's row locked).

    A 交流 teacher keeps her school (人事关系, 编制 stay there) and teaches at the receiving school: 人员状态
    交流轮岗 (205) with ``teaching_school`` — what the registry has for 交流轮岗 and where the indicator
    engine counts such a teacher (``TEACHER_STATUSES_IN_POST``: 205 at the school she teaches at). The
    teachers' rows are locked in id order; one audit entry per teacher; the county's indicators are marked
    for recomputation the way an import marks them (``registry.signals.data_changed``, confined to the
    schools concerned). ``strict``: a teacher who left her school meanwhile refuses the whole plan (at
    confirmation, the centre fixes the list); otherwise (the morning task) her line is skipped and noted."""
    if plan.applied_at is not None:
        return plan
    moves = list(plan.moves.select_related("from_school", "to_school").order_by("teacher_id"))
    teachers = {
        t.pk: t
        for t in Teacher.objects.select_for_update()
        .filter(pk__in=[m.teacher_id for m in moves])
        .order_by("pk")
    }
    problems = {m.pk: _not_movable(teachers[m.teacher_id], m) for m in moves}
    if strict and any(problems.values()):
        raise ValidationError([p for p in problems.values() if p])
    # the before/after the page shows, kept as they were when the moves were made
    indicators = _indicator_rows(plan, [m for m in moves if not problems[m.pk]], teachers)
    changes, by_school = [], defaultdict(list)
    for m in moves:
        if problems[m.pk]:
            continue
        t = teachers[m.teacher_id]
        before = {"status": t.status, "teaching_school": t.teaching_school_id}
        t.status, t.teaching_school_id = TeacherStatus.ROTATING, m.to_school_id
        changes.append((t, before, {"status": t.status, "teaching_school": m.to_school_id}))
        by_school[m.to_school_id].append(t.pk)
    now = clock.now()
    for school_id, ids in by_school.items():
        Teacher.objects.filter(pk__in=ids).update(
            status=TeacherStatus.ROTATING,
            teaching_school_id=school_id,
            updated_at=now,
            version=F("version") + 1,
        )
    audit.record_changes(actor=actor, action="staffing.teacher.rotate", changes=changes)
    touched = {m.from_school_id for m in moves} | {m.to_school_id for m in moves}
    registry_signals.data_changed.send(
        sender=Teacher, counties=[plan.county_id], schools={plan.county_id: touched}
    )
    plan.applied_at = now
    plan.summary = {
        **plan.summary,
        "indicators": indicators,
        "skipped": [p for p in problems.values() if p],
    }
    plan.save(update_fields=["applied_at", "summary"])
    audit.record(
        actor=actor,
        action="staffing.rotationplan.apply",
        obj=plan,
        after={"moved": len(changes), "skipped": len(moves) - len(changes)},
    )
    return plan


def rotation_apply_due(*, today: dt.date | None = None) -> int:
    """Apply the confirmed plans whose effective date has come (the morning task); the number applied."""
    today = today or clock.today()
    done = 0
    due = RotationPlan.objects.filter(
        status=pc.PlanStatus.CONFIRMED, applied_at__isnull=True, effective_on__lte=today
    ).values_list("pk", flat=True)
    for pk in list(due):
        with transaction.atomic():
            plan = RotationPlan.objects.select_for_update().get(pk=pk)
            if plan.applied_at is None:
                rotation_apply(actor=None, plan=plan, strict=False)
                done += 1
    return done


def rotation_check(plan: RotationPlan) -> dict:
    """The plan against the rules: movers ≥ share of the eligible, 骨干 ≥ share of the movers."""
    rules = pool_rules_get(county=plan.county)
    movers = plan.moves.count()
    backbone = plan.moves.filter(backbone=True).count()
    need_movers, _ = targets(plan.eligible, rules.rotation_share, rules.rotation_backbone_share)
    need_backbone = math.ceil(movers * rules.rotation_backbone_share / 100)
    problems = []
    if movers < need_movers:
        problems.append(
            _t(
                "{movers} teachers move, fewer than {share}% of the {eligible} eligible ({need}): {short} more "
                "are needed"
            ).format(
                movers=movers,
                share=rules.rotation_share,
                eligible=plan.eligible,
                need=need_movers,
                short=need_movers - movers,
            )
        )
    if backbone < need_backbone:
        problems.append(
            _t(
                "{backbone} backbone teachers move, fewer than {share}% of those moving ({need}): {short} more "
                "are needed"
            ).format(
                backbone=backbone,
                share=rules.rotation_backbone_share,
                need=need_backbone,
                short=need_backbone - backbone,
            )
        )
    return {
        "ok": not problems,
        "problems": problems,
        "movers": movers,
        "backbone": backbone,
        "need_movers": need_movers,
        "need_backbone": need_backbone,
        "share": calc.percent(movers, plan.eligible),
        "backbone_share": calc.percent(backbone, movers),
        "rules": rules,
    }


def _apply_moves(teachers: dict[int, dict], moves: list[RotationMove]) -> dict[int, dict]:
    """The engine's teacher counts by school with the plan's teachers counted at their new schools."""
    after = copy.deepcopy(teachers)
    for m in moves:
        t = m.teacher
        keys = ["staff"]
        if t.staff_category == StaffCategory.FULL_TIME_TEACHER:
            keys += ["total", "carers"]
            if t.backbone_level in [b for b in BackboneLevel.values if b]:
                keys.append("backbone")
            if t.education in (Education.ASSOCIATE, Education.BACHELOR, Education.POSTGRADUATE):
                keys.append("associate_plus")
            if t.education in (Education.BACHELOR, Education.POSTGRADUATE):
                keys.append("bachelor_plus")
            if t.main_subject in SPORTS_ARTS_SUBJECTS:
                keys.append("sports_arts")
        for key in keys:
            src = after.setdefault(m.from_school_id, {})
            dst = after.setdefault(m.to_school_id, {})
            src[key] = src.get(key, 0) - 1
            dst[key] = dst.get(key, 0) + 1
    return after


def _balance_table(inputs: engine.Inputs) -> dict[str, dict[str, dict]]:
    pupils: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (sid, level, _g, _b), (n, _n3) in inputs.enrolment.items():
        if n:
            pupils[sid][level] += n
    units = engine.balance_units(inputs, pupils)
    table: dict[str, dict[str, dict]] = {}
    for level in BALANCE_LEVELS:
        mine = [u for u in units if u["level"] == level]
        if not mine:
            continue
        for key in TEACHER_KEYS:
            resources = [u["resources"][key] for u in mine]
            p = [u["pupils"] for u in mine]
            standard = calc.BALANCE_STANDARDS[key][level]
            met = sum(
                1
                for u in mine
                if (calc.balance_value(key, u["resources"][key], u["pupils"]) or 0) >= standard
            )
            table.setdefault(level, {})[key] = {
                "value": calc.balance_value(key, sum(resources), sum(p)),
                "cv": calc.weighted_cv(p, resources),
                "met": met,
                "schools": len(mine),
            }
    return table


def _pick(names: tuple[str, str]) -> str:
    return names[1] if (get_language() or "").startswith("en") else names[0]


def _indicator_rows(
    plan: RotationPlan, moves: list[RotationMove], teachers: dict[int, Teacher]
) -> list[dict]:
    inputs = engine.load_inputs(county=plan.county, year=SchoolYear.parse(plan.school_year))
    before = _balance_table(inputs)
    for m in moves:
        m.teacher = teachers[m.teacher_id]
    moved = copy.copy(inputs)
    moved.teachers = _apply_moves(inputs.teachers, moves)
    after = _balance_table(moved)
    return [
        {"level": level, "key": key, "before": b, "after": after[level][key]}
        for level, keys in before.items()
        for key, b in keys.items()
    ]


def rotation_indicators(plan: RotationPlan) -> list[dict]:
    """The 优质均衡 teacher indicators (每百名学生 高学历 / 骨干 / 体艺 teachers: the district value, the 校际差异系数
    and the schools meeting the standard) before and after the plan, per level. Once the plan has moved its
    teachers the registry is the "after": the figures kept when it did are shown (recomputing the indicators
    gives the same "after", ``test_pool_rotation``)."""
    rows = plan.summary.get("indicators") if plan.applied_at else None
    if rows is None:
        moves = list(plan.moves.select_related("teacher"))
        rows = _indicator_rows(plan, moves, {m.teacher_id: m.teacher for m in moves})
    return [
        {
            **r,
            "level_code": r["level"],
            "level": _pick(LEVEL_NAMES[r["level"]]),
            "name": _pick(BALANCE_NAMES[r["key"]][:2]),
            "standard": calc.BALANCE_STANDARDS[r["key"]][r["level"]],
            "cv_limit": calc.CV_LIMIT[r["level"]],
        }
        for r in rows
    ]


def rotation_costs_explained(plan: RotationPlan, move: RotationMove) -> float | None:
    """The disruption cost the proposal weighed for a line (shown beside the distance)."""
    home, to = move.from_school, move.to_school
    if None in (home.latitude, to.latitude):
        return None
    rules = pool_rules_get(county=plan.county)
    year = SchoolYear.parse(plan.school_year)
    site = lambda s: Site(s.pk, float(s.latitude), float(s.longitude), s.locality, tuple(s.levels), 0, 0)  # noqa: E731
    cand = Candidate(
        move.teacher_id,
        home.pk,
        move.backbone,
        year.start_year - (move.teacher.joined_school_year or year.start_year),
    )
    return round(move_cost(cand, site(home), site(to), rules.rotation_min_years)[1], 1)
