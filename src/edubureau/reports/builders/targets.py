"""What both plan reports say about the plan's targets: each target's value as
``planning.selectors.target_values`` gives it (the same value the pages and the ledger show), and the
sentences a document writes about it.

**Wording.** Every sentence comes whole from a template of the target's kind (``GOALS`` says what a kind
asks, with its verb: 达到, 不低于, 比上年减少, 只增不减 …; ``SENTENCES`` the whole sentence for each state: no
actual yet, met, short of it, over a limit, and the 只增不减 change), so that no sentence is left without
its verb (“目标：一般公共预算教育支出逐年，暂无实际值” glued a goal without its words to a state).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from edubureau.core.documents import Table, format_date
from edubureau.planning import selectors
from edubureau.planning import target_values as tv
from edubureau.planning.models import Plan, Target
from edubureau.reports.builders import wording as w

#: Column widths in points of the 442 pt line. A cell loses 11 pt to its padding; a 4号 character is
#: 13.7 pt, a digit up to 9 pt in the fallback fonts, and LibreOffice adds about 4 pt between Chinese and
#: digits: so that short values (序号, 新增11000个, 差0.5个百分点, 计财装备股) stay on one line, and the long
#: column takes the rest.
TARGET_WIDTHS = (41, 111, 104, 76, 110)

#: What a target of each kind asks, whole with its verb ({indicator} the thing measured, {period} 每年 …).
GOALS = {
    tv.EQUAL: "{indicator}{period}达到{value}",
    tv.AT_LEAST: "{indicator}{period}不低于{value}",
    tv.AT_MOST: "{indicator}{period}不超过{value}",
    tv.ABOUT: "{indicator}{period}约{value}",
    tv.REDUCE_BY: "{indicator}{period}比上年减少{value}",
    tv.INCREASE_BY: "{period}新增{indicator}{value}",
    tv.NO_DECREASE: "{indicator}{period}只增不减",
    tv.DESCRIPTIVE: "{text}",
}
#: The same without the indicator, for the 目标 column of the tables.
SHORT_GOALS = {
    tv.EQUAL: "{period}达到{value}",
    tv.AT_LEAST: "{period}不低于{value}",
    tv.AT_MOST: "{period}不超过{value}",
    tv.ABOUT: "{period}约{value}",
    tv.REDUCE_BY: "{period}比上年减少{value}",
    tv.INCREASE_BY: "{period}新增{value}",
    tv.NO_DECREASE: "{period}只增不减",
    tv.DESCRIPTIVE: "{period}",
}
#: Whole sentences, by state (the 只增不减 kind has its own).
SENTENCES = {
    "none": "目标：{goal}，暂无实际值。",
    "plain": "目标：{goal}，实际{actual}（{source}）。",
    "met": "目标：{goal}，实际{actual}（{source}），已达标。",
    "short": "目标：{goal}，实际{actual}（{source}），差{difference}。",
    "over": "目标：{goal}，实际{actual}（{source}），超{difference}。",
    "no_decrease_met": "目标：{goal}，{year}年{actual}（{source}），比上年{change}，已达标。",
    "no_decrease_missed": "目标：{goal}，{year}年{actual}（{source}），比上年{change}，未达标。",
    "no_decrease_change": "目标：{goal}，比上年{change}（{source}），{verdict}。",
}
REPORTED_NOTE = "牵头单位填报值为{reported}（{day}），以平台计算值为准。"
SOURCES = {tv.INDICATOR: "系统", tv.REPORT: "填报"}


@dataclass(frozen=True)
class TargetLine:
    """A target with its value (``planning.target_values.TargetValue``)."""

    task_number: int | None  # None: a preamble target (主要目标)
    indicator: str
    text: str
    comparator: str
    value: Decimal | None
    unit: str
    period: str
    answer: tv.TargetValue

    @property
    def actual(self) -> Decimal | None:
        return self.answer.actual

    @property
    def source(self) -> str:
        return SOURCES.get(self.answer.source, "")

    @property
    def kind(self) -> str:
        return self.answer.kind

    @property
    def met(self) -> bool | None:
        return self.answer.met


def target_lines(*, plan: Plan, user, tasks: set[int]) -> tuple[TargetLine, ...]:
    """The plan's targets the user may see (the preamble's, and those of the visible ``tasks`` numbers),
    preamble first, with their values: two queries."""
    targets = [
        t
        for t in Target.objects.restrict(user, "view")
        .filter(plan=plan)
        .select_related("task", "actual_by")
        .order_by("task__number", "sort_order", "id")
        if t.task is None or t.task.number in tasks
    ]
    values = selectors.target_values(plan=plan, user=user, targets=targets)
    lines = (
        TargetLine(
            task_number=t.task.number if t.task else None,
            indicator=t.indicator,
            text=t.text,
            comparator=t.comparator,
            value=t.value,
            unit=values[t.pk].unit,
            period=t.period,
            answer=values[t.pk],
        )
        for t in targets
    )
    return tuple(sorted(lines, key=lambda t: (t.task_number is not None, t.task_number or 0)))


def _indicator(t: TargetLine) -> str:
    name = w.bare(t.indicator)
    for verb in ("新增", "减少"):  # 新增学位 → 新增{indicator}: the verb is the template's
        if t.kind in (tv.INCREASE_BY, tv.REDUCE_BY) and name.startswith(verb):
            name = name[len(verb) :]
    return name


def _fields(t: TargetLine) -> dict:
    period = "" if t.kind == tv.DESCRIPTIVE and not t.period else t.period
    return {
        "indicator": _indicator(t),
        "period": period,
        "value": w.number(t.value, t.unit),
        "text": w.bare(t.text or t.indicator),
    }


def goal(t: TargetLine) -> str:
    """What the target asks, indicator included: 小学学龄人口入学率达到100%, 一般公共预算教育支出逐年只增不减."""
    return GOALS[t.kind].format(**_fields(t))


def short_goal(t: TargetLine) -> str:
    """What the target asks, for the 目标 column: 不低于98%, 每半年达到1次, 逐年只增不减."""
    return SHORT_GOALS[t.kind].format(**_fields(t)) or "—"


def change_text(t: TargetLine) -> str:
    """增加10万元（1.2%） / 减少1万元（−1%）: a 只增不减 target's change on the previous year."""
    change = t.answer.gap
    if change is None:
        return "—"
    word = "增加" if change >= 0 else "减少"
    percent = t.answer.change_percent
    share = "" if percent is None else f"（{w.number(percent)}%）"
    return f"{word}{w.number(abs(change), t.unit)}{share}"


