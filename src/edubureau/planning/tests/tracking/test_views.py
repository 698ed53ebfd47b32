"""The pages: scope (out of scope is 404 like missing), the dashboard, the task page and its workflow
forms, evidence, the department page, escalations, the ledger, and pinned query counts."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from edubureau.planning import services
from edubureau.planning.choices import TaskStatus as S
from edubureau.planning.models import Evidence, ExtensionRequest, Task, UrgeNotice
from edubureau.planning.tests.tracking.factories import TaskFactory

pytestmark = pytest.mark.django_db


def _task(plan, number):
    return plan.tasks.get(number=number)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(ctx.captured_queries)


# --- scope ---------------------------------------------------------------------------------------------


def test_pages_of_another_county_are_404_like_missing(login, plan, abroad_staff, principal):
    task = _task(plan, 1)
    lead_unit = task.lead_units.first()
    urls = [
        reverse("planning:plan_detail", args=[plan.pk]),
        reverse("planning:task_detail", args=[task.pk]),
        reverse("planning:department_detail", args=[lead_unit.pk]),
    ]
    for user in (abroad_staff, principal):
        client = login(user)
        for url in urls:
            assert client.get(url).status_code == 404
        assert client.get(reverse("planning:task_detail", args=[987654])).status_code == 404
        assert (
            client.post(reverse("planning:task_action", args=[task.pk]), {"action": "sign"}).status_code
            == 404
        )
        listing = client.get(reverse("planning:task_list"))
        assert listing.status_code == 200 and list(listing.context["object_list"]) == []


def test_anonymous_is_sent_to_login(client, plan):
    for url in (reverse("planning:plan_list"), reverse("planning:task_detail", args=[_task(plan, 1).pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- dashboard -----------------------------------------------------------------------------------------


def test_dashboard_tallies(login, plan, leader):
    Task.objects.filter(plan=plan, number__in=[1, 2]).update(status=S.CLOSED, light="green")
    Task.objects.filter(plan=plan, number=3).update(light="red")
    response = login(leader).get(reverse("planning:plan_detail", args=[plan.pk]))
    assert response.status_code == 200
    ctx = response.context
    assert ctx["totals"].task_count == 24 and ctx["totals"].closed == 2 and ctx["totals"].red == 1
    assert len(ctx["by_section"]) == 5 and sum(s.task_count for s in ctx["by_section"]) == 24
    assert len(ctx["by_department"]) == 18
    assert [t.number for t in ctx["overdue"]] == [3]
    assert ctx["done_share"] == round(100 * 2 / 24, 1)
    # 系统党办 leads tasks 1, 2, 3, 18: two closed, one red
    party = next(d for d in ctx["by_department"] if d.label == "系统党办")
    assert (party.task_count, party.closed, party.red) == (4, 2, 1)


def test_dashboard_tabs_render(login, plan, leader):
    client = login(leader)
    for tab in ("dashboard", "scores", "targets", "document", "history"):
        response = client.get(reverse("planning:plan_detail", args=[plan.pk]) + f"?tab={tab}")
        assert response.status_code == 200, tab
    scores = dict(
        client.get(reverse("planning:plan_detail", args=[plan.pk]) + "?tab=scores").context["scores"]
    )
    # on 3 June every lead task owes its March and April reports (due 5 April and 5 May): −1 each
    assert len(scores) == 18
    by_name = {d.name: s.total for d, s in scores.items()}
    assert by_name["系统党办"] == 100 - 4 * 2  # leads tasks 1, 2, 3 and 18
    assert by_name["关工委"] == 100 - 2 * 2  # leads 13 and 23


def test_dashboard_query_count_is_pinned_and_flat(login, plan, leader):
    client = login(leader)
    url = reverse("planning:plan_detail", args=[plan.pk])
    first = _queries(client, url)
    # session, user, role assignments, the plan, the supervisor check (2), tasks, lead units, departments,
    # and the header's unread-message count
    assert first == 10
    # more tasks, more departments: not one query more
    for n in range(30, 40):
        TaskFactory(plan=plan, number=n, section=plan.sections.first())
    assert _queries(client, url) == first


PINNED = [6, 9, 11, 9]


def test_list_pages_query_counts_are_pinned_and_flat(login, plan, lead, leader):
    pages = [
        (leader, reverse("planning:plan_list")),
        (leader, reverse("planning:task_list")),
        (lead, reverse("planning:my_tasks")),
        (leader, reverse("planning:escalation_list")),
    ]
    services.urge_notice_issue(actor=leader, task=_task(plan, 1), today=dt.date(2019, 6, 1))
    before = {url: _queries(login(user), url) for user, url in pages}
    # session, user, role assignments, the header's unread-message count, then the page's own (count,
    # rows, prefetches, filter choices)
    assert list(before.values()) == PINNED, before
    for n in range(30, 40):
        task = TaskFactory(plan=plan, number=n, lead_units=[lead.department])
        services.urge_notice_issue(actor=leader, task=task, today=dt.date(2019, 6, 1))
    after = {url: _queries(login(user), url) for user, url in pages}
    assert after == before


# --- the task page and the workflow --------------------------------------------------------------------


def test_task_page_shows_buttons_by_role(login, plan, lead, leader, other_staff):
    task = _task(plan, 1)  # 综合股 leads it
    url = reverse("planning:task_detail", args=[task.pk])
    lead_page = login(lead).get(url)
    assert [t.action for t in lead_page.context["buttons"]] == ["sign"]
    assert lead_page.context["can_extend"] is True
    leader_page = login(leader).get(url)
    assert [t.action for t in leader_page.context["buttons"]] == ["cancel"]
    other_page = login(other_staff).get(url)
    assert other_page.context["buttons"] == [] and other_page.context["can_report"] is False
    for tab in ("overview", "reports", "supervision", "history"):
        assert login(lead).get(f"{url}?tab={tab}").status_code == 200


def test_sign_report_with_evidence_submit_close_through_the_pages(login, plan, lead, leader, abroad_staff):
    task = _task(plan, 1)
    client = login(lead)
    client.post(reverse("planning:task_action", args=[task.pk]), {"action": "sign"})
    # when the lead unit reports with two evidence files
    files = [
        SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf"),
        SimpleUploadedFile("照片.jpg", b"\xff\xd8\xff photo", content_type="image/jpeg"),
    ]
    response = client.post(
        reverse("planning:task_report", args=[task.pk]),
        {"text": "召开党建工作会议", "percent": "40", "files": files},
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == S.IN_PROGRESS and task.reported_progress == 40
    evidence = list(Evidence.objects.filter(report__task=task).order_by("name"))
    assert [e.name for e in evidence] == ["会议纪要.pdf", "照片.jpg"]
    # the report is headed by the month it covers in words (May until the 5th of June), not by 2019-05
    assert evidence[0].report.period == "2019-05"
    reports_tab = client.get(
        reverse("planning:task_detail", args=[task.pk]) + "?tab=reports"
    ).content.decode()
    assert '<h3 class="card-title">2019年5月</h3>' in reports_tab
    assert (
        "进度：" in reports_tab and "佐证材料：" in reports_tab and "进度:" not in reports_tab
    )  # Chinese colons
    # then the evidence is downloadable in the county and 404 elsewhere
    download = client.get(reverse("planning:evidence_download", args=[evidence[0].pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert (
        login(abroad_staff).get(reverse("planning:evidence_download", args=[evidence[0].pk])).status_code
        == 404
    )
    # submit, then the leader closes
    login(lead).post(reverse("planning:task_action", args=[task.pk]), {"action": "submit", "note": "已完成"})
    login(leader).post(reverse("planning:task_action", args=[task.pk]), {"action": "close"})
    task.refresh_from_db()
    assert task.status == S.CLOSED


def test_report_refuses_an_executable_as_evidence(login, plan, lead):
    task = _task(plan, 1)
    services.task_sign(actor=lead, task=task)
    bad = SimpleUploadedFile("virus.exe", b"MZ", content_type="application/octet-stream")
    login(lead).post(reverse("planning:task_report", args=[task.pk]), {"text": "x", "files": [bad]})
    assert not task.reports.exists()


def test_report_by_another_department_is_404(login, plan, other_staff):
    task = _task(plan, 1)
    response = login(other_staff).post(reverse("planning:task_report", args=[task.pk]), {"text": "x"})
    assert response.status_code == 404


def test_extension_after_due_is_refused_on_the_page(login, plan, lead):
    task = _task(plan, 1)
    Task.objects.filter(pk=task.pk).update(due=dt.date(2019, 5, 1), original_due=dt.date(2019, 5, 1))
    response = login(lead).post(
        reverse("planning:task_extension", args=[task.pk]),
        {"new_due": "2019-12-31", "reason": "忙"},
        follow=True,
    )
    assert response.status_code == 200
    assert not ExtensionRequest.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_urge_notice_is_issued_and_printable(login, plan, leader, lead):
    task = _task(plan, 7)
    login(leader).post(reverse("planning:task_urge", args=[task.pk]), {"level": "2", "reason": "进度滞后"})
    notice = UrgeNotice.objects.get()
    assert notice.level == 2
    page = login(leader).get(reverse("planning:urge_notice_detail", args=[notice.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "督办〔" in html and "橙单" in html and "督导室" in html
    # the lead unit's staff cannot issue one
    assert login(lead).post(reverse("planning:task_urge", args=[task.pk]), {"level": "3"}).status_code == 404


def test_department_page_shows_tasks_and_score(login, plan, leader):
    party = plan.tasks.get(number=1).lead_units.get(name="系统党办")
    response = login(leader).get(reverse("planning:department_detail", args=[party.pk]) + f"?plan={plan.pk}")
    assert response.status_code == 200
    assert sorted(t.number for t in response.context["led"]) == [1, 2, 3, 18]
    assert response.context["score"].total == 92  # eight monthly reports missing
    # given the March and April reports of task 1 filed in time, two deductions go
    task = plan.tasks.get(number=1)
    for period, filed in (("2019-03", dt.datetime(2019, 4, 3, 9)), ("2019-04", dt.datetime(2019, 5, 5, 17))):
        report = task.reports.create(period=period, text="按月报送")
        task.reports.filter(pk=report.pk).update(created_at=timezone.make_aware(filed))
    response = login(leader).get(reverse("planning:department_detail", args=[party.pk]) + f"?plan={plan.pk}")
    assert response.context["score"].total == 94


def test_my_tasks_lists_the_departments_tasks(login, plan, lead):
    response = login(lead).get(reverse("planning:my_tasks"))
    assert sorted(t.number for t in response.context["object_list"]) == [1, 3]


def test_notifications_page(login, plan, lead, leader):
    services.urge_notice_issue(actor=leader, task=_task(plan, 1), today=dt.date(2019, 6, 1))
    client = login(lead)
    # the messages page is the home app's now (one table for every app); the old address leads there
    response = client.get(reverse("planning:notification_list"), follow=True)
    assert response.status_code == 200
    assert [n.kind for n in response.context["notifications"]] == ["urge"]
    assert b'data-testid="unread-count">1<' in response.content
    client.post(reverse("home:notifications"))
    assert not lead.notifications.filter(read_at__isnull=True).exists()


# --- ledger --------------------------------------------------------------------------------------------


def test_ledger_xlsx_has_one_row_per_task(login, plan, leader, lead):
    services.task_sign(actor=lead, task=_task(plan, 1))
    services.task_report_progress(actor=lead, task=_task(plan, 1), text="进展顺利", percent=30)
    response = login(leader).get(reverse("planning:task_export") + f"?plan={plan.pk}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header, body = rows[0], rows[1:]
    assert len(body) == 24
    assert sorted(r[1] for r in body) == list(range(1, 25))
    first = next(r for r in body if r[1] == 1)
    assert first[4] == "综合股、系统党办、组织人事股"
    assert "进展顺利" in first
    assert len(header) == len(first)


def test_ledger_out_of_scope_has_no_rows(login, plan, abroad_staff, principal):
    rows = load_workbook(
        io.BytesIO(login(abroad_staff).get(reverse("planning:task_export")).content), read_only=True
    ).worksheets[0]
    assert len(list(rows.iter_rows(values_only=True))) == 1  # the header only
    assert login(principal).get(reverse("planning:task_export")).status_code == 404


def test_history_tabs_show_every_kind_of_event(login, plan, lead, leader):
    task = _task(plan, 3)  # 综合股 co-leads it; it has half-yearly milestones and a target
    services.task_sign(actor=lead, task=task)
    services.milestone_complete(actor=lead, milestone=task.milestones.first())
    services.task_report_progress(
        actor=lead, task=task, text="排查完成", target=task.targets.first(), current_value=1
    )
    services.extension_request(actor=lead, task=task, new_due=dt.date(2020, 3, 1), reason="x")
    services.extension_approve(actor=leader, request=task.extensions.get())
    services.urge_notice_issue(actor=leader, task=task)
    services.task_submit(actor=lead, task=task)
    services.task_return(actor=leader, task=task, reason="补充佐证")
    response = login(leader).get(reverse("planning:task_detail", args=[task.pk]) + "?tab=history")
    assert response.status_code == 200
    codes = {row["code"] for row in response.context["history"].rows}
    assert {
        "planning.task.sign",
        "planning.milestone.complete",
        "planning.task.report",
        "planning.extension.request",
        "planning.extension.approve",
        "planning.urge.issue",
        "planning.task.submit",
        "planning.task.return",
        "planning.task.remind",
    } <= codes
    plan_history = login(leader).get(reverse("planning:plan_detail", args=[plan.pk]) + "?tab=history")
    assert plan_history.status_code == 200
    assert "planning.plan.publish" in {row["code"] for row in plan_history.context["history"].rows}


def test_escalations_page_decides_pending_extensions(login, plan, lead, leader, other_staff):
    task = _task(plan, 1)
    services.extension_request(actor=lead, task=task, new_due=dt.date(2020, 3, 31), reason="施工延误")
    page = login(leader).get(reverse("planning:escalation_list"))
    assert page.status_code == 200 and len(page.context["pending"]) == 1
    assert page.context["supervised_plans"] == {plan.pk}
    # staff who do not supervise see the request but get no buttons, and posting a decision is 404
    other = login(other_staff).get(reverse("planning:escalation_list"))
    assert other.context["supervised_plans"] == set()
    extension = task.extensions.get()
    decide = reverse("planning:extension_decide", args=[extension.pk])
    assert login(other_staff).post(decide, {"decision": "approve"}).status_code == 404
    # the leader approves from the list and is sent back to it; an outside "next" is ignored
    back = reverse("planning:escalation_list")
    response = login(leader).post(decide, {"decision": "approve", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    task.refresh_from_db()
    assert task.due == dt.date(2020, 3, 31) and task.original_due == dt.date(2019, 12, 31)


def test_extension_decision_ignores_an_outside_next(login, plan, lead, leader):
    task = _task(plan, 1)
    extension = services.extension_request(actor=lead, task=task, new_due=dt.date(2020, 3, 31), reason="x")
    decide = reverse("planning:extension_decide", args=[extension.pk])
    response = login(leader).post(decide, {"decision": "reject", "next": "https://evil.example/"})
    assert response["Location"] == reverse("planning:task_detail", args=[task.pk]) + "?tab=supervision"


def test_score_rules_are_changed_by_the_supervising_side_only(login, plan, leader, lead):
    url = reverse("planning:plan_rules", args=[plan.pk])
    points = {rule.code: str(rule.points) for rule in plan.score_rules.all()}
    login(lead).post(url, {**points, "missing_report": "-3"})
    assert plan.score_rules.get(code="missing_report").points == -1
    login(leader).post(url, {**points, "missing_report": "-3"})
    assert plan.score_rules.get(code="missing_report").points == -3
    scores = dict(
        login(leader).get(reverse("planning:plan_detail", args=[plan.pk]) + "?tab=scores").context["scores"]
    )
    assert {d.name: s.total for d, s in scores.items()}["督导室"] == 100 - 2 * 3
