"""Every row ``evaluate`` writes for small hand-built districts (no database): each formula's value, numerator
and denominator at every scope, worked out by hand in the comments, and the scope of every row.

Two towns (山腰, 南埔) and schools run by the county itself (area 1, not a town): those count for the district
but give no town row. Values are compared rounded to 6 places."""

from decimal import Decimal

from edubureau.core.periods import SchoolYear
from edubureau.indicators.engine import Inputs, Scopes, balance_units, evaluate, merge_inputs

Y = SchoolYear(2019)
COUNTY = {"id": 1, "code": "350505"}
T1 = {"id": 11, "code": "350505100", "name": "山腰街道"}
T2 = {"id": 12, "code": "350505101", "name": "南埔镇"}
D, A, B = COUNTY["code"], T1["code"], T2["code"]
FISCAL = ("public_funding_min_", "education_spending_")


def school(
    sid, kind="primary", area=11, *, ownership="public", affordable="", point=False, **resources
) -> dict:
    return {
        "id": sid, "code": f"S{sid}", "name": f"学校{sid}", "kind": kind, "ownership": ownership,
        "affordable": affordable, "area_id": area, "is_teaching_point": point,
        "teaching_floor_area": Decimal(resources.get("floor", 5000)),
        "sports_area": Decimal(resources.get("sports", 8000)),
        "equipment_value": Decimal(resources.get("equipment", 2_000_000)),
        "multimedia_rooms": resources.get("rooms", 20),
    }  # fmt: skip


def inputs(schools, *, enrolment=None, classes=(), teachers=None, population=None, disabled=None, finance=()):
    return Inputs(
        county=COUNTY,
        year=Y,
        towns=[T1, T2],
        schools=list(schools),
        enrolment=enrolment or {},
        classes=list(classes),
        teachers=teachers or {},
        population=population or {},
        disabled_population=disabled or {},
        finance=list(finance),
    )


def _r(x):
    return round(x, 6) if isinstance(x, float) else x


def table(inp: Inputs, *prefixes: str) -> dict:
    """(indicator, scope type, scope code) → (value, numerator, denominator) of the indicators starting with
    one of ``prefixes``; also checks that every row of ``inp`` is filed under the right scope and period."""
    rows = evaluate(inp)
    check_scopes(inp, rows)
    out = {}
    for r in rows:
        if r.indicator.startswith(prefixes):
            key = (r.indicator, r.scope_type, r.scope_code)
            assert key not in out, key
            out[key] = (_r(r.value), _r(r.numerator), _r(r.denominator))
    return out


def check_scopes(inp: Inputs, rows) -> None:
    schools = {s["id"]: s for s in inp.schools}
    towns = {t["id"]: t["code"] for t in inp.towns}
    for r in rows:
        fiscal = r.indicator.startswith(FISCAL)
        assert r.period == ("2019" if fiscal else "2019-2020"), r
        if r.scope_type == "district":
            assert (r.scope_code, r.area_id, r.school_id, r.class_id) == (D, 1, None, None), r
        elif r.scope_type == "town":
            assert (r.scope_code, r.school_id, r.class_id) == (towns[r.area_id], None, None), r
        elif r.scope_type == "school":
            s = schools[r.school_id]
            assert (r.scope_code, r.area_id, r.class_id) == (s["code"], s["area_id"], None), r
        elif r.scope_type == "class":
            s = schools[r.school_id]
            assert (r.scope_code, r.area_id) == (str(r.class_id), s["area_id"]), r
        else:
            assert r.scope_type == "level", r
            assert (r.scope_code, r.area_id, r.school_id) == (f"{D}:{r.indicator.rsplit('_', 1)[1]}", 1, None)


# --- enrolment: entrants, age rates, 三类残疾 ------------------------------------------------------------


def enrolment_district() -> Inputs:
    schools = [school(1), school(2, "junior", 12), school(3, "primary", 1), school(4, "kindergarten"),
               school(5, "senior", 12), school(6, "vocational", 12)]  # fmt: skip
    enrolment = {
        # (school, level, grade, born) → (在读, 在籍 三类残疾); in 2019 born 2013 is 6
        (1, "primary", 1, 2013): (30, 1),  # age 6, entrants; one 三类残疾
        (1, "primary", 2, 2012): (20, 0),  # 7
        (1, "primary", 6, 2008): (10, 0),  # 11
        (1, "primary", 6, 2007): (5, 0),  # 12: a primary pupil of junior age
        (1, "primary", 3, None): (4, 2),  # no birth date: pupils, but no age
        (1, "primary", 1, 2014): (0, 1),  # 5, suspended only: no pupil, too young for 三类残疾
        (2, "junior", 1, 2007): (40, 0),  # 12, entrants
        (2, "junior", 2, 2005): (8, 0),  # 14
        (2, "junior", 3, 2004): (0, 2),  # 15, two suspended 三类残疾 pupils: counted
        (2, "junior", 3, 2003): (6, 1),  # 16: too old for 三类残疾
        (3, "primary", 1, 2013): (12, 1),  # the county's own school: no town
        (4, "preschool", 1, 2016): (25, 0),  # 3
        (4, "preschool", 3, 2014): (15, 0),  # 5
        (5, "senior", 1, 2004): (30, 0),  # 15
        (6, "vocational", 2, 2003): (10, 0),  # 16, grade 2: no entrants
    }
    population = {
        11: {2: 100, 3: 20, 4: 20, 5: 10, 6: 10, 11: 50},
        12: {12: 30, 14: 30, 15: 20, 17: 20, 18: 100},
        1: {3: 1000},  # a county row: ignored, the towns have theirs
    }
    disabled = {11: {5: 9, 6: 2}, 12: {15: 2, 16: 9}, 1: {10: 1}}
    return inputs(schools, enrolment=enrolment, population=population, disabled=disabled)


