"""The few WordprocessingML pieces python-docx has no API for: East Asian fonts, indents,
borders, tab stops, frames and fields.

Word refuses a file whose property children are out of schema order, so every element is inserted through
``set_child`` with the order ECMA-376 Part 1 gives (§17.3.1.26 pPr, §17.3.2.28 rPr, §17.4.60 tblPr).
"""

from __future__ import annotations

import unicodedata
from copy import deepcopy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree


def _order(names: str) -> tuple[str, ...]:
    return tuple(names.split())


PPR_ORDER = _order(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
)
RPR_ORDER = _order(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint noProof snapToGrid "
    "vanish webHidden color spacing w kern position sz szCs highlight u effect bdr shd fitText vertAlign rtl "
    "cs em lang eastAsianLayout specVanish oMath"
)
TBLPR_ORDER = _order(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc tblCellSpacing "
    "tblInd tblBorders shd tblLayout tblCellMar tblLook"
)
TRPR_ORDER = _order("cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader")

TWIPS_PER_PT = 20


def set_child(parent: etree._Element, order: tuple[str, ...], tag: str, **attrs: object) -> etree._Element:
    """Replace ``parent``'s ``w:<tag>`` child by a new one with ``attrs`` (w: attribute names)."""
    for old in parent.findall(qn(f"w:{tag}")):
        parent.remove(old)
    child = OxmlElement(f"w:{tag}", attrs={qn(f"w:{k}"): str(v) for k, v in attrs.items()})
    later = {qn(f"w:{t}") for t in order[order.index(tag) + 1 :]}
    successor = next((existing for existing in parent if existing.tag in later), None)
    if successor is None:
        parent.append(child)
    else:
        successor.addprevious(child)
    return child


def width_in_chars(text: str) -> float:
    """Width in full-width character cells: CJK and full-width forms count 1, everything else ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in text)


def set_fonts(rpr: etree._Element, east_asia: str, latin: str | None = None) -> None:
    """Name the font for every script. ``font.name`` alone sets only ascii/hAnsi and leaves CJK text in
    the default font; ``hint=eastAsia`` makes ambiguous characters (“ ” — …) use the East Asian font too."""
    latin = latin or east_asia
    set_child(
        rpr, RPR_ORDER, "rFonts", ascii=latin, hAnsi=latin, eastAsia=east_asia, cs=latin, hint="eastAsia"
    )


def set_scale(rpr: etree._Element, percent: int) -> None:
    """Horizontal character scale (字符缩放), how a long 发文机关标志 is narrowed to fit the 版心."""
    if percent != 100:
        set_child(rpr, RPR_ORDER, "w", val=percent)


def set_indent(
    ppr: etree._Element,
    *,
    char_pt: float,
    left: float = 0,
    right: float = 0,
    first_line: float = 0,
) -> None:
    """Indents counted in characters of ``char_pt`` points, as the standard counts them ("右空二字").

    Written in twips only: Word's ``*Chars`` attributes are measured differently by each reader
    (LibreOffice 7 halves them), twips mean the same everywhere. A negative ``first_line`` hangs.
    """
    twips = {"left": left, "right": right, "firstLine" if first_line >= 0 else "hanging": abs(first_line)}
    set_child(ppr, PPR_ORDER, "ind", **{k: round(v * char_pt * TWIPS_PER_PT) for k, v in twips.items()})


def set_borders(
    parent: etree._Element, order: tuple[str, ...], tag: str, **sides: tuple[int, str, int]
) -> None:
    """Single-line borders, ``side=(size in eighths of a point, RRGGBB colour, space in points)``."""
    borders = set_child(parent, order, tag)
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if side in sides:
            sz, color, space = sides[side]
            border = OxmlElement(f"w:{side}")
            for key, value in {"val": "single", "sz": sz, "space": space, "color": color}.items():
                border.set(qn(f"w:{key}"), str(value))
            borders.append(border)


def set_right_tab(ppr: etree._Element, position_twips: int) -> None:
    tabs = set_child(ppr, PPR_ORDER, "tabs")
    tab = OxmlElement("w:tab", attrs={qn("w:val"): "right", qn("w:pos"): str(position_twips)})
    tabs.append(tab)


def append_page_field(paragraph_element: etree._Element, rpr: etree._Element) -> None:
    """A PAGE field (begin / instruction / separate / cached value / end), each run formatted like ``rpr``."""

    def run(child: etree._Element) -> None:
        r = OxmlElement("w:r")
        r.append(deepcopy(rpr))
        r.append(child)
        paragraph_element.append(r)

    run(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "begin"}))
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = " PAGE "
    run(instr)
    run(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "separate"}))
    cached = OxmlElement("w:t")
    cached.text = "1"
    run(cached)
    run(OxmlElement("w:fldChar", attrs={qn("w:fldCharType"): "end"}))
