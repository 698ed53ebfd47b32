"""基建项目: a capital project of the bureau (plan task 20), its budget lines and payments, and its milestones.

A project adds places (学位) to a school — an existing one, or one still to be founded (``new_school_name``;
the school is linked once it is in the registry). Its stage runs 预备 → 前期 → 在建 → 竣工 → 交付使用 with the
date each stage was reached; on delivery the places and floor area are added to the school's figures
(``services.project_advance``). Rows reach their scope through the project's town (and school).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.models import BaseModel
from edubureau.projects import choices as c
from edubureau.registry.models import Area, School

MONEY = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class CapitalProject(BaseModel):
    """基建项目: one building project, with the places it adds and the dates of its stages."""

    county = models.ForeignKey(Area, verbose_name=_("County"), on_delete=models.PROTECT, related_name="+")
    town = models.ForeignKey(
        Area, verbose_name=_("Town (subdistrict)"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("Project name"), max_length=80)
    kind = models.CharField(_("Project kind"), max_length=20, choices=c.ProjectKind.choices)
    school = models.ForeignKey(
        School,
        verbose_name=_("School"),
        on_delete=models.PROTECT,
        related_name="capital_projects",
        null=True,
        blank=True,
        help_text=_("An existing school; a new school is linked once it is in the school registry."),
    )
    new_school_name = models.CharField(
        _("Name of the school to be founded"),
        max_length=80,
        blank=True,
        help_text=_("Fill in while the school does not exist yet."),
    )
    responsible_unit = models.CharField(_("Responsible unit"), max_length=40, default="基建办")
    stage = models.CharField(_("Stage"), max_length=20, choices=c.Stage.choices, default=c.Stage.PREPARATORY)
    preparatory_on = models.DateField(_("Listed as preparatory on"), null=True, blank=True)
    preliminary_on = models.DateField(_("Preliminary work from"), null=True, blank=True)
    construction_on = models.DateField(_("Construction started on"), null=True, blank=True)
    completed_on = models.DateField(_("Completed on"), null=True, blank=True)
    delivered_on = models.DateField(_("Delivered on"), null=True, blank=True)
    planned_delivery = models.DateField(
        _("Planned delivery"),
        null=True,
        blank=True,
        help_text=_("The seats projection counts the new places from this date."),
    )
    plan_year = models.PositiveSmallIntegerField(_("Plan year"), default=2019)
    places_preschool = models.PositiveIntegerField(_("Kindergarten places added"), default=0)
    places_primary = models.PositiveIntegerField(_("Primary places added"), default=0)
    places_junior = models.PositiveIntegerField(_("Junior secondary places added"), default=0)
    places_senior = models.PositiveIntegerField(_("Senior secondary places added"), default=0)
    rooms = models.PositiveIntegerField(_("Classrooms added"), default=0)
    floor_area = models.DecimalField(
        _("Floor area (m²)"), max_digits=10, decimal_places=1, default=0, validators=[MinValueValidator(0)]
    )
    total_investment = models.DecimalField(_("Total investment (10,000 yuan)"), default=0, **MONEY)
    capacity_applied = models.BooleanField(_("Places counted in the school"), default=False, editable=False)
    note = models.TextField(_("Remarks"), blank=True)

    scope_area_path = "town__path"
    scope_school = "school"

    class Meta:
        verbose_name = _("Capital project")
        verbose_name_plural = _("Capital project")
        ordering = ["town__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["county", "name"], name="project_name_unique_in_county"),
            models.CheckConstraint(
                condition=Q(delivered_on__isnull=True)
                | Q(construction_on__isnull=True)
                | Q(delivered_on__gte=models.F("construction_on")),
                name="project_delivered_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def places(self) -> int:
        return sum(getattr(self, f) for f in c.PLACE_FIELDS.values())

    @property
    def school_label(self) -> str:
        if self.school_id:
            return self.school.name
        return (
            str(_("{name} (to be founded)")).format(name=self.new_school_name)
            if self.new_school_name
            else "—"
        )

    def stage_dates(self) -> list[tuple[str, str, object]]:
        """(stage code, label, date reached or None) in stage order."""
        return [(s.value, s.label, getattr(self, c.STAGE_DATE_FIELD[s])) for s in c.Stage]

    def clean(self):
        errors = {}
        if self.school_id is None and not self.new_school_name.strip():
            errors["school"] = _("Choose a school, or enter the name of the school to be founded.")
        if self.school_id and self.town_id and self.school.area_id != self.town_id:
            errors["school"] = _(
                "School “{school}” is not in the chosen town; choose another school or town."
            ).format(school=self.school.name)
        dates = [(s, getattr(self, c.STAGE_DATE_FIELD[s])) for s in c.Stage]
        reached = [(s, d) for s, d in dates if d is not None]
        for (s1, d1), (s2, d2) in zip(reached, reached[1:], strict=False):
            if d2 < d1:
                errors[c.STAGE_DATE_FIELD[s2]] = _(
                    "The date of “{later}” cannot be before the date of “{earlier}” ({date})."
                ).format(later=s2.label, earlier=s1.label, date=clock.written(d1))
        start = self.construction_on or self.preparatory_on
        if self.planned_delivery and start and self.planned_delivery < start:
            errors["planned_delivery"] = _(
                "The planned delivery {delivery} is before the project's start {start}; enter a later date."
            ).format(delivery=clock.written(self.planned_delivery), start=clock.written(start))
        for field in c.PLACE_FIELDS.values():
            if (getattr(self, field) or 0) < 0:
                errors[field] = _("Places cannot be negative; enter 0 or more.")
        if errors:
            raise ValidationError(errors)


class ProjectFunding(BaseModel):
    """资金来源: one budget line of a project (中央/省/市/区、专项债、社会资本), in 万元."""

    project = models.ForeignKey(
        CapitalProject, verbose_name=_("Project"), on_delete=models.CASCADE, related_name="fundings"
    )
    source = models.CharField(_("Source of funds"), max_length=20, choices=c.FundingSource.choices)
    budget = models.DecimalField(_("Budget (10,000 yuan)"), **MONEY)

    scope_area_path = "project__town__path"
    scope_school = "project__school"

    class Meta:
        verbose_name = _("Project funding")
        verbose_name_plural = _("Project funding")
        ordering = ["project", "source"]
        constraints = [
            models.UniqueConstraint(fields=["project", "source"], name="project_funding_one_per_source"),
        ]

    def __str__(self) -> str:
        return f"{self.project.name} · {self.get_source_display()}"


class ProjectPayment(BaseModel):
    """拨付: money paid out against one budget line, on a date."""

    funding = models.ForeignKey(
        ProjectFunding, verbose_name=_("Source of funds"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("Paid on"))
    amount = models.DecimalField(_("Amount (10,000 yuan)"), **MONEY)
    note = models.CharField(_("Note"), max_length=120, blank=True)

    scope_area_path = "funding__project__town__path"
    scope_school = "funding__project__school"

    class Meta:
        verbose_name = _("Project payment")
        verbose_name_plural = _("Project payment")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.funding} · {clock.written(self.paid_on)}"


class ProjectMilestone(BaseModel):
    """工程节点: a milestone with its due date, the date it was done and the unit responsible."""

    project = models.ForeignKey(
        CapitalProject, verbose_name=_("Project"), on_delete=models.CASCADE, related_name="milestones"
    )
    kind = models.CharField(_("Milestone"), max_length=20, choices=c.MilestoneKind.choices)
    due_on = models.DateField(_("Due on"))
    done_on = models.DateField(_("Done on"), null=True, blank=True)
    responsible_unit = models.CharField(_("Responsible unit"), max_length=40, default="基建办")

    scope_area_path = "project__town__path"
    scope_school = "project__school"

    class Meta:
        verbose_name = _("Construction milestones")
        verbose_name_plural = _("Construction milestones")
        ordering = ["project", "due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["project", "kind"], name="project_milestone_one_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.project.name} · {self.get_kind_display()}"

    def late_days(self, today) -> int:
        """Days past due and not done (0 when done or not yet due)."""
        if self.done_on is not None or self.due_on >= today:
            return 0
        return (today - self.due_on).days


def _milestone_file_path(instance, filename: str) -> str:
    return f"projects/{instance.milestone.project_id}/{instance.milestone_id}/{filename}"


class MilestoneFile(BaseModel):
    """节点照片、资料: a photo or document attached to a milestone; served only through the scoped
    download view (media files are never served directly)."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")

    milestone = models.ForeignKey(
        ProjectMilestone, verbose_name=_("milestone"), on_delete=models.CASCADE, related_name="files"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_milestone_file_path, max_length=250)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    scope_area_path = "milestone__project__town__path"
    scope_school = "milestone__project__school"

    class Meta:
        verbose_name = _("milestone file")
        verbose_name_plural = _("milestone files")
        ordering = ["milestone", "id"]

    def __str__(self) -> str:
        return self.name


