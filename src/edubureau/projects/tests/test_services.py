"""Project services: stages move forward one step with dates in order; delivery adds the places to the
school once, audited; money cannot be paid beyond its budget; bad input writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from edubureau.core.models import AuditEntry
from edubureau.projects import choices as c
from edubureau.projects import selectors, services
from edubureau.projects.models import CapitalProject, ProjectPayment
from edubureau.projects.tests.factories import funding_for, project_for

pytestmark = pytest.mark.django_db


def _walk_to(project, staff, stage, day=dt.date(2019, 3, 1)):
    while project.stage != stage:
        project = services.project_advance(actor=staff, project=project, reached_on=day)
    return project


def test_create_starts_preparatory_and_refuses_negative_places(district, staff):
    p = services.project_create(
        actor=staff,
        county=district.county,
        town=district.town,
        name="锦川实验小学",
        kind=c.ProjectKind.NEW_SCHOOL,
        new_school_name="锦川实验小学",
        places_primary=1080,
    )
    assert (p.stage, p.preparatory_on, p.school) == ("preparatory", dt.date(2019, 6, 28), None)
    assert AuditEntry.objects.filter(action="projects.capitalproject.create", object_id=str(p.pk)).exists()
    with pytest.raises(ValidationError) as e:
        services.project_create(
            actor=staff, county=district.county, town=district.town, name="X", kind="expansion",
            school=district.school, places_junior=-5,
        )  # fmt: skip
    assert "学位数不能为负数" in str(e.value)
    assert not CapitalProject.objects.filter(name="X").exists()


def test_school_in_another_town_is_refused(district, staff):
    with pytest.raises(ValidationError) as e:
        services.project_create(
            actor=staff, county=district.county, town=district.town, name="Y", kind="canteen",
            school=district.other_school,
        )  # fmt: skip
    assert "不在所选乡镇" in str(e.value)


def test_advance_in_order_and_dates_never_backwards_or_future(district, staff):
    p = project_for(district.school)
    p = services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 2, 1))
    assert (p.stage, p.preliminary_on) == ("preliminary", dt.date(2019, 2, 1))
    with pytest.raises(ValidationError) as e:
        services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 1, 31))
    assert "不能早于上一阶段" in str(e.value)
    with pytest.raises(ValidationError) as e:
        services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 7, 1))
    assert "晚于今天" in str(e.value)
    p.refresh_from_db()
    assert p.stage == "preliminary" and p.construction_on is None
    entry = AuditEntry.objects.filter(action="projects.capitalproject.advance").get()
    assert (entry.after["stage_from"], entry.after["stage_to"]) == ("preparatory", "preliminary")


def test_delivery_adds_places_and_floor_area_to_the_school_once(district, staff):
    school = district.school
    capacity, area = school.capacity, school.teaching_floor_area
    p = _walk_to(project_for(school, places_junior=60), staff, c.Stage.COMPLETED)
    p = services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 6, 20))
    school.refresh_from_db()
    assert (p.stage, p.delivered_on, p.capacity_applied) == ("delivered", dt.date(2019, 6, 20), True)
    assert school.capacity == capacity + 600
    assert school.teaching_floor_area == area + Decimal("5200.0")
    assert AuditEntry.objects.filter(action="registry.school.update", object_id=str(school.pk)).count() == 1
    assert AuditEntry.objects.filter(action="projects.capitalproject.deliver").get().after["places"] == 600
    with pytest.raises(ValidationError):
        services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 6, 21))
    school.refresh_from_db()
    assert school.capacity == capacity + 600


def test_delivery_of_a_school_not_yet_founded_asks_for_the_school(district, staff):
    p = _walk_to(
        project_for(district.school, founded=False, new_school_name="行政核心区实验小学"), staff, "completed"
    )
    with pytest.raises(ValidationError) as e:
        services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 6, 1))
    assert "请先在学校名录建立“行政核心区实验小学”" in str(e.value)
    p.refresh_from_db()
    assert p.stage == "completed"


def test_payments_never_exceed_the_budget_line(district, staff):
    p = project_for(district.school)
    line = funding_for(p, budget="100.00")
    services.payment_record(actor=staff, funding=line, paid_on=dt.date(2019, 5, 1), amount=Decimal("60"))
    with pytest.raises(ValidationError) as e:
        services.payment_record(actor=staff, funding=line, paid_on=dt.date(2019, 6, 1), amount=Decimal("41"))
    assert "将超出预算" in str(e.value) and "已拨付 60.00 万元" in str(e.value)
    assert ProjectPayment.objects.count() == 1
    with pytest.raises(ValidationError) as e:
        services.funding_set(actor=staff, project=p, source=line.source, budget=Decimal("50"))
    assert "低于已拨付" in str(e.value)
    services.funding_set(actor=staff, project=p, source=c.FundingSource.SPECIAL_BOND, budget=Decimal("300"))
    rows = selectors.project_list(user=staff).get(pk=p.pk)
    assert (rows.budget_total, rows.paid_total) == (Decimal("400.00"), Decimal("60.00"))


def test_milestones_late_and_done(district, staff):
    p = project_for(district.school)
    m = services.milestone_set(actor=staff, project=p, kind="groundbreaking", due_on=dt.date(2019, 5, 1))
    assert m.late_days(dt.date(2019, 6, 28)) == 58
    services.milestone_done(actor=staff, milestone=m, done_on=dt.date(2019, 6, 2))
    m.refresh_from_db()
    assert m.late_days(dt.date(2019, 6, 28)) == 0
    assert not selectors.late_milestones(user=staff, today=dt.date(2019, 6, 28)).exists()


def test_indicator_figures_count_the_year(district, staff):
    delivered = _walk_to(project_for(district.school, places_preschool=90), staff, "delivered")
    project_for(district.other_school, name="未交付")
    services.payment_record(
        actor=staff,
        funding=funding_for(delivered, budget="5000"),
        paid_on=dt.date(2019, 4, 1),
        amount=Decimal("2500"),
    )
    figures = {
        (f["indicator"], f["town_id"]): f["value"]
        for f in selectors.indicator_figures(county_id=district.county.pk, year=2019)
    }
    assert figures[("projects_delivered", None)] == 1
    assert figures[("project_places_added", None)] == 630
    assert figures[("project_places_added", district.town.pk)] == 630
    assert figures[("project_investment_paid", None)] == 25_000_000  # 2500 万元
    none_2018 = selectors.indicator_figures(county_id=district.county.pk, year=2018)
    assert {f["value"] for f in none_2018} == {0}
