"""The staffing API: read-only; a school sees its own teachers' entries, a teacher only her own, and other
rows answer 404 like missing ones; results stay hidden from schools and teachers until the competition is
published, as on the entry page; entries name the teacher and nothing more of her record; lists in a fixed
number of queries."""

import pytest
from django.utils import timezone

from edubureau.staffing import choices as c
from edubureau.staffing.models import Competition, Entry, Round, RoundResult
from edubureau.staffing.tests.factories import competition_for, entry_for, post_for

pytestmark = pytest.mark.django_db
API = "/api/staffing"


@pytest.fixture
def ran(district, teacher_user):
    """A competition over both schools after round 1: the teacher's entry and a colleague's at the school, one
    at the other school; each kept her post."""
    competition = competition_for(
        district.county, [district.school, district.other_school], stage=c.Stage.CLOSED
    )
    posts = {s: post_for(s, posts=2) for s in (district.school, district.other_school)}
    mine = entry_for(competition, district.school, score=88, user=teacher_user, name="王老师")
    colleague = entry_for(competition, district.school, score=80, name="李老师")
    other = entry_for(competition, district.other_school, score=75, name="陈老师")
    rnd = Round.objects.create(competition=competition, number=1, run_at=timezone.now(), posts={})
    for entry in (mine, colleague, other):
        Entry.objects.filter(pk=entry.pk).update(result_post=posts[entry.school], result_round=1)
        RoundResult.objects.create(round=rnd, entry=entry, outcome=c.Outcome.KEPT, post=posts[entry.school])
    return competition, mine, colleague, other


def _ids(client, route, **params) -> set[int]:
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_school_sees_its_teachers_entries_only(client, principal, ran):
    _, mine, colleague, other = ran
    client.force_login(principal)

    assert _ids(client, "entries") == {mine.pk, colleague.pk}
    assert client.get(f"{API}/entries/{other.pk}/").status_code == 404
    for route in ("competitions", "rounds", "round-results"):  # a school holds no grant on these
        assert client.get(f"{API}/{route}/").status_code == 403


def test_teacher_sees_only_her_own_entry(client, teacher_user, ran):
    _, mine, colleague, _ = ran
    client.force_login(teacher_user)

    assert _ids(client, "entries") == {mine.pk}
    assert client.get(f"{API}/entries/{mine.pk}/").json()["teacher_name"] == "王老师"
    assert client.get(f"{API}/entries/{colleague.pk}/").status_code == 404


def test_results_hidden_from_schools_until_published(client, principal, service, district, ran):
    competition, mine, *_ = ran
    url = f"{API}/entries/{mine.pk}/"

    client.force_login(principal)
    hidden = client.get(url).json()
    client.force_login(service)
    bureau = client.get(url).json()
    Competition.objects.filter(pk=competition.pk).update(stage=c.Stage.PUBLISHED)
    client.force_login(principal)
    published = client.get(url).json()

    assert (hidden["result_post"], hidden["result_school_name"], hidden["result_round"]) == (None, None, None)
    assert (hidden["score"], hidden["school_name"]) == ("88.00", district.school.name)
    assert (bureau["result_school_name"], bureau["result_round"]) == (district.school.name, 1)
    assert (published["result_school_name"], published["result_round"]) == (district.school.name, 1)


def test_entries_name_the_teacher_and_nothing_more_of_her_record(client, service, ran):
    client.force_login(service)

    row = client.get(f"{API}/entries/{ran[1].pk}/").json()

    assert row["teacher_name"] == "王老师"
    assert not {k for k in row if "id_number" in k or "birth" in k or "phone" in k}
    assert "id_number" not in str(
        client.get("/api/schema/", {"format": "json"}).json()["components"]["schemas"]["Entry"]
    )


def test_service_sees_the_countys_competitions_rounds_and_results(client, service, ran):
    competition, mine, colleague, other = ran
    client.force_login(service)

    assert _ids(client, "competitions") == {competition.pk}
    assert len(_ids(client, "rounds", competition=competition.pk)) == 1
    assert len(_ids(client, "entries")) == 3
    results = client.get(f"{API}/round-results/", {"entry": mine.pk}).json()["results"]
    assert [(r["number"], r["teacher_name"], r["outcome"]) for r in results] == [(1, "王老师", "kept")]
    assert _ids(client, "entries", school=other.school_id) == {other.pk}


def test_read_only(client, service, ran):
    client.force_login(service)

    assert client.post(f"{API}/competitions/", {"name": "x"}).status_code == 405
    url = f"{API}/entries/{ran[1].pk}/"
    assert client.patch(url, {"score": "99"}, content_type="application/json").status_code == 405


@pytest.mark.parametrize("route", ["competitions", "rounds", "entries", "round-results"])
def test_lists_take_a_fixed_number_of_queries(client, service, district, route, django_assert_num_queries):
    schools = [district.school, district.other_school]
    post_for(district.school, posts=6)
    for i in range(6):
        competition = competition_for(district.county, schools, name=f"竞聘{i}", stage=c.Stage.PUBLISHED)
        rnd = Round.objects.create(competition=competition, number=1, run_at=timezone.now(), posts={})
        for school in schools:
            entry = entry_for(competition, school, score=80)
            RoundResult.objects.create(round=rnd, entry=entry, outcome=c.Outcome.KEPT)
    client.force_login(service)

    # session, user, role assignments, count, page
    with django_assert_num_queries(5):
        response = client.get(f"{API}/{route}/")

    assert response.json()["count"] >= 6
