"""Code lists of the work plan (工作要点) and its 督查督办 workflow."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.core import escalation


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


#: Tabler colour of each urge level and light.
URGE_CSS = {1: "blue", 2: "orange", 3: "red"}
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
