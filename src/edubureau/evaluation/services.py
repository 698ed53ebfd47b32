"""Writes of the evaluation app, each in a transaction, by an actor, audited.

Schemes are edited while no round past 草稿 uses them (a scored round must keep the tree it was scored
by; a change is a new version, ``scheme_copy``). A round moves along ``choices.TRANSITIONS``; scores are
written only while it is 评分中; it is published only when every sheet is complete, and then its totals,
position bands and (if set) tiers are fixed.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from edubureau.core import audit, clock
from edubureau.core.services import object_create
from edubureau.evaluation import choices as c
from edubureau.evaluation import scoring, selectors
from edubureau.evaluation.models import Criterion, Round, RoundExpert, RoundSchool, Scheme, Score

# --- schemes --------------------------------------------------------------------------------------------


def _editable(scheme: Scheme) -> None:
    if scheme.rounds.exclude(status=c.RoundStatus.DRAFT).exists():
        raise ValidationError(
            _(
                "A round has been scored by this scheme, so it can no longer change: copy it as a new version and change the copy."
            )
        )


@transaction.atomic
def scheme_create(*, actor, county, name: str, year: int, note: str = "") -> Scheme:
    version = (
        Scheme.objects.filter(county=county, name=name, year=year).aggregate(v=Max("version"))["v"] or 0
    ) + 1
    return object_create(
        actor=actor, obj=Scheme(county=county, name=name, year=year, version=version, note=note)
    )


def _check_leaf(data: dict) -> None:
    """A leaf's source and what the source needs: an indicator code, a measure, two exams, a scoring line."""
    from edubureau.indicators import library

    source = data.get("source") or ""
    errors = {}
    if source == c.Source.INDICATOR and (not data.get("indicator") or library.get(data["indicator"]) is None):
        errors["indicator"] = _("Enter the code of an indicator of the library (such as class_size).")
    if (
        source in (c.Source.SUPERVISION, c.Source.COLLECT)
        and c.MEASURE_SOURCE.get(data.get("measure")) != source
    ):
        errors["measure"] = _("Choose a measure that matches the score source.")
    if source == c.Source.VALUE_ADDED:
        if not data.get("prior_exam") or not data.get("outcome_exam"):
            errors["prior_exam"] = _("Value-added needs a baseline exam and an outcome exam.")
        elif data["prior_exam"] == data["outcome_exam"]:
            errors["outcome_exam"] = _("The baseline exam and the outcome exam cannot be the same exam.")
    if source in c.COMPUTED and (data.get("best") is None or data.get("worst") is None):
        errors["best"] = _(
            "A computed score needs the value for full marks (the raw value that scores 100) and the value for zero (the raw value that scores 0)."
        )
    if errors:
        raise ValidationError(errors)


LEAF_FIELDS = ("source", "indicator", "measure", "prior_exam", "outcome_exam", "best", "worst")


@transaction.atomic
def criterion_add(*, actor, scheme: Scheme, parent: Criterion | None = None, **data) -> Criterion:
    """Add a criterion under ``parent`` (or at the top). A parent scores by its children, so its own source
    is cleared when it gets its first child."""
    scheme = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _editable(scheme)
    if parent is not None and parent.scheme_id != scheme.pk:
        raise ValidationError({"parent": _("The parent criterion is not part of this scheme.")})
    if Criterion.objects.filter(scheme=scheme, code=data.get("code")).exists():
        raise ValidationError(
            {
                "code": _("The code “{code}” is already used: choose another code.").format(
                    code=data.get("code")
                )
            }
        )
    _check_leaf(data)
    if parent is not None and parent.source:
        before = audit.snapshot(parent)
        for f in LEAF_FIELDS:
            setattr(parent, f, None if f in ("prior_exam", "outcome_exam", "best", "worst") else "")
        parent.save(update_fields=list(LEAF_FIELDS))
        audit.record(
            actor=actor,
            action="evaluation.criterion.update",
            obj=parent,
            before=before,
            after=audit.snapshot(parent),
        )
    return object_create(actor=actor, obj=Criterion(scheme=scheme, parent=parent, **data))


