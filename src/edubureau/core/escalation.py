"""The urge-notice ladder shared by plan tasks (督办单) and rectifications (督整): 蓝 → 橙 → 红.

A notice is numbered per year under a counter row that the caller locks (the plan, the county), so two
notices issued at once never share a number.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _


class UrgeLevel(models.IntegerChoices):
    """催办 → 督办 → 约谈: 蓝 (reminder) → 橙 (warning, 限期办结) → 红 (约谈, escalated)."""

    BLUE = 1, _("blue notice")
    ORANGE = 2, _("orange notice")
    RED = 3, _("red notice")


def ladder_level(*, open_level: int, requested: int | None = None) -> int:
    """The level of the next notice: one step above the highest open one, or a higher one asked for."""
    level = requested or open_level + 1
    if level > UrgeLevel.RED:
        raise ValidationError({"level": _t("A red notice is already open: the ladder has no higher step.")})
    if level <= open_level:
        raise ValidationError(
            {"level": _t("A notice of this level or higher is already open; issue a higher level.")}
        )
    return level


def next_number(notices: models.QuerySet, *, counter: models.QuerySet) -> int:
    """The next number among ``notices`` (one year's, one counter's); locks the ``counter`` row first."""
    counter.select_for_update().first()
    last = notices.order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1
