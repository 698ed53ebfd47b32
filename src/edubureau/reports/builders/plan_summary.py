"""The year-end report on a work plan (《2019年泉港区教育工作要点完成情况的报告》), the "年考评" of
"周调度、月通报、季推进、年考评" (plan-tracking.md §1).

``plan_summary_data`` gathers sections, tasks, targets and department scores through ``restrict()`` and
``planning.selectors.department_scores`` in twelve queries whatever the plan's size (five of its own,
seven for the scores); ``plan_summary_document`` turns that plain data into an ``OfficialDocument``.

The document follows the plan: an opening paragraph with the totals; one part per section of the plan
(一 … 五) listing each task with its lead units, where it stands and its targets (target, actual, gap);
then 主要目标完成情况 (a table of every target, the preamble's included, each with its value as
``planning.selectors.target_values`` gives it — the computed value of its bound indicator where there is
one, else the value a lead unit reported, and the text says which; see ``targets``), 股室绩效考评情况 (the scores of
``planning.scoring``: 100 + bonuses − deductions, with the reasons), and 存在问题和下一步打算. 主送 the
county's 委 and 政府 (区委、区政府), 抄送 those the plan was copied to. Dated 31 December of the plan year,
or today while the year runs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation

from edubureau.core import clock
from edubureau.core.documents import Heading, OfficialDocument, Paragraph, Table, format_date
from edubureau.planning import selectors
from edubureau.planning.choices import Light, ScoreRuleCode
from edubureau.planning.models import Plan, Section
from edubureau.reports.builders import wording as w
from edubureau.reports.builders.plan_tasks import (
    SUMMARY_SEQUENCE,
    PlanHeader,
    TaskLine,
    days_overdue,
    plan_header,
    report_doc_number,
    tally,
    task_lines,
)
from edubureau.reports.builders.targets import (
    TargetLine,
    met_counts,
    target_lines,
    target_sentence,
    targets_table,
)

#: Column widths in points of the 442 pt line (see ``targets.TARGET_WIDTHS``).
SCORE_WIDTHS = (41, 80, 45, 41, 41, 194)


@dataclass(frozen=True)
class SectionLine:
    pk: int
    title: str


@dataclass(frozen=True)
class ScoreRow:
    department: str
    total: Decimal
    bonuses: Decimal
    deductions: Decimal
    reasons: tuple[str, ...]  # "牵头任务按时办结×2（+4）"
    missing_reports: int


@dataclass(frozen=True)
class SummaryData:
    plan: PlanHeader
    day: dt.date
    sections: tuple[SectionLine, ...]
    tasks: tuple[TaskLine, ...]
    targets: tuple[TargetLine, ...]
    scores: tuple[ScoreRow, ...]


def plan_summary_data(*, plan: Plan, user, today: dt.date | None = None) -> SummaryData:
    """What the year-end report says about ``plan``, as the user may see it, as of 31 December of the
    plan year (today while the year runs): twelve queries, whatever the plan's size."""
    today = today or clock.today()
    day = min(dt.date(plan.year, 12, 31), today)
    sections = tuple(
        SectionLine(pk=s.pk, title=s.title)
        for s in Section.objects.restrict(user, "view").filter(plan=plan).order_by("number")
    )
    tasks = task_lines(plan=plan, user=user, day=day, today=today)
    targets = target_lines(plan=plan, user=user, tasks={t.number for t in tasks})
    return SummaryData(
        plan=plan_header(plan),
        day=day,
        sections=sections,
        tasks=tuple(tasks),
        targets=targets,
        scores=_scores(plan, day),
    )


def _scores(plan: Plan, day: dt.date) -> tuple[ScoreRow, ...]:
    rows = []
    with translation.override("zh-hans"):  # the rules' labels, in the document's language
        for department, score in selectors.department_scores(plan=plan, today=day):
            reasons = tuple(
                f"{line.label}×{line.count}（{'加' if line.subtotal > 0 else '减'}{w.number(abs(line.subtotal))}分）"
                for line in score.lines
                if line.subtotal
            )
            missing = sum(line.count for line in score.lines if line.code == ScoreRuleCode.MISSING_REPORT)
            rows.append(
                ScoreRow(
                    department=department.name,
                    total=score.total,
                    bonuses=score.bonuses,
                    deductions=score.deductions,
                    reasons=reasons,
                    missing_reports=missing,
                )
            )
    return tuple(rows)


