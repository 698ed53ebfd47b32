"""Backups: the database, the uploaded files and the keys in one archive, and the way back.

An archive (``.tar.gz``) holds ``manifest.json`` (format version, when, the database vendor, every table's
row count, the SHA-256 of every other member), the database (SQLite: the online backup API, a consistent
copy while the app runs; PostgreSQL: ``pg_dump -Fc``), ``media/`` (MEDIA_ROOT) and the keys — the field key
and the secret key — encrypted with a passphrase (scrypt + Fernet) or, without one, in clear.

Why the keys travel with the data: the ID numbers are encrypted and hashed with the field key; a database
restored without its key is unreadable, and one restored under another key registers everyone twice on the
next import. So ``restore`` checks every checksum before it changes anything, and refuses an archive whose
field key differs from the one this installation already has (unless told to replace it).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core import crypto

FORMAT = "edubureau-backup"
VERSION = 1
MANIFEST = "manifest.json"
_SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup cannot be made or restored; the message says why and what to do."""


# --------------------------------------------------------------------------- keys


def _passphrase_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    raw = Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode())
    return base64.urlsafe_b64encode(raw)


def _keys_seal(keys: dict, passphrase: str | None) -> tuple[bytes, dict]:
    """The keys member's bytes and its manifest entry (encrypted under ``passphrase`` if given)."""
    data = json.dumps(keys).encode()
    entry = {"field_key_fingerprint": crypto.fingerprint(keys["field_key"]) if keys["field_key"] else None}
    if not passphrase:
        return data, entry | {"member": "keys.json", "encrypted": False}
    salt = os.urandom(16)
    token = Fernet(_passphrase_key(passphrase, salt, **_SCRYPT)).encrypt(data)
    kdf = {"name": "scrypt", "salt": base64.b64encode(salt).decode(), **_SCRYPT}
    return token, entry | {"member": "keys.enc", "encrypted": True, "kdf": kdf}


def _keys_open(data: bytes, entry: dict, passphrase: str | None) -> dict:
    if not entry["encrypted"]:
        return json.loads(data)
    if not passphrase:
        raise BackupError(_("The keys in this backup are encrypted: give the passphrase (--passphrase-env)."))
    kdf = entry["kdf"]
    key = _passphrase_key(passphrase, base64.b64decode(kdf["salt"]), kdf["n"], kdf["r"], kdf["p"])
    try:
        return json.loads(Fernet(key).decrypt(data))
    except InvalidToken as exc:
        raise BackupError(_("The passphrase does not open the keys in this backup.")) from exc


# --------------------------------------------------------------------------- database


