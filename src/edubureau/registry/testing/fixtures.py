"""pytest fixtures (loaded by the root conftest): two towns, a school in each, and a user per role.

``district.school`` is "own" for the principal; ``district.other_school`` is out of their scope.
"""

from dataclasses import dataclass

import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.registry.models import Area, School
from edubureau.registry.testing.factories import AreaFactory, SchoolFactory, UserFactory

PASSWORD = "Edu-test-2019!"


@dataclass
class District:
    county: Area
    town: Area
    other_town: Area
    school: School
    other_school: School


@pytest.fixture
def district(db) -> District:
    town, other_town = AreaFactory(name="山腰街道"), AreaFactory(name="南埔镇")
    return District(
        county=town.parent,
        town=town,
        other_town=other_town,
        school=SchoolFactory(area=town, name="泉港一中附小"),
        other_school=SchoolFactory(area=other_town, name="南埔中心小学"),
    )


def _user(username: str, role: str, *, area=None, school=None, **kw):
    user = UserFactory(username=username)
    role_assign(actor=None, user=user, role=role, area=area, school=school, **kw)
    return user


@pytest.fixture
def principal(district):
    return _user("principal", Role.PRINCIPAL, school=district.school)


@pytest.fixture
def leader(district):
    return _user("leader", Role.LEADER, area=district.county)


@pytest.fixture
def staff(district):
    return _user("staff", Role.DEPARTMENT_STAFF, area=district.county)


@pytest.fixture
def town_staff(district):
    """Staff scoped to one town only (a 中心校 office)."""
    return _user("townstaff", Role.DEPARTMENT_STAFF, area=district.town)


@pytest.fixture
def sysadmin(district):
    return _user("admin", Role.SYSADMIN)
