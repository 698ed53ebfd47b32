"""Lead units (牵头单位) and co-units (配合单位) of a plan item.

Plans write them as a bracket after the item — ``（牵头单位：综合股、系统党办、组织人事股）`` — or inline,
``(责任单位:德育股)`` / ``（责任科室：办公室）``, with full-width or ASCII punctuation, sometimes as
``【牵头单位】…`` or a bare line ``牵头单位：…``. One bracket may hold several roles separated by ；
(``牵头单位：A；配合单位：B、C``). When a bracket names both 牵头 and 责任 units, the 责任 ones are treated as
co-units (the 牵头 unit leads, the others are responsible for their part).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .text import fold

_LEAD_ROLE = r"牵头(?:单位|科室|股室|部门|处室)?|责任(?:单位|科室|股室|部门|处室)|主办(?:单位|科室)|负责(?:单位|科室|部门)|承办(?:单位|科室)|实施(?:单位|主体)"
_CO_ROLE = r"(?:配合|协办|协助|参与|参加|协同)(?:单位|科室|股室|部门|处室)?"
_OTHER_ROLE = r"(?:分管|责任|牵头)?(?:领导|局领导|责任人)|完成时限|时间节点"
_ROLE = re.compile(rf"({_LEAD_ROLE}|{_CO_ROLE}|{_OTHER_ROLE})\s*:\s*")
_BRACKET_START = re.compile(rf"[(\[]\s*(?=(?:{_LEAD_ROLE}|{_CO_ROLE}|{_OTHER_ROLE})\s*:)")
_ANY_UNIT_ROLE = re.compile(rf"(?:{_LEAD_ROLE}|{_CO_ROLE})\s*:")
_BARE_LINE = re.compile(rf"(?m)^[ \t]*(?=(?:{_LEAD_ROLE})\s*:)")
_SQUARE_LABEL = re.compile(rf"\[\s*((?:{_LEAD_ROLE})|(?:{_CO_ROLE}))\s*\]\s*")
_SEPARATORS = re.compile(r"[、,;/\s]+")
_CLOSERS = {"(": ")", "[": "]"}
_CLAUSE_ENDS = frozenset("。;,!?:)\n \t")


@dataclass
class Leads:
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    #: (start, end) offsets of the lead-unit texts, to be cut from the item's title and body.
    spans: list[tuple[int, int]] = field(default_factory=list)
    #: True when a bracket was still open at the end of the text (a truncated document).
    unclosed: bool = False
    #: 完成时限：… / 时间节点：… in the statement, as written.
    due: str | None = None
    #: 分管领导：… / 责任领导：… in the statement.
    leaders: list[str] = field(default_factory=list)


def find_leads(text: str) -> Leads:
    """All lead-unit statements in an item's text, in order of appearance.

    Brackets are read first, then 【…】 labels, then bare lines; a statement starting inside one already
    taken is part of it.
    """
    shadow = fold(text)
    out = Leads()
    taken: list[tuple[int, int]] = []
    ends = _Ends(shadow)

    covered = _Spans(taken)
    for m in _BRACKET_START.finditer(shadow):
        start = m.start()
        if covered.holds(start):
            continue
        inner_end, span_end, truncated = _bracket_extent(shadow, start)
        if not _ANY_UNIT_ROLE.search(shadow, m.end(), inner_end):
            continue  # （完成时限：6月底） alone names no unit
        _add_roles(shadow[m.end() : inner_end], text[m.end() : inner_end], out, complete=not truncated)
        taken.append((start, span_end))
        covered.add(span_end)
        out.unclosed = out.unclosed or truncated

    covered = _Spans(taken)
    for m in _SQUARE_LABEL.finditer(shadow):
        start = m.start()
        if covered.holds(start):
            continue
        stop = ends.after(m.end())
        role = m.group(1)
        _add_units(role, text[m.end() : stop], out, complete=True)
        taken.append((start, stop))
        covered.add(stop)

    covered = _Spans(taken)
    for m in _BARE_LINE.finditer(shadow):
        start = m.start()
        if covered.holds(start):
            continue
        stop = ends.after(start)
        _add_roles(shadow[start:stop], text[start:stop], out, complete=True)
        taken.append((start, stop))
        covered.add(stop)

    out.spans = sorted(taken)
    return out


class _Spans:
    """Is an offset inside one of the spans taken so far? Spans of earlier passes are looked up by
    bisection; those of the current pass arrive in order, so the furthest end reached so far answers."""

    def __init__(self, earlier: list[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.reach: list[int] = []  # the furthest end among the spans starting at or before starts[i]
        for a, b in sorted(earlier):
            self.starts.append(a)
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)
        self.current_end = -1

    def add(self, end: int) -> None:
        self.current_end = max(self.current_end, end)

    def holds(self, pos: int) -> bool:
        if pos < self.current_end:
            return True
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.reach[i]


def split_units(names: str) -> list[str]:
    """A list of unit names as written in a table cell: 综合股、德育股 / 综合股,德育股 / 综合股 德育股."""
    out = Leads()
    _add_units("牵头单位", names, out, complete=True)
    return out.lead_units


def has_leads(shadow: str) -> bool:
    """Cheap test on folded text: does it contain a lead-unit statement?"""
    return bool(_BRACKET_START.search(shadow) or _BARE_LINE.search(shadow) or _SQUARE_LABEL.search(shadow))


def strip_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` without the lead-unit statements; the lines they occupied alone disappear."""
    if not spans:
        return text
    pieces = []
    pos = 0
    for a, b in sorted(spans):
        pieces.append(text[pos:a])
        after = fold(text[b : b + 1])
        if a > 0 and after and (after not in _CLAUSE_ENDS or after == ")"):  # a stray ）: invent no text
            pieces.append(
                "\n"
            )  # 以上（责任科室：…）2化解…: keep the two sentences apart, invent no punctuation
        pos = max(pos, b)
    pieces.append(text[pos:])
    joined = "".join(pieces)
    return "\n".join(line.strip(" \t\u3000") for line in joined.split("\n") if line.strip(" \t\u3000"))


