"""Registry API representations.

Students and teachers: the ID number (身份证件号) is accepted once, on create, write-only and checked
(GB 11643 check digit, ``registry.services.id_number_clean``); responses carry only ``id_number_masked``,
never the encrypted token or the keyed hash. The county of a row is derived from its school (or town),
never typed. ``school_name`` and ``town`` are read-only conveniences; the viewsets ``select_related``
what they read so that lists make no query per row.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from edubureau.core.api import BASE_FIELDS, RestrictedModelSerializer
from edubureau.core.periods import SchoolYear
from edubureau.registry import choices as c
from edubureau.registry import selectors
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
from edubureau.registry.services import id_number_clean

# The widest grade range of any level (特殊教育 1–9); the model checks the level's own range.
_GRADE_KWARGS = {"min_value": 1, "max_value": max(c.LEVEL_GRADES.values())}


def _county_of(area: Area) -> Area:
    """The county (区/县) an area belongs to: the area itself or its nearest county ancestor."""
    node = area
    while node is not None:
        if node.kind == c.AreaKind.COUNTY:
            return node
        node = node.parent
    raise serializers.ValidationError({"area": _("Choose a county or a town within a county.")})


def _school_year(value: str) -> str:
    try:
        return str(SchoolYear.parse(value))
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from exc


def _check_class(attrs: dict, school, school_year: str | None) -> None:
    """A class named with a school must be of that school and of the same school year."""
    school_class = attrs.get("school_class")
    if school_class is None:
        return
    if school_class.school_id != school.pk:
        raise serializers.ValidationError({"school_class": _("This class belongs to another school.")})
    if school_year and school_class.school_year != school_year:
        raise serializers.ValidationError(
            {"school_class": _("This class is of school year {year}.").format(year=school_class.school_year)}
        )


class IdNumberField(serializers.CharField):
    """身份证件号 in: write-only, normalised and check-digit-validated; never echoed."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("ID number"))
        kwargs.setdefault(
            "help_text", _("18-character resident ID number; write-only, responses show it masked.")
        )
        super().__init__(write_only=True, max_length=40, trim_whitespace=True, **kwargs)

    def to_internal_value(self, data):
        try:
            return id_number_clean(super().to_internal_value(data))
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["id_number"]) from exc


class AreaSerializer(RestrictedModelSerializer):
    parent_name = serializers.CharField(source="parent.name", read_only=True, allow_null=True)

    class Meta:
        model = Area
        fields = (*BASE_FIELDS, "name", "code", "kind", "parent", "parent_name", "path")
        read_only_fields = ("path",)


class DepartmentSerializer(RestrictedModelSerializer):
    county_name = serializers.CharField(source="county.name", read_only=True)

    class Meta:
        model = Department
        fields = (*BASE_FIELDS, "county", "county_name", "name", "aliases", "sort_order")


class SchoolSerializer(RestrictedModelSerializer):
    town = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = School
        fields = (
            *BASE_FIELDS,
            "code",
            "name",
            "kind",
            "ownership",
            "affordable",
            "county",
            "area",
            "town",
            "locality",
            "capacity",
            "teaching_floor_area",
            "sports_area",
            "equipment_value",
            "multimedia_rooms",
            "books",
            "computers",
            "address",
            "is_teaching_point",
            "is_active",
        )
        read_only_fields = ("county",)

    def validate(self, attrs):
        if "area" in attrs:
            attrs["county"] = _county_of(attrs["area"])
        return attrs


class SchoolClassSerializer(RestrictedModelSerializer):
    school_name = serializers.CharField(source="school.name", read_only=True)
    town = serializers.CharField(source="school.area.name", read_only=True)
    grade_name = serializers.CharField(read_only=True)
    head_teacher_name = serializers.CharField(source="head_teacher.name", read_only=True, allow_null=True)

    class Meta:
        model = SchoolClass
        fields = (
            *BASE_FIELDS,
            "county",
            "school",
            "school_name",
            "town",
            "school_year",
            "level",
            "grade",
            "grade_name",
            "name",
            "head_teacher",
            "head_teacher_name",
        )
        read_only_fields = ("county",)
        extra_kwargs = {"grade": _GRADE_KWARGS}

    def validate_school_year(self, value):
        return _school_year(value)

    def validate(self, attrs):
        school = attrs.get("school") or self.instance.school
        if "school" in attrs:
            attrs["county"] = school.county
        head = attrs.get("head_teacher")
        if head is not None and head.school_id != school.pk:
            raise serializers.ValidationError({"head_teacher": _("This teacher works at another school.")})
        return attrs


class _PersonSerializer(RestrictedModelSerializer):
    """Shared by students and teachers: masked ID number, school and town names, county derived.

    ``birth_date`` is served only on rows under the user's view_personal; elsewhere it is null and
    ``birth_year`` alone tells the age (why: ``core.crypto``). A null sent back on an update keeps the date.
    """

    birth_date = serializers.DateField(
        label=_("birth date"),
        allow_null=True,
        help_text=_("Null in responses for users without the permission for personal data; see birth_year."),
    )
    birth_year = serializers.IntegerField(source="birth_date.year", read_only=True, label=_("birth year"))
    school_name = serializers.CharField(source="school.name", read_only=True)
    town = serializers.CharField(source="school.area.name", read_only=True)

    def validate(self, attrs):
        if "birth_date" in attrs and attrs["birth_date"] is None:
            if self.instance is None:
                raise serializers.ValidationError({"birth_date": _("Enter the birth date.")})
            del attrs["birth_date"]
        if "school" in attrs:
            attrs["county"] = attrs["school"].county
        return attrs

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if instance.pk not in self._personal_pks(instance):
            data["birth_date"] = None
        return data

    def _personal_pks(self, instance) -> set[int]:
        """Asked once per response: for a list, about the whole page (the parent serializer's rows)."""
        if "personal_pks" not in self.context:
            rows = self.parent.instance if isinstance(self.parent, serializers.ListSerializer) else [instance]
            user = self.context["request"].user
            pks = [row.pk for row in rows]
            self.context["personal_pks"] = selectors.personal_pks(user=user, model=type(instance), pks=pks)
        return self.context["personal_pks"]


