"""Each role sees its own place first: a principal's indicator pages open on their school, a town office's
on its town, without ``?school=`` or ``?town=``; the county's published plan is shown to a principal."""

import pytest

from edubureau.indicators.tests.test_engine import small  # noqa: F401 (fixture)
from edubureau.indicators.tests.test_views import _client, computed  # noqa: F401 (fixture)
from edubureau.planning.tests.tracking.conftest import plan, quangang  # noqa: F401 (fixtures)

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
