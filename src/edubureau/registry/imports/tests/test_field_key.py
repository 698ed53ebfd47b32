"""Re-importing registered students under another field key refuses instead of registering them twice."""

import pytest
from cryptography.fernet import Fernet

from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.workbooks import student_row
from edubureau.registry.models import Student


@pytest.mark.parametrize("other_key", [None, Fernet.generate_key().decode()], ids=["missing", "wrong"])
def test_reimport_under_another_key_refuses(district, staff, students_xlsx, settings, tmp_path, other_key):
    # given two students imported under the key in use
    path = students_xlsx([student_row(district.school.code, 1), student_row(district.school.code, 2)])
    assert import_run(actor=staff, kind="students", source=path, school_year="2019-2020").ok
    # when the same workbook comes again under a missing or another key
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    settings.FIELD_ENCRYPTION_KEY = other_key
    result = import_run(actor=staff, kind="students", source=path, school_year="2019-2020")
    # then nothing is imported, the reason names the key, and nobody is registered twice
    assert not result.ok
    assert "字段加密密钥" in result.errors[0].reason
    assert Student.objects.count() == 2
    assert not (tmp_path / "field.key").exists()
