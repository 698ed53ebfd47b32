"""The streaming sheet reader gives what openpyxl's read-only sheet gives (``iter_rows(values_only=True)``),
cell type by cell type, on workbooks written by openpyxl and on sheet XML written by hand the way other
exporters write it; and a DOCTYPE or an entity in a part is refused."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from edubureau.registry.imports.reader import WorkbookError, open_workbook, read_table, sheet_values
from edubureau.registry.imports.tests.workbooks import _SST_REL, _SST_TYPE

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _both(content: bytes) -> tuple[list, list]:
    ours = open_workbook(io.BytesIO(content))
    theirs = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    got, expected = [], []
    for ws_ours, ws_theirs in zip(ours.worksheets, theirs.worksheets, strict=True):
        ws_ours.reset_dimensions()
        ws_theirs.reset_dimensions()
        got.append([tuple(r) for r in sheet_values(ws_ours)])
        expected.append([tuple(r) for r in ws_theirs.iter_rows(values_only=True)])
    return got, expected


def _saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _with_sheet(sheet_data: str, sst_xml: str | None = None) -> bytes:
    """A workbook whose first sheet's <sheetData> is ``sheet_data`` (and a shared-strings part, if given)."""
    base = _saved(Workbook())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename).decode()
            if item.filename == "xl/worksheets/sheet1.xml":
                start, end = data.index("<sheetData"), data.index("</sheetData>") + len("</sheetData>")
                data = data[:start] + f"<sheetData>{sheet_data}</sheetData>" + data[end:]
            elif item.filename == "[Content_Types].xml" and sst_xml is not None:
                part = f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/>'
                data = data.replace("</Types>", part + "</Types>")
            elif item.filename == "xl/_rels/workbook.xml.rels" and sst_xml is not None:
                rel = f'<Relationship Id="rIdSharedStrings" Type="{_SST_REL}" Target="sharedStrings.xml"/>'
                data = data.replace("</Relationships>", rel + "</Relationships>")
            zout.writestr(item, data)
        if sst_xml is not None:
            zout.writestr("xl/sharedStrings.xml", sst_xml)
    return out.getvalue()


def test_cells_written_by_openpyxl_read_the_same():
    wb = Workbook()
    ws = wb.active
    ws.append(["学校标识码", "姓名", "出生日期", "人数", "比例", "是否", None, "末列"])
    ws.append(["3135000001", "张三", dt.datetime(2012, 9, 1), 45, 0.5, True, None, "x"])
    ws.append([])
    ws.append([None, None, dt.date(2013, 2, 28), -3, 1e20, False])
    ws.cell(row=7, column=3, value="after a gap")
    ws.cell(row=8, column=1, value=dt.time(8, 30))
    ws.cell(row=8, column=2, value=dt.timedelta(hours=30))
    ws.cell(row=9, column=2, value="=A1&B1")  # a formula without a cached value: None to both
    second = wb.create_sheet("第二页")
    second.append(["  带空格  ", "全角１２３"])

    got, expected = _both(_saved(wb))

    assert got == expected


@pytest.mark.parametrize(
    "sheet_data",
    [
        # inline strings (rich runs, phonetic runs left out), str/e/b/d types, no r attributes
        '<row r="1"><c r="A1" t="inlineStr"><is><t>行内</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh></is></c>'
        '<c r="C1" t="str"><f>A1</f><v>公式结果</v></c><c r="D1" t="e"><v>#N/A</v></c>'
        '<c r="E1" t="b"><v>1</v></c><c r="F1" t="d"><v>2019-09-01T00:00:00</v></c></row>'
        "<row><c><v>1</v></c><c><v>2.5</v></c><c><v>1E3</v></c></row>",
        # rows skipped, a row out of order (given once), cells out of order, an empty row, empty values
        '<row r="3"><c r="C3"><v>3</v></c><c r="A3"><v>1</v></c></row><row r="2"><c r="A2"><v>9</v></c></row>'
        '<row r="5"/><row r="6"><c r="B6" t="s"><v>0</v></c><c r="C6"><v></v></c></row>'
        '<row r="7"><c r="AB7" t="inlineStr"><is><t></t></is></c></row>',
        # an inline string cell with a stray <v>, shared strings with runs and escapes
        '<row r="1"><c r="A1" t="inlineStr"><v>7</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>',
    ],
)
def test_hand_written_sheet_xml_reads_the_same(sheet_data):
    sst = (
        f'<sst {NS}><si><t>共享</t></si><si><r><t>甲</t></r><r><t xml:space="preserve"> 乙 </t></r></si>'
        "<si><t>a&amp;b&lt;c x005F_x000D_</t><rPh sb='0' eb='1'><t>ピン</t></rPh></si></sst>"
    )

    got, expected = _both(_with_sheet(sheet_data, sst_xml=sst))

    assert got == expected


def test_a_dtd_with_entities_is_refused():
    sst = (
        '<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
        f"<sst {NS}><si><t>&b;</t></si></sst>"
    )
    content = _with_sheet(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>0</v></c></row>', sst_xml=sst
    )

    with pytest.raises(WorkbookError):
        read_table(io.BytesIO(content), {"学校标识码": "school_code"}, expected="学校标识码")
