"""How the plan reports word things: the terms of a 督查督办 通报, numbers, Chinese numerals, title lines.

The documents are 公文 in Chinese whatever the reader's UI language (GB/T 9704 is a Chinese format and the
bureau files them as such), so their terms are written here in Chinese rather than through gettext.
Pure functions, no Django.
"""

from __future__ import annotations

import math
from decimal import Decimal

from edubureau.core.documents.ooxml import width_in_chars

#: Task statuses as a 通报 names them (the UI's "closed" is 已办结 in a document).
STATUS = {
    "assigned": "已交办",
    "signed": "已签收",
    "in_progress": "办理中",
    "review": "办结审核中",
    "returned": "退回重办",
    "closed": "已办结",
    "cancelled": "已撤销",
}
LIGHT = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "—"}
#: 催办单 / 督办单 levels (plan-tracking.md §1, 三明's 蓝 → 橙 → 红).
URGE = {1: "蓝色催办单", 2: "橙色督办单", 3: "红色督办单"}
URGE_SHORT = {1: "蓝", 2: "橙", 3: "红"}
#: What a target asks, in the words a plan uses.
COMPARATOR = {
    "=": "达到",
    ">=": "不低于",
    "<=": "不超过",
    "reduce_by": "减少",
    "increase_by": "新增",
    "approx": "约",
}

#: Characters of 2号 (22 pt) type on a 156 mm line: 442 pt / 22 pt.
TITLE_WIDTH = 20.0
_DIGITS = "零一二三四五六七八九"


def numeral(n: int) -> str:
    """一 … 九十九, as section headings count (一、二、… 十一、)."""
    if not 0 < n < 100:
        raise ValueError(f"no heading numeral for {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return head + (_DIGITS[ones] if ones else "")


def join_units(names) -> str:
    """Lead units as a 通报 lists them: 综合股、系统党办."""
    return "、".join(names) or "（未明确牵头单位）"


def sentence(text: str) -> str:
    """``text`` ending with one full stop (a heading such as "1.加强党的建设。")."""
    text = text.strip()
    return text if not text or text[-1] in "。；！？：" else text + "。"


def bare(text: str) -> str:
    """``text`` without its closing punctuation, to quote it inside a sentence: “加强教育系统党的建设”."""
    return text.strip().rstrip("。；;，,.！？")


def first_sentence(text: str, limit: int = 80) -> str:
    """The first sentence of a report's text, shortened to ``limit`` characters, without its stop."""
    text = " ".join(text.split())
    for stop in "。；;!！?？\n":
        text = text.split(stop)[0]
    return text if len(text) <= limit else text[: limit - 1] + "…"


def number(value: Decimal | float | int | None, unit: str = "") -> str:
    """A value with its unit as a 公文 writes it: 98%, 300人, 6.22亿元, 150万元."""
    if value is None:
        return "—"
    amount = Decimal(str(value))
    if unit == "元" and abs(amount) >= 10_000:
        scale, unit = (
            (Decimal(100_000_000), "亿元") if abs(amount) >= 100_000_000 else (Decimal(10_000), "万元")
        )
        amount = (amount / scale).quantize(Decimal("0.01"))  # 8.04亿元, 9949.23万元
    text = format(amount.normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{text}{unit}"


def percent(value: float | None) -> str:
    """A share as 37.5% (no trailing .0)."""
    if value is None:
        return "—"
    return f"{float(value):.1f}".removesuffix(".0") + "%"


def gap(unit: str) -> str:
    """The unit a gap is counted in: percentage points for rates."""
    return "个百分点" if unit == "%" else unit


def title_lines(title: str, *, width: float = TITLE_WIDTH) -> str:
    """The title broken into lines of at most ``width`` characters, as even as the words allow
    (GB/T 9704 §7.3.1: 梯形 or 菱形). Breaks fall before a word such as 重点/完成/情况 or after 关于, never
    inside a number; lines are joined with "\\n" for ``OfficialDocument.title``."""
    total = width_in_chars(title)
    if total <= width:
        return title
    lines = math.ceil(total / width)
    even = total / lines
    preferred = [i for i in range(1, len(title)) if title[i:].startswith(_BREAK_BEFORE)]
    preferred += [i + 2 for i in range(len(title) - 2) if title[i : i + 2] == "关于"]
    anywhere = [i for i in range(1, len(title)) if not (title[i - 1].isdigit() and title[i].isdigit())]
    for candidates in (preferred, anywhere):
        fitting = [
            i
            for i in candidates
            if width_in_chars(title[:i]) <= width and width_in_chars(title[i:]) <= width * (lines - 1)
        ]
        if fitting:
            best = min(fitting, key=lambda i: abs(width_in_chars(title[:i]) - even))
            return title[:best] + "\n" + title_lines(title[best:], width=width)
    return title  # one unbreakable run: let the reader wrap it


_BREAK_BEFORE = ("重点", "完成", "工作要点", "推进情况", "情况的")


def short_title(title: str) -> str:
    """How a document cites the plan after naming it once: 《要点》 for a 工作要点, 《计划》 for a 工作计划."""
    for ending, short in (("要点", "《要点》"), ("计划", "《计划》")):
        if title.endswith(ending):
            return short
    return f"《{title}》"


def cited(title: str, doc_number: str) -> str:
    """《2019年泉港区教育工作要点》（泉港教综〔2019〕55号）."""
    return f"《{title}》" + (f"（{doc_number}）" if doc_number else "")
