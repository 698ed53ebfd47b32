"""A work plan with a task in every light, for the plan-report tests (built with the planning factories).

On ``TODAY`` (2019-06-20) the six tasks stand:

=== ========================== ============== ==================================================
 1  加强教育系统党的建设       综合股          closed on 2019-05-20
 2  推进义务教育优质均衡发展   督导室          green, 60 %, reported; due 2019-05-31, extended on
                                               2019-05-25 to the year's end
 3  切实加强学校安全稳定工作   安全保卫股      yellow: due 2019-06-22
 4  全力推进项目攻坚           基建办          red: due 2019-05-31, 20 days overdue; 蓝 + 橙 notices
 5  提升教育信息化水平         计财装备股、基建办 red: due 2019-06-10, 10 days overdue; 蓝 notice
 6  筹建教育博物馆             综合股          cancelled
=== ========================== ============== ==================================================

Urge notices: 督办〔2019〕1号 (May, task 3), 2号 and 3号 (June, task 4), 4号 (June, task 5).
Targets: 幼儿园计划招生 (preamble) bound to ``entrants_preschool``, 6700 computed for 2019-2020; 小学学龄人口
入学率 (task 2) bound but not computed, 99.5 reported by hand; 新增学位 (task 4) nothing yet.
"""

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from edubureau.indicators.models import IndicatorValue
from edubureau.planning.choices import ExtensionStatus, Light
from edubureau.planning.choices import TaskStatus as S
from edubureau.planning.models import (
    DepartmentScoreRule,
    ExtensionRequest,
    ProgressReport,
    Section,
    UrgeNotice,
)
from edubureau.planning.scoring import DEFAULT_RULES
from edubureau.planning.tests.tracking.factories import PlanFactory, TargetFactory, TaskFactory
from edubureau.registry.models import Department

TODAY = dt.date(2019, 6, 20)
TITLE = "2019年泉港区教育工作要点"
SECTIONS = [
    (1, "一", "聚焦全面从严治党，全力加强教育系统党的建设"),
    (2, "二", "聚焦教育综合改革，全力提升教育质量"),
    (3, "三", "聚焦项目建设提速，全力提高保障能力"),
]


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def _unit(county, name: str, order: int) -> Department:
    return Department.objects.get_or_create(county=county, name=name, defaults={"sort_order": order})[0]


