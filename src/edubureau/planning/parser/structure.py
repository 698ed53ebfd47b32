"""The plan body: preamble, sections (一、), sub-sections (（一）) and numbered items (1. / 01. / （一）).

Headings follow GB/T 9704 §7.3.3 — ``一、`` > ``（一）`` > ``1.`` > ``（1）`` — but plans use two or three of
those levels, number items straight through or restart them in each section, and pad them (01.). So:

* a heading is accepted only **in sequence**: the next number at its level, or 1 again after a heading one
  level up (numbering restarting per section). "1." inside an item's body, 第二、第三 or 6.22亿元 never
  start an item;
* headings are looked for at line starts; when a document has fewer than two of those (everything on one
  line), inline markers after 。；） count, and an item marker right after a section title too;
* the **item level** is the deepest level whose blocks mostly carry a lead-unit statement (牵头单位), or
  without lead units the deepest of 一、/（一）/1.; the shallowest level above it gives the sections,
  levels in between give sub-sections; ``（1）`` sub-points stay in the item body;
* a plan written as a table (序号 | 工作任务 | 牵头单位 | 完成时限 …, rows flattened to tab- or |-separated
  lines, as ``sources.read_docx`` writes them) is read by its header row instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from . import leads as leads_mod
from .header import PREAMBLE_LABEL
from .model import Item, PreamblePart, Section
from .text import fold, small_cn_number

_MARKERS = (
    (1, re.compile(r"([一二三四五六七八九十]{1,3})[ \t]*(?:、|\.(?!\d))")),
    (2, re.compile(r"\([ \t]*([一二三四五六七八九十]{1,3})[ \t]*\)")),
    (3, re.compile(r"(?<![\d.])(\d{1,3})[ \t]*(?:\.(?!\d)|、)")),
    (4, re.compile(r"\([ \t]*(\d{1,3})[ \t]*\)")),
)
_INLINE_BOUNDARY = frozenset('。;!?):]”"」')
_SENTENCE_END = re.compile(r"[。;!?]")
_TITLE_END = re.compile(r"[。;\n]")


@dataclass(frozen=True)
class Heading:
    level: int
    number: int
    numeral: str
    start: int
    end: int


@dataclass
class Body:
    preamble: list[PreamblePart] = field(default_factory=list)
    #: Texts outside any item whose targets are plan-wide: the preamble and section introductions.
    loose_texts: list[str] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class _Sequence:
    """Which heading numbers may come next at each level."""

    def __init__(self) -> None:
        self.last: dict[int, int | None] = {1: None, 2: None, 3: None, 4: None}
        self.parent_changed: dict[int, bool] = {1: False, 2: False, 3: False, 4: False}

    def accepts(self, level: int, number: int) -> bool:
        last = self.last[level]
        if last is None:
            return number == 1
        return number == last + 1 or (number == 1 and self.parent_changed[level])

    def accept(self, level: int, number: int) -> None:
        self.last[level] = number
        self.parent_changed[level] = False
        for deeper in range(level + 1, 5):
            self.parent_changed[deeper] = True


def marker_at(shadow: str, pos: int) -> Heading | None:
    """The heading marker starting exactly at ``pos`` in folded text, if any."""
    for level, rx in _MARKERS:
        m = rx.match(shadow, pos)
        if m:
            numeral = m.group(1)
            number = int(numeral) if numeral.isdigit() else small_cn_number(numeral)
            if number is None:
                continue
            end = m.end()
            while end < len(shadow) and shadow[end] in " \t":
                end += 1
            return Heading(level, number, numeral, m.start(), end)
    return None


def line_heading_indices(folded_lines: list[str]) -> set[int]:
    """Lines (folded) that start with an in-sequence heading (used to decide where wrapped lines may be
    joined)."""
    seq = _Sequence()
    out = set()
    for i, line in enumerate(folded_lines):
        h = marker_at(line, 0)
        if h and seq.accepts(h.level, h.number):
            seq.accept(h.level, h.number)
            out.add(i)
    return out


def find_headings(shadow: str, start: int, end: int) -> list[Heading]:
    heads = _line_headings(shadow, start, end)
    if len(heads) >= 2:
        return heads
    return _inline_headings(shadow, start, end)


def _line_headings(shadow: str, start: int, end: int) -> list[Heading]:
    seq = _Sequence()
    out = []
    pos = start
    while pos < end:
        nl = shadow.find("\n", pos, end)
        line_end = nl if nl >= 0 else end
        p = pos
        while p < line_end and shadow[p] in " \t":
            p += 1
        h = marker_at(shadow, p)
        if h and h.end <= line_end and seq.accepts(h.level, h.number):
            seq.accept(h.level, h.number)
            out.append(h)
        pos = line_end + 1
    return out


def _inline_headings(shadow: str, start: int, end: int) -> list[Heading]:
    candidates = []
    for _, rx in _MARKERS:
        for m in rx.finditer(shadow, start, end):
            h = marker_at(shadow, m.start())
            if h:
                candidates.append(h)
    candidates.sort(key=lambda h: (h.start, h.level))
    seq = _Sequence()
    out: list[Heading] = []
    taken_until = start
    sentence_end = -1  # the first sentence end after the last accepted heading
    for h in candidates:
        if h.start < taken_until or not seq.accepts(h.level, h.number):
            continue
        prev = shadow[h.start - 1] if h.start > start else "\n"
        ok = prev in "\n \t" or prev in _INLINE_BOUNDARY
        if not ok and out and out[-1].level < h.level and h.level in (2, 3):
            # 一、聚焦…建设1.加强…: an item right after a section title, no punctuation between.
            ok = h.start <= sentence_end
        if ok:
            seq.accept(h.level, h.number)
            out.append(h)
            taken_until = h.end
            if sentence_end < h.end:  # searched once per sentence, not once per heading
                found = _SENTENCE_END.search(shadow, h.end, end)
                sentence_end = found.start() if found else end
    return out


def parse_body(doc: str, shadow: str, start: int, end: int) -> Body:
    table = _table_header(doc, shadow, start, end)
    if table is not None:
        return _parse_table(doc, shadow, start, end, table)
    heads = find_headings(shadow, start, end)
    body = Body()
    levels = sorted({h.level for h in heads if h.level <= 3}) or sorted({h.level for h in heads})
    if not levels:
        body.preamble = _preamble_parts(doc, shadow, start, end)
        body.loose_texts.append(doc[start:end])
        return body
    item_level = _item_level(shadow, heads, levels, end)
    section_level = levels[0] if levels[0] < item_level else None
    structural = [h for h in heads if h.level <= item_level]
    if section_level is not None:
        first_section = next(h for h in structural if h.level == section_level)
        structural = [h for h in structural if h.start >= first_section.start]
    first = structural[0].start if structural else end
    body.preamble = _preamble_parts(doc, shadow, start, first)
    body.loose_texts.append(doc[start:first])

    section: Section | None = None
    subsection: str | None = None
    for k, h in enumerate(structural):
        stop = structural[k + 1].start if k + 1 < len(structural) else end
        if h.level == item_level:
            item = _build_item(doc, shadow, h, stop, section, subsection)
            item.truncated = k + 1 == len(structural) and _looks_truncated(doc, shadow, h.end, stop, end)
            if item.truncated:
                body.warnings.append(f"item {item.number} ends mid-sentence: the document looks truncated")
            body.items.append(item)
            continue
        title, intro = _heading_title(doc, shadow, h.end, stop)
        if h.level == section_level:
            section = Section(number=h.number, numeral=h.numeral, title=title, intro=intro)
            body.sections.append(section)
            subsection = None
        else:
            subsection = doc[h.start : h.end].strip() + title
        if intro:
            body.loose_texts.append(intro)
    return body


def _item_level(shadow: str, heads: list[Heading], levels: list[int], end: int) -> int:
    """The deepest level whose blocks mostly carry lead units; without any, the deepest level."""
    has_any = False
    chosen = None
    for level in levels:
        blocks = [(k, h) for k, h in enumerate(heads) if h.level == level]
        stops = _block_stops(heads, level, end)
        with_leads = 0
        for k, h in blocks:
            if leads_mod.has_leads(shadow[h.end : stops[k]]):
                with_leads += 1
        if with_leads:
            has_any = True
        if blocks and with_leads >= 0.5 * len(blocks):
            chosen = level
    if has_any and chosen is not None:
        return chosen
    return levels[-1]


def _block_stops(heads: list[Heading], level: int, end: int) -> list[int]:
    """For each heading, where the block at ``level`` started there ends: the next heading at that level
    or above (one backward pass, not a search from every heading)."""
    stops = [end] * len(heads)
    stop = end
    for k in range(len(heads) - 1, -1, -1):
        stops[k] = stop
        if heads[k].level <= level:
            stop = heads[k].start
    return stops


def _build_item(
    doc: str, shadow: str, h: Heading, stop: int, section: Section | None, subsection: str | None
) -> Item:
    raw = doc[h.end : stop].strip()
    found = leads_mod.find_leads(raw)
    clean = leads_mod.strip_spans(raw, found.spans)
    title, body = split_title(clean)
    return Item(
        number=h.number,
        section=section.numeral if section else None,
        title=title,
        body=body,
        lead_units=found.lead_units,
        co_units=found.co_units,
        responsible_leaders=found.leaders,
        due=found.due,
        subsection=subsection,
    )


def split_title(text: str) -> tuple[str, str]:
    """Title = the text up to the first 。 or ； (or the end of the heading line); body = the rest."""
    m = _TITLE_END.search(fold(text))
    if not m:
        return text.strip(), ""
    return text[: m.start()].strip(), text[m.end() :].strip()


def _heading_title(doc: str, shadow: str, start: int, stop: int) -> tuple[str, str]:
    m = _TITLE_END.search(shadow, start, stop)
    if not m:
        return doc[start:stop].strip(), ""
    return doc[start : m.start()].strip(), doc[m.end() : stop].strip()


def _looks_truncated(doc: str, shadow: str, start: int, stop: int, end: int) -> bool:
    text = shadow[start:stop].rstrip()
    return stop == end == len(doc.rstrip()) and bool(text) and text[-1] not in '。;!?)]”"」…'


def _preamble_parts(doc: str, shadow: str, start: int, end: int) -> list[PreamblePart]:
    """总体要求：… 主要目标：… as labelled parts; unlabelled text as a part without a label."""
    parts = []
    labels = list(PREAMBLE_LABEL.finditer(shadow, start, end))
    pos = start
    label = None
    for m in labels:
        text = doc[pos : m.start()].strip()
        if text:
            parts.append(PreamblePart(label=label, text=text))
        label = doc[m.start(1) : m.end(1)]
        pos = m.end()
    text = doc[pos:end].strip()
    if text:
        parts.append(PreamblePart(label=label, text=text))
    return parts


# ----------------------------------------------------------------------------------------------- tables

_COLUMN_ROLES = (
    ("number", re.compile(r"^(?:序号|编号|序|No\.?)$", re.I)),
    ("due", re.compile(r"时限|完成时间|时间节点|进度安排|完成日期")),
    ("co", re.compile(r"配合|协办|协助|参与")),
    ("lead", re.compile(r"牵头|责任单位|责任科室|责任股室|责任部门|负责单位|负责科室|主办")),
    ("content", re.compile(r"内容|措施|目标|要求|举措|具体")),
    ("title", re.compile(r"任务|事项|项目|工作")),
)


@dataclass
class _Table:
    start: int  # offset of the header line
    sep: str
    roles: list[str]


def _split_row(line: str, sep: str) -> list[str]:
    if sep == "|":
        line = line.strip().strip("|")
    return [c.strip(" \t\u3000") for c in line.split(sep)]


def _table_header(doc: str, shadow: str, start: int, end: int) -> _Table | None:
    pos = start
    while pos < end:
        nl = shadow.find("\n", pos, end)
        line_end = nl if nl >= 0 else end
        line = shadow[pos:line_end]
        for sep in ("\t", "|"):
            if line.count(sep) < 2:
                continue
            cells = _split_row(line, sep)
            roles = [_column_role(c) for c in cells]
            if "number" in roles and ("title" in roles or "content" in roles) and len(cells) >= 3:
                return _Table(start=pos, sep=sep, roles=roles)
        pos = line_end + 1
    return None


def _column_role(cell: str) -> str:
    for role, rx in _COLUMN_ROLES:
        if rx.search(cell):
            return role
    return "other"


def _parse_table(doc: str, shadow: str, start: int, end: int, table: _Table) -> Body:
    body = Body()
    body.preamble = _preamble_parts(doc, shadow, start, table.start)
    body.loose_texts.append(doc[start : table.start])
    section: Section | None = None
    rows: list[tuple[Item, dict[str, list[str]]]] = []
    header_end = shadow.find("\n", table.start, end)
    pos = header_end + 1 if header_end >= 0 else end
    while pos < end:
        nl = doc.find("\n", pos, end)
        line_end = nl if nl >= 0 else end
        line = doc[pos:line_end]
        pos = line_end + 1
        cells = _split_row(line, table.sep) if table.sep in line else [line.strip()]
        filled = [c for c in cells if c]
        if not filled:
            continue
        number = re.fullmatch(r"0*(\d{1,3})[.、]?", fold(cells[0]))
        if len(filled) == 1 and not number:
            h = marker_at(fold(filled[0]), 0)
            if h and h.level in (1, 2):
                title, intro = split_title(filled[0][h.end :])
                section = Section(number=h.number, numeral=h.numeral, title=title, intro=intro)
                body.sections.append(section)
                continue
            if rows and len(cells) == 1:
                rows[-1][1].setdefault("content", []).append(filled[0])  # a wrapped cell
                continue
        if number:
            by_role: dict[str, list[str]] = {}
            for role, cell in zip(table.roles, cells, strict=False):
                if cell and role != "number":
                    by_role.setdefault(role, []).append(cell)
            item = Item(
                number=int(number.group(1)), section=section.numeral if section else None, title="", body=""
            )
            rows.append((item, by_role))
        elif rows:
            for role, cell in zip(table.roles, cells, strict=False):
                if cell and role != "number":
                    rows[-1][1].setdefault(role, []).append(cell)  # a merged/continued row
        else:
            body.warnings.append(f"table row not understood: {line.strip()[:40]}")
    for item, by_role in rows:
        _fill_table_item(item, by_role)
        body.items.append(item)
    return body


def _fill_table_item(item: Item, by_role: dict[str, list[str]]) -> None:
    texts = by_role.get("title", []) + by_role.get("content", []) + by_role.get("other", [])
    found = leads_mod.find_leads("\n".join(texts))
    cleaned = [leads_mod.strip_spans(t, leads_mod.find_leads(t).spans) for t in texts]
    cleaned = [t for t in cleaned if t]
    if cleaned:
        item.title, rest = split_title(cleaned[0])
        item.body = "\n".join(t for t in [rest, *cleaned[1:]] if t)
    for cell in by_role.get("lead", []):
        for unit in leads_mod.split_units(cell):
            if unit not in item.lead_units:
                item.lead_units.append(unit)
    for unit in found.lead_units:
        if unit not in item.lead_units:
            item.lead_units.append(unit)
    for cell in by_role.get("co", []):
        item.co_units.extend(u for u in leads_mod.split_units(cell) if u not in item.co_units)
    item.co_units.extend(u for u in found.co_units if u not in item.co_units)
    if by_role.get("due"):
        item.due = " ".join(by_role["due"])
