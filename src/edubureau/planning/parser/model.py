"""What the plan parser returns: plain dataclasses, no ORM.

``ParsedPlan.to_dict()`` is the JSON that ``edubureau plan parse FILE --json`` prints; the dataclasses keep
a little more (the cover notice title, preamble parts, co-units, sub-sections, due dates, warnings) for the
review page.
"""

from __future__ import annotations

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
    #: Due date from a 完成时限 table column, as written.
    due: str | None = None
    #: True when the document ends inside this item (no closing punctuation and nothing after it).
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "section": self.section,
            "title": self.title,
            "body": self.body,
            "lead_units": list(self.lead_units),
            "targets": [t.to_dict() for t in self.targets],
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
            "items": [i.to_dict() for i in self.items],
        }


def plain_number(value: Decimal) -> int | float:
    """6650 rather than 6650.0 in JSON; 96.5 stays a float."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)
