"""Fast multi-row INSERTs for the registry's bulk writes (imports, audit entries of bulk writes).

Django's ``bulk_create`` prepares every value through the field API, about 80 µs a row on the 2-core
reference machine; 210,000 rows of a district's 学籍 import would spend the whole 30 s budget there
(``bench/import_students.py``). These functions pass driver-native values as they are and prepare only
dates, times, JSON and decimals. They work on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import chain

from django.db import connections, models, router

from edubureau.core import clock

BATCH = 5000


def batches(rows: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# Field types whose Python values every supported driver (sqlite3, psycopg) takes as they are.
_DRIVER_NATIVE = {
    "CharField", "TextField", "IntegerField", "SmallIntegerField", "BigIntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "PositiveBigIntegerField", "BooleanField", "ForeignKey",
}  # fmt: skip


def _prep(field: models.Field, connection) -> Callable[[object], object] | None:
    """How a field's Python value becomes a query parameter: None when the driver takes it as it is.
    Dates and times repeat (birth dates, the common creation time), so their conversions are cached."""
    if field.get_internal_type() in _DRIVER_NATIVE:
        return None
    prep = partial(field.get_db_prep_save, connection=connection)
    if field.get_internal_type() not in ("DateField", "DateTimeField", "DecimalField"):
        return prep
    cache: dict = {}

    def cached(value):
        if value not in cache:
            cache[value] = prep(value)
        return cache[value]

    return cached


def insert_rows(
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence],
    *,
    return_pks: bool,
    prepared: Sequence[str] = (),
):
    """INSERT ``rows`` (tuples of Python values in the order of ``attnames``) in multi-row statements;
    the new primary keys in row order when ``return_pks``. The columns in ``prepared`` hold values already
    made query parameters (``prepare``)."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    preps = [None if f.attname in prepared else _prep(f, connection) for f in fields]
    qn = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a parameter.
    head = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "  # noqa: S608
    tail = f" RETURNING {qn(meta.pk.column)}" if return_pks else ""
    per_statement = min(1000, (connection.features.max_query_params or 65535) // len(fields))
    # sqlite3 takes "?" placeholders; Django's cursor rewrites "%s" with a regular expression on every
    # statement, 30 kB of SQL for 1,000 rows — so on SQLite the statement is written with "?" and run on the
    # driver's cursor (Django's error wrapping kept: an IntegrityError is still Django's).
    sqlite = connection.vendor == "sqlite"
    placeholder = "(" + ", ".join(["?" if sqlite else "%s"] * len(fields)) + ")"
    width = len(fields)
    to_prepare = [(i, prep) for i, prep in enumerate(preps) if prep is not None]
    pks: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = list(chain.from_iterable(chunk))
            if len(params) != width * len(chunk):
                raise ValueError(f"every row must have {width} values")
            for i, prep in to_prepare:  # the column's values: every width-th parameter from i
                params[i::width] = [None if v is None else prep(v) for v in params[i::width]]
            sql = head + ", ".join([placeholder] * len(chunk)) + tail
            if sqlite:
                with connection.wrap_database_errors:
                    result = sqlite3.Cursor.execute(cursor.cursor, sql, params)
            else:
                result = cursor.execute(sql, params) or cursor
            if return_pks:
                pks.extend(pk for (pk,) in result.fetchall())
    return pks if return_pks else None


def insert_values(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence], *, return_pks: bool
):
    """INSERT ``rows`` (tuples of Python values for ``attnames``) without building model instances; every
    other concrete column gets its default, ``auto_now``/``auto_now_add`` one common time. Returns the new
    primary keys in row order when ``return_pks``.

    For the large imports: a model instance costs about 25 µs to build (``Model.__init__`` walks every
    field), 140,000 of them (a district's pupils and their enrolments) some 3.5 s.
    """
    rest = [f for f in model._meta.concrete_fields if not f.primary_key and f.attname not in attnames]
    connection = connections[router.db_for_write(model)]
    extra = tuple(  # the same for every row: made a parameter once
        value if value is None else f.get_db_prep_save(value, connection)
        for f, value in zip(rest, column_defaults(model, [f.attname for f in rest]), strict=True)
    )
    names = [*attnames, *(f.attname for f in rest)]
    return insert_rows(
        model,
        names,
        [(*row, *extra) for row in rows] if extra else rows,
        return_pks=return_pks,
        prepared=[f.attname for f in rest],
    )


def column_defaults(model: type[models.Model], attnames: Sequence[str]) -> list:
    """What a new instance of ``model`` holds in ``attnames`` when nothing is given (auto times: now)."""
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    now = clock.now()
    values = []
    for name in attnames:
        f = by_attname[name]
        auto = getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        values.append(now if auto else f.get_default())
    return values


def insert_objects(objs: Sequence[models.Model]) -> None:
    """INSERT ``objs`` (all of one model, not yet saved) in multi-row statements and set their pk.

    What ``bulk_create`` does, minus its per-value overhead: driver-native values go in as they are,
    dates, times, JSON and decimals through their field's ``get_db_prep_save``; ``auto_now`` and
    ``auto_now_add`` fields get one common time. No signals (neither has ``bulk_create``). Backends without
    INSERT … RETURNING fall back to ``bulk_create``.
    """
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = clock.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    attnames = [f.attname for f in fields]
    rows = [[obj.__dict__[name] for name in attnames] for obj in objs]
    for obj, pk in zip(objs, insert_rows(model, attnames, rows, return_pks=True), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


def update_objects(objs: Sequence[models.Model], fields: Sequence[str]) -> None:
    """Save ``fields`` of ``objs`` (all of one model, saved before): one ``UPDATE … WHERE pk = %s`` prepared
    once and run for every row (``executemany``), the values prepared as a save prepares them.

    What ``bulk_update`` does for many rows, minus its cost: it builds one CASE WHEN per row and field and
    resolves each as an expression, about 5 ms a row (5,000 三考评 scores: 25 s). Like ``bulk_update``, no
    signals and no ``auto_now``.
    """
    if not objs:
        return
    model = type(objs[0])
    meta = model._meta
    connection = connections[router.db_for_write(model)]
    chosen = [meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in chosen)
    sql = f"UPDATE {quote(meta.db_table)} SET {assignments} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
    params = [[*(f.get_db_prep_save(getattr(o, f.attname), connection) for f in chosen), o.pk] for o in objs]
    with connection.cursor() as cursor:
        for chunk in batches(params):
            cursor.executemany(sql, chunk)
