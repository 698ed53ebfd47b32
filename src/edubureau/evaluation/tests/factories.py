"""Small builders for evaluation tests (and the URL walk): a scheme with a leaf of each kind of source, a
round over some schools, exams with scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from edubureau.evaluation import choices as c
from edubureau.evaluation.models import Criterion, Exam, Round, RoundSchool, Scheme, Score


def scheme_for(county, *, year: int = 2019, name: str = "学校年度考评") -> Scheme:
    """A 40/30/30 scheme: A 办学条件 (A1 an indicator, A2 experts), B 督导 (B1 rectified on time), C 第三方 (C1)."""
    scheme = Scheme.objects.create(county=county, name=name, year=year)

    def add(code, name, weight, parent=None, **kw):
        return Criterion.objects.create(scheme=scheme, parent=parent, code=code, name=name,
                                        weight=Decimal(weight), order=len(code), **kw)  # fmt: skip

    a = add("A", "办学条件", 40)
    add("A1", "平均班额", 60, a, source=c.Source.INDICATOR, indicator="class_size", best=Decimal(35),
        worst=Decimal(56))  # fmt: skip
    add("A2", "校园文化", 40, a, source=c.Source.EXPERT)
    b = add("B", "督导整改", 30)
    add("B1", "整改按期销号率", 100, b, source=c.Source.SUPERVISION, measure=c.Measure.RECTIFIED_ON_TIME,
        best=Decimal(100), worst=Decimal(0))  # fmt: skip
    cc = add("C", "满意度测评", 30)
    add("C1", "家长满意度", 100, cc, source=c.Source.IMPORT)
    return scheme


def round_for(scheme, schools, *, status=c.RoundStatus.COLLECTING, year: int = 2019) -> Round:
    rnd = Round.objects.create(scheme=scheme, name=f"{year}年学校年度考评", year=year, school_year="2019-2020",
                               status=status)  # fmt: skip
    for s in schools:
        RoundSchool.objects.create(round=rnd, school=s)
    return rnd


def fill(rnd: Round, scores: dict[str, float] | None = None) -> None:
    """Every leaf of every sheet scored (``scores`` by leaf code, else 80), totals set as the service does."""
    from edubureau.evaluation import services

    leaves = Criterion.objects.filter(scheme=rnd.scheme, children__isnull=True)
    for sheet in rnd.sheets.all():
        for cr in leaves:
            Score.objects.update_or_create(sheet=sheet, criterion=cr,
                                           defaults={"score": Decimal(str((scores or {}).get(cr.code, 80))), "origin": "测试"})  # fmt: skip
    services._totals(rnd)


def exam_for(county, name="2019年中考", held_on=dt.date(2019, 6, 16), full_mark=150) -> Exam:
    return Exam.objects.create(county=county, name=name, held_on=held_on, full_mark=Decimal(full_mark))


def url_walk_objects(district) -> dict:
    """A published round over both schools: the principal's own sheet and its scores are theirs; the scheme,
    round, criteria and exams belong to the county, out of a principal's reach."""
    scheme = scheme_for(district.county)
    rnd = round_for(scheme, [district.school, district.other_school])
    fill(rnd)
    Round.objects.filter(pk=rnd.pk).update(status=c.RoundStatus.PUBLISHED, published_at=timezone.now())
    RoundSchool.objects.filter(round=rnd).update(band=1, tier=c.Tier.GOOD)
    exam = exam_for(district.county)
    own, other = (
        RoundSchool.objects.get(round=rnd, school=s) for s in (district.school, district.other_school)
    )
    return {
        Scheme: (None, scheme),
        Criterion: (None, Criterion.objects.filter(scheme=scheme, children__isnull=True).first()),
        Round: (None, rnd),
        RoundSchool: (own, other),
        Score: tuple(Score.objects.filter(sheet=sheet).first() for sheet in (own, other)),
        Exam: (None, exam),
    }
