"""The engine's rules on each side of their edges: ``evaluate`` over small hand-built inputs (no database),
and what ``load_inputs`` reads from a year of registry data (``registry.testing.fixtures.real_year``)."""

import datetime as dt
from decimal import Decimal

import pytest

from edubureau.core.periods import SchoolYear
from edubureau.indicators.engine import Inputs, evaluate, load_inputs
from edubureau.registry import choices as c

Y = SchoolYear(2019)
TOWN = {"id": 11, "code": "350505100", "name": "山腰街道"}


def school(sid, kind="primary", ownership="public", affordable="") -> dict:
    return {
        "id": sid, "code": f"35050500{sid:02d}", "name": f"学校{sid}", "kind": kind, "ownership": ownership,
        "affordable": affordable, "area_id": TOWN["id"], "teaching_floor_area": Decimal(5000),
        "sports_area": Decimal(8000), "equipment_value": Decimal(2_000_000), "multimedia_rooms": 20,
    }  # fmt: skip


def inputs(schools, *, enrolment=None, classes=(), teachers=None, disabled=None, finance=()) -> Inputs:
    return Inputs(
        county={"id": 1, "code": "350505"},
        year=Y,
        towns=[TOWN],
        schools=list(schools),
        enrolment=enrolment or {},
        classes=list(classes),
        teachers=teachers or {},
        population={},
        disabled_population=disabled or {},
        finance=list(finance),
    )


def rows(inp: Inputs, code: str, scope_type: str) -> dict:
    """scope code → (value, numerator, denominator) of one indicator."""
    return {
        r.scope_code: (r.value, r.numerator, r.denominator)
        for r in evaluate(inp)
        if r.indicator == code and r.scope_type == scope_type
    }


def district(inp: Inputs, code: str):
    found = rows(inp, code, "district")
    return found.get("350505")


def test_three_disability_pupils_are_counted_aged_6_to_15():
    # born 2013 is 6, 2004 is 15 in 2019; 2014 (5) and 2003 (16) are outside
    enrolment = {(1, "primary", 1, born): (10, 1) for born in (2014, 2013)}
    enrolment |= {(1, "junior", 3, born): (10, 1) for born in (2004, 2003)}
    enrolment[(1, "primary", 2, None)] = (5, 1)  # no birth date: not counted
    inp = inputs([school(1, "nine_year")], enrolment=enrolment, disabled={11: {6: 1, 15: 1, 16: 5, 5: 5}})
    assert district(inp, "three_disability_enrolled") == (2, 2, None)
    assert district(inp, "three_disability_enrolment_rate") == (100.0, 2, 2)


@pytest.mark.parametrize(
    ("pupils", "staff", "norm", "shortfall"), [(19, 3, 1, 0), (20, 1, 2, 1), (39, 2, 3, 1)]
)
def test_staffing_shortfall_is_never_negative(pupils, staff, norm, shortfall):
    inp = inputs(
        [school(1)],
        enrolment={(1, "primary", 1, 2013): (pupils, 0)},
        teachers={1: {"staff": staff, "total": staff}},
    )
    assert district(inp, "staffing_norm")[0] == norm
    assert district(inp, "staffing_shortfall") == (shortfall, norm, staff)


def test_staffing_shortfall_of_a_town_adds_the_schools_shortfalls_not_their_surpluses():
    inp = inputs(
        [school(1), school(2)],
        enrolment={(1, "primary", 1, 2013): (19, 0), (2, "primary", 1, 2013): (40, 0)},
        teachers={1: {"staff": 5, "total": 5}, 2: {"staff": 1, "total": 1}},
    )
    # school 1: norm 1, 5 staff (surplus 4); school 2: norm 3, 1 staff (short 2)
    assert district(inp, "staffing_shortfall")[0] == 2


@pytest.mark.parametrize(
    ("pupils", "teaching_point", "assessed"),
    [(49, True, False), (50, True, True), (51, True, True), (49, False, True), (10, False, True)],
)
def test_balance_leaves_out_teaching_points_under_50_pupils(pupils, teaching_point, assessed):
    # 教督〔2017〕6号 leaves out 教学点 of fewer than 50 pupils; a small ordinary school is assessed
    inp = inputs(
        [{**school(1), "is_teaching_point": teaching_point}], enrolment={(1, "primary", 3, 2010): (pupils, 0)}
    )
    found = rows(inp, "balance_schools_meeting_primary", "school")
    assert ("3505050001" in found) is assessed


@pytest.mark.parametrize(("amount", "below"), [(649, 1), (649.99, 1), (650, 0), (651, 0)])
def test_funding_floor_is_met_at_the_floor(amount, below):
    finance = [{"year": 2019, "area_id": 11, "school_id": 1, "general_budget_education": None,
                "public_funding_per_student": Decimal(str(amount)), "enrolment": 100}]  # fmt: skip
    inp = inputs([school(1)], finance=finance)
    assert district(inp, "public_funding_min_primary") == (amount, below, 1)


