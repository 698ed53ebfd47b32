"""The .docx an OfficialDocument renders to, read back with python-docx and as XML: GB/T 9704-2012 layout."""

import io
import math
import re
import zipfile
from unittest import mock

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.styles.styles import Styles
from lxml import etree

from edubureau.core.documents import Heading, Table, normalise_doc_number, render_docx

from .documents import quangang_notice

TWIPS_PER_MM = 1440 / 25.4


@pytest.fixture(scope="module")
def notice_bytes():
    return render_docx(quangang_notice())


@pytest.fixture
def notice(notice_bytes):
    return docx.Document(io.BytesIO(notice_bytes))


def _paragraph(document, start):
    return next(p for p in document.paragraphs if p.text.startswith(start))


def _exactly(document, text):
    return next(p for p in document.paragraphs if p.text == text)


def _east_asian_font(rpr_owner):
    fonts = rpr_owner.find(qn("w:rPr")).find(qn("w:rFonts"))
    return fonts.get(qn("w:eastAsia"))


def _twips(element, attribute):
    return int(element.get(qn(f"w:{attribute}")))


def test_a4_page_with_the_standard_margins(notice):
    # when
    section = notice.sections[0]

    # then: A4, top (天头) 37 mm and left (订口) 28 mm, right and bottom giving the 156 × 225 mm 版心
    sizes = [section.page_width, section.page_height]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(length.mm, 1) for length in sizes] == [210.0, 297.0]
    assert [round(length.mm, 1) for length in margins] == [37.0, 35.0, 28.0, 26.0]
    assert round(Emu(section.page_width - section.left_margin - section.right_margin).mm) == 156
    assert round(Emu(section.page_height - section.top_margin - section.bottom_margin).mm) == 225


def test_grid_and_spacing_give_22_lines_of_28_characters(notice):
    # given the 版心 in points
    section = notice.sections[0]
    width_pt = Emu(section.page_width - section.left_margin - section.right_margin).pt
    height_pt = Emu(section.page_height - section.top_margin - section.bottom_margin).pt

    # when
    grid = section._sectPr.find(qn("w:docGrid"))
    normal = notice.styles["Normal"]
    condensed = _twips(normal.element.find(qn("w:rPr")).find(qn("w:spacing")), "val") / 20

    # then the Word grid: 22 lines of 579 twips, 28 cells of 16 pt + charSpace/4096 pt
    assert grid.get(qn("w:type")) == "linesAndChars"
    line_pitch_pt = _twips(grid, "linePitch") / 20
    assert (_twips(grid, "linePitch"), _twips(grid, "charSpace")) == (579, -842)
    assert math.floor(height_pt / line_pitch_pt) == 22
    assert math.floor(width_pt / (16 + _twips(grid, "charSpace") / 4096)) == 28
    # and the same numbers off the grid: exact 28.95 pt lines, 16 pt characters condensed to fit 28
    assert normal.paragraph_format.line_spacing_rule == WD_LINE_SPACING.EXACTLY
    assert normal.paragraph_format.line_spacing.pt == pytest.approx(28.95)
    assert math.floor(height_pt / normal.paragraph_format.line_spacing.pt) == 22
    assert math.floor(width_pt / (16 + condensed)) == 28


def test_body_is_3hao_fangsong_indented_two_characters(notice):
    # when
    normal, body = notice.styles["Normal"], notice.styles["GB Body"]
    paragraph = _paragraph(notice, "为贯彻落实")

    # then
    assert normal.font.size.pt == 16
    assert _east_asian_font(normal.element) == "仿宋_GB2312"
    assert paragraph.style.name == "GB Body"
    assert body.paragraph_format.first_line_indent.pt == pytest.approx(2 * 442.25 / 28, abs=0.05)


def test_font_table_names_an_alternative_for_each_chinese_font(notice_bytes):
    # when
    with zipfile.ZipFile(io.BytesIO(notice_bytes)) as package:
        fonts = etree.fromstring(package.read("word/fontTable.xml"))

    # then: 仿宋_GB2312 falls back to the font family 仿宋, and so on
    alternatives = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in fonts
        if font.find(qn("w:altName")) is not None
    }
    assert alternatives["仿宋_GB2312"] == "仿宋"
    assert alternatives["楷体_GB2312"] == "楷体"
    assert alternatives["方正小标宋简体"] == "宋体"


