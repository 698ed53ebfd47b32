"""Official documents (公文) in the GB/T 9704-2012 layout (《党政机关公文格式》), rendered to .docx.

Pure python-docx, no Django: a report builder fills an ``OfficialDocument`` and gets the file's bytes.

Layout numbers (clauses of GB/T 9704-2012):

- A4, 210 × 297 mm (§5.1). Margins top (天头) 37 mm and left (订口) 28 mm as the standard gives them, and
  right 26 mm, bottom 35 mm so that the 版心 is the standard's 156 × 225 mm (§5.2.1). In twips (1/1440 in):
  page 11906 × 16838, margins 2098 top / 1984 bottom / 1587 left / 1474 right, 版心 8845 × 12756.
- 22 lines of 28 characters (§5.2.3). The section carries the Word document grid
  ``w:docGrid w:type="linesAndChars"`` (what Word's 页面设置 shows as 每页 22 行, 每行 28 字):
  ``linePitch`` = ⌊12756 / 22⌋ = 579 twips = 28.95 pt (580 would leave room for only 21 lines);
  ``charSpace`` is the difference between a character cell and the 16 pt font size in 1/4096 pt:
  ⌊(8845 / 28 / 20 − 16) × 4096⌋ = −842, cells of 15.79 pt, 28 of which (442.2 pt) fit the 156 mm line.
  The text itself does not snap to that grid (``w:snapToGrid w:val="0"``): LibreOffice snaps a 16 pt
  character to two 15.79 pt cells and sets 14 characters a line. Instead every reader gets the same
  numbers from plain formatting: exact line spacing 28.95 pt (22 lines) and characters condensed by
  0.3 pt to 15.7 pt (28 × 15.7 = 439.6 pt ≤ 442.2 pt < 29 × 15.7), with no automatic space between
  Chinese and Latin text. Indents count in 15.79 pt grid cells.
- Type (§5.2.2, §7.3.3): body 3号 (16 pt) 仿宋_GB2312, title 2号 (22 pt) 方正小标宋简体, headings 一、黑体,
  （一）楷体_GB2312, 1. 仿宋 bold, （1）仿宋; 版记 and page numbers 4号 (14 pt). The font table names an
  alternative for each font that Windows lacks (仿宋_GB2312 → 仿宋 …); where neither exists the reader
  substitutes (LibreOffice on Debian: WenQuanYi Micro Hei), nothing fails.
- 版头 (§7.2): 发文机关标志 red and centred, its top 35 mm below the top of the 版心; 发文字号 centred two
  blank lines below it; the red rule (版心 wide, 1.5 pt) 4 mm below the 发文字号. The 标志 is 48 pt,
  narrowed by character scaling when a long name would fill more than 90 % of the line.
- 主体 (§7.3): title two blank lines below the rule; 主送机关 one blank line below the title; paragraphs
  indented two characters; 附件说明 one blank line below the body; sealed layout by default — date four
  characters from the right, 发文机关署名 centred above it, two blank lines left for the seal.
- Page numbers (§7.5): "— N —", 4号 宋体, 7 mm below the 版心 (footer distance 35 − 7 − 4.9 ≈ 23 mm, 4.9 mm
  being the 14 pt line), odd pages right and even pages left, one character in.
- 版记 (§7.4): rules first and last 0.35 mm (``w:sz`` 8 = 1 pt), between 0.25 mm (``w:sz`` 6 = ¾ pt); a
  frame anchored to the bottom of the 版心 holds it, so its last rule lies on the 版心's lower edge on the
  last page.
"""

from __future__ import annotations

import datetime
import io
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor, Twips
from lxml import etree

from .ooxml import (
    PPR_ORDER,
    RPR_ORDER,
    TBLPR_ORDER,
    TRPR_ORDER,
    append_page_field,
    set_borders,
    set_child,
    set_fonts,
    set_indent,
    set_right_tab,
    set_scale,
    width_in_chars,
)