def _table_counts(cursor, quote) -> dict[str, int]:
    """Every table's row count, through ``cursor`` (the copy's, or the snapshot's)."""
    counts = {}
    for table in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (names from introspection)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_tool(name: str) -> str:
    """``pg_dump``/``pg_restore`` of the server's major version (else a newer one), or BackupError."""
    connection.ensure_connection()
    major = connection.pg_version // 10000
    found = []
    for path in [f"/usr/lib/postgresql/{major}/bin/{name}", shutil.which(name) or ""]:
        if path and Path(path).exists():
            out = subprocess.run([path, "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S603
            tool_major = int(re.search(r"\(PostgreSQL\)\s+(\d+)", out).group(1))
            if tool_major >= major:
                return path
            found.append(f"{path} ({tool_major})")
    raise BackupError(
        _(
            "{name} of PostgreSQL {major} or newer is needed (found: {found}); install postgresql-client-{major}."
        ).format(name=name, major=major, found=", ".join(found) or "-")
    )


def _pg_env() -> dict:
    conf = connection.settings_dict
    env = {
        "PGDATABASE": conf["NAME"],
        "PGUSER": conf.get("USER") or "",
        "PGPASSWORD": conf.get("PASSWORD") or "",
        "PGHOST": conf.get("HOST") or "",
        "PGPORT": str(conf.get("PORT") or ""),
        "PGSSLMODE": conf.get("OPTIONS", {}).get("sslmode", ""),
    }
    return os.environ | {k: v for k, v in env.items() if v}


def _run(args: list[str]) -> None:
    done = subprocess.run(args, env=_pg_env(), capture_output=True, text=True)  # noqa: S603
    if done.returncode:
        raise BackupError(
            _("{tool} failed: {error}").format(tool=Path(args[0]).name, error=done.stderr.strip()[-2000:])
        )


def _database_dump(folder: Path) -> tuple[str, dict[str, int]]:
    """The connection's database (the one Django uses, whatever its name) into ``folder``: the file's name
    and the row count of every table, both of one consistent moment."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(folder / "database.sqlite3")
        try:
            connection.connection.backup(target)
            return "database.sqlite3", _sqlite_counts(target)
        finally:
            target.close()
    if connection.vendor == "postgresql":
        return "database.pgdump", _pg_dump(folder / "database.pgdump")
    raise BackupError(
        _("Backups support SQLite and PostgreSQL, not {vendor}.").format(vendor=connection.vendor)
    )


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    quote = connection.ops.quote_name
    sql = "SELECT COUNT(*) FROM {}"  # names from sqlite_master, quoted
    return {name: db.execute(sql.format(quote(name))).fetchone()[0] for (name,) in sorted(names)}


def _pg_dump(path: Path) -> dict[str, int]:
    """pg_dump of an exported snapshot, so that the counts taken in it describe the dump exactly."""
    if connection.in_atomic_block:
        raise BackupError(_("A backup cannot run inside a transaction."))
    tool = _pg_tool("pg_dump")
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _table_counts(cursor, connection.ops.quote_name)
        _run([tool, "--format=custom", f"--snapshot={snapshot}", "--file", str(path)])
    return counts


def _database_load(path: Path) -> None:
    if connection.in_atomic_block:
        raise BackupError(_("A restore cannot run inside a transaction."))
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(path)
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    else:
        connection.close()  # pg_restore drops the tables: hold no connection to them
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(path),
            ]
        )
    ContentType.objects.clear_cache()


# --------------------------------------------------------------------------- archive


class _Hashing(io.RawIOBase):
    """A file read through once: tarfile copies it into the archive while the SHA-256 is computed."""

    def __init__(self, fh):
        self.fh, self.sha = fh, hashlib.sha256()

    def read(self, size=-1):
        data = self.fh.read(size)
        self.sha.update(data)
        return data


def _add(tar: tarfile.TarFile, name: str, path: Path) -> str:
    info = tar.gettarinfo(path, arcname=name)
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.mode = 0o600
    with open(path, "rb") as fh:
        reader = _Hashing(fh)
        tar.addfile(info, reader)
    return reader.sha.hexdigest()


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> str:
    info = tarfile.TarInfo(name)
    info.size, info.mode = len(data), 0o600
    info.mtime = int(timezone.now().timestamp())  # real clock: operations
    tar.addfile(info, io.BytesIO(data))
    return hashlib.sha256(data).hexdigest()


def _media_files() -> list[tuple[str, Path]]:
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    return sorted(
        (f"media/{p.relative_to(root).as_posix()}", p)
        for p in root.rglob("*")
        if p.is_file() and not p.is_symlink()
    )


def default_output() -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")  # real clock: operations
    return Path(settings.VAR_DIR) / "backups" / f"edubureau-{stamp}.tar.gz"


def backup_create(*, output: Path | None = None, passphrase: str | None = None) -> tuple[Path, dict]:
    """Write one archive of the database, the uploaded files and the keys; (its path, its manifest)."""
    output = Path(output or default_output())
    output.parent.mkdir(parents=True, exist_ok=True)
    keys = {"field_key": crypto.configured_key(), "secret_key": settings.SECRET_KEY}
    key_bytes, key_entry = _keys_seal(keys, passphrase)
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "created_at": timezone.now().isoformat(),  # real clock: operations
        "database": {"vendor": connection.vendor},
        "keys": key_entry,
        "files": {},
    }
    partial = output.with_name(output.name + ".part")
    try:
        with tempfile.TemporaryDirectory(dir=output.parent) as folder:
            member, counts = _database_dump(Path(folder))
            manifest["database"] |= {"member": member, "tables": counts}
            _write_archive(partial, manifest, Path(folder) / member, key_bytes)
    except BaseException:
        partial.unlink(missing_ok=True)  # no half archive that looks like a backup
        raise
    partial.replace(output)
    return output, manifest


def _write_archive(path: Path, manifest: dict, database: Path, key_bytes: bytes) -> None:
    """The members, each hashed as it is written, then the manifest with all the hashes."""
    files, key_member = manifest["files"], manifest["keys"]["member"]
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # it holds the keys
    with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz", compresslevel=6) as tar:
        files[database.name] = _add(tar, database.name, database)
        files[key_member] = _add_bytes(tar, key_member, key_bytes)
        for name, media in _media_files():
            files[name] = _add(tar, name, media)
        _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())


# --------------------------------------------------------------------------- restore


def _extract_verified(archive: Path, folder: Path) -> dict:
    """Unpack ``archive`` into ``folder`` and check it member by member against its manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            tar.extractall(folder, filter="data")
        manifest = json.loads((folder / MANIFEST).read_text())
    except (OSError, tarfile.TarError, ValueError, KeyError) as exc:
        raise BackupError(
            _("{archive} is not a readable edubureau backup: {error}").format(archive=archive, error=exc)
        ) from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(
            _("{archive} is not an edubureau backup of version {version}.").format(
                archive=archive, version=VERSION
            )
        )
    present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {MANIFEST}
    for name in sorted(present | set(manifest["files"])):
        path = folder / name
        if name not in manifest["files"] or not path.is_file() or _sha256(path) != manifest["files"][name]:
            raise BackupError(
                _(
                    "The backup is damaged: {member} does not match its checksum; nothing was restored."
                ).format(member=name)
            )
    return manifest


def _sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            sha.update(chunk)
    return sha.hexdigest()


def _field_key_target(archive_key: str | None, *, replace_keys: bool) -> Path | None:
    """Where the archive's field key must be written (None: nowhere), or BackupError if it may not be.

    Why refuse: the installation's key reads the data it holds now; the archive's reads the archive. A
    restore that kept a different key would leave every ID number unreadable and every hash wrong.
    """
    current = crypto.configured_key()
    if not archive_key or current == archive_key:
        return None if os.environ.get("EDUBUREAU_FIELD_KEY") else Path(settings.FIELD_KEY_FILE)
    names = {"archive": crypto.fingerprint(archive_key), "current": crypto.fingerprint(current or "")}
    if os.environ.get("EDUBUREAU_FIELD_KEY"):
        raise BackupError(
            _(
                "EDUBUREAU_FIELD_KEY (fingerprint {current}) is not the field key of this backup (fingerprint "
                "{archive}): unset it, restore (the key goes to var/field.key), then move that key to your "
                "secret store."
            ).format(**names)
        )
    if current and not replace_keys:
        raise BackupError(
            _(
                "This installation's field key (fingerprint {current}) is not the backup's (fingerprint "
                "{archive}); nothing was restored. Add --replace-keys to restore the backup's key (the current "
                "one is kept beside it as field.key.replaced-DATE)."
            ).format(**names)
        )
    return Path(settings.FIELD_KEY_FILE)


def _write_secret(path: Path, value: str) -> None:
    fd = os.open(path.with_name(path.name + ".new"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value + "\n")
    path.with_name(path.name + ".new").replace(path)


def _install_keys(keys: dict, field_key_path: Path | None, *, replace_keys: bool) -> None:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")  # real clock: operations
    if field_key_path and keys["field_key"]:
        if field_key_path.exists() and field_key_path.read_text().strip() != keys["field_key"]:
            field_key_path.replace(field_key_path.with_name(f"field.key.replaced-{stamp}"))
        _write_secret(field_key_path, keys["field_key"])
        settings.FIELD_ENCRYPTION_KEY = keys["field_key"]
    secret_path = Path(settings.VAR_DIR) / "secret.key"
    if not os.environ.get("EDUBUREAU_SECRET_KEY") and (replace_keys or not secret_path.exists()):
        _write_secret(secret_path, keys["secret_key"])
    crypto.forget_key()


def _install_media(folder: Path) -> None:
    """Swap MEDIA_ROOT for the archive's files: afterwards it holds those and nothing else."""
    root = Path(settings.MEDIA_ROOT)
    incoming = folder / "media"
    incoming.mkdir(exist_ok=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    staged = root.with_name(f".{root.name}.restoring")
    shutil.rmtree(staged, ignore_errors=True)
    shutil.copytree(incoming, staged)
    old = root.with_name(f".{root.name}.replaced")
    shutil.rmtree(old, ignore_errors=True)
    if root.exists():
        root.replace(old)
    staged.replace(root)
    shutil.rmtree(old, ignore_errors=True)


def _data_versions() -> dict[str, int]:
    from edubureau.core.models import DataVersion

    return dict(DataVersion.objects.values_list("name", "version"))


def _data_versions_past(used: dict[str, int]) -> None:
    """Each data version (``core.pagecache``) past every number this installation used before the restore:
    the running servers keep page figures under those numbers, computed from the data replaced."""
    from edubureau.core.models import DataVersion

    restored = _data_versions()
    for name in used.keys() | restored.keys():
        version = max(restored.get(name, 0), used.get(name, 0)) + 1
        DataVersion.objects.update_or_create(name=name, defaults={"version": version})


def backup_restore(*, archive: Path, passphrase: str | None = None, replace_keys: bool = False) -> dict:
    """Restore the database, the uploaded files and the keys of ``archive``; its manifest.

    Everything is checked first — checksums, the passphrase, the database vendor, the field key — and
    nothing is changed when a check fails.
    """
    with tempfile.TemporaryDirectory(dir=settings.VAR_DIR) as tmp:
        folder = Path(tmp)
        manifest = _extract_verified(Path(archive), folder)
        key_entry = manifest["keys"]
        keys = _keys_open((folder / key_entry["member"]).read_bytes(), key_entry, passphrase)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _("This backup holds a {archive} database; this installation runs on {current}.").format(
                    archive=vendor, current=connection.vendor
                )
            )
        field_key_path = _field_key_target(keys["field_key"], replace_keys=replace_keys)
        used = _data_versions()
        _database_load(folder / manifest["database"]["member"])
        _data_versions_past(used)
        _install_media(folder)
        _install_keys(keys, field_key_path, replace_keys=replace_keys)
    with connection.cursor() as cursor:
        counts = _table_counts(cursor, connection.ops.quote_name)
    differ = sorted(t for t, n in manifest["database"]["tables"].items() if counts.get(t) != n)
    if differ:
        raise BackupError(
            _("The restored database differs from the backup in these tables: {tables}.").format(
                tables=", ".join(differ)
            )
        )
    if problem := crypto.field_key_problem():
        raise BackupError(problem)
    return manifest
