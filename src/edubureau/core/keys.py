"""Field key rotation: every encrypted value re-encrypted and its keyed hash recomputed under a new key.

Rows go in batches, one transaction each (encrypted value and hash together), so a rotation may stop at
any point and ``rotate`` run again continues: a row whose token the new key already opens is done. While
a rotation is unfinished the new key waits in ``var/field.key.next`` and the system check stops every
command and the server (half the hashes are under each key, so a look-up would miss half the people);
at the end the old key is kept as ``var/field.key.old-DATE`` and the new one takes its place.

With ``EDUBUREAU_FIELD_KEY`` from a secret store, the new key comes from another variable and nothing is
written to ``var/``: the operator swaps the variable once the rotation has finished.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from edubureau.core import crypto

Progress = Callable[[str, int], None] | None


class RotationStopped(Exception):
    """Stopped after the requested number of batches; running again continues."""


@dataclass
class Rotation:
    old: str
    new: str
    next_path: Path | None  # the new key's file while rotating (None: keys from the environment)
    batches: int = 0
    rows: int = 0


def next_key_path() -> Path:
    path = Path(settings.FIELD_KEY_FILE)
    return path.with_name(path.name + ".next")


def _write_key(path: Path, key: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")


def rotation_start(*, new_key: str | None = None) -> Rotation:
    """The rotation to run: a new one, or the unfinished one (whose key must then be ``new_key``, if given)."""
    old = crypto.configured_key()
    if not old:
        raise crypto.FieldKeyError(crypto.missing_message())
    crypto.fernet_for(old)
    if new_key:
        crypto.fernet_for(new_key)
    if os.environ.get("EDUBUREAU_FIELD_KEY"):
        if not new_key:
            raise crypto.FieldKeyError(
                _("EDUBUREAU_FIELD_KEY is set: give the new key in another variable (--new-key-env).")
            )
        return Rotation(old=old, new=new_key, next_path=None)
    path = next_key_path()
    if path.exists():
        pending = path.read_text().strip()
        if new_key and new_key != pending:
            raise crypto.FieldKeyError(
                _("An unfinished rotation to another key is waiting in {path}: finish it first.").format(
                    path=path
                )
            )
        return Rotation(old=old, new=pending, next_path=path)
    if problem := crypto.field_key_problem():  # a new rotation starts only from the key in use
        raise crypto.FieldKeyError(problem)
    rotation = Rotation(old=old, new=new_key or Fernet.generate_key().decode(), next_path=path)
    _write_key(path, rotation.new)
    return rotation


def _rotate_batch(model, column: str, hash_column: str | None, rows, rotation: Rotation) -> int:
    """Re-encrypt (and re-hash) the rows not yet under the new key; how many there were.

    One ``UPDATE … WHERE pk`` per row through executemany: Django's bulk_update builds a CASE over the whole
    batch, several times slower here, and rotation touches every encrypted row of the registry.
    """
    old, new = crypto.fernet_for(rotation.old), crypto.fernet_for(rotation.new)
    hash_key = crypto.hash_key_for(rotation.new)
    params = []
    for pk, token in rows:
        try:
            new.decrypt(token.encode())
            continue  # done by an earlier run
        except InvalidToken:
            pass
        try:
            clear = old.decrypt(token.encode()).decode()
        except InvalidToken as exc:
            raise crypto.FieldKeyError(crypto.mismatch_message()) from exc
        values = [new.encrypt(clear.encode()).decode()]
        if hash_column:
            values.append(crypto.keyed_hash(clear, hash_key=hash_key))
        params.append((*values, pk))
    quote, meta = connection.ops.quote_name, model._meta
    columns = [meta.get_field(name).column for name in (column, hash_column) if name]
    sets = ", ".join(f"{quote(c)} = %s" for c in columns)
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
    return len(params)


def rotation_run(
    rotation: Rotation, *, batch_size: int = 2000, max_batches: int | None = None, progress: Progress = None
) -> Rotation:
    """Re-encrypt and re-hash every value in batches of ``batch_size`` rows, one transaction each.

    RotationStopped after ``max_batches`` batches (the rotation stays unfinished); else the rotation is
    finished (``rotation_finish``).
    """
    for model in crypto.encrypted_models():
        for column, hash_column in crypto.encrypted_columns(model):
            label = f"{model._meta.label}.{column}"
            last = 0
            while True:
                if max_batches is not None and rotation.batches >= max_batches:
                    raise RotationStopped
                with transaction.atomic():
                    rows = list(
                        model._default_manager.filter(pk__gt=last)
                        .exclude(**{column: ""})
                        .order_by("pk")
                        .values_list("pk", column)[:batch_size]
                    )
                    if not rows:
                        break
                    rotation.rows += _rotate_batch(model, column, hash_column, rows, rotation)
                rotation.batches += 1
                last = rows[-1][0]
                if progress:
                    progress(label, rotation.rows)
    rotation_finish(rotation)
    return rotation


def rotation_finish(rotation: Rotation) -> None:
    """The new key takes the old one's place; the old one is kept beside it, dated."""
    if rotation.next_path is not None:
        current = Path(settings.FIELD_KEY_FILE)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")  # real clock: operations
        _write_key(current.with_name(f"{current.name}.old-{stamp}"), rotation.old)
        rotation.next_path.replace(current)
    settings.FIELD_ENCRYPTION_KEY = rotation.new
    crypto.forget_key()
