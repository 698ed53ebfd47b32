import datetime as dt

import pytest
from django.test import override_settings

from edubureau.accounts.roles import Role
from edubureau.registry.testing.fixtures import _user
from edubureau.supervision.tests.factories import supervisor_for

TODAY = dt.date(2019, 6, 28)


@pytest.fixture(autouse=True)
def _urls_and_day(settings):
    settings.ROOT_URLCONF = "edubureau.supervision.tests.urls"
    settings.TODAY = TODAY.isoformat()
    with override_settings(TODAY=TODAY.isoformat()):
        yield


@pytest.fixture
def sup(district):
    return supervisor_for(district.school, username="sup")


@pytest.fixture
def other_sup(district):
    return supervisor_for(district.other_school, username="sup2", name="陈督学")


@pytest.fixture
def other_principal(district):
    return _user("principal2", Role.PRINCIPAL, school=district.other_school)
