"""The annual work plan (工作要点) and its 督查督办 tracking: plan → sections → tasks → targets and
milestones; progress reports with evidence, extension requests, urge notices; the department-scoring
rule table; in-app notifications.

Scoping: every row reaches its county through the plan (``scope_area_path``), so bureau staff and leaders
see the plans of their county. Who may *write* what inside that (lead units report on their own tasks;
leaders and the supervising department close, return, cancel and urge) is decided in ``services``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel
from edubureau.planning import schedule
from edubureau.planning.choices import (
    LIGHT_CSS,
    URGE_CSS,
    Comparator,
    ExtensionStatus,
    Light,
    NotificationKind,
    ScoreRuleCode,
    TaskStatus,
    UrgeLevel,
)

_VALUE = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


class Plan(BaseModel):
    """工作要点: a bureau's annual work plan as published, with its header (文号, 主送, 抄送)."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    issuer = models.CharField(_("issuer"), max_length=100, blank=True)
    doc_number = models.CharField(
        _("document number"), max_length=60, blank=True, help_text=_("文号, e.g. 泉港教综〔2019〕55号")
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    cc = models.JSONField(_("copied to"), default=list, blank=True)
    notice_title = models.CharField(_("cover notice"), max_length=200, blank=True)
    preamble = models.JSONField(
        _("preamble"), default=list, blank=True, help_text=_("labelled parts: 总体要求, 主要目标 …")
    )
    source_text = models.TextField(_("source text"), blank=True)
    supervising_department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("supervising department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("督办股室: closes, returns and urges tasks together with the bureau leaders"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "doc_number"], condition=~Q(doc_number=""), name="plan_unique_doc_number"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Section(BaseModel):
    """A first-level part of the plan (一、聚焦全面从严治党…)."""

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("number"))
    numeral = models.CharField(_("numeral"), max_length=6, help_text=_("as written: 一, 二 …"))
    title = models.CharField(_("title"), max_length=200)

    scope_area_path = "plan__county__path"

    class Meta:
        verbose_name = _("plan section")
        verbose_name_plural = _("plan sections")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="section_unique_number")]

    def __str__(self) -> str:
        return f"{self.numeral}、{self.title}"


