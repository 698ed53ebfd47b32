"""The 督查督办 workflow of a plan task, as one table (STYLE: "workflows are tables").

    assigned ──sign──▶ signed ──report──▶ in_progress ──submit──▶ review ──close──▶ closed
                          │                   ▲  │                   │
                          └──────submit───────┼──┘                 return
                                              └──report── returned ◀─┘  (退回重办; submit again)
    any open or review ──cancel──▶ cancelled

Extension requests (延期申请) and their decisions leave the status as it is (``target`` None); a request is
only accepted before the due date, which the service checks (it needs today's date, the table does not).
``by`` says whose action it is: the task's lead units (``lead``) or the supervising side (``supervisor``:
a bureau leader, or the plan's supervising department such as 综合股).

Each service does ``check()`` → write → ``audit.record`` with the transition's ``code``
(``planning.task.sign`` …), as Wagtail's workflow actions do.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edubureau.planning.choices import TaskStatus as S

LEAD, SUPERVISOR = "lead", "supervisor"


@dataclass(frozen=True)
class Transition:
    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    by: str
    #: Tabler button style on the task page.
    css: str = "btn-outline-primary"

    @property
    def code(self) -> str:
        """The audit code of the transition."""
        noun = "extension" if self.action.startswith("extension_") else "task"
        verb = self.action.removeprefix("extension_")
        return f"planning.{noun}.{verb}"


_WORKING = frozenset({S.SIGNED, S.IN_PROGRESS, S.RETURNED})
_UNFINISHED = frozenset({S.ASSIGNED, *_WORKING})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("sign", _("Sign for"), frozenset({S.ASSIGNED}), S.SIGNED, LEAD, "btn-primary"),
        Transition("report", _("Report progress"), _WORKING, S.IN_PROGRESS, LEAD),
        Transition("submit", _("Submit for closing"), _WORKING, S.REVIEW, LEAD, "btn-success"),
        Transition("close", _("Close"), frozenset({S.REVIEW}), S.CLOSED, SUPERVISOR, "btn-success"),
        Transition(
            "return", _("Return for rework"), frozenset({S.REVIEW}), S.RETURNED, SUPERVISOR, "btn-warning"
        ),
        Transition(
            "cancel",
            _("Cancel task"),
            frozenset({*_UNFINISHED, S.REVIEW}),
            S.CANCELLED,
            SUPERVISOR,
            "btn-outline-danger",
        ),
        Transition("extension_request", _("Request an extension"), _UNFINISHED, None, LEAD),
        Transition("extension_approve", _("Approve extension"), _UNFINISHED, None, SUPERVISOR),
        Transition("extension_reject", _("Reject extension"), _UNFINISHED, None, SUPERVISOR),
    )
}


class TransitionError(ValidationError):
    """A workflow action the task's status does not allow."""


def check(action: str, status: str) -> Transition:
    """The transition ``action`` from ``status``, or TransitionError saying why not."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Unknown action “{action}”.").format(action=action), code="unknown_action")
    if status not in transition.sources:
        raise TransitionError(
            _("“{action}” is not possible while the task is {status}.").format(
                action=transition.label, status=S(status).label
            ),
            code="not_allowed",
        )
    return transition


def allowed(status: str, *, roles: set[str]) -> list[Transition]:
    """The transitions possible from ``status`` for someone acting as ``roles`` (lead and/or supervisor)."""
    return [t for t in TRANSITIONS.values() if status in t.sources and t.by in roles]


def next_status(action: str, status: str) -> str:
    """The status after ``action`` from ``status`` (unchanged for actions without a target)."""
    transition = check(action, status)
    return transition.target or status
