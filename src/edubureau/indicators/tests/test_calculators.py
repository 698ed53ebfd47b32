"""The pure formulas, without a database."""

import math

import pytest

from edubureau.indicators import calculators as calc


def test_cv_worked_example_of_the_reference():
    # given the 生均图书 example of domain-rules §4c
    pupils = [45, 37, 89, 76, 55]
    books = [279, 137, 935, 160, 402]
    # when
    cv = calc.weighted_cv(pupils, books)
    # then x̄ = 6.334 and CV = 0.515 (the source rounds to 0.52)
    assert sum(books) / sum(pupils) == pytest.approx(6.334, abs=1e-3)
    assert cv == pytest.approx(0.515, abs=5e-4)


def test_cv_leaves_out_schools_without_pupils_and_is_none_without_data():
    assert calc.weighted_cv([10, 0], [50, 999]) == 0
    assert calc.weighted_cv([], []) is None
    assert calc.weighted_cv([10], [0]) is None


def test_class_size_summary_counts_bands_and_51_55():
    summary = calc.class_size_summary([(45, "primary"), (46, "primary"), (51, "junior"), (55, "junior"),
                                       (56, "junior"), (66, "senior")])  # fmt: skip
    assert summary["classes"] == 6
    assert summary["standard"] == 1 and summary["above_standard"] == 3
    assert summary["large"] == 2 and summary["very_large"] == 1
    assert summary["size_51_55"] == 2
    assert summary["over_standard"] == 5  # 46 > 45 (primary); 51, 55, 56, 66 > 50


def test_staffing_norm_rounds_up_per_level():
    assert calc.staffing_norm({"primary": 20, "junior": 14, "special": 10}) == 2 + 2


def test_balance_school_needs_six_of_seven_and_the_rest_near():
    standards = {k: v["primary"] for k, v in calc.BALANCE_STANDARDS.items()}
    assert calc.balance_school_result(standards, "primary") == (7, True)
    near = {**standards, "equipment": 0.9 * standards["equipment"]}
    assert calc.balance_school_result(near, "primary") == (6, True)
    far = {**standards, "equipment": 0.5 * standards["equipment"]}
    assert calc.balance_school_result(far, "primary") == (6, False)


@pytest.mark.parametrize(
    ("comparator", "target", "actual", "unit", "light"),
    [
        ("=", 6650, 6692, "人", "green"),
        ("=", 6650, 6000, "人", "yellow"),
        ("=", 6650, 5000, "人", "red"),
        (">=", 98, 98.3, "%", "green"),
        ("=", 100, 99.0, "%", "yellow"),
        ("reduce_by", 32, 31, "个", "yellow"),
        ("reduce_by", 32, 40, "个", "green"),
        (">=", None, -5, "", "red"),
        (">=", None, 5, "", "green"),
        (">=", 450, 400, "元", "red"),
        (">=", 450, None, "元", "grey"),
    ],
)
def test_target_light(comparator, target, actual, unit, light):
    assert calc.target_light(comparator=comparator, target=target, actual=actual, unit=unit) == light


# --- each side of every threshold (issue 17) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("share", "near"),
    [(1.0, True), (0.85, True), (0.849, False), (0.84, False), (0.80, False)],
)
def test_balance_near_the_standard_is_85_percent_inclusive(share, near):
    standards = {k: v["primary"] for k, v in calc.BALANCE_STANDARDS.items()}
    values = {**standards, "equipment": share * standards["equipment"]}  # 2000 yuan: 1700 is 85 %
    met, ok = calc.balance_school_result(values, "primary")
    assert (met, ok) == ((7, True) if share == 1.0 else (6, near))


def test_balance_needs_six_met_and_a_missing_value_is_not_near():
    standards = {k: v["junior"] for k, v in calc.BALANCE_STANDARDS.items()}
    two_near = {**standards, "equipment": 0.9 * 2500, "floor_area": 0.9 * 5.8}
    assert calc.balance_school_result(two_near, "junior") == (5, False)
    missing = {**standards, "equipment": None}
    assert calc.balance_school_result(missing, "junior") == (6, False)
    just_under = {**standards, "sports_area": 10.19}
    assert calc.balance_school_result(just_under, "junior") == (6, True)


