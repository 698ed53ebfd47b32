"""Reads of 区管校聘, always through ``restrict(user, action)``; a teacher reaches only her own entries.

``entry_explanation`` is the one source of "why not": the teacher's page, the publication list and the
appeal page all read it; it uses the stored rounds only (what was decided, not a recomputation)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from edubureau.core.scoping import user_can
from edubureau.registry.choices import BackboneLevel, TitleRank
from edubureau.registry.models import Teacher
from edubureau.staffing import choices as c
from edubureau.staffing.allocation import rounds as alg
from edubureau.staffing.models import (
    Appeal,
    Competition,
    Entry,
    Preference,
    Round,
    RoundResult,
    TeacherScore,
    WorkPost,
)


def sees_all_entries(user) -> bool:
    """Staff and schools see the entries in their scope; a teacher (no grant on the registry's teachers) only
    her own."""
    return user_can(user, "view", Teacher)


def entries_visible(entries: QuerySet[Entry], *, user) -> QuerySet[Entry]:
    """``entries`` (already restricted) as the user reaches them: a teacher only her own."""
    return entries if sees_all_entries(user) else entries.filter(teacher__user=user)


def result_shown(*, user, competition: Competition) -> bool:
    """Whether the user sees the results of ``competition``: the bureau at once, a school or a teacher
    once they are published."""
    return competition.stage == c.Stage.PUBLISHED or user_can(user, "view", Competition)


def entry_list(*, user, action: str = "view") -> QuerySet[Entry]:
    qs = entries_visible(Entry.objects.restrict(user, action), user=user)
    return qs.select_related("competition", "teacher", "school", "result_post__school")


def entry_get(*, user, pk, action: str = "view") -> Entry:
    try:
        return entry_list(user=user, action=action).get(pk=pk)
    except (Entry.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def my_entries(*, user) -> QuerySet[Entry]:
    return entry_list(user=user).filter(teacher__user=user).order_by("-competition__school_year")


def competition_list(*, user) -> QuerySet[Competition]:
    return (
        Competition.objects.restrict(user, "view")
        .annotate(
            n_schools=Count("schools", distinct=True),
            n_entries=Count("entries", distinct=True),
        )
        .order_by("-school_year", "name")
    )


def competition_counts(competition: Competition) -> dict:
    rows = competition.entries.aggregate(
        total=Count("pk"),
        chose=Count("pk", filter=Q(choices_at__isnull=False)),
        r1=Count("pk", filter=Q(result_round=1)),
        r2=Count("pk", filter=Q(result_round=2)),
        r3=Count("pk", filter=Q(result_round=3)),
        unplaced=Count("pk", filter=Q(result_round__isnull=True, placed_on_appeal=False)),
    )
    rows["appeals"] = Appeal.objects.filter(entry__competition=competition).count()
    rows["appeals_open"] = Appeal.objects.filter(
        entry__competition=competition, status=c.AppealStatus.SUBMITTED
    ).count()
    return rows


def post_options(entry: Entry) -> list[WorkPost]:
    """The posts the teacher may list: her subject and 学段 at the participating schools, by school code."""
    return list(
        WorkPost.objects.filter(
            school__in=entry.competition.schools.all(),
            school_year=entry.competition.school_year,
            subject=entry.subject,
            level=entry.level,
            posts__gt=0,
        )
        .select_related("school")
        .order_by("school__code")
    )


def entry_preferences(entry: Entry) -> list[Preference]:
    return list(entry.preferences.select_related("post__school").order_by("rank"))


def entry_score(entry: Entry) -> TeacherScore | None:
    return (
        TeacherScore.objects.filter(scheme=entry.competition.scheme_id, teacher=entry.teacher_id)
        .select_related("scheme")
        .first()
    )


def entry_rounds(entry: Entry) -> list:
    return list(entry.results.select_related("round", "post__school").order_by("round__number"))


def entry_explanation(entry: Entry) -> dict:
    """Where she landed, in which round, and one line per post she ranked above it with the numbers that
    decided it (from the stored round 2, or round 1 while only it has run)."""
    if entry.competition.kind == c.CompetitionKind.TITLE:
        return _title_explanation(entry)
    stored = {r.number: r for r in Round.objects.filter(competition=entry.competition_id, number__lte=2)}
    rnd = stored.get(2) or stored.get(1)
    if rnd is None:
        return {"ran": False, "lines": []}
    prefs = entry_preferences(entry)
    home = (
        WorkPost.objects.filter(
            school=entry.school_id, school_year=entry.competition.school_year, subject=entry.subject,
            level=entry.level,
        )
        .values_list("pk", flat=True)
        .first()
    )  # fmt: skip
    me = alg.Contender(
        id=entry.pk, score=float(entry.score), tiebreak=entry.tiebreak, home=home,
        choices=tuple(p.post_id for p in prefs),
    )  # fmt: skip
    outcomes = {int(k): v for k, v in rnd.posts.items()}
    got = entry.result_post_id
    if rnd.number == 1 and got is None:
        me = alg.Contender(id=me.id, score=me.score, tiebreak=me.tiebreak, home=home, choices=())
    lines = alg.explain(me, got, outcomes)
    names = {
        p.pk: p for p in WorkPost.objects.filter(pk__in=[x["post"] for x in lines]).select_related("school")
    }
    width = entry.competition.band_width
    for line in lines:
        post = names.get(line["post"])
        line["workpost"] = post
        line["text"] = _why_not(line, post, Decimal(entry.score), width)
    out = {"ran": True, "round": rnd.number, "lines": lines, "home": home}
    if rnd.number == 2:
        out["exchange"] = _exchange_text(entry)
    return out


def _exchange_text(entry: Entry) -> str:
    """Her move by the exchange pass of round 2, with whom and from which school to which; "" if none."""
    moved = (
        RoundResult.objects.filter(entry=entry, round__number=2, outcome=c.Outcome.EXCHANGED)
        .select_related("post__school", "from_post__school", "took_from__teacher", "gave_to__teacher")
        .first()
    )
    if moved is None:
        return ""
    args = {
        "to": moved.post.school.name, "frm": moved.from_post.school.name,
        "partner": moved.took_from.teacher.name, "successor": moved.gave_to.teacher.name,
    }  # fmt: skip
    if moved.took_from_id == moved.gave_to_id:
        return _(
            "You moved by exchange: you and {partner} swapped posts — you moved to {to}, which you ranked "
            "higher, and {partner} moved to your post at {frm}, which {partner} ranked higher too."
        ).format(**args)
    return _(
        "You moved by exchange among several teachers, each to a school ranked higher on their own list: you "
        "took the post of {partner} at {to}, and your post at {frm} went to {successor}."
    ).format(**args)


def _title_explanation(entry: Entry) -> dict:
    """职称岗位竞聘: one line per grade from the one her title entitles her to down to the one she got."""
    rnd = Round.objects.filter(competition=entry.competition_id, number=1).first()
    if rnd is None:
        return {"ran": False, "lines": []}
    grades = c.TITLE_GRADES
    start = grades.index(entry.title_grade) if entry.title_grade in grades else len(grades) - 1
    stop = grades.index(entry.result_grade) if entry.result_grade in grades else len(grades)
    labels = dict(c.TitleGrade.choices)
    lines = []
    for rank, g in enumerate(range(start, stop), start=1):
        o = rnd.posts.get(f"{entry.school_id}:{g}") or {"places": 0, "filled": 0, "cutoff_score": None}
        args = {"school": entry.school.name, "grade": labels[grades[g]], "places": o["places"],
                "cutoff": _score(o["cutoff_score"]), "mine": _score(entry.score)}  # fmt: skip
        text = (
            _("{school} {grade}: {places} posts, lowest score appointed {cutoff}, your score {mine}").format(
                **args
            )
            if o["places"]
            else _("{school} {grade}: no post this year").format(**args)
        )
        lines.append({"rank": rank, "text": text, **o})
    return {"ran": True, "round": 1, "lines": lines, "title": True}


def _score(value) -> str:
    return f"{Decimal(str(value)):.1f}" if value is not None else "—"


def _band_bounds(score: Decimal, width) -> tuple[str, str]:
    """The 分档 a score is in, as its lowest and highest score (80.0 and 84.9 for 83.5 in bands of 5)."""
    if not width:
        return _score(score), _score(score)
    low = (Decimal(score) // Decimal(width)) * Decimal(width)
    return f"{low:.1f}", f"{low + Decimal(width) - Decimal('0.01'):.2f}"


def _why_not(line: dict, post: WorkPost | None, mine: Decimal, width=None) -> str:
    """One sentence with the numbers that decided it: "X 校 数学 2 个岗位，录取最低分 86.5，你的分数 84.0"."""
    school = post.school.name if post else "—"
    subject = post.subject if post else ""
    args = {"school": school, "subject": subject, "places": line["places"], "cutoff": _score(line["cutoff_score"]),
            "mine": _score(mine), "holders": line.get("holders", 0)}  # fmt: skip
    if line["reason"] == "no_places":
        return _("{school} {subject}: no post this year").format(**args)
    if line["reason"] == "band":
        args["low"], args["high"] = _band_bounds(mine, width)
        return _(
            "{school} {subject}: {places} posts; its lowest score {cutoff} came by exchange from your score band ({low}–{high}, scores in one band count as equal), your score {mine}"
        ).format(**args)
    if line["own"]:
        return _(
            "{school} {subject} (your school): {places} posts, lowest score kept {cutoff}, your score {mine}"
        ).format(**args)
    if line["reason"] == "holders":
        return _(
            "{school} {subject}: {places} posts, kept first by its own {holders} teachers (lowest score {cutoff}), your score {mine}"
        ).format(**args)
    return _("{school} {subject}: {places} posts, lowest score admitted {cutoff}, your score {mine}").format(
        **args
    )


def score_lines(score: TeacherScore | None) -> list[dict]:
    """The teacher's 三考评 score line by line: each record item with its basis, the appraisal, the
    coefficient; the last line is the formula with her numbers."""
    if score is None:
        return []
    scheme = score.scheme
    titles, backbones = dict(TitleRank.choices), dict(BackboneLevel.choices)
    labels = {
        "service": (_("Years of service"), lambda b: _("{n} years").format(n=b)),
        "title": (_("Professional title"), lambda b: str(titles.get(b, b) or "—")),
        "backbone": (_("Backbone teacher"), lambda b: str(backbones.get(b, b) or "—")),
        "awards": (_("Awards"), lambda b: _("{n} points claimed").format(n=b)),
        "exchange": (_("Exchange service"), lambda b: _("{n} years").format(n=b)),
    }
    lines = [
        {"label": labels[x["key"]][0], "basis": labels[x["key"]][1](x["basis"]), "points": x["points"]}
        for x in score.record_detail
        if x["key"] in labels
    ]
    return {
        "record": lines,
        "formula": _("({appraisal} × {wa}% + {record} × {wr}%) ÷ 100 × {k} = {total}").format(
            appraisal=score.appraisal,
            wa=f"{scheme.weight_appraisal.normalize():f}",
            record=score.record_points,
            wr=f"{scheme.weight_record.normalize():f}",
            k=score.coefficient,
            total=score.total,
        ),
    }


def competition_entries(competition: Competition, *, user) -> QuerySet[Entry]:
    """The publication list: every entry in scope with its result, by school and score."""
    return (
        Entry.objects.restrict(user, "view")
        .filter(competition=competition)
        .select_related("teacher", "school", "result_post__school")
        .prefetch_related(Prefetch("appeals", queryset=Appeal.objects.order_by("-submitted_at")))
        .order_by("school__code", "subject", "-score", "tiebreak")
    )


def appeal_post_options(entries) -> dict[int, list[WorkPost]]:
    """For each entry, the posts she ranked above her result — her 志愿 in order, then her own post when she
    did not list it (it closes her list) — the posts an upheld appeal may place her at. Two queries."""
    entries = list(entries)
    prefs: dict[int, list[WorkPost]] = {e.pk: [] for e in entries}
    for p in (
        Preference.objects.filter(entry__in=entries)
        .select_related("post__school")
        .order_by("entry_id", "rank")
    ):
        prefs[p.entry_id].append(p.post)
    homes = {}
    if entries:
        competition = entries[0].competition
        for post in WorkPost.objects.filter(
            school__in={e.school_id for e in entries}, school_year=competition.school_year
        ).select_related("school"):
            homes[(post.school_id, post.subject, post.level)] = post
    out = {}
    for e in entries:
        lst = prefs[e.pk]
        home = homes.get((e.school_id, e.subject, e.level))
        if home is not None and home.pk not in {p.pk for p in lst}:
            lst = [*lst, home]
        ids = [p.pk for p in lst]
        out[e.pk] = lst[: ids.index(e.result_post_id)] if e.result_post_id in ids else lst
    return out


def appeal_list(competition: Competition, *, user) -> QuerySet[Appeal]:
    return (
        Appeal.objects.restrict(user, "view")
        .filter(entry__competition=competition)
        .select_related(
            "entry__teacher",
            "entry__school",
            "entry__result_post__school",
            "entry__competition",
            "decided_by",
            "remedy_post__school",
        )
        .order_by("status", "-submitted_at")
    )
