"""Pages and API: scoping (a principal sees their school's values only; out of scope is 404), exports, queries."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edubureau.indicators.services import indicators_compute
from edubureau.indicators.tests.test_engine import Y, _class, _pupils, small  # noqa: F401 (fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.urls("edubureau.indicators.tests.urls")]


@pytest.fixture
def computed(small):  # noqa: F811
    indicators_compute(actor=None, year=Y, county=small.county)
    return small


@pytest.fixture
def published(computed):
    """The 2019 plan published on the small district: its targets bound by their wording."""
    call_command("plan_import", publish=True, county=computed.county.code, stdout=StringIO())
    return computed


def _client(client, user):
    client.force_login(user)
    return client


def test_dashboard_shows_every_plan_target_with_actual_and_light(client, published, leader):
    response = _client(client, leader).get("/indicators/?year=2019-2020")
    assert response.status_code == 200
    targets = response.context["targets"]
    assert len(targets) == 21  # 10 preamble; tasks 5 (区管校聘), 11, 16, 20 (2), 21 (4), 24 (2)
    by_code = {t["code"]: t for t in targets}
    assert by_code["entrants_primary"]["actual"] == 103
    assert by_code["entrants_primary"]["v"].source == "indicator"
    assert by_code["public_funding_min_kindergarten"]["light"] == "red"  # 400 < 450
    assert by_code["education_spending_change"]["light"] == "red"  # spending fell
    # 1 of the 2 children on the 残联 register is in school: 50 % against the plan's 96.5 %
    assert by_code["three_disability_enrolment_rate"]["actual"] == 50
    assert by_code["three_disability_enrolment_rate"]["light"] == "red"
    assert b'data-testid="targets"' in response.content


def test_dashboard_query_count_is_pinned(client, published, leader):
    c = _client(client, leader)
    c.get("/indicators/")
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/indicators/?year=2019-2020").status_code == 200
    assert len(ctx.captured_queries) <= 12


def test_dashboard_exports_xlsx(client, published, leader):
    response = _client(client, leader).get("/indicators/?year=2019-2020&export=xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


def test_principal_sees_only_their_school(client, computed, principal):
    c = _client(client, principal)
    response = c.get("/indicators/library/class_size/?year=2019-2020")
    scopes = {(v.scope_type, v.school_id) for v in response.context["rows"]}
    assert scopes and all(st in ("school", "class") and sid == computed.school.pk for st, sid in scopes)
    assert c.get(f"/indicators/class-size/?school={computed.school.code}").status_code == 200
    assert c.get(f"/indicators/class-size/?school={computed.other_school.code}").status_code == 404
    assert c.get("/indicators/class-size/?school=0000000000").status_code == 404
    api = c.get("/api/indicators/values/?indicator=entrants_primary").json()
    assert {r["scope_type"] for r in api["results"]} == {"school"}
    assert {r["scope_code"] for r in api["results"]} == {computed.school.code}


def test_the_breadcrumb_links_up_only_as_far_as_the_user_may_go(client, computed, leader, principal):
    up = {
        "district": 'href="?year=2019-2020"',
        "town": f'href="?year=2019-2020&town={computed.town.code}"',
    }
    school = f"/indicators/class-size/?year=2019-2020&school={computed.school.code}"
    # the leader may go up to the town and the district
    page = _client(client, leader).get(school).content.decode()
    assert all(link in page for link in up.values())
    assert (
        _client(client, leader)
        .get(f"/indicators/class-size/?year=2019-2020&town={computed.town.code}")
        .status_code
        == 200
    )
    # the principal sees the names, not links to pages that are a 404 to them
    page = _client(client, principal).get(school).content.decode()
    assert not any(link in page for link in up.values())
    assert computed.town.name in page
    assert (
        _client(client, principal)
        .get(f"/indicators/class-size/?year=2019-2020&town={computed.town.code}")
        .status_code
        == 404
    )


def test_drill_down_district_town_school(client, computed, leader, staff):
    c = _client(client, leader)
    district = c.get("/indicators/class-size/?year=2019-2020")
    assert {r["object"].code for r in district.context["children"]} == {
        computed.town.code,
        computed.other_town.code,
    }
    town = c.get(f"/indicators/class-size/?year=2019-2020&town={computed.town.code}")
    assert computed.school.code in {r["object"].code for r in town.context["children"]}
    school = c.get(f"/indicators/class-size/?year=2019-2020&school={computed.school.code}")
    assert sorted(int(r["size"]) for r in school.context["children"]) == [31, 57]
    assert (
        c.get(f"/indicators/class-size/?year=2019-2020&school={computed.school.code}&export=xlsx").status_code
        == 200
    )


def test_a_schools_classes_are_in_natural_order(client, small, leader):  # noqa: F811
    # given first-grade classes (1), (2) and (10) at one school
    for name in ("一年级(10)班", "一年级(2)班"):
        _pupils(small.school, "primary", 1, 30, born=2013, klass=_class(small.school, "primary", 1, name))
    indicators_compute(actor=None, year=Y, county=small.county)
    # when the leader drills down to the school
    page = _client(client, leader).get(f"/indicators/class-size/?year=2019-2020&school={small.school.code}")
    # then (2) comes before (10), as on the registry's pages
    names = [r["object"].name for r in page.context["children"] if r["object"].grade == 1]
    assert names == ["一年级(1)班", "一年级(2)班", "一年级(10)班"]


def test_other_pages_render(client, computed, leader):
    c = _client(client, leader)
    for url in ("/indicators/balance/", "/indicators/data-quality/", "/indicators/library/",
                "/indicators/library/large_class_share/", "/api/indicators/definitions/"):  # fmt: skip
        assert c.get(url).status_code == 200, url
    assert c.get("/indicators/library/no_such_thing/").status_code == 404
    warnings = c.get("/indicators/data-quality/?year=2019-2020").context["warnings"]
    # the junior school reports 55 pupils to finance and has 52 on the register; the others agree
    assert [(w.school.name, int(w.numerator), int(w.denominator)) for w in warnings] == [("惠华中学", 55, 52)]
    assert c.get("/indicators/balance/?export=xlsx").status_code == 200


def test_recompute_from_the_page_runs_a_job(client, computed, staff, leader):
    response = _client(client, staff).post("/indicators/recompute/", {"year": "2019-2020"})
    assert response.status_code == 302
    from edubureau.core.models import Job

    job = Job.objects.get(kind="indicators.compute")
    assert job.status == Job.Status.DONE and job.result["runs"][0]["period"] == "2019-2020"
    client.logout()
    assert _client(client, leader).post("/indicators/recompute/", {"year": "2019-2020"}).status_code == 404


def _down_links(response) -> list[str]:
    import html
    import re

    return [
        html.unescape(h) for h in re.findall(r'data-testid="down" href="([^"]+)"', response.content.decode())
    ]


def test_value_list_drills_down_town_school_class_and_pages(client, computed, leader, monkeypatch):
    from edubureau.indicators import views
    from edubureau.indicators.models import IndicatorValue

    code = IndicatorValue.objects.filter(scope_type="class").values_list("indicator", flat=True).first()
    c = _client(client, leader)
    page = f"/indicators/library/{code}/"
    # the district row leads to the towns, each town to its schools
    district = c.get(f"{page}?year=2019-2020&scope=district")
    assert _down_links(district) == ["?year=2019-2020&scope=town"]
    towns = c.get(page + _down_links(district)[0])
    assert {v.scope_type for v in towns.context["rows"]} == {"town"}
    to_schools = {link for link in _down_links(towns) if computed.town.code in link}
    schools = c.get(page + to_schools.pop())
    assert {v.school.area_id for v in schools.context["rows"]} == {computed.town.pk}
    assert computed.school.code in {v.scope_code for v in schools.context["rows"]}
    # a school's row leads to its classes only
    to_classes = [link for link in _down_links(schools) if f"school={computed.school.code}" in link]
    classes = c.get(page + to_classes[0])
    rows = list(classes.context["rows"])
    assert rows and {(v.scope_type, v.school_id) for v in rows} == {("class", computed.school.pk)}
    # the school scope can be narrowed to a town, and long lists page
    other = c.get(f"{page}?year=2019-2020&scope=school&town={computed.other_town.code}")
    assert {v.school.area_id for v in other.context["rows"]} == {computed.other_town.pk}
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 1)
    first = c.get(f"{page}?year=2019-2020&scope=school")
    second = c.get(f"{page}?year=2019-2020&scope=school&page=2")
    assert (
        first.context["page_obj"].paginator.num_pages
        == IndicatorValue.objects.filter(
            indicator=code, scope_type="school", period=first.context["period"]
        ).count()
        > 1
    )
    assert list(first.context["rows"]) != list(second.context["rows"])
    assert "page=2" in first.content.decode()
