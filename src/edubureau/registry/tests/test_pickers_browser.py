"""A county's ~200 schools in a filter: the picker is searchable by part of a name."""

import pytest
from django.urls import reverse

from edubureau.core.testing.browser import log_in, screenshot
from edubureau.registry.testing.factories import SchoolFactory
from edubureau.registry.testing.fixtures import PASSWORD

expect = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed").expect

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_typing_part_of_a_name_narrows_the_school_picker(page, district, leader):
    for n in range(1, 25):
        SchoolFactory(area=district.town, name=f"山腰第{n}小学")
    log_in(page, "leader", PASSWORD)
    page.goto(reverse("registry:class_list"))
    picker = page.locator("#id_school + .ts-wrapper, #id_school ~ .ts-wrapper").first
    picker.click()
    page.keyboard.type("南埔")
    options = page.locator(".ts-dropdown .option")
    expect(options).to_have_text(["南埔中心小学"])
    screenshot(page, "registry-school-picker")
    options.first.click()
    # the picked school is what the form sends
    assert page.locator("#id_school").input_value() == str(district.other_school.pk)
    # a short picker (the school years) stays a native select, as phones show best
    assert page.locator("#id_school_year + .ts-wrapper").count() == 0
