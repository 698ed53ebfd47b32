"""In a real browser: a department user signs for a task and reports progress with an evidence file; a
leader sees the light change; an overdue task produces an urge notice; an extension after the due date is
refused. Screenshots go to var/screenshots/ for a person to look at."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.testing.browser import log_in, screenshot
from edubureau.planning import services
from edubureau.planning.models import Task, UrgeNotice
from edubureau.planning.tests.tracking.conftest import TODAY
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_sign_report_light_urge_and_late_extension(
    page, browser, live_server, plan, lead, other_staff, leader
):
    task = plan.tasks.get(number=1)
    assert task.light == "yellow"  # on 3 June, nothing reported on a year-long task: behind schedule

    # a department user signs for the task and reports progress with an evidence file
    log_in(page, "zonghe", PASSWORD)
    page.goto(reverse("planning:my_tasks"))
    page.click(f"tr[data-pk='{task.pk}'] a")
    page.click("button[data-action='sign']")
    page.wait_for_selector("[data-testid='task-state'] [data-status='signed']")
    page.goto(reverse("planning:task_detail", args=[task.pk]) + "?tab=reports")
    page.fill("#id_text", "召开教育系统党建工作会议，部署全年党建任务。")
    page.fill("#id_percent", "40")
    page.set_input_files(
        "#id_files",
        files=[{"name": "会议纪要.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 minutes"}],
    )
    page.click("[data-testid='report-submit']")
    page.wait_for_selector("[data-testid='evidence']")
    assert page.inner_text("[data-testid='evidence']") == "会议纪要.pdf"
    screenshot(page, "planning-task-report")

    # a leader sees the light change on the dashboard
    leader_context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
    leader_page = leader_context.new_page()
    log_in(leader_page, "leader", PASSWORD)
    leader_page.goto(reverse("planning:plan_detail", args=[plan.pk]))
    assert leader_page.get_attribute(f"tr[data-pk='{task.pk}']", "data-light") == "green"
    screenshot(leader_page, "planning-dashboard")

    # an overdue task produces an urge notice (the daily job), which the leader sees and can print
    late = plan.tasks.get(number=7)
    Task.objects.filter(pk=late.pk).update(due=dt.date(2019, 5, 31), original_due=dt.date(2019, 5, 31))
    services.plan_daily(today=TODAY)
    notice = UrgeNotice.objects.get(task=late)
    leader_page.goto(reverse("planning:escalation_list"))
    leader_page.click(f"tr[data-pk='{notice.pk}'] a")
    assert "催办通知单" in leader_page.inner_text("[data-testid='urge-notice']")
    screenshot(leader_page, "planning-urge-notice")
    leader_context.close()

    # the lead unit of the overdue task can no longer ask for an extension
    page.context.clear_cookies()
    log_in(page, "duban", PASSWORD)
    page.goto(reverse("planning:task_detail", args=[late.pk]) + "?tab=supervision")
    assert page.is_visible("[data-testid='extension-closed']")
    assert page.query_selector("#extension-form") is None
    screenshot(page, "planning-extension-closed")
