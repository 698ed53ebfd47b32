"""班额 (class size) bands: a pure module, shared by the registry pages and the indicator engine.

The bands are the Ministry of Education's (domain-rules §2; 陈宝生, 2018-03-16: “66人以上超大班额 … 56人以上
大班额”): up to 45 standard, 46–55 above standard (偏大, “controlled” under the 基本均衡 cap of 55), 56–65
大班额, 66 and more 超大班额. The 2019 three-ministry opinion asks for all ≥66 classes gone and ≥56 classes
basically gone by the end of 2020. The per-level standard (优质均衡, 教督〔2017〕6号, 政府保障 item 5: primary
≤45, junior ≤50) is a separate test: ``over_standard``.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SizeBand(models.TextChoices):
    STANDARD = "standard", _("standard (≤45)")
    ABOVE_STANDARD = "above_standard", _("above standard (46–55)")
    LARGE_CLASS = "large_class", _("large class (56–65)")
    VERY_LARGE_CLASS = "very_large_class", _("very large class (≥66)")


# Inclusive (lowest, highest) pupils of each band; None means unbounded.
BAND_RANGES: dict[str, tuple[int | None, int | None]] = {
    SizeBand.STANDARD: (None, 45),
    SizeBand.ABOVE_STANDARD: (46, 55),
    SizeBand.LARGE_CLASS: (56, 65),
    SizeBand.VERY_LARGE_CLASS: (66, None),
}

# The colour classes of site.css, one per band.
BAND_CSS = {
    SizeBand.STANDARD: "size-standard",
    SizeBand.ABOVE_STANDARD: "size-large",
    SizeBand.LARGE_CLASS: "size-big",
    SizeBand.VERY_LARGE_CLASS: "size-huge",
}

# 优质均衡 政府保障 item 5 (primary 45, junior 50); senior secondary 50 (domain-rules §2).
STANDARD_SIZE_BY_LEVEL = {"primary": 45, "junior": 50, "senior": 50}


def size_band(pupils: int) -> SizeBand:
    """The MoE band of a class of ``pupils`` enrolled pupils."""
    if pupils <= 45:
        return SizeBand.STANDARD
    if pupils <= 55:
        return SizeBand.ABOVE_STANDARD
    if pupils <= 65:
        return SizeBand.LARGE_CLASS
    return SizeBand.VERY_LARGE_CLASS


def size_band_css(pupils: int) -> str:
    return BAND_CSS[size_band(pupils)]


def over_standard(pupils: int, level: str) -> bool:
    """Whether a class exceeds its level's standard size (levels without a standard never do)."""
    limit = STANDARD_SIZE_BY_LEVEL.get(level)
    return limit is not None and pupils > limit
