import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.registry.testing.factories import UserFactory


@pytest.fixture
def teacher_user(district):
    user = UserFactory(username="t_wang", display_name="王老师")
    role_assign(actor=None, user=user, role=Role.TEACHER, school=district.school)
    return user


@pytest.fixture
def service(district):
    user = UserFactory(username="service", display_name="连秀英")
    role_assign(actor=None, user=user, role=Role.TEACHER_SERVICE, area=district.county)
    return user