def test_entrants_by_school_town_and_district():
    got = table(enrolment_district(), "entrants_")
    assert got == {
        ("entrants_primary", "school", "S1"): (30, 30, None),
        ("entrants_primary", "school", "S3"): (12, 12, None),
        ("entrants_primary", "town", A): (30, 30, None),  # school 3 is in no town
        ("entrants_primary", "district", D): (42, 42, None),
        ("entrants_junior", "school", "S2"): (40, 40, None),
        ("entrants_junior", "town", B): (40, 40, None),
        ("entrants_junior", "district", D): (40, 40, None),
        ("entrants_preschool", "school", "S4"): (25, 25, None),
        ("entrants_preschool", "town", A): (25, 25, None),
        ("entrants_preschool", "district", D): (25, 25, None),
        ("entrants_senior", "school", "S5"): (30, 30, None),
        ("entrants_senior", "town", B): (30, 30, None),
        ("entrants_senior", "district", D): (30, 30, None),
        ("entrants_vocational", "district", D): (0, 0, None),
    }


def test_age_rates_count_the_towns_pupils_and_people_at_each_age_edge():
    got = table(enrolment_district(), "preschool_gross", "primary_age", "junior_age", "senior_gross")
    assert got == {
        # 幼儿园 pupils 40 over people aged 3–5 (20 + 20 + 10; not the 100 aged 2, nor the county row)
        ("preschool_gross_enrolment_rate", "district", D): (80.0, 40, 50),
        # pupils aged 6–11 in the towns (30 + 20 + 10; not the county school's 12, nor the 5 aged 12)
        # over people aged 6–11 (10 + 50)
        ("primary_age_enrolment_rate", "district", D): (100.0, 60, 60),
        # pupils aged 12–14 (5 + 40 + 8) over people aged 12–14 (30 + 30)
        ("junior_age_enrolment_rate", "district", D): (round(5300 / 60, 6), 53, 60),
        # 普高 30 + 中职 10 over people aged 15–17 (20 + 20; not the 100 aged 18)
        ("senior_gross_enrolment_rate", "district", D): (100.0, 40, 40),
    }


def test_the_county_population_row_is_used_when_no_town_has_one():
    inp = inputs(
        [school(1, "kindergarten"), school(2, "senior", 12)],
        enrolment={(1, "preschool", 1, 2016): (5, 0), (2, "senior", 1, 2004): (6, 0)},
        population={1: {3: 10, 5: 10, 15: 3, 17: 1}},
    )
    got = table(inp, "preschool_gross", "senior_gross")
    assert got[("preschool_gross_enrolment_rate", "district", D)] == (25.0, 5, 20)
    assert got[("senior_gross_enrolment_rate", "district", D)] == (150.0, 6, 4)


def test_three_disability_pupils_by_town_and_the_rate_over_the_registered_children():
    got = table(enrolment_district(), "three_disability")
    assert got == {
        ("three_disability_enrolled", "town", A): (1, 1, None),  # the one aged 6
        ("three_disability_enrolled", "town", B): (2, 2, None),  # the two suspended aged 15
        ("three_disability_enrolled", "district", D): (4, 4, None),  # and the county school's
        # registered children aged 6–15: 2 + 2 + 1 (not the 9 aged 5 nor the 9 aged 16)
        ("three_disability_enrolment_rate", "district", D): (80.0, 4, 5),
    }


def test_no_rate_without_registered_three_disability_children():
    inp = enrolment_district()
    inp.disabled_population = {11: {5: 3, 16: 3}}
    assert ("three_disability_enrolment_rate", "district", D) not in table(inp, "three_disability")


# --- 班额 -----------------------------------------------------------------------------------------------


def klass(cid, sid, size, level, year=Y) -> dict:
    return {"id": cid, "school_id": sid, "school_year": str(year), "level": level, "size": size}


LAST = SchoolYear(2018)


def class_district(*, last_year=True) -> Inputs:
    now = [klass(1, 1, 45, "primary"), klass(2, 1, 46, "primary"), klass(3, 1, 56, "primary"),
           klass(4, 1, 66, "primary"), klass(8, 2, 50, "junior"), klass(9, 2, 51, "junior"),
           klass(10, 2, 55, "junior"), klass(11, 2, 65, "junior"), klass(12, 3, 51, "senior"),
           klass(13, 3, 56, "senior")]  # fmt: skip
    before = [klass(5, 1, 56, "primary", LAST), klass(6, 1, 56, "primary", LAST), klass(7, 1, 66, "primary", LAST),
              klass(14, 3, 66, "senior", LAST), klass(15, 3, 60, "senior", LAST),
              klass(16, 1, 70, "primary", SchoolYear(2017))]  # fmt: skip
    schools = [school(1), school(2, "junior", 12), school(3, "complete_secondary", 1)]
    return inputs(schools, classes=now + (before if last_year else []))


def summary(scope, code, *, n, pupils, standard, above, large, very, s51, over, previous=None) -> dict:
    """The rows ``_class_size`` writes for one scope from hand-counted classes."""
    out = {
        ("class_size", scope, code): (_r(pupils / n), pupils, n),
        ("classes_standard", scope, code): (standard, standard, n),
        ("classes_above_standard", scope, code): (above, above, n),
        ("large_classes", scope, code): (large, large, n),
        ("very_large_classes", scope, code): (very, very, n),
        ("classes_51_55", scope, code): (s51, s51, n),
        ("classes_over_standard", scope, code): (over, over, n),
        ("large_class_share", scope, code): (_r(100 * large / n), large, n),
        ("very_large_class_share", scope, code): (_r(100 * very / n), very, n),
    }
    if previous is not None:
        out[("large_classes_reduction", scope, code)] = (previous - large, previous, large)
    return out


