"""The safety API: read-only, in and out of scope (a principal sees only their school's hazards: another
school's answer 404 like a missing row; the bureau sees the county's), the overdue figure of the hazard
page, filters, and lists in a fixed number of queries. Bullying cases and complaints are not served."""

import datetime as dt

import pytest

from edubureau.safety import services
from edubureau.safety.tests.conftest import TODAY
from edubureau.safety.tests.factories import FOUND, case, centre, hazard

pytestmark = pytest.mark.django_db
API = "/api/safety"


def _inspection(area, n: int = 0):
    return services.centre_inspect(
        actor=None,
        centre=centre(area, name=f"培训学校{area.pk}-{n}", licence=f"教民{area.pk}-{n}"),
        inspected_on=FOUND,
        inspectors="安保股",
        result="rectify",
        requirement="张贴收费公示",
        deadline=dt.date(2019, 6, 30),
    )


@pytest.fixture
def hazards(district):
    return hazard(district.school), hazard(district.other_school)


def _ids(client, route, **params) -> set[int]:
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_principal_sees_only_their_schools_hazards(client, principal, hazards):
    own, other = hazards
    client.force_login(principal)

    assert _ids(client, "hazards") == {own.pk}
    assert client.get(f"{API}/hazards/{own.pk}/").json()["school"] == own.school_id
    assert client.get(f"{API}/hazards/{other.pk}/").status_code == 404
    assert client.get(f"{API}/hazards/987654/").status_code == 404


def test_supervisor_sees_the_schools_they_supervise(client, school_supervisor, hazards):
    client.force_login(school_supervisor)

    assert _ids(client, "hazards") == {hazards[0].pk}
    assert client.get(f"{API}/hazards/{hazards[1].pk}/").status_code == 404


def test_leader_sees_the_countys_hazards(client, leader, hazards):
    client.force_login(leader)

    assert _ids(client, "hazards") == {h.pk for h in hazards}


@pytest.mark.parametrize("route", ["centres", "inspections"])
def test_centres_and_inspections_by_town(client, town_staff, leader, principal, district, route):
    own, other = _inspection(district.town), _inspection(district.other_town)
    pick = {"centres": lambda i: i.centre_id, "inspections": lambda i: i.pk}[route]

    client.force_login(town_staff)
    assert _ids(client, route) == {pick(own)}
    assert client.get(f"{API}/{route}/{pick(other)}/").status_code == 404
    client.force_login(leader)
    assert _ids(client, route) == {pick(own), pick(other)}
    client.force_login(principal)  # a school holds no grant on centres
    assert client.get(f"{API}/{route}/").status_code == 403


def test_overdue_as_the_hazard_page_shows_it(client, principal, district):
    late = hazard(district.school, deadline=TODAY - dt.timedelta(days=1))
    on_time = hazard(district.school, deadline=TODAY)
    client.force_login(principal)

    assert client.get(f"{API}/hazards/{late.pk}/").json()["overdue"] is True
    assert client.get(f"{API}/hazards/{on_time.pk}/").json()["overdue"] is False
    assert _ids(client, "hazards", overdue="true") == {late.pk}
    assert _ids(client, "hazards", overdue="false") == {on_time.pk}


def test_filters(client, leader, district, hazards):
    major = hazard(district.school, level="major")
    client.force_login(leader)

    assert _ids(client, "hazards", level="major") == {major.pk}
    assert _ids(client, "hazards", school=district.other_school.pk) == {hazards[1].pk}
    assert _ids(client, "hazards", town=district.town.pk) == {hazards[0].pk, major.pk}
    assert client.get(f"{API}/hazards/", {"school": "x"}).status_code == 400


def test_read_only_and_no_bullying_cases(client, principal, district, hazards):
    case(district.school, handlers=[principal])
    client.force_login(principal)

    assert client.post(f"{API}/hazards/", {"title": "x"}).status_code == 405
    url = f"{API}/hazards/{hazards[0].pk}/"
    assert client.patch(url, {"status": "fixed"}, content_type="application/json").status_code == 405
    schema = client.get("/api/schema/", {"format": "json"}).json()
    assert not [p for p in schema["paths"] if p.startswith(API) and ("bullying" in p or "complaint" in p)]
    assert "reported_by" not in schema["components"]["schemas"]["Hazard"]["properties"]


@pytest.mark.parametrize("route", ["hazards", "centres", "inspections"])
def test_lists_take_a_fixed_number_of_queries(client, leader, district, route, django_assert_num_queries):
    for i in range(6):
        school = district.school if i % 2 else district.other_school
        hazard(school)
        _inspection(school.area, i)
    client.force_login(leader)

    # session, user, role assignments, count, page
    with django_assert_num_queries(5):
        response = client.get(f"{API}/{route}/")

    assert response.json()["count"] >= 6
