"""The indicator pages in Debian's Chromium: a leader drills down to a 大班额 class; nothing scrolls sideways."""

from io import StringIO

import pytest
from django.core.management import call_command

from edubureau.core.periods import SchoolYear
from edubureau.core.testing.browser import DESKTOP, PHONE, log_in, screenshot
from edubureau.indicators.services import indicators_compute
from edubureau.registry.testing.factories import SchoolFactory
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.registry.tests.conftest import enrolled_class

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

Y = SchoolYear(2019)


@pytest.fixture
def big_class(district):
    """One school with a 58-pupil class among normal ones; a second school in the town and one in the other
        town with normal classes only; the indicators of 2019-2020 computed by the service; the 2019 plan
    published (its targets bound by their wording)."""
    school = district.school
    enrolled_class(school, 40, name="一年级(1)班")
    enrolled_class(school, 44, grade=2, name="二年级(1)班")
    big = enrolled_class(school, 58, grade=3, name="三年级(1)班")
    neighbour = SchoolFactory(area=district.town, name="山腰中心小学")
    enrolled_class(neighbour, 38, name="一年级(1)班")
    enrolled_class(district.other_school, 42, name="一年级(1)班")
    indicators_compute(actor=None, year=Y, county=district.county)
    call_command("plan_import", publish=True, county=district.county.code, stdout=StringIO())
    return big


def _no_sideways_scroll(page, width: int) -> None:
    scroll = page.evaluate("document.documentElement.scrollWidth")
    assert scroll <= width, f"{page.url} scrolls sideways: {scroll} px > {width} px"


def test_leader_drills_down_to_a_large_class(page, district, leader, big_class):
    log_in(page, leader.username, PASSWORD)
    # the dashboard: every plan target with a light, the class-size chart drawn
    page.goto(f"/indicators/?year={Y}")
    targets = page.locator("[data-testid=targets] tbody tr[data-code]")
    assert targets.count() >= 10
    entrants = page.locator("tr[data-code=entrants_primary] [data-testid=actual]")
    assert entrants.inner_text().strip() == "120人"  # the three first-grade classes: 40 + 38 + 42
    assert page.locator("#chart-sizes canvas").count() == 1
    _no_sideways_scroll(page, DESKTOP["width"])
    screenshot(page, "indicators-dashboard")

    # a recomputation shows at once (the dashboard keeps its reads per stored version)
    enrolled_class(district.other_school, 3, name="一年级(2)班")
    indicators_compute(actor=None, year=Y, county=district.county)
    page.reload()
    assert entrants.inner_text().strip() == "123人"

    # district → towns
    page.locator(f"a[href$='/indicators/class-size/?year={Y}']").first.click()
    page.wait_for_url("**/indicators/class-size/?year=*")
    children = page.locator("[data-testid=children]")
    assert children.get_by_text(district.town.name).count() == 1
    assert children.get_by_text(district.other_town.name).count() == 1

    # → the schools of the town
    children.locator(f"a[href*='town={district.town.code}']").click()
    page.wait_for_url(f"**town={district.town.code}")
    assert page.locator("[data-testid=breadcrumb]").get_by_text(district.town.name).count() == 1
    school_row = page.locator(
        "[data-testid=children] tr", has=page.locator(f"a[href*='{district.school.code}']")
    )
    assert school_row.count() == 1
    # its 大班额 count (the fourth figure of the row: size, ≤45, 46–55, 56–65)
    assert school_row.locator("td").nth(4).inner_text().strip() == "1个"

    # → the classes of the school
    school_row.locator("a").click()
    page.wait_for_url(f"**school={district.school.code}")
    rows = page.locator("[data-testid=classes] [data-testid=class-row]")
    assert rows.count() == 3
    row = page.locator(f"[data-testid=class-row][data-pk='{big_class.pk}']")
    assert row.locator("td").first.inner_text().strip() == big_class.name
    assert row.locator("[data-testid=class-size]").inner_text().strip() == "58"
    assert row.get_attribute("data-band") == "large_class"
    assert "56" in row.locator("[data-testid=class-band]").inner_text()  # 大班额（56–65）
    assert "size-big" in row.get_attribute("class")
    assert page.locator("[data-testid=class-row][data-band=standard]").count() == 2
    _no_sideways_scroll(page, DESKTOP["width"])
    screenshot(page, "indicators-drilldown-class")

    # on a 390 px phone none of the pages scrolls sideways (wide tables scroll inside their card)
    page.set_viewport_size(PHONE)
    for url in (
        f"/indicators/?year={Y}",
        f"/indicators/class-size/?year={Y}",
        f"/indicators/class-size/?year={Y}&town={district.town.code}",
        f"/indicators/class-size/?year={Y}&school={district.school.code}",
    ):
        page.goto(url)
        _no_sideways_scroll(page, PHONE["width"])
    screenshot(page, "indicators-drilldown-class-phone")
