"""Registry API viewsets: scoping, audited writes and pagination come from ``core.api``.

No DELETE: every registry row may have fed a report (DESIGN §4), so the routes answer 405.
"""

from edubureau.core.api import RestrictedModelViewSet
from edubureau.registry import services
from edubureau.registry.api import filters, serializers
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


class AreaViewSet(RestrictedModelViewSet):
    """行政区域: provinces, cities, counties and towns (a tree; ``?within=<id>`` for a subtree)."""

    queryset = Area.objects.select_related("parent")
    serializer_class = serializers.AreaSerializer
    filterset_class = filters.AreaFilterSet


class DepartmentViewSet(RestrictedModelViewSet):
    """股室: the bureau's departments, the lead units of plan tasks."""

    queryset = Department.objects.select_related("county")
    serializer_class = serializers.DepartmentSerializer
    filterset_class = filters.DepartmentFilterSet


class SchoolViewSet(RestrictedModelViewSet):
    """学校: schools and kindergartens with the facility figures of the 优质均衡 indicators."""

    queryset = School.objects.select_related("area")
    serializer_class = serializers.SchoolSerializer
    filterset_class = filters.SchoolFilterSet


class SchoolClassViewSet(RestrictedModelViewSet):
    """班级: classes per school year."""

    queryset = SchoolClass.objects.select_related("school__area", "head_teacher")
    serializer_class = serializers.SchoolClassSerializer
    filterset_class = filters.SchoolClassFilterSet


class TeacherViewSet(RestrictedModelViewSet):
    """教职工: teachers. The ID number is write-only on create; responses show it masked."""

    queryset = Teacher.objects.select_related("school__area")
    serializer_class = serializers.TeacherSerializer
    create_serializer_class = serializers.TeacherCreateSerializer
    create_service = services.teacher_create
    filterset_class = filters.TeacherFilterSet


class StudentViewSet(RestrictedModelViewSet):
    """学生: students. Create takes the ID number (write-only) and the first enrollment; responses
    show the ID number masked. A transfer to another school is not an edit."""

    queryset = Student.objects.select_related("school__area")
    serializer_class = serializers.StudentSerializer
    create_serializer_class = serializers.StudentCreateSerializer
    create_service = services.student_create
    filterset_class = filters.StudentFilterSet


class EnrollmentViewSet(RestrictedModelViewSet):
    """学籍: a student's school, class, grade and status in one school year."""

    queryset = Enrollment.objects.select_related("student", "school__area", "school_class")
    serializer_class = serializers.EnrollmentSerializer
    filterset_class = filters.EnrollmentFilterSet


class PopulationViewSet(RestrictedModelViewSet):
    """适龄人口: residents by single year of age, area and calendar year."""

    queryset = Population.objects.select_related("area")
    serializer_class = serializers.PopulationSerializer
    filterset_class = filters.PopulationFilterSet


class FinanceRecordViewSet(RestrictedModelViewSet):
    """经费: budget lines per year for an area or a school."""

    queryset = FinanceRecord.objects.select_related("area", "school")
    serializer_class = serializers.FinanceRecordSerializer
    filterset_class = filters.FinanceRecordFilterSet
