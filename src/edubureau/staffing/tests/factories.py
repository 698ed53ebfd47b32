"""Small builders for staffing tests and the URL walk: a scheme, a competition over two schools with a
数学 post each, scored teachers entered in it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from edubureau.registry.testing.factories import TeacherFactory
from edubureau.staffing import choices as c
from edubureau.staffing.models import (
    Competition,
    Entry,
    EvaluationScheme,
    Round,
    RoundResult,
    TeacherScore,
    WorkPost,
)

YEAR = "2019-2020"


def aware(day: dt.date, hour: int = 9) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def scheme_for(county, **kw) -> EvaluationScheme:
    defaults = {
        "county": county, "school_year": YEAR, "name": "三考评方案",
        "weight_appraisal": Decimal(60), "weight_record": Decimal(40),
    }  # fmt: skip
    return EvaluationScheme.objects.create(**{**defaults, **kw})


def competition_for(county, schools, *, stage=c.Stage.DRAFT, name="2019年区管校聘", **kw) -> Competition:
    scheme = kw.pop("scheme", None) or scheme_for(county)
    defaults = {
        "county": county, "school_year": YEAR, "name": name, "scheme": scheme, "stage": stage,
        "choices_open": aware(dt.date(2019, 6, 10), 8), "choices_close": aware(dt.date(2019, 6, 17), 18),
        "appeals_close": aware(dt.date(2019, 7, 5), 18),
    }  # fmt: skip
    competition = Competition.objects.create(**{**defaults, **kw})
    competition.schools.set(schools)
    return competition


def post_for(school, subject="数学", posts=1, level="primary") -> WorkPost:
    return WorkPost.objects.create(
        county=school.county, school=school, school_year=YEAR, level=level, subject=subject, posts=posts
    )


def entry_for(competition, school, *, score, subject="数学", user=None, tiebreak=None, **kw) -> Entry:
    teacher = TeacherFactory(school=school, main_subject=subject, user=user, **kw)
    TeacherScore.objects.create(
        scheme=competition.scheme, teacher=teacher, appraisal=Decimal(score), total=Decimal(score)
    )
    n = tiebreak or (Entry.objects.filter(competition=competition).count() + 1)
    return Entry.objects.create(
        competition=competition, teacher=teacher, school=school, subject=subject, level="primary",
        score=Decimal(score), tiebreak=n,
    )  # fmt: skip


def url_walk_objects(district) -> dict:
    """A competition over both schools with an entry in each; no principal grant reaches competitions, rounds
    or round results (own is None); the principal sees her school's entries."""
    competition = competition_for(district.county, [district.school, district.other_school])
    post_for(district.school)
    post_for(district.other_school)
    own = entry_for(competition, district.school, score=80)
    other = entry_for(competition, district.other_school, score=70)
    rnd = Round.objects.create(competition=competition, number=1, run_at=timezone.now(), posts={})
    result = RoundResult.objects.create(round=rnd, entry=other, outcome=c.Outcome.KEPT)
    return {
        Competition: (None, competition),
        Round: (None, rnd),
        RoundResult: (None, result),
        Entry: (own, other),
        EvaluationScheme: (None, competition.scheme),
    }