def section(name, scope, code, *, n, large, very, previous=None) -> dict:
    out = {
        (f"large_classes_{name}", scope, code): (large, large, n),
        (f"very_large_classes_{name}", scope, code): (very, very, n),
        (f"large_class_share_{name}", scope, code): (_r(100 * large / n), large, n),
        (f"very_large_class_share_{name}", scope, code): (_r(100 * very / n), very, n),
    }
    if previous is not None:
        out[(f"large_classes_reduction_{name}", scope, code)] = (previous - large, previous, large)
    return out


def test_class_size_rows_of_every_scope_and_section():
    got = table(class_district(), "class", "large_class", "very_large_class")
    # school 1 (小学, 山腰): 45 | 46 | 56 | 66; last year 56, 56, 66 (and a class of 2017, not read)
    s1 = dict(n=4, pupils=213, standard=1, above=1, large=2, very=1, s51=0, over=3)
    # school 2 (初中, 南埔): 50 | 51 | 55 | 65 (over the 50 standard: 51, 55, 65); no classes last year
    s2 = dict(n=4, pupils=221, standard=0, above=3, large=1, very=0, s51=2, over=3)
    # school 3 (完全中学 高中部, the county's): 51 | 56; last year 66, 60
    s3 = dict(n=2, pupils=107, standard=0, above=1, large=1, very=0, s51=1, over=2)
    expected = {("class_size", "class", str(cid)): (size, size, 1)
                for cid, size in [(1, 45), (2, 46), (3, 56), (4, 66), (8, 50), (9, 51), (10, 55), (11, 65),
                                  (12, 51), (13, 56)]}  # fmt: skip
    for code, scope, s, previous in (("S1", "school", s1, 3), (A, "town", s1, 3), ("S2", "school", s2, 0),
                                     (B, "town", s2, 0), ("S3", "school", s3, 2)):  # fmt: skip
        expected |= summary(scope, code, **s, previous=previous)
        name = "senior" if code == "S3" else "compulsory"
        expected |= section(name, scope, code, n=s["n"], large=s["large"], very=s["very"], previous=previous)
    expected |= summary("district", D, n=10, pupils=541, standard=1, above=5, large=4, very=1, s51=3, over=8,
                        previous=5)  # fmt: skip
    expected |= section("compulsory", "district", D, n=8, large=3, very=1, previous=3)
    expected |= section("senior", "district", D, n=2, large=1, very=0, previous=2)
    assert got == expected


def test_without_last_years_classes_the_district_has_no_reduction():
    got = table(class_district(last_year=False), "large_classes_reduction")
    # a school or town without classes last year had no large class then
    assert got == {
        ("large_classes_reduction", "school", "S1"): (-2, 0, 2),
        ("large_classes_reduction_compulsory", "school", "S1"): (-2, 0, 2),
        ("large_classes_reduction", "town", A): (-2, 0, 2),
        ("large_classes_reduction_compulsory", "town", A): (-2, 0, 2),
        ("large_classes_reduction", "school", "S2"): (-1, 0, 1),
        ("large_classes_reduction_compulsory", "school", "S2"): (-1, 0, 1),
        ("large_classes_reduction", "town", B): (-1, 0, 1),
        ("large_classes_reduction_compulsory", "town", B): (-1, 0, 1),
        ("large_classes_reduction", "school", "S3"): (-1, 0, 1),
        ("large_classes_reduction_senior", "school", "S3"): (-1, 0, 1),
    }


# --- 编制 and 生师比 ------------------------------------------------------------------------------------


def staffing_district() -> Inputs:
    schools = [school(1), school(2, "nine_year"), school(3, "kindergarten", 12), school(5, "primary", 12),
               school(6, "primary", 1), school(7, "kindergarten", 12), school(8, "primary", 12)]  # fmt: skip
    enrolment = {(1, "primary", 1, 2013): (38, 0), (2, "primary", 1, 2013): (19, 0),
                 (2, "junior", 1, 2007): (27, 0), (3, "preschool", 1, 2016): (14, 0),
                 (6, "primary", 1, 2013): (19, 0), (7, "preschool", 1, 2016): (7, 0)}  # fmt: skip
    teachers = {
        # a primary school's 保育员 (carers 3) do not count in its 生师比; a kindergarten's do
        1: {"staff": 3, "total": 2, "carers": 3, "backbone": 1, "senior_title": 1},
        2: {"staff": 2, "total": 2, "carers": 2, "backbone": 0, "senior_title": 1},
        3: {"staff": 4, "total": 1, "carers": 3, "backbone": 0, "senior_title": 0},
        5: {"staff": 1, "total": 1, "backbone": 1},  # teachers but no pupils
        6: {"staff": 1, "total": 1},
    }  # school 7 has pupils and no teachers; school 8 neither (no rows)
    return inputs(schools, enrolment=enrolment, teachers=teachers)


