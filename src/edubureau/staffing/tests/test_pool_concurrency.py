"""Two confirmations at once cannot send one pool teacher twice over the same days (PostgreSQL: real row
locks between two connections)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool import services as svc
from edubureau.staffing.pool_models import Dispatch, DispatchRun
from edubureau.staffing.tests.pool_factories import DAY, place, pool_teacher, vacancy

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_confirmations_send_a_teacher_once(district):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database lives in memory, one connection for all threads; runs on PostgreSQL"
        )
    # given two proposals made at the same moment, each sending the same teacher over the same days
    place(district.school, 25.1, 118.8)
    place(district.other_school, 25.2, 118.9)
    member = pool_teacher(district.school)
    runs = []
    for school in (district.school, district.other_school):
        v = vacancy(school, start=DAY)
        run = DispatchRun.objects.create(county=district.county, run_on=DAY)
        Dispatch.objects.create(
            county=district.county, run=run, vacancy=v, pool_teacher=member,
            start=v.start, end=v.end, busy_until=v.end, distance_km=1.0,
        )  # fmt: skip
        runs.append(run)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm(run):
        start.wait()
        try:
            svc.dispatch_run_confirm(actor=None, run=run)
            outcomes.append("confirmed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    # when both are confirmed at once
    threads = [threading.Thread(target=confirm, args=(r,)) for r in runs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then one goes through and the other is refused: the teacher is sent once
    assert sorted(outcomes) == ["confirmed", "refused"]
    assert Dispatch.objects.filter(pool_teacher=member, status=pc.DispatchStatus.CONFIRMED).count() == 1


def test_parallel_confirmations_of_a_rotation_plan_move_the_teachers_once(district):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database lives in memory, one connection for all threads; runs on PostgreSQL"
        )
    from edubureau.core.models import AuditEntry
    from edubureau.registry import choices as rc
    from edubureau.registry.models import Teacher
    from edubureau.registry.testing.factories import TeacherFactory
    from edubureau.staffing.pool import rotation as rot
    from edubureau.staffing.pool_models import RotationMove, RotationPlan

    # given a draft plan of a past year (effective at once) moving one 骨干 teacher
    teacher = TeacherFactory(
        school=district.school, joined_school_year=2005, backbone_level=rc.BackboneLevel.COUNTY
    )
    plan = RotationPlan.objects.create(county=district.county, school_year="2019-2020", eligible=1)
    RotationMove.objects.create(
        plan=plan, teacher=teacher, from_school=district.school, to_school=district.other_school,
        backbone=True, reason="测试",
    )  # fmt: skip
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def confirm():
        start.wait()
        try:
            rot.rotation_confirm(actor=None, plan=RotationPlan.objects.get(pk=plan.pk))
            outcomes.append("confirmed")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connection.close()

    # when it is confirmed twice at once
    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then one confirmation goes through and the other is refused: the teacher moved once
    assert sorted(outcomes) == ["confirmed", "refused"]
    teacher.refresh_from_db()
    assert (teacher.status, teacher.teaching_school_id) == (
        rc.TeacherStatus.ROTATING,
        district.other_school.pk,
    )
    assert AuditEntry.objects.filter(action="staffing.teacher.rotate", object_id=str(teacher.pk)).count() == 1
    assert Teacher.objects.get(pk=teacher.pk).version == 2
