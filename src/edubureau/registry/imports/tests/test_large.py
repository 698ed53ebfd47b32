"""A district's worth of 学籍 in one workbook (the timing budget is bench/import_students.py's job)."""

import pytest

from edubureau.core.models import AuditEntry
from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, student_rows, write_xlsx
from edubureau.registry.models import Enrollment, SchoolClass, Student
from edubureau.registry.testing.factories import SchoolFactory

ROWS = 70_000


@pytest.mark.slow
def test_seventy_thousand_students_import_in_one_go(district, tmp_path):
    # given 20 schools of three kinds and a 70,000-row workbook
    kinds = ["primary"] * 12 + ["junior"] * 5 + ["nine_year"] * 3
    schools = [(SchoolFactory(area=district.town, kind=kind).code, kind) for kind in kinds]
    path = write_xlsx(tmp_path / "students.xlsx", [STUDENT_HEADER, *student_rows(schools, ROWS)], large=True)
    progress = []
    # when
    result = import_run(
        actor=None,
        kind="students",
        source=path,
        school_year="2019-2020",
        progress=lambda done, total: progress.append((done, total)),
    )
    # then
    assert result.ok, result.errors[:5]
    assert result.imported == ROWS
    assert Student.objects.count() == ROWS == Enrollment.objects.count()
    assert not Enrollment.objects.filter(school_class=None).exists()
    assert SchoolClass.objects.count() == Enrollment.objects.values("school_class").distinct().count()
    assert AuditEntry.objects.filter(action="registry.student.create").count() == ROWS
    assert AuditEntry.objects.filter(action="registry.enrollment.create").count() == ROWS
    # progress was reported all along, ending complete
    assert len(progress) > 10 and progress[-1] == (ROWS, ROWS)
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)