# --- the document ------------------------------------------------------------------------------------


def summary_title(data: SummaryData) -> str:
    return f"{data.plan.title}完成情况的报告"


def plan_summary_document(data: SummaryData) -> OfficialDocument:
    """The year-end report as an ``OfficialDocument``: pure, from ``data`` alone."""
    plan = data.plan
    counts = tally(data.tasks)
    body: list = [_opening(data, counts)]
    parts = _section_parts(data)
    for index, (title, tasks) in enumerate(parts, 1):
        body.append(Heading(f"{w.numeral(index)}、{title}"))
        body += _section_body(tasks, data)
    index = len(parts)
    body += [Heading(f"{w.numeral(index + 1)}、主要目标完成情况"), *_targets_part(data)]
    body += [Heading(f"{w.numeral(index + 2)}、股室绩效考评情况"), *_scores_part(data)]
    body += [Heading(f"{w.numeral(index + 3)}、存在问题和下一步打算"), *_closing(data, counts)]
    level = plan.county[-1] if plan.county and plan.county[-1] in "区县市旗" else "区"
    return OfficialDocument(
        issuer=plan.issuer,
        doc_number=report_doc_number(plan, year=plan.year, sequence=SUMMARY_SEQUENCE),
        title=w.title_lines(summary_title(data)),
        recipients=(f"{level}委、{level}政府",),
        body=body,
        signature=plan.issuer,
        date=data.day,
        cc=plan.cc or ("局领导",),
        printer=f"{plan.issuer}办公室",
        print_date=data.day,
    )


def _opening(data: SummaryData, c) -> str:
    plan = data.plan
    met, unmet, unknown = met_counts(data.targets)
    targets = (
        f"{len(data.targets)}项量化目标中，已达标{met}项，未达标{unmet}项，尚无实际值{unknown}项。"
        if data.targets
        else ""
    )
    return (
        f"{plan.year}年，我局认真贯彻落实{w.cited(plan.title, plan.doc_number)}，对{c.total}项重点工作"
        f"实行清单化管理、项目化推进、节点化督办。截至{format_date(data.day)}，{_counted(c)}，"
        f"办结率{w.percent(c.share_closed)}。{targets}现将完成情况报告如下。"
    )


def _counted(c) -> str:
    """已办结1项，按序时推进3项，…: the tally's parts that are not zero."""
    parts = [
        ("已办结", c.closed),
        ("按序时推进", c.green),
        ("进度预警", c.yellow),
        ("逾期未办结", c.red),
        ("撤销", c.cancelled),
    ]
    return "，".join(f"{label}{n}项" for label, n in parts if n) or "暂无任务"


def _section_parts(data: SummaryData) -> list[tuple[str, list[TaskLine]]]:
    """The plan's sections with their tasks, then tasks outside any section as 其他工作."""
    by_section: dict[int | None, list[TaskLine]] = {}
    for task in data.tasks:
        by_section.setdefault(task.section_id, []).append(task)
    parts = [(s.title, by_section.get(s.pk, [])) for s in data.sections]
    known = {s.pk for s in data.sections}
    others = [t for t in data.tasks if t.section_id not in known]
    if others:
        parts.append(("其他工作", others))
    return parts


def _section_body(tasks: list[TaskLine], data: SummaryData) -> list:
    if not tasks:
        return [Paragraph("本部分无重点工作任务。")]
    c = tally(tasks)
    blocks: list = [Paragraph(f"本部分{c.total}项重点工作，{_counted(c)}。")]
    targets: dict[int, list[TargetLine]] = {}
    for t in data.targets:
        if t.task_number is not None:
            targets.setdefault(t.task_number, []).append(t)
    subsection = ""
    for task in tasks:
        if task.subsection and task.subsection != subsection:
            subsection = task.subsection
            blocks.append(Heading(subsection, level=2))
        facts = [f"牵头单位：{w.join_units(task.lead_units)}。", _standing(task, data.day)]
        facts += [target_sentence(t) for t in targets.get(task.number, [])]
        blocks.append(Heading(f"{task.number}.{w.bare(task.title)}。", level=3, body="".join(facts)))
    return blocks


