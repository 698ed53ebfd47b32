"""The plan as published: plan → sections → tasks (lead units, co-units) → targets and milestones."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.models import BaseModel
from edubureau.planning import schedule
from edubureau.planning.choices import (
    LIGHT_CSS,
    Comparator,
    Light,
    TaskStatus,
)

#: A measured or target value: large enough for 6.22亿元, precise enough for rates.
NUMBER = {"max_digits": 20, "decimal_places": 4, "null": True, "blank": True}


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
    responsible_leaders = models.CharField(
        _("responsible leaders"), max_length=200, blank=True, help_text=_("分管领导, separated by 、")
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

    ``indicator_code`` binds it to a computable indicator (the Indicators engine supplies the values;
    publishing binds the targets whose wording names one with high confidence, ``planning.binding``);
    ``actual_value`` (who and when) is what a lead unit reported by hand. Which of the two is the actual
    — the computed one wins — and its gap and light: ``planning.selectors.target_values``, the one answer
    every page, export and document shows.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="targets")
    task = models.ForeignKey(
        Task, verbose_name=_("task"), null=True, blank=True, on_delete=models.CASCADE, related_name="targets"
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    text = models.CharField(_("text"), max_length=300, blank=True)
    indicator = models.CharField(_("indicator"), max_length=200)
    comparator = models.CharField(_("comparator"), max_length=12, choices=Comparator.choices, blank=True)
    value = models.DecimalField(_("value"), **NUMBER)
    unit = models.CharField(_("unit"), max_length=20, blank=True)
    period = models.CharField(_("period"), max_length=20, blank=True, help_text=_("每年, 每半年, 三年 …"))
    due_text = models.CharField(_("deadline as written"), max_length=20, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    baseline = models.DecimalField(_("baseline"), **NUMBER)
    indicator_code = models.CharField(
        _("indicator code"), max_length=80, blank=True, help_text=_("the computable indicator bound to it")
    )
    actual_value = models.DecimalField(_("actual value"), **NUMBER)
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
        return f"{self.title} ({clock.written(self.due)})"
