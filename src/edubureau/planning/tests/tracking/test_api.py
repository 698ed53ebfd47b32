"""The work-plan API: scoped reads, reports written only on the user's own departments' tasks (404
otherwise, like missing), workflow steps by role, no writes around the services."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from edubureau.planning import services
from edubureau.planning.choices import TaskStatus as S
from edubureau.planning.models import ProgressReport, Task
from edubureau.planning.tests.tracking.factories import TaskFactory

pytestmark = pytest.mark.django_db

API = "/api/planning/"


@pytest.fixture
def api():
    def _as(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return _as


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_reads_are_scoped(api, plan, lead, abroad_staff, principal):
    task_ids = set(plan.tasks.values_list("id", flat=True))
    assert _ids(api(lead).get(f"{API}tasks/")) == task_ids
    assert _ids(api(lead).get(f"{API}plans/")) == {plan.pk}
    assert len(_ids(api(lead).get(f"{API}targets/?plan={plan.pk}"))) == plan.targets.count()
    assert _ids(api(abroad_staff).get(f"{API}tasks/")) == set()
    task = plan.tasks.get(number=1)
    assert api(abroad_staff).get(f"{API}tasks/{task.pk}/").status_code == 404
    assert api(lead).get(f"{API}tasks/987654/").status_code == 404
    # a principal holds no planning grant at all: 403, which says nothing about any row
    for route in ("plans/", "tasks/", "targets/", "reports/", f"tasks/{task.pk}/"):
        assert api(principal).get(API + route).status_code == 403


def test_task_representation(api, plan, lead):
    row = api(lead).get(f"{API}tasks/?plan={plan.pk}&q=加强教育系统党的建设").json()["results"][0]
    assert row["number"] == 1 and row["status"] == "assigned"
    assert {u["name"] for u in row["lead_units"]} == {"综合股", "系统党办", "组织人事股"}


def test_department_staff_write_reports_on_their_own_tasks_only(
    api, plan, lead, other_staff, abroad_staff, leader
):
    own, others = plan.tasks.get(number=1), plan.tasks.get(number=7)  # 综合股 leads 1; 督导室 leads 7
    services.task_sign(actor=lead, task=own)
    services.task_sign(actor=other_staff, task=others)
    files = [SimpleUploadedFile("签到表.pdf", b"%PDF sign-in sheet")]
    response = api(lead).post(
        f"{API}reports/",
        {"task": own.pk, "text": "召开专题会议", "percent": "25", "files": files},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (
        body["task"] == own.pk and body["period"] == "2019-05" and body["evidence"][0]["name"] == "签到表.pdf"
    )
    assert body["department"] == "综合股"
    # another department's task, another county's, a missing one: 404 alike; nothing written
    assert api(lead).post(f"{API}reports/", {"task": others.pk, "text": "x"}).status_code == 404
    abroad_task = TaskFactory(
        plan__county=abroad_staff.department.county, lead_units=[abroad_staff.department]
    )
    assert api(lead).post(f"{API}reports/", {"task": abroad_task.pk, "text": "x"}).status_code == 404
    assert api(lead).post(f"{API}reports/", {"task": 987654, "text": "x"}).status_code == 404
    assert api(abroad_staff).post(f"{API}reports/", {"task": own.pk, "text": "x"}).status_code == 404
    # a leader holds no add grant: 403
    assert api(leader).post(f"{API}reports/", {"task": own.pk, "text": "x"}).status_code == 403
    assert ProgressReport.objects.count() == 1
    # reports are records: no change, no delete
    report = ProgressReport.objects.get()
    assert api(lead).patch(f"{API}reports/{report.pk}/", {"text": "改"}).status_code == 405
    assert api(lead).delete(f"{API}reports/{report.pk}/").status_code == 405


def test_report_on_an_unsigned_task_is_a_400_with_the_reason(api, plan, lead):
    own = plan.tasks.get(number=1)
    response = api(lead).post(f"{API}reports/", {"task": own.pk, "text": "x"})
    assert response.status_code == 400


def test_transitions_through_the_api(api, plan, lead, other_staff, leader, principal):
    task = plan.tasks.get(number=1)
    url = f"{API}tasks/{task.pk}/transition/"
    assert api(other_staff).post(url, {"action": "sign"}).status_code == 404
    assert api(principal).post(url, {"action": "sign"}).status_code == 403
    response = api(lead).post(url, {"action": "sign"})
    assert response.status_code == 200 and response.json()["status"] == "signed"
    assert api(lead).post(url, {"action": "close"}).status_code == 404  # not the lead unit's step
    assert api(lead).post(url, {"action": "submit", "note": "完成"}).json()["status"] == "review"
    assert api(leader).post(url, {"action": "return"}).status_code == 400  # a reason is required
    assert api(leader).post(url, {"action": "close"}).json()["status"] == "closed"
    assert api(leader).post(url, {"action": "close"}).status_code == 400  # already closed
    assert Task.objects.get(pk=task.pk).status == S.CLOSED


def test_extension_through_the_api_refused_after_due(api, plan, lead):
    task = plan.tasks.get(number=1)
    Task.objects.filter(pk=task.pk).update(due=dt.date(2019, 5, 31), original_due=dt.date(2019, 5, 31))
    response = api(lead).post(f"{API}tasks/{task.pk}/extension/", {"new_due": "2019-12-31", "reason": "忙"})
    assert response.status_code == 400 and "new_due" in response.json()


def test_no_writes_around_the_services(api, plan, lead):
    task = plan.tasks.get(number=1)
    assert api(lead).post(f"{API}tasks/", {"title": "x"}).status_code == 405
    assert api(lead).patch(f"{API}tasks/{task.pk}/", {"status": "closed"}).status_code == 405
    assert api(lead).post(f"{API}plans/", {"title": "x"}).status_code == 405
    assert Task.objects.get(pk=task.pk).status == S.ASSIGNED


def test_target_binding(api, plan, lead, other_staff):
    target = plan.targets.get(task__number=3)  # 综合股 co-leads task 3 (每半年排查风险点)
    url = f"{API}targets/{target.pk}/bind/"
    assert api(other_staff).post(url, {"indicator_code": "x"}).status_code == 404
    assert api(lead).post(url, {"indicator_code": "no_such_indicator"}).status_code == 400
    response = api(lead).post(url, {"indicator_code": "entrants_primary"})
    assert response.status_code == 200 and response.json()["indicator_code"] == "entrants_primary"


def test_task_list_query_count_is_flat(api, plan, lead):
    client = api(lead)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"{API}tasks/").status_code == 200
        return len(ctx.captured_queries)

    count()  # the first request reads the user's role assignments once
    before = count()
    for n in range(30, 40):
        TaskFactory(plan=plan, number=n, lead_units=[lead.department])
    assert count() == before <= 8


def test_schema_validates_without_warnings(tmp_path):
    out = tmp_path / "schema.yaml"
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--urlconf",
        "edubureau.planning.tests.tracking.urls",
        "--file",
        str(out),
    )
    assert "/api/planning/reports/" in out.read_text()


def test_schema_builds(api, lead):
    response = api(lead).get("/api/schema/")
    assert response.status_code == 200
    assert b"/api/planning/tasks/{id}/transition/" in response.content
