"""The one clock of the platform: every date and time the product writes or shows starts here.

Services, selectors, pages, exports and model timestamps ask ``clock.now()`` or ``clock.today()``, never
``timezone.now()``, ``date.today()`` or ``datetime.now()``, so that one setting moves the whole product:

* ``EDUBUREAU_TODAY`` (``settings.TODAY``) pins the day for an instance. The demo runs on 2019-06-28 so
  that the 2019 plan shows a year in progress. The time of day still advances with the real clock, so two
  actions taken a minute apart keep their order.
* ``clock.frozen(moment)`` holds the clock at one moment for the code inside it: the demo replays a half
  year of work event by event, and tests freeze a day.

Days are the bureau's days: ``today()`` is the date in ``settings.TIME_ZONE`` (Asia/Shanghai by default),
so an action at 07:30 in 泉州 is dated that day, not the UTC day before.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models
from django.utils import formats, timezone

_frozen: ContextVar[dt.datetime | None] = ContextVar("edubureau_clock_frozen", default=None)


def now() -> dt.datetime:
    """The current moment (aware): frozen, else the pinned day at the real local time of day, else real."""
    moment = _frozen.get()
    if moment is not None:
        return moment
    real = timezone.now()
    pinned = getattr(settings, "TODAY", None)
    if not pinned:
        return real
    day = dt.date.fromisoformat(pinned)
    return timezone.make_aware(dt.datetime.combine(day, timezone.localtime(real).time()))


def today() -> dt.date:
    """The bureau's date now."""
    return timezone.localtime(now()).date()


def local(moment: dt.datetime) -> dt.datetime:
    """``moment`` in the bureau's time zone, for display and for "now" defaults of forms."""
    return timezone.localtime(moment)


def written(value: dt.date | dt.datetime) -> str:
    """``value`` as a sentence writes it in the active language, a moment in the bureau's time:
    2019年7月10日 / 2019年7月10日 14:30 in Chinese, July 10, 2019 / July 10, 2019, 2:30 p.m. in English.
    Messages, notifications and errors use it so that no ISO date stands in a Chinese sentence."""
    if isinstance(value, dt.datetime):
        return formats.date_format(local(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def written_month(day: dt.date) -> str:
    """The month of ``day`` as a sentence writes it: 2019年6月 in Chinese, June 2019 in English (never 2019-06)."""
    return formats.date_format(day, "YEAR_MONTH_FORMAT")


def stamp() -> str:
    """Today as a file-name stamp, e.g. 20190628."""
    return today().strftime("%Y%m%d")


@contextmanager
def frozen(moment: dt.datetime | dt.date) -> Iterator[None]:
    """Hold the clock at ``moment`` (a date means 09:00 that day in the bureau's zone) inside the block."""
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(9, 0))
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    token = _frozen.set(moment)
    try:
        yield
    finally:
        _frozen.reset(token)


class DateTimeField(models.DateTimeField):
    """A ``DateTimeField`` whose ``auto_now`` / ``auto_now_add`` read the one clock.

    It deconstructs as Django's own field, so swapping it in needs no migration.
    """

    def pre_save(self, model_instance, add):
        if self.auto_now or (self.auto_now_add and add):
            value = now()
            setattr(model_instance, self.attname, value)
            return value
        return super().pre_save(model_instance, add)

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.DateTimeField", args, kwargs
