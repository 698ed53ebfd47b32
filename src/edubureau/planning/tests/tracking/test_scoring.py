"""Department scoring: 100 + bonuses − deductions from the rule table, pure."""

import datetime as dt
from decimal import Decimal

from edubureau.planning.scoring import DEFAULT_RULES, TaskFacts, department_score

DUE = dt.date(2019, 12, 31)
TODAY = dt.date(2020, 1, 10)


def test_no_tasks_is_the_base_score():
    score = department_score([], today=TODAY)
    assert score.total == 100 and score.lines == ()


def test_default_rules_add_and_deduct():
    facts = [
        TaskFacts(lead=True, original_due=DUE, closed_on=DUE),  # lead, on time: +2
        TaskFacts(lead=False, original_due=DUE, closed_on=dt.date(2019, 11, 1)),  # co-unit on time: +1
        TaskFacts(lead=True, original_due=DUE, closed_on=dt.date(2020, 1, 2), returned=1),  # late −5, 退办 −2
        TaskFacts(lead=False, original_due=DUE),  # co-unit, not closed, overdue: −2.5
        TaskFacts(lead=True, original_due=DUE, urges={1: 1, 2: 1, 3: 1}, missing_reports=2),  # −5 −1 −2 −2
        TaskFacts(lead=True, original_due=DUE, cancelled=True, returned=3),  # cancelled: not scored
    ]
    score = department_score(facts, today=TODAY)
    assert score.total == Decimal("100") + 2 + 1 - 5 - 2 - Decimal("2.5") - 5 - 0 - 1 - 2 - 2
    by_code = {line.code: (line.count, line.subtotal) for line in score.lines}
    assert by_code["lead_overdue"] == (2, Decimal(-10))
    assert by_code["missing_report"] == (2, Decimal(-2))
    assert "urge_blue" in by_code and by_code["urge_blue"][1] == 0
    assert score.bonuses == 3 and score.deductions == Decimal("19.5")


def test_the_original_due_date_decides_not_the_extended_one():
    # given a task extended to 31 March 2020 and closed then: against the original date it is late
    facts = [TaskFacts(lead=True, original_due=DUE, closed_on=dt.date(2020, 3, 1))]
    assert department_score(facts, today=dt.date(2020, 3, 2)).total == 95


def test_open_task_before_its_due_date_costs_nothing():
    facts = [TaskFacts(lead=True, original_due=DUE)]
    assert department_score(facts, today=dt.date(2019, 6, 1)).total == 100


def test_the_rule_table_is_configurable():
    rules = {**DEFAULT_RULES, "lead_closed_on_time": Decimal("5"), "returned": Decimal("-0.5")}
    facts = [TaskFacts(lead=True, original_due=DUE, closed_on=DUE, returned=2)]
    assert department_score(facts, rules=rules, today=TODAY).total == 104
    # a rule missing from the table does not count at all
    assert department_score(facts, rules={"returned": Decimal("-1")}, today=TODAY).total == 98
