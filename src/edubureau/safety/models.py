"""School safety (工作要点第24条): 隐患排查治理 (hazards with their fix loop and urge notices), 校园欺凌 cases
(restricted to their named handlers), 校外培训机构 (registry, inspections, complaints) and 平安校园 grading."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.escalation import CountyUrgeNotice
from edubureau.core.models import BaseModel
from edubureau.core.scoping import RestrictedQuerySet
from edubureau.safety.choices import (
    BullyingSeverity,
    BullyingSource,
    BullyingStatus,
    CentreStatus,
    ComplaintStatus,
    FileStage,
    HazardCategory,
    HazardLevel,
    HazardSource,
    HazardStatus,
    InspectionResult,
    SafeCampusGrade,
)

# --- 隐患排查治理 ----------------------------------------------------------------------------------------


class Hazard(BaseModel):
    """安全隐患: something found unsafe at a school, to be fixed by ``deadline``; its status moves only
    through ``safety.workflow.HAZARD``. ``urge_level`` is the highest urge notice issued (0 none)."""

    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("hazard"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.CharField(_("category"), max_length=20, choices=HazardCategory.choices)
    place = models.CharField(_("place"), max_length=100)
    level = models.CharField(_("level"), max_length=10, choices=HazardLevel.choices, db_index=True)
    source = models.CharField(_("found by"), max_length=12, choices=HazardSource.choices)
    found_on = models.DateField(_("found on"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=10, choices=HazardStatus.choices, default=HazardStatus.REPORTED, db_index=True
    )
    responsible = models.CharField(_("person responsible"), max_length=50, blank=True)
    reported_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fix_actions = models.TextField(_("actions taken"), blank=True)
    fixed_at = models.DateTimeField(_("fixed at"), null=True, blank=True)
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    return_reason = models.TextField(_("reason for the last return"), blank=True)
    urge_level = models.PositiveSmallIntegerField(_("urge level"), default=0)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("hazard")
        verbose_name_plural = _("hazards")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(urge_level__gte=0, urge_level__lte=3), name="hazard_urge_range"
            ),
            models.CheckConstraint(
                condition=~Q(status=HazardStatus.VERIFIED) | Q(verified_at__isnull=False),
                name="hazard_verified_has_time",
            ),
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("found_on")), name="hazard_deadline_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.title[:40]}"

    def is_overdue(self, today) -> bool:
        return self.status in (HazardStatus.REPORTED, HazardStatus.ASSIGNED, HazardStatus.RETURNED) and (
            today > self.deadline
        )


def _hazard_path(instance, filename: str) -> str:
    return f"safety/hazards/{instance.hazard_id}/{filename}"


class HazardFile(BaseModel):
    """A photo of the hazard as found, or evidence of the fix; served only through the scoped view."""

    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.CASCADE, related_name="files"
    )
    stage = models.CharField(_("stage"), max_length=8, choices=FileStage.choices)
    file = models.FileField(_("file"), upload_to=_hazard_path, max_length=250)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    is_image = models.BooleanField(_("photo"), default=True)

    scope_school = "hazard__school"
    scope_area_path = "hazard__school__area__path"

    class Meta:
        verbose_name = _("hazard file")
        verbose_name_plural = _("hazard files")
        ordering = ["hazard", "id"]

    def __str__(self) -> str:
        return self.name


class HazardUrge(CountyUrgeNotice):
    """隐患整改催办单: a numbered notice on an overdue hazard, 蓝 → 橙 → 红 (红: 约谈 by the 安全保卫股).
    One counter per county and year: 安整〔2019〕3号."""

    hazard = models.ForeignKey(
        Hazard, verbose_name=_("hazard"), on_delete=models.PROTECT, related_name="urges"
    )
    doc_prefix = "安整"

    scope_school = "hazard__school"
    scope_area_path = "hazard__school__area__path"

    class Meta(CountyUrgeNotice.Meta):
        verbose_name = _("hazard urge notice")
        verbose_name_plural = _("hazard urge notices")
        constraints = [
            models.UniqueConstraint(fields=["county", "year", "number"], name="hazard_urge_unique_number"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="hazard_urge_level_range"),
        ]


# --- 校园欺凌 -------------------------------------------------------------------------------------------


class BullyingCaseQuerySet(RestrictedQuerySet):
    """A bullying case exists only for its named handlers: on top of the role scope, ``restrict`` keeps
    the cases the user handles. Every page, the generic History page and any later API go through it, so
    a leader, a system administrator or a colleague of the handler gets 404 like a missing row."""

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        scoped = super().restrict(user, action)
        if user is None or not user.is_authenticated or not user.is_active:
            return scoped
        return scoped.filter(handlers__user=user)


class BullyingCase(BaseModel):
    """校园欺凌事件: a case at a school, handled by named people only (the pupils are minors: their names
    and what happened are personal data; every view of the case is logged). Steps and time limits per
    《加强中小学生欺凌综合治理方案》(教督〔2017〕10号) 二(二): the school's 学生欺凌治理委员会 investigates and
    determines within ``INVESTIGATION_DAYS`` of starting; an appeal goes to the county's 防治学生欺凌工作部门,
    whose 复查 ends within ``REVIEW_DAYS``."""

    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    reported_on = models.DateField(_("reported on"))
    source = models.CharField(_("reported by"), max_length=10, choices=BullyingSource.choices)
    summary = models.TextField(_("what happened"))
    victims = models.CharField(_("students bullied"), max_length=200)
    perpetrators = models.CharField(_("students accused"), max_length=200)
    status = models.CharField(
        _("status"),
        max_length=14,
        choices=BullyingStatus.choices,
        default=BullyingStatus.REPORTED,
        db_index=True,
    )
    investigation_started_on = models.DateField(_("investigation started on"), null=True, blank=True)
    investigation_due = models.DateField(_("investigation due"), null=True, blank=True)
    determined_on = models.DateField(_("determined on"), null=True, blank=True)
    is_bullying = models.BooleanField(_("determined to be bullying"), null=True, blank=True)
    severity = models.CharField(_("severity"), max_length=10, choices=BullyingSeverity.choices, blank=True)
    measures = models.TextField(_("measures taken"), blank=True)
    police_reported = models.BooleanField(_("reported to the police"), default=False)
    appealed_on = models.DateField(_("appealed on"), null=True, blank=True)
    review_started_on = models.DateField(_("review started on"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    review_result = models.TextField(_("review result"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = BullyingCaseQuerySet.as_manager()

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("bullying case")
        verbose_name_plural = _("bullying cases")
        ordering = ["-reported_on", "-id"]
        # The bare manager (``_base_manager``) is Django's: services re-read cases under a lock with it.

    def __str__(self) -> str:
        # No names of pupils: this text lands in the audit log and in notifications.
        return f"{self.school}: {clock.written(self.reported_on)}"

    def due(self):
        """The date the current step must be done by, if it has one."""
        if self.status == BullyingStatus.INVESTIGATING:
            return self.investigation_due
        if self.status == BullyingStatus.REVIEWING:
            return self.review_due
        return None

    def is_overdue(self, today) -> bool:
        due = self.due()
        return due is not None and today > due


class BullyingHandlerQuerySet(RestrictedQuerySet):
    """Who handles a case is as private as the case: the handlers of the cases the user handles."""

    def restrict(self, user, action: str = "view") -> RestrictedQuerySet:
        return self.filter(case__in=BullyingCase.objects.restrict(user, action).values("pk"))


class BullyingHandler(BaseModel):
    """A person named to handle one case; only they see it."""

    case = models.ForeignKey(
        BullyingCase, verbose_name=_("bullying case"), on_delete=models.CASCADE, related_name="handlers"
    )
    user = models.ForeignKey(
        "accounts.User", verbose_name=_("user"), on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("added by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = BullyingHandlerQuerySet.as_manager()

    class Meta:
        verbose_name = _("bullying case handler")
        verbose_name_plural = _("bullying case handlers")
        ordering = ["case", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="bullying_handler_unique")]

    def __str__(self) -> str:
        return str(self.user)


# --- 校外培训机构 ---------------------------------------------------------------------------------------


class TrainingCentre(BaseModel):
    """校外培训机构: an off-campus tutoring centre licensed by the bureau (办学许可证)."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    area = models.ForeignKey(
        "registry.Area", verbose_name=_("town"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    licence_number = models.CharField(_("licence number"), max_length=40)
    address = models.CharField(_("address"), max_length=200)
    organiser = models.CharField(_("organiser"), max_length=100)
    subjects = models.CharField(_("subjects"), max_length=200, help_text=_("separated by commas"))
    capacity = models.PositiveIntegerField(_("capacity"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=CentreStatus.choices, default=CentreStatus.LICENSED
    )

    scope_area_path = "area__path"

    class Meta:
        verbose_name = _("training centre")
        verbose_name_plural = _("training centres")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "licence_number"], name="centre_unique_licence"),
        ]

    def __str__(self) -> str:
        return self.name


