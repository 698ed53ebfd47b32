"""Writes through the API: audited (who, before/after), inside the writer's scope, never half-done."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.models import AuditEntry
from edubureau.registry.api.tests.routes import BY_NAME, ROUTES
from edubureau.registry.models import Enrollment, Student, Teacher
from edubureau.registry.testing.factories import (
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    make_id_number,
)

pytestmark = pytest.mark.django_db

_VALID = make_id_number(123, dt.date(2013, 3, 4))
_WRONG_CHECK_DIGIT = _VALID[:17] + ("0" if _VALID[17] != "0" else "1")

route_param = pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name)
# The principal names their school in these; schools and area-wide tables are not theirs to create.
PRINCIPAL_CREATES = [BY_NAME[n] for n in ("classes", "teachers", "students", "enrollments", "finance")]


def _entries(obj):
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).order_by("id")


@route_param
def test_create_is_audited(api, staff, home, route):
    api.force_login(staff)

    response = api.post(route.list_url(), route.payload(home), format="json")

    assert response.status_code == 201, response.json()
    model = route.model
    obj = model.objects.get(pk=response.json()["id"])
    (entry,) = _entries(obj).filter(action__endswith=".create")
    assert entry.actor == staff
    assert entry.before is None
    assert entry.after["id"] == obj.pk


@route_param
def test_update_is_audited_with_before_and_after(api, staff, home, route):
    row = route.make(home)
    field, value = next(iter(route.change.items()))
    old = getattr(row, field)
    api.force_login(staff)

    response = api.patch(route.detail_url(row.pk), route.change, format="json")

    assert response.status_code == 200, response.json()
    assert response.json()[field] == value
    (entry,) = _entries(row).filter(action__endswith=".update")
    assert entry.actor == staff
    assert entry.before[field] == old
    assert entry.after[field] == value


@route_param
def test_staff_cannot_create_in_another_county(api, staff, abroad, route):
    model = route.model
    before = model.objects.count(), AuditEntry.objects.count()
    api.force_login(staff)

    response = api.post(route.list_url(), route.payload(abroad), format="json")

    assert response.status_code == 400
    assert (model.objects.count(), AuditEntry.objects.count()) == before


@pytest.mark.parametrize("route", PRINCIPAL_CREATES, ids=lambda r: r.name)
def test_principal_creates_in_own_school(api, principal, home, route):
    api.force_login(principal)

    response = api.post(route.list_url(), route.payload(home), format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["school"] == home.school.pk


@pytest.mark.parametrize("route", PRINCIPAL_CREATES, ids=lambda r: r.name)
def test_principal_cannot_create_in_another_school(api, principal, neighbour, route):
    model = route.model
    payload = route.payload(neighbour)
    before = model.objects.count(), AuditEntry.objects.count()
    api.force_login(principal)

    response = api.post(route.list_url(), payload, format="json")

    assert response.status_code == 400
    assert "school" in response.json()
    assert (model.objects.count(), AuditEntry.objects.count()) == before


def test_principal_student_create_writes_student_and_enrollment(api, principal, home):
    school_class = SchoolClassFactory(school=home.school, school_year="2019-2020")
    payload = {**BY_NAME["students"].payload(home), "school_class": school_class.pk, "grade": 1}
    api.force_login(principal)

    response = api.post("/api/registry/students/", payload, format="json")

    assert response.status_code == 201, response.json()
    student = Student.objects.get(pk=response.json()["id"])
    assert student.county == home.county
    enrollment = Enrollment.objects.get(student=student)
    assert (enrollment.school, enrollment.school_class, enrollment.school_year) == (
        home.school,
        school_class,
        "2019-2020",
    )
    assert _entries(enrollment).filter(action="registry.enrollment.create", actor=principal).exists()


def test_a_class_of_another_school_is_refused(api, staff, home, neighbour):
    foreign_class = SchoolClassFactory(school=neighbour.school)
    payload = {**BY_NAME["students"].payload(home), "school_class": foreign_class.pk}
    api.force_login(staff)

    response = api.post("/api/registry/students/", payload, format="json")

    assert response.status_code == 400
    assert "school_class" in response.json()
    assert not Student.objects.filter(name=payload["name"]).exists()


def test_leader_who_is_also_a_principal_cannot_write_outside_their_school(api, district, home, neighbour):
    """Seeing a school (leader) is not writing there (principal of another): the write is rolled back."""
    user = UserFactory(username="deputy")
    role_assign(actor=None, user=user, role=Role.LEADER, area=district.county)
    role_assign(actor=None, user=user, role=Role.PRINCIPAL, school=district.school)
    payload = BY_NAME["students"].payload(neighbour)  # the other school is visible to the leader role
    students, entries = Student.objects.count(), AuditEntry.objects.count()
    api.force_login(user)

    response = api.post("/api/registry/students/", payload, format="json")

    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert (Student.objects.count(), AuditEntry.objects.count()) == (students, entries)
    assert not Enrollment.objects.filter(school=neighbour.school).exists()


def test_update_cannot_move_a_student_or_teacher_to_another_school(api, staff, home, neighbour):
    student, teacher = StudentFactory(school=home.school), TeacherFactory(school=home.school)
    api.force_login(staff)

    api.patch(f"/api/registry/students/{student.pk}/", {"school": neighbour.school.pk}, format="json")
    api.patch(f"/api/registry/teachers/{teacher.pk}/", {"school": neighbour.school.pk}, format="json")

    student.refresh_from_db()
    teacher.refresh_from_db()
    assert student.school == teacher.school == home.school


def test_town_staff_cannot_move_a_class_out_of_their_town(api, town_staff, home, neighbour):
    """The other school is not visible to them: the reference answers like a missing one."""
    school_class = SchoolClassFactory(school=home.school)
    api.force_login(town_staff)

    response = api.patch(f"/api/registry/classes/{school_class.pk}/", {"school": neighbour.school.pk})

    assert response.status_code == 400
    assert "school" in response.json()
    school_class.refresh_from_db()
    assert school_class.school == home.school


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("35050520130304123", "18位"),
        (_WRONG_CHECK_DIGIT, "校验码"),
        ("35050520130304ABCD", "前17位"),
    ],
)
def test_invalid_id_numbers_are_refused_with_the_reason(api, staff, home, raw, problem):
    payload = {**BY_NAME["students"].payload(home), "id_number": raw}
    api.force_login(staff)

    response = api.post("/api/registry/students/", payload, format="json")

    assert response.status_code == 400
    assert problem in response.json()["id_number"][0]
    assert not Student.objects.filter(name=payload["name"]).exists()


def test_full_width_id_number_is_normalised(api, staff, home):
    payload = BY_NAME["teachers"].payload(home)
    full_width = payload["id_number"].translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
    api.force_login(staff)

    response = api.post("/api/registry/teachers/", {**payload, "id_number": full_width}, format="json")

    assert response.status_code == 201, response.json()
    teacher = Teacher.objects.get(pk=response.json()["id"])
    assert teacher.id_number == payload["id_number"]
    assert response.json()["id_number_masked"] == payload["id_number"][:6] + "*" * 12


def test_duplicate_id_number_is_refused(api, staff, home):
    payload = BY_NAME["students"].payload(home)
    api.force_login(staff)
    assert api.post("/api/registry/students/", payload, format="json").status_code == 201

    again = api.post("/api/registry/students/", {**payload, "name": "重复"}, format="json")

    assert again.status_code == 400
    assert "id_number" in again.json()


def test_id_number_cannot_be_changed_by_update(api, staff, home):
    student = StudentFactory(school=home.school)
    old = student.id_number
    api.force_login(staff)

    api.patch(
        f"/api/registry/students/{student.pk}/",
        {"id_number": BY_NAME["students"].payload(home)["id_number"]},
        format="json",
    )

    student.refresh_from_db()
    assert student.id_number == old


def test_school_county_is_derived_from_its_town(api, staff, home):
    api.force_login(staff)

    response = api.post("/api/registry/schools/", {**BY_NAME["schools"].payload(home), "county": 12345})

    assert response.status_code == 201, response.json()
    assert response.json()["county"] == home.county.pk
    assert response.json()["town"] == home.town.name


def test_model_validation_errors_are_400_not_500(api, staff, home):
    api.force_login(staff)

    response = api.post(
        "/api/registry/schools/", {**BY_NAME["schools"].payload(home), "code": "12345"}, format="json"
    )

    assert response.status_code == 400


def test_unchanged_update_writes_no_audit_entry(api, staff, home):
    student = StudentFactory(school=home.school)
    api.force_login(staff)

    api.patch(f"/api/registry/students/{student.pk}/", {"name": student.name}, format="json")

    assert not _entries(student).exists()
