"""Long plans for the scaling test and ``bench/parse.py``, made from the 2019 Quangang plan.

``long_plan(lines)`` keeps its cover notice, preamble and 抄送 and repeats its 24 items (with their lead
units) renumbered, 100 items to a section, until the document has ``lines`` lines; ``repeated_plan(lines)``
repeats its body as it is: the numbering starts again, out of sequence, so everything after the first
24 items is the body of item 24 — one huge item, the worst case for lead units; ``long_prose(lines)`` is
the items' paragraphs without any heading or lead unit: one long preamble, the worst case for targets.
"""

from __future__ import annotations

import re
from pathlib import Path

SEED = Path(__file__).parent / "data" / "quangang-2019.txt"
ITEMS_PER_SECTION = 100
_NUMERALS = "一二三四五六七八九"
_ITEM = re.compile(r"^\d+\.")


def _cn(n: int) -> str:
    """1 → 一, 10 → 十, 42 → 四十二 (up to 99, as section headings are numbered)."""
    tens, units = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _NUMERALS[tens - 1] + "十")
    return head + (_NUMERALS[units - 1] if units else "")


def _seed() -> tuple[list[str], list[str], list[tuple[str, str]], str]:
    lines = SEED.read_text(encoding="utf-8").split("\n")
    lines = [line for line in lines if line.strip()]
    first_section = next(i for i, line in enumerate(lines) if line.strip().startswith("一、"))
    head = lines[:first_section]
    sections = [
        line.strip().split("、", 1)[1] for line in lines if re.match(r"^[一二三四五]、", line.strip())
    ]
    items = []
    for i, line in enumerate(lines):
        if _ITEM.match(line):
            items.append((_ITEM.sub("", line), lines[i + 1]))
    return head, sections, items, lines[-1]


def long_plan(lines: int) -> str:
    """The seed plan grown to ``lines`` lines (at least the seed's own length)."""
    head, section_titles, items, tail = _seed()
    out = list(head)
    k = 0
    while len(out) + 1 < lines:
        if k % ITEMS_PER_SECTION == 0:
            section = k // ITEMS_PER_SECTION
            out.append(f"{_cn(section + 1)}、{section_titles[section % len(section_titles)]}")
        body, lead = items[k % len(items)]
        out += [f"{k % ITEMS_PER_SECTION + 1}.{body}", lead]
        k += 1
    out.append(tail)
    return "\n".join(out)


def repeated_plan(lines: int) -> str:
    """The seed plan with its sections and items repeated verbatim up to ``lines`` lines."""
    all_lines = [line for line in SEED.read_text(encoding="utf-8").split("\n") if line.strip()]
    first_section = next(i for i, line in enumerate(all_lines) if line.strip().startswith("一、"))
    head, body, tail = all_lines[:first_section], all_lines[first_section:-1], all_lines[-1]
    out = list(head)
    while len(out) + 1 < lines:
        out += body[: lines - 1 - len(out)]
    out.append(tail)
    return "\n".join(out)


def long_prose(lines: int) -> str:
    """``lines`` paragraphs of plan prose: no notice, no heading, no lead unit."""
    _, _, items, _ = _seed()
    return "\n".join(items[k % len(items)][0].split("。", 1)[-1] for k in range(lines))


def table_plan(rows: int, layout: str = "rows") -> str:
    """A 重点工作任务分解表 of ``rows`` rows (a section row every 20) in one of the text lay-outs: ``rows``
    (tab-separated), ``bar`` (one cell per line ending `` |``) or ``blank`` (blank lines between cells)."""
    header = ["序号", "目标与任务", "牵头单位", "协同配合单位", "分 管 县领导", "完成时限"]
    table: list[list[str]] = [header]
    for k in range(rows):
        if k % 20 == 0:
            table.append([f"{'一二三四五六七八九十'[k // 20 % 10]}、第{k // 20 + 1}方面重点工作"])
        table.append(
            [
                str(3 * k + 7),
                f"推进第{k + 1}项重点工作，新增学位{k + 100}个，培训教师不少于{k + 50}人次。",
                "县教育局",
                "县财政局、县住建局",
                "王 明李华",
                f"2024年{k % 12 + 1}月底",
            ]
        )
    title = "海城县2024年政府工作报告重点工作任务分解表"
    if layout == "rows":
        return "\n".join([title, *("\t".join(r) for r in table)])
    if layout == "bar":
        return "\n".join([title, *(f"{c} |" for r in table for c in r)])
    return "\n\n".join([title, *(c for r in table for c in r)])
