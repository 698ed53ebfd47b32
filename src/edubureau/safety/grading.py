"""平安校园 grading as pure functions: criteria and scores checked, the grade a total earns.

Thresholds: a total of at least 90 % of full marks is a 示范平安校园, at least 75 % a 平安校园 (the bands
the county's 平安校园 assessments commonly use; a scheme with other bands changes ``BANDS``)."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from edubureau.safety.choices import SafeCampusGrade

BANDS = ((0.90, SafeCampusGrade.MODEL), (0.75, SafeCampusGrade.SAFE))


def clean_criteria(criteria: Sequence[tuple[str, int]]) -> list[dict]:
    """``[(title, full marks)]`` as stored rows; a clear message for a missing title or a bad maximum."""
    rows = []
    for n, (title, maximum) in enumerate(criteria, start=1):
        title = (title or "").strip()
        if not title:
            raise ValidationError(_("Criterion {n}: enter its title.").format(n=n))
        try:
            maximum = int(maximum)
        except (TypeError, ValueError):
            maximum = 0
        if maximum <= 0:
            raise ValidationError(_("Criterion {n}: full marks must be a whole number above 0.").format(n=n))
        rows.append({"title": title, "max": maximum})
    if not rows:
        raise ValidationError(_("Give the scheme at least one criterion."))
    return rows


def clean_scores(criteria: Sequence[dict], scores: Sequence) -> list[float]:
    """One score per criterion, each between 0 and its full marks."""
    if len(scores) != len(criteria):
        raise ValidationError(_("Enter a score for each of the {n} criteria.").format(n=len(criteria)))
    values = []
    for criterion, raw in zip(criteria, scores, strict=True):
        try:
            value = float(raw)
        except (TypeError, ValueError):
            value = -1.0
        if not 0 <= value <= criterion["max"]:
            raise ValidationError(
                _("“{title}”: enter a score from 0 to {max}.").format(
                    title=criterion["title"], max=criterion["max"]
                )
            )
        values.append(round(value, 1))
    return values


def grade_of(*, total: float, full: int) -> str:
    share = total / full if full else 0
    for floor, grade in BANDS:
        if share >= floor:
            return grade
    return SafeCampusGrade.BELOW
