"""Fixtures of the plan-tracking tests: the project's URLs with the planning pages and API, the 2019
Quangang plan published, and users for each workflow role.

``lead``: staff of 综合股 (lead unit of task 1); ``other_staff``: staff of 督导室 (leads task 7 only);
``leader``: a bureau leader of the county (supervising side); ``abroad_staff``: staff of another county.
"""

import datetime as dt
from pathlib import Path

import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.planning import services
from edubureau.planning.parser import parse_file
from edubureau.registry.models import Area, Department
from edubureau.registry.testing.factories import AreaFactory, DepartmentFactory, UserFactory

DATA = Path(__file__).resolve().parents[2] / "data"
QUANGANG = DATA / "2019-quangang-education-work-plan.txt"
#: A fixed "today" inside the 2019 plan year.
TODAY = dt.date(2019, 6, 3)


@pytest.fixture(autouse=True)
def fixed_today(settings):
    """The pages and services run on TODAY unless a test passes its own date."""
    settings.TODAY = TODAY.isoformat()


@pytest.fixture(autouse=True)
def planning_urls(settings):
    settings.ROOT_URLCONF = "edubureau.planning.tests.tracking.urls"
    # These tests create many users; a fast hash keeps them quick (the login tests live in accounts).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = settings.VAR_DIR / "test-media"


@pytest.fixture(scope="session")
def quangang():
    return parse_file(QUANGANG)


@pytest.fixture
def plan(district, quangang):
    """The 2019 plan published in the fixture county, departments created from its lead units."""
    names = {n for item in quangang.items for n in [*item.lead_units, *item.co_units]}
    return services.plan_publish(
        actor=None,
        county=district.county,
        parsed=quangang,
        source_text=QUANGANG.read_text(encoding="utf-8"),
        create_units=names,
        today=TODAY,
    )


def department(county, name) -> Department:
    return Department.objects.get_or_create(county=county, name=name)[0]


def staff_of(username: str, county: Area, department_name: str | None):
    user = UserFactory(username=username)
    if department_name:
        user.department = department(county, department_name)
        user.save()
    role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=county)
    return user


@pytest.fixture
def lead(district):
    return staff_of("zonghe", district.county, "综合股")


@pytest.fixture
def other_staff(district):
    return staff_of("duban", district.county, "督导室")


@pytest.fixture
def abroad(db):
    county = Area.objects.create(name="惠安县", code="350521", kind="county")
    AreaFactory(name="螺城镇", code="350521100", parent=county)
    DepartmentFactory(county=county, name="综合股")
    return county


@pytest.fixture
def abroad_staff(abroad):
    return staff_of("huian", abroad, "综合股")


@pytest.fixture
def login(client):
    def _login(user):
        client.force_login(user)
        return client

    return _login