class EarmarkLine(BaseModel):
    """专项资金: a sum the plan names in a task's text (“投入150万元支持…”), kept as a budget line of that task,
    in 万元, with the words of the plan it came from."""

    task = models.ForeignKey(
        "planning.Task", verbose_name=_("task"), on_delete=models.CASCADE, related_name="earmarks"
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    budget = models.DecimalField(_("budget (10,000 yuan)"), **MONEY)
    source_text = models.CharField(_("words of the plan"), max_length=300, blank=True)

    scope_area_path = "task__county__path"

    class Meta:
        verbose_name = _("earmarked budget line")
        verbose_name_plural = _("earmarked budget lines")
        ordering = ["task", "id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "purpose"], name="earmark_one_per_purpose"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number}. {self.purpose}"


def _earmark_evidence_path(instance, filename: str) -> str:
    return f"projects/earmarks/{instance.line.task_id}/{instance.line_id}/{filename}"


class EarmarkPayment(BaseModel):
    """专项资金拨付: money paid against an earmarked line, with its voucher number and evidence file."""

    line = models.ForeignKey(
        EarmarkLine, verbose_name=_("budget line"), on_delete=models.PROTECT, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(_("amount (10,000 yuan)"), **MONEY)
    voucher = models.CharField(_("voucher number"), max_length=60)
    evidence = models.FileField(_("evidence"), upload_to=_earmark_evidence_path, max_length=250, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=200, blank=True)

    scope_area_path = "line__task__county__path"

    class Meta:
        verbose_name = _("earmarked payment")
        verbose_name_plural = _("earmarked payments")
        ordering = ["paid_on", "pk"]

    def __str__(self) -> str:
        return f"{self.line} · {clock.written(self.paid_on)}"
