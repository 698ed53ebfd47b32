"""Which library indicator a plan target's wording names, and how sure that is.

A target is matched through ``indicators.library.target_bindings()`` (a phrase of the plan → an indicator
code). The match is **high** confidence when the phrase is in the target's indicator (what the parser
read as the thing measured, e.g. 初中学龄人口入学率) and the target is counted in the indicator's unit (or,
for a 只增不减 target, names no unit); publishing binds those by itself. It is **low** when the phrase is
only somewhere in the target's sentence (小学、初中学龄人口入学率分别达到… names both levels) or the units
differ: the page suggests it and a person confirms. Pure: no ORM.
"""

from __future__ import annotations

from dataclasses import dataclass

from edubureau.indicators.library import LIBRARY, target_bindings

HIGH, LOW = "high", "low"


@dataclass(frozen=True)
class Match:
    code: str
    confidence: str


def match(*, indicator: str, text: str = "", unit: str = "", value=None) -> Match | None:
    """The indicator a target names, with the confidence of the match; None when none is named."""
    for needle, code in target_bindings():
        definition = LIBRARY.get(code)
        if definition is None:
            continue
        if needle in indicator:
            same_unit = unit == definition.unit or (not unit and value is None)
            return Match(code, HIGH if same_unit else LOW)
    for needle, code in target_bindings():
        if needle in text and code in LIBRARY:
            return Match(code, LOW)
    return None
