"""`edubureau demo_plan_activity`: half a year of 督查督办 on the 2019 plan, on the tiny demo district."""

from __future__ import annotations

import datetime as dt
import io
import re
from contextlib import contextmanager

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.core.models import AuditEntry
from edubureau.demo.plan_activity import STAFF_ACCOUNTS, task_steps
from edubureau.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD
from edubureau.planning import schedule, services
from edubureau.planning.choices import TaskStatus
from edubureau.planning.models import ExtensionRequest, Plan, ProgressReport, UrgeNotice

TODAY = dt.date(2019, 6, 28)
#: Actions of the lead units and of the supervising side, as the audit log names them.
LEAD_ACTIONS = {
    "planning.task.sign",
    "planning.task.report",
    "planning.task.submit",
    "planning.extension.request",
    "planning.milestone.complete",
}
SUPERVISOR_ACTIONS = {
    "planning.task.close",
    "planning.task.return",
    "planning.urge.issue",
    "planning.extension.approve",
    "planning.task.deadline",
}


def _call(name: str, **options) -> str:
    out = io.StringIO()
    call_command(name, stdout=out, **options)
    return out.getvalue()


def publish_demo_plan() -> Plan:
    """The tiny demo district with the 2019 plan published, nothing done on it yet."""
    _call("demo", scale="tiny")
    _call("plan_import", publish=True)
    return Plan.objects.get(year=2019)


#: Today, and a fast password hasher (the demo creates dozens of users).
DEMO_SETTINGS = {
    "TODAY": TODAY.isoformat(),
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
}


