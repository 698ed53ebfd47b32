"""The monthly 通报 on a work plan (《泉港区教育局关于2019年6月重点工作推进情况的通报》), the "月通报" of
"周调度、月通报、季推进、年考评" (plan-tracking.md §1).

``plan_bulletin_data`` gathers the plan's tasks and the month's urge notices through ``restrict()`` in three
queries whatever the plan's size; ``plan_bulletin_document`` turns that plain data into an
``OfficialDocument`` (GB/T 9704 layout, rendered by ``reports.docx.render_docx``).

The document: 文号 of the supervising side, numbered by month (see ``plan_tasks``); 主送 各股室、直属单位;
一、总体情况 (tasks closed / green / yellow / red, share closed), 二、进展较好的工作 (closed and green tasks
with their lead units and last report), 三、存在的问题 (red tasks by days overdue, then yellow ones with why),
四、督办情况 (the month's 蓝/橙/红 notices), 五、下一步工作要求; then a table of every task (附表1) and one
of every target with its value as every page shows it (附表2, ``targets``). Dated the last day of the
month, or today while the month runs; 抄送 局领导; 印发 by the issuer's 办公室.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass

from edubureau.core import clock
from edubureau.core.documents import Heading, OfficialDocument, Paragraph, Table, format_date
from edubureau.planning import schedule
from edubureau.planning.choices import Light
from edubureau.planning.models import Plan, UrgeNotice
from edubureau.reports.builders import wording as w
from edubureau.reports.builders.plan_tasks import (
    PlanHeader,
    TaskLine,
    days_overdue,
    local_date,
    plan_header,
    report_doc_number,
    tally,
    task_lines,
)
from edubureau.reports.builders.targets import TargetLine, met_counts, target_lines, targets_table

RECIPIENTS = ("各股室、直属单位",)
CC = ("局领导",)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class UrgeLine:
    """An urge notice issued in the month."""

    doc_number: str  # 督办〔2019〕3号
    level: int
    task_number: int
    issued_on: dt.date
    respond_by: dt.date
    resolved: bool  # answered (销号) by the bulletin's day


@dataclass(frozen=True)
class BulletinData:
    plan: PlanHeader
    year: int
    month: int
    day: dt.date  # 截至 and 成文日期: the month's last day, or today while it runs
    tasks: tuple[TaskLine, ...]
    urges: tuple[UrgeLine, ...]
    targets: tuple[TargetLine, ...] = ()


def bulletin_month(plan: Plan, requested: str | None, *, today: dt.date) -> tuple[int, int] | None:
    """The (year, month) a bulletin may be asked for: a month of the plan's year, from the plan's issue
    through the current month. ``requested`` is "2019-06"; without it, the month that monthly reports
    are being filed for (June until 5 July, ``schedule.period_of``), kept inside that range. None when
    there is no such bulletin."""
    first = (plan.year, plan.issued_on.month if plan.issued_on and plan.issued_on.year == plan.year else 1)
    last = min((plan.year, 12), (today.year, today.month))
    if requested:
        match = _MONTH.match(requested.strip())
        if not match:
            return None
        wanted = (int(match[1]), int(match[2]))
    else:
        year, month = schedule.period_of(today).split("-")
        wanted = max(first, min(last, (int(year), int(month))))
    if not 1 <= wanted[1] <= 12 or not first <= wanted <= last:
        return None
    return wanted


def plan_bulletin_data(
    *, plan: Plan, user, year: int, month: int, today: dt.date | None = None
) -> BulletinData:
    """What the 通报 of ``month`` says about ``plan``, as the user may see it: five queries (tasks, lead
    units, the month's notices, targets, their indicators' values)."""
    today = today or clock.today()
    day = min(schedule.month_end(year, month), today)
    tasks = task_lines(plan=plan, user=user, day=day, today=today)
    notices = (
        UrgeNotice.objects.restrict(user, "view")
        .filter(plan=plan, issued_on__gte=dt.date(year, month, 1), issued_on__lte=day)
        .select_related("task")
        .only("year", "number", "level", "issued_on", "respond_by", "resolved_at", "task__number")
        .order_by("year", "number")
    )
    urges = tuple(
        UrgeLine(
            doc_number=n.doc_number,
            level=n.level,
            task_number=n.task.number,
            issued_on=n.issued_on,
            respond_by=n.respond_by,
            resolved=(resolved := local_date(n.resolved_at)) is not None and resolved <= day,
        )
        for n in notices
    )
    return BulletinData(
        plan=plan_header(plan),
        year=year,
        month=month,
        day=day,
        tasks=tuple(tasks),
        urges=urges,
        targets=target_lines(plan=plan, user=user, tasks={t.number for t in tasks}),
    )


def bulletin_title(data: BulletinData) -> str:
    return f"{data.plan.issuer}关于{data.year}年{data.month}月重点工作推进情况的通报"


def plan_bulletin_document(data: BulletinData) -> OfficialDocument:
    """The 通报 as an ``OfficialDocument``: pure, from ``data`` alone."""
    plan, day = data.plan, data.day
    by_number = {t.number: t for t in data.tasks}
    counts = tally(data.tasks)
    body = [
        f"为推动{w.cited(plan.title, plan.doc_number)}各项任务落地见效，根据督查督办工作安排，"
        f"现将{data.year}年{data.month}月重点工作推进情况通报如下。",
        Heading("一、总体情况"),
        _overview(data, counts),
        Heading("二、进展较好的工作"),
        *_good_work(data),
        Heading("三、存在的问题"),
        *_problems(data),
        Heading("四、督办情况"),
        *_urging(data, by_number),
        Heading("五、下一步工作要求"),
        *_requirements(data, counts),
        Heading(f"附表1：{data.year}年{data.month}月重点工作推进情况一览表"),
        _task_table(data.tasks),
    ]
    if data.targets:
        body += [Heading("附表2：量化目标完成情况一览表"), targets_table(data.targets)]
    return OfficialDocument(
        issuer=plan.issuer,
        doc_number=report_doc_number(plan, year=data.year, sequence=data.month),
        title=w.title_lines(bulletin_title(data)),
        recipients=RECIPIENTS,
        body=body,
        signature=plan.issuer,
        date=day,
        cc=CC,
        printer=f"{plan.issuer}办公室",
        print_date=day,
    )


def _overview(data: BulletinData, c) -> str:
    cancelled = f"，已撤销{c.cancelled}项" if c.cancelled else ""
    met, unmet, unknown = met_counts(data.targets)
    targets = (
        f"{len(data.targets)}项量化目标中，已达标{met}项，未达标{unmet}项，尚无实际值{unknown}项（见附表2）。"
        if data.targets
        else ""
    )
    return (
        f"截至{format_date(data.day)}，{w.short_title(data.plan.title)}确定的{c.total}项重点工作中，"
        f"已办结{c.closed}项，按序时推进（绿灯）{c.green}项，进度预警（黄灯）{c.yellow}项，"
        f"逾期未办结（红灯）{c.red}项{cancelled}，办结率{w.percent(c.share_closed)}。{targets}"
    )


def _item(index: int, task: TaskLine, *facts: str) -> Heading:
    """ "1.加强教育系统党的建设（第1项）。牵头单位：…。…" — a numbered item with its facts run in."""
    text = "".join(facts)
    return Heading(
        f"{index}.{w.bare(task.title)}（第{task.number}项）。",
        level=3,
        body=f"牵头单位：{w.join_units(task.lead_units)}。{text}",
    )


def _report(text: str) -> str:
    first = w.first_sentence(text)
    return f"{first}。" if first else ""


def _good_work(data: BulletinData) -> list:
    closed = [t for t in data.tasks if t.closed]
    green = [t for t in data.tasks if not t.closed and not t.cancelled and t.light == Light.GREEN]
    if not closed and not green:
        return [Paragraph("本期暂无已办结或按序时推进的工作。")]
    blocks: list = [Paragraph(f"已办结{len(closed)}项，按序时推进{len(green)}项。")]
    if closed:
        blocks.append(Heading("（一）已办结的工作", level=2))
        blocks += [
            _item(
                i, t, f"已于{format_date(t.closed_on)}办结。" if t.closed_on else "", _report(t.report_text)
            )
            for i, t in enumerate(closed, 1)
        ]
    if green:
        blocks.append(Heading(f"（{'二' if closed else '一'}）按序时推进的工作", level=2))
        blocks += [
            _item(
                i,
                t,
                f"当前进度{w.percent(t.progress)}。" if t.progress is not None else "",
                _report(t.report_text),
            )
            for i, t in enumerate(green, 1)
        ]
    return blocks


def _problems(data: BulletinData) -> list:
    day = data.day
    open_tasks = [t for t in data.tasks if not t.closed and not t.cancelled]
    red = sorted(
        (t for t in open_tasks if t.light == Light.RED), key=lambda t: (-days_overdue(t, day), t.number)
    )
    yellow = [t for t in open_tasks if t.light == Light.YELLOW]
    if not red and not yellow:
        return [Paragraph("各项工作均按序时推进，暂未发现逾期或进度滞后问题。")]
    blocks: list = [Paragraph(f"逾期未办结{len(red)}项，进度预警{len(yellow)}项。")]
    if red:
        blocks.append(Heading("（一）逾期未办结的工作", level=2))
        blocks += [
            _item(
                i,
                t,
                f"原定完成时限{format_date(t.due)}，已逾期{days_overdue(t, day)}天。",
                _report(t.report_problems),
            )
            for i, t in enumerate(red, 1)
        ]
    if yellow:
        blocks.append(Heading(f"（{'二' if red else '一'}）进度滞后的工作", level=2))
        blocks += [_item(i, t, _lagging(t, day), _report(t.report_problems)) for i, t in enumerate(yellow, 1)]
    return blocks


def _lagging(task: TaskLine, day: dt.date) -> str:
    """Why a task is yellow (schedule.task_light): its deadline is near, or it is behind the elapsed time."""
    left = (task.due - day).days
    if left <= schedule.WARN_DAYS:
        when = "今日到期" if left == 0 else f"距完成时限仅剩{left}天"
        return f"完成时限{format_date(task.due)}，{when}，尚未办结。"
    elapsed = schedule.elapsed_percent(start=task.start, due=task.due, today=day)
    return (
        f"完成时限{format_date(task.due)}，当前进度{w.percent(task.progress or 0)}，"
        f"落后于序时进度（{w.percent(round(elapsed, 1))}）。"
    )


def _urging(data: BulletinData, by_number: dict[int, TaskLine]) -> list:
    if not data.urges:
        return [Paragraph(f"{data.month}月未发出催办（督办）单。")]
    levels = Counter(u.level for u in data.urges)
    kinds = "、".join(f"{w.URGE[level]}{levels[level]}份" for level in sorted(levels))
    blocks: list = [Paragraph(f"{data.month}月共发出催办（督办）单{len(data.urges)}份，其中{kinds}。")]
    for i, u in enumerate(data.urges, 1):
        task = by_number.get(u.task_number)
        what = f"第{u.task_number}项" + (
            f"“{w.bare(task.title)}”（牵头单位：{w.join_units(task.lead_units)}）" if task else ""
        )
        answered = "已办结销号" if u.resolved else "尚未销号"
        blocks.append(
            Paragraph(
                f"{i}.{u.doc_number}（{w.URGE[u.level]}），{format_date(u.issued_on)}发出，督办{what}，"
                f"要求于{format_date(u.respond_by)}前反馈，{answered}。"
            )
        )
    return blocks


def _requirements(data: BulletinData, c) -> list:
    plan = data.plan
    to = plan.supervising_department or "局办公室"
    next_year, next_month = (data.year + 1, 1) if data.month == 12 else (data.year, data.month + 1)
    report_by = (
        f"{next_month}月{schedule.REPORT_DAY}日"
        if next_year == data.year
        else (f"{next_year}年{next_month}月{schedule.REPORT_DAY}日")
    )
    blocks: list = [
        Heading(
            "（一）压实工作责任。",
            level=2,
            body=f"各牵头单位要对照{w.short_title(plan.title)}任务分工，逐项明确责任人、时间表和路线图，"
            "主要负责同志要亲自研究部署、协调推进，确保各项工作按序时进度完成。",
        )
    ]
    if c.red or c.yellow:
        blocks.append(
            Heading(
                "（二）加快推进滞后事项。",
                level=2,
                body=f"对逾期未办结的{c.red}项和进度预警的{c.yellow}项工作，相关牵头单位要认真分析原因，"
                f"制定整改措施，于{report_by}前将整改情况报{to}。收到催办（督办）单的单位要在规定时限内"
                "书面反馈办理情况。",
            )
        )
    blocks.append(
        Heading(
            f"（{w.numeral(len(blocks) + 1)}）按时报送工作进展。",
            level=2,
            body=f"各牵头单位要于每月{schedule.REPORT_DAY}日前通过平台报送上月工作进展和佐证材料，"
            f"{to}将对照任务清单跟踪督办，推进情况纳入股室年度绩效考评。",
        )
    )
    return blocks


def _task_table(tasks) -> Table:
    rows = [["序号", "重点工作", "牵头单位", "状态", "灯色"]]
    rows += [
        [str(t.number), t.title, w.join_units(t.lead_units), w.STATUS[t.status], w.LIGHT[t.light]]
        for t in tasks
    ]
    return Table(rows, widths=[41, 180, 100, 80, 41])  # points (see plan_summary.TARGET_WIDTHS)
