"""Code lists of 基建项目 (plan task 20, 全力推进项目攻坚): project kinds, the five stages a project passes
through, funding sources, milestones, and the audit labels of the project services.

Labels are English msgids; the bureau's own terms (预备, 前期, 主体封顶 …) are their zh_Hans translations."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectKind(models.TextChoices):
    NEW_SCHOOL = "new_school", _("Newly built school")
    EXPANSION = "expansion", _("Rebuilding and extension")
    COMPLEX_BUILDING = "complex_building", _("Multi-purpose building")
    TEACHING_BUILDING = "teaching_building", _("Teaching building")
    CANTEEN = "canteen", _("Canteen")
    DORMITORY = "dormitory", _("Dormitory")
    SPORTS = "sports", _("Sports ground")
    OTHER = "other", _("Other")


class Stage(models.TextChoices):
    """预备 → 前期 → 在建 → 竣工 → 交付使用: the stages in the order a project passes them."""

    PREPARATORY = "preparatory", _("Preparatory")
    PRELIMINARY = "preliminary", _("Preliminary work")
    CONSTRUCTION = "construction", _("Under construction")
    COMPLETED = "completed", _("Completed")
    DELIVERED = "delivered", _("Delivered")


STAGE_ORDER = [s.value for s in Stage]
#: The project field holding the date each stage was reached.
STAGE_DATE_FIELD = {
    Stage.PREPARATORY: "preparatory_on",
    Stage.PRELIMINARY: "preliminary_on",
    Stage.CONSTRUCTION: "construction_on",
    Stage.COMPLETED: "completed_on",
    Stage.DELIVERED: "delivered_on",
}
STAGE_CSS = {
    Stage.PREPARATORY: "bg-secondary-lt",
    Stage.PRELIMINARY: "bg-azure-lt",
    Stage.CONSTRUCTION: "bg-orange-lt",
    Stage.COMPLETED: "bg-teal-lt",
    Stage.DELIVERED: "bg-green-lt",
}


def next_stage(stage: str) -> str | None:
    i = STAGE_ORDER.index(stage)
    return STAGE_ORDER[i + 1] if i + 1 < len(STAGE_ORDER) else None


class FundingSource(models.TextChoices):
    CENTRAL = "central", _("Central government funds")
    PROVINCIAL = "provincial", _("Provincial funds")
    CITY = "city", _("City funds")
    DISTRICT = "district", _("District budget")
    SPECIAL_BOND = "special_bond", _("Special-purpose bonds")
    SOCIAL = "social", _("Private capital")


class MilestoneKind(models.TextChoices):
    """The milestones of a school building project, in their usual order."""

    APPROVAL = "approval", _("Project approval")
    LAND = "land", _("Land")
    PERMIT = "permit", _("Construction permit")
    GROUNDBREAKING = "groundbreaking", _("Groundbreaking")
    TOPPING_OUT = "topping_out", _("Topping out")
    ACCEPTANCE = "acceptance", _("Completion acceptance")
    HANDOVER = "handover", _("Handover")


#: The school levels a project adds places to, and the project field that holds them.
PLACE_FIELDS = {
    "preschool": "places_preschool",
    "primary": "places_primary",
    "junior": "places_junior",
    "senior": "places_senior",
}

AUDIT_ACTIONS = {
    "projects.capitalproject.advance": pgettext_lazy("audit event", "Project stage advanced"),
    "projects.capitalproject.deliver": pgettext_lazy(
        "audit event", "Project delivered, places added to the school"
    ),
    "projects.projectpayment.create": pgettext_lazy("audit event", "Payment recorded"),
    "projects.projectmilestone.done": pgettext_lazy("audit event", "Milestone done"),
    "projects.capitalproject.revert": pgettext_lazy("audit event", "Project moved back a stage"),
    "projects.milestonefile.create": pgettext_lazy("audit event", "Milestone file added"),
    "projects.earmarkpayment.create": pgettext_lazy("audit event", "Earmarked payment recorded"),
}
AUDIT_KEYS = {
    "stage_from": pgettext_lazy("audit key", "Stage before"),
    "stage_to": pgettext_lazy("audit key", "Stage after"),
    "reached_on": pgettext_lazy("audit key", "Reached on"),
    "project": pgettext_lazy("audit key", "Project"),
    "places": pgettext_lazy("audit key", "Places added"),
    "reason": pgettext_lazy("audit key", "Reason"),
}
AUDIT_VALUES = {
    "stage_from": Stage.choices,
    "stage_to": Stage.choices,
}
