"""Today's date in the bureau's time zone: the one clock of the work-plan module.

Services, selectors and pages ask ``clock.today()`` (never ``date.today()``), so that a test, or a
rehearsal of a past plan year, can set the day in one place. ``EDUBUREAU_TODAY`` (settings.TODAY) pins
the day for a whole instance: the demo runs mid-2019 so that the 2019 plan shows a year in progress.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    pinned = getattr(settings, "TODAY", None)
    return dt.date.fromisoformat(pinned) if pinned else timezone.localdate()
