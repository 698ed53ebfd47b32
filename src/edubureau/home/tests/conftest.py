import datetime as dt

import pytest

from edubureau.planning.tests.tracking.conftest import lead, other_staff, plan, quangang  # noqa: F401
from edubureau.supervision.tests.factories import supervisor_for

TODAY = dt.date(2019, 6, 28)


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TODAY = TODAY.isoformat()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sup(district):
    return supervisor_for(district.school, username="sup")
