"""责任督学挂牌督导: organisation (supervisors, zones, assignments, schedule, 三年一轮 cycle), visits
(督导记录 with the 8-item checklist and files), and findings with their rectification loop."""

from edubureau.supervision.models.organisation import (
    CycleSlot,
    EvaluationCycle,
    PlannedVisit,
    SupervisionZone,
    Supervisor,
    SupervisorAssignment,
)
from edubureau.supervision.models.rectification import (
    Rectification,
    RectificationAnswer,
    RectificationFile,
    RectificationUrge,
)
from edubureau.supervision.models.visit import ChecklistEntry, Finding, Visit, VisitFile

__all__ = [
    "ChecklistEntry",
    "CycleSlot",
    "EvaluationCycle",
    "Finding",
    "PlannedVisit",
    "Rectification",
    "RectificationAnswer",
    "RectificationFile",
    "RectificationUrge",
    "SupervisionZone",
    "Supervisor",
    "SupervisorAssignment",
    "Visit",
    "VisitFile",
]
