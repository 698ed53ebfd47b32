"""Task-decomposition tables (重点工作任务分解表) from every reader and in every text lay-out.

The fixtures are written for these tests after the structure of public documents of the genre:

* 南陵县《2024年〈政府工作报告〉重点工作目标任务分解表》 (https://www.nlx.gov.cn/openness/public/6605131/39230837.html):
  one cell per line ending in `` |``; columns 序号 | 目标与任务 | 分 管 县领导 | 牵头责任单位 | 责任单位;
  rows 80, 81 only (the bureau's rows of a county table); two leaders run together (``陆 明俞 悦``); a
  sentence repeated in a cell;
* 谯城区教育局《2025年政府工作报告重点工作任务分解表》 (https://www.bzqc.gov.cn/XxgkContent/show/2831654.html):
  one cell per line with blank lines between; 序号 | 重点工作任务 | 主要责任单位 | 协同配合单位; section rows
  with no rows under them; rows 3, 68, 69, 73.

Names, units and numbers below are invented; the texts are not copied.
"""

from __future__ import annotations

import json
from pathlib import Path

import docx
import openpyxl
import pytest

from edubureau.planning.parser import parse_file, parse_plan
from edubureau.planning.parser.cli import main
from edubureau.planning.parser.sources import PlanReadError, read_file
from edubureau.planning.parser.tables import copy_defects, split_leaders

HEADER = ["序号", "目标与任务", "牵头单位", "协同配合单位", "分管县领导", "完成时限"]
TITLE = "海城县2024年政府工作报告重点工作任务分解表（教育局部分）"
#: (section or None, row): a section with no rows (二、), numbers starting at 12 and skipping.
TABLE = [
    ("一、着力保障和改善民生", None),
    (
        None,
        [
            "12",
            "新建改扩建中小学、幼儿园5所，新增学位3000个。",
            "县教育局",
            "县财政局、县自然资源局",
            "王 明李华",
            "2024年12月",
        ],
    ),
    (None, ["15", "推进义务教育优质均衡发展。", "县教育局", "", "陈晓东", "6月底"]),
    ("二、加强政府自身建设", None),
    ("三、统筹发展和安全", None),
    (
        None,
        [
            "31",
            "化解城区大班额，大班额比例控制在5%以内。",
            "县教育局",
            "县住建局,县财政局",
            "欧阳明、张 伟",
            "长期坚持",
        ],
    ),
    (None, ["40", "实施校园安全专项整治", "县教育局", "县公安局，县消防救援大队", "王明", "2024年9月底前"]),
]
EXPECTED = [
    (12, "一", ["县教育局"], ["县财政局", "县自然资源局"], ["王明", "李华"], "2024年12月", "2024-12-31"),
    (15, "一", ["县教育局"], [], ["陈晓东"], "6月底", "2024-06-30"),
    (31, "三", ["县教育局"], ["县住建局", "县财政局"], ["欧阳明", "张伟"], "长期坚持", None),
    (40, "三", ["县教育局"], ["县公安局", "县消防救援大队"], ["王明"], "2024年9月底前", "2024-09-30"),
]


def _summary(plan):
    out = json.loads(json.dumps(plan.to_dict()))
    return [
        (
            i["number"],
            i["section"],
            i["lead_units"],
            i["co_units"],
            i["responsible_leaders"],
            i["due"]["text"],
            i["due"]["date"],
        )
        for i in out["items"]
    ]


def _rows_text(sep: str, header=HEADER) -> str:
    lines = [TITLE, sep.join(header)]
    for section, row in TABLE:
        lines.append(section if section else sep.join(row))
    return "\n".join(lines)


def _bar_text() -> str:
    lines = [TITLE, *(f"{h} |" for h in HEADER)]
    for section, row in TABLE:
        lines.extend([f"{section} |"] if section else [f"{c} |" for c in row])
    return "\n".join(lines)