def test_staffing_rows_of_every_scope():
    got = table(staffing_district(), "students_per_teacher", "staffing_", "backbone_", "senior_title")
    # county norm: 小学 76 pupils → ceil(76/19) = 4, shared 2:1:1 by schools 1, 2, 6; 初中 27 → 2, all to
    # school 2; 幼儿园 21 → ceil(21/7) = 3, shared 2:1 by schools 3 and 7.
    # per school: (pupils, teachers, staff, norm, shortfall, backbone, senior title, 专任教师)
    per = {
        "S1": (38, 2, 3, 2, 0, 1, 1, 2),
        "S2": (46, 2, 2, 3, 1, 0, 1, 2),
        "S3": (14, 3, 4, 2, 0, 0, 0, 1),
        "S5": (0, 1, 1, 0, 0, 1, 0, 1),
        "S6": (19, 1, 1, 1, 0, 0, 0, 1),
        "S7": (7, 0, 0, 1, 1, 0, 0, 0),
        A: (84, 4, 5, 5, 1, 1, 2, 4),  # schools 1, 2
        B: (21, 4, 5, 3, 1, 1, 0, 2),  # schools 3, 5, 7 (school 6 is the county's)
        D: (124, 9, 11, 9, 2, 2, 2, 7),
    }
    expected = {}
    for code, (n, t, staff, norm, short, backbone, senior, full) in per.items():
        scope = "district" if code == D else "town" if code in (A, B) else "school"

        def pct(k, full=full):
            return _r(100 * k / full) if full else None

        expected |= {
            ("students_per_teacher", scope, code): (_r(n / t) if t else None, n, t),
            ("staffing_norm", scope, code): (norm, n, None),
            ("staffing_shortfall", scope, code): (short, norm, staff),
            ("backbone_teacher_share", scope, code): (pct(backbone), backbone, full),
            ("senior_title_share", scope, code): (pct(senior), senior, full),
        }
    # a nine-year school's teachers split by the norm of each level: 19/19 : 27/13.5 = 1 : 2
    by_level = {
        ("primary", "S1"): (38, 2.0),
        ("primary", "S2"): (19, 2 / 3),
        ("junior", "S2"): (27, 4 / 3),
        ("preschool", "S3"): (14, 3.0),
        ("primary", "S6"): (19, 1.0),
        ("preschool", "S7"): (7, 0.0),
        ("primary", A): (57, 2 + 2 / 3),
        ("junior", A): (27, 4 / 3),
        ("preschool", B): (21, 3.0),
        ("primary", D): (76, 3 + 2 / 3),
        ("junior", D): (27, 4 / 3),
        ("preschool", D): (21, 3.0),
    }
    for (level, code), (n, t) in by_level.items():
        scope = "district" if code == D else "town" if code in (A, B) else "school"
        expected[(f"students_per_teacher_{level}", scope, code)] = (_r(n / t) if t else None, n, round(t, 4))
    assert got == expected


def test_no_staffing_rows_without_pupils_or_staff():
    inp = inputs([school(1)], teachers={1: {"staff": 0}})
    assert table(inp, "students_per_teacher", "staffing_") == {}


# --- 优质均衡 --------------------------------------------------------------------------------------------


def balance_district() -> Inputs:
    schools = [
        school(1, floor=450, sports=750, equipment=200_000, rooms=3),
        school(2, "nine_year", floor=1000, sports=1600, equipment=400_000, rooms=4),
        school(3, "complete_secondary", 12, floor=1400, sports=2448, equipment=600_000, rooms=6),
        school(4, "junior", 12),
        school(5, point=True),  # a 教学点 of 49 pupils: left out
        school(6, "primary", 1, point=True),  # a 教学点 of 50: assessed
        school(7, "kindergarten"),
        school(8, "senior", 12),
        school(9, "primary", 12),  # no pupils
    ]
    enrolment = {(1, "primary", 1, 2013): (100, 0), (2, "primary", 1, 2013): (110, 0),
                 (2, "junior", 1, 2007): (100, 0), (3, "junior", 1, 2007): (120, 0),
                 (3, "senior", 1, 2004): (100, 0), (4, "junior", 1, 2007): (80, 0),
                 (5, "primary", 1, 2013): (49, 0), (6, "primary", 1, 2013): (50, 0),
                 (7, "preschool", 1, 2016): (30, 0), (8, "senior", 1, 2004): (30, 0)}  # fmt: skip
    teachers = {
        1: {"associate_plus": 5, "bachelor_plus": 1, "backbone": 1, "sports_arts": 1},
        2: {"associate_plus": 10, "bachelor_plus": 8, "backbone": 2, "sports_arts": 2},
        3: {"associate_plus": 14, "bachelor_plus": 12, "backbone": 3, "sports_arts": 3},
        7: {"associate_plus": 9, "bachelor_plus": 9, "backbone": 9, "sports_arts": 9},
    }
    return inputs(schools, enrolment=enrolment, teachers=teachers)


