"""Reads of the evaluation app, through ``restrict(user, action)``; the raw values a round's computed
leaves read (indicators, supervision, data reporting, value-added); the explained sheet; and the school's
考评 coefficient that staffing reads (``school_coefficient``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import numpy as np
from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from edubureau.core import clock
from edubureau.core.scoping import user_can
from edubureau.evaluation import choices as c
from edubureau.evaluation import scoring, valueadded
from edubureau.evaluation.models import Criterion, Exam, ExamScore, Round, RoundSchool, Scheme, Score
from edubureau.registry.models import School

# --- lists ----------------------------------------------------------------------------------------------


def scheme_list(*, user) -> QuerySet[Scheme]:
    return (
        Scheme.objects.restrict(user, "view")
        .annotate(n_criteria=Count("criteria"))
        .order_by("-year", "name", "-version")
    )


def round_list(*, user) -> QuerySet[Round]:
    return Round.objects.restrict(user, "view").select_related("scheme").annotate(n_sheets=Count("sheets"))


def exam_list(*, user) -> QuerySet[Exam]:
    return Exam.objects.restrict(user, "view").annotate(
        n_scores=Count("scores"), n_schools=Count("scores__school", distinct=True)
    )


def published_for_schools(queryset: QuerySet, *, user, round_lookup: str = "round") -> QuerySet:
    """Sheets (or their scores, through ``round_lookup``) as the user may see them: all of their scope for
    the bureau; for a school, which sees no rounds, only those of published rounds."""
    if user_can(user, "view", Round):
        return queryset
    return queryset.filter(**{f"{round_lookup}__status": c.RoundStatus.PUBLISHED})


def sheet_queryset(*, user, action: str = "view") -> QuerySet[RoundSchool]:
    """The sheets the user may see: all of their scope for the bureau; a school's own, once published."""
    qs = RoundSchool.objects.restrict(user, action).select_related("round", "round__scheme", "school")
    return published_for_schools(qs, user=user)


def my_sheets(*, user) -> QuerySet[RoundSchool]:
    return sheet_queryset(user=user).order_by("-round__year", "round__name")


# --- the tree -------------------------------------------------------------------------------------------


def scheme_nodes(scheme: Scheme) -> list[scoring.Node]:
    return [
        scoring.Node(
            id=cr.pk, parent_id=cr.parent_id, code=cr.code, name=cr.name, weight=cr.weight, order=cr.order,
            is_leaf_source=bool(cr.source),
        )
        for cr in Criterion.objects.filter(scheme=scheme)
    ]  # fmt: skip


def scheme_tree(scheme: Scheme) -> list[dict]:
    """The criteria in tree order with depth and effective weight, for the scheme page (one query)."""
    criteria = {
        cr.pk: cr
        for cr in Criterion.objects.filter(scheme=scheme).select_related("prior_exam", "outcome_exam")
    }
    nodes = [
        scoring.Node(cr.pk, cr.parent_id, cr.code, cr.name, cr.weight, cr.order, bool(cr.source))
        for cr in criteria.values()
    ]
    eff = scoring.effective_weights(nodes)
    kids = scoring.children_of(nodes)
    out = []

    def walk(parent_id, depth):
        for n in kids.get(parent_id, []):
            out.append({"c": criteria[n.id], "depth": depth, "effective": eff.get(n.id, Decimal(0)) * 100,
                        "leaf": n.id not in kids})  # fmt: skip
            walk(n.id, depth + 1)

    walk(None, 0)
    return out


