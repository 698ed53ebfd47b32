"""Registry reads. Every function starts from ``restrict(user, action)``; counts are SQL aggregates.

The list selectors return querysets (unpaginated, unfiltered) for a view or an API viewset to filter with
``registry.filters`` and paginate; they annotate what the list pages show so that a page of rows costs one
query, whatever its length.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import (
    Count,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock, crypto
from edubureau.core.periods import SchoolYear
from edubureau.core.scoping import user_can
from edubureau.registry.choices import AreaKind, EnrollmentStatus, Level, grade_name
from edubureau.registry.class_size import BAND_CSS, over_standard, size_band
from edubureau.registry.models import (
    CLASS_NAME_ORDER,
    Area,
    Department,
    Enrollment,
    School,
    SchoolClass,
    Student,
    Teacher,
)


class SubqueryCount(Subquery):
    """COUNT(*) of a correlated subquery: one number per outer row, without GROUP BY on the outer query."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


def latest_school_year(source=Enrollment) -> str:
    """The latest school year present in ``source`` (Enrollment or SchoolClass), else the current one.

    One indexed MAX; the class list asks SchoolClass, pages about pupils ask Enrollment.
    """
    return source.objects.aggregate(y=Max("school_year"))["y"] or str(SchoolYear.current())


def class_size():
    """Enrolled pupils of each class (the size the 班额 bands are measured on)."""
    return SubqueryCount(
        Enrollment.objects.filter(school_class=OuterRef("pk"), status=EnrollmentStatus.ENROLLED)
    )


def area_county(area: Area) -> Area:
    """The county an area belongs to (itself when it is one), read from its materialised path."""
    if area.kind == AreaKind.COUNTY:
        return area
    codes = [code for code in area.path.split("/") if code]
    return Area.objects.get(code__in=codes, kind=AreaKind.COUNTY)


def towns_for(*, user, action: str) -> QuerySet[Area]:
    """The towns where ``user`` may ``action`` schools (for choosing a school's town on its form)."""
    scope = user.get_scope()
    towns = Area.objects.filter(kind=AreaKind.TOWN)
    if scope.everything:
        return towns
    paths, _ = scope.places(action, "registry.school")
    if not paths:
        return towns.none()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return towns.filter(q)


def own_place(*, user) -> tuple[Area | None, School | None]:
    """The one town, or the one school, that the user's view of schools is confined to (a 中心校 office, a
    principal): pages open there rather than on a district the user cannot see. (None, None) otherwise."""
    scope = user.get_scope()
    if scope.everything:
        return None, None
    paths, schools = (set(p) for p in scope.places("view", "registry.school"))
    if not paths and len(schools) == 1:
        school = School.objects.select_related("area").filter(pk=schools.pop()).first()
        return (school.area if school else None), school
    if len(paths) == 1 and not schools:
        return Area.objects.filter(path=paths.pop(), kind=AreaKind.TOWN).first(), None
    return None, None


def towns_with_schools(*, user) -> QuerySet[Area]:
    """Towns that hold at least one school the user may view (the choices of a town filter)."""
    return Area.objects.filter(kind=AreaKind.TOWN, pk__in=School.objects.restrict(user).values("area"))


# --- lists -------------------------------------------------------------------------------------------


def school_list(*, user, school_year: str, action: str = "view") -> QuerySet[School]:
    """Schools with their classes, enrolled students and teachers in ``school_year`` (teachers: on roll)."""
    return (
        School.objects.restrict(user, action)
        .select_related("area")
        .annotate(
            class_count=SubqueryCount(
                SchoolClass.objects.filter(school=OuterRef("pk"), school_year=school_year)
            ),
            student_count=SubqueryCount(
                Enrollment.objects.filter(
                    school=OuterRef("pk"), school_year=school_year, status=EnrollmentStatus.ENROLLED
                )
            ),
            teacher_count=SubqueryCount(Teacher.objects.filter(school=OuterRef("pk"))),
        )
    )


def class_list(*, user, action: str = "view") -> QuerySet[SchoolClass]:
    return (
        SchoolClass.objects.restrict(user, action)
        .select_related("school", "school__area", "head_teacher")
        .annotate(size=class_size())
    )


def teacher_list(*, user, action: str = "view") -> QuerySet[Teacher]:
    return Teacher.objects.restrict(user, action).select_related("school")


def student_list(*, user, school_year: str, action: str = "view") -> QuerySet[Student]:
    """Students with their enrolment of ``school_year`` (level, grade, class, status) alongside.

    The enrolment is joined through a FilteredRelation on the year; (student, school year) is unique, so
    each student appears once.
    """
    return (
        Student.objects.restrict(user, action)
        .select_related("school")
        .annotate(
            year_enrollment=FilteredRelation("enrollments", condition=Q(enrollments__school_year=school_year))
        )
        .annotate(
            year_level=F("year_enrollment__level"),
            year_grade=F("year_enrollment__grade"),
            year_status=F("year_enrollment__status"),
            year_class=F("year_enrollment__school_class__name"),
        )
    )


def area_list(*, user, action: str = "view") -> QuerySet[Area]:
    """Areas with the number of schools in each (a town's own; a county's all)."""
    return (
        Area.objects.restrict(user, action)
        .select_related("parent")
        .annotate(
            school_count=SubqueryCount(
                School.objects.filter(Q(area=OuterRef("pk")) | Q(county=OuterRef("pk")))
            )
        )
    )


