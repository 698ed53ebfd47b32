"""The demo 周转池 and 交流 proposal: played through the services on a small district, idempotent."""

import pytest
from django.core.management import call_command

from edubureau.accounts.models import User
from edubureau.registry import choices as rc
from edubureau.registry.testing.factories import SchoolFactory, TeacherFactory, pupils_bulk
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool_models import Dispatch, DispatchRun, PoolTeacher, RotationPlan, Vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TODAY = "2019-06-28"


def test_demo_pool(district):
    # given a small county: an urban school over its 编制 and rural ones short
    schools = [district.school, district.other_school]
    schools += [
        SchoolFactory(area=district.other_town, name=f"演示小学{i}", locality=rc.Locality.RURAL)
        for i in range(4)
    ]
    for k, school in enumerate(schools):
        pupils_bulk(school, 190 if k else 100)
        for i in range(14 if k == 0 else 8):
            TeacherFactory(
                school=school,
                main_subject=("语文", "数学", "英语")[i % 3],
                joined_school_year=2008 + i % 6,
                backbone_level=rc.BackboneLevel.COUNTY if k == 0 and i < 6 else "",
            )
    # when
    call_command("demo_pool", "--if-fresh", verbosity=0)
    # then every school has a place, the pool its teachers, the spring leaves their cover
    assert not type(district.school).objects.filter(latitude__isnull=True).exists()
    assert PoolTeacher.objects.count() == 40
    assert Vacancy.objects.count() == 36
    assert DispatchRun.objects.filter(status=pc.RunStatus.CONFIRMED).count() == 3
    assert DispatchRun.objects.filter(status=pc.RunStatus.PROPOSED).count() == 1
    assert Dispatch.objects.filter(status=pc.DispatchStatus.CONFIRMED).exclude(rating="").exists()
    member = PoolTeacher.objects.get(user__username="pool_teacher")
    assert member.dispatches.filter(status=pc.DispatchStatus.CONFIRMED).exists()
    from edubureau.demo.selectors import demo_login_list

    assert "pool_teacher" in [login.username for login in demo_login_list()]  # make run prints her login
    plan = RotationPlan.objects.get()
    assert plan.moves.count() >= plan.eligible * 0.1
    # and again: nothing more
    call_command("demo_pool", "--if-fresh", verbosity=0)
    assert PoolTeacher.objects.count() == 40 and User.objects.filter(username="pool_teacher").count() == 1
