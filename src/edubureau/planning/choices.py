"""Code lists of the work plan (工作要点) and its 督查督办 workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.core import escalation
from edubureau.core.models import Notification


class TaskStatus(models.TextChoices):
    """Where a task stands in the 督查督办 workflow (see ``workflow.TRANSITIONS``)."""

    ASSIGNED = "assigned", _("assigned")  # 已交办, 待签收
    SIGNED = "signed", _("signed for")  # 已签收
    IN_PROGRESS = "in_progress", _("in progress")  # 办理中
    REVIEW = "review", _("under review")  # 申请办结, 审核中
    RETURNED = "returned", _("returned for rework")  # 退回重办
    CLOSED = "closed", pgettext_lazy("task status", "closed")  # 已办结
    CANCELLED = "cancelled", _("cancelled")  # 撤销


#: Statuses in which the task is still the lead unit's to finish.
OPEN_STATUSES = (
    TaskStatus.ASSIGNED,
    TaskStatus.SIGNED,
    TaskStatus.IN_PROGRESS,
    TaskStatus.RETURNED,
)
#: Statuses that no longer run against the due date.
FINISHED_STATUSES = (TaskStatus.CLOSED, TaskStatus.CANCELLED)


class Light(models.TextChoices):
    """红黄绿灯, recomputed on every change and daily; grey for a cancelled task."""

    GREEN = "green", _("on schedule")
    YELLOW = "yellow", _("at risk")
    RED = "red", _("overdue")
    GREY = "grey", _("not tracked")


class Comparator(models.TextChoices):
    """How a target's value is to be met (the parser's comparators)."""

    EQ = "=", _("equal to")
    GE = ">=", _("at least")
    LE = "<=", _("at most")
    REDUCE_BY = "reduce_by", _("reduce by")
    INCREASE_BY = "increase_by", _("increase by")
    APPROX = "approx", _("about")


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


# One ladder for plan tasks and rectifications (core.escalation).
UrgeLevel = escalation.UrgeLevel


#: Tabler colour of each light (an urge level's is ``escalation.URGE_COLOUR``).
LIGHT_CSS = {"green": "green", "yellow": "yellow", "red": "red", "grey": "secondary"}


class ScoreRuleCode(models.TextChoices):
    """What a department-scoring rule counts (基础分100 + 加分 − 减分, plan-tracking.md §1)."""

    LEAD_CLOSED_ON_TIME = "lead_closed_on_time", _("lead task closed on time")
    CO_CLOSED_ON_TIME = "co_closed_on_time", _("co-unit task closed on time")
    LEAD_OVERDUE = "lead_overdue", _("lead task past its original due date")
    CO_OVERDUE = "co_overdue", _("co-unit task past its original due date")
    RETURNED = "returned", _("returned for rework (per time)")
    URGE_BLUE = "urge_blue", _("blue urge notice")
    URGE_ORANGE = "urge_orange", _("orange urge notice")
    URGE_RED = "urge_red", _("red urge notice")
    MISSING_REPORT = "missing_report", _("monthly progress report missing")


#: Event names of the planning audit codes (the History tab; see ``core.audit.action_label``).
AUDIT_ACTIONS = {
    "planning.plan.publish": pgettext_lazy("audit event", "Plan published"),
    "planning.task.create": pgettext_lazy("audit event", "Task created"),
    "planning.task.sign": pgettext_lazy("audit event", "Task signed for"),
    "planning.task.report": pgettext_lazy("audit event", "Progress reported"),
    "planning.task.submit": pgettext_lazy("audit event", "Closing requested"),
    "planning.task.close": pgettext_lazy("audit event", "Task closed"),
    "planning.task.return": pgettext_lazy("audit event", "Returned for rework"),
    "planning.task.cancel": pgettext_lazy("audit event", "Task cancelled"),
    "planning.task.light": pgettext_lazy("audit event", "Status light changed"),
    "planning.task.remind": pgettext_lazy("audit event", "Reminder sent"),
    "planning.task.deadline": pgettext_lazy("audit event", "Node deadline set"),
    "planning.extension.request": pgettext_lazy("audit event", "Extension requested"),
    "planning.extension.approve": pgettext_lazy("audit event", "Extension approved"),
    "planning.extension.reject": pgettext_lazy("audit event", "Extension rejected"),
    "planning.urge.issue": pgettext_lazy("audit event", "Urge notice issued"),
    "planning.target.bind": pgettext_lazy("audit event", "Target bound to an indicator"),
    "planning.target.autobind": pgettext_lazy(
        "audit event", "Target bound to an indicator by the system (from its wording)"
    ),
    "planning.target.value": pgettext_lazy("audit event", "Target value reported"),
    "planning.milestone.complete": pgettext_lazy("audit event", "Milestone completed"),
    "planning.departmentscorerule.update": pgettext_lazy("audit event", "Scoring rule changed"),
}
#: A target's light (``planning.target_values``), as the pages and ledgers name it.
TARGET_LIGHT_LABELS = {
    "green": _("met"),
    "yellow": _("close"),
    "red": _("missed"),
    "grey": _("no data"),
}
#: Before/after keys that are no field of the task.
AUDIT_KEYS = {
    "source_text": pgettext_lazy("audit key", "Characters of the plan text"),
    "task_count": pgettext_lazy("audit key", "Tasks"),
    "target_count": pgettext_lazy("audit key", "Targets"),
    "report": pgettext_lazy("audit key", "Progress report"),
    "milestone": pgettext_lazy("audit key", "Milestone"),
    "extension": pgettext_lazy("audit key", "Extension request"),
    "new_due": pgettext_lazy("audit key", "New due date"),
    "note": pgettext_lazy("audit key", "Note"),
    "notice": pgettext_lazy("audit key", "Notice number"),
    "level": pgettext_lazy("audit key", "Notice level"),
    "kind": pgettext_lazy("audit key", "Kind of reminder"),
    "recipients": pgettext_lazy("audit key", "Recipients"),
    "channels": pgettext_lazy("audit key", "Sent by"),
}
AUDIT_VALUES = {
    "level": UrgeLevel.choices,
    "urge_level": UrgeLevel.choices,
    "light": Light.choices,
    "kind": Notification.Kind.choices,
    "channels": [
        ("in_app", pgettext_lazy("channel", "in-app message")),
        ("email", pgettext_lazy("channel", "e-mail")),
    ],
}