PAGE_MM = (210, 297)
MARGIN_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

BODY_PT = 16  # 3号
TITLE_PT = 22  # 2号
SMALL_PT = 14  # 4号: 版记, page numbers, tables
MARK_PT = 48
TITLE_LINE_PT = 35
TABLE_LINE_PT = 22
FOOTER_MM = 23

FANGSONG, KAITI, HEITI, XIAOBIAOSONG, SONG = "仿宋_GB2312", "楷体_GB2312", "黑体", "方正小标宋简体", "宋体"
# Font table alternatives (w:altName): the name Word tries when the first is not installed.
FONT_ALTERNATIVES = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体", HEITI: "SimHei", SONG: "SimSun"}
RED = "FF0000"
BLACK = "000000"


def _twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


TEXT_WIDTH_TWIPS = _twips(PAGE_MM[0]) - _twips(MARGIN_MM["left"]) - _twips(MARGIN_MM["right"])
TEXT_HEIGHT_TWIPS = _twips(PAGE_MM[1]) - _twips(MARGIN_MM["top"]) - _twips(MARGIN_MM["bottom"])
LINE_PITCH_TWIPS = TEXT_HEIGHT_TWIPS // LINES_PER_PAGE
CHAR_SPACE = math.floor((TEXT_WIDTH_TWIPS / CHARS_PER_LINE / 20 - BODY_PT) * 4096)
LINE_PT = LINE_PITCH_TWIPS / 20
# Characters condensed by 0.3 pt to 15.7 pt so that 28 fit the 442.2 pt line off the grid (28 × 16 pt =
# 448 pt would leave 27).
CONDENSE_TWIPS = -6
CELL_PT = TEXT_WIDTH_TWIPS / CHARS_PER_LINE / 20  # one character of the 28-a-line grid, 15.8 pt
SMALL_CHAR_PT = SMALL_PT + CONDENSE_TWIPS / 20  # one 4号 character as set, 13.7 pt