@transaction.atomic
def criterion_delete(*, actor, criterion: Criterion) -> None:
    _editable(criterion.scheme)
    if criterion.children.exists():
        raise ValidationError(_("Delete the criterion's sub-criteria first."))
    before = audit.snapshot(criterion)
    audit.record(actor=actor, action="evaluation.criterion.delete", obj=criterion, before=before)
    Score.objects.filter(criterion=criterion).delete()  # scores of draft rounds only (``_editable``)
    criterion.delete()


@transaction.atomic
def scheme_copy(*, actor, scheme: Scheme, year: int) -> Scheme:
    """A new version of the scheme for ``year`` (the next version number of that year), with its tree."""
    copy = scheme_create(actor=actor, county=scheme.county, name=scheme.name, year=year, note=scheme.note)
    new_ids: dict[int, Criterion] = {}
    pending = list(Criterion.objects.filter(scheme=scheme).order_by("pk"))
    while pending:
        rest = []
        for cr in pending:
            if cr.parent_id is not None and cr.parent_id not in new_ids:
                rest.append(cr)
                continue
            old_pk, parent_id = cr.pk, cr.parent_id
            cr.pk = cr.id = None
            cr._state.adding = True
            cr.scheme = copy
            cr.parent = new_ids.get(parent_id)
            cr.save()
            new_ids[old_pk] = cr
        if len(rest) == len(pending):
            break
        pending = rest
    audit.record(
        actor=actor, action="evaluation.scheme.copy", obj=copy, after={"from": scheme.pk, "year": year}
    )
    return copy


# --- rounds ---------------------------------------------------------------------------------------------


@transaction.atomic
def round_create(*, actor, scheme: Scheme, name: str, year: int, school_year: str, schools) -> Round:
    """A round of the scheme over ``schools``, in 草稿, with an empty sheet per school."""
    problems = scoring.weight_problems(selectors.scheme_nodes(scheme))
    if problems:
        raise ValidationError(problems)
    schools = list(schools)
    if not schools:
        raise ValidationError({"schools": _("Choose at least one school to evaluate.")})
    rnd = object_create(actor=actor, obj=Round(scheme=scheme, name=name, year=year, school_year=school_year))
    RoundSchool.objects.bulk_create([RoundSchool(round=rnd, school=s) for s in schools])
    return rnd


def _locked(rnd: Round) -> Round:
    return Round.objects.select_for_update().get(pk=rnd.pk)


def _scoring(rnd: Round) -> None:
    if rnd.status not in c.SCORING:
        raise ValidationError(
            _(
                "The round “{name}” is “{status}”: scores are entered or computed only while a round is scoring."
            ).format(name=rnd.name, status=rnd.get_status_display())
        )


def _totals(rnd: Round) -> None:
    """Every sheet's total from its scores (``scoring.explain``: the sum of its leaves' points)."""
    nodes = selectors.scheme_nodes(rnd.scheme)
    by_sheet: dict[int, dict[int, Decimal]] = {}
    for sheet_id, crit, score in Score.objects.filter(sheet__round=rnd).values_list(
        "sheet_id", "criterion_id", "score"
    ):
        by_sheet.setdefault(sheet_id, {})[crit] = score
    sheets = list(RoundSchool.objects.filter(round=rnd))
    for sheet in sheets:
        scores = by_sheet.get(sheet.pk)
        sheet.total = scoring.explain(nodes, scores)[1] if scores else None
    RoundSchool.objects.bulk_update(sheets, ["total"])


def _write_scores(rnd: Round, rows: list[Score], *, actor, action: str) -> int:
    """Upsert (sheet, criterion) scores: delete the old ones of those pairs, insert the new; audited."""
    pairs = {(s.sheet_id, s.criterion_id) for s in rows}
    crit_ids = {p[1] for p in pairs}
    old = Score.objects.filter(sheet__round=rnd, criterion_id__in=crit_ids)
    old.filter(sheet_id__in={p[0] for p in pairs}).delete()
    Score.objects.bulk_create(rows)
    audit.record(actor=actor, action=action, obj=rnd, after={"scores": len(rows)})
    _totals(rnd)
    return len(rows)


