import pytest

from edubureau.planning.parser import parse_plan
from edubureau.planning.parser.header import parse_date, split_names


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("2019年3月28日", "2019-03-28"),
        ("２０１９年３月２８日", "2019-03-28"),
        ("二〇一九年三月二十八日", "2019-03-28"),
        ("2019 年 12 月 1 日", "2019-12-01"),
        ("2019年13月1日", None),
    ],
)
def test_dates(text, iso):
    assert parse_date(text) == iso


@pytest.mark.parametrize(
    "number_line",
    [
        "泉港教综〔2019〕55号",
        "泉港教综[2019]55号",
        "泉港教综【2019】55号",
        "泉港教综（2019）55号",
        "泉港教综〔2019〕第055号",
    ],
)
def test_document_number_in_the_gbt9704_form(number_line):
    plan = parse_plan(f"{number_line}\n2019年工作要点\n一、总体\n1.加强党建。\n2.加强管理。\n")
    assert plan.doc_number == "泉港教综〔2019〕55号"


def test_names_split_outside_brackets():
    assert split_names("各中学、中心小学，局机关各股（室）、直属事业单位：") == [
        "各中学",
        "中心小学",
        "局机关各股（室）",
        "直属事业单位",
    ]


def test_signature_after_the_last_item_is_not_body():
    plan = parse_plan(
        "2020年工作要点\n1.加强党建。开展活动。\n2.加强管理。完善制度。\n某县教育局\n2020年2月1日\n"
    )
    assert (plan.issuer, plan.date) == ("某县教育局", "2020-02-01")
    assert plan.items[-1].body == "完善制度。"


def test_printed_line_and_cc_end_the_body():
    plan = parse_plan(
        "2020年工作要点\n1.加强党建。开展活动。\n抄送：市教育局，县委办。\n县教育局办公室  2020年2月1日印发\n"
    )
    assert plan.cc == ["市教育局", "县委办"]
    assert plan.items[-1].body == "开展活动。"


def test_plan_without_any_header():
    plan = parse_plan("1.加强党建。开展活动。\n2.加强管理。完善制度。\n")
    assert plan.title is None and plan.doc_number is None
    assert [i.title for i in plan.items] == ["加强党建", "加强管理"]
