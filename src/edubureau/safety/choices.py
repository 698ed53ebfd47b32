"""Code lists of school safety (工作要点第24条): hazard categories, levels and states; the 校园欺凌 process
(教督〔2017〕10号); 校外培训机构 states and inspection results; the 平安校园 grades."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.core import escalation


class HazardCategory(models.TextChoices):
    FIRE = "fire", _("fire safety")
    ELECTRICAL = "electrical", _("electrical")
    BUILDING = "building", _("buildings and facilities")
    FOOD = "food", _("food and hygiene")
    TRAFFIC = "traffic", _("traffic and school buses")
    SURROUNDINGS = "surroundings", _("school surroundings")
    LAB = "lab", _("laboratories and chemicals")
    OTHER = "other", _("other")


class HazardLevel(models.TextChoices):
    """一般 / 较大 / 重大: a 重大 hazard goes to the 安全保卫股 at once."""

    GENERAL = "general", pgettext_lazy("hazard level", "general")
    LARGER = "larger", pgettext_lazy("hazard level", "larger")
    MAJOR = "major", pgettext_lazy("hazard level", "major")


class HazardSource(models.TextChoices):
    SCHOOL = "school", _("school self-inspection")
    SUPERVISOR = "supervisor", _("responsible supervisor")
    INSPECTION = "inspection", _("bureau inspection")


class HazardStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("hazard status", "reported")
    ASSIGNED = "assigned", pgettext_lazy("hazard status", "assigned")
    FIXED = "fixed", pgettext_lazy("hazard status", "fixed")
    RETURNED = "returned", pgettext_lazy("hazard status", "returned")
    VERIFIED = "verified", pgettext_lazy("hazard status", "verified")


#: States in which the school owes the fix: the deadline runs and the urge ladder applies.
HAZARD_AWAITING_SCHOOL = frozenset({HazardStatus.REPORTED, HazardStatus.ASSIGNED, HazardStatus.RETURNED})
HAZARD_UNFINISHED = frozenset({*HAZARD_AWAITING_SCHOOL, HazardStatus.FIXED})

HAZARD_STATUS_CSS = {
    HazardStatus.REPORTED: "bg-azure-lt",
    HazardStatus.ASSIGNED: "bg-blue-lt",
    HazardStatus.FIXED: "bg-yellow-lt",
    HazardStatus.RETURNED: "bg-orange-lt",
    HazardStatus.VERIFIED: "bg-green-lt",
}
LEVEL_CSS = {
    HazardLevel.GENERAL: "bg-secondary-lt",
    HazardLevel.LARGER: "bg-orange-lt",
    HazardLevel.MAJOR: "bg-red text-white",
}

# One ladder for plan tasks, rectifications and hazards (core.escalation).
UrgeLevel = escalation.UrgeLevel


class FileStage(models.TextChoices):
    FOUND = "found", _("when found")
    FIXED = "fixed", _("after the fix")


# --- 校园欺凌 -------------------------------------------------------------------------------------------


class BullyingStatus(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("bullying status", "reported")
    INVESTIGATING = "investigating", _("under investigation")
    DETERMINED = "determined", _("determined")
    APPEALED = "appealed", _("appealed")
    REVIEWING = "reviewing", _("under review")
    CLOSED = "closed", pgettext_lazy("bullying status", "closed")


BULLYING_STATUS_CSS = {
    BullyingStatus.REPORTED: "bg-azure-lt",
    BullyingStatus.INVESTIGATING: "bg-yellow-lt",
    BullyingStatus.DETERMINED: "bg-blue-lt",
    BullyingStatus.APPEALED: "bg-orange-lt",
    BullyingStatus.REVIEWING: "bg-orange-lt",
    BullyingStatus.CLOSED: "bg-green-lt",
}


class BullyingSource(models.TextChoices):
    STAFF = "staff", _("staff member")
    STUDENT = "student", _("student")
    PARENT = "parent", _("parent")
    OTHER = "other", _("other")


class BullyingSeverity(models.TextChoices):
    """教督〔2017〕10号 二(二)3: 情节轻微 / 情节较重 / 情节恶劣、屡教不改 (and 涉嫌违法犯罪)."""

    MINOR = "minor", _("minor")
    SERIOUS = "serious", _("serious")
    GRAVE = "grave", _("grave or repeated")
    CRIMINAL = "criminal", _("suspected offence (police)")


# --- 校外培训机构 ---------------------------------------------------------------------------------------


class CentreStatus(models.TextChoices):
    LICENSED = "licensed", _("licensed")
    SUSPENDED = "suspended", _("suspended for rectification")
    REVOKED = "revoked", _("licence revoked")


class InspectionResult(models.TextChoices):
    PASSED = "passed", _("passed")
    RECTIFY = "rectify", _("rectify within a deadline")
    SUSPEND = "suspend", _("suspend and rectify")


class ComplaintStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("complaint status", "open")
    HANDLED = "handled", _("handled")


# --- 平安校园 -------------------------------------------------------------------------------------------


class SafeCampusGrade(models.TextChoices):
    """The grade a total earns (thresholds in ``safety.grading``)."""

    MODEL = "model", _("model safe campus")
    SAFE = "safe", _("safe campus")
    BELOW = "below", _("below standard")


#: Event names of the safety audit codes (the History tab; see ``core.audit.action_label``).
AUDIT_ACTIONS = {
    "safety.hazard.report": pgettext_lazy("audit event", "Hazard reported"),
    "safety.hazard.assign": pgettext_lazy("audit event", "Hazard assigned"),
    "safety.hazard.fix": pgettext_lazy("audit event", "Hazard fixed"),
    "safety.hazard.verify": pgettext_lazy("audit event", "Hazard fix verified"),
    "safety.hazard.return": pgettext_lazy("audit event", "Hazard fix returned"),
    "safety.hazard.urge": pgettext_lazy("audit event", "Urge notice issued"),
    "safety.bullyingcase.report": pgettext_lazy("audit event", "Bullying case reported"),
    "safety.bullyingcase.view": pgettext_lazy("audit event", "Bullying case viewed"),
    "safety.bullyingcase.investigate": pgettext_lazy("audit event", "Investigation started"),
    "safety.bullyingcase.determine": pgettext_lazy("audit event", "Case determined"),
    "safety.bullyingcase.appeal": pgettext_lazy("audit event", "Appeal received"),
    "safety.bullyingcase.review": pgettext_lazy("audit event", "Review started"),
    "safety.bullyingcase.conclude": pgettext_lazy("audit event", "Review concluded"),
    "safety.bullyingcase.close": pgettext_lazy("audit event", "Case closed"),
    "safety.bullyingcase.handler_add": pgettext_lazy("audit event", "Handler added"),
    "safety.centreinspection.close": pgettext_lazy("audit event", "Rectification verified"),
    "safety.complaint.handle": pgettext_lazy("audit event", "Complaint handled"),
    "safety.campusgrade.score": pgettext_lazy("audit event", "Safe-campus scores entered"),
}
AUDIT_KEYS = {
    "note": pgettext_lazy("audit key", "Note"),
    "notice": pgettext_lazy("audit key", "Notice number"),
    "level": pgettext_lazy("audit key", "Notice level"),
    "handler": pgettext_lazy("audit key", "Handler"),
    "files": pgettext_lazy("audit key", "Files"),
}
AUDIT_VALUES = {"level": UrgeLevel.choices, "urge_level": UrgeLevel.choices}
