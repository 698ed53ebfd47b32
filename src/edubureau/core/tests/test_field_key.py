"""The field key (issue 8, item 12): never replaced by a new one while ID numbers are stored in the database."""

import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from edubureau.core import crypto
from edubureau.registry.testing.factories import StudentFactory, make_id_number


@pytest.fixture
def key_file(settings, tmp_path):
    """No key configured, and ``var/field.key`` pointed at an empty folder."""
    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    settings.FIELD_ENCRYPTION_KEY = None
    return settings.FIELD_KEY_FILE


def check_errors() -> str:
    with pytest.raises(SystemCheckError) as caught:
        call_command("check")
    return str(caught.value)


def test_settings_read_the_key_but_never_write_one(tmp_path):
    # given an empty var folder and no EDUBUREAU_FIELD_KEY
    env = {k: v for k, v in os.environ.items() if k != "EDUBUREAU_FIELD_KEY"} | {
        "EDUBUREAU_VAR_DIR": str(tmp_path)
    }
    code = "from edubureau import settings; print(settings.FIELD_ENCRYPTION_KEY)"
    # when the settings are loaded
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    # then there is no key, and none was written
    assert out.stdout.strip() == "None"
    assert not (tmp_path / "field.key").exists()


def test_check_refuses_a_missing_key_once_ids_are_stored(db, settings, key_file):
    # given a student stored under the key in use
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    StudentFactory()
    # when the key file is lost
    settings.FIELD_ENCRYPTION_KEY = None
    # then `edubureau check` stops, in Chinese and English, and no new key is generated
    errors = check_errors()
    assert "edubureau.E001" in errors
    assert "字段加密密钥缺失：数据库中已有加密的身份证件号" in errors
    assert "The field encryption key is missing" in errors
    with pytest.raises(crypto.FieldKeyError):
        crypto.encrypt(make_id_number(5))
    assert not key_file.exists()


def test_check_refuses_a_wrong_key(db, settings):
    StudentFactory()
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    errors = check_errors()
    assert "字段加密密钥与数据库不匹配" in errors and "does not match the database" in errors


def test_check_refuses_a_malformed_key_even_on_an_empty_database(db, settings):
    settings.FIELD_ENCRYPTION_KEY = "not-a-fernet-key"
    assert "不是有效的 Fernet 密钥" in check_errors()


def test_check_passes_with_the_key_in_use(db):
    StudentFactory()
    call_command("check")


def test_a_key_is_generated_while_nothing_is_encrypted(db, key_file):
    # given no key and no encrypted value: a fresh install (make run)
    assert crypto.field_key_problem() is None
    call_command("check")
    # when the first ID number is stored
    student = StudentFactory()
    # then a key was written (owner-only) and reads the number back
    assert key_file.read_text().strip()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert student.id_number == crypto.decrypt(student.id_number_encrypted)


def test_commands_refuse_to_run_on_a_missing_key(db, settings, key_file, tmp_path):
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    StudentFactory()
    settings.FIELD_ENCRYPTION_KEY = None
    with pytest.raises(SystemCheckError, match="edubureau.E001"):
        call_command("registry", "import", "students", str(tmp_path / "any.xlsx"), skip_checks=False)
    with pytest.raises(SystemCheckError, match="edubureau.E001"):
        call_command("demo_logins", skip_checks=False)


@pytest.mark.django_db
def test_a_key_created_inside_a_settings_override_outlives_it(settings, tmp_path):
    """The key file written on first use is the key afterwards, even where the settings that were in force
    then (a test's override) are gone: the check reads the file again rather than a forgotten setting."""
    from django.test import override_settings

    settings.FIELD_KEY_FILE = tmp_path / "field.key"
    settings.FIELD_ENCRYPTION_KEY = None
    with override_settings(LANGUAGE_CODE="zh-hans"):
        crypto.encrypt("first use")  # generates the key inside the override
    assert settings.FIELD_ENCRYPTION_KEY is None  # the override took its assignment with it
    StudentFactory()  # a stored value under the generated key
    crypto.field_key_require()  # the key in use still reads it
    assert crypto.configured_key() == (tmp_path / "field.key").read_text().strip()
