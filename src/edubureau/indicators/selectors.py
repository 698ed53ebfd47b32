"""Reads of stored indicator values. Every function starts from ``values_for(user)``.

Who sees which value: ``IndicatorValue.objects.restrict(user)`` (grants on ``indicators.*`` by area or
school, as for any model), and in addition the values *of a school or class* the user may view through
``School.objects.restrict(user)`` — a school's numbers are facts about the school, as on the registry's
school page, so a principal sees their own school's values and nothing above it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from edubureau.core.periods import SchoolYear
from edubureau.core.scoping import scope_q
from edubureau.indicators.library import LIBRARY
from edubureau.indicators.models import Freshness, IndicatorValue, IndicatorValueHistory
from edubureau.registry.class_size import BAND_CSS, size_band
from edubureau.registry.models import Area, School, class_name_order

EXPORT_FIELDS = ("indicator", "period", "scope_type", "scope_code", "value", "numerator", "denominator")


def values_for(user, action: str = "view") -> QuerySet[IndicatorValue]:
    """The values ``user`` may ``action`` (see the module docstring).

    The user's own grants apply as a filter on the values themselves (what ``restrict`` applies), not as
    ``pk IN (SELECT … restrict …)``: that sub-select listed every value in scope — the whole district — on
    every query, and cost each dashboard read a scan of the table.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return IndicatorValue.objects.none()
    own = scope_q(IndicatorValue, user.get_scope(), action)
    if own is not None and not own:  # an empty Q: the blanket scope, every value
        return IndicatorValue.objects.all()
    schools = School.objects.restrict(user, action).values("pk")
    via_school = Q(school__in=schools, scope_type__in=("school", "class"))
    return IndicatorValue.objects.filter(via_school if own is None else own | via_school)


