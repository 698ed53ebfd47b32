"""身份证件号 never leave the API in clear, nor as the stored token or hash (DESIGN §4, personal data)."""

import datetime as dt

import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.models import AuditEntry
from edubureau.registry.models import Student, Teacher
from edubureau.registry.testing.factories import StudentFactory, TeacherFactory, UserFactory, make_id_number

pytestmark = pytest.mark.django_db

STUDENT_ID = make_id_number(808, dt.date(2013, 6, 1))
TEACHER_ID = make_id_number(909, dt.date(1988, 7, 2))


def _secrets(person) -> list[str]:
    return [person.id_number, person.id_number_encrypted, person.id_number_hash]


def test_no_response_carries_an_id_number(api, staff, principal, home):
    responses = []
    api.force_login(staff)
    student_body = {
        "name": "林小明",
        "gender": "M",
        "birth_date": "2013-06-01",
        "school": home.school.pk,
        "id_number": STUDENT_ID,
        "school_year": "2019-2020",
        "level": "primary",
        "grade": 1,
    }
    teacher_body = {
        "name": "陈老师",
        "gender": "F",
        "birth_date": "1988-07-02",
        "school": home.school.pk,
        "education": "bachelor",
        "id_number": TEACHER_ID.lower(),
    }

    # when: every way a client can see a student or a teacher
    responses.append(api.post("/api/registry/students/", student_body, format="json"))
    responses.append(api.post("/api/registry/teachers/", teacher_body, format="json"))
    student = Student.objects.get(pk=responses[0].json()["id"])
    teacher = Teacher.objects.get(pk=responses[1].json()["id"])
    for url in (
        "/api/registry/students/",
        f"/api/registry/students/{student.pk}/",
        "/api/registry/teachers/",
        f"/api/registry/teachers/{teacher.pk}/",
        f"/api/registry/enrollments/?student={student.pk}",
    ):
        responses.append(api.get(url))
        responses.append(api.options(url))
    responses.append(api.patch(f"/api/registry/students/{student.pk}/", {"ethnicity": "回族"}, format="json"))
    responses.append(
        api.put(f"/api/registry/teachers/{teacher.pk}/", {**teacher_body, "name": "陈红"}, format="json")
    )
    responses.append(api.post("/api/registry/students/", student_body, format="json"))  # duplicate: 400
    responses.append(api.post("/api/registry/teachers/", teacher_body, format="json"))  # duplicate: 400
    api.force_login(principal)
    responses.append(api.get("/api/registry/students/"))
    responses.append(api.get(f"/api/registry/students/{student.pk}/?format=json"))

    # then
    statuses = [r.status_code for r in responses]
    assert statuses[:2] == [201, 201]
    assert statuses[-4:-2] == [400, 400]
    assert set(statuses[2:-4] + statuses[-2:]) == {200}
    assert responses[2].json()["results"][0]["id_number_masked"] == STUDENT_ID[:6] + "*" * 12
    forbidden = _secrets(student) + _secrets(teacher) + [TEACHER_ID.lower()]
    for response in responses:
        body = response.content.decode()
        for secret in forbidden:
            assert secret not in body, (response.request["PATH_INFO"], response.status_code)


def test_serialised_rows_hold_no_secret_fields(api, staff, home):
    StudentFactory(school=home.school)
    TeacherFactory(school=home.school)
    api.force_login(staff)

    for url in ("/api/registry/students/", "/api/registry/teachers/"):
        row = api.get(url).json()["results"][0]
        assert "id_number_masked" in row
        assert not {"id_number", "id_number_encrypted", "id_number_hash"} & set(row)


def test_audit_entries_of_api_writes_hold_no_id_number(api, staff, home):
    api.force_login(staff)
    api.post(
        "/api/registry/teachers/",
        {
            "name": "王老师",
            "gender": "M",
            "birth_date": "1988-07-02",
            "school": home.school.pk,
            "education": "bachelor",
            "id_number": TEACHER_ID,
        },
        format="json",
    )

    logged = " ".join(str(e.before) + str(e.after) for e in AuditEntry.objects.all())
    teacher = Teacher.objects.get()
    assert TEACHER_ID[:6] + "********" in logged
    for secret in _secrets(teacher):
        assert secret not in logged


def test_birth_date_only_under_view_personal_and_a_round_trip_keeps_it(api, staff, home):
    # given a student, and staff who may edit students but hold no permission for personal data
    student = StudentFactory(school=home.school, birth_date=dt.date(2013, 6, 1), id_number=STUDENT_ID)
    api.force_login(staff)
    url = f"/api/registry/students/{student.pk}/"

    # when staff read the student and put the same body back
    body = api.get(url).json()
    listed = api.get("/api/registry/students/").json()["results"][0]
    put = api.put(url, {**body, "ethnicity": "回族"}, format="json")

    # then they see the year only, and the date survives their write
    assert (body["birth_date"], body["birth_year"]) == (None, 2013)
    assert (listed["birth_date"], listed["birth_year"]) == (None, 2013)
    assert put.status_code == 200, put.json()
    student.refresh_from_db()
    assert (student.birth_date, student.ethnicity) == (dt.date(2013, 6, 1), "回族")
    # and a new student without a birth date is refused, naming the field
    new = {
        **body,
        "birth_date": None,
        "id_number": make_id_number(809, dt.date(2013, 6, 1)),
        "school_year": "2019-2020",
        "level": "primary",
        "grade": 1,
    }
    created = api.post("/api/registry/students/", new, format="json")
    assert created.status_code == 400 and "birth_date" in created.json()


def test_birth_date_in_full_under_view_personal(api, district, home):
    clerk = UserFactory(username="api-clerk")
    role_assign(actor=None, user=clerk, role=Role.PRINCIPAL, school=home.school, can_view_personal=True)
    student = StudentFactory(school=home.school, birth_date=dt.date(2013, 6, 1), id_number=STUDENT_ID)
    teacher = TeacherFactory(school=home.school, birth_date=dt.date(1988, 7, 2), id_number=TEACHER_ID)
    api.force_login(clerk)

    assert api.get(f"/api/registry/students/{student.pk}/").json()["birth_date"] == "2013-06-01"
    assert api.get("/api/registry/teachers/").json()["results"][0]["birth_date"] == "1988-07-02"
    assert api.get(f"/api/registry/teachers/{teacher.pk}/").json()["birth_date"] == "1988-07-02"
