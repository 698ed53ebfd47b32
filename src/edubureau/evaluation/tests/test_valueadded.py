"""Value-added on simulated districts whose true school effects are known: it finds them, its intervals hold
them about 95 % of the time, small schools are pulled toward zero, and a school with a strong intake but no
added value is not rewarded for its intake."""

import numpy as np
import pytest

from edubureau.evaluation.valueadded import ABOVE, AVERAGE, BELOW, WELL_ABOVE, WELL_BELOW, band, fit


def district(rng, schools=120, tau=4.0, sigma=10.0, sizes=(20, 200), intake_spread=12.0):
    """Pupils' earlier scores depend on the school's intake; later scores on the earlier ones + the effect."""
    effects = rng.normal(0, tau, schools)
    intake = rng.normal(70, intake_spread, schools)
    n = rng.integers(sizes[0], sizes[1], schools)
    school = np.repeat(np.arange(schools), n)
    prior = rng.normal(intake[school], 8.0)
    score = 10 + 0.9 * prior + effects[school] + rng.normal(0, sigma, len(school))
    return school, prior, score, effects, intake


def test_it_recovers_the_true_effects_and_the_slope():
    rng = np.random.default_rng(1)
    school, prior, score, effects, _ = district(rng)
    result = fit(school, prior, score)
    va = np.array([s.value_added for s in result.schools])
    assert np.corrcoef(va, effects)[0, 1] > 0.9
    assert result.slope == pytest.approx(0.9, abs=0.03)
    assert result.sigma == pytest.approx(10.0, rel=0.02)  # 9.89 on 12,587 pupils
    assert result.tau == pytest.approx(np.std(effects, ddof=1), rel=0.25)


def test_intervals_hold_the_true_effect_about_95_percent_of_the_time():
    rng = np.random.default_rng(2)
    inside = total = 0
    for _ in range(20):
        school, prior, score, effects, _ = district(rng, schools=60, sizes=(5, 60))
        for s in fit(school, prior, score).schools:
            inside += s.low <= effects[s.school] <= s.high
            total += 1
    # 0.9375 measured; intervals without the shrinkage in their width would hold 0.967 (too wide).
    assert 0.92 <= inside / total <= 0.96


def test_a_small_school_is_pulled_toward_zero_more_than_a_large_one():
    rng = np.random.default_rng(3)
    school, prior, score, _, _ = district(rng, sizes=(5, 400))
    rows = sorted(fit(school, prior, score).schools, key=lambda s: s.pupils)
    small, large = rows[0], rows[-1]
    assert small.shrinkage < large.shrinkage < 1
    assert abs(small.value_added) <= abs(small.residual_mean)
    assert (small.high - small.low) > (large.high - large.low)


def test_a_strong_intake_is_not_value_added():
    # Every school adds nothing; intakes differ widely. Raw means rank schools by intake, value-added does not.
    rng = np.random.default_rng(4)
    school, prior, score, _, intake = district(rng, tau=0.0, intake_spread=15.0)
    result = fit(school, prior, score)
    raw = np.array([s.raw_mean for s in result.schools])
    unshrunk = np.array([s.residual_mean for s in result.schools])
    assert np.corrcoef(raw, intake)[0, 1] > 0.9
    # What is left is sampling noise (its slope error times the intake spread), a tenth of the raw spread.
    assert abs(np.corrcoef(unshrunk, intake)[0, 1]) < 0.5
    assert np.std(unshrunk) < 0.1 * np.std(raw)
    assert sum(s.band == AVERAGE for s in result.schools) >= 0.9 * len(result.schools)


@pytest.mark.parametrize(
    ("value", "low", "high", "expected"),
    [
        (6.0, 1.0, 11.0, WELL_ABOVE),
        (4.0, 0.5, 7.5, ABOVE),
        (4.0, -0.1, 8.1, AVERAGE),
        (-4.0, -8.1, 0.1, AVERAGE),
        (-4.0, -7.5, -0.5, BELOW),
        (-6.0, -11.0, -1.0, WELL_BELOW),
        (5.0, 0.2, 9.8, ABOVE),  # exactly half a standard deviation is not "well above"
    ],
)
def test_bands(value, low, high, expected):
    assert band(value, low, high, sigma=10.0) == expected


