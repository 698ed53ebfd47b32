"""准备: the writes by which 组织人事股 prepares a 区管校聘 — a competition of a school year with its windows,
the 三考评 scheme (weights, the school coefficient rule), the bureau's grade of each school, and one teacher's
考核 score typed on the page (a workbook of them is ``staffing.imports``).

Each runs in a transaction, takes the acting user and writes its audit entry; a refusal is a
``ValidationError`` keyed by the form field it concerns, whose message says what to change."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from edubureau.core import audit, clock
from edubureau.core.services import object_create, object_update
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School, Teacher
from edubureau.staffing import choices as c
from edubureau.staffing import services
from edubureau.staffing.models import Competition, EvaluationScheme, SchoolEvaluation, TeacherScore

HUNDRED = Decimal(100)


def counties_for(user, model) -> list[Area]:
    """The counties where ``user`` may add ``model`` for the whole county (a grant at the county or above:
    a town's office prepares no county competition)."""
    scope = user.get_scope()
    counties = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code")
    if scope.everything:
        return list(counties)
    key = f"{model._meta.app_label}.{model._meta.model_name}"
    paths, _schools = scope.places("add", key)
    return [a for a in counties if any(a.path.startswith(p) for p in paths)]


def _moment(value) -> str:
    return date_format(clock.local(value), "DATETIME_FORMAT")


# --- the competition ----------------------------------------------------------------------------------


def competition_new(*, actor, county: Area, **fields) -> Competition:
    """A competition of a school year in preparation: its windows in order, a scheme of the same county
    and year, one competition of each kind per county and year, names unique in the county."""
    errors: dict[str, list[str]] = {}
    opens, closes, appeals = fields["choices_open"], fields["choices_close"], fields["appeals_close"]
    if closes <= opens:
        errors.setdefault("choices_close", []).append(
            _("The choice window must close after it opens ({open}); set a later closing time.").format(
                open=_moment(opens)
            )
        )
    if appeals <= closes:
        errors.setdefault("appeals_close", []).append(
            _("Appeals must close after the choice window closes ({close}); set a later time.").format(
                close=_moment(closes)
            )
        )
    scheme, year = fields["scheme"], fields["school_year"]
    if scheme.county_id != county.pk:
        errors.setdefault("scheme", []).append(_("Choose an evaluation scheme of the same county."))
    elif scheme.school_year != year:
        errors.setdefault("scheme", []).append(
            _(
                "The scheme “{scheme}” is for the school year {scheme_year}; choose a scheme of {year} or create one."
            ).format(scheme=scheme.name, scheme_year=scheme.school_year, year=year)
        )
    same = Competition.objects.filter(county=county)
    if same.filter(name=fields["name"]).exists():
        errors.setdefault("name", []).append(
            _("A competition named “{name}” exists already; choose another name.").format(name=fields["name"])
        )
    twin = same.filter(school_year=year, kind=fields["kind"]).first()
    if twin is not None:
        errors.setdefault("school_year", []).append(
            _(
                "The county already has a {kind} for {year} (“{name}”); open it instead of creating another."
            ).format(kind=twin.get_kind_display(), year=year, name=twin.name)
        )
    if errors:
        raise ValidationError(errors)
    return services.competition_create(actor=actor, county=county, **fields)


# --- the 三考评 scheme ---------------------------------------------------------------------------------


def scheme_in_use(scheme: EvaluationScheme) -> Competition | None:
    """A competition that has left preparation with this scheme: its entries carry the scores, so the
    scheme and its scores stay as they were."""
    return (
        Competition.objects.filter(scheme=scheme)
        .exclude(stage=c.Stage.DRAFT)
        .order_by("-school_year", "name")
        .first()
    )


def scheme_check_open(scheme: EvaluationScheme) -> None:
    used = scheme_in_use(scheme)
    if used is not None:
        raise ValidationError(
            _(
                "The scheme is used by “{competition}”, which is past preparation ({stage}); its weights and scores can no longer change."
            ).format(competition=used.name, stage=used.get_stage_display())
        )


def _check_weights(data: dict) -> None:
    total = Decimal(data["weight_appraisal"]) + Decimal(data["weight_record"])
    if total != HUNDRED:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "The weights add up to {total} %; they must add up to 100 % (for example 60 and 40)."
                ).format(total=f"{total.normalize():f}")
            }
        )


def _coefficients(data: dict) -> dict[str, str]:
    return {grade: f"{Decimal(data['coefficients'][grade]):.2f}" for grade in c.SchoolGrade.values}