def department_list(*, user, action: str = "view") -> QuerySet[Department]:
    return Department.objects.restrict(user, action).select_related("county")


# --- one school ---------------------------------------------------------------------------------------


def school_enrolled(*, school: School, school_year: str) -> int:
    return Enrollment.objects.filter(
        school=school, school_year=school_year, status=EnrollmentStatus.ENROLLED
    ).count()


def school_facilities(*, school: School, enrolled: int) -> list[dict]:
    """The facility figures of the 优质均衡 resource indicators (教督〔2017〕6号), total and per pupil.

    Per-pupil figures use the enrolled pupils of the year shown; per-hundred ones are “每百名学生”.
    """

    def per(value, scale: int = 1):
        if not enrolled:
            return None
        return (Decimal(value) * scale / enrolled).quantize(Decimal("0.01"))

    return [
        {"key": "teaching_floor_area", "total": school.teaching_floor_area, "total_unit": "m²", "per": per(school.teaching_floor_area), "unit": _("m²/student")},
        {"key": "sports_area", "total": school.sports_area, "total_unit": "m²", "per": per(school.sports_area), "unit": _("m²/student")},
        {"key": "equipment_value", "total": school.equipment_value, "total_unit": "元", "per": per(school.equipment_value), "unit": _("yuan/student")},
        {"key": "multimedia_rooms", "total": school.multimedia_rooms, "total_unit": "间", "per": per(school.multimedia_rooms, 100), "unit": _("per 100 students")},
        {"key": "computers", "total": school.computers, "total_unit": "台", "per": per(school.computers, 100), "unit": _("per 100 students")},
        {"key": "books", "total": school.books, "total_unit": "册", "per": per(school.books), "unit": _("volumes/student")},
    ]  # fmt: skip


def school_classes(*, user, school: School, school_year: str) -> list[SchoolClass]:
    """The school's classes of one year with size and band (one query)."""
    rows = list(
        class_list(user=user)
        .filter(school=school, school_year=school_year)
        .order_by("level", "grade", *CLASS_NAME_ORDER)
    )
    for row in rows:
        annotate_band(row)
    return rows


def annotate_band(school_class: SchoolClass) -> SchoolClass:
    """Attach ``band``, its colour class and ``over_standard`` to a class carrying the ``size`` annotation."""
    school_class.band = size_band(school_class.size)
    school_class.band_css = BAND_CSS[school_class.band]
    school_class.over_standard = over_standard(school_class.size, school_class.level)
    return school_class


def school_headcounts(*, school: School) -> dict:
    """Enrolled pupils by level and grade (rows) and school year (columns), from Enrollment.

    Aggregates of a school are facts about the school: whoever may view the school sees them, as on the
    school list, even without a grant on the enrolment rows themselves.
    """
    counts = (
        Enrollment.objects.filter(school=school, status=EnrollmentStatus.ENROLLED)
        .values("school_year", "level", "grade")
        .annotate(n=Count("pk"))
        .order_by()
    )
    years: set[str] = set()
    table: dict[tuple[str, int], dict[str, int]] = {}
    totals: dict[str, int] = {}
    for row in counts:
        years.add(row["school_year"])
        table.setdefault((row["level"], row["grade"]), {})[row["school_year"]] = row["n"]
        totals[row["school_year"]] = totals.get(row["school_year"], 0) + row["n"]
    ordered_years = sorted(years)
    level_order = {level: i for i, level in enumerate(Level.values)}
    rows = [
        {
            "level": Level(level).label,
            "grade": grade_name(level, grade),
            "counts": [by_year.get(y) for y in ordered_years],
        }
        for (level, grade), by_year in sorted(table.items(), key=lambda kv: (level_order[kv[0][0]], kv[0][1]))
    ]
    return {"years": ordered_years, "rows": rows, "totals": [totals[y] for y in ordered_years]}


def student_enrollments(*, student: Student) -> QuerySet[Enrollment]:
    """A student's enrolments by year, newest first.

    The 学籍 history travels with the student (CNSSIS shows a receiving school the pupil's earlier years),
    so whoever may view the student — checked by the caller through ``get_scoped_or_404`` — sees all of
    it, including years spent at a school outside their scope.
    """
    return (
        Enrollment.objects.filter(student=student)
        .select_related("school", "school_class")
        .order_by("-school_year")
    )


def personal_pks(*, user, model, pks) -> set[int]:
    """The rows among ``pks`` (students or teachers) whose birth date the user may see in full: those under
    view_personal (the assignment's ``can_view_personal`` flag). Everyone else sees the year only
    (``core.crypto.mask_birth_date``; why: ``core.crypto``). No query for a user without the flag."""
    if not user_can(user, "view_personal", model):
        return set()
    return set(model.objects.restrict(user, "view_personal").filter(pk__in=pks).values_list("pk", flat=True))


def birth_date_shown(*, user, person) -> str:
    """The person's birth date as this user may see it: 2012年9月1日, or ``2012-**-**``."""
    if person.pk in personal_pks(user=user, model=type(person), pks=[person.pk]):
        return clock.written(person.birth_date)
    return crypto.mask_birth_date(person.birth_date)
