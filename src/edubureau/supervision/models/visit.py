"""督导记录: a visit to a school, its checklist over the 8 items, its files and photos, and its findings."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.models import BaseModel
from edubureau.supervision.choices import Item, Method, Rating, Severity, VisitKind
from edubureau.supervision.models.organisation import Supervisor


class Visit(BaseModel):
    """督导记录: one visit as the supervisor records it on a phone — when, what kind, by which methods, the
    checklist, on-the-spot feedback (当场反馈) and when the report went to the 督导部门 (办法: fill in the
    record, give feedback on the spot, report promptly). ``client_id`` makes an offline draft sent twice
    one record."""

    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("supervisor"), on_delete=models.PROTECT, related_name="visits"
    )
    visited_at = models.DateTimeField(_("visited at"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=VisitKind.choices, default=VisitKind.ROUTINE)
    methods = models.JSONField(_("methods"), default=list, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    feedback_at = models.DateTimeField(_("on-the-spot feedback given at"), null=True, blank=True)
    feedback_note = models.TextField(_("feedback to the school"), blank=True)
    report_submitted_at = models.DateTimeField(_("report submitted at"), null=True, blank=True)
    client_id = models.CharField(_("draft id"), max_length=40, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("visit record")
        verbose_name_plural = _("visit records")
        ordering = ["-visited_at", "-id"]
        indexes = [models.Index(fields=["school", "visited_at"], name="visit_school_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(feedback_at__isnull=True) | Q(feedback_at__gte=models.F("visited_at")),
                name="visit_feedback_after_visit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.school} {clock.written(self.visited_at)}"

    def method_labels(self) -> list[str]:
        return [str(Method(m).label) for m in self.methods if m in Method.values]


class ChecklistEntry(BaseModel):
    """One of the 8 regular-supervision items on a visit, rated with a note."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit record"), on_delete=models.CASCADE, related_name="checklist"
    )
    item = models.PositiveSmallIntegerField(_("item"), choices=Item.choices)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, default=Rating.NOT_CHECKED)
    note = models.CharField(_("note"), max_length=500, blank=True)

    scope_school = "visit__school"
    scope_area_path = "visit__school__area__path"

    class Meta:
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")
        ordering = ["visit", "item"]
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="checklist_once_per_item")]

    def __str__(self) -> str:
        return f"{self.get_item_display()}: {self.get_rating_display()}"


def _visit_file_path(instance, filename: str) -> str:
    return f"supervision/visits/{instance.visit.school_id}/{instance.visit_id}/{filename}"


class VisitFile(BaseModel):
    """A photo or file taken on a visit; served only through the scoped download view."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit record"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=_visit_file_path, max_length=250)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    is_image = models.BooleanField(_("photo"), default=False)

    scope_school = "visit__school"
    scope_area_path = "visit__school__area__path"

    class Meta:
        verbose_name = _("visit file")
        verbose_name_plural = _("visit files")
        ordering = ["visit", "id"]

    def __str__(self) -> str:
        return self.name


class Finding(BaseModel):
    """问题: something found on a visit, under one of the 8 items; a finding that needs action opens a
    rectification (整改) for the school."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("visit record"), on_delete=models.PROTECT, related_name="findings"
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    item = models.PositiveSmallIntegerField(_("item"), choices=Item.choices)
    description = models.TextField(_("description"))
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.GENERAL
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-visit__visited_at", "id"]

    def __str__(self) -> str:
        return f"{self.school}: {self.description[:40]}"
