"""Whole sentences about targets, one template per target kind (no database)."""

import datetime as dt
from decimal import Decimal

import pytest

from edubureau.indicators import calculators as calc
from edubureau.planning import target_values as tv
from edubureau.reports.builders.targets import TargetLine, gap_text, short_goal, target_sentence


def _line(kind_comparator, value, unit, *, actual=None, indicator="小学学龄人口入学率", text="", **answer):
    comparator = kind_comparator
    value = None if value is None else Decimal(str(value))
    computed = {}
    if actual is not None:
        computed = {"2019-2020": tv.Computed(code="x", period="2019-2020", value=Decimal(str(actual)))}
    result = tv.evaluate(
        target_id=1,
        comparator=comparator,
        value=value,
        unit=unit,
        text=text or indicator,
        indicator_code="x" if actual is not None else "",
        indicator_unit=unit,
        computed=computed,
        **answer,
    )
    return TargetLine(
        task_number=1,
        indicator=indicator,
        text=text or indicator,
        comparator=comparator,
        value=value,
        unit=result.unit,
        period="",
        answer=result,
    )


KINDS = [
    # (comparator, value, unit, actual, indicator, the figure the sentence must carry)
    ("=", 6650, "人", 6692, "幼儿园计划招生", "6650人"),
    (">=", 98, "%", 97.5, "学前三年入园率", "98%"),
    ("<=", 5, "%", 6, "大班额比例", "5%"),
    ("approx", 300, "人", 120, "种子干部和教师", "300人"),
    ("reduce_by", 32, "个", 31, "大班额班级数", "32个"),
    ("increase_by", 11000, "个", 9000, "新增学位", "11000个"),
]


@pytest.mark.parametrize(("comparator", "value", "unit", "actual", "indicator", "figure"), KINDS)
def test_every_kind_renders_a_whole_sentence_with_its_figure(
    comparator, value, unit, actual, indicator, figure
):
    for line in (
        _line(comparator, value, unit, actual=actual, indicator=indicator),
        _line(comparator, value, unit, indicator=indicator),  # no actual yet
    ):
        sentence = target_sentence(line)
        assert sentence.endswith("。") and sentence.count("。") == 1, sentence
        assert figure in sentence, sentence
        assert "，，" not in sentence and "，。" not in sentence


def test_no_decrease_says_the_change_on_the_previous_year():
    # given: 一般公共预算教育支出逐年只增不减, 990000 this year against 1000000
    answer = tv.evaluate(
        target_id=1,
        comparator=">=",
        value=None,
        unit="",
        text="确保一般公共预算教育支出逐年只增不减",
        indicator_code="education_spending_change",
        indicator_unit="元",
        computed={
            "2019": tv.Computed(
                "education_spending_change", "2019", Decimal(-10000), Decimal(990000), Decimal(1000000)
            )
        },  # fmt: skip
        year_periods={2019: "2019"},
    )
    line = TargetLine(1, "一般公共预算教育支出", "", ">=", None, "元", "逐年", answer)

    sentence = target_sentence(line)

    assert answer.kind == tv.NO_DECREASE and answer.light == calc.RED
    assert (
        sentence
        == "目标：一般公共预算教育支出逐年只增不减，2019年99万元（系统），比上年减少1万元（-1%），未达标。"
    )
    assert gap_text(line) == "比上年减少1万元（-1%）"
    assert short_goal(line) == "逐年只增不减"
    # without a value: a whole sentence still, with its verb
    empty = TargetLine(1, "一般公共预算教育支出", "", ">=", None, "元", "逐年", tv.evaluate(
        target_id=1, comparator=">=", value=None, unit="", text="逐年只增不减", indicator_code="",
        indicator_unit="", computed={}))  # fmt: skip
    assert target_sentence(empty) == "目标：一般公共预算教育支出逐年只增不减，暂无实际值。"


def test_no_decrease_is_green_only_when_every_named_year_grew():
    rows = {
        "2018": tv.Computed("c", "2018", Decimal(5), Decimal(105), Decimal(100)),
        "2019": tv.Computed("c", "2019", Decimal(-1), Decimal(104), Decimal(105)),
    }
    common = {"target_id": 1, "comparator": ">=", "value": None, "unit": "", "indicator_code": "c_change",
              "indicator_unit": "元", "computed": rows}  # fmt: skip
    both = tv.evaluate(**common, text="2018年、2019年只增不减", year_periods={2018: "2018", 2019: "2019"})
    first = tv.evaluate(**common, text="2018年只增不减", year_periods={2018: "2018"})
    assert tv.named_years("2018年、2019年只增不减", plan_year=2019) == (2018, 2019)
    assert (both.light, first.light) == (calc.RED, calc.GREEN)
    assert (first.gap, first.change_percent) == (5, Decimal("5.0"))


def test_a_reported_value_beside_a_computed_one_is_a_note_not_the_actual():
    line = _line(">=", 450, "元", actual=400, indicator="公办幼儿园生均公用经费", reported=Decimal(450),
                 reported_at=dt.datetime(2019, 4, 30, 10, tzinfo=dt.UTC))  # fmt: skip
    assert (line.actual, line.answer.source, line.answer.reported) == (400, tv.INDICATOR, 450)
    assert target_sentence(line) == (
        "目标：公办幼儿园生均公用经费不低于450元，实际400元（系统），差50元。"
        "牵头单位填报值为450元（2019年4月30日），以平台计算值为准。"
    )
    reported_only = _line(">=", 450, "元", indicator="公办幼儿园生均公用经费", reported=Decimal(450))
    assert (reported_only.actual, reported_only.source, reported_only.met) == (450, "填报", True)
