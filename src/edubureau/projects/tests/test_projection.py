"""Cohort survival on a synthetic town with a known trend, and the seats page on a small district."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.projects import projection
from edubureau.projects.tests.factories import project_for
from edubureau.registry.models import Population
from edubureau.registry.testing.factories import EnrollmentFactory, StudentFactory


def _town(years, entrants, survival=1.02):
    """Primary pupils whose cohorts grow 2 % a grade (in-migration) and entrants = 90 % of age-6 people."""
    pop = {(y, a): entrants(y - (a - 6)) for y in years for a in range(0, 13)}
    history = {}
    for t in years:
        history[t] = {("primary", g): 0.9 * entrants(t - (g - 1)) * survival ** (g - 1) for g in range(1, 7)}
        history[t].update(
            {("junior", g): 0.9 * entrants(t - (g + 5)) * survival ** (g + 5) for g in range(1, 4)}
        )
    return history, pop


def test_known_trend_is_recovered_and_backtest_error_is_printed():
    def births(y):
        return 1000 + 20 * (y - 2010)  # a cohort's size by the year it enters grade 1

    history, pop = _town(range(2014, 2020), births)
    # backtest: project 2019 from data up to 2018, compare with the "observed" 2019
    past = {t: c for t, c in history.items() if t <= 2018}
    forecast = projection.by_level(projection.project(past, pop, horizon=1)[2019])
    observed = projection.by_level(history[2019])
    errors = {lv: abs(forecast[lv] - observed[lv]) / observed[lv] for lv in ("primary", "junior")}
    print("backtest 2019 from ≤2018, absolute percentage error:", {k: f"{v:.2%}" for k, v in errors.items()})
    assert max(errors.values()) < 0.005
    ahead = projection.by_level(projection.project(history, pop, horizon=5)[2024])
    expected = sum(0.9 * births(2024 - (g - 1)) * 1.02 ** (g - 1) for g in range(1, 7))
    assert ahead["primary"] == pytest.approx(expected, rel=0.005)


def test_population_is_aged_on_when_the_year_is_missing():
    pop = {(2019, 3): 500}
    assert projection.population_at(pop, 2022, 6) == 500
    assert projection.population_at(pop, 2022, 2) is None


@pytest.mark.django_db
def test_seats_page_shows_the_shortfall_and_the_project_that_covers_it(
    client, staff, district, django_assert_max_num_queries
):
    school = district.school
    school.capacity = 2
    school.save()
    for year in ("2018-2019", "2019-2020"):
        for grade in range(1, 7):
            EnrollmentFactory(
                student=StudentFactory(school=school),
                school=school,
                school_year=year,
                level="primary",
                grade=grade,
            )
    for y in (2018, 2019):
        for a in range(0, 13):
            Population.objects.create(area=district.town, year=y, age=a, count=3)
    project_for(school, name="附小扩建", places_primary=30, planned_delivery=dt.date(2021, 8, 31))
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        page = client.get(reverse("projects:seats")).content.decode()
    assert "最大缺口 4 个学位" in page  # 6 pupils against 2 places
    assert "附小扩建" in page and "（含项目30）" in page
