import datetime as dt

import pytest
from django.test import override_settings

from edubureau.accounts.roles import Role
from edubureau.registry.testing.fixtures import _user
from edubureau.safety.tests.factories import safety_officer

TODAY = dt.date(2019, 6, 28)


@pytest.fixture(autouse=True)
def _day(settings):
    settings.TODAY = TODAY.isoformat()
    with override_settings(TODAY=TODAY.isoformat()):
        yield


@pytest.fixture
def officer(district):
    return safety_officer(district.county)


@pytest.fixture
def other_principal(district):
    return _user("principal2", Role.PRINCIPAL, school=district.other_school)


@pytest.fixture
def school_supervisor(district):
    return _user("sup", Role.SUPERVISOR, school=district.school)
