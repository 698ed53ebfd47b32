"""Code lists of 基建项目 (plan task 20, 全力推进项目攻坚): project kinds, the five stages a project passes
through, funding sources, milestones, and the audit labels of the project services.

Labels are written in Chinese: they are the bureau's own terms (预备项目, 前期, 主体封顶 …)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProjectKind(models.TextChoices):
    NEW_SCHOOL = "new_school", _("新建学校")
    EXPANSION = "expansion", _("改扩建")
    COMPLEX_BUILDING = "complex_building", _("综合楼")
    TEACHING_BUILDING = "teaching_building", _("教学楼")
    CANTEEN = "canteen", _("食堂")
    DORMITORY = "dormitory", _("宿舍楼")
    SPORTS = "sports", _("运动场")
    OTHER = "other", _("其他")


class Stage(models.TextChoices):
    """预备 → 前期 → 在建 → 竣工 → 交付使用: the stages in the order a project passes them."""

    PREPARATORY = "preparatory", _("预备")
    PRELIMINARY = "preliminary", _("前期")
    CONSTRUCTION = "construction", _("在建")
    COMPLETED = "completed", _("竣工")
    DELIVERED = "delivered", _("交付使用")


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
    CENTRAL = "central", _("中央资金")
    PROVINCIAL = "provincial", _("省级资金")
    CITY = "city", _("市级资金")
    DISTRICT = "district", _("区级财政")
    SPECIAL_BOND = "special_bond", _("专项债")
    SOCIAL = "social", _("社会资本")


class MilestoneKind(models.TextChoices):
    """The milestones of a school building project, in their usual order."""

    APPROVAL = "approval", _("立项")
    LAND = "land", _("用地")
    PERMIT = "permit", _("施工许可")
    GROUNDBREAKING = "groundbreaking", _("开工")
    TOPPING_OUT = "topping_out", _("主体封顶")
    ACCEPTANCE = "acceptance", _("竣工验收")
    HANDOVER = "handover", _("交付")


#: The school levels a project adds places to, and the project field that holds them.
PLACE_FIELDS = {
    "preschool": "places_preschool",
    "primary": "places_primary",
    "junior": "places_junior",
    "senior": "places_senior",
}

AUDIT_ACTIONS = {
    "projects.capitalproject.advance": pgettext_lazy("audit event", "项目阶段推进"),
    "projects.capitalproject.deliver": pgettext_lazy("audit event", "项目交付使用，学位计入学校"),
    "projects.projectpayment.create": pgettext_lazy("audit event", "登记拨付"),
    "projects.projectmilestone.done": pgettext_lazy("audit event", "节点完成"),
    "projects.capitalproject.revert": pgettext_lazy("audit event", "Project moved back a stage"),
    "projects.milestonefile.create": pgettext_lazy("audit event", "Milestone file added"),
    "projects.earmarkpayment.create": pgettext_lazy("audit event", "Earmarked payment recorded"),
}
AUDIT_KEYS = {
    "stage_from": pgettext_lazy("audit key", "原阶段"),
    "stage_to": pgettext_lazy("audit key", "新阶段"),
    "reached_on": pgettext_lazy("audit key", "到达日期"),
    "project": pgettext_lazy("audit key", "项目"),
    "places": pgettext_lazy("audit key", "新增学位"),
    "reason": pgettext_lazy("audit key", "Reason"),
}
AUDIT_VALUES = {
    "stage_from": Stage.choices,
    "stage_to": Stage.choices,
}
