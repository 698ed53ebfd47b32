"""Plan parser: an annual work plan (工作要点) as text or .docx → header, sections, items, lead units, targets.

Pure Python (no ORM). ``parse_plan(text)`` and ``parse_file(path)`` return a :class:`ParsedPlan`;
``ParsedPlan.to_dict()`` is the JSON of ``edubureau plan parse FILE --json``. The stages:

1. ``text``: clean the lines; re-join lines hard-wrapped by a PDF conversion;
2. ``header``: 文号, cover notice (印发通知), 主送, signature, 抄送 — and where the plan body starts and ends;
3. ``structure``: preamble, sections, items (or table rows), with ``leads`` for 牵头单位;
4. ``targets``: measurable commitments in the preamble and in each item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from . import header as header_mod
from . import structure, tables, text
from .leads import has_leads
from .model import Item, ParsedPlan, PreamblePart, Section, Target
from .sources import read_file
from .targets import extract_targets

__all__ = [
    "Item",
    "ParsedPlan",
    "PreamblePart",
    "Section",
    "Target",
    "extract_targets",
    "parse_file",
    "parse_plan",
]


#: ``progress(done, total)`` as the stages pass; ``total`` is PROGRESS_TOTAL.
Progress = Callable[[int, int], None]
PROGRESS_TOTAL = 100
_TARGETS_FROM = 50  # the stages before the targets take about half the time; targets the other half


def parse_plan(
    raw: str, *, progress: Progress | None = None, column_roles: dict[str, str] | None = None
) -> ParsedPlan:
    """Parse one plan document given as text; ``progress`` is told how far it is (for a background job);
    ``column_roles`` is a reviewer's reading of a table's columns (see ``tables.parse_table_lines``)."""
    report = progress or (lambda done, total: None)
    raw_lines = tables.table_lines(raw)
    table = tables.parse_table_lines(raw_lines, column_roles)
    if table is not None:
        return _table_plan(table, raw_lines, report)
    lines = normalise_lines(raw)
    report(20, PROGRESS_TOTAL)
    doc = "\n".join(lines)
    shadow = text.fold(doc)
    head = header_mod.parse_header(doc, shadow=shadow)
    body = structure.parse_body(doc, shadow, head.body_start, head.body_end)
    report(_TARGETS_FROM, PROGRESS_TOTAL)

    plan = ParsedPlan(
        title=head.title,
        issuer=head.issuer,
        doc_number=head.doc_number,
        date=head.date,
        recipients=head.recipients,
        cc=head.cc,
        notice_title=head.notice_title,
        preamble=body.preamble,
        sections=body.sections,
        items=body.items,
        warnings=body.warnings,
    )
    for loose in body.loose_texts:
        plan.preamble_targets.extend(extract_targets(loose))
    step = max(1, len(plan.items) // 20)
    for k, item in enumerate(plan.items, 1):
        item_text = item.title + ("。" + item.body if item.body else "")
        item.targets = extract_targets(item_text)
        if k % step == 0:
            report(_TARGETS_FROM + (PROGRESS_TOTAL - _TARGETS_FROM) * k // len(plan.items), PROGRESS_TOTAL)
    report(PROGRESS_TOTAL, PROGRESS_TOTAL)
    return plan


def _table_plan(found: tables.TableParse, lines: list[str], report: Progress) -> ParsedPlan:
    """A plan written as a table (重点工作任务分解表): the header (文号, cover notice, 抄送) as for prose, items
    straight from the table's rows."""
    above = [line.strip(" \t") for line in lines[: found.table.header_line] if line.strip(" \t")]
    lines = above + [line.strip(" \t") for line in lines[found.table.header_line :] if line.strip(" \t")]
    doc = "\n".join(lines)
    shadow = text.fold(doc)
    head = header_mod.parse_header(doc, shadow=shadow)
    table_at = sum(len(line) + 1 for line in above)
    start = head.body_start if head.body_start <= table_at else 0
    preamble = structure._preamble_parts(doc, shadow, start, table_at)
    if head.title and preamble and preamble[0].label is None and preamble[0].text.startswith(head.title):
        rest = preamble[0].text[len(head.title) :].strip()
        preamble[0] = PreamblePart(label=None, text=rest) if rest else None
        preamble = [p for p in preamble if p]
    plan = ParsedPlan(
        title=_table_title(tables.strip_annex(head.title), found, above),
        issuer=head.issuer,
        doc_number=head.doc_number,
        date=head.date,
        recipients=head.recipients,
        cc=head.cc,
        notice_title=head.notice_title,
        preamble=preamble,
        sections=found.sections,
        items=found.items,
        warnings=found.warnings,
        table_layout=found.table.layout,
        table_columns=list(found.table.names),
        table_roles=list(found.table.roles),
    )
    report(_TARGETS_FROM, PROGRESS_TOTAL)
    for part in preamble:
        plan.preamble_targets.extend(extract_targets(part.text))
    for item in plan.items:
        item.targets = extract_targets(item.title + ("。" + item.body if item.body else ""))
    report(PROGRESS_TOTAL, PROGRESS_TOTAL)
    return plan


def _table_title(head_title: str | None, found: tables.TableParse, above: list[str]) -> str | None:
    """The nearest line above the table that names a table (…分解表, …任务清单（…）); else the header
    stage's title when it is a whole line above the table; else the table's own first line. A 版头
    (…教育局文件) or a web page's breadcrumb is not the title when the table's own name stands below it."""
    for line in reversed(above[-6:]):
        if len(line) <= 80 and _NAMES_A_TABLE.search(text.fold(line)):
            return tables.strip_annex(line)
    return head_title if head_title and head_title in above else found.title


_NAMES_A_TABLE = re.compile(r"(表|清单|台账)\s*(\([^()]{1,20}\))?$")


def parse_file(path: str | Path) -> ParsedPlan:
    """Parse a plan file (.txt, .docx, .xlsx, .pdf, .html); raises ``sources.PlanReadError`` when it
    cannot be read as a plan."""
    return parse_plan(read_file(path))


def normalise_lines(raw: str) -> list[str]:
    """Clean lines; when the text was hard-wrapped (from a PDF), paragraphs re-joined."""
    lines = text.split_lines(raw)
    folded = [text.fold(line) for line in lines]
    headings = structure.line_heading_indices(folded)

    @cache  # asked twice per line: whether the text is wrapped, then where to join
    def protected(i: int) -> bool:
        """Line ``i`` starts a block: never glue it to the line above."""
        if i >= len(lines):
            return True
        line = folded[i]
        prev = folded[i - 1] if i > 0 else ""
        return (
            i in headings
            or has_leads(line[:12])
            or bool(header_mod.PREAMBLE_LABEL.match(line))
            or line.startswith(("抄送", "附件"))
            or header_mod.is_standalone_date(line)
            or header_mod.is_standalone_date(prev)
            or header_mod.is_doc_number_line(prev)
        )

    if text.is_hard_wrapped(lines, protected):
        return text.rejoin(lines, protected)
    return lines
