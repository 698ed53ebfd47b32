"""Scheduled work of data collection: the daily reminders (``services.collect_remind``), run by the task
worker (``edubureau run_huey``, or ``edubureau serve``, which starts one) every morning at 07:30 in the
bureau's time zone — before the working day, so a school sees "due in 3 days" or "overdue" when it opens the
system. The reminders are idempotent (one message per submission and kind), so the cron line
``edubureau collect remind`` may run as well without sending anything twice. huey's worker discovers the
task through this module.
"""

from __future__ import annotations

import datetime as dt

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from edubureau.collect.services import collect_remind
from edubureau.core import clock

#: When the reminders go out each day, in the bureau's time zone (settings.TIME_ZONE).
REMIND_AT = {"hour": "7", "minute": "30"}


def local_crontab(**fields):
    """huey's ``crontab`` read in the bureau's time zone: huey hands periodic tasks a naive UTC time
    (its default ``utc=True``), and 07:30 UTC would be mid-afternoon in 泉港."""
    matches = crontab(**fields)

    def validate(moment: dt.datetime) -> bool:
        return matches(clock.local(moment.replace(tzinfo=dt.UTC)).replace(tzinfo=None))

    return validate


@db_periodic_task(local_crontab(**REMIND_AT))
def collect_remind_daily() -> dict[str, int]:
    return collect_remind()
