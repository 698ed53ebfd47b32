"""The collect API: read-only; a school sees only its own submissions (another school's answer 404 like a
missing row) and no form or assignment; the bureau sees every school's status and the assignment's
progress; the figures themselves are not served; lists in a fixed number of queries."""

import datetime as dt

import pytest
from django.utils import timezone

from edubureau.collect.choices import SubmissionStatus
from edubureau.collect.models import Submission
from edubureau.collect.tests.factories import assign, safety_form

pytestmark = pytest.mark.django_db
API = "/api/collect"
DUE = dt.date(2019, 3, 31)


def _sent(submission, *, day: dt.date, status=SubmissionStatus.SUBMITTED) -> None:
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Submission.objects.filter(pk=submission.pk).update(status=status, submitted_at=at, values={"note": "x"})


@pytest.fixture
def assignment(district):
    """The safety form assigned to both schools; the school sent it a day late, the other school did not."""
    assignment = assign(safety_form(district.county), due=DUE)
    _sent(assignment.submissions.get(school=district.school), day=DUE + dt.timedelta(days=1))
    return assignment


def _submission(assignment, school) -> Submission:
    return assignment.submissions.get(school=school)


def _ids(client, route, **params) -> set[int]:
    response = client.get(f"{API}/{route}/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_school_sees_only_its_own_submissions(client, principal, district, assignment):
    own, other = _submission(assignment, district.school), _submission(assignment, district.other_school)
    client.force_login(principal)

    assert _ids(client, "submissions") == {own.pk}
    row = client.get(f"{API}/submissions/{own.pk}/").json()
    assert (row["status"], row["late"], row["period"], row["due_on"]) == (
        "submitted",
        True,
        "2019-03",
        "2019-03-31",
    )
    assert "values" not in row
    assert client.get(f"{API}/submissions/{other.pk}/").status_code == 404
    for route in ("forms", "assignments"):  # a school holds no grant on these
        assert client.get(f"{API}/{route}/").status_code == 403


def test_bureau_sees_every_schools_status_and_the_progress(client, leader, district, assignment):
    _sent(_submission(assignment, district.other_school), day=DUE, status=SubmissionStatus.ACCEPTED)
    client.force_login(leader)

    progress = client.get(f"{API}/assignments/{assignment.pk}/").json()
    rows = client.get(f"{API}/submissions/", {"assignment": assignment.pk}).json()["results"]

    assert (progress["schools"], progress["sent"], progress["accepted"]) == (2, 2, 1)
    assert {(r["school"], r["status"], r["late"]) for r in rows} == {
        (district.school.pk, "submitted", True),
        (district.other_school.pk, "accepted", False),
    }
    assert _ids(client, "forms") == {assignment.form_id}


def test_filters(client, leader, district, assignment):
    client.force_login(leader)

    assert _ids(client, "submissions", status="pending") == {
        _submission(assignment, district.other_school).pk
    }
    assert _ids(client, "submissions", town=district.town.pk) == {_submission(assignment, district.school).pk}
    assert _ids(client, "assignments", form=assignment.form_id, period="2019-03") == {assignment.pk}
    assert _ids(client, "submissions", period="2019-04") == set()


def test_assignments_are_listed_latest_due_first(client, leader, district):
    form = safety_form(district.county)
    due = [dt.date(2019, 2, 28), dt.date(2019, 4, 30), dt.date(2019, 3, 31)]
    made = [assign(form, period=f"2019-0{i + 2}", due=d) for i, d in enumerate(due)]
    client.force_login(leader)

    rows = client.get(f"{API}/assignments/").json()["results"]

    assert [r["id"] for r in rows] == [made[1].pk, made[2].pk, made[0].pk]


def test_read_only(client, principal, district, assignment):
    client.force_login(principal)
    url = f"{API}/submissions/{_submission(assignment, district.school).pk}/"

    # the school may change its submission on the page, not through the API
    assert client.patch(url, {"status": "accepted"}, content_type="application/json").status_code == 405


@pytest.mark.parametrize("route", ["forms", "assignments", "submissions"])
def test_lists_take_a_fixed_number_of_queries(client, leader, district, route, django_assert_num_queries):
    for i in range(6):
        assign(safety_form(district.county, code=f"form{i}"), period=f"2019-0{i + 1}")
    client.force_login(leader)

    # session, user, role assignments, count, page
    with django_assert_num_queries(5):
        response = client.get(f"{API}/{route}/")

    assert response.json()["count"] >= 6
