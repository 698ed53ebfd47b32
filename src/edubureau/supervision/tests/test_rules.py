"""Two rules of the supervision services on each side of their edge (issue 17)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from edubureau.supervision import services
from edubureau.supervision.models import SupervisionZone, Supervisor, SupervisorAssignment
from edubureau.supervision.tests.factories import visit_with_rectification


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_an_assignment_outside_the_supervisors_scope_does_not_make_them_supervising(district, sup):
    assert services.is_supervising(sup, district.school)
    assert not services.is_supervising(sup, district.other_school)
    # an assignment to a school their role does not reach (a stale or mistaken row) gives nothing
    zone = SupervisionZone.objects.get(county=district.county, name="第一责任区")
    SupervisorAssignment.objects.create(
        supervisor=Supervisor.objects.get(user=sup), school=district.other_school, zone=zone,
        starts_on=dt.date(2019, 1, 1),
    )  # fmt: skip
    assert not services.is_supervising(sup, district.other_school)


def test_a_rectification_deadline_may_be_the_visit_day_but_not_before(district, sup):
    # the visit is on 2019-06-03
    assert visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 3)).deadline.day == 3
    with pytest.raises(ValidationError) as exc:
        visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 2))
    assert "deadline" in exc.value.message_dict
