"""Student (CNSSIS 学籍) imports through the service: all rows or none, every problem reported."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl.utils.datetime import to_excel

from edubureau.core import audit, crypto
from edubureau.core.models import AuditEntry
from edubureau.registry import choices as c
from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, student_row, student_rows
from edubureau.registry.models import Enrollment, SchoolClass, Student
from edubureau.registry.testing.factories import SchoolClassFactory, StudentFactory, make_id_number

YEAR = "2019-2020"


def run(actor, path, **kw):
    return import_run(actor=actor, kind="students", source=path, school_year=YEAR, **kw)


def test_good_rows_become_students_enrollments_and_classes(district, staff, students_xlsx, junior):
    # given
    code, jcode = district.school.code, junior.code
    path = students_xlsx(
        [
            student_row(code, 1, grade="一年级", klass="1班"),
            student_row(code, 2, grade="一年级", klass="一年级(1)班"),
            student_row(code, 3, grade="三年级", klass="2班", 是否留守儿童="双亲留守", 残疾类型="听力残疾"),
            student_row(jcode, 4, grade="七年级", klass="3班", 户口性质="非农业户口", 入学年月="2019.9"),
        ]
    )
    # when
    result = run(staff, path)
    # then
    assert result.ok, result.errors
    assert (result.rows, result.imported) == (4, 4)
    first = Student.objects.get(name="学生1")
    assert first.id_number == make_id_number(1, dt.date(2010, 1, 1))
    assert first.id_number_masked == "350505" + "*" * 12
    assert (first.school, first.county) == (district.school, district.county)
    third = Student.objects.get(name="学生3")
    assert (third.left_behind, third.disability) == (c.LeftBehind.BOTH_PARENTS, c.Disability.HEARING)
    enrollment = Enrollment.objects.get(student__name="学生4")
    assert (enrollment.school, enrollment.level, enrollment.grade) == (junior, c.Level.JUNIOR, 1)
    assert enrollment.school_class.name == "初一(3)班"
    assert enrollment.entry_date == dt.date(2019, 9, 1)
    assert enrollment.school_year == YEAR
    # the import writes the pupil's birth year and disability on the enrolment (registry.triggers)
    assert set(Enrollment.objects.values_list("student__name", "birth_year", "disability")) == {
        ("学生1", 2010, ""),
        ("学生2", 2010, ""),
        ("学生3", 2010, "hearing"),
        ("学生4", 2010, ""),
    }
    # 1班 and 一年级(1)班 are one class
    assert sorted(SchoolClass.objects.values_list("name", flat=True)) == [
        "一年级(1)班",
        "三年级(2)班",
        "初一(3)班",
    ]
    assert Enrollment.objects.filter(school_class__name="一年级(1)班").count() == 2


def test_every_created_object_is_audited_with_the_actor(district, staff, students_xlsx):
    path = students_xlsx([student_row(district.school.code, n) for n in range(3)])
    assert run(staff, path).ok
    entries = AuditEntry.objects.filter(actor=staff)
    assert entries.filter(action="registry.student.create").count() == 3
    assert entries.filter(action="registry.enrollment.create").count() == 3
    assert entries.filter(action="registry.schoolclass.create").count() == 1
    student = Student.objects.first()
    after = entries.get(action="registry.student.create", object_id=str(student.pk)).after
    assert after["name"] == student.name and after["id_number_masked"] == student.id_number_masked
    assert "id_number_encrypted" not in after and "id_number_hash" not in after


def test_the_audit_entries_of_an_import_hold_what_an_edit_would_record(district, staff, students_xlsx):
    """Rows go in as tuples, not model instances: their entries still carry each object's whole snapshot."""
    path = students_xlsx([student_row(district.school.code, n, 入学年月="2019-09") for n in range(2)])
    assert run(staff, path).ok
    for model, action in ((Student, "registry.student.create"), (Enrollment, "registry.enrollment.create")):
        for obj in model.objects.all():
            entry = AuditEntry.objects.get(action=action, object_id=str(obj.pk))
            assert entry.after == audit.snapshot(obj)
            assert entry.object_repr == str(obj)


