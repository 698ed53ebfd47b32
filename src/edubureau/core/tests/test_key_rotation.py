"""`edubureau keys rotate` (issue 8, item 12): interrupted, resumed, and afterwards nobody is registered twice."""

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.core.management.base import CommandError, SystemCheckError

from edubureau.core import crypto
from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, student_row, write_xlsx
from edubureau.registry.models import Student, Teacher
from edubureau.registry.testing.factories import TeacherFactory


def opens(key: str, token: str) -> bool:
    try:
        Fernet(key.encode()).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


@pytest.fixture
def workbook(district, tmp_path):
    rows = [student_row(district.school.code, n) for n in range(1, 6)]
    return write_xlsx(tmp_path / "students.xlsx", [STUDENT_HEADER, *rows])


def test_rotation_resumes_and_keeps_look_ups(district, staff, settings, tmp_path, workbook):
    # given five imported students and two teachers under the key in var/field.key
    assert import_run(actor=staff, kind="students", source=workbook, school_year="2019-2020").ok
    TeacherFactory.create_batch(2, school=district.school)
    old = crypto.configured_key()
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    settings.FIELD_KEY_FILE.write_text(old)
    numbers = {s.pk: s.id_number for s in Student.objects.all()}

    # when a rotation stops after one batch of two rows
    call_command("keys", "rotate", "--batch-size", "2", "--max-batches", "1")
    # then two values are under the new key, the other five under the old, and every command refuses
    new = (tmp_path / "field.key.next").read_text().strip()
    tokens = [t for m in (Student, Teacher) for t in m.objects.values_list("id_number_encrypted", flat=True)]
    assert sorted(opens(new, t) for t in tokens) == [False] * 5 + [True] * 2
    assert sum(opens(old, t) for t in tokens) == 5
    with pytest.raises(SystemCheckError, match="keys rotate"):
        call_command("check")

    # when it runs again
    call_command("keys", "rotate", "--batch-size", "2")
    # then the new key is the key, the old one is kept beside it, and every value is under the new key only
    assert settings.FIELD_KEY_FILE.read_text().strip() == new == settings.FIELD_ENCRYPTION_KEY
    assert [p.read_text().strip() for p in tmp_path.glob("field.key.old-*")] == [old]
    assert not (tmp_path / "field.key.next").exists()
    for model in (Student, Teacher):
        for token in model.objects.values_list("id_number_encrypted", flat=True):
            assert opens(new, token) and not opens(old, token)
    for student in Student.objects.all():
        assert student.id_number == numbers[student.pk]
        assert student.id_number_hash == crypto.keyed_hash(student.id_number)
    call_command("check")
    # and re-importing the same students finds them: no one registered twice
    again = import_run(actor=staff, kind="students", source=workbook, school_year="2019-2020")
    assert not again.ok and {e.reason for e in again.errors} == {"该身份证件号已有学籍"}
    assert Student.objects.count() == 5


def test_rotation_to_a_given_key_refuses_a_wrong_current_key(db, settings, tmp_path, monkeypatch):
    # given a teacher stored under the real key, and another key configured
    TeacherFactory()
    real = crypto.configured_key()
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    monkeypatch.setenv("EB_NEW_KEY", Fernet.generate_key().decode())
    # when rotating, it refuses before starting
    with pytest.raises(CommandError, match="不匹配"):
        call_command("keys", "rotate", "--new-key-env", "EB_NEW_KEY")
    # then nothing changed: no rotation is pending and the value is still under the real key
    assert not (tmp_path / "field.key.next").exists()
    assert opens(real, Teacher.objects.get().id_number_encrypted)
