"""The organisation and coverage checks (pure), and the oversight figures over the database."""

import datetime as dt

import pytest
from django.utils import timezone

from edubureau.registry.testing.factories import SchoolFactory
from edubureau.supervision import checks, selectors, services
from edubureau.supervision.tests.conftest import TODAY
from edubureau.supervision.tests.factories import visit_with_rectification


def _fact(school, sup=1, zone=1, start=dt.date(2019, 1, 1)):
    return checks.AssignmentFact(school, sup, f"督学{sup}", zone, f"责任区{zone}", start)


def test_coverage_flags_school_without_visit():
    problems = checks.coverage_check(schools={1: "甲校", 2: "乙校"}, visited=[1], month="2019-06")
    assert [(p.code, p.school_id) for p in problems] == [("no_visit_this_month", 2)]
    assert (
        problems[0].message == "乙校：2019年6月尚无督导记录。"
    )  # the month as a sentence writes it, not 2019-06


def test_organisation_checks():
    schools = {i: f"校{i}" for i in range(1, 24)}
    facts = [_fact(i, sup=1 if i <= 6 else 2, zone=1) for i in range(1, 22)]
    facts.append(_fact(22, sup=3, zone=2, start=dt.date(2015, 9, 1)))
    codes = [
        (p.level, p.code) for p in checks.organisation_check(schools=schools, assignments=facts, today=TODAY)
    ]
    assert codes[0] == ("error", "no_supervisor")  # school 23, errors first
    assert ("warning", "too_many_schools") in codes  # 6 and 15 schools
    assert ("warning", "zone_too_large") in codes  # 21 schools in zone 1
    assert ("warning", "rotation_due") in codes  # since 2015


def test_exactly_five_and_twenty_are_fine():
    schools = {i: f"校{i}" for i in range(1, 21)}
    facts = [_fact(i, sup=(i - 1) // 5) for i in range(1, 21)]
    assert checks.organisation_check(schools=schools, assignments=facts, today=TODAY) == []


def test_cycle_plan_balanced_and_keeps_fixed():
    schools = [(i, "南埔镇" if i % 2 else "山腰街道") for i in range(1, 11)]
    plan = checks.cycle_plan(schools=schools, years=[2019, 2020, 2021], fixed={1: 2021, 3: 2021})
    counts = [list(plan.values()).count(y) for y in (2019, 2020, 2021)]
    assert sorted(plan) == list(range(1, 11)) and max(counts) - min(counts) <= 1
    assert plan[1] == plan[3] == 2021


def test_median():
    assert checks.median([]) is None
    assert checks.median([3, 1, 2]) == 2
    assert checks.median([1, 2, 3, 10]) == 2.5


@pytest.mark.django_db
def test_oversight_counts_and_coverage(district, sup, principal, leader):
    # given a visit this month at the principal's school only
    rect = visit_with_rectification(sup, district.school)
    o = selectors.oversight(user=leader, today=TODAY)
    flagged = {p.school_id for p in o["without_visit"]}
    assert district.other_school.pk in flagged and district.school.pk not in flagged
    assert o["rectifications"]["open"] == 1 and o["rectifications"]["overdue"] == 1
    row = next(r for r in o["heatmap"] if r["school"]["pk"] == district.school.pk)
    assert row["cells"][-1] == 1
    # when it is answered and closed
    services.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    services.rectification_close(actor=sup, rectification=rect)
    o = selectors.oversight(user=leader, today=TODAY)
    assert (o["rectifications"]["open"], o["rectifications"]["closed"]) == (0, 1)
    assert o["median_days"] is not None


@pytest.mark.django_db
def test_schedule_and_cycle(district, sup, leader):
    SchoolFactory(area=district.town)  # a school without a supervisor gets no planned visit
    planned = services.schedule_generate(actor=leader, county=district.county, month="2019-07")
    assert [p.school for p in planned] == [district.school]
    assert planned[0].planned_on.weekday() < 5
    assert services.schedule_generate(actor=leader, county=district.county, month="2019-07") == []
    visit = services.visit_record(
        actor=sup,
        school=district.school,
        visited_at=timezone.make_aware(dt.datetime(2019, 6, 27, 9)),  # a day before: any time of day
    )
    assert not hasattr(visit, "planned")  # July's plan is not fulfilled by a June visit
    cycle = services.cycle_create(actor=leader, county=district.county, name="2019—2021", first_year=2019)
    assert cycle.slots.count() == 3


@pytest.mark.django_db
def test_kindergartens_are_outside_school_supervision(district, staff):
    """挂牌督导 covers 中小学校: an unassigned kindergarten is no error, an unassigned primary school is."""
    from edubureau.registry.testing.factories import SchoolFactory
    from edubureau.supervision.selectors import organisation_problems

    kindergarten = SchoolFactory(area=district.town, kind="kindergarten", name="测试幼儿园")
    flagged = {p.school_id for p in organisation_problems(user=staff) if p.level == "error"}
    assert district.school.pk in flagged
    assert kindergarten.pk not in flagged


def test_summer_holiday_months_are_not_missed_months():
    # 暑假: schools are closed in July and August, so no visit then is no miss
    assert checks.coverage_check(schools={1: "甲校"}, visited=[], month="2019-07") == []
    assert checks.coverage_check(schools={1: "甲校"}, visited=[], month="2019-08") == []
    assert len(checks.coverage_check(schools={1: "甲校"}, visited=[], month="2019-09")) == 1


@pytest.mark.django_db
def test_oversight_heatmap_marks_summer_months_as_holidays_not_misses(district, sup, leader):
    visit_with_rectification(sup, district.school)
    o = selectors.oversight(user=leader, today=TODAY)
    row = next(r for r in o["heatmap"] if r["school"]["pk"] == district.other_school.pk)
    cells = dict(zip(o["months"], row["cells"], strict=True))
    assert cells["2018-07"] is None and cells["2018-08"] is None  # holidays, not red zeros
    assert cells["2018-09"] == 0 and cells["2019-06"] == 0
