"""The import pages in Debian's Chromium on a 390 px phone: upload, result, problems table."""

import pytest

from edubureau.core.testing.browser import PHONE, screenshot
from edubureau.registry.imports.tests.workbooks import student_row
from edubureau.registry.models import Student
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_import_on_a_phone(page, district, principal, students_xlsx):
    code = district.school.code
    good = students_xlsx([student_row(code, n) for n in range(3)])
    bad = students_xlsx([student_row(code, 10), student_row(code, 10), student_row("3199999999", 11)])
    page.set_viewport_size(PHONE)
    _log_in(page, "principal")
    # the list: one form per kind, nothing wider than the phone
    page.goto("/registry/imports/")
    assert _fits(page)
    screenshot(page, "registry-imports-phone")
    # a rejected upload: the problems table scrolls inside itself, the page does not
    form = page.locator("[data-testid=import-form-students]")
    form.locator("input[type=file]").set_input_files(str(bad))
    form.locator("button[type=submit]").click()
    page.locator("[data-testid=import-errors]").wait_for()
    assert page.locator("[data-testid=import-errors] tbody tr").count() == 2
    assert _fits(page)
    screenshot(page, "registry-import-rejected-phone")
    # a good one
    page.goto("/registry/imports/")
    form = page.locator("[data-testid=import-form-students]")
    form.locator("input[type=file]").set_input_files(str(good))
    form.locator("button[type=submit]").click()
    page.locator("[data-testid=import-ok]").wait_for()
    assert Student.objects.count() == 3
    screenshot(page, "registry-import-done-phone")
