"""The workflow table itself, pure: every (action, status) pair is either allowed or refused."""

import pytest
from django.utils import translation

from edubureau.planning import workflow
from edubureau.planning.choices import TaskStatus as S

EXPECTED = {
    "sign": ({S.ASSIGNED}, S.SIGNED),
    "report": ({S.SIGNED, S.IN_PROGRESS, S.RETURNED}, S.IN_PROGRESS),
    "submit": ({S.SIGNED, S.IN_PROGRESS, S.RETURNED}, S.REVIEW),
    "close": ({S.REVIEW}, S.CLOSED),
    "return": ({S.REVIEW}, S.RETURNED),
    "cancel": ({S.ASSIGNED, S.SIGNED, S.IN_PROGRESS, S.RETURNED, S.REVIEW}, S.CANCELLED),
    "extension_request": ({S.ASSIGNED, S.SIGNED, S.IN_PROGRESS, S.RETURNED}, None),
    "extension_approve": ({S.ASSIGNED, S.SIGNED, S.IN_PROGRESS, S.RETURNED}, None),
    "extension_reject": ({S.ASSIGNED, S.SIGNED, S.IN_PROGRESS, S.RETURNED}, None),
}
PAIRS = [(a, s) for a in EXPECTED for s in S.values]


def test_the_table_is_the_documented_one():
    assert {a: (set(t.sources), t.target) for a, t in workflow.TRANSITIONS.items()} == EXPECTED


@pytest.mark.parametrize(("action", "status"), PAIRS)
def test_check(action, status):
    sources, target = EXPECTED[action]
    if status in sources:
        assert workflow.next_status(action, status) == (target or status)
    else:
        with pytest.raises(workflow.TransitionError):
            workflow.check(action, status)


def test_finished_tasks_allow_nothing():
    for status in (S.CLOSED, S.CANCELLED):
        assert workflow.allowed(status, roles={workflow.LEAD, workflow.SUPERVISOR}) == []


def test_allowed_is_split_by_role():
    lead = {t.action for t in workflow.allowed(S.REVIEW, roles={workflow.LEAD})}
    supervisor = {t.action for t in workflow.allowed(S.REVIEW, roles={workflow.SUPERVISOR})}
    assert lead == set() and supervisor == {"close", "return", "cancel"}


def test_audit_codes():
    assert workflow.TRANSITIONS["sign"].code == "planning.task.sign"
    assert workflow.TRANSITIONS["extension_request"].code == "planning.extension.request"


def test_unknown_action():
    with pytest.raises(workflow.TransitionError):
        workflow.check("teleport", S.ASSIGNED)


def test_a_refusal_names_the_action_and_the_status():
    with translation.override("en"):
        with pytest.raises(workflow.TransitionError) as refused:
            workflow.check("sign", S.CLOSED)
        assert refused.value.code == "not_allowed"
        assert refused.value.messages == [f"“Sign for” is not possible while the task is {S.CLOSED.label}."]
        with pytest.raises(workflow.TransitionError) as unknown:
            workflow.check("teleport", S.ASSIGNED)
        assert unknown.value.code == "unknown_action"
        assert unknown.value.messages == ["Unknown action “teleport”."]
    assert workflow.TRANSITIONS["close"].code == "planning.task.close"
    assert workflow.TRANSITIONS["extension_approve"].code == "planning.extension.approve"
