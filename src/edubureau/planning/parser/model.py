"""What the plan parser returns: plain dataclasses, no ORM.

``ParsedPlan.to_dict()`` is the JSON that ``edubureau plan parse FILE --json`` prints; the dataclasses keep
a little more (the cover notice title, preamble parts, co-units, sub-sections, due dates, warnings) for the
review page.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

#: Comparators a target can carry. ``reduce_by`` / ``increase_by`` are changes against the previous year
#: (减少…个 / 新增…个); ``approx`` is 左右 / 约.
COMPARATORS = ("=", ">=", "<=", "reduce_by", "increase_by", "approx")


@dataclass
class Target:
    """A measurable commitment (目标) found in the text.

    ``value`` is in base units (元, 人, %, or the counting word as written: 个, 所, 期 …). A target with
    ``value`` None is a commitment without a number: a recurring one (``period`` 每半年) or one measured
    against the previous year (``comparator`` ">=" with 逐年只增不减).
    """

    text: str
    indicator: str
    value: int | float | None
    unit: str | None
    comparator: str | None
    period: str | None = None
    #: Deadline as written in the clause, normalised: a year ("2020") or "年底"; not part of the CLI JSON.
    due: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "indicator": self.indicator,
            "value": self.value,
            "unit": self.unit,
            "comparator": self.comparator,
            "period": self.period,
        }


@dataclass
class Section:
    """A first-level heading of the plan (一、聚焦…)."""

    number: int
    numeral: str
    title: str
    #: Text between the heading and its first item (rarely present).
    intro: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"number": self.number, "title": self.title}


@dataclass
class Item:
    """A numbered task (条目) of the plan: the unit the 督查督办 workflow tracks."""

    number: int
    section: str | None
    title: str
    body: str
    lead_units: list[str] = field(default_factory=list)
    co_units: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    #: The intermediate heading in three-level plans, e.g. "（二）深化教育改革"; not part of the CLI JSON.
    subsection: str | None = None
    #: Due date from a 完成时限 table column (or a 完成时限 statement in prose), as written.
    due: str | None = None
    #: 分管领导 / 责任领导 named for the item (a table's leader column), one person each.
    responsible_leaders: list[str] = field(default_factory=list)
    #: A table's 备注 cell, as written.
    note: str | None = None
    #: Copy defects seen in the source row (starts_mid_word, repeated_sentence): the text is kept as written.
    flags: list[str] = field(default_factory=list)
    #: The table row the item came from, cell by cell as written (empty for prose plans).
    source_row: list[str] = field(default_factory=list)
    #: True when the document ends inside this item (no closing punctuation and nothing after it).
    truncated: bool = False

    def to_dict(self, *, year: int | None = None) -> dict[str, Any]:
        return {
            "number": self.number,
            "section": self.section,
            "title": self.title,
            "body": self.body,
            "lead_units": list(self.lead_units),
            "co_units": list(self.co_units),
            "responsible_leaders": list(self.responsible_leaders),
            "due": {"text": self.due, "date": due_date(self.due, year=year)} if self.due else None,
            "targets": [t.to_dict() for t in self.targets],
            **({"flags": list(self.flags)} if self.flags else {}),
        }


@dataclass
class PreamblePart:
    """A labelled paragraph before the first section: 总体要求, 主要目标, 各类事业发展目标 …"""

    label: str | None
    text: str


@dataclass
class ParsedPlan:
    """The whole parse of one plan document."""

    title: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: str | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    #: Title of the cover notice (印发通知) when the plan came with one.
    notice_title: str | None = None
    preamble: list[PreamblePart] = field(default_factory=list)
    preamble_targets: list[Target] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    #: For a plan read as a table: its lay-out (rows, bar, blank) and column names as written.
    table_layout: str | None = None
    table_columns: list[str] = field(default_factory=list)
    #: The role each column was read in (number, task, content, lead, co, leader, due, note; other = not
    #: recognised, kept in the task's body), in the order of ``table_columns``.
    table_roles: list[str] = field(default_factory=list)
    #: Things a reviewer should look at (a truncated last item, an unreadable table row …).
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """Everything the parser found as plain JSON (a background parse hands it to the review page)."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParsedPlan:
        """The inverse of :meth:`as_json`."""
        return cls(
            **{
                **data,
                "preamble": [PreamblePart(**p) for p in data["preamble"]],
                "preamble_targets": [Target(**t) for t in data["preamble_targets"]],
                "sections": [Section(**s) for s in data["sections"]],
                "items": [
                    Item(**{**i, "targets": [Target(**t) for t in i["targets"]]}) for i in data["items"]
                ],
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """The CLI JSON shape (``edubureau plan parse FILE --json``), nothing more."""
        return {
            "title": self.title,
            "issuer": self.issuer,
            "doc_number": self.doc_number,
            "date": self.date,
            "recipients": list(self.recipients),
            "cc": list(self.cc),
            "sections": [s.to_dict() for s in self.sections],
            "preamble_targets": [t.to_dict() for t in self.preamble_targets],
            "items": [i.to_dict(year=self.year()) for i in self.items],
            **(
                {
                    "table": {
                        "layout": self.table_layout,
                        "columns": list(self.table_columns),
                        "roles": list(self.table_roles),
                    }
                }
                if self.table_layout
                else {}
            ),
            **({"warnings": list(self.warnings)} if self.table_layout else {}),
        }

    def year(self) -> int | None:
        """The plan's year, from its title (2019年…) or date; deadlines without a year fall in it."""
        for text in (self.title, self.date):
            m = _YEAR.search(text or "")
            if m:
                return int(m.group(1))
        return None


_YEAR = re.compile(r"((?:19|20)\d\d)\s*年?")
_DUE_FULL = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月")
_DUE_DAY = re.compile(r"((?:19|20)\d\d)\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})")
_DUE_MONTH = re.compile(r"^\s*(\d{1,2})\s*月")
_DUE_YEAR = re.compile(r"^\s*((?:19|20)\d\d)\s*年?\s*(?:底|末|年底|年末|内)?\s*(?:前)?\s*$")


def due_date(text: str | None, *, year: int | None) -> str | None:
    """A deadline as written → ISO date (the end of the period named), or None when it names no date
    (长期坚持, 持续推进) or needs a year the plan does not give."""
    if not text:
        return None
    text = text.translate(_FULL_WIDTH_DIGITS).strip()
    if m := _DUE_DAY.search(text):
        y, mo, d = (int(g) for g in m.groups())
        try:
            return dt.date(y, mo, d).isoformat()
        except ValueError:
            return None
    if m := _DUE_FULL.search(text):
        return _month_end(int(m.group(1)), int(m.group(2)))
    if m := _DUE_YEAR.match(text):
        return dt.date(int(m.group(1)), 12, 31).isoformat()
    if year is None:
        return None
    if m := _DUE_MONTH.match(text):
        return _month_end(year, int(m.group(1)))
    if "上半年" in text:
        return dt.date(year, 6, 30).isoformat()
    if text.rstrip("前") in {"年底", "年末", "全年", "下半年", "年内", "12月底"}:
        return dt.date(year, 12, 31).isoformat()
    return None


def _month_end(year: int, month: int) -> str | None:
    if not 1 <= month <= 12:
        return None
    return (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).isoformat()


_FULL_WIDTH_DIGITS = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}


def plain_number(value: Decimal) -> int | float:
    """6650 rather than 6650.0 in JSON; 96.5 stays a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