def test_existing_classes_are_reused(district, staff, students_xlsx):
    klass = SchoolClassFactory(
        school=district.school, school_year=YEAR, level="primary", grade=1, name="一年级(1)班"
    )
    assert run(staff, students_xlsx([student_row(district.school.code, 1, klass="1班")])).ok
    assert Enrollment.objects.get().school_class == klass
    assert SchoolClass.objects.count() == 1


def test_a_workbook_with_bad_rows_imports_nothing_and_reports_every_bad_row(district, staff, students_xlsx):
    # given one good row and a bad row of every kind
    code = district.school.code
    registered = StudentFactory(school=district.school)
    bad_digit = make_id_number(7, dt.date(2010, 1, 1))[:17] + "0"
    if bad_digit == make_id_number(7, dt.date(2010, 1, 1)):
        bad_digit = bad_digit[:17] + "1"
    rows = [
        student_row(code, 1),  # row 2: good
        student_row(code, 2, 姓名=""),  # row 3: required cell empty
        student_row(code, 1),  # row 4: same ID number as row 2
        student_row(code, 7, 身份证件号=bad_digit),  # row 5: bad check digit
        student_row(code, 8, 出生日期="2010-02-30"),  # row 6: impossible date
        student_row("3199999999", 9),  # row 7: unknown school code
        student_row(code, 10, 身份证件号=registered.id_number, 出生日期="2012-09-01"),  # row 8: registered
        student_row(code, 11, 年级="初一"),  # row 9: a primary school has no 初一
    ]
    # when
    result = run(staff, students_xlsx(rows))
    # then nothing is written …
    assert not result.ok
    assert result.imported == 0
    assert Student.objects.count() == 1 and Enrollment.objects.count() == 0
    assert not SchoolClass.objects.exists()
    # … and each bad row is reported with its Excel row number, column, reason and fix
    by_row = {e.row: e for e in result.errors}
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9]
    assert (by_row[3].column, by_row[3].reason) == ("姓名", "必填项为空")
    assert by_row[4].column == "身份证件号" and "与第2行的身份证件号重复" in by_row[4].reason
    assert "校验码错误" in by_row[5].reason
    assert by_row[6].column == "出生日期" and "2010年2月没有30日" in by_row[6].reason
    assert by_row[7].column == "学校标识码" and by_row[7].value == "3199999999"
    assert "已有学籍" in by_row[8].reason
    assert by_row[9].column == "年级"
    assert all(e.fix for e in result.errors)
    # … with no ID number in clear
    report = repr([e.as_dict() for e in result.errors])
    for n in (1, 7, 10):
        assert make_id_number(n, dt.date(2010, 1, 1)) not in report
    assert bad_digit not in report and registered.id_number not in report
    assert by_row[4].value == crypto.mask_id_number(make_id_number(1, dt.date(2010, 1, 1)))


def test_a_missing_required_column_is_reported_on_the_header_row(district, staff, xlsx):
    header = [h for h in STUDENT_HEADER if h != "身份证件号"]
    rows = [
        [
            v
            for h, v in zip(STUDENT_HEADER, student_row(district.school.code, 1), strict=True)
            if h != "身份证件号"
        ]
    ]
    result = run(staff, xlsx([header, *rows]))
    assert not result.ok and not Student.objects.exists()
    assert [(e.row, e.column) for e in result.errors] == [(1, "身份证件号")]
    assert "缺少必填列" in result.errors[0].reason and "身份证号" in result.errors[0].fix


def test_files_that_are_not_workbooks_are_rejected_cleanly(staff, tmp_path):
    path = tmp_path / "students.xlsx"
    path.write_text("学校标识码,姓名\n")
    result = run(staff, path)
    assert not result.ok and result.errors[0].row is None
    assert "不是 Excel 工作簿" in result.errors[0].reason


