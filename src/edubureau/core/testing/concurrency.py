"""Two writers at the same moment, on PostgreSQL (real row locks between two connections): the first one's
transaction stays open until the second one waits for a row lock, or finishes because nothing made it wait;
then both commit. No sleeps: the test asks the database whether the second one is waiting."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction


def skip_on_sqlite() -> None:
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database lives in memory, one connection for all threads; runs on PostgreSQL"
        )


def _waiting_on_a_lock() -> bool:
    """Whether another connection of this database waits for a lock."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0] > 0


def overlapping(first: Callable[[], object], second: Callable[[], object]) -> list[Exception]:
    """Run ``first`` in a transaction held open while ``second`` runs in another connection; the errors
    raised by either, in the order they came."""
    first_done, release = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def run(write: Callable[[], object], hold: bool) -> None:
        try:
            with transaction.atomic():
                write()
                if hold:
                    first_done.set()
                    release.wait(10)
        except Exception as error:  # noqa: BLE001 — returned to the test
            errors.append(error)
        finally:
            first_done.set()
            connection.close()

    threads = [
        threading.Thread(target=run, args=(first, True)),
        threading.Thread(target=run, args=(second, False)),
    ]
    threads[0].start()
    first_done.wait(10)
    threads[1].start()
    for _ in range(1000):  # until the second waits for a lock, or is done (then nothing made it wait)
        if not threads[1].is_alive() or _waiting_on_a_lock():
            break
        threads[1].join(0.01)
    release.set()
    for thread in threads:
        thread.join()
    return errors
