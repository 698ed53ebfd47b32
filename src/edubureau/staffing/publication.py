"""What a competition publishes and the figures of the posts pages — one selector per number: the results page,
the .xlsx 公示名单 and the GB/T 9704 notice read ``result_rows``; the 编制 page reads the county norm as the
indicator engine computes it (``calculators.staffing_norm``) and each school's allocation as stored by it."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from edubureau.core import clock
from edubureau.core.documents.gbt9704 import OfficialDocument, Paragraph, Table, render_docx
from edubureau.indicators import calculators as calc
from edubureau.indicators.models import IndicatorValue
from edubureau.registry.choices import EnrollmentStatus, Level
from edubureau.registry.models import Area, Enrollment
from edubureau.staffing import choices as c
from edubureau.staffing.models import Competition, Entry, TitleQuota

LEVEL_ORDER = ("preschool", "primary", "junior", "senior", "vocational")


def result_rows(competition: Competition, *, user) -> QuerySet[Entry]:
    return (
        Entry.objects.restrict(user, "view")
        .filter(competition=competition)
        .select_related("teacher", "school", "result_post__school")
        .order_by("school__code", "subject", "-score", "tiebreak")
    )


def result_sheet(competition: Competition, *, user) -> tuple[str, list, dict]:
    """The 公示名单 as one sheet: a title row, the header, one row per teacher."""
    header = [
        _("No."),
        _("Teacher"),
        _("School"),
        _("Subject"),
        _("Level"),
        _("Score"),
        _("Post"),
        _("Round"),
    ]
    rows: list[list] = [[_("{name}: list of results").format(name=competition.name)], header]
    rounds = dict(c.RoundNumber.choices)
    placed3 = competition.rounds.filter(number=3).exists()
    title = competition.kind == c.CompetitionKind.TITLE
    ran = competition.rounds.exists()
    for i, e in enumerate(result_rows(competition, user=user).iterator(chunk_size=2000), start=1):
        if title:
            post = e.get_result_grade_display() if e.result_grade else (_("not appointed") if ran else "")
        else:
            post = (
                e.result_post.school.name if e.result_post_id else (_("awaiting a post") if placed3 else "")
            )
        if e.over_posts:
            post = _("{school} (over the number of posts)").format(school=post)
        how = str(rounds.get(e.result_round, "")) if e.result_round else ""
        rows.append(
            [i, e.teacher.name, e.school.name, e.subject, e.get_level_display(), float(e.score), post,
             str(_("placed on appeal")) if e.placed_on_appeal else how]
        )  # fmt: skip
    return (_("Results"), rows, {"widths": {"B": 12, "C": 22, "G": 22, "H": 14}})


def notice_docx(competition: Competition, *, user) -> bytes:
    """The notice publishing the results (GB/T 9704), its list as a table: who went where, by round (a
    title-post competition: who was appointed at which grade)."""
    entries = list(result_rows(competition, user=user))
    title = competition.kind == c.CompetitionKind.TITLE
    by_round: dict[int | str | None, int] = defaultdict(int)
    for e in entries:
        by_round[
            "appeal" if e.placed_on_appeal else (e.result_grade or None) if title else e.result_round
        ] += 1
    county = competition.county.name
    close = clock.local(competition.appeals_close)
    appealed = f"，经申诉改正{by_round['appeal']}人。" if by_round["appeal"] else "。"
    if title:
        summary = (
            f"{competition.name}已在各校核定的专业技术岗位结构比例内完成。共{len(entries)}名教师参加，"
            f"聘任高级岗位{by_round['senior']}人、中级岗位{by_round['intermediate']}人、"
            f"初级岗位{by_round['junior']}人，未聘{by_round[None]}人{appealed}"
        )
    else:
        summary = (
            f"{competition.name}已按“校内竞聘、跨校竞聘、组织调剂”三轮完成。共{len(entries)}名教师参加，"
            f"校内竞聘留任{by_round[1]}人，跨校竞聘{by_round[2]}人，组织调剂{by_round[3]}人，"
            f"待岗{by_round[None]}人{appealed}"
        )
    body = [
        Paragraph(
            "根据区委办、区政府办《关于进一步深化教师“区管校聘”管理体制改革增强队伍活力的意见》"
            f"（泉港委办〔2018〕101号），{summary}"
        ),
        Paragraph(
            f"现将结果予以公示。对结果有异议的，请于{close.year}年{close.month}月{close.day}日{close:%H:%M}前"
            "通过平台“我的竞聘”页面提出申诉，逾期不予受理。"
        ),
        Table(
            rows=[["序号", "姓名", "原学校", "学科", "聘任岗位等级" if title else "竞聘结果", "轮次"]]
            + [
                [
                    str(i),
                    e.teacher.name,
                    e.school.name,
                    e.subject,
                    _notice_result(e, title),
                    "申诉改正"
                    if e.placed_on_appeal
                    else {1: "校内", 2: "跨校", 3: "调剂"}.get(e.result_round, "—"),
                ]
                for i, e in enumerate(entries, start=1)
            ],  # fmt: skip
            widths=(1, 2, 4, 2, 4, 1.5),
        ),
    ]
    issuer = f"{county}教育局"
    day = clock.today()
    return render_docx(
        OfficialDocument(
            issuer=issuer,
            doc_number=None,
            title=f"关于{competition.name}结果的公示",
            recipients=["各中小学校"],
            body=body,
            signature=issuer,
            date=day,
            printer=f"{issuer}办公室",
            print_date=day,
        )
    )


def _notice_result(e: Entry, title: bool) -> str:
    over = "（超岗）" if e.over_posts else ""
    if title:
        return {"senior": "高级岗位", "intermediate": "中级岗位", "junior": "初级岗位"}.get(
            e.result_grade, "未聘"
        ) + (over if e.result_grade else "")
    return e.result_post.school.name + over if e.result_post_id else "待岗"


def title_quotas(competition: Competition, *, user) -> QuerySet[TitleQuota]:
    return (
        TitleQuota.objects.restrict(user, "view")
        .filter(school__in=competition.schools.all(), school_year=competition.school_year)
        .select_related("school")
        .order_by("school__code")
    )


def establishment(*, user, school_year: str | None = None) -> dict:
    """编制 per 学段 of each county in scope (county enrolment ÷ the norm, rounded up) and each school's
    allocation as the indicator engine stored it (``staffing_norm`` at school scope)."""
    counties = list(Area.objects.restrict(user, "view").filter(kind="county").order_by("code"))
    years = (
        Enrollment.objects.restrict(user, "view")
        .values_list("school_year", flat=True)
        .order_by("-school_year")
    )
    school_year = school_year or (years.first() or "")
    pupils = (
        Enrollment.objects.restrict(user, "view")
        .filter(school_year=school_year, status=EnrollmentStatus.ENROLLED)
        .values_list("county_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_county: dict[int, dict[str, int]] = defaultdict(dict)
    for county_id, level, n in pupils:
        by_county[county_id][level] = n
    out = []
    for county in counties:
        levels = by_county.get(county.pk, {})
        rows = [
            {
                "level": dict(Level.choices)[lv],
                "pupils": levels[lv],
                "ratio": calc.STAFF_RATIO[lv],
                "norm": calc.staffing_norm({lv: levels[lv]}),
            }
            for lv in LEVEL_ORDER
            if levels.get(lv)
        ]
        out.append({"county": county, "rows": rows, "total": sum(r["norm"] for r in rows)})
    schools = (
        IndicatorValue.objects.restrict(user, "view")
        .filter(indicator="staffing_norm", period=school_year, scope_type="school")
        .select_related("school", "area")
        .order_by("scope_code")
    )
    return {"counties": out, "school_year": school_year, "schools": list(schools[:500])}
