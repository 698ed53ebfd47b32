"""The rectification (整改) workflow, as one table (STYLE: "workflows are tables").

    open ──answer──▶ answered ──close──▶ closed
                       │   ▲
                    return  answer
                       ▼   │
                     returned

    open / returned ──urge──▶ (unchanged): an overdue rectification gets the next urge notice

``by`` says whose action it is: the school (``school``: its principal), or the supervising side
(``supervisor``: the school's responsible supervisor or the one who made the visit, the 督导室, a
leader). ``urge`` is also the daily job's (``supervision_daily``), acting as the system.

Each service does ``check()`` → write → ``audit.record`` with the transition's ``code``
(``supervision.rectification.answer`` …).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edubureau.supervision.choices import RectificationStatus as S

SCHOOL, SUPERVISOR = "school", "supervisor"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    by: str
    #: Tabler button style on the rectification page.
    css: str = "btn-outline-primary"

    @property
    def code(self) -> str:
        return f"supervision.rectification.{self.action}"


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("answer", _("Answer"), frozenset({S.OPEN, S.RETURNED}), S.ANSWERED, SCHOOL, "btn-primary"),
        Transition(
            "close", _("Verify and close"), frozenset({S.ANSWERED}), S.CLOSED, SUPERVISOR, "btn-success"
        ),
        Transition("return", _("Return"), frozenset({S.ANSWERED}), S.RETURNED, SUPERVISOR, "btn-warning"),
        Transition(
            "urge", _("Urge"), frozenset({S.OPEN, S.RETURNED}), None, SUPERVISOR, "btn-outline-danger"
        ),
    )
}


class TransitionError(ValidationError):
    """A workflow action the rectification's status does not allow."""


def check(action: str, status: str) -> Transition:
    """The transition ``action`` from ``status``, or TransitionError saying why not."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Unknown action “{action}”.").format(action=action), code="unknown_action")
    if status not in transition.sources:
        raise TransitionError(
            _("“{action}” is not possible while the rectification is {status}.").format(
                action=transition.label, status=S(status).label
            ),
            code="not_allowed",
        )
    return transition


def allowed(status: str, *, roles: set[str]) -> list[Transition]:
    """The transitions possible from ``status`` for someone acting as ``roles``."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.by in roles]


def next_status(action: str, status: str) -> str:
    transition = check(action, status)
    return transition.target or status