@pytest.mark.parametrize(
    ("size", "band", "large", "very_large", "in_51_55"),
    [
        (45, "standard", 0, 0, 0),
        (46, "above_standard", 0, 0, 0),
        (50, "above_standard", 0, 0, 0),
        (51, "above_standard", 0, 0, 1),
        (55, "above_standard", 0, 0, 1),
        (56, "large_class", 1, 0, 0),
        (65, "large_class", 1, 0, 0),
        (66, "very_large_class", 1, 1, 0),
    ],
)
def test_class_size_band_edges(size, band, large, very_large, in_51_55):
    summary = calc.class_size_summary([(size, "junior")])
    assert summary[band] == 1
    assert (summary["large"], summary["very_large"], summary["size_51_55"]) == (large, very_large, in_51_55)
    assert calc.band_counts([size])[band] == 1


@pytest.mark.parametrize(
    ("size", "level", "over"),
    [(45, "primary", 0), (46, "primary", 1), (50, "junior", 0), (51, "junior", 1), (50, "senior", 0),
     (51, "senior", 1), (80, "preschool", 0)],
)  # fmt: skip
def test_over_the_level_standard(size, level, over):
    assert calc.class_size_summary([(size, level)])["over_standard"] == over


@pytest.mark.parametrize(
    ("comparator", "target", "actual", "unit", "light"),
    [
        # <=: green at the target, yellow up to 5 % over, red beyond
        ("<=", 100, 100, "%", "green"),
        ("<=", 100, 105, "%", "yellow"),
        ("<=", 100, 105.1, "%", "red"),
        ("<=", 100, 109, "%", "red"),
        # planned enrolment (人): green within ±5 %, yellow within ±10 %, red beyond
        ("=", 100, 105, "人", "green"),
        ("=", 100, 95, "人", "green"),
        ("=", 100, 105.5, "人", "yellow"),
        ("=", 100, 94, "人", "yellow"),
        ("=", 100, 110, "人", "yellow"),
        ("=", 100, 111, "人", "red"),
        ("=", 100, 89, "人", "red"),
        ("approx", 300, 318, "人", "yellow"),
        ("=", 0, 0, "人", "green"),
        ("=", 0, 1, "人", "red"),
        # >= (and = in other units): green at the target, yellow down to 98 %, red below
        (">=", 100, 100, "%", "green"),
        (">=", 100, 99.9, "%", "yellow"),
        (">=", 100, 98, "%", "yellow"),
        (">=", 100, 97.9, "%", "red"),
        (">=", 100, 96, "%", "red"),
        ("=", 450, 441, "元", "yellow"),
        ("=", 450, 440, "元", "red"),
        # reduce/increase by: yellow from half the promised change
        ("reduce_by", 32, 32, "个", "green"),
        ("reduce_by", 32, 16, "个", "yellow"),
        ("reduce_by", 32, 15, "个", "red"),
        ("increase_by", None, 0, "个", "green"),
        ("increase_by", None, -1, "个", "red"),
        (">=", None, 0, "", "green"),
    ],
)
def test_target_light_on_each_side_of_each_band(comparator, target, actual, unit, light):
    assert calc.target_light(comparator=comparator, target=target, actual=actual, unit=unit) == light


def test_target_gap():
    assert calc.target_gap(comparator=">=", target=98, actual=97.5) == -0.5
    assert calc.target_gap(comparator="reduce_by", target=None, actual=3) == 3
    assert calc.target_gap(comparator="<=", target=None, actual=3) is None
    assert calc.target_gap(comparator=">=", target=98, actual=None) is None


@pytest.mark.parametrize(
    ("levels", "norm"),
    [
        ({"primary": 19}, 1),
        ({"primary": 20}, 2),
        ({"junior": 27}, 2),
        ({"junior": 28}, 3),
        ({"senior": 25}, 2),
        ({"senior": 26}, 3),
        ({"vocational": 26}, 3),
        ({"preschool": 7}, 1),
        ({"preschool": 8}, 2),
        ({"primary": 0, "special": 40}, 0),
    ],
)
def test_staffing_norm_edges(levels, norm):
    assert calc.staffing_norm(levels) == norm


