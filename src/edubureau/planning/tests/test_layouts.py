"""Plans in the other layouts bureaus write (README.md in this folder says what each one exercises)."""

import json

import pytest

from edubureau.planning.parser import parse_file

from .conftest import DATA

LAYOUTS = ["restart-sections", "zero-padded", "three-levels", "table", "pdf-wrapped", "one-line", "truncated"]


@pytest.mark.parametrize("name", LAYOUTS)
def test_layout_against_gold(name):
    gold = json.loads((DATA / f"{name}.gold.json").read_text(encoding="utf-8"))
    assert parse_file(DATA / f"{name}.txt").to_dict() == gold


def test_numbering_restarting_per_section_keys_items_by_section():
    plan = parse_file(DATA / "restart-sections.txt")
    assert [(i.section, i.number) for i in plan.items] == [
        ("一", 1),
        ("一", 2),
        ("二", 1),
        ("二", 2),
        ("二", 3),
        ("三", 1),
        ("三", 2),
    ]
    assert plan.date == "2020-02-18"
    assert plan.title == "某某县教育局2020年工作要点"


def test_zero_padded_numbers_ascii_brackets_and_co_units():
    plan = parse_file(DATA / "zero-padded.txt")
    assert [i.number for i in plan.items] == [1, 2, 3, 4, 5, 6]
    first = plan.items[0]
    assert first.lead_units == ["基础教育股"]
    assert first.co_units == ["计财股", "督导室"]
    assert plan.items[3].lead_units == ["人事股", "计财股"]  # ASCII comma
    assert plan.notice_title == "榕城县教育局关于印发2021年全县教育工作要点的通知"
    # the 版记 (抄送, 印发) is not part of the last item
    assert plan.items[-1].body == "改造校舍面积12000平方米，为农村学校配备图书10万册。"


def test_three_levels_keep_the_sub_section():
    plan = parse_file(DATA / "three-levels.txt")
    assert [(i.section, i.subsection, i.number) for i in plan.items] == [
        ("一", "（一）加强政治建设", 1),
        ("一", "（一）加强政治建设", 2),
        ("一", "（二）加强作风建设", 1),
        ("二", "（一）提高学前教育质量", 1),
        ("二", "（二）深化课程改革", 1),
        ("二", "（二）深化课程改革", 2),
    ]
    assert plan.date == "2022-01-20"  # 二〇二二年一月二十日


def test_table_rows_give_items_with_lead_co_units_and_due():
    plan = parse_file(DATA / "table.txt")
    assert [(s.numeral, s.title) for s in plan.sections] == [("一", "办学条件"), ("二", "教育质量")]
    first = plan.items[0]
    assert (first.number, first.section, first.title) == (1, "一", "推进学校建设项目")
    assert (first.lead_units, first.co_units, first.due) == (["基建办"], ["计财股"], "2023年12月")
    assert plan.items[3].co_units == []
    # 进入前五名 is a rank, not a count
    assert [t.value for t in plan.items[2].targets] == [3]


def test_pdf_wrapped_plan_rejoins_words_and_headings():
    plan = parse_file(DATA / "pdf-wrapped.txt")
    assert plan.sections[0].title == "扩大优质教育资源供给，加快补齐基础教育发展中的短板弱项"
    assert plan.notice_title == "滨海区教育局关于印发《2020年滨海区教育工作要点》的通知"
    assert plan.items[0].targets[1].text == "新增公办学位5400个"  # 学\n位 re-joined


def test_one_line_plan_with_cover_notice():
    plan = parse_file(DATA / "one-line.txt")
    assert (plan.doc_number, plan.issuer, plan.date) == ("云溪教〔2022〕3号", "云溪县教育局", "2022-01-25")
    assert [(i.section, i.number, i.title) for i in plan.items] == [
        ("一", 1, "加强基层党建"),
        ("一", 2, "加强廉政建设"),
        ("二", 1, "提高教学质量"),
        ("二", 2, "强化安全工作"),
    ]


def test_truncated_plan_flags_the_last_item():
    plan = parse_file(DATA / "truncated.txt")
    last = plan.items[-1]
    assert last.truncated and not any(i.truncated for i in plan.items[:-1])
    assert last.body == "新建中小学2所，完成投资1.6亿元，力争年内新增学位32"
    assert [t.value for t in last.targets] == [2, 160_000_000]  # "新增学位32" was cut: no target
    assert plan.warnings
