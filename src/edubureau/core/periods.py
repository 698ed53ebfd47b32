"""School years (学年, 1 Sep – 31 Aug) and calendar periods: the one period type of the platform."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from edubureau.core import clock

_SCHOOL_YEAR = re.compile(r"^(\d{4})\s*[-–—至/]\s*(\d{4})$")


@dataclass(frozen=True, order=True)
class SchoolYear:
    """学年 such as 2019-2020: from 1 September of the first year to 31 August of the next."""

    start_year: int

    @classmethod
    def parse(cls, text: str) -> SchoolYear:
        m = _SCHOOL_YEAR.match(text.strip())
        if not m or int(m.group(2)) != int(m.group(1)) + 1:
            raise ValueError(f"学年应写作“2019-2020”，收到“{text}”")
        return cls(int(m.group(1)))

    @classmethod
    def of(cls, day: dt.date) -> SchoolYear:
        return cls(day.year if day.month >= 9 else day.year - 1)

    @classmethod
    def current(cls) -> SchoolYear:
        return cls.of(clock.today())

    @property
    def start(self) -> dt.date:
        return dt.date(self.start_year, 9, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.start_year + 1, 8, 31)

    def previous(self) -> SchoolYear:
        return SchoolYear(self.start_year - 1)

    def next(self) -> SchoolYear:
        return SchoolYear(self.start_year + 1)

    def __str__(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"


def school_year_choices(first: int = 2015, last: int | None = None) -> list[tuple[str, str]]:
    last = last or SchoolYear.current().start_year + 1
    label = _("{year} school year")
    return [(str(SchoolYear(y)), label.format(year=SchoolYear(y))) for y in range(last, first - 1, -1)]


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of age on ``day``."""
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
