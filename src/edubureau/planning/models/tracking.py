"""The 督查督办 record of a task: progress reports with evidence, extension requests, urge notices; the
department-scoring rule table; in-app notifications."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.escalation import CountyUrgeNotice
from edubureau.core.models import BaseModel
from edubureau.planning.choices import ExtensionStatus, ScoreRuleCode
from edubureau.planning.models.plan import NUMBER, Plan, Target, Task


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
    current_value = models.DecimalField(_("current value"), **NUMBER)
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
        return f"{self.task} → {clock.written(self.new_due)}"


class UrgeNotice(CountyUrgeNotice):
    """催办单 / 督办单: a numbered escalation notice on a task, 蓝 → 橙 → 红, each issued only when the
    previous one went unanswered past its ``respond_by`` date (urgent items may start higher). One counter
    per county and year, like the rectification and hazard notices: 督办〔2019〕3号. Notices issued before
    the counter moved from the plan to the county keep their numbers, so two plans' old notices of one
    county and year may share a number; the constraint stays per plan for them."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("plan"), on_delete=models.PROTECT, related_name="urge_notices"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="urge_notices"
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    doc_prefix = "督办"

    scope_area_path = "plan__county__path"

    class Meta(CountyUrgeNotice.Meta):
        verbose_name = _("urge notice")
        verbose_name_plural = _("urge notices")
        constraints = [
            models.UniqueConstraint(fields=["plan", "year", "number"], name="urgenotice_unique_number"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="urgenotice_level_range"),
        ]


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