def test_masthead_red_issuer_mark_and_centred_number_over_a_red_rule(notice):
    # when
    mark = notice.paragraphs[0]
    number = _paragraph(notice, "泉港教综")

    # then
    assert mark.text == "泉港区教育局文件"
    assert str(mark.runs[0].font.color.rgb) == "FF0000"
    assert mark.paragraph_format.space_before.mm == pytest.approx(35, abs=0.1)
    assert number.text == "泉港教综〔2019〕55号"
    assert number.alignment == WD_ALIGN_PARAGRAPH.CENTER
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (rule.get(qn("w:color")), rule.get(qn("w:space"))) == ("FF0000", "11")  # 4 mm ≈ 11 pt
    assert [p.text for p in notice.paragraphs[1:3]] == ["", ""]  # two blank lines above the number


@pytest.mark.parametrize(
    "written",
    [
        "泉港教综[2019]55号",
        "泉港教综［2019］55号",
        "泉港教综(2019)第055号",
        "泉港教综【2019】55",
        "泉港教综 〔2019〕 55号",
    ],
)
def test_doc_number_takes_six_cornered_brackets_without_padding(written):
    assert normalise_doc_number(written) == "泉港教综〔2019〕55号"


def test_title_2hao_xiaobiaosong_centred_and_broken_where_asked(notice):
    # when
    title = _paragraph(notice, "泉港区教育局关于")

    # then
    assert title.style.name == "GB Title"
    assert title.style.font.size.pt == 22
    assert _east_asian_font(title.style.element) == "方正小标宋简体"
    assert title.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert title.text == "泉港区教育局关于2019年第一季度\n重点工作推进情况的通报"


def test_recipients_on_one_line_ending_with_a_full_width_colon(notice):
    recipients = _paragraph(notice, "各中学")
    assert recipients.text == "各中学、中心小学、区直学校，民办学校，局机关各股（室）、直属事业单位："


@pytest.mark.parametrize(
    ("start", "font", "bold"),
    [
        ("一、", "黑体", False),
        ("（一）", "楷体_GB2312", False),
        ("1.", "仿宋_GB2312", True),
        ("（1）", "仿宋_GB2312", False),
    ],
)
def test_heading_levels_take_their_faces(notice, start, font, bold):
    # when
    heading = _paragraph(notice, start)
    style = heading.style

    # then: 3号, the level's face, in the outline, and run-in text back in the body face
    level = ["一、", "（一）", "1.", "（1）"].index(start) + 1
    assert style.name == f"GB Heading {level}"
    assert (style.font.size.pt, _east_asian_font(style.element), bool(style.font.bold)) == (16, font, bold)
    assert style.element.pPr.find(qn("w:outlineLvl")).get(qn("w:val")) == str(level - 1)
    for run in heading.runs[1:]:
        assert (_east_asian_font(run._r), run.font.bold) == ("仿宋_GB2312", False)


def test_heading_level_outside_one_to_four_is_refused():
    with pytest.raises(ValueError, match="level must be 1–4"):
        Heading("（一）", level=5)