class CentreInspection(BaseModel):
    """An inspection of a training centre with its findings; a result other than passed asks for a
    rectification by ``deadline``, verified (``rectified_on``) by the bureau."""

    centre = models.ForeignKey(
        TrainingCentre,
        verbose_name=_("training centre"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    inspected_on = models.DateField(_("inspected on"))
    inspectors = models.CharField(_("inspectors"), max_length=100)
    findings = models.TextField(_("findings"), blank=True)
    result = models.CharField(_("result"), max_length=10, choices=InspectionResult.choices)
    requirement = models.TextField(_("what must be done"), blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    rectified_on = models.DateField(_("rectification verified on"), null=True, blank=True)

    scope_area_path = "centre__area__path"

    class Meta:
        verbose_name = _("centre inspection")
        verbose_name_plural = _("centre inspections")
        ordering = ["-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result=InspectionResult.PASSED) | Q(deadline__isnull=False),
                name="centre_inspection_deadline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.centre}: {clock.written(self.inspected_on)}"

    @property
    def open(self) -> bool:
        return self.result != InspectionResult.PASSED and self.rectified_on is None


class Complaint(BaseModel):
    """A complaint about a training centre (from a parent, the 12345 hotline …) and how it was handled."""

    centre = models.ForeignKey(
        TrainingCentre, verbose_name=_("training centre"), on_delete=models.PROTECT, related_name="complaints"
    )
    received_on = models.DateField(_("received on"))
    complainant = models.CharField(_("complainant"), max_length=50, blank=True)
    content = models.TextField(_("complaint"))
    status = models.CharField(
        _("status"), max_length=8, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    reply = models.TextField(_("how it was handled"), blank=True)
    handled_on = models.DateField(_("handled on"), null=True, blank=True)

    scope_area_path = "centre__area__path"

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.centre}: {clock.written(self.received_on)}"


# --- 平安校园 -------------------------------------------------------------------------------------------


class CampusScheme(BaseModel):
    """平安校园 grading scheme for one cycle of the county: criteria (``[{"title", "max"}]``, in order)
    whose scores add up to a school's total."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=100)
    cycle = models.CharField(_("cycle"), max_length=20)
    criteria = models.JSONField(_("criteria"), default=list)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("safe-campus scheme")
        verbose_name_plural = _("safe-campus schemes")
        ordering = ["-cycle", "name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["county", "cycle", "name"], name="campus_scheme_unique")
        ]

    def __str__(self) -> str:
        return _("{name} ({cycle})").format(name=self.name, cycle=self.cycle)

    @property
    def full_marks(self) -> int:
        return sum(int(c["max"]) for c in self.criteria)


class CampusGrade(BaseModel):
    """One school's scores under a scheme, their total and the grade it earns."""

    scheme = models.ForeignKey(
        CampusScheme, verbose_name=_("safe-campus scheme"), on_delete=models.PROTECT, related_name="grades"
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(_("scores"), default=list)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("grade"), max_length=8, choices=SafeCampusGrade.choices)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("safe-campus grade")
        verbose_name_plural = _("safe-campus grades")
        ordering = ["scheme", "-total", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "school"], name="campus_grade_unique")]

    def __str__(self) -> str:
        return f"{self.school}: {self.total}"
