"""A .docx plan: paragraphs in order, tables flattened to one line per row."""

import docx

from edubureau.planning.parser import parse_file


def test_docx_paragraphs_and_table(tmp_path):
    # given a Word plan with a cover notice and its tasks in a table
    document = docx.Document()
    for text in [
        "海城教〔2024〕6号",
        "海城区教育局关于印发《2024年海城区教育工作要点》的通知",
        "各中小学、幼儿园：",
        "现将《2024年海城区教育工作要点》印发给你们，请认真贯彻落实。",
        "海城区教育局",
        "2024年2月20日",
        "2024年海城区教育工作要点",
        "主要目标：学前三年毛入园率达到95%以上。",
    ]:
        document.add_paragraph(text)
    table = document.add_table(rows=4, cols=4)
    rows = [
        ("序号", "工作任务", "牵头单位", "完成时限"),
        ("一、教育公平", "", "", ""),
        ("1", "扩大学位供给。新增学位2000个。", "基建办、计财股", "12月"),
        ("2", "加强教师培训。全年培训教师不少于1500人次。", "人事股", "11月"),
    ]
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.rows[1].cells[0].merge(table.rows[1].cells[3])
    table.rows[1].cells[0].text = "一、教育公平"
    document.add_paragraph("抄送：市教育局。")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    # when
    plan = parse_file(path)

    # then
    assert (plan.doc_number, plan.title, plan.issuer, plan.date) == (
        "海城教〔2024〕6号",
        "2024年海城区教育工作要点",
        "海城区教育局",
        "2024-02-20",
    )
    assert [(s.numeral, s.title) for s in plan.sections] == [("一", "教育公平")]
    assert [(i.number, i.title, i.lead_units, i.due) for i in plan.items] == [
        (1, "扩大学位供给", ["基建办", "计财股"], "12月"),
        (2, "加强教师培训", ["人事股"], "11月"),
    ]
    assert [(t.value, t.comparator) for t in plan.items[0].targets] == [(2000, "increase_by")]
    assert [(t.value, t.comparator, t.period) for t in plan.items[1].targets] == [(1500, ">=", "全年")]
    assert [(t.value, t.comparator) for t in plan.preamble_targets] == [(95, ">=")]
    assert plan.cc == ["市教育局"]