def test_balance_units_split_combined_schools_by_weighted_pupils():
    pupils = {1: {"primary": 100}, 2: {"primary": 110, "junior": 100}, 3: {"junior": 120, "senior": 100},
              4: {"junior": 80}, 5: {"primary": 49}, 6: {"primary": 50}, 7: {"preschool": 30},
              8: {"senior": 30}}  # fmt: skip
    units = {(u["school"]["id"], u["level"]): (u["pupils"], {k: _r(v) for k, v in u["resources"].items()})
             for u in balance_units(balance_district(), pupils)}  # fmt: skip

    def res(q, b, sa, floor, sports, equipment, rooms):
        return {"qualified_teachers": q, "backbone_teachers": b, "sports_arts_teachers": sa,
                "floor_area": floor, "sports_area": sports, "equipment": equipment, "multimedia_rooms": rooms}  # fmt: skip

    assert units == {
        (1, "primary"): (100, res(5, 1, 1, 450.0, 750.0, 200_000.0, 3)),  # 专科+ for 小学
        # 九年一贯制 110 小学 × 1 : 100 初中 × 1.1 → half each; 本科+ for 初中
        (2, "primary"): (110, res(5.0, 1.0, 1.0, 500.0, 800.0, 200_000.0, 2.0)),
        (2, "junior"): (100, res(4.0, 1.0, 1.0, 500.0, 800.0, 200_000.0, 2.0)),
        # 完全中学 120 初中 × 1 : 100 高中 × 1.2 → half to 初中 (高中 is not assessed)
        (3, "junior"): (120, res(6.0, 1.5, 1.5, 700.0, 1224.0, 300_000.0, 3.0)),
        (4, "junior"): (80, res(0, 0, 0, 5000.0, 8000.0, 2_000_000.0, 20)),
        (6, "primary"): (50, res(0, 0, 0, 5000.0, 8000.0, 2_000_000.0, 20)),
    }


def test_balance_rows_values_sums_and_the_schools_meeting_the_standard():
    got = table(balance_district(), "balance_")
    # the values are per 100 pupils (teachers, rooms) or per pupil (areas, equipment) of the unit's resources
    per_hundred = {"qualified_teachers", "backbone_teachers", "sports_arts_teachers", "multimedia_rooms"}
    units = {
        "primary": {"S1": (100, A), "S2": (110, A), "S6": (50, None)},
        "junior": {"S2": (100, A), "S3": (120, B), "S4": (80, B)},
    }
    resources = {
        ("primary", "S1"): (5, 1, 1, 450, 750, 200_000, 3),
        ("primary", "S2"): (5, 1, 1, 500, 800, 200_000, 2),
        ("primary", "S6"): (0, 0, 0, 5000, 8000, 2_000_000, 20),
        ("junior", "S2"): (4, 1, 1, 500, 800, 200_000, 2),
        ("junior", "S3"): (6, 1.5, 1.5, 700, 1224, 300_000, 3),
        ("junior", "S4"): (0, 0, 0, 5000, 8000, 2_000_000, 20),
    }
    keys = ("qualified_teachers", "backbone_teachers", "sports_arts_teachers", "floor_area", "sports_area",
            "equipment", "multimedia_rooms")  # fmt: skip

    def value(key, r, p):
        return _r((100 if key in per_hundred else 1) * r / p)

    expected = {}
    for level, mine in units.items():
        for i, key in enumerate(keys):
            cells = [(resources[(level, code)][i], p, town) for code, (p, town) in mine.items()]
            for code, (p, _town) in mine.items():
                r = resources[(level, code)][i]
                expected[(f"balance_{key}_{level}", "school", code)] = (value(key, r, p), _r(float(r)), p)
            for town in (A, B):
                r = sum(c[0] for c in cells if c[2] == town)
                p = sum(c[1] for c in cells if c[2] == town)
                if p:
                    expected[(f"balance_{key}_{level}", "town", town)] = (value(key, r, p), _r(float(r)), p)
            r, p = sum(c[0] for c in cells), sum(c[1] for c in cells)
            expected[(f"balance_{key}_{level}", "district", D)] = (value(key, r, p), _r(float(r)), p)
            # 差异系数: x_i = r_i / p_i, x̄ = Σr / Σp, S² = Σ (p_i / Σp)(x_i − x̄)², CV = S / x̄
            mean = r / p
            cv = (sum(c[1] / p * (c[0] / c[1] - mean) ** 2 for c in cells) ** 0.5 / mean) if mean else None
            expected[(f"balance_cv_{key}_{level}", "level", f"{D}:{level}")] = (_r(cv), None, len(cells))
    # school 1 meets all 7; school 2's 小学部 misses three, its 初中部 two (4.0 < 85 % of 5.3);
    # school 3 meets 6 of 7, the seventh (5.0 per 100 against 5.3) within 85 %; schools 4 and 6 have no
    # teachers
    meeting = {
        ("primary", "school", "S1"): (100, 1, 1),
        ("primary", "school", "S2"): (0, 0, 1),
        ("primary", "school", "S6"): (0, 0, 1),
        ("primary", "town", A): (50.0, 1, 2),
        ("primary", "district", D): (_r(100 / 3), 1, 3),
        ("junior", "school", "S2"): (0, 0, 1),
        ("junior", "school", "S3"): (100, 1, 1),
        ("junior", "school", "S4"): (0, 0, 1),
        ("junior", "town", A): (0.0, 0, 1),
        ("junior", "town", B): (50.0, 1, 2),
        ("junior", "district", D): (_r(100 / 3), 1, 3),
    }
    for (level, scope, code), v in meeting.items():
        expected[(f"balance_schools_meeting_{level}", scope, code)] = v
    assert got == expected


# --- 学前: 公办 and 普惠 -----------------------------------------------------------------------------------


