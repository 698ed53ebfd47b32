"""Choices of the evaluation app: where a leaf's score comes from, the round's workflow, the tiers."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    """评分来源 of a leaf criterion."""

    INDICATOR = "indicator", _("计算指标")
    SUPERVISION = "supervision", _("督导结果")
    COLLECT = "collect", _("报送任务")
    IMPORT = "import", _("第三方评估")
    EXPERT = "expert", _("专家评分")
    VALUE_ADDED = "value_added", _("增值评价")


#: Sources whose scores the round computes from data already in the platform.
COMPUTED = frozenset({Source.INDICATOR, Source.SUPERVISION, Source.COLLECT, Source.VALUE_ADDED})


class Measure(models.TextChoices):
    """What a supervision or data-reporting leaf measures for one school in the round's year."""

    VISITS = "visits", _("督导次数")
    FINDINGS = "findings", _("发现问题数")
    RECTIFIED_ON_TIME = "rectified_on_time", _("整改按期销号率（%）")
    FORMS_ON_TIME = "forms_on_time", _("报送按时完成率（%）")


MEASURE_SOURCE = {
    Measure.VISITS: Source.SUPERVISION,
    Measure.FINDINGS: Source.SUPERVISION,
    Measure.RECTIFIED_ON_TIME: Source.SUPERVISION,
    Measure.FORMS_ON_TIME: Source.COLLECT,
}


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    COLLECTING = "collecting", _("评分中")
    REVIEW = "review", _("审核中")
    PUBLISHED = "published", _("已发布")


#: The round's workflow: from → the states it may move to (审核 may send it back to 评分).
TRANSITIONS = {
    RoundStatus.DRAFT: {RoundStatus.COLLECTING},
    RoundStatus.COLLECTING: {RoundStatus.REVIEW},
    RoundStatus.REVIEW: {RoundStatus.COLLECTING, RoundStatus.PUBLISHED},
    RoundStatus.PUBLISHED: set(),
}
#: States in which scores may be written (computed, imported, typed).
SCORING = frozenset({RoundStatus.COLLECTING})


class Tier(models.TextChoices):
    """奖优罚劣 tiers."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    IMPROVE = "improve", _("待改进")


TIER_ORDER = (Tier.EXCELLENT, Tier.GOOD, Tier.PASS, Tier.IMPROVE)
TIER_CSS = {Tier.EXCELLENT: "green", Tier.GOOD: "azure", Tier.PASS: "secondary", Tier.IMPROVE: "orange"}
#: The 考评 coefficient a tier gives the school in staffing scores (1 where the school was not evaluated).
TIER_COEFFICIENT = {
    Tier.EXCELLENT: Decimal("1.10"),
    Tier.GOOD: Decimal("1.05"),
    Tier.PASS: Decimal("1.00"),
    Tier.IMPROVE: Decimal("0.95"),
}


class TierMethod(models.TextChoices):
    QUOTA = "quota", _("按比例")
    THRESHOLD = "threshold", _("按分数线")


#: Bands a school sees of its position (quartiles of the published totals), never the league table.
BAND_LABELS = {1: _("前25%"), 2: _("25%–50%"), 3: _("50%–75%"), 4: _("后25%")}

#: Value-added bands (valueadded.band) in Chinese.
VA_BAND_LABELS = {
    "well_above": _("明显高于预期"),
    "above": _("高于预期"),
    "average": _("与预期相当"),
    "below": _("低于预期"),
    "well_below": _("明显低于预期"),
}
VA_BAND_CSS = {
    "well_above": "green",
    "above": "lime",
    "average": "secondary",
    "below": "orange",
    "well_below": "red",
}
#: Schools with fewer matched pupils are flagged: their estimate is shrunk hard and its interval wide.
SMALL_SCHOOL = 30
TOTAL_SUBJECT = ""  # the VA of the total score over all subjects of the exam

AUDIT_ACTIONS = {
    "evaluation.round.transition": pgettext_lazy("audit event", "考评轮次状态变更"),
    "evaluation.round.compute": pgettext_lazy("audit event", "计算考评得分"),
    "evaluation.round.import": pgettext_lazy("audit event", "导入第三方评估得分"),
    "evaluation.round.tiers": pgettext_lazy("audit event", "划分考评等次"),
    "evaluation.score.expert": pgettext_lazy("audit event", "专家评分"),
    "evaluation.exam.import": pgettext_lazy("audit event", "导入考试成绩"),
    "evaluation.scheme.copy": pgettext_lazy("audit event", "复制评价方案"),
}
AUDIT_KEYS = {
    "status_from": pgettext_lazy("audit key", "原状态"),
    "status_to": pgettext_lazy("audit key", "新状态"),
    "scores": pgettext_lazy("audit key", "得分条数"),
    "rows": pgettext_lazy("audit key", "行数"),
    "from": pgettext_lazy("audit key", "复制自方案"),
    "year": pgettext_lazy("audit key", "年度"),
}
