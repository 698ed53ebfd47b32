"""The attacker of issue 8 item 1: how many ID numbers fit what a user has seen of a person.

Worst case for us: the region code counts as known (the school's county gives it for most pupils), the
gender fixes the parity of the sequence, and the check digit is recomputed for every candidate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from edubureau.core.crypto import id_check_digit

# A masked or clear ID number as any page, response or workbook may carry it.
ID_LIKE = re.compile(r"(?<![0-9A-Za-z*])[0-9*]{17}[0-9Xx*](?![0-9A-Za-z*])")


def year_dates(year: int) -> list[dt.date]:
    day, out = dt.date(year, 1, 1), []
    while day.year == year:
        out.append(day)
        day += dt.timedelta(days=1)
    return out


def dates_seen(birth: dt.date, texts: Iterable[str]) -> list[dt.date]:
    """The birth dates the attacker is left with: the one day if any text shows it in a usual form
    (2012-09-01, 20120901, 2012/09/01, 2012年9月1日), else every day of its year (the grade tells it)."""
    forms = {
        birth.isoformat(),
        birth.strftime("%Y%m%d"),
        birth.strftime("%Y/%m/%d"),
        f"{birth.year}年{birth.month}月{birth.day}日",
    }
    if any(form in text for text in texts for form in forms):
        return [birth]
    return year_dates(birth.year)


def masks_seen(number: str, texts: Iterable[str]) -> list[str]:
    """Every ID-shaped string in ``texts`` that agrees with the true number wherever it shows a character
    (the attacker may not know which row is whose; we hand them the most telling ones)."""
    return [
        m.upper()
        for text in texts
        for m in ID_LIKE.findall(text)
        if all(c == "*" or c == n for c, n in zip(m.upper(), number, strict=True))
    ]


def candidates(*, number: str, gender: str, dates: Iterable[dt.date], masks: Iterable[str]) -> int:
    """How many numbers with the true region, a date from ``dates`` and the gender's parity agree with
    every character the ``masks`` show."""
    known = {i: c for m in masks for i, c in enumerate(m) if c != "*" and i >= 6}
    seqs = [s for s in range(1000) if s % 2 == (1 if gender == "M" else 0)]
    dates = list(dates)
    if not known:
        return len(dates) * len(seqs)
    region, count = number[:6], 0
    for day in dates:
        for seq in seqs:
            first17 = f"{region}{day:%Y%m%d}{seq:03d}"
            candidate = first17 + id_check_digit(first17)
            count += all(candidate[i] == c for i, c in known.items())
    return count
