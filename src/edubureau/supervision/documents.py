"""The 督导记录 of a visit and the monthly supervision report (督导月报) as GB/T 9704 official documents,
rendered by ``reports.docx``. Plain data in (already-read objects), an ``OfficialDocument`` out."""

from __future__ import annotations

from django.utils import timezone, translation

from edubureau.core import clock
from edubureau.core.documents import Heading, OfficialDocument, Paragraph, Table
from edubureau.supervision.choices import Item, Rating


def _t(value) -> str:
    """A moment as a Chinese official document writes it (2019年6月10日 09:30), whatever the UI language."""
    if not value:
        return "—"
    with translation.override("zh-hans"):
        return clock.written(value)


def visit_record_document(*, visit, checklist, findings, files, issuer: str) -> OfficialDocument:
    """督导记录: facts of the visit, the 8-item table, findings with their rectifications, feedback."""
    ratings = {e.item: e for e in checklist}
    rows = [("序号", "督导事项", "评价", "说明")]
    for item in Item:
        entry = ratings.get(int(item))
        rows.append(
            (
                str(int(item)),
                str(item.label),
                str(Rating(entry.rating).label) if entry else "—",
                entry.note if entry and entry.note else "",
            )
        )
    body = [
        Heading("一、基本情况"),
        Paragraph(
            f"督导学校：{visit.school.name}。责任督学：{visit.supervisor.name}"
            f"{'（督学证号' + visit.supervisor.certificate_number + '）' if visit.supervisor.certificate_number else ''}。"
            f"督导时间：{_t(visit.visited_at)}。督导类型：{visit.get_kind_display()}。"
            f"督导方式：{'、'.join(visit.method_labels()) or '—'}。"
        ),
        Heading("二、督导事项"),
        Table(rows=rows, widths=(1, 5, 1.5, 5)),
    ]
    if visit.summary:
        body.append(Paragraph(visit.summary))
    body.append(Heading("三、发现问题及整改要求"))
    if findings:
        for n, f in enumerate(findings, start=1):
            rect = getattr(f, "rectification", None)
            text = f"{f.description}（{Item(f.item).label}，{f.get_severity_display()}）"
            if rect is not None:
                text += f"整改要求：{rect.requirement}；整改期限：{rect.deadline:%Y年%-m月%-d日}。"
            body.append(Heading(f"{n}.", level=3, body=text))
    else:
        body.append(Paragraph("本次督导未发现需要整改的问题。"))
    body += [
        Heading("四、反馈和报告"),
        Paragraph(
            f"当场反馈时间：{_t(visit.feedback_at)}。{visit.feedback_note}"
            f"督导报告报送时间：{_t(visit.report_submitted_at)}。"
        ),
    ]
    if files:
        body.append(Paragraph(f"现场照片和资料{len(files)}份：" + "、".join(f.name for f in files) + "。"))
    day = timezone.localtime(visit.visited_at).date()
    return OfficialDocument(
        issuer=issuer,
        doc_number=None,
        title=f"{visit.school.name}责任督学挂牌督导记录",
        recipients=[issuer],
        body=body,
        signature=f"责任督学：{visit.supervisor.name}",
        date=day,
        sealed=False,
        mark=f"{issuer}责任督学挂牌督导",
    )


def monthly_report_document(*, data: dict, issuer: str, date) -> OfficialDocument:
    """督导月报: visits, coverage, findings and the rectification figures of one month."""
    o = data["oversight"]
    r = o["rectifications"]
    year, month = data["month"].split("-")
    visited = len({v.school_id for v in data["visits"]})
    body = [
        Heading("一、挂牌督导开展情况"),
        Paragraph(
            f"{year}年{int(month)}月，责任督学共到校督导{len(data['visits'])}次，覆盖学校{visited}所，"
            f"占应督导学校{len(data['schools'])}所的{(100 * visited / len(data['schools'])) if data['schools'] else 0:.1f}%。"
        ),
        Table(
            rows=[("责任督学", "督导次数", "学校数")]
            + [(p["supervisor__name"], str(p["this_month"]), str(p["schools"])) for p in o["per_supervisor"]],
            widths=(3, 2, 2),
        ),
        Heading("二、本月未督导学校"),
        Paragraph(
            "、".join(p.message.split("：")[0] for p in data["without"]) + "。"
            if data["without"]
            else "本月所有学校均已督导。"
        ),
        Heading("三、发现问题和整改情况"),
        Paragraph(
            f"本月发现问题{len(data['findings'])}个。截至月底，整改事项共{r['total']}项，已销号{r['closed']}项，"
            f"待学校整改{r['awaiting_school']}项（其中逾期{r['overdue']}项），待督学验收{r['answered']}项；"
            f"整改销号用时中位数{o['median_days'] if o['median_days'] is not None else '—'}天。"
        ),
    ]
    for n, f in enumerate(data["findings"], start=1):
        rect = getattr(f, "rectification", None)
        state = rect.get_status_display() if rect else "无需整改"
        body.append(Heading(f"{n}.", level=3, body=f"{f.school.name}：{f.description}（{state}）"))
    return OfficialDocument(
        issuer=issuer,
        doc_number=None,
        title=f"{year}年{int(month)}月责任督学挂牌督导工作月报",
        recipients=["局领导", "各股室", "各学校"],
        body=body,
        signature=issuer,
        date=date,
        sealed=False,
    )
