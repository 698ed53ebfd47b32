"""Query filters of the registry API (``?school=3&school_year=2019-2020``).

Related objects are filtered by id with plain number filters, not choice filters: a choice filter would
answer "not a valid choice" for a missing id but an empty list for an existing out-of-scope one, telling
the two apart. Here both give an empty list; the scoping is the queryset's (``restrict``).
"""

import django_filters as df

from edubureau.core.filters import FilterSet, IntegerFilter
from edubureau.registry import choices as c
from edubureau.registry.models import (
    Area,
    Department,
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Student,
    Teacher,
)


class AreaFilterSet(FilterSet):
    parent = IntegerFilter(field_name="parent_id")
    within = IntegerFilter(method="filter_within", label="area id: this area and everything below it")
    name = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Area
        fields = ["kind", "code", "parent", "within", "name"]

    def filter_within(self, queryset, name, value):
        root = Area.objects.filter(pk=value).values("path")[:1]
        return queryset.filter(path__startswith=root)


class DepartmentFilterSet(FilterSet):
    county = IntegerFilter(field_name="county_id")
    name = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Department
        fields = ["county", "name"]


class SchoolFilterSet(FilterSet):
    county = IntegerFilter(field_name="county_id")
    town = IntegerFilter(field_name="area_id")
    name = df.CharFilter(lookup_expr="icontains")
    kind = df.MultipleChoiceFilter(choices=c.SchoolKind.choices)

    class Meta:
        model = School
        fields = [
            "code",
            "name",
            "kind",
            "ownership",
            "affordable",
            "locality",
            "county",
            "town",
            "is_active",
        ]


class SchoolClassFilterSet(FilterSet):
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")
    head_teacher = IntegerFilter(field_name="head_teacher_id")

    class Meta:
        model = SchoolClass
        fields = ["school", "town", "school_year", "level", "grade", "head_teacher"]


class TeacherFilterSet(FilterSet):
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")
    name = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Teacher
        fields = [
            "school",
            "town",
            "name",
            "gender",
            "status",
            "title_rank",
            "education",
            "backbone_level",
            "main_subject",
            "on_establishment",
        ]


class StudentFilterSet(FilterSet):
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")
    name = df.CharFilter(lookup_expr="icontains")

    class Meta:
        model = Student
        fields = [
            "school",
            "town",
            "name",
            "gender",
            "ethnicity",
            "hukou_type",
            "migrant_child",
            "left_behind",
            "disability",
            "inclusive_placement",
        ]


class EnrollmentFilterSet(FilterSet):
    student = IntegerFilter(field_name="student_id")
    school = IntegerFilter(field_name="school_id")
    town = IntegerFilter(field_name="school__area_id")
    school_class = IntegerFilter(field_name="school_class_id")

    class Meta:
        model = Enrollment
        fields = ["student", "school", "town", "school_class", "school_year", "level", "grade", "status"]


class PopulationFilterSet(FilterSet):
    area = IntegerFilter(field_name="area_id")
    age_min = IntegerFilter(field_name="age", lookup_expr="gte")
    age_max = IntegerFilter(field_name="age", lookup_expr="lte")

    class Meta:
        model = Population
        fields = ["area", "year", "age", "age_min", "age_max"]


class FinanceRecordFilterSet(FilterSet):
    area = IntegerFilter(field_name="area_id")
    school = IntegerFilter(field_name="school_id")
    district_level = df.BooleanFilter(
        field_name="school", lookup_expr="isnull", label="area totals only (no school)"
    )

    class Meta:
        model = FinanceRecord
        fields = ["year", "area", "school", "district_level"]
