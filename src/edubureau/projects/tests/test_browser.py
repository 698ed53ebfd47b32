"""The seats page in Debian's Chromium: moving a project's planned delivery on its edit form moves the
capacity curve of the chart and the shortfall of the town. Screenshots in var/screenshots/."""

import datetime as dt
import json

import pytest

from edubureau.core.testing.browser import log_in, screenshot
from edubureau.projects.tests.factories import project_for
from edubureau.registry.models import Population
from edubureau.registry.testing.factories import EnrollmentFactory, StudentFactory
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def short_town(district):
    """Six primary pupils a year against two places; a project adding 30 planned for August 2021."""
    school = district.school
    school.capacity = 2
    school.save()
    for year in ("2018-2019", "2019-2020"):
        for grade in range(1, 7):
            EnrollmentFactory(student=StudentFactory(school=school), school=school, school_year=year,
                              level="primary", grade=grade)  # fmt: skip
    for y in (2018, 2019):
        for a in range(0, 13):
            Population.objects.create(area=district.town, year=y, age=a, count=3)
    return project_for(school, name="附小扩建", places_primary=30, planned_delivery=dt.date(2021, 8, 31))


def _primary_places(page, town_code) -> list[int]:
    page.wait_for_selector(f"#chart-{town_code} canvas")
    levels = json.loads(page.locator(f"#chart-{town_code}").get_attribute("data-places"))
    return levels[1]  # the chart's levels in the projection's order: preschool, primary, junior


def test_moving_the_delivery_moves_the_capacity_curve_and_the_shortfall(page, district, staff, short_town):
    log_in(page, staff.username, PASSWORD)
    code = district.town.code
    page.goto("/projects/seats/")
    card = page.locator(f"[data-town='{code}']")
    before = _primary_places(page, code)
    assert before[:3] == [2, 2, 32]  # 2019, 2020 without the project; from 2021 with it
    assert "4" in card.locator("[data-testid=shortfall]").inner_text()
    assert card.locator("tr[data-level=primary] td[data-year='2020']").inner_text().strip() == "4"
    screenshot(page, "projects-seats-before")

    # the project delivered two years earlier, on its edit form
    page.goto(f"/projects/{short_town.pk}/edit/")
    page.fill("#id_planned_delivery", "2019-08-31")
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(f"**/projects/{short_town.pk}/")

    page.goto("/projects/seats/")
    after = _primary_places(page, code)
    assert after[:3] == [32, 32, 32]
    assert card.locator("[data-testid=shortfall]").inner_text().strip() == "学位充足"
    assert card.locator("tr[data-level=primary] td[data-year='2020']").inner_text().strip() == "—"
    screenshot(page, "projects-seats-after")
