"""`edubureau registry import KIND FILE`: JSON or human output, exit status, run as the system."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from edubureau.core.models import AuditEntry
from edubureau.registry.imports.tests.workbooks import student_row
from edubureau.registry.models import Enrollment, Student
from edubureau.registry.testing.factories import make_id_number


def registry(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("registry", *map(str, args), stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_json_output_of_a_good_import(district, students_xlsx):
    path = students_xlsx([student_row(district.school.code, n) for n in range(3)])
    status, out, _ = registry("import", "students", path, "--school-year", "2018-2019", "--json")
    assert status == 0
    data = json.loads(out)
    assert (data["imported"], data["errors"]) == (3, [])
    assert set(Enrollment.objects.values_list("school_year", flat=True)) == {"2018-2019"}
    # the system has no user: audit entries without an actor
    assert AuditEntry.objects.filter(action="registry.student.create", actor=None).count() == 3


def test_json_errors_and_a_non_zero_exit(district, students_xlsx):
    code = district.school.code
    path = students_xlsx([student_row(code, 1), student_row(code, 1), student_row(code, 2, 性别="未知")])
    status, out, err = registry("import", "students", path, "--json")
    assert status == 1
    data = json.loads(out)
    assert data["imported"] == 0
    assert [(e["row"], e["column"]) for e in data["errors"]] == [(3, "身份证件号"), (4, "性别")]
    assert {"row", "column", "value", "reason"} <= set(data["errors"][0])
    assert make_id_number(1, dt.date(2010, 1, 1)) not in out
    assert "未导入任何数据" in err  # the CLI speaks the UI language, Chinese by default
    assert not Student.objects.exists()


def test_dry_run_writes_nothing(district, students_xlsx):
    path = students_xlsx([student_row(district.school.code, 1)])
    status, out, _ = registry("import", "students", path, "--dry-run", "--json")
    assert status == 0 and json.loads(out)["dry_run"] is True
    assert not Student.objects.exists()


def test_human_output(district, students_xlsx):
    code = district.school.code
    status, out, _ = registry("import", "students", students_xlsx([student_row(code, 1)]))
    assert status == 0 and "新增 1 条" in out
    status, out, _ = registry("import", "students", students_xlsx([student_row("3199999999", 2)]))
    assert status == 1
    assert "第2行 [学校标识码] “3199999999”: 学校标识码不存在或不在您的管理范围 → " in out


def test_a_missing_file_is_an_error_not_a_traceback(db, tmp_path):
    status, out, _ = registry("import", "teachers", tmp_path / "nope.xlsx", "--json")
    assert status == 1 and "无法打开文件" in json.loads(out)["errors"][0]["reason"]


def test_unknown_kind_is_refused(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("registry", "import", "parents", str(tmp_path / "x.xlsx"))
