"""The evaluation demo (synthetic): two exams for the junior pupils who sat 中考 in 2019 — the 2016 六年级
monitoring as the prior exam and 2019 中考 as the outcome — with planted school effects, and a 2019 学校年度考评
round scored from indicators, supervision, data reporting, value-added, a third-party survey and experts,
reviewed, tiered (优秀 20 %, 良好 30 %, 待改进 10 %) and published.

Planted effects are kept in ``PLANTED`` terms only in the generator's seed: the value-added page finds them
(schools' estimates correlate with the planted effects; intake differences show in raw means, not in VA).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import numpy as np
from django.db import transaction
from django.db.models import Count

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import audit, clock
from edubureau.evaluation import choices as c
from edubureau.evaluation import services
from edubureau.evaluation.models import Criterion, Exam, ExamScore, RoundSchool, Scheme, Score
from edubureau.registry.choices import AreaKind, EnrollmentStatus, Level
from edubureau.registry.models import Area, Enrollment, School

SUBJECTS = ("语文", "数学", "英语")
PRIOR = ("2016年六年级学业质量监测", dt.date(2016, 6, 22), 100)
OUTCOME = ("2019年中考", dt.date(2019, 6, 16), 150)
EXPERT_HOME = "惠华中学"


def evaluation_is_fresh() -> bool:
    return not Exam.objects.exists() and not Scheme.objects.exists()


def _exams(county, rng) -> tuple[Exam, Exam, dict[int, float]]:
    """The two exams' scores for the 2018-2019 初三 cohort; returns the planted school effects (points of the
    中考 total over three subjects)."""
    pupils = list(
        Enrollment.objects.filter(county=county, school_year="2018-2019", level=Level.JUNIOR, grade=3,
                                  status=EnrollmentStatus.ENROLLED).values_list("student_id", "school_id")
    )  # fmt: skip
    schools = sorted({s for _, s in pupils})
    effect = dict(zip(schools, rng.normal(0, 4.0, len(schools)), strict=True))  # per subject
    intake = dict(zip(schools, rng.normal(0, 7.0, len(schools)), strict=True))
    prior_exam = Exam.objects.create(county=county, name=PRIOR[0], held_on=PRIOR[1], full_mark=PRIOR[2])
    outcome_exam = Exam.objects.create(
        county=county, name=OUTCOME[0], held_on=OUTCOME[1], full_mark=OUTCOME[2]
    )
    rows = []
    for student, school in pupils:
        ability = rng.normal(0, 10)
        moved_in = rng.random() < 0.05  # no prior score: joined the district after 六年级
        absent = rng.random() < 0.015
        for subject in SUBJECTS:
            prior = float(np.clip(72 + intake[school] + ability + rng.normal(0, 6), 0, 100))
            if not moved_in:
                rows.append(ExamScore(exam=prior_exam, student_id=student, school_id=school, county_id=county.pk, subject=subject,
                                      score=Decimal(f"{prior:.1f}")))  # fmt: skip
            if not absent:
                out = float(np.clip(15 + 1.25 * prior + effect[school] + rng.normal(0, 9), 0, 150))
                rows.append(ExamScore(exam=outcome_exam, student_id=student, school_id=school, county_id=county.pk,
                                      subject=subject,
                                      score=Decimal(f"{out:.1f}")))  # fmt: skip
    ExamScore.objects.bulk_create(rows, batch_size=5000)
    for exam in (prior_exam, outcome_exam):
        audit.record(actor=None, action="evaluation.exam.import", obj=exam,
                     after={"rows": sum(1 for r in rows if r.exam is exam)})  # fmt: skip
    return prior_exam, outcome_exam, {s: 3 * e for s, e in effect.items()}


def _scheme(county, actor, prior, outcome) -> Scheme:
    scheme = services.scheme_create(
        actor=actor, county=county, name="学校年度考评", year=2019,
        note="依据《义务教育质量评价指南》和本区学校年度考评办法：过程性评价与结果性评价结合，学业质量看增值不看平均分。",
    )  # fmt: skip
    D = Decimal

    def add(code, name, weight, parent=None, **kw):
        return services.criterion_add(actor=actor, scheme=scheme, parent=parent, code=code, name=name,
                                      weight=D(weight), order=int("".join(ch for ch in code if ch.isdigit()) or 0),
                                      **kw)  # fmt: skip

    a = add("A", "办学条件", 20)
    add("A1", "平均班额", 100, a, source=c.Source.INDICATOR, indicator="class_size", best=D(40), worst=D(56),
        guidance="平均班额40人及以下得满分，56人及以上不得分（大班额标准）。")  # fmt: skip
    b = add("B", "督导评估", 20)
    add("B1", "整改按期销号率", 60, b, source=c.Source.SUPERVISION, measure=c.Measure.RECTIFIED_ON_TIME,
        best=D(100), worst=D(0))  # fmt: skip
    add(
        "B2",
        "督导发现问题数",
        40,
        b,
        source=c.Source.SUPERVISION,
        measure=c.Measure.FINDINGS,
        best=D(0),
        worst=D(8),
    )
    cc = add("C", "数据报送", 10)
    add("C1", "报送按时完成率", 100, cc, source=c.Source.COLLECT, measure=c.Measure.FORMS_ON_TIME, best=D(100),
        worst=D(50))  # fmt: skip
    d = add("D", "教育质量", 30)
    add("D1", "学业增值（中考总分）", 100, d, source=c.Source.VALUE_ADDED, prior_exam=prior, outcome_exam=outcome,
        best=D(8), worst=D(-8), guidance="增值+8分及以上得满分，−8分及以下不得分，其间按比例。")  # fmt: skip
    e = add("E", "满意度测评", 10)
    add("E1", "家长满意度", 100, e, source=c.Source.IMPORT, guidance="第三方机构问卷调查，0–100分。")
    f = add("F", "专家评议", 10)
    add("F1", "校园文化与办学特色", 100, f, source=c.Source.EXPERT, guidance="专家实地查看后评分并写明评语。")
    return scheme


def _expert(username: str, name: str, county) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, display_name=name)
        user.set_unusable_password()
        user.save(update_fields=["password"])
        role_assign(actor=None, user=user, role=Role.EVALUATOR, area=county)
    return user


@transaction.atomic
def evaluation_demo_play(*, seed: int = 2019) -> dict:
    county = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code").first()
    if county is None:
        return {}
    rng = np.random.default_rng(seed)
    actor = (
        User.objects.filter(username="staff_dudao").first() or User.objects.filter(is_superuser=True).first()
    )
    prior, outcome, planted = _exams(county, rng)
    if not planted:
        return {}
    scheme = _scheme(county, actor, prior, outcome)
    schools = School.objects.filter(pk__in=planted).order_by("code")
    with clock.frozen(
        dt.datetime(2019, 6, 27, 9, tzinfo=dt.UTC)
    ):  # after 中考 (16 June), before the demo's today
        rnd = services.round_create(actor=actor, scheme=scheme, name="2019年学校年度考评", year=2019,
                                    school_year="2018-2019", schools=schools)  # fmt: skip
        services.round_transition(actor=actor, round=rnd, to=c.RoundStatus.COLLECTING)
        services.round_compute(actor=actor, round=rnd)
        sheets = list(RoundSchool.objects.filter(round=rnd).select_related("school"))
        e1 = Criterion.objects.get(scheme=scheme, code="E1")
        survey = [
            Score(sheet=s, criterion=e1, score=Decimal(f"{np.clip(rng.normal(86, 5), 60, 100):.1f}"), raw=None,
                  origin="第三方评估导入（家长满意度问卷.xlsx，2019年6月27日；合成数据）", entered_by=actor)
            for s in sheets
        ]  # fmt: skip
        for score in survey:
            score.raw = score.score
        services.write_imported(actor=actor, round=rnd, rows=survey)
        home = School.objects.filter(county=county, name=EXPERT_HOME).first()
        expert = User.objects.filter(username="evaluator").first() or _expert("evaluator", "蔡明辉", county)
        services.expert_add(actor=actor, round=rnd, user=expert, home_school=home)
        second = _expert("evaluator2", "王淑贞", county)
        services.expert_add(actor=actor, round=rnd, user=second)
        f1 = Criterion.objects.get(scheme=scheme, code="F1")
        remarks = (
            "校园文化氛围浓厚，特色课程体系完整",
            "办学特色较鲜明，文化建设有待系统化",
            "校园环境整洁，特色项目尚在培育",
        )
        for s in sheets:
            who = second if home is not None and s.school_id == home.pk else expert
            value = float(np.clip(rng.normal(82, 7), 55, 98))
            services.expert_score(actor=who, sheet=s, criterion=f1, score=round(value, 1),
                                  comment=remarks[0 if value >= 88 else 1 if value >= 78 else 2])  # fmt: skip
        services.round_transition(actor=actor, round=rnd, to=c.RoundStatus.REVIEW)
        services.round_tiers(actor=actor, round=rnd, method=c.TierMethod.QUOTA,
                             params={"excellent": 20, "good": 30, "improve": 10})  # fmt: skip
        rnd.doc_number = "泉港教督〔2019〕21号"
        rnd.save(update_fields=["doc_number"])
        services.round_transition(actor=actor, round=rnd, to=c.RoundStatus.PUBLISHED)
    return {
        "pupils": ExamScore.objects.filter(exam=outcome).values("student").distinct().count(),
        "scores": ExamScore.objects.count(),
        "schools": len(sheets),
        "tiers": dict(
            RoundSchool.objects.filter(round=rnd)
            .values_list("tier")
            .annotate(n=Count("pk"))
            .values_list("tier", "n")
        ),
    }