def sheet_explained(sheet: RoundSchool) -> dict:
    """One school's sheet explained to the leaf: every node's weight, effective weight, score and the points
    it gives; every leaf's raw value, where it came from and who typed it. Σ leaf points = the total."""
    criteria = {cr.pk: cr for cr in Criterion.objects.filter(scheme_id=sheet.round.scheme_id)}
    nodes = [scoring.Node(cr.pk, cr.parent_id, cr.code, cr.name, cr.weight, cr.order, bool(cr.source))
             for cr in criteria.values()]  # fmt: skip
    scores = {s.criterion_id: s for s in Score.objects.filter(sheet=sheet).select_related("entered_by")}
    tree, total = scoring.explain(nodes, {k: s.score for k, s in scores.items()})
    rows = [
        {"e": e, "c": criteria[e.node.id], "s": scores.get(e.node.id), "effective_pct": e.effective * 100}
        for e in scoring.flatten(tree)
    ]
    leaves = [r for r in rows if r["e"].leaf]
    return {
        "rows": rows,
        "total": total,
        "missing": [r["c"] for r in leaves if r["s"] is None],
        "leaf_sum": sum((r["e"].contribution for r in leaves), Decimal(0)),
    }


# --- raw values of computed leaves --------------------------------------------------------------------


def _indicator_values(cr: Criterion, rnd: Round, school_ids: list[int]) -> dict[int, tuple[float, str]]:
    from edubureau.indicators import library
    from edubureau.indicators.models import IndicatorValue

    definition = library.get(cr.indicator)
    period = str(rnd.year) if definition and definition.period == library.CALENDAR_YEAR else rnd.school_year
    rows = IndicatorValue.objects.filter(
        indicator=cr.indicator, period=period, scope_type="school", school_id__in=school_ids
    ).values_list("school_id", "value", "computed_at")
    name = definition.name if definition else cr.indicator
    text = _("Indicator “{name}” {period}, computed {at}")
    return {
        sid: (float(v), text.format(name=name, period=period, at=clock.written(at))) for sid, v, at in rows
    }


def _supervision_values(cr: Criterion, rnd: Round, school_ids: list[int]) -> dict[int, tuple[float, str]]:
    from edubureau.supervision.choices import RectificationStatus
    from edubureau.supervision.models import Finding, Rectification, Visit

    year = rnd.year
    if cr.measure == c.Measure.VISITS:
        counts = dict(
            Visit.objects.filter(school_id__in=school_ids, visited_at__year=year)
            .values_list("school_id").annotate(n=Count("pk")).values_list("school_id", "n")
        )  # fmt: skip
        text = _("{year}: {n} visits of the school's supervisor")
        return {s: (float(counts.get(s, 0)), text.format(year=year, n=counts.get(s, 0))) for s in school_ids}
    if cr.measure == c.Measure.FINDINGS:
        counts = dict(
            Finding.objects.filter(school_id__in=school_ids, visit__visited_at__year=year)
            .values_list("school_id").annotate(n=Count("pk")).values_list("school_id", "n")
        )  # fmt: skip
        text = _("{year}: {n} findings of supervision")
        return {s: (float(counts.get(s, 0)), text.format(year=year, n=counts.get(s, 0))) for s in school_ids}
    due = defaultdict(int)
    on_time = defaultdict(int)
    for sid, deadline, status, closed_at in Rectification.objects.filter(
        school_id__in=school_ids, deadline__year=year, deadline__lte=clock.today()
    ).values_list("school_id", "deadline", "status", "closed_at"):
        due[sid] += 1
        if status == RectificationStatus.CLOSED and closed_at and clock.local(closed_at).date() <= deadline:
            on_time[sid] += 1
    out = {}
    for s in school_ids:
        if due[s]:
            text = _("{year}: {due} rectifications due, {done} closed on time")
            out[s] = (100 * on_time[s] / due[s], text.format(year=year, due=due[s], done=on_time[s]))
        else:
            out[s] = (100.0, _("{year}: no rectification due, counted as 100%").format(year=year))
    return out


