"""The turnover pool (周转池): which pool teacher covers which temporary vacancy (病假/产假/借调).

Minimum-cost assignment over vacancies × pool teachers with one "unfilled" column per vacancy:
min Σ c(v, t) + P · (unfilled vacancies), each teacher covering at most one vacancy of this round and each
vacancy covered at most once; a pair is forbidden where the teacher does not teach the subject or level or is
not available for the whole vacancy. The constraint matrix is totally unimodular, so the assignment is the
optimum of the stated cost (docs/algorithms.md §2; scipy's linear_sum_assignment, Crouse 2016).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment

EARTH_RADIUS_KM = 6371.0088  # mean radius, IUGG


def great_circle_km(lat1, lon1, lat2, lon2):
    """Haversine distance in km; numbers or numpy arrays (broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(np.subtract(lon2, lon1))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def dispatch(costs: np.ndarray, unfilled: float) -> tuple[list[int | None], float]:
    """For each vacancy (row of ``costs``) the column of its teacher or None, and the total cost with every
    unfilled vacancy counted at ``unfilled``. ``costs[v, t]`` is NaN where the pair is forbidden."""
    nv, nt = costs.shape
    if nv == 0:
        return [], 0.0
    allowed = ~np.isnan(costs)
    big = unfilled * (nv + 1) + (float(np.abs(costs[allowed]).sum()) if allowed.any() else 0.0) + 1.0
    matrix = np.full((nv, nt + nv), big)
    matrix[:, :nt] = np.where(allowed, costs, big)
    matrix[np.arange(nv), nt + np.arange(nv)] = unfilled  # vacancy v left unfilled
    rows, cols = linear_sum_assignment(matrix)
    chosen: list[int | None] = [None] * nv
    total = 0.0
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        if c < nt and allowed[r, c]:
            chosen[r] = c
            total += float(costs[r, c])
        else:
            total += unfilled
    return chosen, total
