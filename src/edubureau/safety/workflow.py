"""The two safety workflows, each one table (STYLE: "workflows are tables"), shaped like the rectification
workflow of ``supervision.workflow``: a service does ``check()`` → write → ``audit.record`` with the
transition's ``code``.

隐患排查治理 (``HAZARD``)::

    reported ──assign──▶ assigned ──fix──▶ fixed ──verify──▶ verified
        └─────────────fix─────────────▶ ▲  │
                                        │ return
                        returned ──fix──┘  ▼
                                        returned
    reported / assigned / returned ──urge──▶ (unchanged): an overdue hazard gets the next urge notice

``by`` says whose action it is: the school (``school``: its principal) or the bureau side (``bureau``: the
安全保卫股, a bureau leader over the school, the school's responsible supervisor). ``urge`` is also the
daily job's (``safety_daily``), acting as the system.

校园欺凌 (``BULLYING``), the process of 《加强中小学生欺凌综合治理方案》(教督〔2017〕10号) 二(二)1–2::

    reported ──investigate──▶ investigating ──determine──▶ determined ──close──▶ closed
                                                             │   ▲
                                                        appeal   conclude
                                                             ▼   │
                                                       appealed ──review──▶ reviewing

Every step of a bullying case is its handlers' (``handler``); nobody else sees the case at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from edubureau.safety.choices import BullyingStatus as B
from edubureau.safety.choices import HazardStatus as H

SCHOOL, BUREAU, HANDLER = "school", "bureau", "handler"


@dataclass(frozen=True)
class Transition:
    entity: str
    action: str
    label: str
    sources: frozenset[str]
    target: str | None
    by: frozenset[str]
    #: Tabler button style on the object's page.
    css: str = "btn-outline-primary"

    @property
    def code(self) -> str:
        return f"safety.{self.entity}.{self.action}"


def _table(*transitions: Transition) -> dict[str, Transition]:
    return {t.action: t for t in transitions}


HAZARD: dict[str, Transition] = _table(
    Transition(
        "hazard", "assign", _("Assign"), frozenset({H.REPORTED}), H.ASSIGNED, frozenset({SCHOOL, BUREAU})
    ),
    Transition(
        "hazard",
        "fix",
        _("Report the fix"),
        frozenset({H.REPORTED, H.ASSIGNED, H.RETURNED}),
        H.FIXED,
        frozenset({SCHOOL}),
        "btn-primary",
    ),
    Transition(
        "hazard",
        "verify",
        _("Verify and close"),
        frozenset({H.FIXED}),
        H.VERIFIED,
        frozenset({BUREAU}),
        "btn-success",
    ),  # fmt: skip
    Transition(
        "hazard", "return", _("Return"), frozenset({H.FIXED}), H.RETURNED, frozenset({BUREAU}), "btn-warning"
    ),
    Transition(
        "hazard",
        "urge",
        _("Urge"),
        frozenset({H.REPORTED, H.ASSIGNED, H.RETURNED}),
        None,
        frozenset({BUREAU}),
        "btn-outline-danger",
    ),  # fmt: skip
)

BULLYING: dict[str, Transition] = _table(
    Transition(
        "bullyingcase",
        "investigate",
        _("Start the investigation"),
        frozenset({B.REPORTED}),
        B.INVESTIGATING,
        frozenset({HANDLER}),
        "btn-primary",
    ),  # fmt: skip
    Transition(
        "bullyingcase",
        "determine",
        _("Record the determination"),
        frozenset({B.INVESTIGATING}),
        B.DETERMINED,
        frozenset({HANDLER}),
        "btn-primary",
    ),  # fmt: skip
    Transition(
        "bullyingcase",
        "appeal",
        _("Record an appeal"),
        frozenset({B.DETERMINED}),
        B.APPEALED,
        frozenset({HANDLER}),
        "btn-outline-warning",
    ),  # fmt: skip
    Transition(
        "bullyingcase",
        "review",
        _("Start the review"),
        frozenset({B.APPEALED}),
        B.REVIEWING,
        frozenset({HANDLER}),
        "btn-outline-primary",
    ),  # fmt: skip
    Transition(
        "bullyingcase",
        "conclude",
        _("Conclude the review"),
        frozenset({B.REVIEWING}),
        B.CLOSED,
        frozenset({HANDLER}),
        "btn-success",
    ),  # fmt: skip
    Transition(
        "bullyingcase",
        "close",
        _("Close the case"),
        frozenset({B.DETERMINED}),
        B.CLOSED,
        frozenset({HANDLER}),
        "btn-success",
    ),  # fmt: skip
)


class TransitionError(ValidationError):
    """A workflow action the object's status does not allow."""


def check(table: dict[str, Transition], action: str, status: str, status_label: str) -> Transition:
    """The transition ``action`` from ``status``, or TransitionError saying why not."""
    transition = table.get(action)
    if transition is None:
        raise TransitionError(_("Unknown action “{action}”.").format(action=action), code="unknown_action")
    if status not in transition.sources:
        raise TransitionError(
            _("“{action}” is not possible while the status is {status}.").format(
                action=transition.label, status=status_label
            ),
            code="not_allowed",
        )
    return transition


def allowed(table: dict[str, Transition], status: str, *, roles: set[str]) -> list[Transition]:
    """The transitions possible from ``status`` for someone acting as ``roles``."""
    return [t for t in table.values() if status in t.sources and t.by & roles]
