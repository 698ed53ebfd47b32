"""The generator as a pure function: calibration against the 2019 plan, determinism, valid ID numbers."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from collections import Counter, defaultdict

import pytest

from edubureau.core.crypto import id_number_problem
from edubureau.demo.catalogue import build_catalogue
from edubureau.demo.generator import COLUMNS, TABLE_ORDER, IdNumbers, county_areas, generate_county
from edubureau.demo.places import QUANGANG_TOWNS, county_towns, scale_counties
from edubureau.demo.services import counties_generated

PLAN_ENTRANTS = {"preschool": 6650, "primary": 6300, "junior": 4425, "senior": 2000, "vocational": 600}


def _generate(scale: str, seed: int = 2019):
    county = scale_counties(scale)[0]
    area_ids = {code: n for n, (code, *_) in enumerate(county_areas(county), start=1)}
    return generate_county(county, seed=seed, area_ids=area_ids, next_ids=dict.fromkeys(TABLE_ORDER, 1))


def _col(table: str, name: str) -> int:
    return COLUMNS[table].index(name)


@pytest.fixture(scope="module")
def district():
    return _generate("district")


def test_same_seed_gives_the_same_rows_and_another_seed_does_not():
    # given / when
    first, second, other = _generate("tiny", 7), _generate("tiny", 7), _generate("tiny", 8)

    # then
    assert first.checksum() == second.checksum()
    assert first.checksum() != other.checksum()


def test_district_entrants_of_2019_2020_are_within_ten_percent_of_the_plan(district):
    entrants = district.summary["2019-2020"]["entrants"]

    for level, planned in PLAN_ENTRANTS.items():
        assert abs(entrants[level] - planned) <= 0.10 * planned, (level, entrants[level], planned)


def test_district_has_the_plans_size(district):
    s = district.summary
    assert 180 <= s["schools"] <= 220
    assert 65_000 <= s["2019-2020"]["enrolled"] <= 80_000
    assert s["2018-2019"]["enrolled"] >= 60_000
    assert 4_000 <= s["teachers"] <= 6_000


def test_rates_come_out_near_the_plans_targets(district):
    # given: enrolment by level and population by age, as the indicator engine will read them
    pop, disabled = defaultdict(int), defaultdict(int)
    for _, _, year, age, count, group in district.rows["population"]:
        (disabled if group == "three_disability" else pop)[(year, age)] += count
    enrolled = Counter(
        (r[_col("enrollment", "school_year")], r[_col("enrollment", "level")])
        for r in district.rows["enrollment"]
    )

    def rate(levels, ages):
        return sum(enrolled[("2019-2020", lv)] for lv in levels) / sum(pop[(2019, a)] for a in ages)

    # then: 学前三年毛入园率 ≈ 98 %, 小学 100 %, 初中 ≥ 98 % (near), 高中阶段毛入学率 ≈ 97 %
    assert 0.96 <= rate(["preschool"], range(3, 6)) <= 1.0
    assert 0.98 <= rate(["primary"], range(6, 12)) <= 1.02
    assert 0.96 <= rate(["junior"], range(12, 15)) <= 1.0
    assert 0.95 <= rate(["senior", "vocational"], range(15, 18)) <= 0.99
    # and 三类残疾儿童少年义务教育入学率 ≈ 96.5 %: pupils with those disabilities aged 6–15 ÷ the 残联 register
    three = {"visual", "hearing", "speech", "intellectual"}
    students = {r[0]: r for r in district.rows["student"]}
    in_school = sum(
        1
        for r in district.rows["enrollment"]
        if r[_col("enrollment", "school_year")] == "2019-2020"
        and students[r[_col("enrollment", "student_id")]][_col("student", "disability")] in three
        and 6
        <= 2019 - students[r[_col("enrollment", "student_id")]][_col("student", "birth_date")].year
        <= 15
    )
    register = sum(disabled[(2019, a)] for a in range(6, 16))
    assert register > 100 and 0.94 <= in_school / register <= 1.0


def test_population_covers_every_town_age_and_year(district):
    keys = {(area, year, age) for _, area, year, age, _, group in district.rows["population"] if group == ""}
    assert len(keys) == len(QUANGANG_TOWNS) * 4 * 19
    assert {year for _, year, _ in keys} == {2017, 2018, 2019, 2020}


def test_large_classes_fall_by_about_32_and_a_few_are_66_or_more(district):
    before, after = district.summary["2018-2019"], district.summary["2019-2020"]

    assert 28 <= before["large_classes"] - after["large_classes"] <= 36
    assert 1 <= before["super_large_classes"] <= 10
    assert after["super_large_classes"] < before["super_large_classes"]


def test_class_sizes_add_up_to_their_enrolments(district):
    sizes = Counter(r[_col("enrollment", "school_class_id")] for r in district.rows["enrollment"])
    classes = district.rows["schoolclass"]

    assert len(sizes) == len(classes)
    school_level = [sizes[r[0]] for r in classes if r[_col("schoolclass", "level")] in ("primary", "junior")]
    assert max(school_level) >= 66
    assert sum(1 for n in school_level if n <= 45) > len(school_level) / 3


def test_every_id_number_is_valid_unique_and_matches_the_birth_date(district):
    for table in ("student", "teacher"):
        pos, birth = _col(table, "id_number"), _col(table, "birth_date")
        numbers = [r[pos] for r in district.rows[table]]

        assert len(set(numbers)) == len(numbers)
        for row in district.rows[table]:
            number = row[pos]
            assert id_number_problem(number) is None, number
            assert number[6:14] == row[birth].strftime("%Y%m%d")
            assert (int(number[16]) % 2 == 1) == (row[_col(table, "gender")] == "M")


def test_pupils_move_up_a_grade_and_graduates_leave(district):
    by_student = defaultdict(dict)
    e = {name: _col("enrollment", name) for name in ("student_id", "school_year", "level", "grade")}
    for r in district.rows["enrollment"]:
        by_student[r[e["student_id"]]][r[e["school_year"]]] = (r[e["level"]], r[e["grade"]])
    both = [years for years in by_student.values() if len(years) == 2]
    up = sum(
        1
        for y in both
        if y["2019-2020"][1] == y["2018-2019"][1] + 1
        or (y["2019-2020"][1] == 1 and y["2018-2019"][0] != y["2019-2020"][0])
    )

    assert len(both) > 0.8 * len(by_student) * 0.8
    assert up == len(both)  # nobody repeats or skips a grade in the demo
    senior_leavers = [y for y in by_student.values() if y.get("2018-2019") == ("senior", 3)]
    assert senior_leavers and all("2019-2020" not in y for y in senior_leavers)


def test_students_include_migrant_left_behind_and_disabled_children(district):
    rows = district.rows["student"]
    c = {
        name: _col("student", name)
        for name in ("migrant_child", "left_behind", "disability", "inclusive_placement")
    }

    assert 0.05 < sum(r[c["migrant_child"]] for r in rows) / len(rows) < 0.3
    assert sum(1 for r in rows if r[c["left_behind"]]) > 1000
    assert sum(1 for r in rows if r[c["inclusive_placement"]] and r[c["disability"]]) > 50  # 随班就读


def test_teachers_cover_sports_and_arts_and_many_are_due_for_rotation(district):
    rows = district.rows["teacher"]
    subjects = Counter(r[_col("teacher", "main_subject")] for r in rows)

    assert all(subjects[s] > 50 for s in ("体育", "音乐", "美术"))
    long_stay = sum(1 for r in rows if r[_col("teacher", "joined_school_year")] <= 2013)
    assert 0.2 < long_stay / len(rows) < 0.7
    assert {r[_col("teacher", "post_grade")] for r in rows} >= {5, 8, 11, None}


def test_spending_rises_but_one_school_per_student_funding_falls(district):
    f = {name: _col("financerecord", name) for name in COLUMNS["financerecord"]}
    county = sorted(
        (r for r in district.rows["financerecord"] if r[f["school_id"]] is None), key=lambda r: r[f["year"]]
    )
    general = [r[f["general_budget_education"]] for r in county]
    per_student = [r[f["general_budget_education"]] / r[f["enrolment"]] for r in county]

    assert general == sorted(general) and per_student == sorted(per_student)  # 两个只增不减 at county level
    by_school = defaultdict(dict)
    for r in district.rows["financerecord"]:
        if r[f["school_id"]]:
            by_school[r[f["school_id"]]][r[f["year"]]] = r[f["public_funding_per_student"]]
    fell = [s for s, years in by_school.items() if 2018 in years and years[2019] < years[2018]]
    assert len(fell) == 1


def test_catalogues_of_every_province_county_have_unique_names_and_codes():
    for county in scale_counties("province"):
        schools = build_catalogue(county, county_towns(county), random.Random(county.code))
        names = [s.name for s in schools]

        assert len(names) == len(set(names)), county.name
        assert len(schools) < 1000  # school codes give each county three digits


def test_id_numbers_of_two_counties_never_collide():
    # given: two counties issuing numbers for the same outside region, birth date and sex
    rng = random.Random(1)
    a, b = IdNumbers("350505", 0, rng), IdNumbers("350582", 9, rng)
    born = dt.date(2012, 3, 4)

    # when
    first = {a.make("360781", born, "M")[0] for _ in range(5)}
    second = {b.make("360781", born, "M")[0] for _ in range(5)}

    # then
    assert not first & second
    assert all(id_number_problem(n) is None for n in first | second)


def test_the_province_contains_the_same_quangang_as_the_district(district):
    quangang = next(c for c in scale_counties("province") if c.code == "350505")
    area_ids = {code: n for n, (code, *_) in enumerate(county_areas(quangang), start=1)}

    rows = generate_county(quangang, seed=2019, area_ids=area_ids, next_ids=dict.fromkeys(TABLE_ORDER, 1))

    assert rows.checksum() == district.checksum()


def test_counties_generated_ahead_in_a_child_process_are_the_counties_generated_in_turn():
    # given: two small counties of one run, ids running on from the first to the second
    counties = [dataclasses.replace(c, tiny=True) for c in scale_counties("city")[:2]]
    area_ids = {
        code: n for n, (code, *_) in enumerate([a for c in counties for a in county_areas(c)], start=1)
    }
    in_turn_ids = dict.fromkeys(TABLE_ORDER, 1)
    in_turn = [generate_county(c, seed=5, area_ids=area_ids, next_ids=in_turn_ids) for c in counties]

    # when
    ahead_ids = dict.fromkeys(TABLE_ORDER, 1)
    ahead = list(counties_generated(counties, seed=5, area_ids=area_ids, next_ids=ahead_ids))

    # then
    assert [r.checksum() for r in ahead] == [r.checksum() for r in in_turn]
    assert ahead_ids == in_turn_ids and ahead_ids["student"] > len(in_turn[0].rows["student"]) + 1


def test_every_enrolment_carries_its_pupils_birth_year_and_disability(district):
    # the writer gives both itself, so the database's copy (registry.triggers) runs for no row
    pupils = {r[0]: r for r in district.rows["student"]}
    born, disability = _col("student", "birth_date"), _col("student", "disability")
    e = {name: _col("enrollment", name) for name in ("student_id", "birth_year", "disability")}

    wrong = [
        r
        for r in district.rows["enrollment"]
        if (r[e["birth_year"]], r[e["disability"]])
        != (pupils[r[e["student_id"]]][born].year, pupils[r[e["student_id"]]][disability])
    ]

    assert len(district.rows["enrollment"]) > 100_000 and wrong == []
