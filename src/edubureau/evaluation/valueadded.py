"""School value-added (增值评价) with honest uncertainty: how much more a school's pupils scored than pupils
who started where they started, with a 95 % interval, in bands rather than a league table.

Model (docs/algorithms.md §4): y_ij = β0 + β1·x_ij + u_j + e_ij, u_j ~ N(0, τ²), e_ij ~ N(0, σ²), where y is
the later score, x the earlier one, j the school. The closed-form empirical-Bayes estimator:

1. β1 from the pooled within-school slope (school means removed, so intake differences do not bend it);
2. residuals of y on x, and each school's mean residual ē_j;
3. σ² from the within-school residual variance, τ² = Var(ē_j) − mean(σ²/n_j) (method of moments, ≥ 0);
4. shrinkage λ_j = τ² / (τ² + σ²/n_j): a school of few pupils is pulled toward zero;
5. VA_j = λ_j·ē_j with SE_j² = λ_j·σ²/n_j, interval VA_j ± 1.96·SE_j.

Bands follow England's Progress 8 practice (DfE, Secondary accountability measures, 2019; FFT Education
Datalab): "average" whenever the interval contains zero; "well above/below" beyond half a residual standard
deviation with the whole interval on that side. National policy asks to 探索增值评价 and to stop ranking
schools by raw scores (中共中央、国务院《深化新时代教育评价改革总体方案》, 2020).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054

WELL_ABOVE = "well_above"
ABOVE = "above"
AVERAGE = "average"
BELOW = "below"
WELL_BELOW = "well_below"


@dataclass(frozen=True)
class SchoolValueAdded:
    school: object
    pupils: int
    raw_mean: float  # the school's mean later score, for comparison only
    residual_mean: float  # ē_j, unshrunk
    value_added: float  # λ_j·ē_j, in score points
    low: float
    high: float
    shrinkage: float
    band: str


@dataclass(frozen=True)
class Fit:
    slope: float
    intercept: float
    sigma: float  # within-school residual standard deviation
    tau: float  # between-school standard deviation of true value-added
    schools: list[SchoolValueAdded]


def band(value: float, low: float, high: float, sigma: float) -> str:
    if low <= 0 <= high:
        return AVERAGE
    if low > 0:
        return WELL_ABOVE if value > 0.5 * sigma else ABOVE
    return WELL_BELOW if value < -0.5 * sigma else BELOW


def fit(schools, prior, score) -> Fit:
    """Value-added per school from parallel arrays (one entry per pupil with both scores)."""
    codes, school_of = np.unique(np.asarray(schools), return_inverse=True)
    x = np.asarray(prior, dtype=float)
    y = np.asarray(score, dtype=float)
    if not (len(x) == len(y) == len(school_of)):
        raise ValueError("schools, prior and score must have one entry per pupil")
    k = len(codes)
    n = np.bincount(school_of, minlength=k).astype(float)
    if k < 2 or len(x) <= k + 1:
        raise ValueError("value-added needs at least two schools and more pupils than schools")

    def means(v):
        return np.bincount(school_of, weights=v, minlength=k) / n

    xd = x - means(x)[school_of]
    yd = y - means(y)[school_of]
    sxx = float(xd @ xd)
    if sxx == 0:
        raise ValueError("the earlier scores do not vary within schools")
    slope = float(xd @ yd) / sxx
    intercept = float(y.mean() - slope * x.mean())
    resid = y - intercept - slope * x
    school_resid = means(resid)
    within = resid - school_resid[school_of]
    sigma2 = float(within @ within) / (len(x) - k - 1)
    tau2 = max(float(np.var(school_resid, ddof=1) - np.mean(sigma2 / n)), 0.0)
    lam = tau2 / (tau2 + sigma2 / n)
    va = lam * school_resid
    se = np.sqrt(lam * sigma2 / n)
    raw = means(y)
    sigma = sigma2**0.5
    rows = [
        SchoolValueAdded(
            school=codes[j].item() if hasattr(codes[j], "item") else codes[j],
            pupils=int(n[j]),
            raw_mean=float(raw[j]),
            residual_mean=float(school_resid[j]),
            value_added=float(va[j]),
            low=float(va[j] - Z95 * se[j]),
            high=float(va[j] + Z95 * se[j]),
            shrinkage=float(lam[j]),
            band=band(float(va[j]), float(va[j] - Z95 * se[j]), float(va[j] + Z95 * se[j]), sigma),
        )
        for j in range(k)
    ]
    return Fit(slope=slope, intercept=intercept, sigma=sigma, tau=tau2**0.5, schools=rows)
