"""组织调剂 and the turnover pool: who is left to what is left, at the least total cost.

A rectangular minimum-cost assignment (``scipy.optimize.linear_sum_assignment``, a modified Jonker–Volgenant,
Crouse 2016): each teacher fills at most one place, each place takes at most one teacher, a pair the rules
forbid (subject, 学段) is never made, and as many places as possible are filled before cost is weighed —
a place left empty costs more than any allowed pair. Cost is what the bureau sets (distance, mismatch of
grade band, days idle); measured sizes and timings: ``docs/algorithms.md`` §2.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping, Sequence

import numpy as np
from scipy.optimize import linear_sum_assignment


def assign(
    teachers: Sequence[Hashable],
    places: Mapping[Hashable, int],
    cost: Callable[[Hashable, Hashable], float | None],
) -> dict[Hashable, Hashable | None]:
    """Each teacher's place (a key of ``places``) or None; ``cost(teacher, place)`` is None where the pair is
    not allowed."""
    columns = [place for place, n in places.items() for _ in range(max(n, 0))]
    result: dict[Hashable, Hashable | None] = dict.fromkeys(teachers)
    if not teachers or not columns:
        return result
    matrix = np.array([[cost(t, p) for p in columns] for t in teachers], dtype=float)  # None -> nan
    allowed = ~np.isnan(matrix)
    if not allowed.any():
        return result
    # Filling one more place must outweigh any saving in cost: every allowed pair costs less than the gap.
    spread = float(np.nanmax(matrix) - min(np.nanmin(matrix), 0.0)) + 1.0
    forbidden = spread * (min(len(teachers), len(columns)) + 1)
    weights = np.where(allowed, matrix - forbidden, 0.0)
    rows, cols = linear_sum_assignment(weights)
    for r, c in zip(rows, cols, strict=True):
        if allowed[r, c]:
            result[teachers[r]] = columns[c]
    return result
