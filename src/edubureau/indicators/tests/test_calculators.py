"""The pure formulas, without a database."""

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
