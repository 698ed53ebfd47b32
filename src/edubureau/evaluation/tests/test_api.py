"""The evaluation API: read-only; a school sees its own sheet and scores once the round is published, and
nothing of other schools (404 like a missing row); the bureau sees every sheet of its county at every
stage; filters; lists in a fixed number of queries."""

import pytest
from django.utils import timezone

from edubureau.evaluation import choices as c
from edubureau.evaluation.models import Round, RoundSchool, Score
from edubureau.evaluation.tests.factories import fill, round_for, scheme_for

pytestmark = pytest.mark.django_db
API = "/api/evaluation"


def _published(rnd: Round) -> Round:
    Round.objects.filter(pk=rnd.pk).update(status=c.RoundStatus.PUBLISHED, published_at=timezone.now())
    RoundSchool.objects.filter(round=rnd).update(band=1, tier=c.Tier.GOOD)
    return rnd


@pytest.fixture
def rounds(district):
    """A published round and one still being scored, each over both schools, every leaf scored."""
    scheme = scheme_for(district.county)
    schools = [district.school, district.other_school]
    published = round_for(scheme, schools, year=2018)
    scoring = round_for(scheme, schools, year=2019)
    for rnd in (published, scoring):
        fill(rnd, {"A1": 90})
    return _published(published), scoring


def _sheet(rnd, school) -> RoundSchool:
    return RoundSchool.objects.get(round=rnd, school=school)


def _ids(client, route, **params) -> set[int]:
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_school_sees_its_own_published_sheet_only(client, principal, district, rounds):
    published, scoring = rounds
    own, other = _sheet(published, district.school), _sheet(published, district.other_school)
    unpublished = _sheet(scoring, district.school)
    client.force_login(principal)

    assert _ids(client, "sheets") == {own.pk}
    sheet = client.get(f"{API}/sheets/{own.pk}/").json()
    assert (sheet["school"], sheet["band"], sheet["tier"], sheet["year"]) == (
        district.school.pk,
        1,
        "good",
        2018,
    )
    assert client.get(f"{API}/sheets/{other.pk}/").status_code == 404
    assert client.get(f"{API}/sheets/{unpublished.pk}/").status_code == 404
    assert client.get(f"{API}/rounds/").status_code == 403  # a school holds no grant on rounds


def test_school_sees_the_scores_of_its_own_published_sheet_only(client, principal, district, rounds):
    published, scoring = rounds
    own = _sheet(published, district.school)
    client.force_login(principal)

    assert _ids(client, "scores") == set(Score.objects.filter(sheet=own).values_list("pk", flat=True))
    for sheet in (_sheet(published, district.other_school), _sheet(scoring, district.school)):
        score = Score.objects.filter(sheet=sheet).first()
        assert client.get(f"{API}/scores/{score.pk}/").status_code == 404
    a1 = Score.objects.get(sheet=own, criterion__code="A1")
    row = client.get(f"{API}/scores/{a1.pk}/").json()
    assert (row["criterion_code"], row["score"], row["origin"], row["school"]) == (
        "A1",
        "90.00",
        "测试",
        district.school.pk,
    )
    assert "entered_by" not in row


def test_leader_sees_every_sheet_of_the_county(client, leader, rounds):
    client.force_login(leader)

    assert _ids(client, "sheets") == set(RoundSchool.objects.values_list("pk", flat=True))
    assert len(_ids(client, "sheets")) == 4
    assert _ids(client, "rounds") == {r.pk for r in rounds}
    assert _ids(client, "rounds", status="published") == {rounds[0].pk}


def test_filters(client, leader, district, rounds):
    published, scoring = rounds
    client.force_login(leader)

    assert _ids(client, "sheets", round=scoring.pk, school=district.other_school.pk) == {
        _sheet(scoring, district.other_school).pk
    }
    assert _ids(client, "sheets", year=2018, tier="good") == {
        _sheet(published, s).pk for s in (district.school, district.other_school)
    }
    sheet = _sheet(published, district.school)
    assert _ids(client, "scores", sheet=sheet.pk) == set(sheet.scores.values_list("pk", flat=True))


def test_read_only(client, staff, district, rounds):
    client.force_login(staff)
    sheet = _sheet(rounds[1], district.school)

    assert client.post(f"{API}/sheets/", {"round": rounds[1].pk}).status_code == 405
    url = f"{API}/sheets/{sheet.pk}/"
    assert client.patch(url, {"tier": "good"}, content_type="application/json").status_code == 405


@pytest.mark.parametrize("route", ["rounds", "sheets", "scores"])
def test_lists_take_a_fixed_number_of_queries(client, leader, district, route, django_assert_num_queries):
    scheme = scheme_for(district.county)
    for year in range(2013, 2019):
        fill(round_for(scheme, [district.school, district.other_school], year=year))
    client.force_login(leader)

    # session, user, role assignments, count, page
    with django_assert_num_queries(5):
        response = client.get(f"{API}/{route}/")

    assert response.json()["count"] >= 6
