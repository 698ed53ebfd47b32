"""Schedule arithmetic of the 督查督办 workflow: status lights, progress, recurring milestones and report
periods. Pure functions over dates and numbers (no ORM), so each rule is tested at its boundaries.

The rules are those of ``reference/plan-tracking.md`` §2:

* light 红 = today past the due date and the task not closed;
* light 黄 = due within ``WARN_DAYS`` (3, as in Xi'an's e-督查) or progress behind the elapsed share of the
  time (未达序时进度) by more than ``TOLERANCE`` percentage points;
* light 绿 otherwise; a cancelled task is grey.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal

#: Days before the due date from which a task is yellow and its lead unit reminded (T−3).
WARN_DAYS = 3
#: Percentage points that progress may lag the elapsed share of time before the light turns yellow.
TOLERANCE = 10
#: Monthly progress reports are due on this day of the following month (报送: 每月5日前).
REPORT_DAY = 5

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"


def elapsed_percent(*, start: dt.date, due: dt.date, today: dt.date) -> float:
    """The share of the time from ``start`` to ``due`` that has passed by ``today``, 0–100."""
    if due <= start:
        return 100.0 if today >= due else 0.0
    share = (today - start).days / (due - start).days
    return max(0.0, min(100.0, 100.0 * share))


def task_light(
    *,
    status: str,
    due: dt.date,
    today: dt.date,
    start: dt.date,
    progress: float | Decimal | None,
    warn_days: int = WARN_DAYS,
    tolerance: float = TOLERANCE,
) -> str:
    """The light of a task on ``today``.

    ``progress`` is percent done (None counts as 0: nothing reported is nothing shown). A task under
    review has handed its work in, so it is judged on the due date only, not on progress.
    """
    if status == "cancelled":
        return GREY
    if status == "closed":
        return GREEN
    if today > due:
        return RED
    if (due - today).days <= warn_days:
        return YELLOW
    if status == "review":
        return GREEN
    done = float(progress or 0)
    if done < elapsed_percent(start=start, due=due, today=today) - tolerance:
        return YELLOW
    return GREEN


def target_progress(
    *,
    comparator: str | None,
    value: float | Decimal | None,
    actual: float | Decimal | None,
    baseline: float | Decimal | None = None,
) -> float | None:
    """Percent of a target met, 0–100, or None when it cannot be told (no value or no actual).

    The okr-tracker rule ``clamp((actual − start) / (target − start), 0, 1)``; for ``reduce_by`` and
    ``increase_by`` the value is the change itself and the actual is the change achieved so far; for an
    upper bound (``<=``) the target is met while the actual stays at or below it.
    """
    if value is None or actual is None:
        return None
    value, actual = float(value), float(actual)
    if comparator == "<=":
        if actual <= value:
            return 100.0
        if baseline is None or float(baseline) <= value:
            return 0.0
        start = float(baseline)
        return _clamp(100.0 * (start - actual) / (start - value))
    start = 0.0 if comparator in ("reduce_by", "increase_by") or baseline is None else float(baseline)
    if value == start:
        return 100.0 if actual >= value else 0.0
    return _clamp(100.0 * (actual - start) / (value - start))


def _clamp(percent: float) -> float:
    return max(0.0, min(100.0, percent))


def task_progress(
    *,
    reported: float | Decimal | None,
    targets: Iterable[float | None] = (),
    milestones_done: int = 0,
    milestones_total: int = 0,
) -> float | None:
    """Percent done of a task: the percent its lead unit last reported, else the mean of what the numbers
    say (each measurable target's progress, and the share of milestones done), else None."""
    if reported is not None:
        return float(reported)
    parts = [float(p) for p in targets if p is not None]
    if milestones_total:
        parts.append(100.0 * milestones_done / milestones_total)
    if not parts:
        return None
    return sum(parts) / len(parts)


# --- recurring milestones ------------------------------------------------------------------------------

_WEEKLY = re.compile(r"每(?:周|星期)")
_MONTHLY = re.compile(r"每(?:个)?月")
_QUARTERLY = re.compile(r"每(?:个)?季(?:度)?")
_HALF_YEARLY = re.compile(r"每半年")
_YEARLY = re.compile(r"每年|每学年|全年")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def recurring_dates(
    period: str | None, *, year: int, count: int | None = None, start: dt.date | None = None
) -> list[dt.date]:
    """Due dates of the recurring milestones a period phrase asks for within the plan ``year``.

    每月 → the 12 month ends; 每季度 → the 4 quarter ends; 每半年 → 30 June and 31 December; 每周 → every
    Friday; 每年N期 (a yearly ``count``) → N dates spread evenly over the months (month ``⌈12·i/N⌉`` for
    i = 1…N, so 10 期 fall in Feb, Mar, Apr, May, Jun, Aug, Sep, Oct, Nov, Dec). Dates before ``start``
    (the day the plan was published) are dropped: nobody can meet a milestone that passed before it was set.
    Anything else (三年, 逐年, none) is not recurring within the year: an empty list.
    """
    if not period:
        return []
    if _WEEKLY.search(period):
        day = dt.date(year, 1, 1)
        day += dt.timedelta(days=(4 - day.weekday()) % 7)  # the first Friday
        dates = []
        while day.year == year:
            dates.append(day)
            day += dt.timedelta(days=7)
    elif _HALF_YEARLY.search(period):
        dates = [dt.date(year, 6, 30), dt.date(year, 12, 31)]
    elif _QUARTERLY.search(period):
        dates = [month_end(year, m) for m in (3, 6, 9, 12)]
    elif _MONTHLY.search(period):
        dates = [month_end(year, m) for m in range(1, 13)]
    elif _YEARLY.search(period) and count and 1 < count <= 52:
        if count <= 12:
            months = sorted({-(-12 * i // count) for i in range(1, count + 1)})
            dates = [month_end(year, m) for m in months]
        else:
            first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
            span = (last - first).days
            dates = [first + dt.timedelta(days=round(span * i / count)) for i in range(1, count + 1)]
    else:
        return []
    if start is not None:
        dates = [d for d in dates if d >= start]
    return dates


# --- monthly report periods ----------------------------------------------------------------------------


def period_of(day: dt.date, *, report_day: int = REPORT_DAY) -> str:
    """The month a report filed on ``day`` covers: the previous month until its deadline (the 5th),
    the current month afterwards. ``"2019-04"``."""
    if day.day <= report_day:
        first = day.replace(day=1) - dt.timedelta(days=1)
        return f"{first.year:04d}-{first.month:02d}"
    return f"{day.year:04d}-{day.month:02d}"


def period_deadline(period: str, *, report_day: int = REPORT_DAY) -> dt.date:
    """The day the report for ``period`` ("2019-04") is due: the 5th of the following month."""
    year, month = (int(p) for p in period.split("-"))
    month += 1
    if month > 12:
        year, month = year + 1, 1
    return dt.date(year, month, report_day)


def due_periods(*, start: dt.date, end: dt.date, report_day: int = REPORT_DAY) -> list[str]:
    """The report periods whose deadline falls after ``start`` and on or before ``end``: the months a task
    running from ``start`` to ``end`` owed a report for."""
    periods = []
    year, month = start.year, start.month
    while True:
        period = f"{year:04d}-{month:02d}"
        deadline = period_deadline(period, report_day=report_day)
        if deadline > end:
            break
        if deadline > start:
            periods.append(period)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return periods


def missing_periods(
    *, start: dt.date, end: dt.date, reported: dict[str, dt.date], report_day: int = REPORT_DAY
) -> list[str]:
    """Periods owed between ``start`` and ``end`` with no report filed by their deadline.

    ``reported`` maps a period to the day its first report was filed; a late report still counts as
    missing (report_overdue feeds the deduction rules).
    """
    return [
        p
        for p in due_periods(start=start, end=end, report_day=report_day)
        if p not in reported or reported[p] > period_deadline(p, report_day=report_day)
    ]
