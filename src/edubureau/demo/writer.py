"""Writes generated rows fast: COPY on PostgreSQL, one prepared INSERT per batch on SQLite.

Rows arrive with their primary keys (``next_ids`` reads the first free one per table), so foreign keys
are known before anything is written and nothing is read back. Columns the generator does not fill get
the model's default; ``created_at``/``updated_at`` get the time of the run. The pseudo-column
``id_number`` becomes the encrypted, hashed and masked columns (what ``registry.models.set_id_number``
stores, made a batch at a time) here, on the way to the database, so the clear number exists only in
memory.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max

from edubureau.core import clock, crypto
from edubureau.demo.generator import COLUMNS, TABLE_ORDER
from edubureau.registry.models import (
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Student,
    Teacher,
)

MODELS = {
    "school": School,
    "teacher": Teacher,
    "schoolclass": SchoolClass,
    "student": Student,
    "enrollment": Enrollment,
    "population": Population,
    "financerecord": FinanceRecord,
}
_ID_COLUMNS = ("id_number_encrypted", "id_number_hash", "id_number_masked")
BATCH = 5000


class BulkWriter:
    """One run's writer; ``write`` one table's rows, ``finish`` when done (PostgreSQL sequences)."""

    def __init__(self):
        self.now = connection.ops.adapt_datetimefield_value(clock.now())
        self.postgres = connection.vendor == "postgresql"

    @staticmethod
    def next_ids() -> dict[str, int]:
        return {t: (MODELS[t].objects.aggregate(m=Max("id"))["m"] or 0) + 1 for t in TABLE_ORDER}

    def _layout(self, table: str) -> tuple[list[str], int | None, tuple]:
        """Database columns, the position of ``id_number`` in the generated row, and the constant tail."""
        model = MODELS[table]
        given = list(COLUMNS[table])
        id_pos = given.index("id_number") if "id_number" in given else None
        names = [c for c in given if c != "id_number"]
        if id_pos is not None:
            names[id_pos:id_pos] = list(_ID_COLUMNS)
        columns = [model._meta.get_field(n).column if n != "id" else "id" for n in names]
        covered = {model._meta.get_field(n).attname for n in names}
        tail_columns, tail = [], []
        for f in model._meta.concrete_fields:
            if f.attname in covered:
                continue
            tail_columns.append(f.column)
            if f.name in ("created_at", "updated_at"):
                tail.append(self.now)
            else:
                tail.append(f.get_db_prep_save(f.get_default(), connection))
        return columns + tail_columns, id_pos, tuple(tail)

    def write(self, table: str, rows: Iterable[tuple]) -> int:
        columns, id_pos, tail = self._layout(table)
        quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
        db_table = connection.ops.quote_name(MODELS[table]._meta.db_table)
        if id_pos is not None:
            # The field key may still have to be made, which reads the database: not from inside the COPY
            # below (on PostgreSQL the connection is busy with it, and the demo waited forever).
            crypto.field_key_require()
        prepared = _prepare(rows, id_pos, tail)
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {db_table} ({quoted}) FROM STDIN") as copy:
                    for row in prepared:
                        copy.write_row(row)
                        count += 1
            else:
                sql = f"INSERT INTO {db_table} ({quoted}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608 (names from the model)
                for batch in _batches(prepared, BATCH):
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    @contextmanager
    def loading(self, *, many: bool) -> Iterator[None]:
        """The session a load runs in. On PostgreSQL: ``synchronous_commit`` off (a county's commit need
        not wait for the WAL flush; a crash loses the last counties, which a new run writes again), and for
        ``many`` counties the foreign keys of the loaded tables dropped and added back at the end.

        Why drop them: they are ``DEFERRABLE INITIALLY DEFERRED``, so PostgreSQL checks each new row at
        commit, one look-up (and a row lock on the parent) per key: 4 per enrolment, 2 per student, 60 % of
        the server's CPU of a load (measured on two counties: 8.5 s → 3.6 s). Adding a key back checks all
        rows in one join. They are added back even when the load fails; a load killed outright leaves a
        database without them, which is one to drop anyway (the demo loads into an empty registry only).
        """
        if not self.postgres:
            yield
            return
        dropped: list[tuple[str, str, str]] = []
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit = off")
            if many:
                tables = [MODELS[t]._meta.db_table for t in TABLE_ORDER]
                cursor.execute(
                    "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
                    " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
                    [tables],
                )
                dropped = list(cursor.fetchall())
                _check_pending(cursor)
                with transaction.atomic():
                    for table, name, _definition in dropped:
                        cursor.execute(
                            f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}"
                        )
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                if dropped:
                    cursor.execute("SET work_mem = '256MB'")  # the checking joins hash in memory
                    _check_pending(cursor)
                    with transaction.atomic():
                        for table, name, definition in dropped:
                            cursor.execute(
                                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
                            )
                    cursor.execute("RESET work_mem")
                cursor.execute("RESET synchronous_commit")

    def finish(self) -> None:
        """Move PostgreSQL's id sequences past the ids written here (SQLite's AUTOINCREMENT follows)."""
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(MODELS.values())):
                cursor.execute(sql)


def _check_pending(cursor) -> None:
    """Inside an outer transaction (a test; a caller's ``atomic``), check the rows written so far now:
    PostgreSQL refuses to alter a table (here: ``registry_area``, which the keys point at) with checks
    pending, and later ones are deferred again."""
    if connection.in_atomic_block:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def _prepare(rows: Iterable[tuple], id_pos: int | None, tail: tuple) -> Iterator[tuple]:
    if id_pos is None:
        for row in rows:
            yield row + tail
        return
    # What ``set_id_number`` stores, made a batch at a time (``crypto.encrypt_many``: the same tokens).
    for batch in _batches(iter(rows), BATCH):
        numbers = [row[id_pos] for row in batch]
        encrypted = crypto.encrypt_many(numbers)
        hashed = crypto.keyed_hash_many(numbers)
        for row, token, digest, number in zip(batch, encrypted, hashed, numbers, strict=True):
            yield (*row[:id_pos], token, digest, crypto.mask_id_number(number), *row[id_pos + 1 :], *tail)


def _batches(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