_TEACHER_FIELDS = (
    *BASE_FIELDS,
    "staff_number",
    "name",
    "gender",
    "birth_date",
    "birth_year",
    "id_number_masked",
    "county",
    "school",
    "school_name",
    "town",
    "on_establishment",
    "post_grade",
    "title_rank",
    "main_subject",
    "subjects",
    "education",
    "backbone_level",
    "status",
    "staff_category",
    "teaching_school",
    "joined_school_year",
    "work_start",
)


class TeacherSerializer(_PersonSerializer):
    """A teacher as read and updated. Moving to another school is a staffing workflow, not an edit."""

    class Meta:
        model = Teacher
        fields = _TEACHER_FIELDS
        # the 交流轮岗 host school is set by the staffing workflow, like a move to another school
        read_only_fields = ("id_number_masked", "county", "school", "teaching_school")


class TeacherCreateSerializer(_PersonSerializer):
    id_number = IdNumberField()

    class Meta:
        model = Teacher
        fields = (*_TEACHER_FIELDS, "id_number")
        read_only_fields = ("id_number_masked", "county", "teaching_school")


_STUDENT_FIELDS = (
    *BASE_FIELDS,
    "name",
    "gender",
    "birth_date",
    "birth_year",
    "ethnicity",
    "id_number_masked",
    "hukou_type",
    "migrant_child",
    "left_behind",
    "disability",
    "inclusive_placement",
    "county",
    "school",
    "school_name",
    "town",
)


class StudentSerializer(_PersonSerializer):
    """A student as read and updated. A transfer to another school is a 学籍 workflow, not an edit."""

    class Meta:
        model = Student
        fields = _STUDENT_FIELDS
        read_only_fields = ("id_number_masked", "county", "school")


class StudentCreateSerializer(_PersonSerializer):
    """A new student with the ID number and their first enrollment (``registry.services.student_create``)."""

    id_number = IdNumberField()
    school_year = serializers.CharField(write_only=True, help_text=_("e.g. 2019-2020"))
    level = serializers.ChoiceField(choices=c.Level.choices, write_only=True)
    grade = serializers.IntegerField(**_GRADE_KWARGS, write_only=True)
    school_class = serializers.PrimaryKeyRelatedField(
        queryset=SchoolClass.objects.all(), required=False, allow_null=True, write_only=True
    )

    class Meta:
        model = Student
        fields = (*_STUDENT_FIELDS, "id_number", "school_year", "level", "grade", "school_class")
        read_only_fields = ("id_number_masked", "county")

    def validate_school_year(self, value):
        return _school_year(value)

    def validate(self, attrs):
        attrs = super().validate(attrs)
        _check_class(attrs, attrs["school"], attrs["school_year"])
        return attrs


class EnrollmentSerializer(RestrictedModelSerializer):
    student_name = serializers.CharField(source="student.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True)
    town = serializers.CharField(source="school.area.name", read_only=True)
    class_name = serializers.CharField(source="school_class.name", read_only=True, allow_null=True)

    class Meta:
        model = Enrollment
        fields = (
            *BASE_FIELDS,
            "student",
            "student_name",
            "county",
            "school",
            "school_name",
            "town",
            "school_class",
            "class_name",
            "school_year",
            "level",
            "grade",
            "status",
            "entry_date",
        )
        read_only_fields = ("county",)
        extra_kwargs = {"grade": _GRADE_KWARGS}

    def validate_school_year(self, value):
        return _school_year(value)

    def validate(self, attrs):
        school = attrs.get("school") or self.instance.school
        if "school" in attrs:
            attrs["county"] = school.county
        school_year = attrs.get("school_year") or (self.instance and self.instance.school_year)
        _check_class(attrs, school, school_year)
        return attrs


class PopulationSerializer(RestrictedModelSerializer):
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Population
        fields = (*BASE_FIELDS, "area", "area_name", "year", "age", "count")


class FinanceRecordSerializer(RestrictedModelSerializer):
    """One year's budget lines; a school's record takes the school's town as its area unless given."""

    area_name = serializers.CharField(source="area.name", read_only=True)
    school_name = serializers.CharField(source="school.name", read_only=True, allow_null=True)

    class Meta:
        model = FinanceRecord
        fields = (
            *BASE_FIELDS,
            "year",
            "area",
            "area_name",
            "school",
            "school_name",
            "general_budget_education",
            "public_funding_per_student",
            "public_funding_total",
            "enrolment",
        )
        extra_kwargs = {"area": {"required": False}}

    def validate(self, attrs):
        school = attrs.get("school")
        if school is not None and not attrs.get("area") and not (self.instance and self.instance.area_id):
            attrs["area"] = school.area
        if self.instance is None and not attrs.get("area"):
            raise serializers.ValidationError({"area": _("Give the area, or the school.")})
        return attrs