def _difference(t: TargetLine) -> tuple[str, str]:
    """("met"|"short"|"over", the difference with its unit)."""
    if t.met:
        return "met", ""
    difference = t.actual - (t.value or 0)
    state = "over" if t.comparator == "<=" or difference > 0 else "short"
    if t.kind in (tv.REDUCE_BY, tv.INCREASE_BY) and difference > 0:
        state = "met"
    return state, w.number(abs(difference), w.gap(t.unit))


def gap_text(t: TargetLine) -> str:
    """The 完成情况 column: 已达标, 差0.5个百分点, 超2人, 比上年增加10万元（1.2%）, or 暂无实际值."""
    if t.actual is None and t.answer.gap is None:
        return "暂无实际值"
    if t.kind == tv.NO_DECREASE:
        return f"比上年{change_text(t)}"
    if t.value is None:
        return "—"
    state, difference = _difference(t)
    return {"met": "已达标", "short": f"差{difference}", "over": f"超{difference}"}[state]


def _day(moment: dt.datetime | None) -> str:
    return format_date(timezone.localtime(moment).date()) if moment else "日期不详"


def target_sentence(t: TargetLine) -> str:
    """The whole sentence on a target (its kind's template), and the reported value beside a computed one."""
    fields = {"goal": goal(t), "source": t.source, "actual": w.number(t.actual, t.unit)}
    if t.actual is None and t.answer.gap is None:
        sentence = SENTENCES["none"].format(**fields)
    elif t.kind == tv.NO_DECREASE:
        verdict = "已达标" if t.met else "未达标"
        if t.actual is None or not t.answer.years:  # a change reported by hand
            sentence = SENTENCES["no_decrease_change"].format(
                **fields, change=change_text(t), verdict=verdict
            )
        else:
            key = "no_decrease_met" if t.met else "no_decrease_missed"
            year = t.answer.years[-1].year
            sentence = SENTENCES[key].format(**fields, year=year, change=change_text(t))
    elif t.value is None:  # a target in words, with a value reported by hand
        sentence = SENTENCES["plain"].format(**fields)
    else:
        state, difference = _difference(t)
        sentence = SENTENCES[state].format(**fields, difference=difference)
    if t.answer.report_note:
        sentence += REPORTED_NOTE.format(
            reported=w.number(t.answer.reported, t.unit), day=_day(t.answer.reported_at)
        )
    return sentence


def met_counts(targets) -> tuple[int, int, int]:
    met = sum(t.met is True for t in targets)
    unmet = sum(t.met is False for t in targets)
    return met, unmet, len(targets) - met - unmet


def targets_table(targets) -> Table:
    """序号, 指标（第N项 / 主要目标）, 目标, 实际, 完成情况: one row per target."""
    rows = [["序号", "指标", "目标", "实际", "完成情况"]]
    for i, t in enumerate(targets, 1):
        where = f"（第{t.task_number}项）" if t.task_number is not None else "（主要目标）"
        actual = "—" if t.actual is None else w.number(t.actual, t.unit)
        rows.append([str(i), f"{w.bare(t.indicator)}{where}", short_goal(t), actual, gap_text(t)])
    return Table(rows, widths=TARGET_WIDTHS)
