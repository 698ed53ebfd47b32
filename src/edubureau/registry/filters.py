"""FilterSets of the registry lists, shared by the web pages and the REST API.

They filter a queryset they are given (already restricted to the user's scope by a selector) and know
nothing of requests: choices of related objects are the whole table here, and a page narrows them to the
user's scope for display. Filters on annotations (class size) add the annotation when it is missing, so
they work on a plain queryset too.
"""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.filters import FilterSet, ModelChoiceFilter
from edubureau.core.periods import school_year_choices
from edubureau.registry import choices as c
from edubureau.registry.class_size import BAND_RANGES, SizeBand
from edubureau.registry.models import Area, Department, Enrollment, School, SchoolClass, Student, Teacher
from edubureau.registry.selectors import class_size

ANY = "any"


class YesNoSelect(forms.NullBooleanSelect):
    """A yes/no filter whose blank choice means “either” (Django's reads “Unknown”)."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", "---------"), ("true", _("Yes")), ("false", _("No"))]


def _with_any(choices, label):
    """A code list without its blank member, led by an “any of them” choice."""
    return [(ANY, label), *[(value, text) for value, text in choices if value]]


GRADES_PER_LEVEL = {
    c.Level.PRESCHOOL: 3,
    c.Level.PRIMARY: 6,
    c.Level.JUNIOR: 3,
    c.Level.SENIOR: 3,
    c.Level.VOCATIONAL: 3,
    c.Level.SPECIAL: 9,
}


def _grades():
    """Grades by the names the lists show (小班, 三年级, 初二 …), grouped by level; a value is
    ``<level>-<grade>`` (a bare number, from older links, means that grade in every level)."""
    return [
        (label, [(f"{level}-{g}", c.grade_name(level, g)) for g in range(1, GRADES_PER_LEVEL[level] + 1)])
        for level, label in c.Level.choices
    ]


def grade_conditions(value: str) -> dict:
    """The enrolment or class conditions of a grade filter value ({} when it is not one)."""
    level, _sep, grade = str(value).rpartition("-")
    if not grade.isdigit():
        return {}
    return {"level": level, "grade": int(grade)} if level else {"grade": int(grade)}


class GradeFilter(df.CharFilter):
    """A grade chosen by its name; also takes the bare grade number of older links."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Select(choices=[("", "---------"), *_grades()]))
        kwargs.setdefault("label", _("Grade"))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(**grade_conditions(value))


