"""Properties over arbitrary text (hypothesis)."""

import json
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from edubureau.planning.parser import parse_plan

# Text made of the pieces plans are made of, so that the generator reaches headings, brackets and numbers.
_PIECES = st.sampled_from(
    [
        "一、",
        "二、",
        "（一）",
        "1.",
        "2.",
        "01.",
        "（1）",
        "。",
        "；",
        "，",
        "：",
        "\n",
        "\t",
        " ",
        "（",
        "）",
        "(",
        ")",
        "牵头单位：",
        "责任单位:",
        "抄送：",
        "关于印发",
        "《",
        "》",
        "“",
        "”",
        "的通知",
        "各中学：",
        "2019年3月28日",
        "泉港教综〔2019〕55号",
        "第",
        "每半年",
        "每年",
        "分别达到",
        "和",
        "以上",
        "以内",
        "左右",
        "减少",
        "新增",
        "约",
        "98%",
        "100%",
        "6.22亿元",
        "150万元",
        "12个",
        "9所",
        "300名",
        "一次",
        "三通两平台",
        "只增不减",
        "序号\t工作任务\t牵头单位",
        "综合股",
        "加强教育系统党的建设",
        "入学率",
        "0",
        "7",
        "十",
        "五",
        "万",
        "亿",
        "元",
        "人",
        "%",
        "‰",
        "-",
        ".",
    ]
)
_TEXT = st.one_of(st.lists(_PIECES, max_size=60).map("".join), st.text(max_size=300))


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_never_crashes_and_returns_json(text):
    plan = parse_plan(text)
    json.dumps(plan.to_dict(), ensure_ascii=False)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
@example("一、一、（牵头单位：））")  # an empty lead statement before a stray bracket: the title was 一、）
def test_never_invents_text(text):
    """Every target text, item title and lead unit is in the input (line breaks aside)."""
    plan = parse_plan(text)
    source = _squash(text)
    targets = plan.preamble_targets + [t for i in plan.items for t in i.targets]
    for t in targets:
        assert _squash(t.text) in source
        assert t.value is None or t.value >= 0
    for item in plan.items:
        assert _squash(item.title) in source
        for unit in item.lead_units + item.co_units:
            assert _squash(unit) in source


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=14, max_value=35))
def test_wrapping_width_does_not_change_items(width):
    """Any wrap width that cuts at least two lines (one cut line alone cannot be told from a title)."""
    base = (
        "2020年工作要点\n一、推进教育公平，全力扩大优质教育资源供给，加快补齐短板\n"
        "1.扩大学前教育资源。新建、改扩建公办幼儿园3所，新增学位900个，普惠性幼儿园覆盖率达到85%以上。\n"
        "（牵头单位：基础教育科、计划财务科）\n"
        "2.化解大班额。义务教育学校班额控制在45人以内，大班额比例降至5%以下。\n（牵头单位：基础教育科）\n"
    )
    expected = parse_plan(base).to_dict()
    wrapped = "\n".join(line[i : i + width] for line in base.splitlines() for i in range(0, len(line), width))
    got = parse_plan(wrapped).to_dict()
    assert [(i["title"], i["lead_units"], i["targets"]) for i in got["items"]] == [
        (i["title"], i["lead_units"], i["targets"]) for i in expected["items"]
    ]
