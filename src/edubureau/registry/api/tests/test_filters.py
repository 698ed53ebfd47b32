"""List filters narrow the rows in scope; naming a row outside it answers like naming a missing one."""

import pytest

from edubureau.registry.testing.factories import (
    AreaFactory,
    EnrollmentFactory,
    FinanceRecordFactory,
    PopulationFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


def _ids(api, url, **params) -> set[int]:
    response = api.get(url, params)
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_students_by_school_and_town(api, staff, district):
    mine, theirs = StudentFactory(school=district.school), StudentFactory(school=district.other_school)
    api.force_login(staff)

    assert _ids(api, "/api/registry/students/", school=district.school.pk) == {mine.pk}
    assert _ids(api, "/api/registry/students/", town=district.other_town.pk) == {theirs.pk}
    assert _ids(api, "/api/registry/students/", name=mine.name[-1]) >= {mine.pk}


def test_filtering_by_an_unseen_school_looks_like_a_missing_one(api, principal, district):
    StudentFactory(school=district.other_school)
    api.force_login(principal)

    unseen = api.get("/api/registry/students/", {"school": district.other_school.pk})
    missing = api.get("/api/registry/students/", {"school": 999_999})

    assert unseen.status_code == missing.status_code == 200
    assert unseen.json() == missing.json()


def test_teachers_by_status(api, staff, district):
    in_post = TeacherFactory(school=district.school)
    seconded = TeacherFactory(school=district.school, status="201")
    api.force_login(staff)

    assert _ids(api, "/api/registry/teachers/", status="201") == {seconded.pk}
    assert in_post.pk in _ids(api, "/api/registry/teachers/", status="100")


def test_enrollments_by_year_and_grade(api, staff, district):
    first = EnrollmentFactory(student=StudentFactory(school=district.school), grade=1)
    EnrollmentFactory(student=StudentFactory(school=district.school), grade=2, school_year="2018-2019")
    api.force_login(staff)

    assert _ids(api, "/api/registry/enrollments/", school_year="2019-2020", grade=1) == {first.pk}


def test_schools_by_several_kinds(api, staff, district):
    kindergarten = SchoolFactory(area=district.town, kind="kindergarten", affordable="public")
    junior = SchoolFactory(area=district.town, kind="junior")
    api.force_login(staff)

    found = _ids(api, "/api/registry/schools/?kind=kindergarten&kind=junior")

    assert found == {kindergarten.pk, junior.pk}


def test_areas_within_a_subtree(api, staff, district):
    village = AreaFactory(parent=district.town)
    api.force_login(staff)

    assert _ids(api, "/api/registry/areas/", within=district.town.pk) == {district.town.pk, village.pk}
    assert _ids(api, "/api/registry/areas/", parent=district.county.pk) == {
        district.town.pk,
        district.other_town.pk,
    }


def test_population_by_age_range(api, staff, district):
    rows = {age: PopulationFactory(area=district.town, age=age) for age in (3, 6, 12)}
    api.force_login(staff)

    assert _ids(api, "/api/registry/population/", age_min=6, age_max=11) == {rows[6].pk}


def test_finance_area_totals_only(api, staff, district):
    total = FinanceRecordFactory(area=district.town)
    FinanceRecordFactory(area=district.town, school=district.school)
    api.force_login(staff)

    assert _ids(api, "/api/registry/finance/", district_level="true") == {total.pk}


def test_pages(api, staff, district):
    for _ in range(7):
        StudentFactory(school=district.school)
    api.force_login(staff)

    first = api.get("/api/registry/students/", {"page_size": 5}).json()
    second = api.get(first["next"]).json()

    assert first["count"] == 7
    assert len(first["results"]) == 5
    assert len(second["results"]) == 2
    assert not {r["id"] for r in first["results"]} & {r["id"] for r in second["results"]}
