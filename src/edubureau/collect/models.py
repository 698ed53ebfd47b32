"""数据填报: forms the bureau defines, assigned to schools per period, filled in and reviewed.

A form (``Form``) keeps its fields in versions (``FormVersion.definition``, JSON checked by
``collect.definition``): a change after a school has saved figures starts a new version, and every
submission keeps the version it was filled in on. An assignment (``Assignment``) sends a form to a set of
schools for one period with a due date, and holds one ``Submission`` per school from the start — a school
that has not sent anything is a row in state ``pending``, so non-submission is missing data, never zero.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.collect.choices import EDITABLE, Frequency, SubmissionStatus
from edubureau.collect.definition import fields_of
from edubureau.core import clock
from edubureau.core.models import BaseModel


class Form(BaseModel):
    """填报表单: what the bureau asks schools for, e.g. 月度安全工作报表 or 教师培训记录."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField(
        _("code"), max_length=40, help_text=_("short name for files and the command line")
    )
    title = models.CharField(_("title"), max_length=80)
    description = models.TextField(_("description"), blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    lead_department = models.ForeignKey(
        "registry.Department",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["title", "id"]
        constraints = [models.UniqueConstraint(fields=["county", "code"], name="collect_form_unique_code")]

    def __str__(self) -> str:
        return self.title


class FormVersion(BaseModel):
    """One version of a form's fields. Versions are numbered from 1; the highest is the current one."""

    form = models.ForeignKey(Form, verbose_name=_("form"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version number"))
    definition = models.JSONField(_("fields"))
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "form__county__path"

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="collect_formversion_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"


class Assignment(BaseModel):
    """填报任务: a form sent to schools for one period (“2019-03”, “2019”, “2019春”) with a due date."""

    form = models.ForeignKey(
        Form, verbose_name=_("form"), on_delete=models.PROTECT, related_name="assignments"
    )
    period = models.CharField(_("period"), max_length=9)
    due_on = models.DateField(_("due date"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_area_path = "form__county__path"

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-due_on", "form", "id"]
        constraints = [
            models.UniqueConstraint(fields=["form", "period"], name="collect_assignment_unique_period")
        ]

    def __str__(self) -> str:
        return f"{self.form} {self.period}"


class Submission(BaseModel):
    """填报: one school's answer to one assignment, on the form version it was filled in on."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("assignment"), on_delete=models.CASCADE, related_name="submissions"
    )
    school = models.ForeignKey(
        "registry.School", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    form_version = models.ForeignKey(
        FormVersion, verbose_name=_("form version"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    values = models.JSONField(_("values"), default=dict, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_count = models.PositiveSmallIntegerField(_("times returned"), default=0)
    return_reason = models.TextField(_("reason for the last return"), blank=True)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["assignment", "school__code"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "school"], name="collect_submission_unique_school"),
            models.CheckConstraint(
                condition=~Q(status__in=("submitted", "accepted")) | Q(submitted_at__isnull=False),
                name="collect_submission_sent_has_time",
            ),
        ]
        indexes = [models.Index(fields=["assignment", "status"], name="collect_submission_status_idx")]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.school}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    def history_key_names(self) -> dict[str, str]:
        """The labels of this form's field and table-column keys, for its values on the History tab."""
        names = {}
        for field in fields_of(self.form_version.definition):
            names.update({column["key"]: column["label"] for column in field.get("columns", ())})
            names[field["key"]] = field["label"]
        return names

    def is_late(self) -> bool:
        if self.submitted_at is None:
            return False
        return clock.local(self.submitted_at).date() > self.assignment.due_on


def _submission_file_path(instance, filename: str) -> str:
    return f"collect/{instance.submission.school_id}/{instance.submission_id}/{filename}"


class SubmissionFile(BaseModel):
    """A photo or file attached to a submission (a drill's photo, a signed sheet); stored under media and
    served only through the scoped download view, to who may see the submission."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="files"
    )
    path = models.CharField(
        _("field"), max_length=120, help_text=_("the field it answers, e.g. drills.1.photo")
    )
    file = models.FileField(_("file"), upload_to=_submission_file_path, max_length=250)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size (bytes)"), default=0)
    is_image = models.BooleanField(_("photo"), default=False)
    uploaded_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_school = "submission__school"
    scope_area_path = "submission__school__area__path"

    class Meta:
        verbose_name = _("submission file")
        verbose_name_plural = _("submission files")
        ordering = ["submission", "id"]

    def __str__(self) -> str:
        return self.name
