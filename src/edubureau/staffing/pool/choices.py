"""Code lists of the 周转池 (turnover pool) and the 校际交流 (rotation) plan, and their audit labels.

Labels are the bureau's own Chinese terms (病假, 产假, 借调, 顶岗 …)."""

from django.db import models
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from edubureau.registry.choices import Level


class LeaveReason(models.TextChoices):
    """Why a post is temporarily vacant."""

    SICK = "sick", _("sick leave")
    MATERNITY = "maternity", _("maternity leave")
    SECONDMENT = "secondment", _("secondment")


class VacancyStatus(models.TextChoices):
    OPEN = "open", _("waiting for cover")
    COVERED = "covered", _("covered")
    CANCELLED = "cancelled", _("withdrawn")


class RunStatus(models.TextChoices):
    """A dispatch run is proposed by the algorithm, then confirmed (or discarded) by the 教师服务中心."""

    PROPOSED = "proposed", _("to be confirmed")
    CONFIRMED = "confirmed", _("confirmed")
    DISCARDED = "discarded", _("discarded")


class DispatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("proposed")
    CONFIRMED = "confirmed", _("sent")
    CANCELLED = "cancelled", pgettext_lazy("cover", "cancelled")


class ServiceRating(models.TextChoices):
    """顶岗服务评价 by the host school (管理办法: counted in the teacher's 三考评 record)."""

    NONE = "", _("not evaluated")
    EXCELLENT = "excellent", _("excellent")
    GOOD = "good", _("satisfactory")
    POOR = "poor", _("unsatisfactory")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("plan", "draft")
    CONFIRMED = "confirmed", _("confirmed")
    DISCARDED = "discarded", _("discarded")


# Level codes a pool teacher may teach (学段), with their names (the registry's: 学前, 小学, 初中, 高中).
POOL_LEVELS = {lv: Level(lv).label for lv in ("preschool", "primary", "junior", "senior")}


def level_sep() -> str:
    """The separator of a list of words in the active language: 、 in Chinese, a comma in English."""
    return ", " if (get_language() or "").startswith("en") else "、"


def level_names(codes) -> str:
    """The levels' names as a list in the active language (小学、初中 / primary, junior secondary)."""
    return level_sep().join(str(POOL_LEVELS.get(code, code)) for code in codes)


AUDIT_ACTIONS = {
    "staffing.dispatchrun.run": pgettext_lazy("audit event", "顶岗调配计算"),
    "staffing.dispatchrun.confirm": pgettext_lazy("audit event", "确认顶岗调配"),
    "staffing.dispatchrun.discard": pgettext_lazy("audit event", "作废顶岗调配"),
    "staffing.dispatch.confirm": pgettext_lazy("audit event", "派出顶岗"),
    "staffing.dispatch.cancel": pgettext_lazy("audit event", "取消顶岗"),
    "staffing.dispatch.evaluate": pgettext_lazy("audit event", "评价顶岗服务"),
    "staffing.vacancy.cancel": pgettext_lazy("audit event", "撤销空缺"),
    "staffing.rotationplan.propose": pgettext_lazy("audit event", "生成交流方案"),
    "staffing.rotationplan.confirm": pgettext_lazy("audit event", "确认交流方案"),
    "staffing.rotationplan.discard": pgettext_lazy("audit event", "Rotation plan discarded"),
    "staffing.rotationplan.apply": pgettext_lazy("audit event", "Rotation plan applied to the registry"),
    "staffing.teacher.rotate": pgettext_lazy("audit event", "Moved on rotation to another school"),
}
