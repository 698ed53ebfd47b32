"""County-wide figures of the busy pages (home, indicators, plans, supervision), computed once per data
version and kept in each server process.

A figure is kept under a key that holds everything its content depends on, so a kept figure is never an old
one: the data version (``version()``, a counter the database moves in the same transaction as every write
to the tables the figures read — triggers, so a bulk import, ``QuerySet.update`` or the admin move it too),
the user's scope (users with the same grants see the same rows; a principal's key is never a leader's), the
language, the bureau's today (``core.clock``), and what the caller adds (the indicator values' version, a
year). Nothing is ever invalidated: a write moves the version, and the next read computes under a new key;
old keys fall out of the cache by age.

The cache is Django's ``pages`` cache, a ``LocMemCache`` in each gunicorn worker: the key carries the
version read from the database on each request, so the workers need not tell each other anything, and no
shared cache server is needed beside the embedded SQLite default. Per-user parts (unread messages, a
department's or a school's to-do list) are never kept here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import caches
from django.db import connection
from django.utils import translation

from edubureau.core import clock

T = TypeVar("T")

#: Every table of these apps moves the ``pages`` version (the users' too: a target row shows who reported
#: its value, by name) ...
COUNTED_APPS = ("accounts", "registry", "planning", "supervision")
#: ... but for the columns no kept figure shows: a sign-in writes ``last_login``, and would otherwise make
#: every page of every scope be computed again on each login of the morning rush.
QUIET_COLUMNS = {"accounts_user": {"last_login"}}
NAME = "pages"

_SQLITE_TRIGGER = (
    'CREATE TRIGGER IF NOT EXISTS "eb_pages_{table}_{name}" AFTER {op} ON "{table}" FOR EACH ROW BEGIN '
    "UPDATE core_dataversion SET version = version + 1 WHERE name = 'pages'; END"
)
_PG_TRIGGER = (
    'CREATE TRIGGER "eb_pages" AFTER INSERT OR {update} OR DELETE OR TRUNCATE ON "{table}" '
    "FOR EACH STATEMENT EXECUTE FUNCTION eb_pages_touch('pages')"
)


def _update_event(conn, table: str) -> str:
    """``UPDATE``, or ``UPDATE OF`` every column but the table's quiet ones."""
    quiet = QUIET_COLUMNS.get(table)
    if not quiet:
        return "UPDATE"
    with conn.cursor() as cursor:
        columns = [c.name for c in conn.introspection.get_table_description(cursor, table)]
    return "UPDATE OF " + ", ".join(conn.ops.quote_name(c) for c in columns if c not in quiet)


def counted_tables() -> list[str]:
    """The tables whose writes move the ``pages`` version (many-to-many tables included)."""
    from django.apps import apps

    tables = {
        model._meta.db_table
        for label in COUNTED_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables)


def triggered_tables(conn=connection) -> set[str]:
    """The tables that carry the trigger in the database (what ``install_triggers`` made)."""
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            cursor.execute(
                "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'eb_pages_%'"
            )
        elif conn.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname = 'eb_pages' AND c.relnamespace = 'public'::regnamespace"
            )
        else:
            return set()
        return {row[0] for row in cursor.fetchall()}


def install_triggers(conn=connection) -> None:
    """Put the trigger on every counted table that lacks it (after every migrate: SQLite drops a table's
    triggers when a migration rebuilds the table, and a new model's table needs one)."""
    if conn.vendor not in ("sqlite", "postgresql"):
        return
    existing = set(conn.introspection.table_names())
    if "core_dataversion" not in existing:  # migrated back before core 0005: no counter to move
        return
    have = triggered_tables(conn)
    with conn.cursor() as cursor:
        # the counter's row (a ``flush``, which runs this too, deletes it: without it no write would move
        # the version, and kept figures would outlive the data they show)
        cursor.execute(
            "INSERT INTO core_dataversion (name, version) SELECT %s, 0 WHERE NOT EXISTS "
            "(SELECT 1 FROM core_dataversion WHERE name = %s)",
            [NAME, NAME],
        )
        for table in counted_tables():
            if table in have or table not in existing:
                continue
            update = _update_event(conn, table)
            if conn.vendor == "sqlite":
                for name, op in (("INSERT", "INSERT"), ("UPDATE", update), ("DELETE", "DELETE")):
                    cursor.execute(_SQLITE_TRIGGER.format(table=table, name=name, op=op))
            else:
                cursor.execute(_PG_TRIGGER.format(table=table, update=update))


def drop_triggers(conn=connection) -> None:
    with conn.cursor() as cursor:
        for table in triggered_tables(conn):
            if conn.vendor == "sqlite":
                for op in ("INSERT", "UPDATE", "DELETE"):
                    cursor.execute(f'DROP TRIGGER IF EXISTS "eb_pages_{table}_{op}"')
            else:
                cursor.execute(f'DROP TRIGGER IF EXISTS "eb_pages" ON "{table}"')


def version() -> int | None:
    """The ``pages`` data version as of now (one primary-key read); None without the counter's row (nothing
    is kept then).

    On PostgreSQL the counter moves at COMMIT; inside a transaction that has written, ``eb_pages_version``
    makes the pending move now, so that a page read after a write in the same transaction shows it.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT eb_pages_version(%s)", [NAME])
        else:
            cursor.execute("SELECT version FROM core_dataversion WHERE name = %s", [NAME])
        row = cursor.fetchone()
    return row[0] if row else None


def scope_key(user) -> tuple:
    """What a user's scope changes in any ``restrict(user, action)``: users with equal keys see the same
    rows everywhere (``Scope`` holds every grant with its area path and school)."""
    scope = user.get_scope()
    return scope.everything, tuple(sorted(map(repr, scope.grants))), tuple(sorted(scope.school_ids))


def request_version(request) -> int:
    """``version()`` read once per request."""
    if not hasattr(request, "_pages_version"):
        request._pages_version = version()
    return request._pages_version


def fragment(name: str, *, request, parts: tuple = (), compute: Callable[[], T]) -> T:
    """``compute()``, kept under ``name`` and the key described in the module docstring. The result is
    shared between requests (pickled by the cache): it must not depend on anything outside the key."""
    key = (
        name,
        request_version(request),
        translation.get_language(),
        clock.today().isoformat(),
        scope_key(request.user),
        *parts,
    )
    digest = hashlib.sha256(repr(key).encode()).hexdigest()
    cache = caches["pages"]
    cache_key = f"{name}:{digest}"
    if key[1] is None:  # no counter: nothing can tell a kept figure is current
        return compute()
    value = cache.get(cache_key)
    if value is None:
        value = compute()
        cache.set(cache_key, value)
    return value