def test_public_and_affordable_kindergarten_shares():
    schools = [
        school(1, "kindergarten", affordable="public"),
        school(2, "kindergarten", ownership="private", affordable="affordable_private"),
        school(3, "kindergarten", 12, ownership="private", affordable="private"),
        school(4, "kindergarten", 1, affordable=""),  # public, whatever the field says
        school(5, "primary", 12, ownership="private"),  # a private primary school's 学前班
        school(6, "kindergarten", 12, affordable="public"),  # no pupils
    ]
    enrolment = {(1, "preschool", 1, 2016): (10, 0), (2, "preschool", 1, 2016): (6, 0),
                 (3, "preschool", 1, 2016): (4, 0), (4, "preschool", 1, 2016): (5, 0),
                 (5, "preschool", 1, 2016): (3, 0), (5, "primary", 1, 2013): (50, 0)}  # fmt: skip
    got = table(inputs(schools, enrolment=enrolment), "public_kindergarten", "affordable_kindergarten")
    assert got == {
        ("public_kindergarten_share", "town", A): (62.5, 10, 16),
        ("affordable_kindergarten_coverage", "town", A): (100.0, 16, 16),
        ("public_kindergarten_share", "town", B): (0.0, 0, 7),
        ("affordable_kindergarten_coverage", "town", B): (0.0, 0, 7),
        ("public_kindergarten_share", "district", D): (_r(1500 / 28), 15, 28),
        ("affordable_kindergarten_coverage", "district", D): (75.0, 21, 28),
    }


def test_no_kindergarten_shares_without_preschool_pupils():
    inp = inputs([school(1)], enrolment={(1, "primary", 1, 2013): (5, 0)})
    assert table(inp, "public_kindergarten", "affordable_kindergarten") == {}


# --- 经费 and 数据质量 --------------------------------------------------------------------------------------


def line(sid, amount, enrolment, *, year=2019, area=11) -> dict:
    return {"year": year, "area_id": area, "school_id": sid, "general_budget_education": None,
            "public_funding_per_student": Decimal(str(amount)), "enrolment": enrolment}  # fmt: skip


def county_line(year, budget, enrolment, area=1) -> dict:
    return {"year": year, "area_id": area, "school_id": None, "general_budget_education": Decimal(budget),
            "public_funding_per_student": None, "enrolment": enrolment}  # fmt: skip


def finance_district(county_lines=None) -> Inputs:
    schools = [school(1), school(2, "nine_year"), school(3, "primary", 12, ownership="private"),
               school(4, "vocational", 12), school(5, "complete_secondary", 1), school(6, "kindergarten", 12),
               school(7, "primary", 12)]  # fmt: skip
    enrolment = {(1, "primary", 1, 2013): (100, 0), (2, "primary", 1, 2013): (60, 0),
                 (2, "junior", 1, 2007): (40, 0), (3, "primary", 1, 2013): (30, 0),
                 (6, "preschool", 1, 2016): (40, 0)}  # fmt: skip
    finance = [
        line(1, 700, 100),  # 小学 floor 650: met
        line(1, 100, 100, year=2018),  # last year's: not read
        line(2, 729.99, 101),  # 九年一贯制 60 小学 + 40 初中: floor (650 × 60 + 850 × 40) / 100 = 730
        line(3, 100, 30, area=12),  # private: no floor
        line(4, 100, 20, area=12),  # 中职: no floor
        line(5, 850, 0, area=1),  # 完全中学 without pupils: the lower section's floor, 850: met
        line(6, 449, 40, area=12),  # 幼儿园 floor 450: below
        line(7, 640, 0, area=12),  # 小学: below
        line(99, 10, 5),  # not a school of the county
        county_line(2019, 5_000_000, 900, area=11),  # a town's line: not the county's
    ]
    if county_lines is None:
        county_lines = [
            county_line(2017, 1, 1),
            county_line(2018, 1_000_000, 400),
            county_line(2019, 990_000, 450),
        ]
    return inputs(schools, enrolment=enrolment, finance=finance + county_lines)


def test_funding_floors_and_county_spending():
    got = table(finance_district(), *FISCAL)
    assert got == {
        ("public_funding_min_primary", "school", "S1"): (700.0, None, None),
        ("public_funding_min_primary", "school", "S7"): (640.0, None, None),
        ("public_funding_min_primary", "district", D): (640.0, 1, 2),  # the lowest; 1 of 2 below
        ("public_funding_min_nine_year", "school", "S2"): (729.99, None, None),
        ("public_funding_min_nine_year", "district", D): (729.99, 1, 1),
        ("public_funding_min_complete_secondary", "school", "S5"): (850.0, None, None),
        ("public_funding_min_complete_secondary", "district", D): (850.0, 0, 1),
        ("public_funding_min_kindergarten", "school", "S6"): (449.0, None, None),
        ("public_funding_min_kindergarten", "district", D): (449.0, 1, 1),
        # 990,000 ÷ 450 = 2,200 against 1,000,000 ÷ 400 = 2,500 the year before
        ("education_spending_per_student", "district", D): (2200.0, 990_000.0, 450),
        ("education_spending_change", "district", D): (-10_000.0, 990_000.0, 1_000_000.0),
        ("education_spending_per_student_change", "district", D): (-300.0, 2200.0, 2500.0),
    }


def test_county_spending_without_last_years_line_has_no_change():
    got = table(finance_district([county_line(2019, 990_000, 450)]), "education_spending_")
    assert got == {("education_spending_per_student", "district", D): (2200.0, 990_000.0, 450)}
    assert table(finance_district([county_line(2018, 990_000, 450)]), "education_spending_") == {}


def test_headcount_consistency_compares_this_years_finance_rows_with_the_registry():
    got = table(finance_district(), "headcount_consistency")
    assert got == {
        # finance − registry: school 2 reports 101 for 100 pupils, school 4 20 for none
        ("headcount_consistency", "school", "S1"): (0, 100, 100),
        ("headcount_consistency", "school", "S2"): (1, 101, 100),
        ("headcount_consistency", "school", "S3"): (0, 30, 30),
        ("headcount_consistency", "school", "S4"): (20, 20, 0),
        ("headcount_consistency", "school", "S5"): (0, 0, 0),
        ("headcount_consistency", "school", "S6"): (0, 40, 40),
        ("headcount_consistency", "school", "S7"): (0, 0, 0),
        ("headcount_consistency", "town", A): (50.0, 1, 2),
        ("headcount_consistency", "town", B): (75.0, 3, 4),
        ("headcount_consistency", "district", D): (_r(500 / 7), 5, 7),
    }


