"""The API in and out of scope: a supervisor sees only assigned schools, a school only its own findings;
out of scope answers 404 like missing."""

import pytest

from edubureau.supervision import workflow
from edubureau.supervision.tests.factories import VISITED_AT, visit_with_rectification

pytestmark = pytest.mark.django_db
API = "/api/supervision"


@pytest.fixture
def two(district, sup, other_sup):
    return visit_with_rectification(sup, district.school), visit_with_rectification(
        other_sup, district.other_school
    )


def _ids(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_supervisor_sees_only_assigned(client, sup, two):
    own, other = two
    client.force_login(sup)
    assert _ids(client, f"{API}/visits/") == {own.finding.visit_id}
    assert _ids(client, f"{API}/rectifications/") == {own.pk}
    assert client.get(f"{API}/visits/{other.finding.visit_id}/").status_code == 404
    assert client.get(f"{API}/visits/987654/").status_code == 404


def test_school_sees_only_its_findings(client, principal, two):
    own, other = two
    client.force_login(principal)
    assert _ids(client, f"{API}/findings/") == {own.finding_id}
    assert client.get(f"{API}/findings/{other.finding_id}/").status_code == 404
    assert client.get(f"{API}/rectifications/{other.pk}/").status_code == 404
    # answering its own works; another school's does not exist
    ok = client.post(f"{API}/rectifications/{own.pk}/transition/", {"action": "answer", "text": "已清理"})
    assert ok.status_code == 200 and ok.json()["status"] == "answered"
    assert (
        client.post(
            f"{API}/rectifications/{other.pk}/transition/", {"action": "answer", "text": "x"}
        ).status_code
        == 404
    )
    # a forbidden transition is refused with a message
    again = client.post(f"{API}/rectifications/{own.pk}/transition/", {"action": "answer", "text": "再次"})
    assert again.status_code == 400
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.check("answer", "answered")
    assert again.json()["non_field_errors"] == refused.value.messages


def test_supervisor_records_visit_by_api_only_at_own_school(client, district, sup):
    client.force_login(sup)
    body = {
        "school": district.school.pk,
        "visited_at": VISITED_AT.isoformat(),
        "methods": ["lesson", "tour"],
        "checklist": [{"item": 3, "rating": "good", "note": "课程开齐开足"}],
        "findings": [{"item": 7, "description": "食堂留样记录不全", "requirement": "补齐留样记录"}],
        "client_id": "api-1",
    }
    created = client.post(f"{API}/visits/", body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["school"] == district.school.pk
    again = client.post(f"{API}/visits/", body, content_type="application/json")
    assert again.json()["id"] == created.json()["id"]  # the same draft twice is one record
    body.update(school=district.other_school.pk, client_id="api-2")
    assert client.post(f"{API}/visits/", body, content_type="application/json").status_code == 400


def test_principal_may_not_record(client, district, principal):
    client.force_login(principal)
    body = {"school": district.school.pk, "visited_at": VISITED_AT.isoformat()}
    assert client.post(f"{API}/visits/", body, content_type="application/json").status_code == 403
