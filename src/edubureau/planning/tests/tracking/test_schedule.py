"""Lights at their boundaries, target and task progress, recurring milestones, report periods: pure."""

import datetime as dt

import pytest

from edubureau.planning import schedule
from edubureau.planning.schedule import GREEN, GREY, RED, YELLOW

START, DUE = dt.date(2019, 1, 1), dt.date(2019, 12, 31)


def light(today, *, status="in_progress", progress=100, due=DUE, start=START):
    return schedule.task_light(status=status, due=due, today=today, start=start, progress=progress)


# --- lights --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (DUE - dt.timedelta(days=4), GREEN),  # T−4: still green
        (DUE - dt.timedelta(days=3), YELLOW),  # T−3: yellow (due within 3 days)
        (DUE - dt.timedelta(days=1), YELLOW),
        (DUE, YELLOW),  # the due date itself is not yet overdue
        (DUE + dt.timedelta(days=1), RED),  # the day after: red
    ],
)
def test_light_around_the_due_date(today, expected):
    assert light(today) == expected


def test_closed_is_green_and_cancelled_grey_even_when_late():
    late = DUE + dt.timedelta(days=30)
    assert light(late, status="closed") == GREEN
    assert light(late, status="cancelled") == GREY


def test_under_review_is_judged_on_the_date_only():
    mid = dt.date(2019, 7, 2)
    assert light(mid, status="review", progress=0) == GREEN
    assert light(DUE + dt.timedelta(days=1), status="review") == RED


def test_progress_behind_elapsed_share_beyond_tolerance_is_yellow():
    # given a year-long task on 2 July: about 50 % of the time has passed
    today = dt.date(2019, 7, 2)
    elapsed = schedule.elapsed_percent(start=START, due=DUE, today=today)
    assert 49.5 < elapsed < 50.5
    # then progress within the 10-point tolerance is green, below it yellow
    assert light(today, progress=elapsed - schedule.TOLERANCE + 0.5) == GREEN
    assert light(today, progress=elapsed - schedule.TOLERANCE - 0.5) == YELLOW
    # and nothing reported counts as 0
    assert light(today, progress=None) == YELLOW
    assert light(START + dt.timedelta(days=10), progress=None) == GREEN


def test_elapsed_percent_clamps_and_handles_degenerate_spans():
    assert schedule.elapsed_percent(start=START, due=DUE, today=START - dt.timedelta(days=5)) == 0
    assert schedule.elapsed_percent(start=START, due=DUE, today=DUE + dt.timedelta(days=5)) == 100
    assert schedule.elapsed_percent(start=DUE, due=DUE, today=DUE) == 100


# --- progress ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "value", "actual", "baseline", "expected"),
    [
        (">=", 98, 49, None, 50.0),
        (">=", 98, 99, None, 100.0),
        ("=", 100, 80, 60, 50.0),  # from a baseline of 60 to 100: 80 is half-way
        ("reduce_by", 32, 8, None, 25.0),  # reduced by 8 of 32 large classes
        ("increase_by", 11000, 11000, None, 100.0),
        ("<=", 45, 44, None, 100.0),  # an upper bound is met while below it
        ("<=", 45, 50, 55, 50.0),  # from 55 towards 45: 50 is half-way
        ("<=", 45, 50, None, 0.0),
        (">=", None, 5, None, None),  # no value: cannot tell
        (">=", 10, None, None, None),  # nothing reported
    ],
)
def test_target_progress(comparator, value, actual, baseline, expected):
    assert (
        schedule.target_progress(comparator=comparator, value=value, actual=actual, baseline=baseline)
        == expected
    )


def test_task_progress_prefers_the_reported_percent_then_the_numbers():
    assert schedule.task_progress(reported=40, targets=[100.0], milestones_done=2, milestones_total=2) == 40
    assert (
        schedule.task_progress(reported=None, targets=[50.0, None], milestones_done=1, milestones_total=2)
        == 50
    )
    assert schedule.task_progress(reported=None, targets=[None]) is None


# --- recurring milestones ------------------------------------------------------------------------------


def test_half_yearly():
    assert schedule.recurring_dates("每半年", year=2019) == [dt.date(2019, 6, 30), dt.date(2019, 12, 31)]


def test_ten_sessions_a_year_are_spread_over_the_months():
    dates = schedule.recurring_dates("每年", year=2019, count=10)
    assert len(dates) == 10
    assert [d.month for d in dates] == [2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert all(d == schedule.month_end(2019, d.month) for d in dates)


def test_monthly_and_quarterly_and_weekly():
    monthly = schedule.recurring_dates("每月", year=2019)
    assert monthly[0] == dt.date(2019, 1, 31) and monthly[1] == dt.date(2019, 2, 28) and len(monthly) == 12
    assert schedule.recurring_dates("每季度", year=2020) == [
        dt.date(2020, 3, 31),
        dt.date(2020, 6, 30),
        dt.date(2020, 9, 30),
        dt.date(2020, 12, 31),
    ]
    weekly = schedule.recurring_dates("每周", year=2019)
    assert len(weekly) == 52 and all(d.weekday() == 4 for d in weekly)


def test_dates_before_publication_are_dropped():
    assert schedule.recurring_dates("每月", year=2019, start=dt.date(2019, 3, 28)) == [
        schedule.month_end(2019, m) for m in range(3, 13)
    ]


@pytest.mark.parametrize("period", [None, "", "三年", "逐年", "每年", "全年"])
def test_not_recurring_within_the_year(period):
    assert schedule.recurring_dates(period, year=2019) == []


# --- report periods ------------------------------------------------------------------------------------


def test_period_of_a_report_switches_after_the_fifth():
    assert schedule.period_of(dt.date(2019, 4, 5)) == "2019-03"
    assert schedule.period_of(dt.date(2019, 4, 6)) == "2019-04"
    assert schedule.period_of(dt.date(2020, 1, 3)) == "2019-12"
    assert schedule.period_deadline("2019-12") == dt.date(2020, 1, 5)


def test_missing_periods_count_late_reports_as_missing():
    start, end = dt.date(2019, 3, 28), dt.date(2019, 7, 10)
    assert schedule.due_periods(start=start, end=end) == ["2019-03", "2019-04", "2019-05", "2019-06"]
    reported = {
        "2019-03": dt.date(2019, 4, 2),
        "2019-04": dt.date(2019, 5, 20),
        "2019-06": dt.date(2019, 7, 5),
    }
    assert schedule.missing_periods(start=start, end=end, reported=reported) == ["2019-04", "2019-05"]