def test_no_headcount_rows_without_finance_rows_of_schools():
    assert table(finance_district([]), "headcount_consistency")  # the fixture has school rows
    inp = inputs([school(1)], finance=[county_line(2019, 1, 1)])
    assert table(inp, "headcount_consistency") == {}


# --- merging an incremental read ----------------------------------------------------------------------


def test_merge_inputs_replaces_the_school_level_inputs_of_the_schools_read_again():
    before = inputs(
        [school(1), school(2)],
        enrolment={(1, "primary", 1, 2013): (10, 0), (2, "primary", 1, 2013): (20, 0)},
        classes=[klass(1, 1, 40, "primary"), klass(2, 2, 41, "primary")],
        teachers={1: {"staff": 1}, 2: {"staff": 2}},
        population={11: {6: 1}},
        finance=[line(1, 700, 10)],
    )
    part = Inputs(
        county={"id": 1, "code": "350505"},
        year=Y,
        towns=[T1],
        schools=[school(2, "junior")],
        enrolment={(2, "junior", 1, 2007): (5, 0)},
        classes=[klass(3, 2, 42, "junior")],
        teachers={2: {"staff": 9}},
        population={11: {6: 2}},
        disabled_population={11: {6: 1}},
        finance=[line(2, 800, 5)],
    )
    merged = merge_inputs(before, part, [2])
    assert merged.county == part.county and merged.year == Y and merged.towns == [T1]
    assert [s["id"] for s in merged.schools] == [1, 2] and merged.schools[1]["kind"] == "junior"
    assert merged.enrolment == {(1, "primary", 1, 2013): (10, 0), (2, "junior", 1, 2007): (5, 0)}
    assert [c["id"] for c in merged.classes] == [1, 3]
    assert merged.teachers == {1: {"staff": 1}, 2: {"staff": 9}}
    assert merged.population == {11: {6: 2}} and merged.disabled_population == {11: {6: 1}}
    assert merged.finance == [line(2, 800, 5)]


def test_a_county_line_without_a_budget_gives_no_spending_figure():
    blank = {**county_line(2019, 0, 450), "general_budget_education": None}
    got = table(finance_district([blank, county_line(2018, 1_000_000, 400)]), "education_spending_")
    assert got == {
        ("education_spending_per_student", "district", D): (None, None, 450),
        ("education_spending_change", "district", D): (None, None, 1_000_000.0),
        ("education_spending_per_student_change", "district", D): (None, None, 2500.0),
    }


# --- from the mutation run: sums over several rows, schools left out early in the order ---------------


def test_entrants_and_ages_add_up_the_rows_of_one_school_and_town():
    enrolment = {(1, "primary", 1, 2013): (30, 0), (1, "primary", 1, 2012): (2, 0),  # two birth years
                 (2, "primary", 2, 2012): (5, 0)}  # fmt: skip
    inp = inputs([school(1), school(2)], enrolment=enrolment, population={11: {6: 40, 7: 10}})
    got = table(inp, "entrants_primary", "primary_age")
    assert got[("entrants_primary", "school", "S1")] == (32, 32, None)
    # pupils aged 7 in 山腰: 2 in school 1 and 5 in school 2
    assert got[("primary_age_enrolment_rate", "district", D)] == (74.0, 37, 50)


def test_staffing_of_schools_after_one_without_pupils_or_staff():
    inp = inputs(
        [school(8), school(1), school(9)],  # school 8: neither pupils nor staff
        enrolment={(1, "primary", 1, 2013): (38, 0), (9, "primary", 1, 2013): (19, 0)},
        teachers={1: {"staff": 2, "total": 2}, 9: {"staff": 2}},  # school 9: staff, no 专任教师
    )
    got = table(inp, "students_per_teacher", "staffing_norm")
    assert got[("students_per_teacher", "school", "S1")] == (19.0, 38, 2)
    assert got[("students_per_teacher", "school", "S9")] == (None, 19, 0)
    assert got[("staffing_norm", "school", "S9")] == (1, 19, None)


def test_kindergarten_shares_after_a_school_without_preschool_pupils():
    inp = inputs(
        [school(1), school(2, "kindergarten", affordable="public")],
        enrolment={(1, "primary", 1, 2013): (50, 0), (2, "preschool", 1, 2016): (10, 0)},
    )
    assert table(inp, "public_kindergarten")[("public_kindergarten_share", "district", D)] == (100.0, 10, 10)


def test_balance_units_of_one_section_schools_and_schools_after_one_left_out():
    inp = inputs(
        [school(7, "kindergarten"), school(2, "nine_year"), school(3, "complete_secondary"), school(1)],
        teachers={2: {"associate_plus": 4}, 3: {"bachelor_plus": 6}},
    )
    pupils = {7: {"preschool": 30}, 2: {"primary": 100}, 3: {"junior": 120}, 1: {"primary": 10, "junior": 3}}
    units = {(u["school"]["id"], u["level"]): (u["pupils"], u["resources"]["qualified_teachers"],
                                               u["resources"]["floor_area"]) for u in balance_units(inp, pupils)}  # fmt: skip
    # a nine-year school without 初中 pupils and a 完全中学 without 高中 pupils keep all their resources; a
    # primary school's stray 初中 pupils are no section
    assert units == {
        (2, "primary"): (100, 4, 5000.0),
        (3, "junior"): (120, 6, 5000.0),
        (1, "primary"): (10, 0, 5000.0),
    }