def _collect_values(cr: Criterion, rnd: Round, school_ids: list[int]) -> dict[int, tuple[float, str]]:
    from edubureau.collect.models import Submission

    due = defaultdict(int)
    on_time = defaultdict(int)
    for sid, due_on, submitted_at in Submission.objects.filter(
        school_id__in=school_ids, assignment__due_on__year=rnd.year, assignment__due_on__lte=clock.today()
    ).values_list("school_id", "assignment__due_on", "submitted_at"):
        due[sid] += 1
        if submitted_at and clock.local(submitted_at).date() <= due_on:
            on_time[sid] += 1
    out = {}
    for s in school_ids:
        if due[s]:
            text = _("{year}: {due} forms due, {done} submitted on time")
            out[s] = (100 * on_time[s] / due[s], text.format(year=rnd.year, due=due[s], done=on_time[s]))
        else:
            out[s] = (100.0, _("{year}: no form due, counted as 100%").format(year=rnd.year))
    return out


def _va_values(cr: Criterion, rnd: Round, school_ids: list[int]) -> dict[int, tuple[float, str]]:
    result = value_added(prior=cr.prior_exam, outcome=cr.outcome_exam)
    if result is None:
        return {}
    text = _(
        "Value-added {va} points (95% interval {low} to {high}, {n} pupils matched), {prior} → {outcome}"
    )
    return {
        row["school_id"]: (
            row["va"],
            text.format(
                va=f"{row['va']:+.2f}",
                low=f"{row['low']:+.2f}",
                high=f"{row['high']:+.2f}",
                n=row["n"],
                prior=cr.prior_exam.name,
                outcome=cr.outcome_exam.name,
            ),
        )  # fmt: skip
        for row in result["schools"]
        if row["school_id"] in set(school_ids)
    }


RAW_READERS = {
    c.Source.INDICATOR: _indicator_values,
    c.Source.SUPERVISION: _supervision_values,
    c.Source.COLLECT: _collect_values,
    c.Source.VALUE_ADDED: _va_values,
}


def raw_values(cr: Criterion, rnd: Round, school_ids: list[int]) -> dict[int, tuple[float, str]]:
    """school id → (raw value, where it came from) for one computed leaf."""
    return RAW_READERS[cr.source](cr, rnd, school_ids)


# --- exams and value-added ------------------------------------------------------------------------------


def exam_subjects(exam: Exam) -> list[str]:
    return sorted(ExamScore.objects.filter(exam=exam).values_list("subject", flat=True).distinct())


def _pupil_scores(exam: Exam, subject: str, *, with_school: bool):
    """student id → (school id, score) for one subject, or the total over the exam's subjects (pupils with
    every subject only: a total of fewer subjects is not comparable)."""
    fields = ("student_id", "school_id", "subject", "score")
    qs = ExamScore.objects.filter(exam=exam)
    if subject:
        qs = qs.filter(subject=subject)
    rows = qs.values_list(*fields)
    totals: dict[int, list] = {}
    for student, school, _subject, score in rows.iterator(chunk_size=5000):
        t = totals.setdefault(student, [school, 0.0, 0])
        t[1] += float(score)
        t[2] += 1
    if subject:
        return {s: (t[0], t[1]) for s, t in totals.items()}
    full = max((t[2] for t in totals.values()), default=0)
    return {s: (t[0], t[1]) for s, t in totals.items() if t[2] == full}


