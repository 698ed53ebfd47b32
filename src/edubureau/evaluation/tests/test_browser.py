"""The value-added page in Debian's Chromium: both charts drawn (caterpillar and raw-vs-VA scatter), no
script error, nothing scrolls sideways; a principal's sheet shows its band and explains the total."""

import pytest

from edubureau.core.testing.browser import DESKTOP, log_in, screenshot
from edubureau.evaluation.tests.test_exams import _planted
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_value_added_charts_are_drawn(page, district, staff):
    _planted(district, staff)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, staff.username, PASSWORD)
    page.goto("/evaluation/value-added/")
    page.wait_for_selector("#chart-caterpillar canvas")
    assert page.locator("#chart-scatter canvas").count() == 1
    assert page.locator("[data-testid=va-table] tbody tr").count() == 2
    assert errors == []
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    screenshot(page, "evaluation-value-added")
