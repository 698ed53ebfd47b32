import datetime as dt

import pytest
from django.test import override_settings

TODAY = dt.date(2019, 6, 28)


@pytest.fixture(autouse=True)
def _day(settings):
    settings.TODAY = TODAY.isoformat()
    with override_settings(TODAY=TODAY.isoformat()):
        yield
