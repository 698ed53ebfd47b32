import os

import pytest

os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")

pytest_plugins = ["edubureau.registry.testing.fixtures", "edubureau.core.testing.browser"]


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hasher():
    """Passwords hashed with MD5 in tests: PBKDF2's million rounds cost about 0.4 s per user created or
    signed in with a password, and most tests create several users. Logins still check the password
    (against its MD5 hash); the tests of the hashing itself (accounts/tests/test_login_concurrency.py)
    set their own hasher."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def _no_indicator_inputs_kept():
    """Each test starts without the indicator inputs a previous test's computation kept in this process
    (``indicators.services``): its database rows were rolled back, and ids and frozen times repeat."""
    from edubureau.indicators.services import forget_inputs

    forget_inputs()
    yield


@pytest.fixture(autouse=True)
def _no_page_figures_kept():
    """Each test starts without the pages' figures a previous test kept in this process
    (``core.pagecache``): its rows were rolled back, and the data version it keyed them by repeats."""
    from django.core.cache import caches

    caches["pages"].clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (zh-hans): a request in English leaves English active in
    the thread (``LocaleMiddleware`` activates and never resets), and a later test's messages came out in
    English when it ran after one in the same process."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
