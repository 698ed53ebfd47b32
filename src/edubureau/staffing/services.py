"""Writes of 区管校聘: posts from need, participation, scores, the competition's stages, a teacher's 志愿, the
rounds, appeals. Each runs in a transaction, takes the acting user and writes its audit entry; a refusal is a
``ValidationError`` whose message names the item and the fix.

The rounds call the pure functions of ``allocation.rounds`` on plain data read here, and store what they
decided (``Round``, ``RoundResult``) before the entries' results are set, so every result can be explained
from stored rows."""

from __future__ import annotations

import datetime as dt
import time
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _

from edubureau.core import audit, bulk, clock
from edubureau.core.services import object_create, object_update
from edubureau.indicators.models import IndicatorValue
from edubureau.registry.choices import KIND_LEVELS, Level, StaffCategory, TeacherStatus
from edubureau.registry.models import School, SchoolClass, Teacher
from edubureau.staffing import choices as c
from edubureau.staffing import scoring
from edubureau.staffing.allocation import rounds as alg
from edubureau.staffing.allocation.exchange import exchange
from edubureau.staffing.models import (
    Appeal,
    Competition,
    Entry,
    EvaluationScheme,
    Preference,
    Round,
    RoundResult,
    SchoolEvaluation,
    TeacherScore,
    TitleQuota,
    WorkPost,
)
from edubureau.staffing.selectors import appeal_post_options

PARTICIPATION_INDICATOR = "staffing_competition_school_share"
#: 中小学校: the schools the plan's "50%以上的中小学校" counts (public primary and secondary schools).
SCHOOL_KINDS = ("primary", "junior", "nine_year", "complete_secondary", "senior")


# --- posts -----------------------------------------------------------------------------------------------


