"""What each role's home lists: the things the user must do and what is off track, each line linking to
the page where it is acted on. Each section is one small function reading the apps' own selectors (every
one starts from ``restrict(user, …)``); a few aggregate queries per section, whatever the data's size.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from edubureau.accounts.roles import Role
from edubureau.collect import selectors as collect
from edubureau.core import clock
from edubureau.core.models import Job
from edubureau.indicators import selectors as indicators
from edubureau.planning import selectors as planning
from edubureau.planning.choices import OPEN_STATUSES, TaskStatus
from edubureau.planning.models import ProgressReport
from edubureau.registry.choices import EnrollmentStatus
from edubureau.registry.models import Enrollment, School, Teacher
from edubureau.registry.selectors import latest_school_year
from edubureau.supervision import checks
from edubureau.supervision import selectors as supervision
from edubureau.supervision.choices import AWAITING_SCHOOL, RectificationStatus


@dataclass(frozen=True)
class Line:
    """One line of a to-do list: what, how many, where to act; ``tone`` colours it (danger, warning)."""

    key: str
    label: str
    count: int | str
    url: str
    tone: str = ""


@dataclass(frozen=True)
class Section:
    role: str
    title: str
    lines: list[Line]


def _url(name: str, query: str = "", args=()) -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _tone(count: int, tone: str) -> str:
    return tone if count else ""


def _month_start():
    today = clock.today()
    return today.replace(day=1)


# --- 局领导 -----------------------------------------------------------------------------------------------


def leader_lines(*, user) -> list[Line]:
    """Plan lights, targets off track, extensions and closures waiting, this month's supervision
    coverage, overdue rectifications."""
    today = clock.today()
    lines: list[Line] = []
    plan = planning.plan_list(user=user).filter(published_at__isnull=False).first()
    if plan is not None:
        plan_url = _url("planning:plan_detail", args=[plan.pk])
        lines += [
            Line("red", _("Red-light (overdue) tasks"), plan.red, _url("planning:task_list", "light=red"),
                 _tone(plan.red, "danger")),
            Line("yellow", _("Yellow-light (at risk) tasks"), plan.yellow,
                 _url("planning:task_list", "light=yellow"), _tone(plan.yellow, "warning")),
            Line("green", _("Green-light tasks of the plan"), plan.green, plan_url),
        ]  # fmt: skip
        values = planning.target_values(plan=plan, user=user)
        off = sum(1 for v in values.values() if v.light == "red")
        lines.append(
            Line(
                "targets",
                _("Plan targets off track"),
                off,
                # the plan's 目标 tab lists every target counted here; the indicators dashboard only those
                # bound to an indicator (fewer: a manual figure's target is off track there unseen)
                _url("planning:plan_detail", "tab=targets", args=[plan.pk]),
                _tone(off, "danger"),
            )
        )
    pending = planning.extension_pending(user=user).count()
    review = planning.task_list(user=user).filter(status=TaskStatus.REVIEW).count()
    lines += [
        Line("extensions", _("Extension requests waiting for a decision"), pending,
             _url("planning:escalation_list"), _tone(pending, "warning")),
        Line("closures", _("Tasks submitted for closure, waiting for a decision"), review,
             _url("planning:task_list", "status=review"), _tone(review, "warning")),
    ]  # fmt: skip
    lines += _coverage_lines(user=user, today=today)
    return lines


def _coverage_lines(*, user, today) -> list[Line]:
    schools = supervision.supervised_schools(user=user)
    month = clock.written_month(today)
    visited = (
        supervision.visit_list(user=user)
        .filter(visited_at__date__gte=today.replace(day=1), school__in=schools)
        .values("school")
        .distinct()
        .count()
    )
    total = schools.count()
    overdue = (
        supervision.rectification_list(user=user)
        .filter(status__in=AWAITING_SCHOOL, deadline__lt=today)
        .count()
    )
    coverage = _("{visited} of {total} schools").format(visited=visited, total=total)
    return [
        Line("coverage", _("Schools visited by their supervisor in {month}").format(month=month), coverage,
             _url("supervision:oversight")),
        Line("overdue_rectifications", _("Overdue rectifications"), overdue,
             _url("supervision:rectification_list", "status=overdue"), _tone(overdue, "danger")),
    ]  # fmt: skip


# --- 股室 staff -------------------------------------------------------------------------------------------


def staff_lines(*, user) -> list[Line]:
    """Tasks to sign, progress reports due this month, returned tasks, urge notices to answer."""
    if not user.department_id:
        return []
    today = clock.today()
    period = today.strftime("%Y-%m")
    reported = ProgressReport.objects.filter(
        task=OuterRef("pk"), period=period, department=user.department_id
    )
    tally = (
        planning.task_list(user=user)
        .filter(lead_units=user.department_id)
        .aggregate(
            to_sign=Count("id", filter=Q(status=TaskStatus.ASSIGNED)),
            returned=Count("id", filter=Q(status=TaskStatus.RETURNED)),
            unreported=Count("id", filter=Q(status__in=OPEN_STATUSES) & ~Q(Exists(reported))),
        )
    )
    urges = (
        planning.urge_notice_list(user=user)
        .filter(resolved_at__isnull=True, task__lead_units=user.department_id)
        .count()
    )
    mine = "planning:my_tasks"
    return [
        Line("to_sign", _("Tasks to sign for"), tally["to_sign"], _url(mine, "status=assigned"),
             _tone(tally["to_sign"], "warning")),
        Line("reports_due", _("Progress reports due this month ({period})").format(period=clock.written_month(today)),
             tally["unreported"], _url(mine), _tone(tally["unreported"], "warning")),
        Line("returned", _("Tasks returned for rework"), tally["returned"], _url(mine, "status=returned"),
             _tone(tally["returned"], "danger")),
        Line("urges", _("Urge notices to answer"), urges, _url("planning:escalation_list", "open=true"),
             _tone(urges, "danger")),
    ]  # fmt: skip


# --- 校长 -------------------------------------------------------------------------------------------------


LARGE_CLASS_CODE = "large_classes"
STAFFING_CODE = "staffing_shortfall"


def principal_lines(*, user) -> list[Line]:
    """Rectifications to answer (and overdue), the school's off-track indicators, failed imports, forms to
    fill in (and returned ones to correct)."""
    today = clock.today()
    rects = supervision.rectification_list(user=user).aggregate(
        to_answer=Count("id", filter=Q(status__in=AWAITING_SCHOOL)),
        overdue=Count("id", filter=Q(status__in=AWAITING_SCHOOL, deadline__lt=today)),
    )
    years = indicators.years_stored()
    totals = {code: 0 for code in (LARGE_CLASS_CODE, STAFFING_CODE)}
    if years:
        for code, value in (
            indicators.values_for(user)
            .filter(scope_type="school", period=str(years[0]), indicator__in=totals)
            .values_list("indicator", "value")
        ):
            totals[code] += int(value or 0)
    large, short = totals[LARGE_CLASS_CODE], totals[STAFFING_CODE]
    failed = Job.objects.filter(
        owner=user, kind__startswith="import.", status=Job.Status.FAILED, created_at__date__gte=_month_start()
    ).count()
    forms = collect.submission_list(user=user, action="change").aggregate(
        to_fill=Count("id", filter=Q(status__in=("pending", "draft", "returned"))),
        returned=Count("id", filter=Q(status="returned")),
    )
    rect_url = "supervision:rectification_list"
    return [
        Line("rectifications", _("Rectifications to answer"), rects["to_answer"], _url(rect_url),
             _tone(rects["to_answer"], "warning")),
        Line("overdue_rectifications", _("Rectifications past their deadline"), rects["overdue"],
             _url(rect_url, "status=overdue"), _tone(rects["overdue"], "danger")),
        Line("large_classes", _("Large classes (more than the standard size)"), large,
             _url("indicators:class_size"), _tone(large, "danger")),
        Line("staffing", _("Staff short of the establishment norms"), short,
             _url("indicators:definition_detail", args=[STAFFING_CODE], query="scope=school"),
             _tone(short, "warning")),
        Line("failed_imports", _("Imports that failed this month"), failed, _url("registry:import_list"),
             _tone(failed, "danger")),
        Line("forms_to_fill", _("Forms to fill in"), forms["to_fill"], _url("collect:my_submissions"),
             _tone(forms["to_fill"], "warning")),
        Line("forms_returned", _("Forms returned to correct"), forms["returned"],
             _url("collect:my_submissions", "status=returned"), _tone(forms["returned"], "danger")),
    ]  # fmt: skip


# --- 责任督学 ---------------------------------------------------------------------------------------------


def supervisor_lines(*, user) -> list[Line]:
    """Visits planned this month and not yet made, rectifications to verify, schools not visited."""
    today = clock.today()
    month, written = checks.month_of(today), clock.written_month(today)
    due = supervision.planned_visits(user=user, month=month).filter(visit__isnull=True)
    profile = getattr(user, "supervisor_profile", None)
    if profile is not None:
        due = due.filter(supervisor=profile)
    schools = supervision.my_schools(user=user)
    visited = supervision.visit_list(user=user).filter(visited_at__date__gte=today.replace(day=1))
    unvisited = schools.exclude(pk__in=visited.values("school")).count()
    due_count = due.count()
    verify = supervision.rectification_list(user=user).filter(status=RectificationStatus.ANSWERED).count()
    return [
        Line("visits_due", _("Planned visits still to make in {month}").format(month=written), due_count,
             _url("supervision:schedule"), _tone(due_count, "warning")),
        Line("to_verify", _("Rectifications answered, to verify"), verify,
             _url("supervision:rectification_list", "status=answered"), _tone(verify, "warning")),
        Line("unvisited", _("Your schools not visited in {month}").format(month=written), unvisited,
             _url("supervision:visit_create"), _tone(unvisited, "warning")),
    ]  # fmt: skip


# --- the sections a user sees, and the headline counts ----------------------------------------------

SECTIONS = (
    (Role.LEADER, _("Bureau leader: to decide and to watch"), leader_lines),
    (Role.DEPARTMENT_STAFF, _("Department: to do"), staff_lines),
    (Role.PRINCIPAL, _("School: to do"), principal_lines),
    (Role.SUPERVISOR, _("Responsible supervisor: to do"), supervisor_lines),
)


#: Sections whose lines depend on the user's scope alone (no department, school owner or supervisor of
#: their own): one computation serves every user with the same grants (``core.pagecache``).
SHARED_SECTIONS = frozenset({Role.LEADER})


def home_sections(*, user, keep=None) -> list[Section]:
    """Each of the user's roles' sections, in a fixed order (a user with several roles sees each). The
    system administrator sees the leader's. ``keep(name, compute)``, when given, keeps the lines of the
    ``SHARED_SECTIONS`` (the view passes ``core.pagecache.fragment``)."""
    roles = set(user.roles)
    if user.get_scope().everything:
        roles.add(Role.LEADER)
    sections = []
    for role, title, lines_of in SECTIONS:
        if role not in roles:
            continue
        if keep is not None and role in SHARED_SECTIONS:
            lines = keep(f"home.{role}", lambda f=lines_of: _plain(f(user=user)))
        else:
            lines = lines_of(user=user)
        sections.append(Section(role=str(role), title=str(title), lines=lines))
    return sections


def _plain(lines: list[Line]) -> list[Line]:
    """The lines with their texts translated now (they are kept per language)."""
    return [Line(line.key, str(line.label), line.count if isinstance(line.count, int) else str(line.count),
                 line.url, line.tone) for line in lines]  # fmt: skip


def home_counts(*, user) -> dict:
    """Schools, pupils enrolled this school year and teachers in the user's schools.

    Pupils are counted through the schools the user may view, not ``Enrollment.restrict``: a headcount is a
    fact about a school (as on its registry page), and a supervisor, who may not read pupils' records, still
    sees how many attend the schools they supervise.
    """
    school_year = latest_school_year()
    schools = School.objects.restrict(user)
    return {
        "school_year": school_year,
        "schools": schools.aggregate(
            total=Count("id"), kindergartens=Count("id", filter=Q(kind="kindergarten"))
        ),
        "students": Enrollment.objects.filter(
            school__in=schools.values("pk"), school_year=school_year, status=EnrollmentStatus.ENROLLED
        ).count(),
        "teachers": Teacher.objects.restrict(user).count(),
    }