HEADING_FONTS = {1: (HEITI, False), 2: (KAITI, False), 3: (FANGSONG, True), 4: (FANGSONG, False)}


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (正文), indented two characters."""

    text: str


@dataclass(frozen=True)
class Heading:
    """A 正文 heading, numbered as written: level 1 "一、" 黑体, 2 "（一）" 楷体, 3 "1." 仿宋 bold, 4 "（1）" 仿宋.

    ``body`` is run-in text set in the body face after the heading in the same paragraph, as in
    "1.加强教育系统党的建设。以习近平新时代……".
    """

    text: str
    level: int = 1
    body: str = ""

    def __post_init__(self) -> None:
        if self.level not in HEADING_FONTS:
            raise ValueError(f"heading level must be 1–4, got {self.level}: {self.text!r}")


@dataclass(frozen=True)
class Table:
    """A ruled table (台账, 通报 figures), 4号 仿宋, the first ``header_rows`` in 黑体 and repeated on each
    page. ``widths`` are relative column widths; equal by default."""

    rows: Sequence[Sequence[str]]
    header_rows: int = 1
    widths: Sequence[float] | None = None


Block = Paragraph | Heading | Table | str  # a plain str is a Paragraph


@dataclass(frozen=True)
class OfficialDocument:
    """One 公文: 版头 (issuer's mark, number), 主体 (title … date) and 版记 (抄送, 印发).

    ``recipients`` and ``cc`` are joined with "，"; ``mark`` overrides the 发文机关标志 (default
    issuer + "文件"); ``sealed`` selects the layout for a document that will carry the issuer's seal.
    """

    issuer: str
    doc_number: str | None
    title: str
    recipients: Sequence[str]
    body: Sequence[Block]
    signature: str
    date: datetime.date
    attachments: Sequence[str] = ()
    cc: Sequence[str] = ()
    printer: str | None = None
    print_date: datetime.date | None = None
    secret_level: str | None = None  # 密级和保密期限, e.g. "秘密★1年"
    urgency: str | None = None  # 紧急程度: 特急 / 加急
    note: str | None = None  # 附注, printed in （）
    mark: str | None = None
    sealed: bool = True


_DOC_NUMBER_YEAR = re.compile(r"[\[［(（【〔]\s*(\d{4})\s*[\]］)）】〕]\s*第?\s*0*(\d+)\s*号?")


def normalise_doc_number(text: str) -> str:
    """发文字号 as GB/T 9704 §7.2.5 writes it: year in 〔〕, no "第", no zero padding ("[2019]055" →
    "〔2019〕55号")."""
    return _DOC_NUMBER_YEAR.sub(lambda m: f"〔{m[1]}〕{m[2]}号", re.sub(r"\s+", "", text))


def format_date(date: datetime.date) -> str:
    """成文日期 in Arabic numerals without padding (§7.3.5): 2019年3月28日."""
    return f"{date.year}年{date.month}月{date.day}日"


def render_docx(doc: OfficialDocument) -> bytes:
    """The .docx file of ``doc`` in the GB/T 9704-2012 layout."""
    document = docx.Document()
    properties = document.core_properties
    properties.title, properties.author = doc.title.replace("\n", ""), doc.issuer
    _set_up_page(document)
    _set_up_styles(document)
    _declare_fonts(document)
    _masthead(document, doc)
    _main_part(document, doc)
    _record(document, doc)
    _page_numbers(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- page, styles, fonts -------------------------------------------------------------------------------


def _set_up_page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin, section.bottom_margin = Mm(MARGIN_MM["top"]), Mm(MARGIN_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGIN_MM["left"]), Mm(MARGIN_MM["right"])
    section.footer_distance = Mm(FOOTER_MM)
    grid = section._sectPr.find(qn("w:docGrid"))  # the template always has one
    grid.attrib.clear()
    for key, value in {
        "type": "linesAndChars",
        "linePitch": LINE_PITCH_TWIPS,
        "charSpace": CHAR_SPACE,
    }.items():
        grid.set(qn(f"w:{key}"), str(value))


def _set_up_styles(document) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(defaults, FANGSONG)  # replaces the template's theme fonts, which would win over names
    set_child(defaults, RPR_ORDER, "lang", val="en-US", eastAsia="zh-CN")

    normal = styles["Normal"]
    set_fonts(normal.element.get_or_add_rPr(), FANGSONG)
    normal.font.size = Pt(BODY_PT)
    set_child(normal.element.get_or_add_rPr(), RPR_ORDER, "spacing", val=CONDENSE_TWIPS)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(LINE_PT)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    fmt.widow_control = False  # widow control would break the fixed 22 lines a page

    normal_ppr = normal.element.get_or_add_pPr()
    # No automatic space between Chinese and Latin text or digits: it would push characters off the grid.
    set_child(normal_ppr, PPR_ORDER, "autoSpaceDE", val=0)
    set_child(normal_ppr, PPR_ORDER, "autoSpaceDN", val=0)
    # Laid out by the exact line spacing and condensed characters above rather than by snapping to the
    # grid, which LibreOffice does by giving a 16 pt character two 15.8 pt cells (14 characters a line).
    set_child(normal_ppr, PPR_ORDER, "snapToGrid", val=0)

    _paragraph_style(document, "GB Body", first_line=2)
    for level, (font, bold) in HEADING_FONTS.items():
        style = _paragraph_style(document, f"GB Heading {level}", font=font, bold=bold, first_line=2)
        style.paragraph_format.keep_with_next = True
        set_child(style.element.get_or_add_pPr(), PPR_ORDER, "outlineLvl", val=level - 1)
    title = _paragraph_style(document, "GB Title", font=XIAOBIAOSONG, size=TITLE_PT, line_pt=TITLE_LINE_PT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.keep_with_next = True
    _paragraph_style(document, "GB Table", size=SMALL_PT, line_pt=TABLE_LINE_PT)


def _paragraph_style(
    document, name, *, font=FANGSONG, size=BODY_PT, bold=False, first_line=0, line_pt=LINE_PT
):
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    set_fonts(style.element.get_or_add_rPr(), font)
    style.font.size, style.font.bold = Pt(size), bold
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    style.paragraph_format.line_spacing = Pt(line_pt)
    if first_line:
        set_indent(style.element.get_or_add_pPr(), char_pt=CELL_PT, first_line=first_line)
    return style


def _declare_fonts(document) -> None:
    """Add the Chinese fonts to word/fontTable.xml with their alternatives and the GB2312 charset (0x86)."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    fonts = etree.fromstring(part.blob)
    for name, alternative in FONT_ALTERNATIVES.items():
        font = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): name})
        for tag, value in (
            ("altName", alternative),
            ("charset", "86"),
            ("family", "auto"),
            ("pitch", "variable"),
        ):
            etree.SubElement(font, qn(f"w:{tag}"), {qn("w:val"): value})
    # python-docx loads fontTable.xml as an opaque Part: its bytes are the only handle there is.
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


