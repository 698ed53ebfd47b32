"""整改: the rectification loop a finding opens — the school answers with actions and evidence, the
supervisor verifies (closed) or returns it with a reason; overdue ones escalate with numbered urge
notices to the 督导室."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.escalation import CountyUrgeNotice
from edubureau.core.models import BaseModel
from edubureau.supervision.choices import RectificationStatus
from edubureau.supervision.models.visit import Finding


class Rectification(BaseModel):
    """整改通知: what the school must put right by ``deadline``; its status moves only through
    ``supervision.workflow``. ``urge_level`` is the highest urge notice issued (0 none)."""

    finding = models.OneToOneField(
        Finding, verbose_name=_("finding"), on_delete=models.PROTECT, related_name="rectification"
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.TextField(_("what must be done"))
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RectificationStatus.choices,
        default=RectificationStatus.OPEN,
        db_index=True,
    )
    opened_by = models.ForeignKey(
        "accounts.User", verbose_name=_("opened by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("last answered at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
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
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(urge_level__gte=0, urge_level__lte=3), name="rect_urge_range"),
            models.CheckConstraint(
                condition=~Q(status=RectificationStatus.CLOSED) | Q(closed_at__isnull=False),
                name="rect_closed_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.requirement[:40]}"

    def is_overdue(self, today) -> bool:
        return (
            self.status in (RectificationStatus.OPEN, RectificationStatus.RETURNED) and today > self.deadline
        )


class RectificationAnswer(BaseModel):
    """整改报告: one answer of the school (actions taken), with evidence files; a returned rectification
    gets a further answer."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("rectification"), on_delete=models.CASCADE, related_name="answers"
    )
    actions = models.TextField(_("actions taken"))
    author = models.ForeignKey(
        "accounts.User", verbose_name=_("author"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    scope_school = "rectification__school"
    scope_area_path = "rectification__school__area__path"

    class Meta:
        verbose_name = _("rectification answer")
        verbose_name_plural = _("rectification answers")
        ordering = ["rectification", "created_at", "id"]

    def __str__(self) -> str:
        return self.actions[:40]


def _evidence_path(instance, filename: str) -> str:
    return f"supervision/evidence/{instance.answer.rectification_id}/{filename}"


class RectificationFile(BaseModel):
    """整改佐证: an evidence file of an answer; served only through the scoped download view."""

    answer = models.ForeignKey(
        RectificationAnswer, verbose_name=_("answer"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=_evidence_path, max_length=250)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)

    scope_school = "answer__rectification__school"
    scope_area_path = "answer__rectification__school__area__path"

    class Meta:
        verbose_name = _("rectification evidence")
        verbose_name_plural = _("rectification evidence")
        ordering = ["answer", "id"]

    def __str__(self) -> str:
        return self.name


class RectificationUrge(CountyUrgeNotice):
    """整改催办单: a numbered notice on an overdue rectification, 蓝 → 橙 → 红; the red one goes to the
    督导室 (约谈). One counter per county and year: 督整〔2019〕3号."""

    rectification = models.ForeignKey(
        Rectification, verbose_name=_("rectification"), on_delete=models.PROTECT, related_name="urges"
    )
    doc_prefix = "督整"

    scope_school = "rectification__school"
    scope_area_path = "rectification__school__area__path"

    class Meta(CountyUrgeNotice.Meta):
        verbose_name = _("rectification urge notice")
        verbose_name_plural = _("rectification urge notices")
        constraints = [
            models.UniqueConstraint(fields=["county", "year", "number"], name="rect_urge_unique_number"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=3), name="rect_urge_level_range"),
        ]