def _blank_text(split_header: bool = False) -> str:
    cells = list(HEADER)
    if split_header:
        cells[4] = "分管\n县领导"  # a header name broken over two lines
    blocks = [TITLE, *cells]
    for section, row in TABLE:
        blocks.extend([section] if section else [c for c in row if c])  # empty cells vanish in a copy
    return "\n\n".join(blocks)


LAYOUTS = {
    "tabs": lambda: _rows_text("\t"),
    "bars": lambda: _rows_text(" | "),
    "full-width spaced names": lambda: _rows_text(
        "\t", ["序　号", "目 标 与 任 务", "牵头单位", "协同配合单位", "分 管 县领导", "完成时限"]
    ),
    "cell per line with |": _bar_text,
    "cell per line, blank lines": _blank_text,
    "header split over lines": lambda: _blank_text(split_header=True),
    "header row split over two rows": lambda: "\n".join(
        [TITLE, "\t".join(HEADER[:4] + ["分管", "完成"]), "\t".join(["", "", "", "", "县领导", "时限"])]
        + [s if s else "\t".join(r) for s, r in TABLE]
    ),
}


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_every_text_layout_parses_to_the_same_items(layout, tmp_path):
    path = tmp_path / "plan.txt"
    path.write_text(LAYOUTS[layout](), encoding="utf-8")
    plan = parse_file(path)
    assert _summary(plan) == EXPECTED
    assert plan.title == TITLE
    assert [(s.numeral, s.title) for s in plan.sections] == [
        ("一", "着力保障和改善民生"),
        ("二", "加强政府自身建设"),
        ("三", "统筹发展和安全"),
    ]
    assert plan.items[0].title == "新建改扩建中小学、幼儿园5所，新增学位3000个"
    assert [(t.value, t.unit) for t in plan.items[0].targets] == [(5, "所"), (3000, "个")]


def test_xlsx_with_merged_cells(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    sheet.append(HEADER)
    for section, row in TABLE:
        if section:
            sheet.append([section])
            sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=6)
        else:
            sheet.append([int(row[0]), *row[1:]])
    # the lead unit of rows 31 and 40 is one merged cell: both rows get it
    sheet["C9"] = None
    sheet.merge_cells("C8:C9")
    path = tmp_path / "plan.xlsx"
    book.save(path)
    plan = parse_file(path)
    assert _summary(plan) == EXPECTED
    assert len(plan.sections) == 3


