"""The demo year: played through the services, every rectification state present, idempotent command."""

import pytest
from django.core.management import call_command

from edubureau.accounts.roles import Role
from edubureau.registry.testing.factories import SchoolFactory
from edubureau.registry.testing.fixtures import _user
from edubureau.supervision.choices import RectificationStatus
from edubureau.supervision.models import Rectification, RectificationUrge, Visit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TODAY = "2019-06-28"


def test_demo_year(district, leader):
    _user("admin", Role.SYSADMIN)
    for i in range(14):
        SchoolFactory(area=district.town if i % 2 else district.other_town, name=f"演示小学{i}")
    call_command("demo_supervision", "--if-fresh", verbosity=0)
    assert Visit.objects.count() > 100
    states = set(Rectification.objects.values_list("status", flat=True))
    assert states == set(RectificationStatus.values)
    assert Rectification.objects.filter(returned_count__gt=0, status="closed").exists()
    assert RectificationUrge.objects.exists()
    count = Visit.objects.count()
    call_command("demo_supervision", "--if-fresh", verbosity=0)
    assert Visit.objects.count() == count


def test_demo_principals_school_has_open_and_overdue_rectifications(district, leader):
    # given: the demo principal's school (泉港一中) among the county's schools, with its principal
    from edubureau.demo.services import PRINCIPAL_SCHOOL

    _user("admin", Role.SYSADMIN)
    school = SchoolFactory(area=district.town, name=PRINCIPAL_SCHOOL)
    _user("principal", Role.PRINCIPAL, school=school)
    for i in range(6):
        SchoolFactory(area=district.town if i % 2 else district.other_town, name=f"演示小学{i}")
    # when
    call_command("demo_supervision", "--if-fresh", verbosity=0)
    # then: the principal has rectifications to answer, one past its deadline (2019-06-28)
    open_ = Rectification.objects.filter(school=school, status__in=("open", "returned"))
    assert open_.count() >= 2
    assert open_.filter(deadline__lt="2019-06-28").exists()