# --- paragraphs ---------------------------------------------------------------------------------------


def _paragraph(document, text="", *, style=None, align=None, font=None, size=None, bold=None, color=None):
    paragraph = document.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    if text:
        _run(paragraph, text, font=font, size=size, bold=bold, color=color)
    return paragraph


def _run(paragraph, text, *, font=None, size=None, bold=None, color=None):
    run = paragraph.add_run(text)
    if font:
        set_fonts(run._r.get_or_add_rPr(), font)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    return run


def _blank(document, lines: int) -> None:
    for _ in range(lines):
        document.add_paragraph()


def _masthead(document, doc: OfficialDocument) -> None:
    """版头: 密级/紧急程度 top left, the red 发文机关标志, the 发文字号 and the red rule (§7.2)."""
    flags = [text for text in (doc.secret_level, doc.urgency) if text]
    for text in flags:
        _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.LEFT, font=HEITI)

    mark_text = doc.mark or f"{doc.issuer}文件"
    mark = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
    run = _run(mark, mark_text, font=XIAOBIAOSONG, size=MARK_PT, color=RED)
    natural_width_pt = width_in_chars(mark_text) * MARK_PT
    set_scale(
        run._r.get_or_add_rPr(), min(100, math.floor(0.9 * TEXT_WIDTH_TWIPS / 20 / natural_width_pt * 100))
    )
    fmt = mark.paragraph_format
    fmt.space_before = Pt(max(0.0, 35 * 72 / 25.4 - len(flags) * LINE_PT))
    fmt.line_spacing = Pt(MARK_PT * 1.2)
    set_child(mark._p.get_or_add_pPr(), PPR_ORDER, "snapToGrid", val=0)

    ruled = mark
    if doc.doc_number:
        _blank(document, 2)
        ruled = _paragraph(document, normalise_doc_number(doc.doc_number), align=WD_ALIGN_PARAGRAPH.CENTER)
    set_borders(ruled._p.get_or_add_pPr(), PPR_ORDER, "pBdr", bottom=(12, RED, round(4 * 72 / 25.4)))


def _main_part(document, doc: OfficialDocument) -> None:
    """主体: title, 主送机关, body, 附件说明, 署名, 成文日期, 附注 (§7.3)."""
    _blank(document, 2)
    title = _paragraph(document, style="GB Title")
    for i, line in enumerate(doc.title.split("\n")):  # the caller breaks a long title (梯形/菱形, §7.3.1)
        if i:
            title.runs[-1].add_break()
        title.add_run(line)
    if doc.recipients:
        _blank(document, 1)
        _paragraph(document, "，".join(doc.recipients) + "：")

    for block in doc.body:
        if isinstance(block, str):
            block = Paragraph(block)
        if isinstance(block, Paragraph):
            _paragraph(document, block.text, style="GB Body")
        elif isinstance(block, Heading):
            paragraph = _paragraph(document, block.text, style=f"GB Heading {block.level}")
            if block.body:
                paragraph.paragraph_format.keep_with_next = False
                _run(paragraph, block.body, font=FANGSONG, bold=False)
        else:
            _table(document, block)

    if doc.attachments:
        _blank(document, 1)
        _attachments(document, doc.attachments)
    _signature(document, doc)
    if doc.note:
        _paragraph(document, f"（{doc.note}）", style="GB Body")


