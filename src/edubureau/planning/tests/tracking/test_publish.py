"""Publishing the reviewed 2019 Quangang plan: tasks, lead units as Department rows, targets, milestones."""

import copy
import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from edubureau.core.models import AuditEntry
from edubureau.planning import services
from edubureau.planning.models import DepartmentScoreRule, Milestone, Plan, Section, Target, Task
from edubureau.planning.tests.tracking.conftest import QUANGANG, TODAY
from edubureau.registry.models import Department

pytestmark = pytest.mark.django_db

# Task number → lead units, as the plan writes them (the parser's gold file has the same).
LEADS = {
    1: ["综合股", "系统党办", "组织人事股"],
    2: ["系统党办", "驻局纪检监察组"],
    5: ["组织人事股", "教师服务中心"],
    6: ["中职教股", "初教股", "组织人事股", "教师进修学校"],
    7: ["督导室"],
    20: ["基建办"],
    24: ["安全保卫股", "社管办"],
}


def test_publish_creates_24_tasks_with_their_lead_departments(plan, district):
    assert Task.objects.filter(plan=plan).count() == 24
    assert Section.objects.filter(plan=plan).count() == 5
    tasks = {t.number: t for t in plan.tasks.prefetch_related("lead_units")}
    for number, names in LEADS.items():
        assert sorted(d.name for d in tasks[number].lead_units.all()) == sorted(names)
    # the lead units are Department rows of the county: the 18 units the plan names
    assert Department.objects.filter(county=district.county, led_tasks__plan=plan).distinct().count() == 18
    assert {t.section.numeral for t in tasks.values()} == {"一", "二", "三", "四", "五"}
    assert tasks[1].status == "assigned" and tasks[1].due == tasks[1].original_due == dt.date(2019, 12, 31)
    assert tasks[1].start == dt.date(2019, 3, 28)


def test_publish_matches_existing_departments_by_name_and_alias(district, quangang):
    # given the county already has its departments, two of them known under their other names only
    existing = {name for item in quangang.items for name in item.lead_units}
    for name in existing - {"系统党办", "安全保卫股"}:
        Department.objects.create(county=district.county, name=name)
    Department.objects.create(county=district.county, name="机关党委办公室", aliases="党办,系统党办")
    Department.objects.create(county=district.county, name="安保股", aliases="安全保卫股")
    before = Department.objects.count()
    # when
    plan = services.plan_publish(actor=None, county=district.county, parsed=quangang, today=TODAY)
    # then no department was created and the aliases were followed
    assert Department.objects.count() == before
    task24 = plan.tasks.get(number=24)
    assert {d.name for d in task24.lead_units.all()} == {"安保股", "社管办"}


def test_unknown_lead_units_refuse_the_publish_and_name_the_fix(district, quangang):
    Department.objects.create(county=district.county, name="综合股")
    with pytest.raises(ValidationError) as caught:
        services.plan_publish(actor=None, county=district.county, parsed=quangang, today=TODAY)
    messages = caught.value.messages
    assert any("系统党办" in m for m in messages) and not any("“综合股”" in m for m in messages)
    assert not Plan.objects.exists() and not Task.objects.exists()
    # creating them on the spot publishes
    names = {n for item in quangang.items for n in item.lead_units} - {"综合股"}
    plan = services.plan_publish(actor=None, county=district.county, parsed=quangang, create_units=names)
    assert plan.tasks.count() == 24
    assert Department.objects.filter(county=district.county).count() == 18


def test_targets_milestones_and_rules(plan):
    # the 10 preamble targets and every item target
    assert Target.objects.filter(plan=plan, task__isnull=True).count() == 10
    t20 = Target.objects.filter(task__number=20)
    assert t20.filter(value=622000000, unit="元").exists()
    # item 21: 公办幼儿园生均公用经费 450 元 by 2019 → due at the end of 2019
    t21 = Target.objects.get(task__number=21, value=450)
    assert (t21.comparator, t21.due) == (">=", dt.date(2019, 12, 31))
    # recurring milestones: 每半年 (items 2 and 3) and 每年10期 (item 16), from the publication date on
    assert Milestone.objects.filter(task__number=2).count() == 2
    assert Milestone.objects.filter(task__number=3).count() == 2
    sixteen = list(Milestone.objects.filter(task__number=16).order_by("due").values_list("due", flat=True))
    assert len(sixteen) == 9  # 10 sessions spread Feb–Dec; February's passed before 28 March
    assert sixteen[0] == dt.date(2019, 3, 31) and sixteen[-1] == dt.date(2019, 12, 31)
    assert DepartmentScoreRule.objects.filter(plan=plan).count() == 9


def test_publish_is_audited(plan):
    assert AuditEntry.objects.filter(action="planning.plan.publish", object_id=str(plan.pk)).count() == 1
    assert AuditEntry.objects.filter(action="planning.task.create").count() == 24
    entry = AuditEntry.objects.get(action="planning.plan.publish")
    assert entry.after["task_count"] == 24 and len(entry.after["departments_created"]) == 18


def test_lights_are_computed_at_publication(plan):
    assert set(plan.tasks.values_list("light", flat=True)) <= {"green", "yellow"}


def test_duplicate_task_numbers_are_refused(district, quangang):
    parsed = copy.deepcopy(quangang)
    parsed.items[1].number = parsed.items[0].number
    with pytest.raises(ValidationError) as caught:
        services.plan_publish(actor=None, county=district.county, parsed=parsed, create_units=["x"])
    assert caught.value.error_list[0].code == "duplicate_number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020", dt.date(2020, 12, 31)),
        ("年底", dt.date(2019, 12, 31)),
        ("6月底", dt.date(2019, 6, 30)),
        ("2019年9月", dt.date(2019, 9, 30)),
        ("上半年", dt.date(2019, 6, 30)),
        ("长期", None),
        (None, None),
    ],
)
def test_parse_due(text, expected):
    assert services.parse_due(text, year=2019) == expected


# --- the command ---------------------------------------------------------------------------------------


def test_plan_import_command_publishes_once(district, capsys):
    call_command("plan_import", str(QUANGANG), "--publish", "--if-absent")
    assert Plan.objects.get().tasks.count() == 24
    assert Department.objects.filter(county=district.county).count() == 18
    call_command("plan_import", "--publish", "--if-absent")  # the packaged copy is the same plan
    assert Plan.objects.count() == 1
    out = capsys.readouterr().out
    assert "24 tasks" in out and "already published" in out


def test_plan_import_without_publish_writes_nothing(district, capsys):
    call_command("plan_import", str(QUANGANG))
    assert not Plan.objects.exists()
    assert "unknown units" in capsys.readouterr().out