def test_xlsx_without_a_header_is_refused(tmp_path):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "学校", "班级"])
    book.active.append(["张三", "城东小学", "一年级1班"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    with pytest.raises(PlanReadError) as caught:
        read_file(path)
    assert caught.value.code == "xlsx_no_header"
    assert "表头" in caught.value.message


def test_docx_table(tmp_path):
    document = docx.Document()
    document.add_paragraph(TITLE)
    table = document.add_table(rows=1 + len(TABLE), cols=6)
    for cell, name in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = name
    for k, (section, row) in enumerate(TABLE, 1):
        cells = table.rows[k].cells
        if section:
            cells[0].merge(cells[5]).text = section
        else:
            for cell, value in zip(cells, row, strict=True):
                cell.text = value
    path = tmp_path / "plan.docx"
    document.save(str(path))
    assert _summary(parse_file(path)) == EXPECTED


def test_html_table_with_colspan_section_rows(tmp_path):
    rows = ["<tr>" + "".join(f"<th>{h}</th>" for h in HEADER) + "</tr>"]
    for section, row in TABLE:
        if section:
            rows.append(f'<tr><td colspan="6">{section}</td></tr>')
        else:
            rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    page = f"<html><head><title>x</title><script>var a=1;</script></head><body><p>{TITLE}</p><table>{''.join(rows)}</table></body></html>"
    path = tmp_path / "plan.html"
    path.write_text(page, encoding="utf-8")
    assert _summary(parse_file(path)) == EXPECTED


def test_the_two_public_layouts():
    nanling = "\n".join(
        [
            "附件",
            "2024年《政府工作报告》重点工作目标任务分解表",
            "序号 |",
            "目标与任务 |",
            "分 管 县领导 |",
            "牵头责任单位 |",
            "责任单位 |",
            "80 |",
            "扩大普惠性托育供给，新增托位400个以上。实施中小学办学能力提升工程。实施中小学办学能力提升工程。 |",
            "俞 悦 |",
            "县教育局 |",
            "县各有关单位 |",
            "81 |",
            "保障职业学院新校区秋季开学。 |",
            "陆 明俞 悦 |",
            "县教育局 |",
            "县人社局、县财政局 |",
        ]
    )
    plan = parse_plan(nanling)
    assert plan.title == "2024年《政府工作报告》重点工作目标任务分解表"
    assert [(i.number, i.lead_units, i.co_units, i.responsible_leaders) for i in plan.items] == [
        (80, ["县教育局"], ["县各有关单位"], ["俞悦"]),
        (81, ["县教育局"], ["县人社局", "县财政局"], ["陆明", "俞悦"]),
    ]
    assert plan.items[0].flags == ["repeated_sentence"]
    assert "实施中小学办学能力提升工程。实施中小学办学能力提升工程。" in plan.items[0].body  # kept as written
    assert any("row 80" in w for w in plan.warnings)

    qiaocheng = "\n\n".join(
        [
            "区教育局2025年政府工作报告重点工作任务分解表",
            "序号",
            "重点工作任务",
            "主要责任单位",
            "协同配合单位",
            "一、2025年经济社会发展的主要预期目标",
            "3",
            "固定资产投资增长7.5%左右。",
            "区发改委",
            "区教育局、区住建局",
            "二、全力以赴扩投资、优服务",
            "三、全力以赴惠民生、增福祉",
            "68",
            "推进学前教育普及普惠、义务教育优质均衡发展，加快建设城南小学扩建教学楼项目。",
            "区教育局",
            "区政府有关部门，各乡镇人民政府",
            "69",
            "深化与优质教育集团合作，积极引进优质教育资源。",
            "区教育局",
            "区投资促进中心",
            "73",
            "大力推进托幼一体，全区托位数提高至560个。",
            "区卫健委",
            "区教育局",
        ]
    )
    plan = parse_plan(qiaocheng)
    assert [(i.number, i.section, i.lead_units) for i in plan.items] == [
        (3, "一", ["区发改委"]),
        (68, "三", ["区教育局"]),
        (69, "三", ["区教育局"]),
        (73, "三", ["区卫健委"]),
    ]
    assert [s.numeral for s in plan.sections] == ["一", "二", "三"]
    assert plan.items[1].co_units == ["区政府有关部门", "各乡镇人民政府"]


def test_leaders_split_by_the_name_model():
    assert split_leaders("王 明李华") == ["王明", "李华"]
    assert split_leaders("陆 明俞 悦") == ["陆明", "俞悦"]
    assert split_leaders("张晓东李华") == ["张晓东", "李华"]
    assert split_leaders("欧阳明、司马光") == ["欧阳明", "司马光"]
    assert split_leaders("副县长 王明") == ["王明"]
    assert split_leaders("王 明") == ["王明"]


def test_copy_defects():
    assert copy_defects("，化解大班额。") == ["starts_mid_word"]
    assert copy_defects("推进均衡发展。推进均衡发展。") == ["repeated_sentence"]
    assert copy_defects("推进均衡发展。") == []


def test_pdf_without_text_and_encrypted_pdf_are_refused(tmp_path, capsys):
    pypdf = pytest.importorskip("pypdf")
    blank = tmp_path / "scan.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(str(blank))
    assert main([str(blank), "--json"]) == 2
    error = json.loads(capsys.readouterr().out)
    assert error["error"] == "pdf_no_text"
    assert "OCR" in error["message"]

    locked = tmp_path / "locked.pdf"
    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    writer.write(str(locked))
    assert main([str(locked), "--json"]) == 2
    assert json.loads(capsys.readouterr().out)["error"] == "pdf_encrypted"


def test_table_json_and_the_seed_plan_is_not_a_table(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(_rows_text("\t"), encoding="utf-8")
    assert main([str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["table"]["layout"] == "rows"
    assert out["items"][0]["due"] == {"text": "2024年12月", "date": "2024-12-31"}


def test_500_row_table_parses_in_linear_time():
    def table(n):
        lines = [TITLE, "\t".join(HEADER)]
        for k in range(n):
            if k % 50 == 0:
                lines.append(f"{'一二三四五六七八九十'[k // 50 % 10]}、第{k // 50 + 1}部分")
            lines.append(
                f"{k + 1}\t推进第{k + 1}项工作，新增学位{k + 10}个。\t县教育局\t县财政局、县住建局\t王 明李华\t2024年12月"
            )
        return "\n".join(lines)

    # counted, not timed (the seconds are bench/parse.py's): the Python calls parsing makes, which a machine
    # under load does not change
    small, plan = _calls(lambda: parse_plan(table(500)))
    assert len(plan.items) == 500
    large, _ = _calls(lambda: parse_plan(table(2000)))
    assert large < 4.5 * small, (small, large)  # four times the rows, four times the work, not sixteen


def _calls(run):
    import sys

    count = 0

    def tally(frame, event, arg):
        nonlocal count
        count += event in ("call", "c_call")

    sys.setprofile(tally)
    try:
        result = run()
    finally:
        sys.setprofile(None)
    return count, result


def test_pdf_table_is_rebuilt_from_text_positions():
    # table-2024.pdf: the docx of test_docx_table (grid lines, narrow columns, every cell wrapped over
    # several lines) converted by LibreOffice 7; committed so that the test needs no LibreOffice
    from pathlib import Path

    path = Path(__file__).parent / "data" / "table-2024.pdf"
    plan = parse_file(path)
    assert _summary(plan) == EXPECTED
    assert plan.title == TITLE
    assert plan.table_columns == HEADER


def _render(layout: str, table: list) -> str:
    if layout == "rows":
        return "\n".join([TITLE, "\t".join(HEADER), *(s if s else "\t".join(r) for s, r in table)])
    if layout == "bar":
        cells = [*HEADER, *(c for s, r in table for c in ([s] if s else r))]
        return "\n".join([TITLE, *(f"{c} |" for c in cells)])
    cells = [*HEADER, *(c for s, r in table for c in ([s] if s else [c for c in r if c]))]
    return "\n\n".join([TITLE, *cells])


def test_property_every_layout_reads_the_same_items():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    units = st.sampled_from(["县教育局", "县财政局", "县住建局", "县人社局", "县卫健委", "县公安局"])
    people = st.sampled_from(["王 明", "李华", "陈晓东", "欧阳明", "张 伟", "刘建国"])
    tasks = st.sampled_from(
        [
            "新增学位3000个。",
            "推进义务教育优质均衡发展。",
            "化解大班额，比例控制在5%以内。",
            "实施校园安全专项整治",
        ]
    )
    dues = st.sampled_from(["2024年12月", "6月底", "长期坚持", "2024年9月底前"])
    row = st.tuples(
        tasks,
        units,
        st.lists(units, max_size=2, unique=True),
        st.lists(people, min_size=1, max_size=2, unique=True),
        dues,
    )
    sections = st.lists(st.tuples(st.booleans(), st.lists(row, max_size=4)), min_size=1, max_size=4)

    @settings(max_examples=30, deadline=None)
    @given(sections, st.integers(min_value=1, max_value=50))
    def check(parts, start):
        table, number = [], start
        for k, (gap, rows) in enumerate(parts):
            table.append((f"{'一二三四五'[k]}、第{k + 1}部分", None))
            for task, lead, co, leaders, due in rows:
                table.append((None, [str(number), task, lead, "、".join(co), "".join(leaders), due]))
                number += 2 if gap else 1
        results = {
            layout: _summary(parse_plan(_render(layout, table))) for layout in ("rows", "bar", "blank")
        }
        assert results["rows"] == results["bar"] == results["blank"]
        assert len(results["rows"]) == sum(len(rows) for _, rows in parts)

    check()


def test_prose_items_fill_co_units_leaders_and_due_where_written():
    plan = parse_plan(
        "2024年海城县教育工作要点\n一、教育公平\n"
        "1.扩大学位供给。新增学位2000个。（牵头单位：基建办；协办单位：计财股、人事股；分管领导：王 明；"
        "完成时限：2024年9月）\n"
        "2.加强教师培训。全年培训教师不少于1500人次。（牵头单位：人事股）\n"
    )
    first, second = plan.to_dict()["items"]
    assert (first["lead_units"], first["co_units"], first["responsible_leaders"]) == (
        ["基建办"],
        ["计财股", "人事股"],
        ["王明"],
    )
    assert first["due"] == {"text": "2024年9月", "date": "2024-09-30"}
    assert first["body"] == "新增学位2000个。"  # the statement is cut from the text as before
    assert (second["responsible_leaders"], second["due"]) == ([], None)


def test_an_unrecognised_column_is_kept_in_the_body_and_named_in_a_warning():
    plan = parse_plan(
        "\n".join(
            [
                TITLE,
                "序号\t工作任务\t牵头单位\t进展情况\t完成时限",
                "5\t推进集团化办学。\t县教育局\t已完成方案起草\t2024年6月",
            ]
        )
    )
    (item,) = plan.items
    assert (item.title, item.lead_units, item.due) == ("推进集团化办学", ["县教育局"], "2024年6月")
    assert item.body == "进展情况：已完成方案起草"
    assert plan.warnings[0] == "columns not recognised, kept in each task's body: 进展情况"


def test_a_sheet_whose_cells_span_the_whole_grid_is_refused_before_it_is_laid_out(tmp_path):
    # Two cells, a few KB on disk, but a grid of 1,048,576 × 16,384 once its rows are read.
    book = openpyxl.Workbook()
    book.active["A1"], book.active["XFD1048576"] = "序号", "x"
    path = tmp_path / "sparse.xlsx"
    book.save(path)
    with pytest.raises(PlanReadError) as caught:
        read_file(path)
    assert caught.value.code == "xlsx_too_large" and "5,000行" in caught.value.message


def test_a_column_mapping_reads_a_column_in_the_role_given_and_never_redefines_the_header():
    text = "\n".join(
        [
            TITLE,
            "序号\t工作任务\t牵头单位\t承办人员\t完成时限",
            "5\t推进集团化办学。\t县教育局\t王明\t2024年6月",
        ]
    )
    mapped = parse_plan(text, column_roles={"承 办 人 员": "leader", "序号": "note", "工作任务": "co"})
    (item,) = mapped.items
    assert (item.number, item.title, item.responsible_leaders, item.body) == (
        5,
        "推进集团化办学",
        ["王明"],
        "",
    )
    assert mapped.table_roles == ["number", "task", "lead", "leader", "due"]
    assert not any("not recognised" in w for w in mapped.warnings)
    assert parse_plan(text, column_roles={"承办人员": "delete_all"}).table_roles[3] == "other"


TABLE_DOCUMENTS = Path(__file__).parent / "data" / "tables"


@pytest.mark.parametrize(
    "name",
    [
        "wuling-bar.txt",  # one cell per line ending in " |"; header name over two lines; run-together leaders
        "qiaobei-blank.txt",  # one cell per line, blank lines between; sections without rows
        "binhai-pipes.txt",  # "|" rows; 序 号 with a space; a row before the first section; 配合股室
        "longxi-merged.xlsx",  # merged title and section rows; a lead unit merged down two rows
        "qingtian-notice.docx",  # a 版头 and cover notice above the table; 编号 01, 02, 06
        "songyang-web.html",  # a web page: breadcrumb above, colspan sections, a footer below the table
    ],
)
def test_table_document_against_gold(name):
    """Six 分解表 as bureaus circulate them (make_documents.py in that folder writes the binary ones)."""
    path = TABLE_DOCUMENTS / name
    gold = json.loads(path.with_name(name + ".gold.json").read_text(encoding="utf-8"))
    assert parse_file(path).to_dict() == gold
