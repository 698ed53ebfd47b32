"""三考评: one teacher's score from the three evaluations, line by line, over plain data (no database).

score = (学校考核分 × 考核权重 + 个人档案分 × 档案权重) ÷ 100 × 学校评价系数, rounded to 0.01.
个人档案分 (at most 100) = 教龄 (1 point a year, at most 30) + 职称 + 骨干 + 获奖 (at most 10) + 交流 (5 points a
year, at most 10); the points are the scheme's defaults in ``choices``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from edubureau.staffing import choices as c

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RecordInput:
    service_years: int
    title_rank: str
    backbone_level: str
    award_points: Decimal
    exchange_years: int


def _pts(value) -> str:
    """Points as written: 3, 2.5 (no trailing zeros)."""
    return f"{Decimal(value).normalize():f}"


def record_lines(r: RecordInput) -> list[dict]:
    """The 个人档案分 lines: (key, basis, points); the keys are shown by label on the teacher's page."""
    service = min(Decimal(max(r.service_years, 0)) * c.SERVICE_POINTS_PER_YEAR, Decimal(c.SERVICE_POINTS_MAX))
    exchange = min(Decimal(r.exchange_years * c.EXCHANGE_POINTS_PER_YEAR), Decimal(c.EXCHANGE_POINTS_MAX))
    return [
        {"key": "service", "basis": r.service_years, "points": _pts(service)},
        {"key": "title", "basis": r.title_rank, "points": _pts(c.TITLE_POINTS.get(r.title_rank, 0))},
        {
            "key": "backbone",
            "basis": r.backbone_level,
            "points": _pts(c.BACKBONE_POINTS.get(r.backbone_level, 0)),
        },
        {
            "key": "awards",
            "basis": _pts(r.award_points),
            "points": _pts(min(r.award_points, Decimal(c.AWARD_POINTS_MAX))),
        },
        {"key": "exchange", "basis": r.exchange_years, "points": _pts(exchange)},
    ]


def record_points(lines: list[dict]) -> Decimal:
    return min(sum((Decimal(x["points"]) for x in lines), Decimal(0)), Decimal(100))


def total(
    *,
    appraisal: Decimal,
    record: Decimal,
    coefficient: Decimal,
    weight_appraisal: Decimal,
    weight_record: Decimal,
) -> Decimal:
    raw = (appraisal * weight_appraisal + record * weight_record) / Decimal(100) * coefficient
    return raw.quantize(CENT, rounding=ROUND_HALF_UP)
