"""The one clock: pinned days keep their time of day, days are the bureau's days, model stamps follow it."""

import datetime as dt
import time
from zoneinfo import ZoneInfo

import pytest

from edubureau.core import clock
from edubureau.core.models import AuditEntry, Job
from edubureau.core.periods import SchoolYear

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_a_pinned_day_keeps_the_real_time_of_day_so_order_is_kept(settings):
    settings.TODAY = "2019-06-28"
    first = clock.now()
    time.sleep(0.002)
    second = clock.now()
    assert first.astimezone(SHANGHAI).date() == dt.date(2019, 6, 28) == clock.today()
    assert first < second
    real = dt.datetime.now(SHANGHAI)
    assert (
        abs(
            first.astimezone(SHANGHAI).time().hour * 60
            + first.astimezone(SHANGHAI).minute
            - (real.hour * 60 + real.minute)
        )
        <= 1
    )


def test_without_a_pinned_day_the_clock_is_real(settings):
    settings.TODAY = None
    assert abs((clock.now() - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def test_the_day_is_the_bureau_day_not_the_utc_day():
    # 23:30 UTC on 27 June is 07:30 on 28 June in 泉州
    with clock.frozen(dt.datetime(2019, 6, 27, 23, 30, tzinfo=dt.UTC)):
        assert clock.today() == dt.date(2019, 6, 28)
        assert clock.local(clock.now()).hour == 7
        assert clock.stamp() == "20190628"


def test_frozen_nests_and_restores(settings):
    settings.TODAY = "2019-06-28"
    with clock.frozen(dt.date(2019, 3, 28)):
        assert clock.today() == dt.date(2019, 3, 28)
        with clock.frozen(dt.datetime(2019, 4, 1, 8, 0, tzinfo=SHANGHAI)):
            assert clock.now() == dt.datetime(2019, 4, 1, 8, 0, tzinfo=SHANGHAI)
        assert clock.today() == dt.date(2019, 3, 28)
    assert clock.today() == dt.date(2019, 6, 28)


def test_school_year_default_follows_the_clock(settings):
    settings.TODAY = "2019-06-28"
    assert str(SchoolYear.current()) == "2018-2019"
    settings.TODAY = "2019-09-01"
    assert str(SchoolYear.current()) == "2019-2020"


@pytest.mark.django_db
def test_model_time_stamps_read_the_clock(district, principal):
    moment = dt.datetime(2019, 5, 6, 10, 15, tzinfo=SHANGHAI)
    with clock.frozen(moment):
        job = Job.objects.create(kind="test", owner=principal)
        district.school.name = "改名小学"
        district.school.save()
    assert job.created_at == moment
    district.school.refresh_from_db()
    assert district.school.updated_at == moment
    assert district.school.created_at != moment  # created before, left alone
    assert AuditEntry._meta.get_field("at").pre_save.__func__ is clock.DateTimeField.pre_save


def test_no_module_reads_another_clock():
    """New code asks ``core.clock``: a direct call to the system clock is a second "today". Only the
    security windows (login locks) run on the real clock, marked ``# real clock``."""
    import re
    from pathlib import Path

    other = re.compile(
        r"timezone\.now\(\)|timezone\.local(?:time|date)\(\)|date\.today\(\)|datetime\.now\(|time\.time\(\)"
    )
    package = Path(clock.__file__).resolve().parents[1]
    offenders = [
        f"{path.relative_to(package)}:{n}"
        for path in package.rglob("*.py")
        if "tests" not in path.parts and "migrations" not in path.parts and path.name != "clock.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if other.search(line) and not line.lstrip().startswith("#") and "# real clock" not in line
    ]
    assert offenders == []


def test_written_dates_read_as_the_language_writes_them_and_moments_in_bureau_time():
    from django.utils import translation

    moment = dt.datetime(2019, 7, 10, 6, 30, tzinfo=dt.UTC)  # 14:30 in 泉州
    with translation.override("zh-hans"):
        assert clock.written(dt.date(2019, 7, 10)) == "2019年7月10日"
        assert clock.written(moment) == "2019年7月10日 14:30"
    with translation.override("en"):
        assert clock.written(dt.date(2019, 7, 10)) == "July 10, 2019"
        assert clock.written(moment) == "July 10, 2019, 2:30 p.m."
