"""The registry pages in Debian's Chromium: usable on a 390 px phone, tabs, reveal through htmx."""

import pytest

from edubureau.core.services import object_update
from edubureau.core.testing.browser import DESKTOP, PHONE, screenshot
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.registry.tests.conftest import enrolled_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_class_list_on_a_phone(page, district, staff):
    # given classes in each band
    for n in (30, 50, 60, 70):
        enrolled_class(district.school, n, name=f"{n}人班")
    page.set_viewport_size(PHONE)
    _log_in(page, "staff")
    # when
    page.goto("/registry/classes/")
    # then the filters are folded away, the page does not scroll sideways, the table does
    assert not page.locator("#filter-panel").is_visible()
    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= PHONE["width"]
    assert page.locator(".table-responsive [data-testid=class-table]").count() == 1
    assert page.locator("tr.size-huge").count() == 1
    screenshot(page, "registry-class-list-phone")
    # and the filter button opens them
    page.locator("[data-bs-target='#filter-panel']").click()
    page.locator("#filter-panel").wait_for(state="visible")
    screenshot(page, "registry-class-list-phone-filters")


def test_school_page_tabs_and_student_reveal(page, district, clerk):
    k = enrolled_class(district.school, 3)
    student = k.enrollments.first().student
    page.set_viewport_size(PHONE)
    _log_in(page, "clerk")
    page.goto(f"/registry/schools/{district.school.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("[data-tab=classes]").click()
    page.wait_for_url("**?tab=classes")
    assert page.locator("[data-testid=class-table] tbody tr").count() == 1
    screenshot(page, "registry-school-classes-phone")
    # the student's full ID comes through htmx, in place
    page.goto(f"/registry/students/{student.pk}/")
    assert student.id_number not in page.content()
    page.locator("[data-testid=reveal-id]").click()
    page.get_by_text(student.id_number).wait_for()
    assert page.url.endswith(f"/registry/students/{student.pk}/")
    screenshot(page, "registry-student-revealed-phone")
    # and on a desktop, with a change in the school's history
    object_update(actor=clerk, obj=district.school, data={"capacity": 1200, "ownership": "private"})
    page.set_viewport_size(DESKTOP)
    for name, url in (
        ("school-list", "/registry/schools/"),
        ("school-overview", f"/registry/schools/{district.school.pk}/"),
        ("school-history", f"/registry/schools/{district.school.pk}/?tab=history"),
        ("student-list", "/registry/students/"),
    ):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
        screenshot(page, f"registry-{name}-desktop")
