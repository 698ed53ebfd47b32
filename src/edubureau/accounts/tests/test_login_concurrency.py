"""The lock holds under a burst of parallel guesses (issue 8, item 4), against a live server.

Before: 20 parallel wrong passwords all passed the "not locked yet" check before the first failure was
counted, so far more passwords than the limit were checked and a token could be issued in the middle of
the burst. Now attempts on one username or address are serialised (accounts.services.login_authenticate)
and counted by django-axes with an atomic UPDATE, so exactly LIMIT passwords are checked.
"""

import json
import threading
import urllib.error
import urllib.request

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from rest_framework.authtoken.models import Token

from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

BURST = 20


class CountingHasher(PBKDF2PasswordHasher):
    """A real PBKDF2 (it releases the GIL, so checks truly overlap), fewer rounds, and a count of checks."""

    algorithm = "pbkdf2_counting"
    iterations = 60_000
    checks = 0
    _lock = threading.Lock()

    def verify(self, password, encoded):
        with CountingHasher._lock:
            CountingHasher.checks += 1
        return super().verify(password, encoded)


def _post_token(url: str, password: str) -> tuple[int, dict]:
    body = json.dumps({"username": "principal", "password": password}).encode()
    # S310: the URL is our own live server's, http.
    request = urllib.request.Request(url, body, {"Content-Type": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_parallel_wrong_passwords_check_no_more_than_the_limit(live_server, principal, settings):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database lives in memory and Django's live server shares its one connection "
            "between threads, so requests cannot run concurrently there; this test runs on PostgreSQL"
        )
    # given: a user whose password is checked by the counting hasher
    settings.PASSWORD_HASHERS = [f"{__name__}.CountingHasher"]
    principal.set_password(PASSWORD)
    principal.save()
    CountingHasher.checks = 0
    url = f"{live_server.url}/api/token/"
    start = threading.Barrier(BURST)
    answers: list[tuple[int, dict]] = []

    def guess(n: int) -> None:
        start.wait()
        answers.append(_post_token(url, f"wrong-guess-{n}"))

    # when: 20 wrong passwords at once
    threads = [threading.Thread(target=guess, args=(n,)) for n in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then: LIMIT passwords checked, every attempt counted, no token
    limit = settings.AXES_FAILURE_LIMIT
    assert len(answers) == BURST and all(status == 400 for status, _ in answers)
    assert CountingHasher.checks == limit
    counted = sum(
        AccessAttempt.objects.filter(username="principal").values_list("failures_since_start", flat=True)
    )
    assert counted == BURST
    locked = [a for _, a in answers if "锁定" in a["non_field_errors"][0]]
    assert len(locked) == BURST - limit + 1  # the LIMIT-th failure already answers "locked"
    # and the right password is refused while locked
    status, answer = _post_token(url, PASSWORD)
    assert status == 400 and "锁定" in answer["non_field_errors"][0]
    assert CountingHasher.checks == limit
    assert not Token.objects.filter(user=principal).exists()
