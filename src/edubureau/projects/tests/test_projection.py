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


def _demo_history():
    """Enrolled pupils by (town, school year, level, grade) and population by (town, year, age) of the demo
    district as the generator makes it (no database); town 0 is the whole district."""
    from collections import defaultdict

    from edubureau.demo.generator import COLUMNS, TABLE_ORDER, county_areas, generate_county
    from edubureau.demo.places import scale_counties

    county = scale_counties("district")[0]
    area_ids = {code: n for n, (code, *_) in enumerate(county_areas(county), start=1)}
    rows = generate_county(county, seed=2019, area_ids=area_ids, next_ids=dict.fromkeys(TABLE_ORDER, 1)).rows
    e, s, p = (dict(zip(COLUMNS[t], range(99), strict=False)) for t in ("enrollment", "school", "population"))
    town = {r[s["id"]]: r[s["area_id"]] for r in rows["school"]}
    history = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    for r in rows["enrollment"]:
        if r[e["status"]] == "enrolled" and r[e["level"]] in projection.CHAIN:
            t = int(r[e["school_year"]][:4])
            for key in (town[r[e["school_id"]]], 0):
                history[key][t][(r[e["level"]], r[e["grade"]])] += 1
    pop = defaultdict(lambda: defaultdict(int))
    for r in rows["population"]:
        if not r[p["group"]]:
            for key in (r[p["area_id"]], 0):
                pop[key][(r[p["year"]], r[p["age"]])] += r[p["count"]]
    return {k: {t: dict(c) for t, c in h.items()} for k, h in history.items()}, {
        k: dict(v) for k, v in pop.items()
    }


def test_backtest_on_the_demo_history_projects_2019_2020_from_2018_2019():
    """Stated error: the district within 1 % at every level; each town's preschool and primary within 3 %.
    A town's junior intake is bounded loosely (25 %): 小升初 crosses town lines (pupils of a town without a
    junior school go to the next town's), which one year of data cannot show."""
    history, pop = _demo_history()
    assert sorted(history[0]) == [2018, 2019]
    district = projection.backtest(history[0], pop[0], year=2019)
    print("\ndemo district, 2019-2020 projected from 2018-2019, absolute percentage error:")
    print({lv: f"{v['forecast']} vs {v['observed']}: {v['error']:.2%}" for lv, v in district.items()})
    assert max(v["error"] for v in district.values()) < 0.01
    for town in sorted(k for k in history if k):
        errors = projection.backtest(history[town], pop[town], year=2019)
        print(f"town {town}:", {lv: f"{v['error']:.2%}" for lv, v in errors.items()})
        assert errors["primary"]["error"] < 0.03 and errors.get("preschool", {"error": 0})["error"] < 0.03
        assert errors.get("junior", {"error": 0})["error"] < 0.25


def test_backtest_on_a_synthetic_district_with_a_known_trend():
    """Stated error: < 0.5 % — cohorts grow 2 % a grade and births 20 a year, which the method models."""

    def births(y):
        return 1000 + 20 * (y - 2010)

    history, pop = _town(range(2015, 2020), births)
    errors = projection.backtest(history, pop, year=2019)
    print("\nsynthetic district, 2019 from ≤ 2018:", {lv: f"{v['error']:.3%}" for lv, v in errors.items()})
    assert max(v["error"] for v in errors.values()) < 0.005


@pytest.mark.django_db
def test_seats_page_counts_pupils_above_the_class_standard(client, staff, district):
    from edubureau.registry.testing.factories import SchoolClassFactory

    school = district.school
    big = SchoolClassFactory(
        school=school, level="primary", grade=3, name="三年级(1)班", school_year="2019-2020"
    )
    for _ in range(48):  # three above the 45 of a primary class
        EnrollmentFactory(student=StudentFactory(school=school), school=school, school_year="2019-2020",
                          level="primary", grade=3, school_class=big)  # fmt: skip
    client.force_login(staff)
    page = client.get(reverse("projects:seats")).content.decode()
    assert "大班额缺口 3 个学位" in page and 'data-large="primary"' in page
