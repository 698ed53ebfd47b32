"""Choices of the evaluation app: where a leaf's score comes from, the round's workflow, the tiers."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    """评分来源 of a leaf criterion."""

    INDICATOR = "indicator", _("Computed indicator")
    SUPERVISION = "supervision", _("Supervision results")
    COLLECT = "collect", _("Data reporting")
    IMPORT = "import", _("Third-party evaluation")
    EXPERT = "expert", _("Expert scoring")
    VALUE_ADDED = "value_added", _("Value-added")


#: Sources whose scores the round computes from data already in the platform.
COMPUTED = frozenset({Source.INDICATOR, Source.SUPERVISION, Source.COLLECT, Source.VALUE_ADDED})


class Measure(models.TextChoices):
    """What a supervision or data-reporting leaf measures for one school in the round's year."""

    VISITS = "visits", _("Supervision visits")
    FINDINGS = "findings", _("Number of findings")
    RECTIFIED_ON_TIME = "rectified_on_time", _("Rectifications closed on time (%)")
    FORMS_ON_TIME = "forms_on_time", _("Forms submitted on time (%)")


MEASURE_SOURCE = {
    Measure.VISITS: Source.SUPERVISION,
    Measure.FINDINGS: Source.SUPERVISION,
    Measure.RECTIFIED_ON_TIME: Source.SUPERVISION,
    Measure.FORMS_ON_TIME: Source.COLLECT,
}


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    COLLECTING = "collecting", _("Scoring")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", pgettext_lazy("evaluation", "Published")


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

    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    IMPROVE = "improve", _("Needs improvement")


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
    QUOTA = "quota", _("By quota")
    THRESHOLD = "threshold", _("By score threshold")


#: Bands a school sees of its position (quartiles of the published totals), never the league table.
BAND_LABELS = {1: _("Top 25%"), 2: _("25%–50%"), 3: _("50%–75%"), 4: _("Bottom 25%")}

#: Value-added bands (valueadded.band) in Chinese.
VA_BAND_LABELS = {
    "well_above": _("Well above expected"),
    "above": _("Above expected"),
    "average": _("As expected"),
    "below": _("Below expected"),
    "well_below": _("Well below expected"),
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
    "evaluation.round.transition": pgettext_lazy("audit event", "Evaluation round status changed"),
    "evaluation.round.compute": pgettext_lazy("audit event", "Evaluation scores computed"),
    "evaluation.round.import": pgettext_lazy("audit event", "Third-party evaluation scores imported"),
    "evaluation.round.tiers": pgettext_lazy("audit event", "Evaluation tiers assigned"),
    "evaluation.score.expert": pgettext_lazy("audit event", "Expert scoring"),
    "evaluation.exam.import": pgettext_lazy("audit event", "Exam results imported"),
    "evaluation.scheme.copy": pgettext_lazy("audit event", "Evaluation scheme copied"),
}
AUDIT_KEYS = {
    "status_from": pgettext_lazy("audit key", "Previous status"),
    "status_to": pgettext_lazy("audit key", "New status"),
    "scores": pgettext_lazy("audit key", "Scores"),
    "rows": pgettext_lazy("audit key", "Rows"),
    "from": pgettext_lazy("audit key", "Copied from scheme"),
    "year": pgettext_lazy("audit key", "Year"),
}
