"""Every allowed and every forbidden transition of the workflow table, through the services, with the
right actor; and who may act at all (lead units, the supervising side; everyone else 404)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from edubureau.core.models import AuditEntry
from edubureau.planning import services, workflow
from edubureau.planning.choices import TaskStatus as S
from edubureau.planning.models import ExtensionRequest, ProgressReport, Task
from edubureau.planning.tests.tracking.conftest import TODAY, department, staff_of
from edubureau.planning.tests.tracking.factories import TaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(district, lead):
    return TaskFactory(plan__county=district.county, lead_units=[lead.department])


def _pending_extension(task):
    return ExtensionRequest.objects.create(
        task=task, reason="施工延误", current_due=task.due, new_due=task.due + dt.timedelta(days=60)
    )


def run(action, task, *, lead, leader):
    """Perform ``action`` on ``task`` as the role the table names."""
    actor = lead if workflow.TRANSITIONS[action].by == workflow.LEAD else leader
    if action == "sign":
        return services.task_sign(actor=actor, task=task)
    if action == "report":
        return services.task_report_progress(actor=actor, task=task, text="已完成方案制定", today=TODAY)
    if action == "submit":
        return services.task_submit(actor=actor, task=task, note="办结报告")
    if action == "close":
        return services.task_close(actor=actor, task=task)
    if action == "return":
        return services.task_return(actor=actor, task=task, reason="佐证材料不全")
    if action == "cancel":
        return services.task_cancel(actor=actor, task=task, reason="区委调整部署")
    if action == "extension_request":
        return services.extension_request(
            actor=actor, task=task, new_due=task.due + dt.timedelta(days=30), reason="资金未到位", today=TODAY
        )
    if action == "extension_approve":
        return services.extension_approve(actor=actor, request=_pending_extension(task))
    if action == "extension_reject":
        return services.extension_reject(actor=actor, request=_pending_extension(task))
    raise AssertionError(action)


PAIRS = [(a, s) for a in workflow.TRANSITIONS for s in S.values]


@pytest.mark.parametrize(("action", "status"), PAIRS, ids=[f"{a}-from-{s}" for a, s in PAIRS])
def test_transition(action, status, task, lead, leader):
    # given a task in ``status``
    Task.objects.filter(pk=task.pk).update(status=status)
    task.refresh_from_db()
    transition = workflow.TRANSITIONS[action]
    audits = AuditEntry.objects.filter(action=transition.code).count()
    if status in transition.sources:
        # when the role of the table acts, then the task moves and the event is recorded
        run(action, task, lead=lead, leader=leader)
        task.refresh_from_db()
        assert task.status == (transition.target or status)
        assert AuditEntry.objects.filter(action=transition.code, object_id=str(task.pk)).count() == audits + 1
    else:
        # the step is refused and nothing is written
        with pytest.raises(workflow.TransitionError):
            run(action, task, lead=lead, leader=leader)
        task.refresh_from_db()
        assert task.status == status
        assert AuditEntry.objects.filter(action=transition.code).count() == audits


def test_a_full_run(task, lead, leader):
    services.task_sign(actor=lead, task=task)
    report = services.task_report_progress(actor=lead, task=task, text="完成一半", percent=50, today=TODAY)
    assert report.period == "2019-05" and report.department == lead.department
    services.task_submit(actor=lead, task=task)
    services.task_return(actor=leader, task=task, reason="缺少佐证")
    services.task_submit(actor=lead, task=task)
    services.task_close(actor=leader, task=task)
    task.refresh_from_db()
    assert task.status == S.CLOSED and task.returned_count == 1 and task.closed_at and task.signed_at
    codes = list(
        AuditEntry.objects.filter(object_id=str(task.pk), action__startswith="planning.task.")
        .exclude(action__in=["planning.task.light", "planning.task.remind"])
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert codes == [
        "planning.task.sign",
        "planning.task.report",
        "planning.task.submit",
        "planning.task.return",
        "planning.task.submit",
        "planning.task.close",
    ]


# --- who may act ---------------------------------------------------------------------------------------


def test_lead_steps_are_404_for_other_departments_and_leaders(task, other_staff, leader, staff):
    for actor in (other_staff, leader, staff):  # another department, a leader, staff without department
        with pytest.raises(Http404):
            services.task_sign(actor=actor, task=task)
        with pytest.raises(Http404):
            services.task_report_progress(actor=actor, task=task, text="x")
    assert not ProgressReport.objects.exists()


def test_supervisor_steps_are_404_for_lead_units(task, lead):
    Task.objects.filter(pk=task.pk).update(status=S.REVIEW)
    with pytest.raises(Http404):
        services.task_close(actor=lead, task=task)


def test_the_supervising_department_may_close(task, district):
    # given the plan is supervised by 督导室
    task.plan.supervising_department = department(district.county, "督导室")
    task.plan.save()
    supervisor = staff_of("dudao", district.county, "督导室")
    Task.objects.filter(pk=task.pk).update(status=S.REVIEW)
    services.task_close(actor=supervisor, task=task)
    assert Task.objects.get(pk=task.pk).status == S.CLOSED


def test_staff_of_another_county_cannot_act(task, abroad_staff):
    with pytest.raises(Http404):
        services.task_sign(actor=abroad_staff, task=task)


def test_return_and_cancel_need_a_reason(task, leader):
    Task.objects.filter(pk=task.pk).update(status=S.REVIEW)
    with pytest.raises(ValidationError):
        services.task_return(actor=leader, task=task, reason="  ")
    with pytest.raises(ValidationError):
        services.task_cancel(actor=leader, task=task, reason="")
    assert Task.objects.get(pk=task.pk).status == S.REVIEW


def test_report_sets_a_targets_actual_value(task, lead):
    target = task.targets.create(plan=task.plan, indicator="入园率", comparator=">=", value=98, unit="%")
    services.task_sign(actor=lead, task=task)
    services.task_report_progress(
        actor=lead, task=task, text="统计", target=target, current_value=49, today=TODAY
    )
    target.refresh_from_db()
    task.refresh_from_db()
    assert target.actual_value == 49 and target.actual_by == lead and target.progress == 50
    assert task.progress == 50


def test_report_refuses_a_target_of_another_task(task, lead):
    other = TaskFactory(plan=task.plan, lead_units=[lead.department])
    target = other.targets.create(plan=task.plan, indicator="x", value=1)
    services.task_sign(actor=lead, task=task)
    with pytest.raises(ValidationError):
        services.task_report_progress(actor=lead, task=task, text="x", target=target, current_value=1)
