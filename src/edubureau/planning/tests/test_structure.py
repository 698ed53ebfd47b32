"""Heading levels, item level and preamble, on small inline plans."""

from edubureau.planning.parser import parse_plan
from edubureau.planning.parser.structure import split_title


def test_items_at_the_second_level_restart_per_section():
    plan = parse_plan(
        "2021年工作要点\n一、党建\n（一）加强党建。开展活动。\n（二）加强廉政。每季度召开一次会议。\n二、教学\n（一）提高质量。优秀率达到90%。\n"
    )
    assert [(i.section, i.number, i.title) for i in plan.items] == [
        ("一", 1, "加强党建"),
        ("一", 2, "加强廉政"),
        ("二", 1, "提高质量"),
    ]


def test_a_single_level_with_lead_units_is_the_item_level():
    plan = parse_plan(
        "2021年工作要点\n一、加强党建。开展活动。（牵头单位：办公室）\n二、加强廉政。完善制度。（牵头单位：纪检组）\n"
    )
    assert plan.sections == []
    assert [(i.section, i.number, i.lead_units) for i in plan.items] == [
        (None, 1, ["办公室"]),
        (None, 2, ["纪检组"]),
    ]


def test_a_numbered_list_before_the_first_section_is_preamble():
    plan = parse_plan(
        "2021年工作要点\n主要目标：\n1.入园率达到95%。\n2.巩固率达到98%以上。\n"
        "一、党建\n1.加强党建。开展活动。（牵头单位：办公室）\n2.加强廉政。完善制度。（牵头单位：纪检组）\n"
    )
    assert [(i.section, i.number) for i in plan.items] == [("一", 1), ("一", 2)]
    assert [(t.text, t.indicator, t.value) for t in plan.preamble_targets] == [
        ("入园率达到95%", "入园率", 95),
        ("巩固率达到98%以上", "巩固率", 98),
    ]
    assert plan.preamble[0].label == "主要目标"


def test_sections_without_items_count_as_preamble_for_targets():
    plan = parse_plan(
        "2021年工作要点\n一、总体要求\n坚持立德树人。\n二、主要目标\n全县学前三年毛入园率达到92%以上。\n"
        "三、重点工作\n（一）加强党建。开展活动。（牵头单位：办公室）\n（二）提高质量。优秀率达到90%。（牵头单位：教研室）\n"
    )
    assert [s.title for s in plan.sections] == ["总体要求", "主要目标", "重点工作"]
    assert [(t.indicator, t.value, t.comparator) for t in plan.preamble_targets] == [
        ("全县学前三年毛入园率", 92, ">=")
    ]
    assert [(i.section, i.number) for i in plan.items] == [("三", 1), ("三", 2)]


def test_sub_points_stay_in_the_item_body():
    plan = parse_plan(
        "2021年工作要点\n1.加强党建。\n（1）开展活动。\n（2）完善制度。\n（牵头单位：办公室）\n2.提高质量。开展教研。\n（牵头单位：教研室）\n"
    )
    assert [i.title for i in plan.items] == ["加强党建", "提高质量"]
    assert plan.items[0].body == "（1）开展活动。\n（2）完善制度。"


def test_out_of_sequence_numbers_do_not_start_items():
    plan = parse_plan("2021年工作要点\n1.加强党建。开展活动。\n3.这不是条目。\n2.提高质量。开展教研。\n")
    assert [i.number for i in plan.items] == [1, 2]
    assert "3.这不是条目。" in plan.items[0].body


def test_title_is_the_text_up_to_the_first_full_stop_or_semicolon():
    assert split_title("加强党建；完善制度。开展活动") == ("加强党建", "完善制度。开展活动")
    assert split_title("加强党建;完善制度") == ("加强党建", "完善制度")
    assert split_title("加强党建\n开展活动。") == ("加强党建", "开展活动。")
    assert split_title("加强党建") == ("加强党建", "")
