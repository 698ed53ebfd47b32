"""The projects API: read-only, in and out of scope (a town's staff see only its projects: 404 elsewhere,
like a missing row), the money and lateness figures of the project page, filters, and lists in a fixed
number of queries."""

import datetime as dt
from decimal import Decimal

import pytest

from edubureau.projects import choices as c
from edubureau.projects.models import ProjectMilestone, ProjectPayment
from edubureau.projects.tests.conftest import TODAY
from edubureau.projects.tests.factories import funding_for, project_for

pytestmark = pytest.mark.django_db
API = "/api/projects"
ROUTES = ("projects", "fundings", "payments", "milestones")


def _rows(project, n: int = 1) -> dict[str, object]:
    """A budget line, a payment and a milestone of ``project``, by route."""
    funding = funding_for(project, budget="1000.00")
    payment = None
    for i in range(n):
        payment = ProjectPayment.objects.create(
            funding=funding, paid_on=dt.date(2019, 4, 1 + i), amount=Decimal("150.25")
        )
    milestone = ProjectMilestone.objects.create(
        project=project, kind=c.MilestoneKind.APPROVAL, due_on=dt.date(2019, 6, 18)
    )
    return {"projects": project, "fundings": funding, "payments": payment, "milestones": milestone}


@pytest.fixture
def own(district):
    return _rows(project_for(district.school, name="山腰附小综合楼"))


@pytest.fixture
def other(district):
    return _rows(project_for(district.other_school, name="南埔中心小学综合楼"))


def _ids(client, route, **params) -> set[int]:
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("route", ROUTES)
def test_town_staff_see_only_their_towns_rows(client, town_staff, own, other, route):
    client.force_login(town_staff)

    assert _ids(client, route) == {own[route].pk}
    assert client.get(f"{API}/{route}/{own[route].pk}/").status_code == 200
    assert client.get(f"{API}/{route}/{other[route].pk}/").status_code == 404
    assert client.get(f"{API}/{route}/987654/").status_code == 404


@pytest.mark.parametrize("route", ROUTES)
def test_leader_sees_the_countys_rows(client, leader, own, other, route):
    client.force_login(leader)

    assert _ids(client, route) == {own[route].pk, other[route].pk}


def test_principal_holds_no_project_grant(client, principal, own):
    client.force_login(principal)

    assert client.get(f"{API}/projects/").status_code == 403
    assert client.get(f"{API}/projects/{own['projects'].pk}/").status_code == 403


def test_read_only(client, staff, own):
    client.force_login(staff)

    assert client.post(f"{API}/projects/", {"name": "x"}).status_code == 405
    url = f"{API}/milestones/{own['milestones'].pk}/"
    assert client.patch(url, {"done_on": "2019-06-01"}, content_type="application/json").status_code == 405


def test_money_and_lateness_as_the_project_page_shows_them(client, staff, district):
    # given: a budget of 1000 + 500, 3 × 150.25 paid from the first line, a milestone 10 days late
    rows = _rows(project_for(district.school), n=3)
    funding_for(rows["projects"], source=c.FundingSource.CITY, budget="500.00")
    client.force_login(staff)

    # when
    project = client.get(f"{API}/projects/{rows['projects'].pk}/").json()
    line = client.get(f"{API}/fundings/{rows['fundings'].pk}/").json()
    milestone = client.get(f"{API}/milestones/{rows['milestones'].pk}/").json()

    # then
    assert (project["budget_total"], project["paid_total"], project["places"]) == ("1500.00", "450.75", 540)
    assert (line["budget"], line["paid"], line["gap"]) == ("1000.00", "450.75", "549.25")
    assert milestone["late_days"] == (TODAY - dt.date(2019, 6, 18)).days == 10


def test_filters(client, staff, district, own, other):
    ProjectMilestone.objects.filter(pk=own["milestones"].pk).update(done_on=dt.date(2019, 6, 10))
    client.force_login(staff)

    assert _ids(client, "projects", town=district.other_town.pk) == {other["projects"].pk}
    assert _ids(client, "projects", name="山腰") == {own["projects"].pk}
    assert _ids(client, "projects", stage=c.Stage.CONSTRUCTION) == set()
    assert _ids(client, "milestones", done="true") == {own["milestones"].pk}
    assert _ids(client, "milestones", done="false") == {other["milestones"].pk}
    assert _ids(client, "payments", project=other["projects"].pk) == {other["payments"].pk}
    assert _ids(client, "fundings", project=own["projects"].pk) == {own["fundings"].pk}
    assert client.get(f"{API}/projects/", {"town": "1e20"}).status_code == 400


@pytest.mark.parametrize("route", ROUTES)
def test_lists_take_a_fixed_number_of_queries(client, staff, district, route, django_assert_num_queries):
    for i in range(6):
        school = district.school if i % 2 else district.other_school
        _rows(project_for(school, name=f"项目{i}"), n=2)
    client.force_login(staff)

    # session, user, role assignments, count, page
    with django_assert_num_queries(5):
        response = client.get(f"{API}/{route}/")

    assert response.json()["count"] >= 6