@transaction.atomic
def round_compute(*, actor, round: Round) -> int:
    """Score every computed leaf of every sheet from the platform's data (indicators, supervision, data
    reporting, value-added). A school without a value scores 0 on that leaf, and its sheet says so."""
    rnd = _locked(round)
    _scoring(rnd)
    sheets = {s.school_id: s for s in RoundSchool.objects.filter(round=rnd)}
    leaves = Criterion.objects.filter(scheme=rnd.scheme, children__isnull=True, source__in=c.COMPUTED)
    rows = []
    for cr in leaves.select_related("prior_exam", "outcome_exam"):
        with record_language():
            values = selectors.raw_values(cr, rnd, list(sheets))
            no_data = _("No data, scored 0")
        for school_id, sheet in sheets.items():
            if school_id in values:
                raw, origin = values[school_id]
                score = scoring.linear_score(raw, best=cr.best, worst=cr.worst)
                raw_d = Decimal(str(round_(raw)))
            else:
                raw_d, score, origin = None, Decimal(0), no_data
            rows.append(Score(sheet=sheet, criterion=cr, raw=raw_d, score=score, origin=origin[:300]))
    return _write_scores(rnd, rows, actor=actor, action="evaluation.round.compute")


def record_language():
    """Where a score came from is written once and kept (``Score.origin``): in the bureau's language
    (``LANGUAGE_CODE``), whichever language the person who computed, imported or typed it reads."""
    return translation.override(settings.LANGUAGE_CODE)


def round_(value: float) -> float:
    return round(float(value), 4)


@transaction.atomic
def expert_add(*, actor, round: Round, user, home_school=None) -> RoundExpert:
    if RoundExpert.objects.filter(round=round, user=user).exists():
        raise ValidationError(
            {"user": _("“{user}” is already a review expert of this round.").format(user=user)}
        )
    return object_create(actor=actor, obj=RoundExpert(round=round, user=user, home_school=home_school))