class SchoolFilterSet(FilterSet):
    q = df.CharFilter(method="search", label=_("Search"))
    town = ModelChoiceFilter(
        field_name="area", queryset=Area.objects.filter(kind=c.AreaKind.TOWN), label=_("Town")
    )
    kind = df.ChoiceFilter(choices=c.SchoolKind.choices, label=_("Kind"))
    ownership = df.ChoiceFilter(choices=c.Ownership.choices, label=_("Ownership"))
    locality = df.ChoiceFilter(choices=c.Locality.choices, label=_("Locality"))

    class Meta:
        model = School
        fields = ["q", "town", "kind", "ownership", "locality"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class SchoolClassFilterSet(FilterSet):
    school_year = df.ChoiceFilter(choices=school_year_choices, label=_("School year"))
    town = ModelChoiceFilter(
        field_name="school__area", queryset=Area.objects.filter(kind=c.AreaKind.TOWN), label=_("Town")
    )
    school = ModelChoiceFilter(queryset=School.objects.all(), label=_("School"))
    level = df.ChoiceFilter(choices=c.Level.choices, label=_("Level"))
    grade = GradeFilter()
    size_band = df.ChoiceFilter(choices=SizeBand.choices, method="filter_size_band", label=_("Size band"))

    class Meta:
        model = SchoolClass
        fields = ["school_year", "town", "school", "level", "grade", "size_band"]

    def filter_size_band(self, queryset, name, value):
        if "size" not in queryset.query.annotations:
            queryset = queryset.annotate(size=class_size())
        low, high = BAND_RANGES[value]
        if low is not None:
            queryset = queryset.filter(size__gte=low)
        if high is not None:
            queryset = queryset.filter(size__lte=high)
        return queryset


class TeacherFilterSet(FilterSet):
    q = df.CharFilter(method="search", label=_("Search"))
    town = ModelChoiceFilter(
        field_name="school__area", queryset=Area.objects.filter(kind=c.AreaKind.TOWN), label=_("Town")
    )
    school = ModelChoiceFilter(queryset=School.objects.all(), label=_("School"))
    subject = df.CharFilter(method="filter_subject", label=_("Subject"))
    title_rank = df.ChoiceFilter(
        choices=_with_any(c.TitleRank.choices, _("any title")),
        method="filter_title_rank",
        label=_("Title rank"),
    )
    on_establishment = df.BooleanFilter(widget=YesNoSelect, label=_("On establishment"))
    backbone_level = df.ChoiceFilter(
        choices=_with_any(c.BackboneLevel.choices, _("any backbone level")),
        method="filter_backbone",
        label=_("Backbone level"),
    )
    status = df.ChoiceFilter(choices=c.TeacherStatus.choices, label=_("Personnel status"))

    class Meta:
        model = Teacher
        fields = [
            "q",
            "town",
            "school",
            "subject",
            "title_rank",
            "on_establishment",
            "backbone_level",
            "status",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(staff_number=value))

    def filter_subject(self, queryset, name, value):
        """The main subject, or any of the subjects taught (a comma-separated list)."""
        return queryset.filter(Q(main_subject=value) | Q(subjects__icontains=value))

    def filter_title_rank(self, queryset, name, value):
        return queryset.exclude(title_rank="") if value == ANY else queryset.filter(title_rank=value)

    def filter_backbone(self, queryset, name, value):
        return queryset.exclude(backbone_level="") if value == ANY else queryset.filter(backbone_level=value)


class StudentFilterSet(FilterSet):
    """Students; the enrolment filters (year, level, grade, status) hold for one and the same enrolment."""

    ENROLLMENT_FILTERS = ("school_year", "level", "grade", "status")

    q = df.CharFilter(method="search", label=_("Search"))
    town = ModelChoiceFilter(
        field_name="school__area", queryset=Area.objects.filter(kind=c.AreaKind.TOWN), label=_("Town")
    )
    school = ModelChoiceFilter(queryset=School.objects.all(), label=_("School"))
    school_year = df.ChoiceFilter(choices=school_year_choices, method="enrollment", label=_("School year"))
    level = df.ChoiceFilter(choices=c.Level.choices, method="enrollment", label=_("Level"))
    grade = GradeFilter(method="enrollment")
    status = df.ChoiceFilter(choices=c.EnrollmentStatus.choices, method="enrollment", label=_("Status"))
    gender = df.ChoiceFilter(choices=c.Gender.choices, label=_("Gender"))
    migrant_child = df.BooleanFilter(widget=YesNoSelect, label=_("Migrant child"))
    left_behind = df.ChoiceFilter(
        choices=_with_any(c.LeftBehind.choices, _("left behind (any)")),
        method="filter_left_behind",
        label=_("Left-behind child"),
    )
    disability = df.ChoiceFilter(
        choices=[
            ("three", _("three disability types")),
            *_with_any(c.Disability.choices, _("any disability")),
        ],
        method="filter_disability",
        label=_("Disability"),
    )
    inclusive_placement = df.BooleanFilter(widget=YesNoSelect, label=_("Inclusive placement"))

    class Meta:
        model = Student
        fields = [
            "q",
            "town",
            "school",
            "school_year",
            "level",
            "grade",
            "status",
            "gender",
            "migrant_child",
            "left_behind",
            "disability",
            "inclusive_placement",
        ]

    def search(self, queryset, name, value):
        """By name. ID numbers are searched by their keyed hash elsewhere, never by a clear-text LIKE."""
        return queryset.filter(name__icontains=value)

    def enrollment(self, queryset, name, value):
        return queryset  # applied together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        conditions = {
            name: data[name]
            for name in self.ENROLLMENT_FILTERS
            if name != "grade" and data.get(name) not in (None, "")
        }
        conditions.update(grade_conditions(data.get("grade") or ""))
        if conditions:
            queryset = queryset.filter(
                Exists(Enrollment.objects.filter(student=OuterRef("pk"), **conditions))
            )
        return queryset

    def filter_left_behind(self, queryset, name, value):
        return queryset.exclude(left_behind="") if value == ANY else queryset.filter(left_behind=value)

    def filter_disability(self, queryset, name, value):
        if value == "three":
            return queryset.filter(disability__in=c.THREE_DISABILITY_TYPES)
        return queryset.exclude(disability="") if value == ANY else queryset.filter(disability=value)


class AreaFilterSet(FilterSet):
    q = df.CharFilter(method="search", label=_("Search"))
    kind = df.ChoiceFilter(choices=c.AreaKind.choices, label=_("Kind"))

    class Meta:
        model = Area
        fields = ["q", "kind"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(code__startswith=value))


class DepartmentFilterSet(FilterSet):
    q = df.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Department
        fields = ["q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))
