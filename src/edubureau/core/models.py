"""Base model and the cross-cutting tables: the audit log and background jobs."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.scoping import RestrictedQuerySet


class BaseModel(models.Model):
    """Every domain model: creation and update times, an edit version, and the scoped queryset.

    ``version`` counts the saves of a stored row (``save`` below; the imports' bulk updates count too); an
    edit made on an older version (the API's ``If-Match``, the edit page's hidden field) is refused by
    ``core.services.object_update`` rather than silently undoing someone else's change. The database
    default lets the bulk writers (``core.bulk``, the demo) leave it out.
    """

    created_at = clock.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = clock.DateTimeField(_("updated at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        """Saving a stored row counts one more version. Services save rows they have read under a lock
        (``object_update``, the workflows' ``_locked``), so the count they read is the current one."""
        update_fields = kwargs.get("update_fields")
        if not self._state.adding and (update_fields is None or update_fields):
            if "version" in self.get_deferred_fields():
                self.version = models.F("version") + 1
            else:
                self.version += 1
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version"}
        super().save(*args, **kwargs)
        if isinstance(self.version, models.expressions.Combinable):
            del self.__dict__["version"]  # read again when asked


class CountyColumn(models.Model):
    """The county a row belongs to, copied from its parent: the distribution column a sharded deployment
    needs (docs/scale.md). Every table that refers to a county-distributed table carries it, so that the
    foreign keys between them can include it (``core.tests.test_sharding`` checks the whole model graph).

    ``county_from`` names the parent whose ``county_id`` the row takes when it is saved without one; writers
    that ``bulk_create`` set ``county_id`` themselves (no query per row)."""

    county = models.ForeignKey(
        "registry.Area", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    county_from: str = ""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self._fill_county()
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        self._fill_county()  # before the check that the county is given
        super().clean_fields(exclude=exclude)

    def _fill_county(self) -> None:
        if self.county_id is None:
            self.county_id = getattr(self, self.county_from).county_id


class AuditEntry(models.Model):
    """审计日志: one row per change to a domain object or workflow event (who, when, what, before/after)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = clock.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(
        _("action"), max_length=80, help_text=_("namespaced code, e.g. registry.school.update")
    )
    content_type = models.ForeignKey(ContentType, verbose_name=_("object type"), on_delete=models.PROTECT)
    object_id = models.CharField(_("object id"), max_length=40)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id", "-at"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_repr}"

    def changes(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for the fields that differ."""
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]


def _result_path(job: "Job", filename: str) -> str:
    return f"jobs/results/{job.owner_id}/{filename}"


class Job(models.Model):
    """A background job (import, recomputation, report build) whose progress a page polls."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=60)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveIntegerField(_("progress done"), default=0)
    total = models.PositiveIntegerField(_("progress total"), default=0)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    input_file = models.FileField(_("input file"), upload_to="jobs/%Y/%m/", blank=True)
    # What the job made for its owner (an export workbook): under var/media/jobs/results/<owner>/, served
    # only to the owner by ``core:job_file`` (never by the media URL), with the name in ``result["filename"]``.
    result_file = models.FileField(_("result file"), upload_to=_result_path, blank=True)
    created_at = clock.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return _("Background job #{pk}").format(pk=self.pk)

    @property
    def percent(self) -> int:
        return (
            100
            if self.status == self.Status.DONE
            else int(100 * self.progress / self.total)
            if self.total
            else 0
        )


class Notification(models.Model):
    """站内消息: one message to one user, written by any app through ``core.notifications.notify``.

    One table for every app (plan tasks, supervision, …) so that the header's unread count is one COUNT
    and the messages page one list; the message is a whole sentence rendered when it is written, ``url``
    the page where the user acts. ``key`` makes a message idempotent: one per user and key.
    """

    class Kind(models.TextChoices):
        TASK_ASSIGNED = "task_assigned", _("task assigned")
        DUE_SOON = "due_soon", _("due soon")
        OVERDUE = "overdue", _("overdue")
        URGE = "urge", _("urge notice")
        RETURNED = "returned", _("returned for rework")
        REPORT_RETURNED = "report_returned", _("progress report returned")
        EXTENSION_REQUESTED = "extension_requested", _("extension requested")
        EXTENSION = "extension", _("extension decided")
        CLOSURE_REQUESTED = "closure_requested", _("closure requested")
        RECTIFICATION_OPENED = "rectification_opened", _("rectification opened")
        RECTIFICATION_RETURNED = "rectification_returned", _("rectification returned")
        RECTIFICATION_ANSWERED = "rectification_answered", _("rectification answered")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    message = models.CharField(_("message"), max_length=300)
    url = models.CharField(_("link"), max_length=300, blank=True)
    key = models.CharField(_("key"), max_length=120)
    emailed = models.BooleanField(_("emailed"), default=False)
    created_at = clock.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="core_notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="core_notification_unread_idx")]

    def __str__(self) -> str:
        return self.message


class DataVersion(models.Model):
    """A counter the database moves on every committed write to a group of tables (``core.pagecache``):
    the version the pages' cached figures are keyed by. Written by triggers only."""

    name = models.CharField(_("name"), max_length=40, primary_key=True)
    version = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("data version")
        verbose_name_plural = _("data versions")

    def __str__(self) -> str:
        return f"{self.name} {self.version}"