def quangang_plan(county):
    units = {
        name: _unit(county, name, i)
        for i, name in enumerate(["综合股", "督导室", "安全保卫股", "基建办", "计财装备股"], 1)
    }
    plan = PlanFactory(
        county=county,
        title=TITLE,
        issuer="泉港区教育局",
        doc_number="泉港教综〔2019〕55号",
        cc=["市委教育工委、市教育局", "区委办、区政府办"],
        supervising_department=units["督导室"],
    )
    sections = {
        n: Section.objects.create(plan=plan, number=n, numeral=numeral, title=title)
        for n, numeral, title in SECTIONS
    }
    common = {"plan": plan, "start": dt.date(2019, 3, 28), "status": S.IN_PROGRESS}
    tasks = {
        1: TaskFactory(
            **(common | {"status": S.CLOSED}),
            number=1,
            section=sections[1],
            title="加强教育系统党的建设",
            lead_units=[units["综合股"]],
            light=Light.GREEN,
            progress=100,
            due=dt.date(2019, 6, 30),
            submitted_at=_at(dt.date(2019, 5, 15)),
            closed_at=_at(dt.date(2019, 5, 20)),
        ),
        2: TaskFactory(
            **common,
            number=2,
            section=sections[2],
            title="推进义务教育优质均衡发展",
            lead_units=[units["督导室"]],
            light=Light.GREEN,
            progress=60,
            reported_progress=60,
            original_due=dt.date(2019, 5, 31),
        ),
        3: TaskFactory(
            **common,
            number=3,
            section=sections[2],
            title="切实加强学校安全稳定工作",
            lead_units=[units["安全保卫股"]],
            light=Light.YELLOW,
            due=dt.date(2019, 6, 22),
        ),
        4: TaskFactory(
            **common,
            number=4,
            section=sections[3],
            title="全力推进项目攻坚",
            lead_units=[units["基建办"]],
            light=Light.RED,
            due=dt.date(2019, 5, 31),
        ),
        5: TaskFactory(
            **common,
            number=5,
            section=sections[3],
            title="提升教育信息化水平",
            lead_units=[units["计财装备股"], units["基建办"]],
            light=Light.RED,
            due=dt.date(2019, 6, 10),
        ),
        6: TaskFactory(
            **(common | {"status": S.CANCELLED}),
            number=6,
            section=sections[1],
            title="筹建教育博物馆",
            lead_units=[units["综合股"]],
            light=Light.GREY,
        ),
    }
    ExtensionRequest.objects.create(
        task=tasks[2],
        reason="迎接省级督导评估时间调整",
        current_due=dt.date(2019, 5, 31),
        new_due=dt.date(2019, 12, 31),
        status=ExtensionStatus.APPROVED,
        decided_at=_at(dt.date(2019, 5, 25)),
    )
    report = ProgressReport.objects.create(
        task=tasks[2],
        period="2019-05",
        text="已完成9所学校县域义务教育优质均衡发展自评。下一步迎接省级督导。",
        percent=60,
    )
    ProgressReport.objects.filter(pk=report.pk).update(created_at=_at(dt.date(2019, 6, 3)))
    report = ProgressReport.objects.create(
        task=tasks[4],
        period="2019-05",
        text="项目推进中。",
        problems="圭峰中学综合楼征地拆迁进度滞后，施工单位尚未进场。",
        percent=40,
    )
    ProgressReport.objects.filter(pk=report.pk).update(created_at=_at(dt.date(2019, 6, 4)))
    for number, (task, level, issued) in enumerate(
        [
            (3, 1, dt.date(2019, 5, 20)),
            (4, 1, dt.date(2019, 6, 3)),
            (4, 2, dt.date(2019, 6, 15)),
            (5, 1, dt.date(2019, 6, 12)),
        ],
        1,
    ):
        UrgeNotice.objects.create(
            plan=plan,
            county=plan.county,
            task=tasks[task],
            year=2019,
            number=number,
            level=level,
            reason="逾期未办结",
            issued_on=issued,
            respond_by=issued + dt.timedelta(days=5),
        )
    TargetFactory(
        task=tasks[2],
        indicator="小学学龄人口入学率",
        comparator="=",
        value=100,
        unit="%",
        actual_value=Decimal("99.5"),
        indicator_code="primary_age_enrolment_rate",  # bound, but the engine has no value yet
    )
    TargetFactory(
        task=tasks[4],
        indicator="新增学位",
        comparator="increase_by",
        value=11000,
        unit="个",
        actual_value=None,
    )
    TargetFactory(
        task=None,
        plan=plan,
        indicator="幼儿园计划招生",
        comparator="=",
        value=6650,
        unit="人",
        actual_value=None,
        indicator_code="entrants_preschool",
    )
    IndicatorValue.objects.create(
        indicator="entrants_preschool",
        period="2019-2020",
        scope_type="district",
        scope_code=county.code,
        county=county,
        area=county,
        value=6700,
        computed_at=timezone.now(),
    )
    DepartmentScoreRule.objects.bulk_create(
        DepartmentScoreRule(plan=plan, code=code, points=points) for code, points in DEFAULT_RULES.items()
    )
    return plan


def plan_with_tasks(county, n: int):
    """A plan of ``n`` tasks, each with its own lead unit, a report, a target and an urge notice."""
    plan = PlanFactory(county=county, issuer="泉港区教育局")
    section = Section.objects.create(plan=plan, number=1, numeral="一", title="重点工作")
    for i in range(1, n + 1):
        task = TaskFactory(
            plan=plan,
            number=i,
            section=section,
            start=dt.date(2019, 3, 28),
            light=Light.RED if i % 2 else Light.GREEN,
        )
        ProgressReport.objects.create(task=task, period="2019-05", text="进展。", percent=50)
        TargetFactory(task=task, actual_value=90, indicator_code="primary_age_enrolment_rate")
        UrgeNotice.objects.create(
            plan=plan,
            county=plan.county,
            task=task,
            year=2019,
            number=i,
            level=1,
            reason="x",
            issued_on=dt.date(2019, 6, 3),
            respond_by=dt.date(2019, 6, 8),
        )
    DepartmentScoreRule.objects.bulk_create(
        DepartmentScoreRule(plan=plan, code=code, points=points) for code, points in DEFAULT_RULES.items()
    )
    return plan
