"""Indicator pages: the dashboard of plan targets, the library, the rows behind a number, the class-size
drill-down, the balance indicators and the data-quality warnings. Every table has an .xlsx export
(``?export=xlsx``) through ``core.export``; every value shown comes through ``indicators.selectors``.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from edubureau.core import pagecache
from edubureau.core.export import xlsx_response
from edubureau.core.models import Job
from edubureau.core.periods import SchoolYear
from edubureau.core.scoping import get_scoped_or_404, user_can
from edubureau.indicators import selectors
from edubureau.indicators.library import GROUPS, LEVEL_NAMES, LIBRARY
from edubureau.indicators.models import IndicatorValue
from edubureau.planning import selectors as plan_selectors
from edubureau.planning.choices import TARGET_LIGHT_LABELS
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School, SchoolClass
from edubureau.registry.selectors import own_place


def _years(request) -> list[SchoolYear]:
    """The school years with stored values, read once per request (the year menu and the default year)."""
    if not hasattr(request, "_indicator_years"):
        request._indicator_years = selectors.years_stored()
    return request._indicator_years


def _year(request) -> SchoolYear:
    years = _years(request)
    text = request.GET.get("year")
    if text:
        try:
            return SchoolYear.parse(text)
        except ValueError:
            raise Http404 from None
    return years[0] if years else SchoolYear.current()


def _place(request) -> tuple[Area | None, School | None]:
    """The town or the school a page shows: ``?school=`` or ``?town=`` (in the user's scope, else 404), and
    without either the user's own place (a principal's school, a town office's town; the district for the
    rest: ``(None, None)``). Each role sees its own place first."""
    if request.GET.get("school"):
        school = get_scoped_or_404(
            School.objects.select_related("area"), request.user, code=request.GET["school"]
        )
        return school.area, school
    if request.GET.get("town"):
        town = get_scoped_or_404(
            Area.objects.all(), request.user, code=request.GET["town"], kind=AreaKind.TOWN
        )
        return town, None
    return own_place(user=request.user)


def _in_place(school: School, town: Area | None, place_school: School | None) -> bool:
    if place_school is not None:
        return school.pk == place_school.pk
    return town is None or school.area_id == town.pk


def _exporting(request) -> bool:
    return request.GET.get("export") == "xlsx"


def _fmt(value):
    return None if value is None else float(value)


#: Rows of a value list per page: a county's ~200 schools fit on one, its thousands of classes page.
ROWS_PER_PAGE = 200
#: School rows of the balance page: with the coefficients of variation above them, under 200 a page.
BALANCE_ROWS_PER_PAGE = 150


@login_required
def dashboard(request):
    """The district overview: the plan's measurable targets (target, actual, gap, light) and the charts.

    Everything on it depends on the user's scope, the year and the stored data only, so it is computed once
    per version of the stored values (``selectors.values_version_key``) and of the plan's tables
    (``core.pagecache``) for each scope, year, language and day, and kept in the server process.
    """
    values_version = selectors.values_version_key()
    request._indicator_years = pagecache.fragment(
        "indicators.years", request=request, parts=(values_version,), compute=selectors.years_stored
    )
    year = _year(request)
    user = request.user

    def read() -> dict:
        histogram = selectors.class_size_histogram(user=user, year=year)
        plan = selectors.year_plan(user=user, year=year)
        return {
            "values": selectors.district_values(user=user, year=year),
            "chart": {
                "sizes": sorted(histogram),
                "counts": [histogram[k] for k in sorted(histogram)],
                "trends": selectors.trends(user=user),
                "levels": {f"entrants_{k}": v[0] for k, v in LEVEL_NAMES.items()},
            },
            "plan": plan,
            "targets": _target_rows(plan, user),
        }

    data = pagecache.fragment(
        "indicators.dashboard", request=request, parts=(values_version, str(year)), compute=read
    )
    values, plan, targets = data["values"], data["plan"], data["targets"]
    if _exporting(request):
        columns = [
            (_("Task"), lambda r: r["task"] or _("Preamble")),
            (_("Target"), lambda r: r["text"]),
            (_("Indicator"), lambda r: r["code"]),
            (_("Target value"), lambda r: _fmt(r["value"])),
            (_("Unit"), lambda r: r["unit"]),
            (_("Actual"), lambda r: _fmt(r["actual"])),
            (_("Gap"), lambda r: _fmt(r["gap"])),
            (_("Light"), lambda r: str(TARGET_LIGHT_LABELS[r["light"]])),
        ]
        return xlsx_response(f"plan_targets_{year}", columns, targets)
    context = {
        "year": year,
        "years": _years(request),
        "plan": plan,
        "targets": targets,
        "values": values,
        "chart": data["chart"],
        "can_recompute": user_can(request.user, "change", IndicatorValue),
        "headline": [values.get(c) for c in ("large_classes", "very_large_classes", "large_class_share")],
    }
    return render(request, "indicators/dashboard.html", context)


def _target_rows(plan, user) -> list[dict]:
    """The plan's targets as the dashboard shows them, each value from ``planning.selectors.target_values``
    (the one answer every page and document gives)."""
    if plan is None:
        return []
    # One reverse() for the links of every row (a {% url %} per row and column cost more than the rows).
    link = reverse("indicators:definition_detail", args=["CODE"])
    rows = []
    for t, v in plan_selectors.indicator_targets(plan=plan, user=user):
        code = t.indicator_code
        rows.append(
            {
                "task": t.task.number if t.task else None,
                "text": t.text or t.indicator,
                "code": code,
                "definition": LIBRARY.get(code),
                "value": t.value,
                "unit": v.unit,
                "actual": v.actual,
                "gap": v.gap,
                "light": v.light,
                "v": v,
                "url": link.replace("CODE", code) if code else "",
            }
        )
    return rows


@login_required
def definition_list(request):
    """The indicator library, by group."""
    groups = [(label, [d for d in LIBRARY.values() if d.group == key]) for key, label in GROUPS.items()]
    return render(request, "indicators/definition_list.html", {"groups": groups})


@login_required
def definition_detail(request, code: str):
    """One indicator: its definition and the rows behind it (every scope of the chosen period)."""
    definition = LIBRARY.get(code)
    if definition is None:
        raise Http404
    year = _year(request)
    period = selectors.period_for(code, year)
    scope_type = request.GET.get("scope") or ""
    place_town, place_school = _place(request)
    town = place_town.code if place_town is not None else ""
    school = place_school.code if place_school is not None else ""
    action = "export" if _exporting(request) else "view"
    rows = selectors.value_list(user=request.user, indicator=code, period=period, action=action)
    if scope_type:
        rows = rows.filter(scope_type=scope_type)
    if place_school is not None:
        rows = rows.filter(school=place_school)
    elif place_town is not None:  # the town's own row and those of its schools and classes
        rows = rows.filter(Q(school__area=place_town) | Q(scope_type="town", area=place_town))
    if _exporting(request):
        columns = [
            (_("Indicator"), lambda v: v.indicator),
            (_("Period"), lambda v: v.period),
            (_("Scope type"), lambda v: v.get_scope_type_display()),
            (_("Scope code"), lambda v: v.scope_code),
            (_("Name"), lambda v: str(selectors.school_scope_object(v) or "")),
            (_("Value"), lambda v: _fmt(v.value)),
            (_("Numerator"), lambda v: _fmt(v.numerator)),
            (_("Denominator"), lambda v: _fmt(v.denominator)),
            (_("Computed at"), lambda v: v.computed_at),
        ]
        return xlsx_response(f"{code}_{period}", columns, rows.iterator(chunk_size=2000))
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "definition": definition,
        "year": year,
        "years": _years(request),
        "period": period,
        "rows": page.object_list,
        "page_obj": page,
        "scope_type": scope_type,
        "scope_types": IndicatorValue._meta.get_field("scope_type").choices,
        "town": town,
        "school": school,
        "place": place_school or place_town,
        "towns": Area.objects.restrict(request.user).filter(kind=AreaKind.TOWN).order_by("code"),
    }
    return render(request, "indicators/definition_detail.html", context)


@login_required
def class_size(request):
    """Drill-down district → town → school → class of the class-size bands."""
    year = _year(request)
    town, school = _place(request)
    parent, children = selectors.class_size_children(user=request.user, year=year, town=town, school=school)
    if _exporting(request):
        if school is not None:
            columns = [
                (_("Class"), lambda r: r["object"].name),
                (_("Level"), lambda r: r["object"].get_level_display()),
                (_("Pupils"), lambda r: _fmt(r["size"])),
                (_("Size band"), lambda r: str(r["band"].label) if r["band"] else None),
            ]
        else:
            columns = [(_("Name"), lambda r: r["object"].name)] + [
                (str(LIBRARY[c].name), lambda r, c=c: _fmt(getattr(r["values"].get(c), "value", None)))
                for c in selectors.BAND_CODES
            ]
        return xlsx_response(f"class_size_{year}", columns, children)
    own_town, own_school = own_place(user=request.user)
    context = {
        "year": year,
        "years": _years(request),
        "town": town,
        "school": school,
        # the breadcrumb links up only as far as the user may go (a principal's town and district are 404)
        "link_district": own_town is None,
        "link_town": own_school is None,
        "parent": parent,
        "children": children,
        "codes": selectors.BAND_CODES,
        "definitions": [LIBRARY[c] for c in selectors.BAND_CODES],
        # a teacher sees her school's class sizes but opens no class page
        "can_open_classes": user_can(request.user, "view", SchoolClass),
    }
    return render(request, "indicators/class_size.html", context)


@login_required
def balance(request):
    """优质均衡: the 差异系数 per level against 0.50 / 0.45 and each school's seven values."""
    year = _year(request)
    town, school = _place(request)
    data = selectors.balance_overview(user=request.user, year=year)
    keys = ("qualified_teachers", "backbone_teachers", "sports_arts_teachers", "floor_area", "sports_area",
            "equipment", "multimedia_rooms")  # fmt: skip
    levels = ("primary", "junior")
    cv_rows = [
        {"key": key, "cells": [(lvl, data["cvs"].get(f"balance_cv_{key}_{lvl}")) for lvl in levels],
         "definition": LIBRARY[f"balance_{key}_primary"]}
        for key in keys
    ]  # fmt: skip
    school_rows = []
    for row in data["schools"]:
        if not _in_place(row["school"], town, school):
            continue
        for lvl in levels:
            met = row["values"].get(f"balance_schools_meeting_{lvl}")
            if met is None:
                continue
            cells = [(LIBRARY[f"balance_{k}_{lvl}"], row["values"].get(f"balance_{k}_{lvl}")) for k in keys]
            school_rows.append({"school": row["school"], "level": lvl, "met": met, "cells": cells})
    if _exporting(request):
        columns = [
            (_("School"), lambda r: r["school"].name),
            (_("School code"), lambda r: r["school"].code),
            (_("Level"), lambda r: LEVEL_NAMES[r["level"]][0]),
            *[
                (str(LIBRARY[f"balance_{k}_primary"].name_zh.removeprefix("小学")), lambda r, i=i: _fmt(r["cells"][i][1].value) if r["cells"][i][1] else None)
                for i, k in enumerate(keys)
            ],
            (_("Indicators met"), lambda r: _fmt(r["met"].numerator)),
            (_("Meets the standard"), lambda r: bool(r["met"].value)),
        ]  # fmt: skip
        return xlsx_response(f"balance_{year}", columns, school_rows)
    page = Paginator(school_rows, BALANCE_ROWS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "years": _years(request),
        "cv_rows": cv_rows,
        "levels": [(lvl, LEVEL_NAMES[lvl][0]) for lvl in levels],
        "school_rows": page.object_list,
        "page_obj": page,
        "town": town,
        "school": school,
        "place": school or town,
    }
    return render(request, "indicators/balance.html", context)