def _standing(task: TaskLine, day: dt.date) -> str:
    """Where a task stands, with its last reported work when there is one."""
    report = w.first_sentence(task.report_text)
    done = f"{report}。" if report else ""
    if task.cancelled:
        return "已撤销。"
    if task.closed:
        when = f"于{format_date(task.closed_on)}" if task.closed_on else ""
        return f"已{when}办结。{done}"
    progress = f"，当前进度{w.percent(task.progress)}" if task.progress is not None else ""
    if task.light == Light.RED:
        return f"未按期完成，原定完成时限{format_date(task.due)}，已逾期{days_overdue(task, day)}天{progress}。{done}"
    if task.light == Light.YELLOW:
        return f"正在推进{progress}，进度预警（完成时限{format_date(task.due)}）。{done}"
    return f"正在按序时推进{progress}（完成时限{format_date(task.due)}）。{done}"


def _targets_part(data: SummaryData) -> list:
    if not data.targets:
        return [Paragraph("《要点》未设定量化目标。")]
    met, unmet, unknown = met_counts(data.targets)
    computed = [w.bare(t.indicator) for t in data.targets if t.source == "系统"]
    sources = (
        f"实际值中，{'、'.join(computed)}由平台按指标口径计算，其余由牵头单位填报。"
        if computed
        else "实际值由牵头单位填报。"
    )
    blocks: list = [
        Paragraph(
            f"{w.short_title(data.plan.title)}设定量化目标{len(data.targets)}项，已达标{met}项，"
            f"未达标{unmet}项，尚无实际值{unknown}项。{sources}"
        )
    ]
    blocks.append(targets_table(data.targets))
    return blocks


def _scores_part(data: SummaryData) -> list:
    if not data.scores:
        return [Paragraph("本年度无股室参与考评。")]
    blocks: list = [
        Paragraph(
            "按照“基础分100分+加分−减分”的考评规则（完成时限以原定时限为准，延期不免扣分），"
            f"{len(data.scores)}个股室（单位）得分如下。"
        )
    ]
    rows = [["排名", "单位", "得分", "加分", "减分", "计分依据"]]
    for i, s in enumerate(data.scores, 1):
        rows.append(
            [
                str(i),
                s.department,
                w.number(s.total),
                w.number(s.bonuses),
                w.number(s.deductions),
                "；".join(s.reasons) or "—",
            ]
        )
    blocks.append(Table(rows, widths=SCORE_WIDTHS))
    return blocks


def _closing(data: SummaryData, c) -> list:
    unfinished = [t for t in data.tasks if not t.closed and not t.cancelled]
    unmet = [t for t in data.targets if t.met is False]
    missing = sum(s.missing_reports for s in data.scores)
    problems = []
    if unfinished:
        named = "，".join(
            f"第{t.number}项“{w.bare(t.title)}”（{w.join_units(t.lead_units)}）" for t in unfinished
        )
        problems.append(f"{len(unfinished)}项工作尚未办结：{named}")
    if unmet:
        named = "、".join(w.bare(t.indicator) for t in unmet)
        problems.append(f"{len(unmet)}项量化目标未达标：{named}")
    if missing:
        problems.append(f"部分牵头单位未按月报送工作进展，共缺报{missing}次")
    ordinals = "一二三四五"
    if problems:
        found = "；".join(f"{ordinals[i]}是{p}" for i, p in enumerate(problems)) + "。"
    else:
        found = f"{w.short_title(data.plan.title)}确定的各项重点工作均已办结，量化目标均已达标。"
    next_year = data.plan.year + 1
    carry = (
        f"对尚未办结的{len(unfinished)}项工作，继续实行清单化督办，明确完成时限，办结一项、销号一项；"
        if unfinished
        else ""
    )
    return [
        Heading("（一）存在问题。", level=2, body=found),
        Heading(
            "（二）下一步打算。",
            level=2,
            body=f"{carry}认真总结{data.plan.year}年工作经验，将未完成事项和未达标指标纳入{next_year}年"
            "教育工作要点统筹推进，坚持“月通报、年考评”，把考评结果作为股室年度绩效考核的重要依据。",
        ),
    ]