def _attachments(document, names: Sequence[str]) -> None:
    """附件说明 (§7.3.4): "附件：1.名称", names without closing punctuation, wrapped lines aligned."""
    numbered = len(names) > 1
    for i, name in enumerate(names):
        prefix = "附件：" if i == 0 else ""
        label = f"{i + 1}." if numbered else ""
        paragraph = _paragraph(document, prefix + label + name.rstrip("。．.，,；;"), style="GB Body")
        hang = width_in_chars(prefix) + width_in_chars(label)
        left = 2 + width_in_chars("附件：") + width_in_chars(label)
        set_indent(paragraph._p.get_or_add_pPr(), char_pt=CELL_PT, left=left, first_line=-hang)


def _signature(document, doc: OfficialDocument) -> None:
    """发文机关署名 and 成文日期 (§7.3.5), in character cells counted from the right margin.

    Sealed: date 4 from the right, name centred over the date. Unsealed: name 2 from the right one blank
    line below, date starting 2 further right; if the date is the longer, date 2 from the right and the
    name moved left to keep that offset.
    """
    date = format_date(doc.date)
    name_w, date_w = width_in_chars(doc.signature), width_in_chars(date)
    if doc.sealed:
        date_right = 4.0
        name_right = max(0.0, date_right + (date_w - name_w) / 2)
        _blank(document, 2)
    else:
        name_right, date_right = 2.0, name_w - date_w
        if date_w > name_w:
            date_right = 2.0
            name_right = date_right + date_w + 2 - name_w
        _blank(document, 1)
    for index, (text, right) in enumerate(((doc.signature, name_right), (date, date_right))):
        paragraph = _paragraph(document, text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.keep_with_next = index == 0  # name and date on one page
        set_indent(paragraph._p.get_or_add_pPr(), char_pt=CELL_PT, right=right)


def _table(document, block: Table) -> None:
    columns = max(len(row) for row in block.rows)
    weights = list(block.widths or [1] * columns)
    table = _new_table(
        document, len(block.rows), [round(TEXT_WIDTH_TWIPS * w / sum(weights)) for w in weights]
    )
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    line = (4, BLACK, 0)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    set_borders(table._tbl.tblPr, TBLPR_ORDER, "tblBorders", **dict.fromkeys(sides, line))
    # The style id set on the paragraph XML: python-docx's ``paragraph.style = …`` looks the style up anew for
    # every cell, which took seconds for a table of a thousand rows (a competition's 公示名单).
    style_id = document.styles["GB Table"].style_id
    for index, (row, values) in enumerate(zip(table.rows, block.rows, strict=True)):
        header = index < block.header_rows
        tr_pr = row._tr.get_or_add_trPr()
        set_child(tr_pr, TRPR_ORDER, "cantSplit")
        if header:
            set_child(tr_pr, TRPR_ORDER, "tblHeader")
        for cell, value in zip(row.cells, [*values, *[""] * (columns - len(values))], strict=True):
            paragraph = cell.paragraphs[0]
            paragraph._p.style = style_id
            if header:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            _run(paragraph, value, font=HEITI if header else None)


def _new_table(document, rows: int, widths: list[int]):
    """A fixed-layout table with the given column widths in twips."""
    table = document.add_table(rows=rows, cols=len(widths))
    table.autofit = False
    set_child(table._tbl.tblPr, TBLPR_ORDER, "tblW", w=sum(widths), type="dxa")
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Twips(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Twips(width)
    return table


def _record(document, doc: OfficialDocument) -> None:
    """版记 (§7.4): 抄送 and 印发机关/印发日期 between rules, at the bottom of the last page's 版心.

    A one-column table floated to the bottom of the margin box, its top, inner and bottom borders being
    the rules. It is placed horizontally from the page edge (at the left margin) rather than from the
    margin: LibreOffice keeps a full-width table positioned from the margin inline.
    """
    lines = []
    if doc.cc:
        names = "，".join(doc.cc)
        lines.append(("cc", f"抄送：{names}" + ("" if names.endswith("。") else "。")))
    if doc.printer or doc.print_date:
        printed = f"{format_date(doc.print_date)}印发" if doc.print_date else ""
        lines.append(("printed", f"{doc.printer or ''}\t{printed}"))
    if not lines:
        return
    table = _new_table(document, len(lines), [TEXT_WIDTH_TWIPS])
    tbl_pr = table._tbl.tblPr
    set_child(
        tbl_pr,
        TBLPR_ORDER,
        "tblpPr",
        leftFromText=0,
        rightFromText=0,
        topFromText=0,
        bottomFromText=0,
        horzAnchor="page",
        tblpX=_twips(MARGIN_MM["left"]),
        vertAnchor="margin",
        tblpYSpec="bottom",
    )
    set_child(tbl_pr, TBLPR_ORDER, "tblOverlap", val="never")
    thick, thin = (8, BLACK, 0), (6, BLACK, 0)
    set_borders(tbl_pr, TBLPR_ORDER, "tblBorders", top=thick, insideH=thin, bottom=thick)
    margins = set_child(tbl_pr, TBLPR_ORDER, "tblCellMar")  # no cell padding: indents count from the 版心
    for side in ("left", "right"):
        set_child(margins, ("top", "left", "bottom", "right"), side, w=0, type="dxa")
    for row, (kind, text) in zip(table.rows, lines, strict=True):
        paragraph = row.cells[0].paragraphs[0]
        _run(paragraph, text, font=FANGSONG, size=SMALL_PT)
        p_pr = paragraph._p.get_or_add_pPr()
        if kind == "cc":  # "抄送：" one character in, wrapped lines aligned after the colon
            set_indent(p_pr, char_pt=SMALL_CHAR_PT, left=4, right=1, first_line=-3)
        else:  # office one character from the left, date one character from the right
            set_indent(p_pr, char_pt=SMALL_CHAR_PT, left=1)
            set_right_tab(p_pr, TEXT_WIDTH_TWIPS - SMALL_PT * 20)
    anchor = document.add_paragraph().paragraph_format  # a document ends with a paragraph; keep it 1 pt
    anchor.line_spacing = Pt(1)


def _page_numbers(document) -> None:
    """ "— N —" in 4号 宋体 (not condensed), odd pages right and even pages left, one character in (§7.5)."""
    document.settings.odd_and_even_pages_header_footer = True
    section = document.sections[0]
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        fmt = paragraph.paragraph_format
        fmt.space_before = fmt.space_after = Pt(0)
        fmt.line_spacing_rule, fmt.line_spacing = WD_LINE_SPACING.EXACTLY, Pt(SMALL_PT * 1.2)
        even = align == WD_ALIGN_PARAGRAPH.LEFT
        set_indent(paragraph._p.get_or_add_pPr(), char_pt=SMALL_PT, left=int(even), right=int(not even))
        rpr = None
        for text in ("— ", " —"):
            if rpr is not None:
                append_page_field(paragraph._p, rpr)
            rpr = _run(paragraph, text, font=SONG, size=SMALL_PT)._r.get_or_add_rPr()
            set_child(rpr, RPR_ORDER, "spacing", val=0)