class Task(BaseModel):
    """条目 / 任务: a numbered key task of the plan, led by one or more departments (牵头单位).

    ``due`` may move with an approved extension; ``original_due`` never does, and scoring uses it (an item
    is scored against its original date, plan-tracking.md §1). ``light``, ``progress`` and ``urge_level``
    are recomputed by the services on every change and daily by ``plan_daily``.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="tasks")
    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    subsection = models.CharField(_("sub-section"), max_length=200, blank=True)
    lead_units = models.ManyToManyField(
        "registry.Department", verbose_name=_("lead units"), related_name="led_tasks", blank=True
    )
    co_units = models.ManyToManyField(
        "registry.Department", verbose_name=_("co-units"), related_name="assisted_tasks", blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.ASSIGNED, db_index=True
    )
    light = models.CharField(_("light"), max_length=6, choices=Light.choices, default=Light.GREEN)
    progress = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    reported_progress = models.DecimalField(
        _("last reported progress (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    start = models.DateField(_("assigned on"))
    due = models.DateField(_("due date"))
    original_due = models.DateField(_("original due date"))
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    returned_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    urge_level = models.PositiveSmallIntegerField(_("urge level"), default=0)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("plan task")
        verbose_name_plural = _("plan tasks")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_unique_number"),
            models.CheckConstraint(condition=Q(due__gte=models.F("start")), name="task_due_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    @property
    def light_css(self) -> str:
        return LIGHT_CSS[self.light]

    @property
    def is_overdue(self) -> bool:
        return self.light == Light.RED

    def clean(self):
        if self.due and self.start and self.due < self.start:
            raise ValidationError({"due": _("The due date cannot be before the day the task was assigned.")})


class Target(BaseModel):
    """目标: a measurable commitment of the plan (in a task, or in the preamble when ``task`` is empty).

    ``indicator_code`` binds it to a computable indicator (the Indicators engine supplies the values);
    unbound targets take manually reported values (``actual_value``, who and when).
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=300, blank=True)
    indicator = models.CharField(_("indicator"), max_length=200)
    comparator = models.CharField(_("comparator"), max_length=12, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_("value"), **_VALUE)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    period = models.CharField(_("period"), max_length=20, blank=True, help_text=_("每年, 每半年, 三年 …"))
    due_text = models.CharField(_("deadline as written"), max_length=20, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    baseline = models.DecimalField(_("baseline"), **_VALUE)
    indicator_code = models.CharField(
        _("indicator code"), max_length=80, blank=True, help_text=_("the computable indicator bound to it")
    )
    actual_value = models.DecimalField(_("actual value"), **_VALUE)
    actual_at = models.DateTimeField(_("actual reported at"), null=True, blank=True)
    actual_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actual reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "plan__county__path"

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["plan", "task__number", "sort_order", "id"]

    def __str__(self) -> str:
        return self.indicator

    @property
    def progress(self) -> float | None:
        return schedule.target_progress(
            comparator=self.comparator, value=self.value, actual=self.actual_value, baseline=self.baseline
        )


class Milestone(BaseModel):
    """节点: a dated step of a task; recurring ones (每半年, 每年10期, 每月) are generated in a series."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due = models.DateField(_("due date"))
    period = models.CharField(_("recurrence"), max_length=20, blank=True)
    sequence = models.PositiveSmallIntegerField(_("number in series"), default=1)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "task__county__path"

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["task", "due", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.due:%Y-%m-%d})"


class ProgressReport(BaseModel):
    """进展报送: a lead unit's report on a task for one month (完成情况, 存在问题, 下步打算, 当前值, 佐证)."""

    task = models.ForeignKey(Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="reports")
    period = models.CharField(_("period"), max_length=7, help_text=_("the month reported on, 2019-04"))
    text = models.TextField(_("work done"))
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    percent = models.DecimalField(_("progress (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    target = models.ForeignKey(
        Target,
        verbose_name=_("target"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reports",
    )
    current_value = models.DecimalField(_("current value"), **_VALUE)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_area_path = "task__county__path"

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__gte=0, percent__lte=100),
                name="progressreport_percent_range",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.number}. {self.period}"


def _evidence_path(instance, filename: str) -> str:
    return f"planning/evidence/{instance.report.task.plan_id}/{instance.report.task_id}/{filename}"


class Evidence(BaseModel):
    """佐证材料: a file attached to a progress report; served only through the scoped download view."""

    report = models.ForeignKey(
        ProgressReport, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=250)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    scope_area_path = "report__task__county__path"

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.name


class ExtensionRequest(BaseModel):
    """延期申请: filed before the due date with the reason, the new date and current progress; approved
    or rejected by the supervising side. The task's original due date stays for scoring."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    progress_note = models.TextField(_("progress so far"), blank=True)
    current_due = models.DateField(_("due date when requested"))
    new_due = models.DateField(_("requested due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    scope_area_path = "task__county__path"

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(new_due__gt=models.F("current_due")), name="extension_moves_due_later"
            ),
            models.UniqueConstraint(
                fields=["task"], condition=Q(status="pending"), name="extension_one_pending_per_task"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task} → {self.new_due:%Y-%m-%d}"


class UrgeNotice(BaseModel):
    """催办单 / 督办单: a numbered escalation notice, 蓝 → 橙 → 红, each issued only when the previous one
    went unanswered past its ``respond_by`` date (urgent items may start higher). Numbered per plan and
    year: 督办〔2019〕3号."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="urge_notices"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="urge_notices"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    level = models.PositiveSmallIntegerField(_("level"), choices=UrgeLevel.choices)
    reason = models.TextField(_("reason"))
    respond_by = models.DateField(_("respond by"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    scope_area_path = "plan__county__path"

    class Meta:
        verbose_name = _("urge notice")
        verbose_name_plural = _("urge notices")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "number"], name="urgenotice_unique_number"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="urgenotice_level_range"),
        ]

    def __str__(self) -> str:
        return self.doc_number

    @property
    def doc_number(self) -> str:
        """督办〔2019〕3号: the year in 六角括号, the number not zero-padded (GB/T 9704 §7.2.5)."""
        return f"督办〔{self.year}〕{self.number}号"

    @property
    def css(self) -> str:
        return URGE_CSS[self.level]


class DepartmentScoreRule(BaseModel):
    """积分规则: one line of a plan's department-scoring table (points per counted event; negative points
    are deductions). Base 100 + Σ bonuses − Σ deductions; the table is configurable per plan (per year)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="score_rules"
    )
    code = models.CharField(_("rule"), max_length=30, choices=ScoreRuleCode.choices)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_area_path = "plan__county__path"

    class Meta:
        verbose_name = _("department score rule")
        verbose_name_plural = _("department score rules")
        ordering = ["plan", "code"]
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="scorerule_unique_code")]

    def __str__(self) -> str:
        return f"{self.get_code_display()}: {self.points}"


class Notification(models.Model):
    """站内消息: an in-app message to one user (reminders, urge notices, returns). ``key`` makes the daily
    reminders idempotent: one per user, task, kind and due date."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=NotificationKind.choices)
    message = models.CharField(_("message"), max_length=300)
    key = models.CharField(_("key"), max_length=80)
    emailed = models.BooleanField(_("emailed"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]

    def __str__(self) -> str:
        return self.message
