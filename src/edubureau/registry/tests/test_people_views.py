"""Teacher and student lists and pages: scope, filters, query counts, masked ID numbers, reveal, export."""

import pytest
from django.urls import reverse

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.audit import history
from edubureau.core.models import AuditEntry
from edubureau.core.services import object_update
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)
from edubureau.registry.tests.conftest import enrolled_class, read_xlsx

pytestmark = pytest.mark.django_db

TEACHERS = reverse("registry:teacher_list")
STUDENTS = reverse("registry:student_list")


def _pks(response) -> set[int]:
    return {row.pk for row in response.context["object_list"]}


# --- teachers ------------------------------------------------------------------------------------------


def test_teacher_scope(login, client, district, principal, teacher_user):
    own = TeacherFactory(school=district.school)
    other = TeacherFactory(school=district.other_school)
    c = login(principal)
    assert _pks(c.get(TEACHERS)) == {own.pk}
    assert c.get(reverse("registry:teacher_detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("registry:teacher_detail", args=[other.pk])).status_code == 404
    # the teacher role may view its school, not the staff list
    assert _pks(login(teacher_user).get(TEACHERS)) == set()
    assert login(teacher_user).get(reverse("registry:teacher_detail", args=[own.pk])).status_code == 404
    client.logout()
    for url in (
        TEACHERS,
        reverse("registry:teacher_export"),
        reverse("registry:teacher_detail", args=[own.pk]),
    ):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_teacher_filters(login, district, staff):
    math = TeacherFactory(
        school=district.school, main_subject="数学", title_rank="senior", on_establishment=False
    )
    pe = TeacherFactory(
        school=district.other_school, main_subject="语文", subjects="语文,体育", backbone_level="city"
    )
    plain = TeacherFactory(school=district.school, main_subject="语文", title_rank="")
    c = login(staff)
    assert _pks(c.get(TEACHERS, {"subject": "数学"})) == {math.pk}
    assert _pks(c.get(TEACHERS, {"subject": "体育"})) == {pe.pk}
    assert _pks(c.get(TEACHERS, {"title_rank": "senior"})) == {math.pk}
    assert _pks(c.get(TEACHERS, {"title_rank": "any"})) == {math.pk}
    assert _pks(c.get(TEACHERS, {"on_establishment": "false"})) == {math.pk}
    assert _pks(c.get(TEACHERS, {"on_establishment": "true"})) == {pe.pk, plain.pk}
    assert _pks(c.get(TEACHERS, {"backbone_level": "any"})) == {pe.pk}
    assert _pks(c.get(TEACHERS, {"backbone_level": "city"})) == {pe.pk}
    assert _pks(c.get(TEACHERS, {"school": district.school.pk})) == {math.pk, plain.pk}


@pytest.mark.parametrize("count", [3, 30])
def test_teacher_list_query_count(login, district, staff, django_assert_num_queries, count):
    TeacherFactory.create_batch(count, school=district.school)
    c = login(staff)
    # session, user, role assignments, count, page, choices of town and school, unread messages
    with django_assert_num_queries(8):
        response = c.get(TEACHERS)
    assert len(response.context["object_list"]) == count


def test_teacher_pages_and_export_mask_id_numbers(login, district, principal):
    teacher = TeacherFactory(school=district.school, name="陈老师")
    c = login(principal)
    assert teacher.id_number not in c.get(TEACHERS).content.decode()
    detail = c.get(reverse("registry:teacher_detail", args=[teacher.pk])).content.decode()
    assert teacher.id_number_masked in detail and teacher.id_number not in detail
    rows = read_xlsx(c.get(reverse("registry:teacher_export"), HTTP_ACCEPT_LANGUAGE="en"))
    assert rows[0][:4] == ["staff number", "full name", "gender", "ID number"]
    assert rows[1][1:4] == ["陈老师", "female", teacher.id_number_masked]


# --- students: scope and filters -----------------------------------------------------------------------


def _student(school, *, year="2019-2020", grade=1, status="enrolled", school_class=None, **fields):
    student = StudentFactory(school=school, **fields)
    EnrollmentFactory(
        student=student, school_year=year, grade=grade, status=status, school_class=school_class
    )
    return student


def test_student_scope(login, client, district, principal):
    own = _student(district.school)
    other = _student(district.other_school)
    c = login(principal)
    assert _pks(c.get(STUDENTS)) == {own.pk}
    assert c.get(reverse("registry:student_detail", args=[own.pk])).status_code == 200
    assert c.get(reverse("registry:student_detail", args=[other.pk])).status_code == 404
    assert c.get(reverse("registry:student_detail", args=[other.pk]), {"tab": "history"}).status_code == 404
    client.logout()
    for url in (
        STUDENTS,
        reverse("registry:student_export"),
        reverse("registry:student_detail", args=[own.pk]),
    ):
        assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_student_list_shows_the_latest_year_by_default(login, district, staff):
    k = SchoolClassFactory(school=district.school, name="三年级(2)班", grade=3)
    current = _student(district.school, grade=3, school_class=k)
    EnrollmentFactory(student=current, school_year="2018-2019", grade=2)
    left = _student(district.school, year="2018-2019", grade=6, status="graduated")
    c = login(staff)
    response = c.get(STUDENTS)
    assert _pks(response) == {current.pk}
    row = response.context["object_list"][0]
    assert (row.year_grade_name, row.year_class, row.year_grade) == ("三年级", "三年级(2)班", 3)
    assert _pks(c.get(STUDENTS, {"school_year": "2018-2019"})) == {current.pk, left.pk}


def test_student_filters(login, district, staff):
    a = _student(district.school, grade=2, migrant_child=True)
    b = _student(district.school, grade=3, status="suspended", left_behind="both_parents")
    d = _student(district.other_school, grade=3, disability="hearing")
    e = _student(district.other_school, grade=3, disability="physical")
    c = login(staff)
    assert _pks(c.get(STUDENTS, {"grade": 3})) == {b.pk, d.pk, e.pk}
    assert _pks(c.get(STUDENTS, {"status": "suspended"})) == {b.pk}
    assert _pks(c.get(STUDENTS, {"grade": 3, "status": "enrolled"})) == {d.pk, e.pk}
    assert _pks(c.get(STUDENTS, {"school": district.school.pk})) == {a.pk, b.pk}
    assert _pks(c.get(STUDENTS, {"town": district.other_town.pk})) == {d.pk, e.pk}
    assert _pks(c.get(STUDENTS, {"migrant_child": "true"})) == {a.pk}
    assert _pks(c.get(STUDENTS, {"left_behind": "any"})) == {b.pk}
    assert _pks(c.get(STUDENTS, {"disability": "any"})) == {d.pk, e.pk}
    assert _pks(c.get(STUDENTS, {"disability": "three"})) == {d.pk}


def test_enrolment_filters_hold_for_the_same_year(login, district, staff):
    # given a pupil in grade 2 last year and grade 3 this year
    student = _student(district.school, grade=3)
    EnrollmentFactory(student=student, school_year="2018-2019", grade=2)
    c = login(staff)
    # then grade 2 matches in 2018-2019 only
    assert _pks(c.get(STUDENTS, {"school_year": "2019-2020", "grade": 2})) == set()
    assert _pks(c.get(STUDENTS, {"school_year": "2018-2019", "grade": 2})) == {student.pk}


@pytest.mark.parametrize("count", [3, 30])
def test_student_list_query_count(login, district, staff, django_assert_num_queries, count):
    k = SchoolClassFactory(school=district.school)
    for _ in range(count):
        _student(district.school, school_class=k)
    c = login(staff)
    # session, user, latest year, role assignments, count, page, choices of town and school, unread messages
    with django_assert_num_queries(9):
        response = c.get(STUDENTS)
    assert len(response.context["object_list"]) == count


def test_enrolment_history_by_year(login, district, principal):
    student = _student(district.school, grade=2)
    EnrollmentFactory(student=student, school_year="2018-2019", grade=1, school=district.other_school)
    response = login(principal).get(reverse("registry:student_detail", args=[student.pk]))
    years = [(e.school_year, e.school.name) for e in response.context["enrollments"]]
    assert years == [("2019-2020", district.school.name), ("2018-2019", district.other_school.name)]


# --- students: ID numbers ------------------------------------------------------------------------------


def test_clear_id_never_in_a_principals_pages(login, district, principal):
    k = SchoolClassFactory(school=district.school)
    student = _student(district.school, school_class=k)
    object_update(actor=principal, obj=student, data={"name": "改名学生"})
    c = login(principal)
    pages = [
        STUDENTS,
        reverse("registry:student_detail", args=[student.pk]),
        reverse("registry:student_detail", args=[student.pk]) + "?tab=history",
        reverse("registry:class_detail", args=[k.pk]),
        reverse("registry:school_detail", args=[district.school.pk]) + "?tab=history",
        reverse("core:history", args=["registry", "student", student.pk]),
    ]
    for url in pages:
        html = c.get(url).content.decode()
        assert student.id_number not in html, url
        assert student.id_number[6:14] not in html, url  # not even the birth-date middle
    assert student.id_number_masked in c.get(STUDENTS).content.decode()
    # and there is no reveal button, and the reveal answers 404
    assert (
        'data-testid="reveal-id"'
        not in c.get(reverse("registry:student_detail", args=[student.pk])).content.decode()
    )
    assert c.post(reverse("registry:student_reveal_id", args=[student.pk])).status_code == 404


def test_reveal_for_view_personal_is_audited(login, district, clerk):
    student = _student(district.school)
    other = _student(district.other_school)
    c = login(clerk)
    detail = c.get(reverse("registry:student_detail", args=[student.pk])).content.decode()
    assert 'data-testid="reveal-id"' in detail and student.id_number not in detail
    # when revealed through htmx
    response = c.post(reverse("registry:student_reveal_id", args=[student.pk]), HTTP_HX_REQUEST="true")
    # then the number is in the fragment, the response is not cached, and the reveal is logged
    assert response.status_code == 200
    assert student.id_number in response.content.decode()
    assert "<html" not in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    entry = history(student).first()
    assert (entry.action, entry.actor) == ("registry.student.reveal_id", clerk)
    # without JavaScript the student page shows it
    page = c.post(reverse("registry:student_reveal_id", args=[student.pk])).content.decode()
    assert student.id_number in page
    # never outside the permission's scope, never by GET
    assert c.post(reverse("registry:student_reveal_id", args=[other.pk])).status_code == 404
    assert c.get(reverse("registry:student_reveal_id", args=[student.pk])).status_code == 405


def test_export_is_masked_by_default(login, district, principal, clerk):
    student = _student(district.school, grade=2, migrant_child=True)
    for user in (principal, clerk):
        rows = read_xlsx(login(user).get(reverse("registry:student_export"), HTTP_ACCEPT_LANGUAGE="en"))
        assert rows[0][:5] == ["full name", "gender", "birth date", "ID number", "school"]
        assert len(rows) == 2
        assert rows[1][3] == student.id_number_masked
        assert rows[1][7] == "二年级" and rows[1][10] == "是"
    # asking for full numbers without the permission changes nothing
    rows = read_xlsx(login(principal).get(reverse("registry:student_export"), {"id_numbers": "full"}))
    assert rows[1][3] == student.id_number_masked
    assert not AuditEntry.objects.filter(action="registry.student.export_id").exists()


def test_full_id_export_only_on_rows_under_view_personal(login, district, staff):
    # given a user who views the whole county but holds view_personal for one school only
    user = UserFactory(username="mixed")
    role_assign(actor=None, user=user, role=Role.LEADER, area=district.county)
    role_assign(actor=None, user=user, role=Role.PRINCIPAL, school=district.school, can_view_personal=True)
    own = _student(district.school, name="甲")
    other = _student(district.other_school, name="乙")
    # when exporting with full numbers
    rows = read_xlsx(login(user).get(reverse("registry:student_export"), {"id_numbers": "full"}))
    # then the own school's row is clear and the other masked, and only the clear one is logged
    ids = {row[0]: row[3] for row in rows[1:]}
    assert ids == {"甲": own.id_number, "乙": other.id_number_masked}
    logged = AuditEntry.objects.filter(action="registry.student.export_id")
    assert [(e.object_id, e.actor) for e in logged] == [(str(own.pk), user)]


def test_export_follows_filters(login, district, staff):
    _student(district.school, grade=1)
    wanted = _student(district.school, grade=4)
    rows = read_xlsx(login(staff).get(reverse("registry:student_export"), {"grade": 4}))
    assert [r[0] for r in rows[1:]] == [wanted.name]


def test_big_class_pupils_all_masked(login, district, principal):
    k = enrolled_class(district.school, 5)
    html = login(principal).get(STUDENTS).content.decode()
    for e in k.enrollments.select_related("student"):
        assert e.student.id_number not in html
