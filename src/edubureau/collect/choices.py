"""Code lists of data collection (数据填报): submission states, assignment periods, the audit event names."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SubmissionStatus(models.TextChoices):
    """填报状态. ``pending``: nothing saved yet (missing data, never zero); ``draft``: saved, not sent."""

    PENDING = "pending", _("not started")
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    ACCEPTED = "accepted", _("accepted")


#: States in which the school may still edit its submission.
EDITABLE = (SubmissionStatus.PENDING, SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
#: States in which the school has sent its figures (they count in the numbers).
SENT = (SubmissionStatus.SUBMITTED, SubmissionStatus.ACCEPTED)

STATUS_CSS = {
    SubmissionStatus.PENDING: "bg-secondary-lt",
    SubmissionStatus.DRAFT: "bg-yellow-lt",
    SubmissionStatus.SUBMITTED: "bg-blue-lt",
    SubmissionStatus.RETURNED: "bg-orange-lt",
    SubmissionStatus.ACCEPTED: "bg-green-lt",
}


class Frequency(models.TextChoices):
    """How often a form is collected; an assignment is one period of it."""

    ONCE = "once", _("once")
    MONTHLY = "monthly", _("monthly")
    TERM = "term", _("per term")
    YEARLY = "yearly", _("yearly")


AUDIT_ACTIONS = {
    "collect.form.create": pgettext_lazy("audit event", "Form created"),
    "collect.form.define": pgettext_lazy("audit event", "Form fields changed"),
    "collect.form.version": pgettext_lazy("audit event", "New form version started"),
    "collect.assignment.create": pgettext_lazy("audit event", "Form assigned to schools"),
    "collect.submission.save": pgettext_lazy("audit event", "Submission draft saved"),
    "collect.submission.submit": pgettext_lazy("audit event", "Submission sent"),
    "collect.submission.accept": pgettext_lazy("audit event", "Submission accepted"),
    "collect.submission.return": pgettext_lazy("audit event", "Submission returned"),
    "collect.submission.upload": pgettext_lazy("audit event", "Submissions uploaded from Excel"),
    "collect.submission.attach": pgettext_lazy("audit event", "Photo or file attached"),
    "collect.indicators.compute": pgettext_lazy("audit event", "Reported figures computed"),
}
AUDIT_KEYS = {
    "values": pgettext_lazy("audit key", "Values"),
    "reason": pgettext_lazy("audit key", "Reason"),
    "definition": pgettext_lazy("audit key", "Fields"),
    "period": pgettext_lazy("audit key", "Period"),
    "due_on": pgettext_lazy("audit key", "Due date"),
    "schools": pgettext_lazy("audit key", "Schools"),
    "file": pgettext_lazy("audit key", "File"),
    "rows": pgettext_lazy("audit key", "Rows"),
    "field": pgettext_lazy("audit key", "Field"),
    "size": pgettext_lazy("audit key", "Size (bytes)"),
}
AUDIT_VALUES = {"status": SubmissionStatus.choices}