def post_need(*, classes: int, level: str, subject: str) -> Decimal:
    """Teachers needed for one subject: classes × weekly periods ÷ the standard weekly load (one decimal)."""
    periods, load = c.weekly_periods(level, subject), c.standard_load(level, subject)
    if periods is None or not load:
        return Decimal(0)
    return (Decimal(classes) * periods / load).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _classes(schools, school_year: str) -> dict[tuple[int, str], int]:
    rows = (
        SchoolClass.objects.filter(school__in=schools, school_year=school_year)
        .values_list("school_id", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(s, lv): n for s, lv, n in rows}


def _school_levels(school: School) -> list[str]:
    return [lv for lv in KIND_LEVELS.get(school.kind, ()) if lv in c.COMPETITION_LEVELS]


@transaction.atomic
def workposts_generate(*, actor, competition: Competition) -> int:
    """Work posts of every participating school for the competition's year, from need: each subject of each
    学段 gets ``round(need)`` posts where it has none yet; the need of existing posts is brought up to date
    (the figure typed stays as typed). Returns the number of posts created."""
    schools = list(competition.schools.all())
    classes = _classes(schools, competition.school_year)
    existing = {
        (p.school_id, p.level, p.subject): p
        for p in WorkPost.objects.filter(school__in=schools, school_year=competition.school_year)
    }
    new, changed = [], []
    for school in schools:
        for level in _school_levels(school):
            n = classes.get((school.pk, level), 0)
            for subject in c.WEEKLY_PERIODS[level]:
                need = post_need(classes=n, level=level, subject=subject)
                post = existing.get((school.pk, level, subject))
                if post is None:
                    new.append(
                        WorkPost(
                            county=competition.county, school=school, school_year=competition.school_year,
                            level=level, subject=subject, posts=int(need.to_integral_value(ROUND_HALF_UP)),
                            classes=n, need=need,
                        )
                    )  # fmt: skip
                elif (post.need, post.classes) != (need, n):
                    post.need, post.classes = need, n
                    changed.append(post)
    WorkPost.objects.bulk_create(new)
    WorkPost.objects.bulk_update(changed, ["need", "classes"])
    audit.record(
        actor=actor,
        action="staffing.workpost.generate",
        obj=competition,
        after={"posts": len(new), "schools": len(schools)},
    )
    return len(new)


def workpost_set(*, actor, post: WorkPost, posts: int) -> WorkPost:
    if posts < 0:
        raise ValidationError({"posts": _("The number of posts cannot be negative; enter 0 or more.")})
    return object_update(actor=actor, obj=post, data={"posts": posts})


@transaction.atomic
def title_quotas_generate(*, actor, competition: Competition) -> int:
    """职称 post quotas of each participating school from its posts and the structure ratio of its main 学段."""
    schools = list(competition.schools.all())
    totals = dict(
        WorkPost.objects.filter(school__in=schools, school_year=competition.school_year)
        .values_list("school_id")
        .annotate(n=Sum("posts"))
        .order_by()
    )
    have = set(
        TitleQuota.objects.filter(school__in=schools, school_year=competition.school_year).values_list(
            "school_id", flat=True
        )
    )
    new = []
    for school in schools:
        if school.pk in have:
            continue
        levels = _school_levels(school)
        senior_share, mid_share, _junior = c.TITLE_SHARES[levels[-1] if levels else Level.PRIMARY]
        n = Decimal(totals.get(school.pk) or 0)
        senior = int((n * senior_share).to_integral_value(ROUND_HALF_UP))
        mid = int((n * mid_share).to_integral_value(ROUND_HALF_UP))
        new.append(
            TitleQuota(
                county=competition.county, school=school, school_year=competition.school_year,
                senior=senior, intermediate=mid, junior=max(int(n) - senior - mid, 0),
            )
        )  # fmt: skip
    TitleQuota.objects.bulk_create(new)
    audit.record_many(actor=actor, action="staffing.titlequota.create", objs=new)
    return len(new)


# --- participation and its indicator ----------------------------------------------------------------------


def participation_figures(*, county, school_year: str) -> tuple[int, int]:
    """(participating 中小学校, all public 中小学校) of the county's competitions of the school year."""
    eligible = School.objects.filter(county=county, kind__in=SCHOOL_KINDS, ownership="public", is_active=True)
    taking_part = (
        eligible.filter(
            pk__in=Competition.objects.filter(
                county=county, school_year=school_year, kind=c.CompetitionKind.WORK
            ).values("schools")
        )
        .distinct()
        .count()
    )
    return taking_part, eligible.count()


def participation_indicator_store(*, county, school_year: str) -> Decimal:
    """Store 开展区管校聘的中小学校占比 for the calendar year the school year starts in (the plan's period)."""
    part, whole = participation_figures(county=county, school_year=school_year)
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01")) if whole else Decimal(0)
    IndicatorValue.objects.update_or_create(
        indicator=PARTICIPATION_INDICATOR,
        period=school_year[:4],
        scope_type="district",
        scope_code=county.code,
        defaults={
            "county": county, "area": county, "school": None, "value": value,
            "numerator": part, "denominator": whole, "computed_at": clock.now(),
        },
    )  # fmt: skip
    return value


@transaction.atomic
def participation_set(*, actor, competition: Competition, schools) -> Competition:
    """Which schools take part (only while the competition is being prepared)."""
    competition = Competition.objects.select_for_update().get(pk=competition.pk)
    if competition.stage != c.Stage.DRAFT:
        raise ValidationError(_("Schools can only be changed while the competition is being prepared."))
    schools = list(schools)
    wrong = [s.name for s in schools if s.county_id != competition.county_id or s.kind not in SCHOOL_KINDS]
    if wrong:
        raise ValidationError(
            _(
                "These schools cannot take part (another county, or not a primary or secondary school): {names}"
            ).format(names="、".join(wrong))
        )
    before = sorted(competition.schools.values_list("pk", flat=True))
    competition.schools.set(schools)
    audit.record(
        actor=actor,
        action="staffing.competition.participation",
        obj=competition,
        before={"schools": before},
        after={"schools": sorted(s.pk for s in schools)},
    )
    participation_indicator_store(county=competition.county, school_year=competition.school_year)
    return competition


# --- 三考评 --------------------------------------------------------------------------------------------


def service_years(teacher: Teacher, school_year: str) -> int:
    if teacher.work_start is None:
        return 0
    return max(int(school_year[:4]) - teacher.work_start.year, 0)


@transaction.atomic
def scores_compute(*, actor, scheme: EvaluationScheme) -> int:
    """Every score of the scheme from its stored inputs (appraisal, awards, exchange years, the school's grade)
    and the teacher's record in the registry. Returns the number of scores changed."""
    grades = dict(SchoolEvaluation.objects.filter(scheme=scheme).values_list("school_id", "grade"))
    rows = list(TeacherScore.objects.filter(scheme=scheme).select_related("teacher").select_for_update())
    changed = []
    for s in rows:
        t = s.teacher
        lines = scoring.record_lines(
            scoring.RecordInput(
                service_years=service_years(t, scheme.school_year),
                title_rank=t.title_rank,
                backbone_level=t.backbone_level,
                award_points=s.award_points,
                exchange_years=s.exchange_years,
            )
        )
        record = scoring.record_points(lines)
        k = scheme.coefficient(grades.get(t.school_id, c.SchoolGrade.GOOD))
        total = scoring.total(
            appraisal=s.appraisal, record=record, coefficient=k,
            weight_appraisal=scheme.weight_appraisal, weight_record=scheme.weight_record,
        )  # fmt: skip
        if (s.record_points, s.coefficient, s.total, s.record_detail) != (record, k, total, lines):
            s.record_points, s.coefficient, s.total, s.record_detail = record, k, total, lines
            changed.append(s)
    bulk.update_objects(changed, ["record_points", "coefficient", "total", "record_detail"])
    # Teachers already entered in a competition still being prepared compete with the new score.
    Entry.objects.filter(competition__scheme=scheme, competition__stage=c.Stage.DRAFT).update(
        score=Subquery(
            TeacherScore.objects.filter(scheme=scheme, teacher_id=OuterRef("teacher_id")).values("total")[:1]
        )
    )
    audit.record(
        actor=actor, action="staffing.teacherscore.compute", obj=scheme, after={"teachers": len(changed)}
    )
    return len(changed)


# --- the competition ----------------------------------------------------------------------------------


def competition_create(*, actor, **fields) -> Competition:
    if fields["scheme"].county_id != fields["county"].pk:
        raise ValidationError({"scheme": _("Choose an evaluation scheme of the same county.")})
    return object_create(actor=actor, obj=Competition(**fields))


def _locked(competition: Competition) -> Competition:
    return Competition.objects.select_for_update().get(pk=competition.pk)


@transaction.atomic
def competition_advance(*, actor, competition: Competition, stage: str) -> Competition:
    """Move the competition to ``stage`` along ``STAGE_FLOW``; publishing needs round 3 run."""
    competition = _locked(competition)
    if stage not in c.STAGE_FLOW[c.Stage(competition.stage)]:
        raise ValidationError(
            _("A competition at stage “{now}” cannot move to “{to}”.").format(
                now=competition.get_stage_display(), to=c.Stage(stage).label
            )
        )
    if stage == c.Stage.OPEN and not competition.entries.exists():
        raise ValidationError(
            _("No teacher is entered yet: enter the teachers of the participating schools first.")
        )
    last = 1 if competition.kind == c.CompetitionKind.TITLE else 3
    if stage == c.Stage.PUBLISHED and not competition.rounds.filter(number=last).exists():
        raise ValidationError(_("Run all the rounds before publishing the results."))
    before = competition.stage
    competition.stage = stage
    competition.save(update_fields=["stage"])
    audit.record(
        actor=actor,
        action="staffing.competition.stage",
        obj=competition,
        before={"stage": before},
        after={"stage": stage, "stage_from": before, "stage_to": stage},
    )
    return competition


def entry_level(teacher: Teacher, school: School) -> str | None:
    """The 学段 a teacher competes in: her school's, or for a 九年一贯制/完全中学 the lower one whose subjects
    include hers (the upper where only it teaches the subject)."""
    levels = _school_levels(school)
    fitting = [lv for lv in levels if teacher.main_subject in c.WEEKLY_PERIODS[lv]]
    return fitting[0] if fitting else None


@transaction.atomic
def competition_enrol(*, actor, competition: Competition) -> int:
    """Enter every teacher of the participating schools who is in post, on establishment, a full-time teacher
    of a competed subject and scored in the competition's scheme. Tie-break numbers follow the teacher's id
    (as the command line's contract: ties in score go to the smaller id). Returns the number entered."""
    competition = _locked(competition)
    if competition.stage != c.Stage.DRAFT:
        raise ValidationError(_("Teachers can only be entered while the competition is being prepared."))
    scores = dict(TeacherScore.objects.filter(scheme=competition.scheme).values_list("teacher_id", "total"))
    have = set(competition.entries.values_list("teacher_id", flat=True))
    teachers = (
        Teacher.objects.filter(
            school__in=competition.schools.all(),
            status=TeacherStatus.IN_POST,
            on_establishment=True,
            staff_category=StaffCategory.FULL_TIME_TEACHER,
        )
        .select_related("school")
        .order_by("pk")
    )
    start = (competition.entries.order_by("-tiebreak").values_list("tiebreak", flat=True).first() or 0) + 1
    new = []
    for t in teachers:
        if t.pk in have or t.pk not in scores:
            continue
        level = entry_level(t, t.school)
        title = competition.kind == c.CompetitionKind.TITLE
        if level is None and not title:
            continue
        new.append(
            Entry(
                competition=competition, teacher=t, school=t.school, county_id=t.school.county_id, subject=t.main_subject,
                level=level or (_school_levels(t.school) or [Level.PRIMARY])[0], score=scores[t.pk],
                tiebreak=start + len(new),
                title_grade=c.TITLE_GRADE_OF_RANK.get(t.title_rank, c.TitleGrade.JUNIOR) if title else "",
            )
        )  # fmt: skip
    Entry.objects.bulk_create(new)
    audit.record(
        actor=actor, action="staffing.competition.enrol", obj=competition, after={"teachers": len(new)}
    )
    return len(new)


def _window_open(competition: Competition) -> bool:
    now = clock.now()
    return competition.stage == c.Stage.OPEN and competition.choices_open <= now <= competition.choices_close


@transaction.atomic
def entry_choices_set(*, actor, entry: Entry, posts: list[WorkPost]) -> Entry:
    """A teacher's ordered 志愿 (replacing any earlier list), only by herself and inside the window."""
    entry = Entry.objects.select_for_update().select_related("competition", "teacher").get(pk=entry.pk)
    competition = entry.competition
    if entry.teacher.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Only the teacher herself can submit her choices."))
    if competition.kind == c.CompetitionKind.TITLE:
        raise ValidationError(
            _("A title-post competition has no choices: teachers compete at their own school.")
        )
    if not _window_open(competition):
        raise ValidationError(
            _("The choice window is not open (it closes {close}); choices can no longer be changed.").format(
                close=clock.written(competition.choices_close)
            )
        )
    if len(posts) > c.MAX_CHOICES:
        raise ValidationError(_("List at most {n} schools.").format(n=c.MAX_CHOICES))
    schools = set(competition.schools.values_list("pk", flat=True))
    seen = set()
    for i, post in enumerate(posts, start=1):
        if post.pk in seen:
            raise ValidationError(_("Choice {i}: “{school}” is listed twice; list each school once.").format(
                i=i, school=post.school.name))  # fmt: skip
        seen.add(post.pk)
        if (
            post.school_id not in schools
            or post.school_year != competition.school_year
            or (post.subject, post.level) != (entry.subject, entry.level)
        ):
            raise ValidationError(
                _(
                    "Choice {i}: “{school}” has no {subject} post in this competition; choose another school."
                ).format(i=i, school=post.school.name, subject=entry.subject)
            )
    before = list(entry.preferences.order_by("rank").values_list("post_id", flat=True))
    entry.preferences.all().delete()
    Preference.objects.bulk_create(
        [
            Preference(entry=entry, county_id=entry.county_id, rank=i, post=post)
            for i, post in enumerate(posts, start=1)
        ]
    )
    entry.choices_at = clock.now()
    entry.save(update_fields=["choices_at"])
    audit.record(
        actor=actor,
        action="staffing.entry.choices",
        obj=entry,
        before={"choices": before},
        after={"choices": [p.pk for p in posts]},
    )
    return entry


# --- the rounds ---------------------------------------------------------------------------------------


def _instance(competition: Competition):
    """Plain data of the competition: contenders, places per post id, and each post's (school, subject,
    level, town) for the assignment's rules."""
    posts = {
        p["pk"]: p
        for p in WorkPost.objects.filter(
            school__in=competition.schools.all(), school_year=competition.school_year
        ).values("pk", "school_id", "subject", "level", "posts", "school__area_id")
    }
    by_home = {(p["school_id"], p["subject"], p["level"]): pk for pk, p in posts.items()}
    prefs: dict[int, list[int]] = {}
    for entry_id, post_id in (
        Preference.objects.filter(entry__competition=competition)
        .order_by("entry_id", "rank")
        .values_list("entry_id", "post_id")
    ):
        prefs.setdefault(entry_id, []).append(post_id)
    entries = list(
        competition.entries.values(
            "pk", "school_id", "subject", "level", "score", "tiebreak", "school__area_id"
        )
    )
    contenders = [
        alg.Contender(
            id=e["pk"], score=float(e["score"]), tiebreak=e["tiebreak"],
            home=by_home.get((e["school_id"], e["subject"], e["level"])),
            choices=tuple(prefs.get(e["pk"], ())),
        )
        for e in entries
    ]  # fmt: skip
    towns = {e["pk"]: e["school__area_id"] for e in entries}
    kinds = {e["pk"]: (e["subject"], e["level"]) for e in entries}
    places = {pk: p["posts"] for pk, p in posts.items()}
    return contenders, places, posts, towns, kinds


def _store(competition, number, actor, seconds, outcomes, results, moves=None) -> Round:
    """The round and each teacher's result; a teacher the exchange pass moved keeps with whom and from where."""
    rnd = Round.objects.create(
        competition=competition, number=number, run_at=clock.now(), run_by=actor if actor and actor.is_authenticated else None,
        seconds=round(seconds, 4), posts={str(k): v for k, v in outcomes.items()},
    )  # fmt: skip
    moves = moves or {}
    rows = []
    for eid, outcome, post in results:
        m = moves.get(eid)
        rows.append(
            RoundResult(
                round=rnd, entry_id=eid, county_id=competition.county_id, outcome=outcome, post_id=post, from_post_id=m and m.frm,
                took_from_id=m and m.replaces, gave_to_id=m and m.successor,
            )
        )  # fmt: skip
    bulk.insert_objects(rows)
    return rnd


def _results_set(updates: dict, fields: tuple[str, str] = ("result_post_id", "result_round")) -> None:
    """Each entry's two result fields: one UPDATE per distinct pair of values (a few hundred), not a CASE
    per row (``bulk_update`` builds one per entry and field: seconds for a district)."""
    groups: dict[tuple, list[int]] = {}
    for entry_id, value in updates.items():
        groups.setdefault(value, []).append(entry_id)
    for value, ids in groups.items():
        for chunk in bulk.batches(ids, 900):
            Entry.objects.filter(pk__in=chunk).update(**dict(zip(fields, value, strict=True)))


@transaction.atomic
def round_run(*, actor, competition: Competition, number: int) -> Round:
    """Run round ``number`` (1, 2, 3 in turn) once the choices have closed, store it, set the results."""
    competition = _locked(competition)
    if competition.stage != c.Stage.CLOSED:
        raise ValidationError(
            _("Rounds run after the choice window has closed and before the results are published.")
        )
    done = set(competition.rounds.values_list("number", flat=True))
    if competition.kind == c.CompetitionKind.TITLE:
        return _title_round_run(actor=actor, competition=competition, number=number, done=done)
    if number in done:
        raise ValidationError(_("Round {n} has been run already.").format(n=number))
    if number not in (1, 2, 3) or any(k not in done for k in range(1, number)):
        raise ValidationError(_("Run the rounds in order: round {n} first.").format(n=min({1, 2, 3} - done)))
    contenders, places, posts, towns, kinds = _instance(competition)
    start = time.perf_counter()
    first = alg.round_in_school(contenders, places)
    results, updates = [], {}
    moves: dict = {}
    if number == 1:
        outcomes = alg.post_outcomes(contenders, places, first.kept)
        for cid in first.kept:
            results.append((cid, c.Outcome.KEPT, first.kept[cid]))
            updates[cid] = (first.kept[cid], 1)
        for cid in first.lost:
            results.append((cid, c.Outcome.LOST, None))
            updates[cid] = (None, None)
    else:
        second = alg.round_cross_school(contenders, places, first)
        placed = {**first.kept, **second}
        if competition.band_width is not None:
            placed, found = exchange(contenders, placed, band_width=float(competition.band_width))
            moves = {m.teacher: m for m in found}
            second = {cid: placed[cid] for cid in second}
        outcomes = alg.post_outcomes(contenders, places, placed)
        by_id = {x.id: x for x in contenders}
        lost = set(first.lost)
        if number == 2:
            for cid, post in second.items():
                home = by_id[cid].home
                outcome = (
                    c.Outcome.UNPLACED
                    if post is None
                    else c.Outcome.EXCHANGED
                    if cid in moves
                    else c.Outcome.STAYED
                    if post == home
                    else c.Outcome.MOVED
                )
                results.append((cid, outcome, post))
                # placed at her own post again after losing it in round 1: placed by round 2
                kept = post == home and cid not in lost
                updates[cid] = (post, None if post is None else 1 if kept else 2)
        else:
            left = dict(places)
            for post in placed.values():
                if post is not None:
                    left[post] -= 1
            unplaced = [by_id[cid] for cid, post in placed.items() if post is None]

            def fits(x, post):
                p = posts[post]
                return (p["subject"], p["level"]) == kinds[x.id]

            def near(x, post):
                return posts[post]["school__area_id"] == towns[x.id]

            third = alg.round_assignment(unplaced, left, fits, near)
            for cid, post in third.items():
                results.append((cid, c.Outcome.ASSIGNED if post else c.Outcome.UNPLACED, post))
                updates[cid] = (post, 3 if post else None)
            # outcomes stay those of rounds 1–2: the places a teacher competed for
    seconds = time.perf_counter() - start
    rnd = _store(competition, number, actor, seconds, outcomes, results, moves if number == 2 else {})
    _results_set(updates)
    counts: dict[str, int] = {}
    for _cid, outcome, _post in results:
        counts[outcome] = counts.get(outcome, 0) + 1
    if number == 2:
        counts["exchange_cycles"] = len({m.cycle for m in moves.values()})
    audit.record(actor=actor, action="staffing.round.run", obj=competition, after={"round": number, **counts})
    return rnd


def _title_round_run(*, actor, competition: Competition, number: int, done: set) -> Round:
    """职称岗位竞聘: one round, within each school's 高级/中级/初级 quota, ranked by the scheme's score."""
    if number != 1 or done:
        raise ValidationError(_("A title-post competition has one round, and it has been run already."))
    quotas = {}
    for q in TitleQuota.objects.filter(
        school__in=competition.schools.all(), school_year=competition.school_year
    ):
        quotas.update(
            {(q.school_id, 0): q.senior, (q.school_id, 1): q.intermediate, (q.school_id, 2): q.junior}
        )
    entries = list(competition.entries.all())
    grade_index = {g: i for i, g in enumerate(c.TITLE_GRADES)}
    candidates = [
        alg.TitleCandidate(
            id=e.pk, school=e.school_id, grade=grade_index.get(e.title_grade, 2), score=float(e.score),
            tiebreak=e.tiebreak,
        )
        for e in entries
    ]  # fmt: skip
    start = time.perf_counter()
    placed, outcomes = alg.title_round(candidates, quotas)
    seconds = time.perf_counter() - start
    results = []
    for e, x in zip(entries, candidates, strict=True):
        got = placed[x.id]
        outcome = (
            c.Outcome.UNPLACED if got is None else c.Outcome.KEPT if got == x.grade else c.Outcome.LOWERED
        )
        results.append((e.pk, outcome, None))
        e.result_grade = c.TITLE_GRADES[got] if got is not None else ""
        e.result_round = 1 if got is not None else None
    rnd = _store(competition, 1, actor, seconds, {f"{k[0]}:{k[1]}": v for k, v in outcomes.items()}, results)
    _results_set({e.pk: (e.result_grade, e.result_round) for e in entries}, ("result_grade", "result_round"))
    counts: dict[str, int] = {}
    for _cid, outcome, _post in results:
        counts[outcome] = counts.get(outcome, 0) + 1
    audit.record(actor=actor, action="staffing.round.run", obj=competition, after={"round": 1, **counts})
    return rnd


# --- appeals ------------------------------------------------------------------------------------------


@transaction.atomic
def appeal_submit(*, actor, entry: Entry, reason: str) -> Appeal:
    """A teacher's appeal against her published result, inside the appeal window, one open at a time."""
    entry = Entry.objects.select_for_update().select_related("competition", "teacher").get(pk=entry.pk)
    competition = entry.competition
    if entry.teacher.user_id != getattr(actor, "pk", None):
        raise ValidationError(_("Only the teacher herself can appeal her result."))
    if competition.stage != c.Stage.PUBLISHED or clock.now() > competition.appeals_close:
        raise ValidationError(
            _("Appeals are accepted after the results are published and until {close}.").format(
                close=clock.written(competition.appeals_close)
            )
        )
    reason = reason.strip()
    if len(reason) < 5:
        raise ValidationError({"reason": _("Write the reason for the appeal (at least 5 characters).")})
    if entry.appeals.filter(status=c.AppealStatus.SUBMITTED).exists():
        raise ValidationError(_("Your earlier appeal is still being decided."))
    appeal = Appeal.objects.create(entry=entry, reason=reason, submitted_at=clock.now())
    audit.record(actor=actor, action="staffing.appeal.submit", obj=appeal, after=audit.snapshot(appeal))
    return appeal


@transaction.atomic
def appeal_decide(
    *, actor, appeal: Appeal, status: str, decision: str, post: WorkPost | None = None
) -> Appeal:
    """Decide an appeal. Upheld (工作岗位竞聘): she is placed at ``post``, one she ranked above her result —
    over its number of posts if it has no free place (超岗, flagged for 组织人事股) — and her former place is
    freed; dismissed: nothing changes. One transaction, the rows it counts locked, audited on the appeal and
    on her entry."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    if status not in c.APPEAL_FLOW[c.AppealStatus(appeal.status)]:
        raise ValidationError(_("This appeal has been decided already."))
    decision = decision.strip()
    if not decision:
        raise ValidationError({"decision": _("Write the decision and its reason; the teacher reads it.")})
    before = audit.snapshot(appeal)
    entry = (
        Entry.objects.select_for_update(of=("self",)).select_related("competition").get(pk=appeal.entry_id)
    )
    if status == c.AppealStatus.UPHELD and entry.competition.kind == c.CompetitionKind.WORK:
        _appeal_place(actor=actor, appeal=appeal, entry=entry, post=post)
    elif status == c.AppealStatus.UPHELD:
        _appeal_grade(actor=actor, appeal=appeal, entry=entry)
    appeal.status, appeal.decision, appeal.decided_by, appeal.decided_at = (
        status,
        decision,
        actor,
        clock.now(),
    )
    appeal.save(
        update_fields=[
            "status", "decision", "decided_by", "decided_at", "remedy_post", "previous_post", "previous_grade"
        ]
    )  # fmt: skip
    audit.record(
        actor=actor, action="staffing.appeal.decide", obj=appeal, before=before, after=audit.snapshot(appeal)
    )
    return appeal


def _appeal_place(*, actor, appeal: Appeal, entry: Entry, post: WorkPost | None) -> None:
    allowed = {p.pk for p in appeal_post_options([entry])[entry.pk]}
    if post is None or post.pk not in allowed:
        raise ValidationError(
            {"post": _("Choose the post she is placed at: one she ranked above her result.")}
            if allowed
            else _("She got the first post on her list: there is no post ranked higher to place her at.")
        )
    previous = entry.result_post_id
    # lock both posts (in one order) so that two decisions placing teachers at one post count one after the other
    locked = {
        p.pk: p
        for p in WorkPost.objects.select_for_update()
        .filter(pk__in=[post.pk, previous or post.pk])
        .order_by("pk")
    }
    post = locked[post.pk]
    filled = Entry.objects.filter(competition=entry.competition_id, result_post=post).count()
    before = {"post": previous, "over_posts": entry.over_posts, "placed_on_appeal": entry.placed_on_appeal}
    entry.result_post, entry.placed_on_appeal, entry.over_posts = post, True, filled >= post.posts
    entry.save(update_fields=["result_post", "placed_on_appeal", "over_posts"])
    appeal.remedy_post, appeal.previous_post_id = post, previous
    if previous is not None:  # her place is free: a teacher placed over that post's number is now within it
        left = Entry.objects.filter(competition=entry.competition_id, result_post_id=previous)
        if left.count() <= locked[previous].posts:
            left.filter(over_posts=True).update(over_posts=False)
    audit.record(
        actor=actor,
        action="staffing.entry.appeal_result",
        obj=entry,
        before=before,
        after={"post": post.pk, "over_posts": entry.over_posts, "placed_on_appeal": True},
    )


def _appeal_grade(*, actor, appeal: Appeal, entry: Entry) -> None:
    """职称岗位竞聘, upheld: she is appointed at the grade her title entitles her to — over the school's quota
    of that grade if it is full (超岗, for 组织人事股) — and the place of the grade she had is freed."""
    grades = c.TITLE_GRADES
    entitled, previous = entry.title_grade, entry.result_grade
    if entitled not in grades or (previous in grades and grades.index(previous) <= grades.index(entitled)):
        raise ValidationError(
            _("She was appointed at the grade her title entitles her to: there is no higher grade to give.")
        )
    quota = (
        TitleQuota.objects.select_for_update()
        .filter(school=entry.school_id, school_year=entry.competition.school_year)
        .first()
    )  # one row per school and year: decisions for one school count one after the other
    same_school = Entry.objects.filter(competition=entry.competition_id, school=entry.school_id)
    filled = same_school.filter(result_grade=entitled).count()
    before = {"grade": previous, "over_posts": entry.over_posts, "placed_on_appeal": entry.placed_on_appeal}
    entry.result_grade, entry.placed_on_appeal = entitled, True
    entry.over_posts = filled >= (getattr(quota, entitled) if quota else 0)
    entry.save(update_fields=["result_grade", "placed_on_appeal", "over_posts"])
    appeal.previous_grade = previous
    if previous and quota is not None:  # her place at the lower grade is free
        left = same_school.filter(result_grade=previous)
        if left.count() <= getattr(quota, previous):
            left.filter(over_posts=True).update(over_posts=False)
    audit.record(
        actor=actor,
        action="staffing.entry.appeal_result",
        obj=entry,
        before=before,
        after={"grade": entitled, "over_posts": entry.over_posts, "placed_on_appeal": True},
    )


def appeals_open_until(competition: Competition) -> dt.datetime:
    return clock.local(competition.appeals_close)