def test_body_table_has_a_repeated_black_header_row(notice):
    # when
    table = notice.tables[0]

    # then
    assert [cell.text for cell in table.rows[0].cells] == ["序号", "工作任务", "牵头单位", "进度"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert _east_asian_font(table.rows[0].cells[0].paragraphs[0].runs[0]._r) == "黑体"
    widths = [cell.width.mm for cell in table.rows[1].cells]
    assert sum(widths) == pytest.approx(156, abs=0.1)
    assert widths[1] / widths[0] == pytest.approx(4, rel=0.01)


def _style_lookups(rows: int) -> int:
    """How often python-docx looks a style up while rendering a notice whose table has ``rows`` body rows."""
    table = Table([["序号", "姓名"], *[[str(i), "林建华"] for i in range(rows)]], widths=[1, 2])
    with (
        mock.patch.object(Styles, "__getitem__", autospec=True, side_effect=Styles.__getitem__) as by_name,
        mock.patch.object(Styles, "default", autospec=True, side_effect=Styles.default) as default,
    ):
        document = docx.Document(io.BytesIO(render_docx(quangang_notice(body=[table]))))
    assert {p.style.name for cell in document.tables[0].columns[1].cells for p in cell.paragraphs} == {
        "GB Table"
    }
    return by_name.call_count + default.call_count


def test_a_long_table_looks_its_style_up_once_not_per_cell():
    # given a table of 2 and one of 200 rows (a competition's 公示名单 has ~1,900: per-cell lookups took seconds)
    # then the style lookups do not grow with the rows
    assert _style_lookups(200) == _style_lookups(2)


def test_attachments_signature_and_arabic_date(notice):
    # when
    first, second = _paragraph(notice, "附件："), _paragraph(notice, "2.")
    signature, date = _exactly(notice, "泉港区教育局"), _exactly(notice, "2019年3月28日")

    # then: names without closing punctuation, wrapped under the name
    assert (first.text, second.text) == ("附件：1.2019年第一季度重点工作进展台账", "2.滞后事项督办清单")
    first_ind, second_ind = first._p.pPr.ind, second._p.pPr.ind
    assert first_ind.left == second_ind.left
    # sealed layout: date 4 characters from the right, the issuer centred above it
    cell_pt = 442.25 / 28
    assert date.alignment == signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert date.paragraph_format.right_indent.pt == pytest.approx(4 * cell_pt, abs=0.1)
    assert signature.paragraph_format.right_indent.pt == pytest.approx(4.25 * cell_pt, abs=0.1)


def test_page_numbers_alternate_sides_in_em_dashes(notice):
    # when
    section = notice.sections[0]
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]

    # then
    assert notice.settings.odd_and_even_pages_header_footer
    for footer in (odd, even):
        instructions = "".join(t.text for t in footer._p.iter(qn("w:instrText")))
        assert instructions.strip() == "PAGE"
        assert re.fullmatch(r"— \d+ —", footer.text)  # python-docx reads the field's cached value
        assert _east_asian_font(footer.runs[0]._r) == "宋体" and footer.runs[0].font.size.pt == 14
    assert (odd.alignment, even.alignment) == (WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT)
    assert (odd.paragraph_format.right_indent.pt, even.paragraph_format.left_indent.pt) == (14, 14)


def test_record_closes_the_document_between_thick_and_thin_rules(notice):
    # when: the 版记 is the last table, after the last paragraph with text
    record = notice.tables[-1]
    body = list(notice.element.body)
    last_text = max(body.index(p._p) for p in notice.paragraphs if p.text)
    rows = [row.cells[0].text for row in record.rows]
    borders = record._tbl.tblPr.find(qn("w:tblBorders"))

    # then
    assert body.index(record._tbl) > last_text
    assert rows == [
        "抄送：市委教育工委、市教育局，区委办、区政府办，各镇人民政府、山腰街道办事处。",
        "泉港区教育局办公室\t2019年3月28日印发",
    ]
    assert {side: borders.find(qn(f"w:{side}")).get(qn("w:sz")) for side in ("top", "insideH", "bottom")} == {
        "top": "8",
        "insideH": "6",
        "bottom": "8",
    }
    position = record._tbl.tblPr.find(qn("w:tblpPr"))
    assert (position.get(qn("w:vertAnchor")), position.get(qn("w:tblpYSpec"))) == ("margin", "bottom")


def test_optional_parts_left_out_and_flags_on_top():
    # given a document without number, attachments or 版记, marked secret and urgent
    plain = quangang_notice(
        doc_number=None,
        attachments=(),
        cc=(),
        printer=None,
        print_date=None,
        secret_level="秘密★1年",
        urgency="特急",
    )

    # when
    document = docx.Document(io.BytesIO(render_docx(plain)))

    # then
    assert [p.text for p in document.paragraphs[:3]] == ["秘密★1年", "特急", "泉港区教育局文件"]
    assert _east_asian_font(document.paragraphs[0].runs[0]._r) == "黑体"
    assert document.paragraphs[2]._p.pPr.find(qn("w:pBdr")) is not None  # the red rule under the mark
    assert len(document.tables) == 1  # the body table only
    assert not any(p.text.startswith(("附件", "抄送")) for p in document.paragraphs)


def test_unsealed_signature_two_characters_in_and_date_shifted():
    # when
    document = docx.Document(io.BytesIO(render_docx(quangang_notice(sealed=False))))
    signature, date = _exactly(document, "泉港区教育局"), _exactly(document, "2019年3月28日")

    # then: the date (6.5 characters) is longer than the name (6): date 2 in, name moved to keep the offset
    cell_pt = 442.25 / 28
    assert date.paragraph_format.right_indent.pt == pytest.approx(2 * cell_pt, abs=0.1)
    assert signature.paragraph_format.right_indent.pt == pytest.approx(4.5 * cell_pt, abs=0.1)