def test_funding_floors_hold_public_schools_only_and_this_years_rows_only():
    def line(sid, amount, year=2019):
        return {"year": year, "area_id": 11, "school_id": sid, "general_budget_education": None,
                "public_funding_per_student": Decimal(amount), "enrolment": 100}  # fmt: skip

    finance = [line(1, 700), line(2, 100), line(1, 200, year=2018), line(3, 400), line(4, 300)]
    inp = inputs(
        [school(1), school(2, ownership="private"), school(3, "kindergarten"),
         school(4, "kindergarten", "private", "affordable_private")],
        finance=finance,
    )  # fmt: skip
    assert district(inp, "public_funding_min_primary") == (700, 0, 1)
    assert district(inp, "public_funding_min_kindergarten") == (400, 1, 1)
    assert set(rows(inp, "public_funding_min_primary", "school")) == {"3505050001"}


def test_county_spending_compares_this_year_with_last():
    def county(year, budget, enrolment):
        return {"year": year, "area_id": 1, "school_id": None, "general_budget_education": Decimal(budget),
                "public_funding_per_student": None, "enrolment": enrolment}  # fmt: skip

    inp = inputs(
        [school(1)], finance=[county(2017, 1, 1), county(2018, 1_000_000, 400), county(2019, 990_000, 450)]
    )
    assert district(inp, "education_spending_per_student")[0] == 2200
    assert district(inp, "education_spending_change")[0] == -10_000
    assert district(inp, "education_spending_per_student_change")[0] == 2200 - 2500


def test_public_and_affordable_private_kindergartens_are_affordable():
    kgs = [
        school(1, "kindergarten", "public", "public"),
        school(2, "kindergarten", "private", "affordable_private"),
        school(3, "kindergarten", "private", "private"),
    ]
    enrolment = {(1, "preschool", 1, 2016): (10, 0), (2, "preschool", 1, 2016): (6, 0),
                 (3, "preschool", 1, 2016): (4, 0)}  # fmt: skip
    inp = inputs(kgs, enrolment=enrolment)
    assert district(inp, "affordable_kindergarten_coverage") == (80.0, 16, 20)
    assert district(inp, "public_kindergarten_share") == (50.0, 10, 20)


def test_a_public_kindergarten_counts_as_affordable_whatever_its_affordable_field_says():
    inp = inputs([school(1, "kindergarten", "public", "")], enrolment={(1, "preschool", 1, 2016): (10, 0)})
    assert district(inp, "affordable_kindergarten_coverage") == (100.0, 10, 10)


def test_large_class_reduction_is_last_year_minus_this_year():
    def klass(cid, size, year=Y):
        return {"id": cid, "school_id": 1, "school_year": str(year), "level": "primary", "size": size}

    last = [klass(1, 56, SchoolYear(2018)), klass(2, 66, SchoolYear(2018)), klass(3, 55, SchoolYear(2018))]
    now = [klass(4, 56), klass(5, 55), klass(6, 45)]
    inp = inputs([school(1)], classes=last + now)
    assert district(inp, "large_classes_reduction") == (1, 2, 1)
    assert rows(inp, "large_classes_reduction", "school")["3505050001"] == (1, 2, 1)
    assert district(inp, "large_classes") == (1, 1, 3)
    assert district(inp, "classes_51_55") == (1, 1, 3)


# --- what the loader reads: a year with pupils in every status, finance of several years ----------------


@pytest.mark.django_db
def test_only_enrolled_pupils_count(real_year):
    inp = load_inputs(county=real_year.county, year=Y)
    statuses = len(c.EnrollmentStatus.values)
    assert real_year.pupils_by_status == dict.fromkeys(c.EnrollmentStatus.values, 1) | {"enrolled": statuses}
    enrolled = sum(n for (sid, *_), (n, _) in inp.enrolment.items() if sid == real_year.status_school.pk)
    assert enrolled == statuses  # one pupil of each other status is left out
    size = {cl["id"]: cl["size"] for cl in inp.classes}[real_year.status_class.pk]
    assert size == statuses
    assert {f["year"] for f in inp.finance} == {2018, 2019}  # 2017 is not read


@pytest.mark.django_db
def test_a_real_year_classes_fall_in_their_bands(real_year):
    summary = {
        r.scope_code: r.value
        for r in evaluate(load_inputs(county=real_year.county, year=Y))
        if r.scope_type == "class" and r.indicator == "class_size"
    }
    assert sorted(summary.values()) == sorted(real_year.class_sizes)
    assert dt.date(2019, 9, 1).year == Y.start_year
