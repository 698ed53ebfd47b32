"""The 考评结果通报 of a round as a GB/T 9704 official document (``core.documents``): the method, the tiers
(奖优罚劣) school by school, and how the tiers are used. Plain data in, an ``OfficialDocument`` out."""

from __future__ import annotations

from edubureau.core.documents import Heading, OfficialDocument, Paragraph, Table
from edubureau.evaluation import choices as c


def round_notice_document(*, rnd, sheets, criteria, issuer: str, date) -> OfficialDocument:
    tops = [cr for cr in criteria if cr.parent_id is None]
    method = "；".join(f"{cr.name}{cr.weight.normalize():f}%" for cr in tops)
    if rnd.tier_method == c.TierMethod.QUOTA:
        p = rnd.tier_params
        rule = f"按比例划分：优秀不超过{p.get('excellent', 0):g}%，良好不超过{p.get('good', 0):g}%，待改进{p.get('improve', 0):g}%，其余为合格"
    elif rnd.tier_method == c.TierMethod.THRESHOLD:
        p = rnd.tier_params
        rule = f"按分数线划分：{p.get('excellent', 0):g}分以上为优秀，{p.get('good', 0):g}分以上为良好，{p.get('passing', 0):g}分以上为合格，其余为待改进"
    else:
        rule = "本轮未划分等次"
    body = [
        Paragraph(
            f"根据《{rnd.scheme}》，我局组织开展了{rnd.name}，对{len(sheets)}所学校进行了考评。"
            "考评采用过程性评价与结果性评价相结合、增值评价与第三方评估相结合的方式，现将结果通报如下。"
        ),
        Heading("一、考评内容和方法"),
        Paragraph(
            f"考评设{len(tops)}个一级指标：{method}。{rule}。各校得分明细已在平台发布，学校可查看本校考评表及所处区间。"
        ),
        Heading("二、考评结果"),
    ]
    for tier in c.TIER_ORDER:
        names = [s.school.name for s in sheets if s.tier == tier]
        body.append(
            Heading(
                f"（{'一二三四'[c.TIER_ORDER.index(tier)]}）{c.Tier(tier).label}等次（{len(names)}所）",
                level=2,
            )
        )
        body.append(Paragraph("、".join(names) + "。" if names else "无。"))
    body += [
        Heading("三、结果运用"),
        Paragraph(
            "考评结果作为学校绩效工资总量核定、干部选拔任用和“区管校聘”岗位竞聘的重要依据（考评系数：优秀1.10、"
            "良好1.05、合格1.00、待改进0.95）。评为“待改进”的学校要认真分析原因，制定整改措施，于一个月内报送整改方案。"
        ),
        Paragraph("考评等次汇总表如下。"),
        Table(
            rows=[("序号", "学校", "等次")]
            + [
                (str(i), s.school.name, c.Tier(s.tier).label if s.tier else "—")
                for i, s in enumerate(
                    sorted(
                        sheets, key=lambda s: (c.TIER_ORDER.index(s.tier) if s.tier else 9, s.school.code)
                    ),
                    start=1,
                )
            ],
            widths=(1, 6, 2),
        ),
    ]
    return OfficialDocument(
        issuer=issuer,
        doc_number=rnd.doc_number or None,
        title=f"关于{rnd.name}结果的通报",
        recipients=["各中小学校"],
        body=body,
        signature=issuer,
        date=date,
        cc=["局领导", "各股室"],
    )