def test_kindergarten_shares_without_public_kindergartens():
    inp = inputs(
        [school(1, "kindergarten", ownership="private", affordable="private")],
        enrolment={(1, "preschool", 1, 2016): (10, 0)},
    )
    got = table(inp, "public_kindergarten", "affordable_kindergarten")
    assert got[("public_kindergarten_share", "district", D)] == (0.0, 0, 10)
    assert got[("affordable_kindergarten_coverage", "district", D)] == (0.0, 0, 10)


def test_rates_add_up_schools_and_towns_and_a_district_without_some_levels():
    schools = [
        school(1, "vocational"),
        school(2, "vocational"),
        school(3, "vocational", 12),
        school(4, "junior", 12),
    ]
    enrolment = {(1, "vocational", 1, 2004): (10, 0), (2, "vocational", 1, 2004): (5, 0),
                 (3, "vocational", 1, 2004): (6, 0), (4, "junior", 1, 2007): (60, 0)}  # fmt: skip
    inp = inputs(schools, enrolment=enrolment, population={11: {15: 10}, 12: {15: 10, 16: 4}})
    got = table(inp, "senior_gross", "preschool_gross", "three_disability", "balance_schools_meeting")
    assert got[("senior_gross_enrolment_rate", "district", D)] == (87.5, 21, 24)  # 中职 only, no 普高
    assert got[("preschool_gross_enrolment_rate", "district", D)] == (None, 0, 0)
    assert got[("three_disability_enrolled", "town", A)] == (0, 0, None)
    assert got[("three_disability_enrolled", "town", B)] == (0, 0, None)
    # no 小学 assessed, 初中 still is
    assert got[("balance_schools_meeting_junior", "district", D)] == (0.0, 0, 1)


# --- an evaluation of some scopes (incremental recomputation) --------------------------------------------


def some_district(*, more: int = 0) -> Inputs:
    """Schools of two towns and of the county with classes of this year and last, teachers, 优质均衡
    resources and finance lines; ``more`` 小学 pupils (and a class of them) in the 九年一贯制 school 2."""
    inp = balance_district()
    inp.enrolment[2, "primary", 1, 2013] = (110 + more, 0)
    inp.classes = [klass(1, 1, 50, "primary"), klass(2, 2, 56, "primary"), klass(3, 2, 46, "junior"),
                   klass(4, 3, 66, "junior"), klass(5, 4, 40, "junior"), klass(6, 6, 50, "primary"),
                   klass(7, 1, 57, "primary", LAST), klass(8, 2, 58, "primary", LAST)]  # fmt: skip
    if more:
        inp.classes.append(klass(9, 2, more, "primary"))
    for sid, t in inp.teachers.items():
        t.update(staff=2 + sid, total=1 + sid, carers=1 + sid, senior_title=sid % 2)
    inp.finance = [line(1, 700, 100), line(2, 800, 210 + more), line(4, 900, 80, area=12)]
    return inp


def _keyed(rows) -> dict:
    return {(r.indicator, r.period, r.scope_type, r.scope_code): r for r in rows}


def test_an_evaluation_of_some_scopes_gives_their_rows_as_a_full_evaluation_and_leaves_no_other_changed():
    # given a district evaluated in full (its schools' parts kept with the inputs), then 40 more 小学 pupils
    # in school 2 of 山腰, read again alone and merged in
    before = some_district()
    was = _keyed(evaluate(before))
    now = some_district(more=40)
    part = inputs([s for s in now.schools if s["id"] == 2], classes=[c for c in now.classes if c["school_id"] == 2],
                  enrolment={k: v for k, v in now.enrolment.items() if k[0] == 2}, teachers={2: now.teachers[2]},
                  finance=now.finance)  # fmt: skip
    merged = merge_inputs(before, part, [2])
    assert set(merged.memo) == set(before.memo) - {2}
    only = Scopes(frozenset({2}), frozenset({11}))
    # when only the scopes of school 2 are evaluated
    got = _keyed(evaluate(merged, only))
    full = _keyed(evaluate(now))
    # then it gives every row of those scopes a full evaluation gives, to the last bit, and no other
    assert got == {
        k: r for k, r in full.items() if only.covers(r.indicator, r.scope_type, r.area_id, r.school_id)
    }
    # and every row it does not give is as the evaluation before left it
    assert {k: r for k, r in full.items() if k not in got} == {k: r for k, r in was.items() if k not in got}
    # among the rows given: school 2's and its classes', 山腰's, the district's and its levels', and the
    # 编制 of every school and town (the county's norm shared out: one school's pupils may move another's)
    changed = {k for k, r in got.items() if was.get(k) != r}
    assert {("entrants_primary", "school", "S2"), ("class_size", "class", "9"), ("class_size", "town", A),
            ("balance_cv_floor_area_primary", "level", f"{D}:primary"), ("staffing_norm", "district", D)} <= {
        (k[0], k[2], k[3]) for k in changed}  # fmt: skip
    given = {(k[0], k[2], k[3]) for k in got}
    assert {("staffing_norm", "school", "S1"), ("staffing_shortfall", "town", B)} <= given
    assert ("students_per_teacher", "school", "S1") not in given and ("class_size", "class", "1") not in given
    assert ("students_per_teacher", "town", B) not in given and (
        "three_disability_enrolled",
        "town",
        B,
    ) not in given
