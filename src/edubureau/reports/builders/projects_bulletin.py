"""The monthly 项目推进情况通报 (《泉港区教育局关于2019年6月教育基建项目推进情况的通报》): each capital project's
stage, its last milestone done, its next milestone (and how late it is) and its money, as the bureau's
基建办 reports it to the leaders every month (plan task 20, 全力推进项目攻坚).

``projects_bulletin_data`` reads the projects the user may see through ``projects.selectors`` — the budget
and paid figures of ``project_list`` (the ledger .xlsx reads the same) and the milestones of
``milestone_summary`` — in three queries whatever the number of projects; ``projects_bulletin_document`` is
a pure function of that data to an ``OfficialDocument`` (GB/T 9704, ``core.documents.render_docx``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from edubureau.core.documents import Heading, OfficialDocument, Paragraph, Table, format_date
from edubureau.planning import schedule
from edubureau.projects import choices as pc
from edubureau.projects import selectors as project_selectors
from edubureau.reports.builders import wording as w

RECIPIENTS = ("局属各学校、各股室",)
CC = ("局领导",)
#: The 代字 of the 基建办's documents: 泉港教基〔2019〕6号 (numbered by month).
DOC_CODE = "教基"
STAGE_ZH = {"preparatory": "预备", "preliminary": "前期", "construction": "在建", "completed": "竣工",
            "delivered": "交付使用"}  # fmt: skip
MILESTONE_ZH = {"approval": "立项", "land": "用地", "permit": "施工许可", "groundbreaking": "开工",
                "topping_out": "主体封顶", "acceptance": "竣工验收", "handover": "交付"}  # fmt: skip


@dataclass(frozen=True)
class ProjectLine:
    name: str
    town: str
    stage: str  # code
    places: int
    planned_delivery: dt.date | None
    budget: Decimal  # 万元
    paid: Decimal  # 万元
    last: tuple[str, dt.date] | None  # (milestone code, done on)
    next: tuple[str, dt.date, int] | None  # (milestone code, due, days late)


@dataclass(frozen=True)
class ProjectsBulletinData:
    county: str  # 泉港区
    year: int
    month: int
    day: dt.date
    projects: tuple[ProjectLine, ...]


def projects_bulletin_data(*, user, county, year: int, month: int, today: dt.date) -> ProjectsBulletinData:
    day = min(schedule.month_end(year, month), today)
    projects = list(
        project_selectors.project_list(user=user).filter(county=county).order_by("town__code", "name")
    )
    summary = project_selectors.milestone_summary(project_ids=[p.pk for p in projects], day=day, codes=True)
    lines = tuple(
        ProjectLine(
            name=p.name,
            town=p.town.name,
            stage=p.stage,
            places=p.places,
            planned_delivery=p.planned_delivery,
            budget=p.budget_total,
            paid=p.paid_total,
            last=summary[p.pk]["last"],
            next=summary[p.pk]["next"],
        )
        for p in projects
    )
    return ProjectsBulletinData(county=county.name, year=year, month=month, day=day, projects=lines)


def projects_bulletin_title(data: ProjectsBulletinData) -> str:
    return f"{data.county}教育局关于{data.year}年{data.month}月教育基建项目推进情况的通报"


def _wan(amount: Decimal) -> str:
    return w.number(amount, "万元")


def _milestone(done: tuple | None) -> str:
    return f"{MILESTONE_ZH[done[0]]}（{format_date(done[1])}）" if done else "—"


def _next(nxt: tuple | None) -> str:
    if not nxt:
        return "—"
    late = f"，逾期{nxt[2]}天" if nxt[2] else ""
    return f"{MILESTONE_ZH[nxt[0]]}（{format_date(nxt[1])}{late}）"


def projects_bulletin_document(data: ProjectsBulletinData) -> OfficialDocument:
    issuer = f"{data.county}教育局"
    projects = data.projects
    by_stage = {code: sum(1 for p in projects if p.stage == code) for code in pc.STAGE_ORDER}
    budget = sum((p.budget for p in projects), Decimal(0))
    paid = sum((p.paid for p in projects), Decimal(0))
    late = sorted((p for p in projects if p.next and p.next[2] > 0), key=lambda p: -p.next[2])
    stages = "，".join(f"{STAGE_ZH[code]}{n}个" for code, n in by_stage.items() if n)
    share = w.percent(float(paid / budget * 100)) if budget else "—"
    body: list = [
        f"为加快推进教育基建项目建设，现将截至{format_date(data.day)}全区教育基建项目推进情况通报如下。",
        Heading("一、总体情况"),
        Paragraph(
            f"全区共有教育基建项目{len(projects)}个，其中{stages or '—'}。各项目预算合计{_wan(budget)}，"
            f"已拨付{_wan(paid)}，拨付率{share}；计划新增学位{sum(p.places for p in projects)}个。"
            f"下一工程节点逾期的项目{len(late)}个。"
        ),
        Heading("二、节点逾期的项目"),
    ]
    if late:
        body += [
            Heading(
                f"{i}.{p.name}（{p.town}）。",
                level=3,
                body=f"当前阶段：{STAGE_ZH[p.stage]}；下一节点“{MILESTONE_ZH[p.next[0]]}”原定"
                f"{format_date(p.next[1])}完成，已逾期{p.next[2]}天。",
            )
            for i, p in enumerate(late, 1)
        ]
    else:
        body.append(Paragraph("各项目工程节点均按计划推进，暂无逾期。"))
    body += [
        Heading("三、下一步工作要求"),
        Paragraph(
            "各项目责任单位要对照工程节点倒排工期，节点逾期的项目要说明原因、明确整改时限，"
            "逾期两个月以上的项目纳入重点督办；计财装备股要按进度及时拨付资金。"
        ),
        Heading(f"附表：{data.year}年{data.month}月教育基建项目推进情况一览表"),
        Table(
            rows=[
                (
                    "序号",
                    "项目名称",
                    "乡镇（街道）",
                    "阶段",
                    "最近完成节点",
                    "下一节点",
                    "预算（万元）",
                    "已拨付（万元）",
                ),
                *[
                    (
                        str(i),
                        p.name,
                        p.town,
                        STAGE_ZH[p.stage],
                        _milestone(p.last),
                        _next(p.next),
                        f"{p.budget:,.2f}",
                        f"{p.paid:,.2f}",
                    )  # fmt: skip
                    for i, p in enumerate(projects, 1)
                ],
            ],
            widths=(0.6, 2.4, 1.2, 0.9, 1.8, 2.2, 1.2, 1.2),
        ),
    ]
    return OfficialDocument(
        issuer=issuer,
        doc_number=f"{data.county.removesuffix('区').removesuffix('县')}{DOC_CODE}〔{data.year}〕{data.month}号",
        title=w.title_lines(projects_bulletin_title(data)),
        recipients=RECIPIENTS,
        body=body,
        signature=issuer,
        date=data.day,
        cc=CC,
        printer=f"{issuer}办公室",
        print_date=data.day,
    )