@login_required
def quality(request):
    """学籍 vs 计财: the schools whose finance headcount differs from the registry, with both numbers."""
    year = _year(request)
    town, school = _place(request)
    warnings = [
        v
        for v in selectors.quality_warnings(user=request.user, year=year)
        if _in_place(v.school, town, school)
    ]
    if _exporting(request):
        columns = [
            (_("School"), lambda v: v.school.name),
            (_("School code"), lambda v: v.school.code),
            (_("Finance headcount"), lambda v: _fmt(v.numerator)),
            (_("Registry headcount"), lambda v: _fmt(v.denominator)),
            (_("Difference"), lambda v: _fmt(v.value)),
        ]
        return xlsx_response(f"headcount_warnings_{year}", columns, warnings)
    context = {
        "year": year,
        "years": _years(request),
        "warnings": warnings,
        "definition": LIBRARY["headcount_consistency"],
        "district": selectors.place_values(user=request.user, year=year, town=town, school=school).get(
            "headcount_consistency"
        ),
        "town": town,
        "school": school,
        "place": school or town,
    }
    return render(request, "indicators/quality.html", context)


@login_required
@require_POST
def recompute(request):
    """Start the recomputation of a school year as a background job; the job page shows its progress."""
    if not user_can(request.user, "change", IndicatorValue):
        raise Http404
    from edubureau.indicators.tasks import compute_job_task

    year = request.POST.get("year") or ""
    try:
        SchoolYear.parse(year)
    except ValueError:
        year = ""
    job = Job.objects.create(
        kind="indicators.compute",
        owner=request.user,
        params={"year": year, "result_template": "indicators/_job_result.html"},
    )
    compute_job_task(job.pk)
    return redirect("core:job", pk=job.pk)
