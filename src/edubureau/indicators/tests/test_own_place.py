"""Each role sees its own place first: a principal's indicator pages open on their school, a town office's
on its town, without ``?school=`` or ``?town=``; the county's published plan is shown to a principal."""

import pytest

from edubureau.accounts.roles import Role
from edubureau.indicators.tests.test_engine import small  # noqa: F401 (fixture)
from edubureau.indicators.tests.test_views import _client, computed  # noqa: F401 (fixture)
from edubureau.planning.tests.tracking.conftest import plan, quangang  # noqa: F401 (fixtures)
from edubureau.registry.testing.fixtures import _user

pytestmark = [pytest.mark.django_db, pytest.mark.urls("edubureau.indicators.tests.urls")]


def test_principal_class_size_page_opens_on_their_school(client, computed, principal):  # noqa: F811
    response = _client(client, principal).get("/indicators/class-size/?year=2019-2020")
    assert response.status_code == 200
    assert response.context["school"] == computed.school
    assert sorted(int(r["size"]) for r in response.context["children"]) == [31, 57]
    assert "本期暂无数据" not in response.content.decode()


def test_town_office_class_size_page_opens_on_its_town(client, computed, town_staff):  # noqa: F811
    response = _client(client, town_staff).get("/indicators/class-size/?year=2019-2020")
    assert response.context["town"] == computed.town and response.context["school"] is None
    assert computed.school.code in {r["object"].code for r in response.context["children"]}


def test_leader_class_size_page_still_opens_on_the_district(client, computed, leader):  # noqa: F811
    response = _client(client, leader).get("/indicators/class-size/?year=2019-2020")
    assert response.context["town"] is None and response.context["school"] is None


def test_principal_dashboard_shows_the_countys_published_plan(client, computed, plan, principal):  # noqa: F811
    response = _client(client, principal).get("/indicators/?year=2019-2020")
    assert response.status_code == 200
    assert response.context["plan"] == plan
    assert "No published plan" not in response.content.decode()
    assert "暂无" not in response.content.decode() or response.context["plan"] is not None


# --- every indicator page opens on the user's own place ------------------------------------------------


def _balance_schools(response) -> set:
    return {r["school"] for r in response.context["school_rows"]}


def test_principal_balance_page_shows_their_school(client, computed, principal):  # noqa: F811
    response = _client(client, principal).get("/indicators/balance/?year=2019-2020")
    assert response.status_code == 200
    assert response.context["school"] == computed.school
    assert _balance_schools(response) == {computed.school}
    assert computed.school.name in response.content.decode().split('data-testid="place"')[1][:200]


def test_town_office_balance_page_shows_its_towns_schools(client, computed, town_staff, leader):  # noqa: F811
    response = _client(client, town_staff).get("/indicators/balance/?year=2019-2020")
    assert response.context["town"] == computed.town and response.context["school"] is None
    assert _balance_schools(response) and {s.area for s in _balance_schools(response)} == {computed.town}
    # the district sees both towns, and may narrow to one with ?town=
    everything = _client(client, leader).get("/indicators/balance/?year=2019-2020")
    assert {s.area for s in _balance_schools(everything)} == {computed.town, computed.other_town}
    other = client.get(f"/indicators/balance/?year=2019-2020&town={computed.other_town.code}")
    assert {s.area for s in _balance_schools(other)} == {computed.other_town}


def test_principal_data_quality_page_shows_their_schools_own_figure(client, computed, principal):  # noqa: F811
    response = _client(client, principal).get("/indicators/data-quality/?year=2019-2020")
    assert response.status_code == 200
    # the school's headcounts agree (88 = 88): its own figure, not the district's, and no warning
    figure = response.context["district"]
    assert figure.scope_type == "school" and figure.school == computed.school and figure.value == 0
    assert "差额 0人（经费统计人数 88人，学籍人数 88人）" in response.content.decode()
    assert response.context["warnings"] == []


def test_town_office_data_quality_page_shows_its_town(client, computed, town_staff, leader):  # noqa: F811
    response = _client(client, town_staff).get("/indicators/data-quality/?year=2019-2020")
    figure = response.context["district"]
    assert figure.scope_type == "town" and figure.area == computed.town
    # 惠华中学 (in the town): 55 by finance against 52 in the registry
    assert [v.school.name for v in response.context["warnings"]] == ["惠华中学"]
    # the district's page has the district's figure
    district = _client(client, leader).get("/indicators/data-quality/?year=2019-2020")
    assert district.context["district"].scope_type == "district" and district.context["town"] is None


def test_principal_value_list_opens_on_their_school(client, computed, principal):  # noqa: F811
    response = _client(client, principal).get("/indicators/library/large_classes/?year=2019-2020")
    assert response.status_code == 200
    rows = list(response.context["rows"])
    assert rows and {v.school for v in rows} == {computed.school}
    assert response.context["school"] == computed.school.code


def test_town_office_value_list_opens_on_its_town(client, computed, town_staff, leader):  # noqa: F811
    response = _client(client, town_staff).get("/indicators/library/large_classes/?year=2019-2020")
    rows = list(response.context["rows"])
    assert ("town", computed.town.code) in {(v.scope_type, v.scope_code) for v in rows}
    assert all(v.area == computed.town or (v.school and v.school.area == computed.town) for v in rows)
    assert response.context["town"] == computed.town.code
    # the district's list starts at the district
    district = _client(client, leader).get("/indicators/library/large_classes/?year=2019-2020")
    assert "district" in {v.scope_type for v in district.context["rows"]}


def test_a_teacher_sees_class_sizes_but_no_class_links(client, computed, principal):  # noqa: F811
    # she may not open a class page
    teacher = _user("t1", Role.TEACHER, school=computed.school)
    response = _client(client, teacher).get("/indicators/class-size/?year=2019-2020")
    assert sorted(int(r["size"]) for r in response.context["children"]) == [31, 57]
    assert "/registry/classes/" not in response.content.decode()  # each was a page not found for her
    principal_page = _client(client, principal).get("/indicators/class-size/?year=2019-2020")
    assert "/registry/classes/" in principal_page.content.decode()
