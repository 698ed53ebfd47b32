import os

import pytest

os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")

pytest_plugins = ["edubureau.registry.testing.fixtures", "edubureau.core.testing.browser"]


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
