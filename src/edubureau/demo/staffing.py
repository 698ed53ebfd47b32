"""The 2019 区管校聘 of the demo district (plan task 5: "2019年在全区50%以上的中小学校开展区管校聘工作"), as it
stands on 28 June 2019: 志愿 filled 10–17 June, the three rounds run on 20 June, results published on 21 June,
appeals open until 5 July, a few appeals in and two decided.

Synthetic: the scheme's weights, the school grades, the teachers' 考核 scores and 志愿 are drawn from a fixed
seed. 56 % of the public 中小学校 take part (all of 泉港一中's teachers among them). The 志愿 follow what
teachers do: most list their own school only; a teacher likely to lose her post (she ranks beyond its
places at her school) lists two to four other schools of her subject, nearer and town-centre first; one in
ten others tries a school she prefers before her own. The demo teacher (login ``teacher``) is linked, once
the results are out, to a 泉港一中 teacher whose page has a school she ranked higher to explain.

The rounds, scores, stage changes and appeal decisions run through ``staffing.services`` (audited) with the
clock held at each step's day; the 志愿 rows, written for thousands of teachers, are bulk-inserted with one
summarising audit entry.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.db.models import Count

from edubureau.accounts.models import User
from edubureau.core import audit, clock
from edubureau.registry.choices import StaffCategory, TeacherStatus
from edubureau.registry.models import Area, School, Teacher
from edubureau.staffing import choices as c
from edubureau.staffing import services
from edubureau.staffing.models import (
    Competition,
    Entry,
    EvaluationScheme,
    Preference,
    RoundResult,
    SchoolEvaluation,
    TeacherScore,
    WorkPost,
)

SCHOOL_YEAR = "2019-2020"
NAME = "2019年区管校聘工作岗位竞聘"
SHARE = 0.56
DEMO_SCHOOL = "泉港一中"
#: Share of the teachers not at risk who live in another town and list its schools first (对调 wishes).
NEARER_HOME = 0.15


def staffing_is_fresh() -> bool:
    return not Competition.objects.exists()


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return clock.local(clock.now()).replace(
        year=day.year, month=day.month, day=day.day, hour=hour, minute=0, second=0, microsecond=0
    )


@transaction.atomic
def staffing_demo_play(*, seed: int = 2019) -> dict | None:
    county = Area.objects.filter(kind="county").order_by("code").first()
    if county is None or not School.objects.filter(county=county).exists():
        return None
    rng = random.Random(seed)
    actor = User.objects.filter(username="teacher_service").first()
    eligible = list(
        School.objects.filter(
            county=county, kind__in=services.SCHOOL_KINDS, ownership="public", is_active=True
        )
        .select_related("area")
        .order_by("code")
    )
    must = [s for s in eligible if s.name == DEMO_SCHOOL]
    rest = [s for s in eligible if s.name != DEMO_SCHOOL]
    n = max(round(len(eligible) * SHARE) - len(must), 0)
    schools = must + rng.sample(rest, min(n, len(rest)))

    with clock.frozen(_at(dt.date(2019, 5, 20))):
        scheme = EvaluationScheme.objects.create(
            county=county,
            school_year=SCHOOL_YEAR,
            name="2019年区管校聘三考评方案",
            weight_appraisal=Decimal(60),
            weight_record=Decimal(40),
            coefficients={k: str(v) for k, v in c.SCHOOL_GRADE_COEFFICIENT.items()},
        )
        audit.record(
            actor=actor, action="staffing.evaluationscheme.create", obj=scheme, after=audit.snapshot(scheme)
        )
        grades = rng.choices(list(c.SchoolGrade.values), weights=(20, 55, 22, 3), k=len(schools))
        SchoolEvaluation.objects.bulk_create(
            [SchoolEvaluation(scheme=scheme, school=s, grade=g) for s, g in zip(schools, grades, strict=True)]
        )
        teachers = list(
            Teacher.objects.filter(
                school__in=schools,
                status=TeacherStatus.IN_POST,
                on_establishment=True,
                staff_category=StaffCategory.FULL_TIME_TEACHER,
            ).order_by("pk")
        )
        scores = []
        for t in teachers:
            appraisal = Decimal(str(round(min(max(rng.gauss(84, 6), 60), 99), 1)))
            awards = Decimal(rng.choices((0, 1, 2, 3, 5, 8), weights=(50, 15, 12, 10, 8, 5))[0])
            exchange = rng.choices((0, 1, 2), weights=(85, 10, 5))[0]
            scores.append(
                TeacherScore(
                    scheme=scheme,
                    teacher=t,
                    county_id=t.county_id,
                    appraisal=appraisal,
                    award_points=awards,
                    exchange_years=exchange,
                )
            )
        TeacherScore.objects.bulk_create(scores)
        services.scores_compute(actor=actor, scheme=scheme)

        competition = services.competition_create(
            actor=actor,
            county=county,
            school_year=SCHOOL_YEAR,
            name=NAME,
            scheme=scheme,
            choices_open=_at(dt.date(2019, 6, 10), 8),
            choices_close=_at(dt.date(2019, 6, 17), 18),
            appeals_close=_at(dt.date(2019, 7, 5), 18),
        )
        services.participation_set(actor=actor, competition=competition, schools=schools)
        services.workposts_generate(actor=actor, competition=competition)
        services.competition_enrol(actor=actor, competition=competition)
        _type_posts(rng, competition, actor)
        services.title_quotas_generate(actor=actor, competition=competition)

    with clock.frozen(_at(dt.date(2019, 6, 10), 8)):
        services.competition_advance(actor=actor, competition=competition, stage=c.Stage.OPEN)
    _choices(rng, competition)
    with clock.frozen(_at(dt.date(2019, 6, 18), 9)):
        services.competition_advance(actor=actor, competition=competition, stage=c.Stage.CLOSED)
    for number in (1, 2, 3):
        with clock.frozen(_at(dt.date(2019, 6, 20), 9 + number)):
            services.round_run(actor=actor, competition=competition, number=number)
    with clock.frozen(_at(dt.date(2019, 6, 21), 9)):
        services.competition_advance(actor=actor, competition=competition, stage=c.Stage.PUBLISHED)
    _link_demo_teacher(competition)
    title = _title_competition(competition, scheme, actor)
    appeals = _appeals(rng, competition, actor)
    counts = services_counts(competition)
    return {"schools": len(schools), "eligible": len(eligible), "appeals": appeals, "title": title, **counts}


def _type_posts(rng: random.Random, competition: Competition, actor) -> None:
    """The figures 组织人事股 typed: the computed need, raised towards the teachers a post has now (the
    norm counts no 班主任 or duty periods), a few posts cut: some schools end with more teachers than posts."""
    have = defaultdict(int)
    for school_id, subject, level in competition.entries.values_list("school_id", "subject", "level"):
        have[(school_id, subject, level)] += 1
    posts = list(WorkPost.objects.filter(school__in=competition.schools.all(), school_year=SCHOOL_YEAR))
    changes = []
    for p in posts:
        now = have.get((p.school_id, p.subject, p.level), 0)
        typed = max(round(p.need), round(now * rng.uniform(0.86, 1.08)))
        if typed != p.posts:
            changes.append((p, {"posts": p.posts}, {"posts": typed}))
            p.posts = typed
    WorkPost.objects.bulk_update(posts, ["posts"])
    audit.record_changes(actor=actor, action="staffing.workpost.update", changes=changes)


def _title_competition(work: Competition, scheme: EvaluationScheme, actor) -> dict:
    """职称岗位竞聘 (pilot) at the same schools, within the title quotas set from their posts."""
    with clock.frozen(_at(dt.date(2019, 6, 24), 9)):
        competition = services.competition_create(
            actor=actor, county=work.county, school_year=SCHOOL_YEAR, name="2019年职称岗位竞聘（试点）",
            kind=c.CompetitionKind.TITLE, scheme=scheme, choices_open=_at(dt.date(2019, 6, 24), 8),
            choices_close=_at(dt.date(2019, 6, 25), 18), appeals_close=_at(dt.date(2019, 7, 10), 18),
        )  # fmt: skip
        services.participation_set(actor=actor, competition=competition, schools=list(work.schools.all()))
        services.competition_enrol(actor=actor, competition=competition)
    for day, stage in ((24, c.Stage.OPEN), (26, c.Stage.CLOSED)):
        with clock.frozen(_at(dt.date(2019, 6, day), 9)):
            services.competition_advance(actor=actor, competition=competition, stage=stage)
    with clock.frozen(_at(dt.date(2019, 6, 26), 10)):
        services.round_run(actor=actor, competition=competition, number=1)
    with clock.frozen(_at(dt.date(2019, 6, 27), 9)):
        services.competition_advance(actor=actor, competition=competition, stage=c.Stage.PUBLISHED)
    grades = list(competition.entries.values_list("title_grade", "result_grade"))
    return {
        "teachers": len(grades),
        "kept": sum(1 for a, b in grades if b and a == b),
        "lowered": sum(1 for a, b in grades if b and a != b),
        "unplaced": sum(1 for _a, b in grades if not b),
    }


def services_counts(competition: Competition) -> dict:
    entries = list(competition.entries.values_list("result_round", flat=True))
    return {
        "teachers": len(entries),
        "r1": entries.count(1),
        "r2": entries.count(2),
        "r3": entries.count(3),
        "unplaced": entries.count(None),
        "exchanged": RoundResult.objects.filter(
            round__competition=competition, round__number=2, outcome=c.Outcome.EXCHANGED
        ).count(),
        "posts": sum(
            WorkPost.objects.filter(
                school__in=competition.schools.all(), school_year=SCHOOL_YEAR
            ).values_list("posts", flat=True)
        ),
    }


def _link_demo_teacher(competition: Competition) -> Entry | None:
    """Link the demo login ``teacher`` to a teacher of 泉港一中 whose result has something to explain (a
    school she ranked higher that took only higher scores), and name the login after her."""
    from edubureau.staffing.selectors import entry_explanation

    user = User.objects.filter(username="teacher").first()
    school = School.objects.filter(county=competition.county, name=DEMO_SCHOOL).first()
    if user is None or school is None or Teacher.objects.filter(user=user).exists():
        return None
    entries = list(
        competition.entries.filter(school=school)
        .annotate(n=Count("preferences"))
        .filter(n__gte=2)
        .select_related("teacher", "competition")
        .order_by("teacher_id")
    )
    lines = {e.pk: [x["reason"] for x in entry_explanation(e)["lines"]] for e in entries}
    ranked = sorted(entries, key=lambda e: ("score" not in lines[e.pk], not lines[e.pk], e.teacher_id))
    entry = ranked[0] if ranked else competition.entries.filter(school=school).order_by("teacher_id").first()
    if entry is None:
        return None
    teacher = entry.teacher
    before = audit.snapshot(teacher)
    teacher.user = user
    teacher.save(update_fields=["user"])
    audit.record(
        actor=None,
        action="registry.teacher.update",
        obj=teacher,
        before=before,
        after=audit.snapshot(teacher),
    )
    user.display_name = teacher.name
    user.save(update_fields=["display_name"])
    return entry


def _choices(rng: random.Random, competition: Competition) -> None:
    posts = list(
        WorkPost.objects.filter(school__in=competition.schools.all(), school_year=SCHOOL_YEAR, posts__gt=0)
        .select_related("school")
        .order_by("pk")
    )
    by_kind: dict[tuple[str, str], list[WorkPost]] = defaultdict(list)
    home_post = {}
    for p in posts:
        by_kind[(p.subject, p.level)].append(p)
        home_post[(p.school_id, p.subject, p.level)] = p
    entries = list(competition.entries.select_related("school").order_by("-score", "tiebreak"))
    seen: dict[int, int] = defaultdict(int)
    rows = []
    locality_rank = {"urban": 0, "town": 1, "rural": 2}
    school_towns = {p.school_id: p.school.area_id for p in posts}
    for e in entries:
        home = home_post.get((e.school_id, e.subject, e.level))
        others = [p for p in by_kind[(e.subject, e.level)] if p.school_id != e.school_id]
        at_risk = home is None or seen[home.pk] >= home.posts
        if home is not None:
            seen[home.pk] += 1
        pick: list[WorkPost] = []
        if at_risk and others:
            others.sort(key=lambda p: (school_towns[p.school_id] != e.school.area_id,
                                       locality_rank.get(p.school.locality, 3), rng.random()))  # fmt: skip
            pick = others[: rng.randint(2, 4)]
            if home is not None and rng.random() < 0.6:
                pick = [home, *pick]
        elif others and rng.random() < 0.1:
            others.sort(key=lambda p: (locality_rank.get(p.school.locality, 3), rng.random()))
            pick = others[: rng.randint(1, 3)] + ([home] if home else [])
        elif others and rng.random() < NEARER_HOME:  # lives in another town: its schools first (对调意向)
            town = rng.choice(sorted({school_towns[p.school_id] for p in others} - {e.school.area_id}) or [0])
            there = [p for p in others if school_towns[p.school_id] == town]
            rng.shuffle(there)
            pick = there[: rng.randint(1, 2)] + ([home] if home else [])
        elif home is not None:
            pick = [home]
        day = dt.date(2019, 6, 10) + dt.timedelta(days=rng.randrange(7))
        e.choices_at = _at(day, rng.randint(8, 20))
        rows += [
            Preference(entry=e, county_id=e.county_id, rank=i, post=p)
            for i, p in enumerate(pick[: c.MAX_CHOICES], start=1)
        ]
    Preference.objects.bulk_create(rows)
    Entry.objects.bulk_update(entries, ["choices_at"])
    audit.record(
        actor=None,
        action="demo.generate",
        obj=competition,
        after={"table": "staffing.preference", "rows": len(rows), "teachers": len(entries)},
    )


APPEAL_REASONS = (
    "本人本学年承担毕业班教学，考核分应按学校公示的92分计，系统显示为84分，请核查。",
    "本人2018年获市级优质课一等奖，获奖加分未计入，请复核个人档案分。",
    "调剂学校离家较远，家中有老人需要照顾，恳请考虑调整到本镇学校。",
    "本人交流轮岗服务满两年，交流加分未计入，请予以核实。",
    "对本校数学岗位的录取最低分有异议，请公开评分明细。",
)


def _appeals(rng: random.Random, competition: Competition, actor) -> int:
    """Five appeals from teachers who lost their post or were placed by the district; two decided."""
    from edubureau.staffing.models import Appeal
    from edubureau.staffing.selectors import appeal_post_options

    candidates = list(
        competition.entries.filter(result_round__in=[3, None])
        .select_related("teacher", "competition")
        .order_by("tiebreak")[:40]
    )
    chosen = rng.sample(candidates, min(5, len(candidates)))
    # the upheld one (the second) is a teacher with a post ranked above her result to be placed at
    options = appeal_post_options([*chosen, *candidates])
    fit = [e for e in candidates if options[e.pk] and e not in chosen]
    if len(chosen) > 1 and fit and not options[chosen[1].pk]:
        chosen[1] = fit[0]
    n = 0
    for i, e in enumerate(chosen):
        day = dt.date(2019, 6, 22) + dt.timedelta(days=i)
        with clock.frozen(_at(day, 10)):
            appeal = Appeal.objects.create(entry=e, reason=APPEAL_REASONS[i], submitted_at=clock.now())
            audit.record(
                actor=None, action="staffing.appeal.submit", obj=appeal, after=audit.snapshot(appeal)
            )
        n += 1
        uphold = i == 1 and bool(options[e.pk])
        if i < 2:
            with clock.frozen(_at(day + dt.timedelta(days=3), 15)):
                services.appeal_decide(
                    actor=actor,
                    appeal=appeal,
                    status=c.AppealStatus.UPHELD if uphold else c.AppealStatus.DISMISSED,
                    decision="经核实，获奖加分漏计，已更正；按更正后的分数应录取到其第一志愿学校，予以改正安置。"
                    if uphold
                    else "经核查学校考核原始记录，考核分84分无误，维持原结果。",
                    post=options[e.pk][0] if uphold else None,
                )
    return n