def test_input_it_cannot_use_is_refused():
    with pytest.raises(ValueError, match="two schools"):
        fit([1, 1, 1], [50, 60, 70], [55, 65, 75])
    with pytest.raises(ValueError, match="one entry per pupil"):
        fit([1, 2], [50], [55, 60])
    with pytest.raises(ValueError, match="do not vary"):
        fit([1, 1, 2, 2, 2], [50, 50, 60, 60, 60], [55, 56, 65, 66, 64])


def test_the_spread_of_true_effects_is_not_inflated_by_the_noise_of_small_schools():
    # With 5–40 pupils a school's mean residual scatters by σ/√n on top of its true effect; τ must not.
    rng = np.random.default_rng(0)
    school, prior, score, effects, _ = district(rng, schools=200, sizes=(5, 40))
    result = fit(school, prior, score)
    unshrunk = np.std([s.residual_mean for s in result.schools], ddof=1)
    assert result.tau == pytest.approx(np.std(effects, ddof=1), rel=0.1)  # 4.14 against 3.85
    assert unshrunk > 1.15 * np.std(effects, ddof=1)  # 4.79: what τ would be without the correction


@pytest.mark.parametrize(("schools", "sizes"), [(50, (50, 400)), (100, (50, 300)), (200, (100, 300))])
def test_estimates_track_the_planted_effects_and_intervals_cover_them_at_95_percent(schools, sizes):
    """The issue's bar, on districts of several sizes (fixed seed, 10 districts each): EB estimates correlate
    ≥ 0.95 with the planted effects, and the 95 % intervals hold the planted (uncentred) effect for 93–97 %
    of schools — which needs the error of the district line in the SE, not only the school's own noise."""
    rng = np.random.default_rng(schools)
    inside = total = 0
    correlations = []
    for _ in range(10):
        school, prior, score, effects, _ = district(rng, schools=schools, sizes=sizes)
        result = fit(school, prior, score)
        va = np.array([s.value_added for s in result.schools])
        correlations.append(np.corrcoef(va, effects)[0, 1])
        for s in result.schools:
            inside += s.low <= effects[s.school] <= s.high
            total += 1
    assert np.mean(correlations) >= 0.95
    assert 0.93 <= inside / total <= 0.97


def test_contextual_attainment_finds_the_same_schools():
    rng = np.random.default_rng(5)
    school, prior, score, effects, _ = district(rng, schools=60, sizes=(80, 200))
    from edubureau.evaluation.valueadded import contextual

    ctx = contextual(school, prior, score)
    assert np.corrcoef([ctx[j][1] for j in range(60)], effects)[0, 1] > 0.9
    assert sum(ctx[j][0] for j in range(60)) == len(school)


def test_statsmodels_mixedlm_agrees_when_installed():
    """Cross-check against statsmodels' random-intercept MixedLM (optional: skipped without statsmodels)."""
    sm = pytest.importorskip("statsmodels.formula.api")
    pd = pytest.importorskip("pandas")
    rng = np.random.default_rng(6)
    school, prior, score, _, _ = district(rng, schools=40, sizes=(30, 120))
    ours = fit(school, prior, score)
    frame = pd.DataFrame({"school": school, "prior": prior, "score": score})
    theirs = sm.mixedlm("score ~ prior", frame, groups=frame["school"]).fit(reml=True)
    blups = np.array([theirs.random_effects[j].iloc[0] for j in range(40)])
    va = np.array([s.value_added for s in ours.schools])
    assert np.corrcoef(va, blups)[0, 1] > 0.99
    assert ours.slope == pytest.approx(theirs.fe_params["prior"], abs=0.02)
    assert ours.tau**2 == pytest.approx(float(theirs.cov_re.iloc[0, 0]), rel=0.25)
