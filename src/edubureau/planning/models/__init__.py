"""The annual work plan (工作要点) and its 督查督办 tracking: plan → sections → tasks → targets and
milestones; progress reports with evidence, extension requests, urge notices; the department-scoring
rule table; in-app notifications.

Scoping: every row reaches its county through the plan (``scope_area_path``), so bureau staff and leaders
see the plans of their county. Who may *write* what inside that (lead units report on their own tasks;
leaders and the supervising department close, return, cancel and urge) is decided in ``services``.
"""

from edubureau.planning.models.plan import Milestone, Plan, Section, Target, Task
from edubureau.planning.models.tracking import (
    DepartmentScoreRule,
    Evidence,
    ExtensionRequest,
    ProgressReport,
    UrgeNotice,
)

__all__ = [
    "DepartmentScoreRule",
    "Evidence",
    "ExtensionRequest",
    "Milestone",
    "Plan",
    "ProgressReport",
    "Section",
    "Target",
    "Task",
    "UrgeNotice",
]
