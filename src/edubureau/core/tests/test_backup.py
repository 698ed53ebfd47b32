"""`edubureau backup` and `edubureau restore` (issue 8, item 13): every table and every file comes back."""

import io
import tarfile

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from edubureau.core import crypto, pagecache
from edubureau.core.backup import BackupError, backup_create, backup_restore
from edubureau.registry.models import Area, Student
from edubureau.registry.testing.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db(transaction=True)

FILES = {"evidence/2019/报告.docx": b"PK\x03\x04 report", "photos/visit-1.jpg": b"\xff\xd8\xff photo"}


@pytest.fixture
def installation(settings, tmp_path, district):
    """A var folder of its own (key files, media) with students, teachers and uploaded files."""
    var = tmp_path / "var"
    var.mkdir()
    settings.VAR_DIR = var
    settings.MEDIA_ROOT = var / "media"
    settings.FIELD_KEY_FILE = var / "field.key"
    StudentFactory.create_batch(3, school=district.school)
    TeacherFactory(school=district.other_school)
    settings.FIELD_KEY_FILE.write_text(crypto.configured_key())
    for name, data in FILES.items():
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return var


def tables() -> dict[str, list]:
    """Every row of every table, in a stable order."""
    quote = connection.ops.quote_name
    out = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608
            rows = [
                tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in cursor.fetchall()
            ]
            out[table] = sorted(rows, key=repr)
    return out


def files() -> dict[str, bytes]:
    root = django_settings.MEDIA_ROOT
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def change_everything():
    Student.objects.filter(pk=Student.objects.order_by("pk").first().pk).delete()
    Student.objects.update(name="改过")
    Area.objects.create(name="新镇", kind="town", parent=Area.objects.get(parent=None), code="350505999")
    root = django_settings.MEDIA_ROOT
    (root / "photos/visit-1.jpg").unlink()
    (root / "evidence/2019/报告.docx").write_bytes(b"changed")
    (root / "stray.txt").write_text("added after the backup")


@pytest.mark.parametrize("passphrase", [None, "correct horse battery staple"], ids=["clear", "passphrase"])
def test_round_trip_restores_every_table_and_file(installation, tmp_path, monkeypatch, capsys, passphrase):
    # given an installation and its backup, made on the command line
    before_tables, before_files = tables(), files()
    archive = tmp_path / "backup.tar.gz"
    options = ["--passphrase-env", "EB_PASSPHRASE"] if passphrase else []
    if passphrase:
        monkeypatch.setenv("EB_PASSPHRASE", passphrase)
    call_command("backup", "--output", str(archive), *options)
    warned = "明文" in capsys.readouterr().err
    assert warned is (passphrase is None)
    with tarfile.open(archive) as tar:
        names = set(tar.getnames())
    assert {"manifest.json", "keys.enc" if passphrase else "keys.json"} <= names
    assert {f"media/{name}" for name in FILES} <= names
    # when everything changes, then the backup is restored
    change_everything()
    assert tables() != before_tables and files() != before_files
    used = pagecache.version()
    call_command("restore", str(archive), *options)
    # then every table and every file is as it was, and the ID numbers read; the pages data version is past
    # every number used before (the servers keep figures of the replaced data under those)
    restored = tables()
    assert pagecache.version() > used
    restored.pop("core_dataversion"), before_tables.pop("core_dataversion")
    assert restored == before_tables
    assert files() == before_files
    assert all(s.id_number for s in Student.objects.all())


def test_restore_refuses_a_damaged_archive(installation, tmp_path):
    archive, manifest = backup_create(output=tmp_path / "b.tar.gz")
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "media/photos/visit-1.jpg":
                data = b"\xff\xd8\xff tampered"
                member.size = len(data)
            dst.addfile(member, io.BytesIO(data))
    change_everything()
    after = tables()
    with pytest.raises(BackupError, match="media/photos/visit-1.jpg"):
        backup_restore(archive=damaged)
    assert tables() == after


def test_restore_refuses_another_field_key_unless_told(installation, tmp_path, settings):
    # given a backup, and then another field key in this installation
    archive, _ = backup_create(output=tmp_path / "b.tar.gz")
    backup_key = crypto.configured_key()
    other = Fernet.generate_key().decode()
    settings.FIELD_KEY_FILE.write_text(other)
    settings.FIELD_ENCRYPTION_KEY = other
    change_everything()
    after = tables()
    # when restored, it refuses and changes nothing
    with pytest.raises(CommandError, match=crypto.fingerprint(backup_key)):
        call_command("restore", str(archive))
    assert tables() == after and settings.FIELD_KEY_FILE.read_text() == other
    # with --replace-keys the backup's key is installed and the other one kept beside it
    call_command("restore", str(archive), "--replace-keys")
    assert settings.FIELD_KEY_FILE.read_text().strip() == backup_key
    kept = list(installation.glob("field.key.replaced-*"))
    assert [p.read_text() for p in kept] == [other]
    assert crypto.field_key_problem() is None


def test_restore_refuses_a_wrong_or_missing_passphrase(installation, tmp_path):
    archive, _ = backup_create(output=tmp_path / "b.tar.gz", passphrase="right one")
    with pytest.raises(BackupError, match="口令"):
        backup_restore(archive=archive, passphrase="wrong one")
    with pytest.raises(BackupError, match="口令"):
        backup_restore(archive=archive)


def test_restore_brings_back_a_lost_key(installation, tmp_path, settings):
    # given a backup, then the key file lost: the installation refuses to run
    archive, _ = backup_create(output=tmp_path / "b.tar.gz")
    settings.FIELD_KEY_FILE.unlink()
    settings.FIELD_ENCRYPTION_KEY = None
    assert crypto.field_key_problem() is not None
    # when restored (restore runs without the system checks)
    call_command("restore", str(archive))
    # then the key is back and reads the numbers
    assert crypto.field_key_problem() is None
    assert settings.FIELD_KEY_FILE.exists()