@transaction.atomic
def scheme_create(*, actor, county: Area, data: dict) -> EvaluationScheme:
    """A new scheme: name, school year, the two weights (summing to 100) and a coefficient per school grade."""
    _check_weights(data)
    if EvaluationScheme.objects.filter(
        county=county, school_year=data["school_year"], name=data["name"]
    ).exists():
        raise ValidationError(
            {"name": _("The school year has a scheme of this name already; choose another name.")}
        )
    scheme = EvaluationScheme(
        county=county, school_year=data["school_year"], name=data["name"],
        weight_appraisal=data["weight_appraisal"], weight_record=data["weight_record"],
        coefficients=_coefficients(data),
    )  # fmt: skip
    return object_create(actor=actor, obj=scheme)


@transaction.atomic
def scheme_update(*, actor, scheme: EvaluationScheme, data: dict) -> EvaluationScheme:
    """New weights or coefficients (while no competition with the scheme has left preparation); the scores
    are recomputed with them."""
    scheme_check_open(scheme)
    _check_weights(data)
    clash = EvaluationScheme.objects.filter(
        county=scheme.county_id, school_year=scheme.school_year, name=data["name"]
    ).exclude(pk=scheme.pk)
    if clash.exists():
        raise ValidationError(
            {"name": _("The school year has a scheme of this name already; choose another name.")}
        )
    scheme = object_update(
        actor=actor,
        obj=scheme,
        data={
            "name": data["name"],
            "weight_appraisal": data["weight_appraisal"],
            "weight_record": data["weight_record"],
            "coefficients": _coefficients(data),
        },
    )
    services.scores_compute(actor=actor, scheme=scheme)
    return scheme


def scheme_schools(scheme: EvaluationScheme):
    """The schools the bureau grades for the scheme: the county's public primary and secondary schools."""
    return School.objects.filter(
        county=scheme.county_id, kind__in=services.SCHOOL_KINDS, is_active=True
    ).order_by("code")


@transaction.atomic
def school_grades_set(*, actor, scheme: EvaluationScheme, grades: dict[int, str]) -> int:
    """学校评价: the bureau's grade of each school (优秀/良好/合格/不合格), carried to its teachers as the
    scheme's coefficient; the scores are recomputed. Returns the number of grades changed."""
    scheme_check_open(scheme)
    allowed = set(scheme_schools(scheme).values_list("pk", flat=True))
    wrong = [pk for pk, grade in grades.items() if pk not in allowed or grade not in c.SchoolGrade.values]
    if wrong:
        raise ValidationError(_("Choose a grade of the list for each school of the county."))
    have = {e.school_id: e for e in SchoolEvaluation.objects.filter(scheme=scheme)}
    new = [
        SchoolEvaluation(scheme=scheme, school_id=pk, grade=g) for pk, g in grades.items() if pk not in have
    ]
    changed = []
    for pk, grade in grades.items():
        row = have.get(pk)
        if row is not None and row.grade != grade:
            row.grade = grade
            changed.append(row)
    SchoolEvaluation.objects.bulk_create(new)
    SchoolEvaluation.objects.bulk_update(changed, ["grade"])
    before = {str(pk): e.grade for pk, e in have.items()}
    audit.record(
        actor=actor, action="staffing.schoolevaluation.set", obj=scheme,
        before={"grades": before}, after={"grades": {str(pk): g for pk, g in grades.items()}, "schools": len(new) + len(changed)},
    )  # fmt: skip
    services.scores_compute(actor=actor, scheme=scheme)
    return len(new) + len(changed)


# --- one teacher's 考核 score ----------------------------------------------------------------------------


@transaction.atomic
def score_set(
    *,
    actor,
    scheme: EvaluationScheme,
    teacher: Teacher,
    appraisal: Decimal,
    award_points: Decimal | None = None,
    exchange_years: int | None = None,
) -> TeacherScore:
    """One teacher's school appraisal (and, when given, award points and years of exchange service), typed
    on the scheme's page; her total is recomputed at once."""
    scheme_check_open(scheme)
    if teacher.county_id != scheme.county_id:
        raise ValidationError({"teacher": _("The teacher is not in the scheme's county.")})
    score = TeacherScore.objects.filter(scheme=scheme, teacher=teacher).first()
    data = {"appraisal": appraisal}
    if award_points is not None:
        data["award_points"] = award_points
    if exchange_years is not None:
        data["exchange_years"] = exchange_years
    if score is None:
        score = object_create(actor=actor, obj=TeacherScore(scheme=scheme, teacher=teacher, **data))
    else:
        score = object_update(actor=actor, obj=score, data=data)
    services.scores_compute(actor=actor, scheme=scheme)
    score.refresh_from_db()
    return score