def test_messy_real_world_workbooks_are_tolerated(district, staff, xlsx):
    """Title row, two header rows, columns in another order, full-width characters, trailing spaces,
    blank rows and every date spelling."""
    code = district.school.code
    births = [dt.date(2010, 1, 1) + dt.timedelta(days=d) for d in range(7)]
    ids = [make_id_number(n, b) for n, b in enumerate(births)]
    date_cells = [
        "2010-01-01",
        "2010.1.2",
        "2010/1/3",
        "2010年1月4日",
        to_excel(dt.datetime(2010, 1, 5)),
        dt.datetime(2010, 1, 6),
        "20100107",
    ]
    rows = [
        ["泉港区2019年秋季学生名册", None, None, None, None, None, None, None],
        ["基本信息", None, None, None, None, "学籍信息", None, None],
        ["姓名 ", "身份证号码", "性别", "出生日期", "学校标识码 ", "年级", "班级", "入学年月"],
    ]
    for i, (number, born) in enumerate(zip(ids, date_cells, strict=True)):
        if i == 3:
            rows.append([None] * 8)  # a blank row in the middle
        fullwidth_code = code.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        rows.append(
            [
                f" 学生{i}  ",
                number.translate(str.maketrans("0123456789X", "０１２３４５６７８９Ｘ"))
                if i == 2
                else number,
                "女 ",
                born,
                fullwidth_code if i % 2 else code,
                "一年级",
                "（１）班" if i == 1 else "1班",
                ["201909", 201909, "2019-09", "2019.9", "2019年9月", "2019/09", "2019-09-01"][i],
            ]
        )
    rows.append([None] * 8)
    result = run(staff, xlsx(rows))
    assert result.ok, result.errors
    assert result.imported == 7
    students = {s.name: s for s in Student.objects.all()}
    assert sorted(students) == [f"学生{i}" for i in range(7)]
    assert [students[f"学生{i}"].birth_date for i in range(7)] == births
    assert students["学生2"].id_number == ids[2]
    assert set(Enrollment.objects.values_list("entry_date", flat=True)) == {dt.date(2019, 9, 1)}
    assert list(SchoolClass.objects.values_list("name", flat=True)) == ["一年级(1)班"]


def test_a_principal_imports_only_into_their_own_school(district, principal, students_xlsx):
    own, other = district.school.code, district.other_school.code
    result = run(principal, students_xlsx([student_row(own, 1), student_row(other, 2)]))
    assert not result.ok and not Student.objects.exists()
    [error] = result.errors
    assert (error.row, error.column, error.value) == (3, "学校标识码", other)
    # worded exactly like an unknown code: another school's existence is not revealed
    assert error.reason == "学校标识码不存在或不在您的管理范围"
    assert run(principal, students_xlsx([student_row(own, 1)])).ok
    assert Student.objects.get().school == district.school


def test_a_school_name_may_stand_in_for_the_code(district, principal, xlsx):
    header = ["学校名称", "姓名", "性别", "出生日期", "身份证件号", "年级"]
    row = student_row(district.school.code, 1)
    values = dict(zip(STUDENT_HEADER, row, strict=True))
    result = run(principal, xlsx([header, [district.school.name, *(values[h] for h in header[1:])]]))
    assert result.ok, result.errors
    assert Student.objects.get().school == district.school


def test_users_without_add_on_students_may_not_import(district, leader, students_xlsx):
    with pytest.raises(PermissionDenied):
        run(leader, students_xlsx([student_row(district.school.code, 1)]))


def test_dry_run_checks_everything_and_writes_nothing(district, staff, students_xlsx):
    result = run(staff, students_xlsx([student_row(district.school.code, n) for n in range(3)]), dry_run=True)
    assert result.ok and result.dry_run and result.rows == 3 and result.imported == 0
    assert (
        not Student.objects.exists()
        and not AuditEntry.objects.filter(action__startswith="registry.").exists()
    )


def test_a_bad_school_year_is_an_error(district, staff, students_xlsx):
    result = import_run(
        actor=staff,
        kind="students",
        source=students_xlsx([student_row(district.school.code, 1)]),
        school_year="2019",
    )
    assert not result.ok and result.errors[0].column == "学年"


def test_queries_do_not_grow_with_rows(district, staff, students_xlsx, django_assert_max_num_queries):
    code = district.school.code
    small = students_xlsx(list(student_rows([(code, "primary")], 5)))
    large = students_xlsx([student_row(code, 1000 + n, klass=f"{n % 3 + 1}班") for n in range(60)])
    with django_assert_max_num_queries(20) as small_run:
        assert run(staff, small).ok
    with django_assert_max_num_queries(20) as large_run:
        assert run(staff, large).ok
    assert len(large_run.captured_queries) <= len(small_run.captured_queries)
    assert Student.objects.count() == 65
