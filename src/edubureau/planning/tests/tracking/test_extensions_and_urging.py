"""Extensions (only before the due date; the original date kept), the urge-notice ladder and its
numbering, and the daily job: lights, T−3 and overdue reminders, escalation."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from edubureau.core import escalation
from edubureau.core.models import AuditEntry, Notification
from edubureau.planning import services
from edubureau.planning.choices import TaskStatus as S
from edubureau.planning.models import ExtensionRequest, Task, UrgeNotice
from edubureau.planning.tests.tracking.conftest import staff_of
from edubureau.planning.tests.tracking.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2019, 12, 31)


@pytest.fixture
def task(district, lead):
    return TaskFactory(plan__county=district.county, lead_units=[lead.department], status=S.IN_PROGRESS)


# --- extensions ----------------------------------------------------------------------------------------


def test_extension_refused_after_the_due_date(task, lead):
    with pytest.raises(ValidationError) as caught:
        services.extension_request(
            actor=lead,
            task=task,
            new_due=dt.date(2020, 3, 31),
            reason="资金未到位",
            today=DUE + dt.timedelta(days=1),
        )
    assert "new_due" in caught.value.message_dict
    assert not ExtensionRequest.objects.exists()


def test_extension_on_the_due_date_is_still_in_time(task, lead):
    request = services.extension_request(
        actor=lead, task=task, new_due=dt.date(2020, 3, 31), reason="资金未到位", today=DUE
    )
    assert request.current_due == DUE


def test_approval_moves_the_due_date_and_keeps_the_original(task, lead, leader):
    request = services.extension_request(
        actor=lead,
        task=task,
        new_due=dt.date(2020, 3, 31),
        reason="施工延误",
        progress_note="主体完工",
        today=DUE,
    )
    services.extension_approve(actor=leader, request=request, note="同意")
    task.refresh_from_db()
    assert (task.due, task.original_due) == (dt.date(2020, 3, 31), DUE)
    assert ExtensionRequest.objects.get().status == "approved"
    assert AuditEntry.objects.filter(action="planning.extension.approve").exists()
    # the lead unit is told
    assert Notification.objects.filter(user=lead, kind="extension").exists()


def test_rejection_keeps_the_due_date(task, lead, leader):
    request = services.extension_request(
        actor=lead, task=task, new_due=dt.date(2020, 1, 31), reason="x", today=DUE
    )
    services.extension_reject(actor=leader, request=request)
    task.refresh_from_db()
    assert task.due == DUE
    with pytest.raises(ValidationError):  # decided once
        services.extension_approve(actor=leader, request=request)


def test_extension_must_move_the_date_later_and_only_one_waits(task, lead):
    with pytest.raises(ValidationError):
        services.extension_request(actor=lead, task=task, new_due=DUE, reason="x", today=dt.date(2019, 6, 1))
    services.extension_request(
        actor=lead, task=task, new_due=dt.date(2020, 1, 31), reason="x", today=dt.date(2019, 6, 1)
    )
    with pytest.raises(ValidationError):
        services.extension_request(
            actor=lead, task=task, new_due=dt.date(2020, 2, 28), reason="y", today=dt.date(2019, 6, 1)
        )


# --- urge notices --------------------------------------------------------------------------------------


def test_urge_ladder_and_numbering(task, leader, lead):
    today = dt.date(2020, 1, 6)
    blue = services.urge_notice_issue(actor=leader, task=task, today=today)
    orange = services.urge_notice_issue(actor=leader, task=task, today=today)
    assert (blue.level, blue.number, orange.level, orange.number) == (1, 1, 2, 2)
    assert blue.doc_number == "督办〔2020〕1号"
    with pytest.raises(ValidationError):  # a lower or equal level while orange is open
        services.urge_notice_issue(actor=leader, task=task, level=2, today=today)
    red = services.urge_notice_issue(actor=leader, task=task, today=today)
    with pytest.raises(ValidationError):  # nothing above red
        services.urge_notice_issue(actor=leader, task=task, today=today)
    task.refresh_from_db()
    assert red.level == 3 and task.urge_level == 3
    assert Notification.objects.filter(user=lead, kind="urge").count() == 3


def test_urge_numbers_count_per_county_and_year(task, leader, lead, abroad):
    # given a notice on a task of the county's plan
    today = dt.date(2020, 1, 6)
    assert services.urge_notice_issue(actor=leader, task=task, today=today).doc_number == "督办〔2020〕1号"
    second = TaskFactory(plan=task.plan, lead_units=[lead.department])
    other_plan = TaskFactory(plan=PlanFactory(county=task.county), lead_units=[lead.department])
    other_county = TaskFactory(plan=PlanFactory(county=abroad))
    # when another task of the plan, a task of another plan of the county, one of another county are urged
    numbers = [
        services.urge_notice_issue(actor=None, task=t, today=today).number
        for t in (second, other_plan, other_county)
    ]
    next_year = services.urge_notice_issue(actor=None, task=other_plan, level=2, today=dt.date(2021, 1, 4))
    # then the county's counter goes on across its plans, the other county and the next year start at 1
    assert numbers == [2, 3, 1]
    assert next_year.doc_number == "督办〔2021〕1号"
    assert set(UrgeNotice.objects.values_list("county", flat=True)) == {task.county_id, abroad.pk}


def test_only_the_supervising_side_urges(task, lead):
    from django.http import Http404

    with pytest.raises(Http404):
        services.urge_notice_issue(actor=lead, task=task)


def test_submitting_answers_open_notices(task, leader, lead):
    services.urge_notice_issue(actor=leader, task=task, today=dt.date(2020, 1, 6))
    services.task_submit(actor=lead, task=task)
    assert UrgeNotice.objects.get().resolved_at is not None


# --- the daily job -------------------------------------------------------------------------------------


def test_daily_reminders_once_at_t_minus_3_and_when_overdue(task, lead):
    lead.email = "zonghe@example.cn"
    lead.save()
    # T−4: nothing; T−3: due-soon reminder, once however often the job runs
    assert services.reminders_send(today=DUE - dt.timedelta(days=4)) == 0
    assert services.reminders_send(today=DUE - dt.timedelta(days=3)) == 1
    assert services.reminders_send(today=DUE - dt.timedelta(days=2)) == 0
    # overdue: one more
    assert services.reminders_send(today=DUE + dt.timedelta(days=1)) == 1
    assert services.reminders_send(today=DUE + dt.timedelta(days=2)) == 0
    kinds = list(Notification.objects.filter(user=lead).order_by("id").values_list("kind", flat=True))
    assert kinds == ["due_soon", "overdue"]
    # email too (the test backend counts as configured) and each reminder is in the log
    assert len(mail.outbox) == 2 and mail.outbox[0].to == ["zonghe@example.cn"]
    assert AuditEntry.objects.filter(action="planning.task.remind", object_id=str(task.pk)).count() == 2


def test_closed_tasks_get_no_reminders(task):
    Task.objects.filter(pk=task.pk).update(status=S.CLOSED)
    assert services.reminders_send(today=DUE + dt.timedelta(days=1)) == 0


def test_daily_escalation_climbs_the_ladder(task):
    day1 = DUE + dt.timedelta(days=1)
    services.plan_daily(today=day1)
    assert list(UrgeNotice.objects.values_list("level", flat=True)) == [1]
    task.refresh_from_db()
    assert task.light == "red" and task.urge_level == 1
    # within the answer period nothing more; after it, orange; then red; then it stops
    services.plan_daily(today=day1 + dt.timedelta(days=escalation.RESPOND_DAYS))
    assert UrgeNotice.objects.count() == 1
    services.plan_daily(today=day1 + dt.timedelta(days=escalation.RESPOND_DAYS + 1))
    services.plan_daily(today=day1 + dt.timedelta(days=2 * escalation.RESPOND_DAYS + 3))
    services.plan_daily(today=day1 + dt.timedelta(days=4 * escalation.RESPOND_DAYS))
    assert sorted(UrgeNotice.objects.values_list("level", flat=True)) == [1, 2, 3]
    assert UrgeNotice.objects.filter(issued_by__isnull=True).count() == 3


def test_light_change_is_recorded_and_the_command_runs(task, capsys):
    call_command("plan_daily", "--today", "2020-01-01")
    task.refresh_from_db()
    assert task.light == "red"
    entry = AuditEntry.objects.get(action="planning.task.light", object_id=str(task.pk))
    assert entry.after == {"light": "red"}
    assert "urge notices: 1" in capsys.readouterr().out


def test_a_returned_task_tells_its_reporter_that_the_report_was_returned(task, lead, leader, district):
    # given a progress report by one member of the lead unit, handed in for closure by another
    colleague = staff_of("zonghe2", district.county, "综合股")
    services.task_report_progress(actor=lead, task=task, text="已完成方案制定", today=DUE)
    services.task_submit(actor=colleague, task=task, note="办结报告")
    # when the supervising side returns it
    with translation.override("zh-hans"):
        services.task_return(actor=leader, task=task, reason="佐证材料不全")
    # then the reporter gets 进度报告被退回 with the reason and a link to the task, once
    mine = Notification.objects.get(user=lead)
    assert mine.kind == Notification.Kind.REPORT_RETURNED
    assert mine.message.startswith("进度报告被退回") and "佐证材料不全" in mine.message
    assert mine.url == f"/plan/tasks/{task.pk}/"
    # and the rest of the lead unit the task's own return notice
    assert Notification.objects.get(user=colleague).kind == Notification.Kind.RETURNED