@transaction.atomic
def expert_score(*, actor, sheet: RoundSchool, criterion: Criterion, score, comment: str) -> Score:
    """An expert's typed score (0–100) with a comment on one leaf of one sheet. 回避: an expert never scores
    their own school; only experts of the round type scores, only on leaves scored by experts."""
    rnd = _locked(sheet.round)
    _scoring(rnd)
    avoid = selectors.expert_school_ids(rnd, actor)
    if avoid is None:
        raise ValidationError(_("Only the review experts of this round may enter expert scores."))
    if sheet.school_id in avoid:
        raise ValidationError(_("Recusal: an expert cannot score their own school."))
    if (
        criterion.scheme_id != rnd.scheme_id
        or criterion.source != c.Source.EXPERT
        or criterion.children.exists()
    ):
        raise ValidationError({"criterion": _("This criterion is not scored by experts.")})
    try:
        value = Decimal(str(score)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationError({"score": _("The score should be a number from 0 to 100.")}) from None
    if not 0 <= value <= 100:
        raise ValidationError(
            {
                "score": _("The score {value} is not between 0 and 100: enter a score from 0 to 100.").format(
                    value=value
                )
            }
        )
    if not comment.strip():
        raise ValidationError({"comment": _("Enter a comment that gives the reasons for the score.")})
    old = Score.objects.filter(sheet=sheet, criterion=criterion).first()
    before = audit.snapshot(old) if old else None
    Score.objects.filter(sheet=sheet, criterion=criterion).delete()
    with record_language():
        origin = _("Expert score ({expert}, {at})").format(expert=actor, at=clock.written(clock.now()))
    obj = Score.objects.create(
        sheet=sheet,
        criterion=criterion,
        score=value,
        comment=comment.strip(),
        entered_by=actor,
        origin=origin,
    )
    audit.record(
        actor=actor, action="evaluation.score.expert", obj=obj, before=before, after=audit.snapshot(obj)
    )
    _totals(rnd)
    return obj


@transaction.atomic
def round_transition(*, actor, round: Round, to: str) -> Round:
    """Move the round along its workflow. Publishing needs every sheet complete and fixes the bands."""
    rnd = _locked(round)
    if to not in c.TRANSITIONS[c.RoundStatus(rnd.status)]:
        raise ValidationError(
            _("A round cannot go from “{before}” to “{after}”.").format(
                before=rnd.get_status_display(), after=c.RoundStatus(to).label
            )
        )
    if to in (c.RoundStatus.REVIEW, c.RoundStatus.PUBLISHED):
        leaves = Criterion.objects.filter(scheme=rnd.scheme, children__isnull=True).count()
        summary = selectors.round_summary(rnd)
        incomplete = [s.school.name for s in summary["sheets"] if s.scored < leaves]
        if incomplete:
            raise ValidationError(
                _(
                    "{n} schools' sheets are not complete (such as {examples}): compute, import or enter every"
                    " score before moving on."
                ).format(n=len(incomplete), examples=pgettext("list separator", ", ").join(incomplete[:3]))
            )
    before = {"status": rnd.status}
    fields = ["status"]
    if to == c.RoundStatus.PUBLISHED:
        _totals(rnd)
        sheets = list(RoundSchool.objects.filter(round=rnd))
        positions = scoring.bands({s.pk: s.total for s in sheets})
        for s in sheets:
            s.band = positions[s.pk]
        RoundSchool.objects.bulk_update(sheets, ["band"])
        rnd.published_at = clock.now()
        fields.append("published_at")
    rnd.status = to
    rnd.save(update_fields=fields)
    audit.record(actor=actor, action="evaluation.round.transition", obj=rnd, before=before,
                 after={"status_from": before["status"], "status_to": to})  # fmt: skip
    return rnd


@transaction.atomic
def round_tiers(*, actor, round: Round, method: str, params: dict) -> Round:
    """奖优罚劣: tiers by quota (shares of schools) or by score lines, on the round's totals (审核中 or 已发布)."""
    rnd = _locked(round)
    if rnd.status not in (c.RoundStatus.REVIEW, c.RoundStatus.PUBLISHED):
        raise ValidationError(_("Assign tiers while the round is in review or after it is published."))
    sheets = list(RoundSchool.objects.filter(round=rnd, total__isnull=False))
    totals = {s.pk: s.total for s in sheets}
    try:
        if method == c.TierMethod.QUOTA:
            tiers = scoring.tiers_by_quota(
                totals, excellent=params["excellent"], good=params["good"], improve=params["improve"]
            )
        elif method == c.TierMethod.THRESHOLD:
            tiers = scoring.tiers_by_threshold(
                totals, excellent=params["excellent"], good=params["good"], passing=params["passing"]
            )
        else:
            raise ValidationError({"method": _("Choose a tier method.")})
    except (KeyError, TypeError):
        raise ValidationError(_("Fill in every tier parameter.")) from None
    except ValueError as error:
        raise ValidationError(str(error)) from None
    for s in sheets:
        s.tier = tiers[s.pk]
    RoundSchool.objects.bulk_update(sheets, ["tier"])
    before = {"tier_method": rnd.tier_method, "tier_params": rnd.tier_params}
    rnd.tier_method, rnd.tier_params = method, {k: float(v) for k, v in params.items()}
    rnd.save(update_fields=["tier_method", "tier_params"])
    audit.record(actor=actor, action="evaluation.round.tiers", obj=rnd, before=before,
                 after={"tier_method": method, "tier_params": rnd.tier_params})  # fmt: skip
    return rnd


@transaction.atomic
def write_imported(*, actor, round: Round, rows: list[Score]) -> int:
    rnd = _locked(round)
    _scoring(rnd)
    return _write_scores(rnd, rows, actor=actor, action="evaluation.round.import")
