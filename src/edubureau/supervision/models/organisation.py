"""Who supervises which school: supervisors (督学), zones (督学责任区), assignments with dates, the monthly
visit schedule, and the 三年一轮 comprehensive-evaluation cycle."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.models import BaseModel
from edubureau.supervision.choices import Background, SupervisorKind


def _photo_path(instance, filename: str) -> str:
    return f"supervision/photos/{instance.county_id}/{filename}"


class Supervisor(BaseModel):
    """督学 / 责任督学: appointed by the 督导部门, holds a 督学证, full- or part-time; chosen from serving or
    retired principals, teachers, researchers and administrators (挂牌督导办法). Linked to the login
    account the person uses on their phone."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisor_profile",
    )
    name = models.CharField(_("name"), max_length=30)
    kind = models.CharField(
        _("kind"), max_length=10, choices=SupervisorKind.choices, default=SupervisorKind.PART_TIME
    )
    certificate_number = models.CharField(_("supervisor certificate number"), max_length=30, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    photo = models.FileField(_("photo"), upload_to=_photo_path, blank=True, max_length=200)
    background = models.CharField(
        _("background"), max_length=15, choices=Background.choices, default=Background.TEACHER
    )
    background_note = models.CharField(_("former post"), max_length=100, blank=True)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("supervisor")
        verbose_name_plural = _("supervisors")
        ordering = ["county", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "certificate_number"],
                condition=~Q(certificate_number=""),
                name="supervisor_unique_certificate",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SupervisionZone(BaseModel):
    """督学责任区: a group of at most 20 schools (教督〔2012〕7号) whose supervisors work together."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=40)
    lead = models.ForeignKey(
        Supervisor,
        verbose_name=_("zone lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("supervision zone")
        verbose_name_plural = _("supervision zones")
        ordering = ["county", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="zone_unique_name")]

    def __str__(self) -> str:
        return self.name


class SupervisorAssignment(BaseModel):
    """挂牌: a supervisor made responsible for a school within a zone from ``starts_on`` until ``ends_on``
    (open-ended while current). A school has one current assignment; history is kept for rotation
    (定期交流)."""

    supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="assignments"
    )
    school = models.ForeignKey(
        "registry.School",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="supervisor_assignments",
    )
    zone = models.ForeignKey(
        SupervisionZone, verbose_name=_("zone"), on_delete=models.PROTECT, related_name="assignments"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("supervisor assignment")
        verbose_name_plural = _("supervisor assignments")
        ordering = ["school", "-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(ends_on__isnull=True), name="assignment_one_current_per_school"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} · {self.school}"


class PlannedVisit(BaseModel):
    """A visit in the monthly schedule: at least one per school per month (每月不得少于1次); generated,
    then moved or reassigned by hand. ``visit`` is set once a record fulfils it."""

    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="planned_visits"
    )
    month = models.CharField(_("month"), max_length=7, help_text=_("2019-04"))
    planned_on = models.DateField(_("planned on"))
    visit = models.OneToOneField(
        "supervision.Visit",
        verbose_name=_("visit record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="planned",
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("planned visit")
        verbose_name_plural = _("planned visits")
        ordering = ["planned_on", "school", "id"]
        indexes = [models.Index(fields=["month", "school"], name="plannedvisit_month_idx")]

    def __str__(self) -> str:
        return f"{self.school} {clock.written(self.planned_on)}"


class EvaluationCycle(BaseModel):
    """三年一轮: a comprehensive review of every school once per cycle (《教育督导条例》§14: every 3–5
    years), planned evenly across the cycle's years."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=60)
    first_year = models.PositiveSmallIntegerField(_("first year"))
    years = models.PositiveSmallIntegerField(_("years"), default=3)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("evaluation cycle")
        verbose_name_plural = _("evaluation cycles")
        ordering = ["county", "-first_year"]
        constraints = [
            models.CheckConstraint(condition=Q(years__gte=3, years__lte=5), name="cycle_three_to_five_years"),
            models.UniqueConstraint(fields=["county", "first_year"], name="cycle_unique_start"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def year_range(self) -> list[int]:
        return list(range(self.first_year, self.first_year + self.years))


class CycleSlot(BaseModel):
    """The year in which one school has its comprehensive review within a cycle."""

    cycle = models.ForeignKey(
        EvaluationCycle, verbose_name=_("cycle"), on_delete=models.CASCADE, related_name="slots"
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    done_on = models.DateField(_("reviewed on"), null=True, blank=True)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("cycle slot")
        verbose_name_plural = _("cycle slots")
        ordering = ["cycle", "year", "school"]
        constraints = [models.UniqueConstraint(fields=["cycle", "school"], name="cycleslot_once_per_cycle")]

    def __str__(self) -> str:
        return f"{self.school} {self.year}"