def value_added(*, prior: Exam, outcome: Exam, subject: str = c.TOTAL_SUBJECT) -> dict | None:
    """Value-added of each school on ``outcome`` given ``prior``, with coverage: pupils of the outcome exam
    matched to a prior score (the unmatched are left out — pupils who moved in, or missed the prior exam —
    a known bias, so the share is shown). None when there are too few matched pupils to fit."""
    before = _pupil_scores(prior, subject, with_school=False)
    after = _pupil_scores(outcome, subject, with_school=True)
    sat = defaultdict(int)
    for school_id, _score in after.values():
        sat[school_id] += 1
    matched = [(after[s][0], before[s][1], after[s][1]) for s in after if s in before]
    if len(matched) < 3:
        return None
    arr = np.array(matched, dtype=float)
    try:
        result = valueadded.fit(arr[:, 0].astype(int), arr[:, 1], arr[:, 2])
        ctx = valueadded.contextual(arr[:, 0].astype(int), arr[:, 1], arr[:, 2])
    except ValueError:
        return None
    names = dict(School.objects.filter(pk__in=list(sat)).values_list("pk", "name"))
    schools = []
    for s in result.schools:
        schools.append({
            "school_id": s.school, "school": names.get(s.school, ""), "n": s.pupils, "sat": sat[s.school],
            "coverage": 100 * s.pupils / sat[s.school] if sat[s.school] else 0,
            "raw_mean": s.raw_mean, "va": s.value_added, "se": s.se, "low": s.low, "high": s.high,
            "band": s.band, "band_label": str(c.VA_BAND_LABELS[s.band]), "band_css": c.VA_BAND_CSS[s.band],
            "small": s.pupils < c.SMALL_SCHOOL, "contextual": ctx[s.school][1], "shrinkage": s.shrinkage,
        })  # fmt: skip
    schools.sort(key=lambda r: -r["va"])
    raw_rank = {
        r["school_id"]: i for i, r in enumerate(sorted(schools, key=lambda r: -r["raw_mean"]), start=1)
    }
    for i, r in enumerate(schools, start=1):
        r["rank_va"], r["rank_raw"] = i, raw_rank[r["school_id"]]
    return {
        "schools": schools,
        "matched": len(matched),
        "outcome_pupils": len(after),
        "prior_pupils": len(before),
        "coverage": 100 * len(matched) / len(after) if after else 0,
        "slope": result.slope,
        "sigma": result.sigma,
        "tau": result.tau,
        "small": sum(1 for r in schools if r["small"]),
    }


# --- what staffing reads --------------------------------------------------------------------------------


def school_coefficient(school, year: int) -> Decimal:
    """考评系数 of ``school`` for ``year``: the coefficient of its tier in the latest published round of that
    year (优秀 1.10, 良好 1.05, 合格 1.00, 待改进 0.95; ``choices.TIER_COEFFICIENT``); 1 when the school was
    not evaluated or not given a tier. Staffing reads it for the school's 考评 factor; no user scope applies
    (the caller decides who sees the scores it feeds)."""
    school_id = getattr(school, "pk", school)
    tier = (
        RoundSchool.objects.filter(
            school_id=school_id, round__year=year, round__status=c.RoundStatus.PUBLISHED
        )
        .exclude(tier="")
        .order_by("-round__published_at", "-pk")
        .values_list("tier", flat=True)
        .first()
    )
    return c.TIER_COEFFICIENT.get(tier, Decimal("1.00")) if tier else Decimal("1.00")


def expert_school_ids(rnd: Round, user) -> set[int] | None:
    """The schools the user must not score in the round (回避), or None when the user is no expert of it."""
    from edubureau.evaluation.models import RoundExpert

    expert = RoundExpert.objects.filter(round=rnd, user=user).first()
    if expert is None:
        return None
    own = set(user.get_scope().school_ids)
    if expert.home_school_id:
        own.add(expert.home_school_id)
    return own


def round_summary(rnd: Round) -> dict:
    sheets = list(rnd.sheets.select_related("school").order_by("-total", "school__code"))
    tiers = {t: 0 for t in c.TIER_ORDER}
    for s in sheets:
        if s.tier:
            tiers[s.tier] += 1
    leaves = Criterion.objects.filter(scheme_id=rnd.scheme_id, children__isnull=True).count()
    scored = dict(
        Score.objects.filter(sheet__round=rnd).values_list("sheet_id").annotate(n=Count("pk")).values_list("sheet_id", "n")
    )  # fmt: skip
    for s in sheets:
        s.scored = scored.get(s.pk, 0)
    return {"sheets": sheets, "tiers": [(c.Tier(t).label, n, c.TIER_CSS[t]) for t, n in tiers.items()],
            "leaves": leaves, "complete": sum(1 for s in sheets if s.scored >= leaves)}  # fmt: skip