def _num(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def export_rows(*, periods: list[str] | None = None) -> list[dict]:
    """All stored values as JSON-ready dicts (the command line's export; no user scoping there)."""
    qs = IndicatorValue.objects.order_by("indicator", "period", "scope_type", "scope_code")
    if periods:
        qs = qs.filter(period__in=periods)
    return [{k: _num(v) if k in ("value", "numerator", "denominator") else v for k, v in row.items()}
            for row in qs.values(*EXPORT_FIELDS).iterator(chunk_size=5000)]  # fmt: skip


def periods_of(year: SchoolYear) -> tuple[str, str]:
    """The school year and the calendar year it starts in (finance values)."""
    return str(year), str(year.start_year)


def period_for(code: str, year: SchoolYear) -> str:
    d = LIBRARY.get(code)
    return str(year.start_year) if d and d.period == "calendar_year" else str(year)


# --- versions of the stored values, for the pages' kept figures (``core.pagecache``) ------------------


def stored_version() -> tuple:
    """What changes whenever a computation stores something: the newest value (a new scope or period) and
    the newest superseded one (a value changed or removed), each with its time. Two primary-key lookups.

    Not seen: a school moving town with unchanged figures, or values deleted with their school; the pages'
    own data version (a registry write) moves then.
    """
    newest = IndicatorValue.objects.order_by("-pk").values_list("pk", "computed_at").first()
    superseded = IndicatorValueHistory.objects.order_by("-pk").values_list("pk", "superseded_at").first()
    return newest, superseded


def values_version_key() -> tuple:
    """What moves whenever stored values change, for the pages' kept figures (``core.pagecache``): each
    county's ``Freshness.values_version`` (the computation's writes and values saved one by one) and
    ``stored_version()`` (values other apps store in bulk, e.g. ``collect``'s). Three small reads."""
    versions = tuple(Freshness.objects.order_by("county_id").values_list("county_id", "values_version"))
    return versions, stored_version()


def years_stored() -> list[SchoolYear]:
    periods = IndicatorValue.objects.filter(period__contains="-").values_list("period", flat=True).distinct()
    return sorted({SchoolYear.parse(p) for p in periods.order_by()}, reverse=True)


def district_values(*, user, year: SchoolYear) -> dict[str, IndicatorValue]:
    """The district-scope values of one year the user may see, by indicator (one query)."""
    rows = values_for(user).filter(scope_type="district", period__in=periods_of(year)).order_by("scope_code")
    return {v.indicator: v for v in rows}


def place_values(
    *, user, year: SchoolYear, town: Area | None = None, school: School | None = None
) -> dict[str, IndicatorValue]:
    """The values of one year at one place the user may see, by indicator: the school's, else the town's,
    else the district's (one query)."""
    if school is None and town is None:
        return district_values(user=user, year=year)
    rows = values_for(user).filter(period__in=periods_of(year))
    if school is not None:
        rows = rows.filter(scope_type="school", school=school)
    else:
        rows = rows.filter(scope_type="town", area=town)
    return {v.indicator: v for v in rows}


def value_list(*, user, indicator: str, period: str, action: str = "view") -> QuerySet[IndicatorValue]:
    """The rows behind one number: the indicator at every scope of one period the user may see."""
    return (
        values_for(user, action)
        .filter(indicator=indicator, period=period)
        .select_related("area", "school", "school_class")
        .order_by("scope_type", "scope_code")
    )


def value_history(*, value: IndicatorValue) -> QuerySet[IndicatorValueHistory]:
    return IndicatorValueHistory.objects.filter(
        indicator=value.indicator,
        period=value.period,
        scope_type=value.scope_type,
        scope_code=value.scope_code,
    ).order_by("-superseded_at")


# --- plan targets --------------------------------------------------------------------------------------


def year_plan(*, user, year: SchoolYear):
    """The latest published plan of the calendar year the school year starts in that the user may see
    (else their schools' county plan, ``county_plan``): the plan whose targets the dashboard shows."""
    from edubureau.planning.models import Plan

    return (
        Plan.objects.restrict(user)
        .filter(year=year.start_year, published_at__isnull=False)
        .select_related("county")
        .order_by("-published_at")
        .first()
    ) or county_plan(user=user, year=year)


def county_plan(*, user, year: SchoolYear):
    """The published plan of the county of the user's schools, for users without a grant on plans (a
    principal): a plan is the county's public document, and its targets are what the school's figures are
    measured against. Only the plan and its targets are shown; its tasks stay behind ``restrict``."""
    from edubureau.planning.models import Plan

    paths = set(School.objects.restrict(user).values_list("area__path", flat=True).distinct()[:50])
    if not paths:
        return None
    plans = Plan.objects.filter(year=year.start_year, published_at__isnull=False).select_related("county")
    for plan in plans.order_by("-published_at"):
        if any(path.startswith(plan.county.path) for path in paths):
            return plan
    return None


# --- class size drill-down --------------------------------------------------------------------------

# The 义务教育 figures (bound to plan task 11 and the ≤5 % rule) and the 普通高中 ones stand beside the district
# total of every level, never instead of it (issue 9, item 1).
BAND_CODES = ("class_size", "classes_standard", "classes_above_standard", "large_classes",
              "large_classes_compulsory", "large_classes_senior", "very_large_classes", "classes_51_55",
              "large_class_share", "large_class_share_compulsory", "large_classes_reduction",
              "large_classes_reduction_compulsory")  # fmt: skip


def _pivot(rows) -> dict[str, dict[str, IndicatorValue]]:
    table: dict[str, dict[str, IndicatorValue]] = defaultdict(dict)
    for v in rows:
        table[v.scope_code][v.indicator] = v
    return table


def _class_row(v: IndicatorValue) -> dict:
    """A class of the drill-down: its size and MoE band (label and colour, as on the registry's pages)."""
    band = None if v.value is None else size_band(int(v.value))
    return {"object": v.school_class, "size": v.value, "value": v, "band": band,
            "band_css": BAND_CSS[band] if band else ""}  # fmt: skip


def class_size_children(*, user, year: SchoolYear, town: Area | None = None, school: School | None = None):
    """One level of the drill-down: towns of the district, schools of a town, or classes of a school.

    Returns (the parent's values by indicator, child rows); each child row carries its scope object and
    its values by indicator. Two queries (plus the scope objects in one).
    """
    base = values_for(user).filter(period=str(year), indicator__in=BAND_CODES)
    if school is not None:
        parent = {v.indicator: v for v in base.filter(scope_type="school", school=school)}
        classes = (
            base.filter(scope_type="class", school=school, indicator="class_size")
            .select_related("school_class")
            .order_by("school_class__level", "school_class__grade", *class_name_order("school_class__"))
        )
        return parent, [_class_row(v) for v in classes]
    if town is not None:
        parent = {v.indicator: v for v in base.filter(scope_type="town", scope_code=town.code)}
        rows = base.filter(scope_type="school", area=town).select_related("school")
        table = _pivot(rows)
        objects = {v.scope_code: v.school for v in rows}
        children = [{"object": objects[code], "values": vals} for code, vals in sorted(table.items())]
        return parent, children
    parent = {v.indicator: v for v in base.filter(scope_type="district")}
    rows = base.filter(scope_type="town").select_related("area")
    table = _pivot(rows)
    objects = {v.scope_code: v.area for v in rows}
    return parent, [{"object": objects[code], "values": vals} for code, vals in sorted(table.items())]


def class_size_histogram(*, user, year: SchoolYear) -> dict[int, int]:
    """Classes per size (pupils → classes) of the year the user may see, counted in SQL (one query)."""
    histogram: dict[int, int] = defaultdict(int)
    rows = (
        values_for(user)
        .filter(period=str(year), indicator="class_size", scope_type="class")
        .values("value")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        if row["value"] is not None:
            histogram[int(row["value"])] += row["n"]
    return dict(histogram)


# --- trends, balance, data quality --------------------------------------------------------------------

TREND_CODES = (
    "entrants_preschool",
    "entrants_primary",
    "entrants_junior",
    "entrants_senior",
    "entrants_vocational",
    "large_classes",
    "very_large_classes",
    "preschool_gross_enrolment_rate",
    "senior_gross_enrolment_rate",
    "education_spending_per_student",
)


def trends(*, user) -> dict:
    """District values of the trend indicators across every stored period (one query)."""
    series: dict[str, dict[str, float]] = defaultdict(dict)
    for indicator, period, value in (
        values_for(user)
        .filter(scope_type="district", indicator__in=TREND_CODES)
        .order_by("period")
        .values_list("indicator", "period", "value")
    ):
        series[indicator][period] = None if value is None else float(value)
    return dict(series)


def balance_overview(*, user, year: SchoolYear) -> dict:
    """The CVs per level and the schools' 7 values with pass/fail (two queries)."""
    cvs = {
        v.indicator: v
        for v in values_for(user).filter(
            period=str(year), scope_type="level", indicator__startswith="balance_cv_"
        )
    }
    schools = (
        values_for(user)
        .filter(period=str(year), scope_type="school", indicator__startswith="balance_")
        .select_related("school")
        .order_by("school__code")
    )
    table: dict[int, dict] = {}
    for v in schools:
        row = table.setdefault(v.school_id, {"school": v.school, "values": {}})
        row["values"][v.indicator] = v
    return {"cvs": cvs, "schools": list(table.values())}


def quality_warnings(*, user, year: SchoolYear) -> list[IndicatorValue]:
    """Schools whose finance headcount differs from the registry (the rows behind the warnings)."""
    return list(
        values_for(user)
        .filter(period=str(year), indicator="headcount_consistency", scope_type="school")
        .exclude(value=0)
        .select_related("school", "area")
        .order_by("school__code")
    )


def school_scope_object(value: IndicatorValue):
    """The registry object a value describes, for links (already fetched by ``select_related``)."""
    if value.scope_type == "class":
        return value.school_class
    if value.scope_type == "school":
        return value.school
    return value.area
