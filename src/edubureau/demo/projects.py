"""The 36 projects of plan task 20 (全力推进项目攻坚) in the demo district, as they stand in late June 2019.

The plan (泉港教综〔2019〕55号, task 20) names three projects of each group and gives the group's size and
sums; the other names here are synthetic (they say so in their note), built on the demo's schools:

* 11 projects to be delivered by year end (圭峰中学综合楼, 三川中学综合楼, 益海实小二期扩建 …): in June two are
  delivered (a canteen and a teaching building), three completed, six under construction;
* 13 projects worth 6.22亿元 adding 11,000 places (锦川实验小学, 行政核心区实验小学, 惠华中学扩建 …): their
  places sum to 11,000 and their investment to 62,200万元;
* 12 preparatory projects worth 4.79亿元 (界山小城镇实验小学, 南埔中心小学综合楼, 坝头中学扩建工程 …): 47,900万元.

Every step runs through ``projects.services`` with the clock held at the step's day, so the History tab and
the audit log read as the half-year happened. Some milestones are left late (the task's light has something
to follow), and the payments of each line stay within its budget.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from edubureau.accounts.models import User
from edubureau.core import clock
from edubureau.projects import choices as c
from edubureau.projects import services
from edubureau.projects.models import CapitalProject
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School

K = c.ProjectKind
SYNTHETIC = "合成数据：工作要点只列出本组前三个项目的名称，本项目名称为演示而设。"
TODAY = dt.date(2019, 6, 28)

# (name, school name or None, town name, kind, level, places, investment in 万元, new school name)
DELIVER_2019 = [
    ("圭峰中学综合楼", "圭峰中学", "峰尾镇", K.COMPLEX_BUILDING, "junior", 600, 2650, ""),
    ("三川中学综合楼", "三川中学", "前黄镇", K.COMPLEX_BUILDING, "junior", 450, 2180, ""),
    ("益海实小二期扩建", "益海实小", "山腰街道", K.EXPANSION, "primary", 540, 3200, ""),
    ("南埔中学学生食堂", "南埔中学", "南埔镇", K.CANTEEN, "junior", 0, 860, ""),
    ("后龙中心小学教学楼", "后龙中心小学", "后龙镇", K.TEACHING_BUILDING, "primary", 360, 1480, ""),
    ("峰尾中心小学综合楼", "峰尾中心小学", "峰尾镇", K.COMPLEX_BUILDING, "primary", 270, 1320, ""),
    ("涂岭中心小学扩建", "涂岭中心小学", "涂岭镇", K.EXPANSION, "primary", 315, 1560, ""),
    ("泉港区实验幼儿园二期", "泉港区实验幼儿园", "山腰街道", K.EXPANSION, "preschool", 270, 1650, ""),
    ("界山中学学生宿舍楼", "界山中学", "界山镇", K.DORMITORY, "junior", 0, 980, ""),
    ("泉港区特殊教育学校食堂", "泉港区特殊教育学校", "山腰街道", K.CANTEEN, "primary", 0, 420, ""),
    ("后龙中学运动场", "后龙中学", "后龙镇", K.SPORTS, "junior", 0, 640, ""),
]
BUILD_622 = [
    ("锦川实验小学", "锦川实验小学", "山腰街道", K.NEW_SCHOOL, "primary", 1620, 9800, ""),
    ("行政核心区实验小学", None, "山腰街道", K.NEW_SCHOOL, "primary", 1620, 9600, "行政核心区实验小学"),
    ("惠华中学扩建", "惠华中学", "山腰街道", K.EXPANSION, "junior", 900, 5200, ""),
    ("泉港一中高中部扩建", "泉港一中", "山腰街道", K.EXPANSION, "senior", 1000, 6500, ""),
    ("泉港二中综合楼", "泉港二中", "后龙镇", K.COMPLEX_BUILDING, "senior", 600, 3100, ""),
    ("山腰中心小学扩建", "山腰中心小学", "山腰街道", K.EXPANSION, "primary", 810, 3900, ""),
    ("南埔镇中心幼儿园", None, "南埔镇", K.NEW_SCHOOL, "preschool", 540, 2700, "南埔镇中心幼儿园"),
    ("后龙中学扩建", "后龙中学", "后龙镇", K.EXPANSION, "junior", 750, 4100, ""),
    ("前黄中心小学教学楼", "前黄中心小学", "前黄镇", K.TEACHING_BUILDING, "primary", 540, 2600, ""),
    ("泉港区第三实验幼儿园", None, "山腰街道", K.NEW_SCHOOL, "preschool", 540, 3200, "泉港区第三实验幼儿园"),
    ("峰尾中学扩建", "峰尾中学", "峰尾镇", K.EXPANSION, "junior", 600, 3300, ""),
    ("泉港区实验学校扩建", "泉港区实验学校", "山腰街道", K.EXPANSION, "primary", 910, 4200, ""),
    ("涂岭中学综合楼", "涂岭中学", "涂岭镇", K.COMPLEX_BUILDING, "junior", 570, 4000, ""),
]
PREPARE_479 = [
    ("界山小城镇实验小学", None, "界山镇", K.NEW_SCHOOL, "primary", 1080, 6800, "界山小城镇实验小学"),
    ("南埔中心小学综合楼", "南埔中心小学", "南埔镇", K.COMPLEX_BUILDING, "primary", 360, 2200, ""),
    ("坝头中学扩建工程", "坝头中学", "前黄镇", K.EXPANSION, "junior", 450, 3300, ""),
    ("泉港五中扩建", "泉港五中", "前黄镇", K.EXPANSION, "senior", 600, 5200, ""),
    ("后龙镇中心幼儿园", None, "后龙镇", K.NEW_SCHOOL, "preschool", 360, 2400, "后龙镇中心幼儿园"),
    ("峰尾镇中心幼儿园", None, "峰尾镇", K.NEW_SCHOOL, "preschool", 360, 2300, "峰尾镇中心幼儿园"),
    ("涂岭镇中心幼儿园", None, "涂岭镇", K.NEW_SCHOOL, "preschool", 270, 1900, "涂岭镇中心幼儿园"),
    ("界山中心小学扩建", "界山中心小学", "界山镇", K.EXPANSION, "primary", 360, 2500, ""),
    (
        "泉港区职业中专学校实训楼",
        "泉港区职业中专学校",
        "山腰街道",
        K.TEACHING_BUILDING,
        "senior",
        0,
        4600,
        "",
    ),
    ("山腰街道第二中心小学", None, "山腰街道", K.NEW_SCHOOL, "primary", 1080, 7600, "山腰街道第二中心小学"),
    ("前黄中学综合楼", "三川中学", "前黄镇", K.COMPLEX_BUILDING, "junior", 300, 2900, ""),
    ("南埔中学扩建", "南埔中学", "南埔镇", K.EXPANSION, "junior", 450, 6200, ""),
]

MILESTONES = [
    c.MilestoneKind.APPROVAL,
    c.MilestoneKind.LAND,
    c.MilestoneKind.PERMIT,
    c.MilestoneKind.GROUNDBREAKING,
    c.MilestoneKind.TOPPING_OUT,
    c.MilestoneKind.ACCEPTANCE,
    c.MilestoneKind.HANDOVER,
]
# Milestones done by the time a project reaches each stage (the rest are still to come).
DONE_BY_STAGE = {
    c.Stage.PREPARATORY: 0,
    c.Stage.PRELIMINARY: 2,
    c.Stage.CONSTRUCTION: 4,
    c.Stage.COMPLETED: 6,
    c.Stage.DELIVERED: 7,
}
SPLIT = ((c.FundingSource.DISTRICT, Decimal("0.55")), (c.FundingSource.SPECIAL_BOND, Decimal("0.30")),
         (c.FundingSource.PROVINCIAL, Decimal("0.15")))  # fmt: skip


def projects_is_fresh() -> bool:
    return not CapitalProject.objects.exists()


def _stages_for(group: str, i: int) -> list[tuple[str, dt.date]]:
    """(stage, date reached) after 预备, for the i-th project of a group, as of late June 2019."""
    if group == "deliver":
        path = [("preliminary", dt.date(2017, 9, 1)), ("construction", dt.date(2018, 3, 15))]
        if i in (3, 4):  # 南埔中学's canteen and 后龙中心小学's teaching building are in use
            return [*path, ("completed", dt.date(2019, 4, 20)), ("delivered", dt.date(2019, 5, 30 - i))]
        if i in (5, 7, 10):
            return [*path, ("completed", dt.date(2019, 6, 10 + i))]
        return path
    if group == "build":
        if i < 8:
            return [("preliminary", dt.date(2018, 3, 1)), ("construction", dt.date(2018, 11, 1 + i))]
        return [("preliminary", dt.date(2018, 10, 8 + i))]
    return [("preliminary", dt.date(2019, 4, 1 + i))] if i % 3 == 0 else []


def _due_dates(start: dt.date, delivery: dt.date) -> list[dt.date]:
    span = (delivery - start).days
    return [start + dt.timedelta(days=round(span * f)) for f in (0.05, 0.15, 0.3, 0.4, 0.7, 0.9, 1.0)]


def projects_demo_play(*, seed: int = 2019) -> dict[str, int]:
    """Load the 36 projects; {} when there is no demo district."""
    county = Area.objects.filter(kind=AreaKind.COUNTY, name="泉港区").first()
    if county is None:
        return {}
    rng = random.Random(seed)
    actor = User.objects.filter(username="staff_jijian").first()
    towns = {a.name: a for a in Area.objects.filter(kind=AreaKind.TOWN, path__startswith=county.path)}
    schools = {s.name: s for s in School.objects.filter(county=county)}
    counts = {"projects": 0, "delivered": 0, "payments": 0, "late": 0}
    groups = (("deliver", DELIVER_2019, 2019), ("build", BUILD_622, 2020), ("prepare", PREPARE_479, 2022))
    with transaction.atomic():
        for group, rows, delivery_year in groups:
            for i, (name, school_name, town_name, kind, level, places, invest, new_name) in enumerate(rows):
                school = schools.get(school_name) if school_name else None
                town = school.area if school is not None else towns[town_name]
                listed = dt.date(2017, 6, 1) if group != "prepare" else dt.date(2019, 1, 15)
                planned = dt.date(delivery_year, 8, 31) if group != "deliver" else dt.date(2019, 12, 31)
                with clock.frozen(listed):
                    project = services.project_create(
                        actor=actor,
                        county=county,
                        town=town,
                        name=name,
                        kind=kind,
                        school=school,
                        new_school_name=new_name if school is None else "",
                        preparatory_on=listed,
                        planned_delivery=planned,
                        plan_year=2019,
                        rooms=places // 45,
                        floor_area=Decimal(places * 9 + (1500 if places == 0 else 0)),
                        total_investment=Decimal(invest),
                        note="" if i < 3 else SYNTHETIC,
                        **{c.PLACE_FIELDS[level]: places},
                    )
                    for source, share in SPLIT:
                        services.funding_set(
                            actor=actor,
                            project=project,
                            source=source,
                            budget=(Decimal(invest) * share).quantize(Decimal("0.01")),
                        )
                for _stage, day in _stages_for(group, i):
                    with clock.frozen(day):
                        project = services.project_advance(
                            actor=actor, project=project, reached_on=day, refresh_lights=False
                        )
                counts["delivered"] += project.stage == c.Stage.DELIVERED
                counts["late"] += _milestones(actor, project, listed, planned, rng)
                counts["payments"] += _payments(actor, project, rng)
                counts["projects"] += 1
        counts["earmarks"] = _earmarks(actor, county)
    return counts


#: What has been paid of task 12's earmarked sums by late June 2019 (万元): the 10万 for school culture in
#: full, 8万 of the 20万 for training; the 150万 waits for the district's finance review (the demo's report).
EARMARK_PAID = {10: (Decimal(10), "泉港财教〔2019〕21号"), 20: (Decimal(8), "泉港财教〔2019〕27号")}


def _earmarks(actor, county) -> int:
    """The sums named in the 2019 plan's tasks as their budget lines, a few payments, then the plan's
    lights once (task 20 follows its projects' milestones). 0 when the plan is not loaded."""
    from edubureau.planning.models import Plan
    from edubureau.planning.services import plan_lights_recompute

    plan = Plan.objects.filter(county=county, year=2019).order_by("-id").first()
    if plan is None:
        return 0
    lines = services.earmarks_from_plan(actor=actor, plan=plan)
    for line in lines:
        paid = EARMARK_PAID.get(int(line.budget))
        if paid and line.task.number == 12:
            with clock.frozen(dt.date(2019, 5, 20)):
                services.earmark_pay(
                    actor=actor, line=line, paid_on=dt.date(2019, 5, 20), amount=paid[0], voucher=paid[1]
                )
    plan_lights_recompute(plans=[plan])
    return len(lines)


def _milestones(actor, project, start, delivery, rng) -> int:
    """Milestones with due dates across the project's span; those its stage has passed are done (a few
    days late now and then); the next one after them is sometimes left late. Returns how many are late."""
    dues = _due_dates(start, delivery)
    done = DONE_BY_STAGE[c.Stage(project.stage)]
    late = 0
    for j, (kind, due) in enumerate(zip(MILESTONES, dues, strict=True)):
        with clock.frozen(start):
            m = services.milestone_set(
                actor=actor, project=project, kind=kind, due_on=due, refresh_lights=False
            )
        if j < done:
            day = min(due + dt.timedelta(days=rng.choice((-10, -3, 0, 5, 12))), TODAY)
            with clock.frozen(day):
                services.milestone_done(actor=actor, milestone=m, done_on=day, refresh_lights=False)
        elif due < TODAY:
            late += 1
    return late


def _payments(actor, project, rng) -> int:
    """Payments of 2018 and 2019 in proportion to how far the project has come, within each line."""
    share = {"preparatory": 0, "preliminary": Decimal("0.05"), "construction": Decimal("0.35"),
             "completed": Decimal("0.7"), "delivered": Decimal("0.85")}[project.stage]  # fmt: skip
    if not share:
        return 0
    n = 0
    for line in project.fundings.all():
        total = (line.budget * share).quantize(Decimal("0.01"))
        first = (total * Decimal("0.4")).quantize(Decimal("0.01"))
        for day, amount in (
            (dt.date(2018, 12, 20), first),
            (dt.date(2019, rng.randint(3, 6), 15), total - first),
        ):
            if amount > 0 and day >= project.preparatory_on:
                with clock.frozen(day):
                    services.payment_record(
                        actor=actor, funding=line, paid_on=day, amount=amount, note="按进度拨付"
                    )
                n += 1
    return n