def _add_roles(inner_shadow: str, inner: str, out: Leads, *, complete: bool) -> None:
    """Split ``牵头单位：A、B；配合单位：C`` into its roles."""
    roles = list(_ROLE.finditer(inner_shadow))
    has_qiantou = any(r.group(1).startswith("牵头") for r in roles)
    for k, r in enumerate(roles):
        stop = roles[k + 1].start() if k + 1 < len(roles) else len(inner)
        role = r.group(1)
        last = k + 1 == len(roles)
        if has_qiantou and role.startswith("责任") and "领导" not in role and "责任人" not in role:
            role = "配合"
        _add_units(role, inner[r.end() : stop], out, complete=complete or not last)


def _add_units(role: str, names: str, out: Leads, *, complete: bool) -> None:
    if re.fullmatch(_OTHER_ROLE, role):
        value = names.strip(" \t;；,，。")
        if value and role in ("完成时限", "时间节点") and out.due is None:
            out.due = value[:20]
        elif value and "领导" in role:
            from .tables import split_leaders  # imported late: tables imports this module

            out.leaders.extend(n for n in split_leaders(value) if n not in out.leaders)
        return
    parts = [p for p in _SEPARATORS.split(fold(names).strip(" ;,.。")) if p]
    # Map folded pieces back to the text as written: names are cut from ``names`` at the same offsets.
    units = _split_as_written(names, parts)
    if not complete and units and not fold(names).rstrip().endswith(("、", ",", ";")):
        units = units[:-1]  # the last name was cut off with the document; never return half a name
    target = out.co_units if re.fullmatch(_CO_ROLE, role) else out.lead_units
    for unit in units:
        unit = re.sub(r"^(?:由)|(?:等)$", "", unit)
        if unit and unit not in target:
            target.append(unit)


def _split_as_written(names: str, folded_parts: list[str]) -> list[str]:
    shadow = fold(names)
    out = []
    pos = 0
    for part in folded_parts:
        i = shadow.find(part, pos)
        if i < 0:
            out.append(part)
            continue
        out.append(names[i : i + len(part)])
        pos = i + len(part)
    return out


def _bracket_extent(shadow: str, start: int) -> tuple[int, int, bool]:
    """(end of the names, end of the statement, truncated?) for the bracket opened at ``start``.

    A bracket may run over one line break (a wrapped line); one never closed is taken to end with its line
    (a typo) unless it is on the last line: then the document was cut off inside it.
    """
    opener = shadow[start]
    closer = _CLOSERS[opener]
    depth = 0
    for i in range(start, len(shadow)):
        ch = shadow[i]
        if ch == opener:
            depth += 1
        elif ch == closer:
            depth -= 1
            if depth == 0:
                return i, i + 1, False
        elif ch == "\n":
            next_end = shadow.find("\n", i + 1)
            next_line = shadow[i + 1 : next_end if next_end >= 0 else len(shadow)]
            if closer not in next_line or _BRACKET_START.search(next_line.split(closer)[0]):
                return i, i, False
    return len(shadow), len(shadow), True


class _Ends:
    """Where the line or the sentence around an offset ends. Offsets mostly come in order, so the last
    answer is reused until passed: a long line with many statements is not searched to its end each time."""

    def __init__(self, shadow: str) -> None:
        self.shadow = shadow
        self._found = {"\n": (-1, -1), "。": (-1, -1)}  # char -> (asked from, found at)

    def _next(self, ch: str, pos: int) -> int:
        asked, found = self._found[ch]
        if not asked <= pos <= found:
            found = self.shadow.find(ch, pos)
            found = len(self.shadow) if found < 0 else found
            self._found[ch] = (pos, found)
        return found

    def after(self, pos: int) -> int:
        return min(self._next("\n", pos), self._next("。", pos))