@contextmanager
def _rolled_back(django_db_blocker):
    """A transaction on the test database around a module's tests, rolled back after the last."""
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def played(django_db_setup, django_db_blocker, tmp_path_factory):
    """Half a year played on the demo plan, built once for the module (about 10 s). Each test runs in a
    savepoint inside this fixture's transaction, so what one test changes the next does not see; the tests
    only read the one result (test_plan_activity_seed.py plays its own)."""
    with (
        override_settings(**DEMO_SETTINGS, MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        _rolled_back(django_db_blocker),
    ):
        with django_db_blocker.unblock():
            plan = publish_demo_plan()
            output = _call("demo_plan_activity", if_fresh=True)
        yield plan, output


def _numbers(plan: Plan, **filters) -> set[int]:
    return set(plan.tasks.filter(**filters).values_list("number", flat=True))


@pytest.mark.django_db
def test_half_a_year_closes_some_tasks_and_leaves_others_behind_or_overdue(played):
    # given
    plan, output = played

    # then: statuses
    assert not plan.tasks.filter(status=TaskStatus.ASSIGNED).exists()
    assert _numbers(plan, status=TaskStatus.CLOSED) == {4, 9, 14}
    assert _numbers(plan, status=TaskStatus.REVIEW) == {15}
    assert plan.tasks.get(number=14).returned_count == 1
    # lights: two overdue, five behind, the rest on schedule
    assert _numbers(plan, light="red") == {7, 19}
    assert _numbers(plan, light="yellow") == {8, 10, 12, 18, 22}
    assert plan.tasks.filter(light="green").count() == 17
    # the red tasks carry a blue then an orange notice, numbered in order by the service
    notices = list(UrgeNotice.objects.filter(plan=plan).order_by("number"))
    assert [(n.task.number, n.level, n.number) for n in notices] == [
        (7, 1, 1),
        (7, 2, 2),
        (19, 1, 3),
        (19, 2, 4),
    ]
    assert all(n.issued_by.username == "leader" and n.resolved_at is None for n in notices)
    assert notices[1].doc_number == "督办〔2019〕2号" and "督办〔2019〕1号" in notices[1].reason
    assert all(n.issued_on > plan.tasks.get(pk=n.task_id).due for n in notices)
    # one extension, asked before the due date and approved; the original date stays for scoring
    extension = ExtensionRequest.objects.get(task__plan=plan)
    assert extension.status == "approved" and extension.task.number == 17
    assert timezone.localtime(extension.created_at).date() <= extension.current_due
    assert (extension.task.due, extension.task.original_due) == (dt.date(2019, 7, 31), dt.date(2019, 6, 30))
    # the summary says the same in Chinese
    assert "办理中 20，审核中 1，已办结 3" in output
    assert "绿灯 17，黄灯 5，红灯 2" in output


@pytest.mark.django_db
def test_reports_are_monthly_dated_in_the_half_year_and_carry_target_values(played):
    # given
    plan, _ = played
    reports = list(ProgressReport.objects.filter(task__plan=plan).select_related("task", "target"))

    # then: every report filed between the plan's issue and today, in the period its date says
    assert len(reports) > 3 * 20
    for r in reports:
        filed = timezone.localtime(r.created_at).date()
        assert dt.date(2019, 3, 28) <= filed <= TODAY
        assert r.period == schedule.period_of(filed)
        assert r.text and r.author.department in r.task.lead_units.all()
    # a generic report speaks of its own task's plan text
    task = plan.tasks.get(number=1)
    steps = task_steps(task.body)
    texts = [r.text for r in task.reports.all()]
    assert any(steps[0].replace("“", "‘").replace("”", "’") in t for t in texts)
    assert any(task.title in t for t in texts)
    # progress follows the reports, the manual values reach their targets
    recruit = plan.tasks.get(number=19).targets.get()
    assert recruit.actual_value == 7 and recruit.actual_by.department.name == "组织人事股"
    assert plan.targets.filter(actual_value__isnull=False).count() >= 10
    assert plan.tasks.get(number=20).targets.get(text__contains="11000").actual_value is None
    # every task that owed reports has them; the late signer missed its May report
    assert not ProgressReport.objects.filter(task__number=18, task__plan=plan, period="2019-05").exists()


@pytest.mark.django_db
def test_every_light_is_recomputed_as_of_today(played):
    # given
    plan, _ = played
    before = {t.number: (t.light, t.progress) for t in plan.tasks.all()}

    # when
    changed = services.plan_lights_recompute(plans=[plan], today=TODAY)

    # then
    assert changed == 0
    assert {t.number: (t.light, t.progress) for t in plan.tasks.all()} == before
    for task in plan.tasks.all():
        expected = schedule.task_light(
            status=task.status, due=task.due, today=TODAY, start=task.start, progress=task.progress
        )
        assert task.light == expected, task.number


@pytest.mark.django_db
def test_every_action_is_audited_under_the_staff_member_who_took_it(played):
    # given
    plan, _ = played
    tasks = {str(t.pk): t for t in plan.tasks.prefetch_related("lead_units")}
    entries = list(
        AuditEntry.objects.filter(action__in=LEAD_ACTIONS | SUPERVISOR_ACTIONS).select_related("actor")
    )

    # then
    assert {e.action for e in entries} == LEAD_ACTIONS | SUPERVISOR_ACTIONS
    for e in entries:
        task = tasks[e.object_id]
        assert e.actor is not None, e.action
        if e.action in LEAD_ACTIONS:
            assert e.actor.department in task.lead_units.all(), (e.action, task.number)
        else:
            assert e.actor.username == "leader", (e.action, task.number)
        assert dt.date(2019, 3, 28) <= timezone.localtime(e.at).date() <= TODAY
    signs = [e for e in entries if e.action == "planning.task.sign"]
    assert len(signs) == 24
    reports = [e for e in entries if e.action == "planning.task.report"]
    assert len(reports) == ProgressReport.objects.filter(task__plan=plan).count()
    # the three node deadlines are written down with their reason
    deadlines = AuditEntry.objects.filter(action="planning.task.deadline")
    assert {tasks[e.object_id].number for e in deadlines} == {7, 17, 19}
    assert all(e.after["note"] and e.before["due"] == "2019-12-31" for e in deadlines)


@pytest.mark.django_db
def test_each_lead_department_gets_a_staff_login_and_the_demo_logins_stay_first(played):
    # given
    plan, _ = played

    # then
    for department in {d for t in plan.tasks.prefetch_related("lead_units") for d in t.lead_units.all()}:
        staff = User.objects.filter(department=department, role_assignments__role=Role.DEPARTMENT_STAFF)
        assert staff.exists(), department.name
    user = User.objects.get(username="staff_gonghui")
    assert user.display_name == "刘美玲" and user.department.name == "教育工会"
    assert user.role_assignments.get().area == plan.county
    assert authenticate(RequestFactory().post("/"), username="staff_gonghui", password=DEMO_PASSWORD) == user
    assert AuditEntry.objects.filter(action="accounts.user.create", object_id=str(user.pk)).exists()
    table = _call("demo_logins").splitlines()[3:]
    assert [row.split()[0] for row in table[: len(DEMO_ACCOUNTS)]] == [a.username for a in DEMO_ACCOUNTS]
    # and the department logins follow, so that `make run` shows every login a person may try, each once
    # (staff_anbao, the 安全保卫股's, is a demo login of its own too)
    listed = {a.username for a in DEMO_ACCOUNTS}
    staff = [a.username for a in STAFF_ACCOUNTS if a.username not in listed]
    assert [row.split()[0] for row in table[len(DEMO_ACCOUNTS) :]] == staff
    assert len(STAFF_ACCOUNTS) == 16 and len(staff) == 15


@pytest.mark.django_db
def test_running_again_changes_nothing(played):
    # given
    plan, _ = played
    counts = (AuditEntry.objects.count(), ProgressReport.objects.count(), User.objects.count())

    # when
    output = _call("demo_plan_activity", if_fresh=True)

    # then
    assert "跳过" in output
    assert (AuditEntry.objects.count(), ProgressReport.objects.count(), User.objects.count()) == counts
    with pytest.raises(CommandError, match="已有签收或办理记录"):
        _call("demo_plan_activity")


@pytest.mark.django_db
def test_the_dashboard_shows_the_half_year_to_the_leader(played, client):
    # given
    plan, _ = played
    client.force_login(User.objects.get(username="leader"))

    # when
    response = client.get(reverse("planning:plan_detail", args=[plan.pk]))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'data-testid="count-tasks">\s*24<', html)
    assert re.search(r'data-testid="count-overdue">\s*2<', html)
    assert re.search(r'data-testid="done-share">\s*12.5%', html)  # 3 of 24, rates to one decimal
    assert "已办结 3 项" in html
    lights = re.search(r'data-testid="lights">(.*?)</div>', html, re.S).group(1)
    assert re.findall(r"</span>(\d+)</span>", lights) == ["17", "5", "2"]
    overdue = re.search(r'data-testid="overdue-list">(.*?)</ul>', html, re.S).group(1)
    for number in (7, 19):
        assert reverse("planning:task_detail", args=[plan.tasks.get(number=number).pk]) in overdue
