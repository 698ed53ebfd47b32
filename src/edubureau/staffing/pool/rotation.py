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

from edubureau.core import audit, clock
from edubureau.core.periods import SchoolYear
from edubureau.indicators import calculators as calc
from edubureau.indicators import engine
from edubureau.indicators.library import BALANCE_LEVELS, BALANCE_NAMES, LEVEL_NAMES
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
    if RotationPlan.objects.filter(county=county, school_year=str(year)).exists():
        raise ValidationError({"school_year": f"{year} 学年已有交流方案，请在原方案上修改。"})
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
        raise ValidationError(f"{error}。请检查学校坐标、编制和教师任教年限，或调整交流规则。") from None
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
        raise ValidationError("方案已确认，不能再修改。")
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
                "teacher": f"{teacher.name} 不符合交流条件（义务教育学校在编专任教师，在同校任教满 "
                f"{rules.rotation_min_years} 年，未满 {rules.rotation_exempt_age} 周岁）。"
            }
        )
    return _move_save(actor=actor, plan=plan, teacher=teacher, to_school=to_school, move=None)


def _move_save(
    *, actor, plan, teacher: Teacher, to_school: School, move: RotationMove | None
) -> RotationMove:
    home = teacher.school
    if to_school.county_id != plan.county_id or to_school.kind not in COMPULSORY_KINDS:
        raise ValidationError({"to_school": f"{to_school.name} 不是本区的义务教育学校。"})
    if to_school.pk == home.pk:
        raise ValidationError({"to_school": f"{teacher.name} 就在 {home.name}，请选择另一所学校。"})
    if not set(home.levels) & set(to_school.levels):
        raise ValidationError(
            {"to_school": f"{to_school.name} 与 {home.name} 没有相同学段，请选择同学段的学校。"}
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
        raise ValidationError({"teacher": f"{teacher.name} 已在交流名单中。"}) from None
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
def rotation_confirm(*, actor, plan: RotationPlan) -> RotationPlan:
    """Confirm the plan; refused while it misses the 10 % / 20 % rules (the page says by how many)."""
    plan = _draft(plan)
    check = rotation_check(plan)
    if not check["ok"]:
        raise ValidationError(check["problems"])
    plan.status = pc.PlanStatus.CONFIRMED
    plan.confirmed_by = actor if actor is not None and actor.is_authenticated else None
    plan.confirmed_at = clock.now()
    plan.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit.record(
        actor=actor, action="staffing.rotationplan.confirm", obj=plan, after={"moves": check["movers"]}
    )
    return plan


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
            f"交流 {movers} 人，少于符合条件的 {plan.eligible} 人的 {rules.rotation_share}%（{need_movers} 人），还差 {need_movers - movers} 人"
        )
    if backbone < need_backbone:
        problems.append(
            f"骨干 {backbone} 人，少于交流人数的 {rules.rotation_backbone_share}%（{need_backbone} 人），还差 {need_backbone - backbone} 人"
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


def rotation_indicators(plan: RotationPlan) -> list[dict]:
    """The 优质均衡 teacher indicators (每百名学生 高学历 / 骨干 / 体艺 teachers: the district value, the 校际差异系数
    and the schools meeting the standard) before and after the plan, per level."""
    inputs = engine.load_inputs(county=plan.county, year=SchoolYear.parse(plan.school_year))
    before = _balance_table(inputs)
    moves = list(plan.moves.select_related("teacher"))
    moved = copy.copy(inputs)
    moved.teachers = _apply_moves(inputs.teachers, moves)
    after = _balance_table(moved)
    rows = []
    for level, keys in before.items():
        for key, b in keys.items():
            a = after[level][key]
            rows.append(
                {
                    "level": LEVEL_NAMES[level][0],
                    "name": BALANCE_NAMES[key][0],
                    "standard": calc.BALANCE_STANDARDS[key][level],
                    "cv_limit": calc.CV_LIMIT[level],
                    "before": b,
                    "after": a,
                }
            )
    return rows


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
