"""Department scoring (积分制): base 100 + bonuses − deductions, from a rule table configurable per plan.

Pure functions over plain data. The default table follows the county scheme quoted in
``reference/plan-tracking.md`` §1 (lead +2 / co-unit +1 per item finished; overdue −5 / −2.5), 佳木斯's
−2 per 退办, 广元's −1 / −2 for 黄牌 / 红牌 (here orange / red notices) and a deduction for each missing
monthly report. Deadlines are the *original* due dates: an approved extension does not save the score.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from edubureau.planning.choices import ScoreRuleCode as R

BASE_SCORE = Decimal(100)

DEFAULT_RULES: dict[str, Decimal] = {
    R.LEAD_CLOSED_ON_TIME: Decimal("2"),
    R.CO_CLOSED_ON_TIME: Decimal("1"),
    R.LEAD_OVERDUE: Decimal("-5"),
    R.CO_OVERDUE: Decimal("-2.5"),
    R.RETURNED: Decimal("-2"),
    R.URGE_BLUE: Decimal("0"),
    R.URGE_ORANGE: Decimal("-1"),
    R.URGE_RED: Decimal("-2"),
    R.MISSING_REPORT: Decimal("-1"),
}

_URGE_CODES = {1: R.URGE_BLUE, 2: R.URGE_ORANGE, 3: R.URGE_RED}


@dataclass(frozen=True)
class TaskFacts:
    """What one task says about one of its departments, as of a day.

    ``lead``: the department leads the task (else it is a co-unit). ``closed_on``: the day it was closed
    (None if not). ``urges``: the urge notices issued on it, by level. ``missing_reports``: monthly
    reports owed and not filed by their deadline (lead units only report).
    """

    lead: bool
    original_due: dt.date
    closed_on: dt.date | None = None
    cancelled: bool = False
    returned: int = 0
    urges: Mapping[int, int] = field(default_factory=dict)
    missing_reports: int = 0


@dataclass(frozen=True)
class ScoreLine:
    code: str
    count: int
    points: Decimal

    @property
    def subtotal(self) -> Decimal:
        return self.points * self.count

    @property
    def label(self) -> str:
        return str(R(self.code).label)


@dataclass(frozen=True)
class Score:
    total: Decimal
    lines: tuple[ScoreLine, ...]

    @property
    def bonuses(self) -> Decimal:
        return sum((line.subtotal for line in self.lines if line.subtotal > 0), Decimal(0))

    @property
    def deductions(self) -> Decimal:
        return -sum((line.subtotal for line in self.lines if line.subtotal < 0), Decimal(0))


def event_counts(facts: Iterable[TaskFacts], *, today: dt.date) -> dict[str, int]:
    """How many times each rule fires for a department's tasks as of ``today``."""
    counts = dict.fromkeys(R.values, 0)
    for f in facts:
        if f.cancelled:
            continue
        if f.closed_on is not None and f.closed_on <= f.original_due:
            counts[R.LEAD_CLOSED_ON_TIME if f.lead else R.CO_CLOSED_ON_TIME] += 1
        elif (f.closed_on or today) > f.original_due:
            counts[R.LEAD_OVERDUE if f.lead else R.CO_OVERDUE] += 1
        if f.lead:
            counts[R.RETURNED] += f.returned
            counts[R.MISSING_REPORT] += f.missing_reports
            for level, n in f.urges.items():
                counts[_URGE_CODES[level]] += n
    return counts


def department_score(
    facts: Iterable[TaskFacts],
    *,
    rules: Mapping[str, Decimal] | None = None,
    today: dt.date,
    base: Decimal = BASE_SCORE,
) -> Score:
    """The department's score: ``base`` plus, for each rule, its points times how often it fired.

    Returns, 退办, urge notices and missing reports count against lead units only: they are the ones
    answerable for the task; a co-unit is scored on the task's outcome.
    """
    rules = DEFAULT_RULES if rules is None else rules
    counts = event_counts(facts, today=today)
    lines = tuple(
        ScoreLine(code=code, count=counts[code], points=Decimal(rules[code]))
        for code in R.values
        if code in rules and counts[code]
    )
    return Score(total=base + sum((line.subtotal for line in lines), Decimal(0)), lines=lines)
