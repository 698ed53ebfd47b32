import pytest

from edubureau.planning.parser.leads import find_leads, split_units, strip_spans


@pytest.mark.parametrize(
    ("text", "lead", "co"),
    [
        ("加强建设。\n（牵头单位：综合股、系统党办、组织人事股）", ["综合股", "系统党办", "组织人事股"], []),
        ("加强建设(责任单位:德育股,安全保卫股)。", ["德育股", "安全保卫股"], []),
        ("加强建设（责任科室：办公室）", ["办公室"], []),
        ("开展活动。(责任单位: 基础教育股; 配合单位: 计财股、督导室)", ["基础教育股"], ["计财股", "督导室"]),
        ("（牵头单位：综合股；责任单位：德育股、团委）", ["综合股"], ["德育股", "团委"]),
        ("（牵头股室：安全股）", ["安全股"], []),
        ("【牵头单位】教研室、教育股\n", ["教研室", "教育股"], []),
        ("内容。\n牵头单位：计财股、基建办", ["计财股", "基建办"], []),
        ("（牵头单位：局机关各股（室））", ["局机关各股（室）"], []),
        ("（分管领导：张三；牵头单位：人事科）", ["人事科"], []),
        ("（牵头单位：教育和体育局办公室）", ["教育和体育局办公室"], []),
    ],
)
def test_lead_unit_forms(text, lead, co):
    found = find_leads(text)
    assert found.lead_units == lead
    assert found.co_units == co


def test_lead_statement_is_cut_from_the_text():
    text = "开展活动（责任科室：德育股）。继续做好工作。\n（牵头单位：综合股）"
    found = find_leads(text)
    assert strip_spans(text, found.spans) == "开展活动。继续做好工作。"
    assert found.lead_units == ["德育股", "综合股"]


def test_a_bracket_wrapped_over_a_line_break():
    assert find_leads("（牵头单位：中职教股、初教股、\n组织人事股）").lead_units == [
        "中职教股",
        "初教股",
        "组织人事股",
    ]


def test_unclosed_bracket_at_the_end_drops_the_cut_name():
    found = find_leads("（牵头单位：安全保卫股、社")
    assert found.unclosed
    assert found.lead_units == ["安全保卫股"]


def test_other_brackets_are_not_lead_units():
    assert find_leads("落实《意见》（泉港委组综〔2017〕37号），（试行）").lead_units == []


def test_split_units_table_cell():
    assert split_units("计财股、基建办") == ["计财股", "基建办"]
    assert split_units("计财股 基建办") == ["计财股", "基建办"]