def test_rates_and_ages():
    assert calc.ratio(1, 0) is None and calc.ratio(None, 4) is None and calc.ratio(0, 4) == 0
    assert calc.percent(1, 4) == 25 and calc.per_hundred(3, 150) == 2
    assert calc.population_in_ages({2: 100, 3: 1, 5: 2, 6: 100}, 3, 5) == 3
    assert calc.change(5, 7) == -2 and calc.change(None, 7) is None and calc.change(5, None) is None
    assert calc.balance_value("floor_area", 450, 100) == 4.5
    assert calc.balance_value("multimedia_rooms", 3, 150) == 2


def test_level_shares_weigh_pupils():
    shares = calc.level_shares({"primary": 100, "junior": 100}, calc.LEVEL_WEIGHT)
    assert shares["primary"] == pytest.approx(1 / 2.1) and shares["junior"] == pytest.approx(1.1 / 2.1)
    assert calc.level_shares({"junior": 0, "senior": 10}, calc.COMPLETE_SECONDARY_WEIGHT) == {"senior": 1.0}
    assert calc.level_shares({}, calc.LEVEL_WEIGHT) == {}


def test_cv_of_equal_schools_is_zero_and_of_unequal_is_weighted():
    assert calc.weighted_cv([10, 20], [50, 100]) == 0
    # x = 1 and 3 per pupil, weights 1/2 each: mean 2, S = 1, CV = 0.5
    assert calc.weighted_cv([10, 10], [10, 30]) == pytest.approx(0.5)
    # weights 3/4 and 1/4: mean 1.5, S = sqrt(0.75·0.25 + 0.25·2.25) = 0.866, CV = 0.577
    assert calc.weighted_cv([30, 10], [30, 30]) == pytest.approx(math.sqrt(0.75) / 1.5)


def test_thresholds_of_the_rules():
    assert calc.CV_LIMIT == {"primary": 0.50, "junior": 0.45}
    assert calc.FUNDING_FLOOR == {"kindergarten": 450, "primary": 650, "nine_year": 650, "junior": 850, "complete_secondary": 900,
                                  "senior": 900}  # fmt: skip
    assert calc.BALANCE_MIN_PUPILS == 50


def test_counts_add_up_over_several_classes():
    assert calc.band_counts([40, 40, 70]) == {"standard": 2, "above_standard": 0, "large_class": 0,
                                              "very_large_class": 1}  # fmt: skip
    summary = calc.class_size_summary([(66, "junior"), (70, "junior"), (40, "primary")])
    assert (summary["classes"], summary["pupils"]) == (3, 176)
    assert (summary["very_large"], summary["large"]) == (2, 2)
    assert calc.class_size_summary([])["pupils"] == 0


def test_cv_needs_one_resource_per_school_and_positive_pupils():
    with pytest.raises(ValueError):
        calc.weighted_cv([10, 20], [50])
    assert calc.weighted_cv([10, -10], [10, 30]) == 0  # a negative count is left out like a zero
    assert calc.weighted_cv([1, 1], [1, 3]) == pytest.approx(0.5)  # one pupil is a school too


def test_level_shares_weigh_a_level_without_a_weight_as_one():
    shares = calc.level_shares({"primary": 10, "special": 10}, calc.LEVEL_WEIGHT)
    assert shares == {"primary": 0.5, "special": 0.5}


def test_increase_and_gap_without_a_target():
    assert calc.percent(1, 0) is None and calc.percent(None, 5) is None
    assert calc.target_light(comparator="increase_by", target=10, actual=5) == "yellow"
    assert calc.target_light(comparator="increase_by", target=10, actual=4) == "red"
    for comparator in (">=", "reduce_by", "increase_by"):
        assert calc.target_gap(comparator=comparator, target=None, actual=3) == 3
