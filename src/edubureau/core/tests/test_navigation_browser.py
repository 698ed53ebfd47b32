"""The main menu in a real browser, in Chinese: one line at 1280 px for a department login (the role with
the most entries: ten top-level ones, with the messages badge and the user's drop-down), and usable at
390 px on a phone (the toggler opens every entry, the user's drop-down reaches 修改密码 and 退出登录, no
sideways scrolling). Screenshots: var/screenshots/nav-department-1280.png, nav-department-390.png."""

import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.models import Notification
from edubureau.core.testing.browser import DESKTOP, PHONE, log_in, screenshot
from edubureau.registry.models import Department
from edubureau.registry.testing.factories import UserFactory
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

TOP_LEVEL = "#navbar-menu > .navbar-nav > .nav-item"
# Everything that stands in the header bar at desktop width: the brand, each top-level entry, the
# messages button and the user's drop-down toggle.
BAR = f".navbar-brand, {TOP_LEVEL} > .nav-link, [data-testid=nav-messages], [data-testid=current-user]"


@pytest.fixture
def department_user(district):
    """陈丽芳 of 综合股, as the demo's staff_zonghe, with unread messages (the badge takes room too)."""
    department = Department.objects.create(county=district.county, name="综合股")
    user = UserFactory(username="staff_zonghe", display_name="陈丽芳", department=department)
    role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=district.county)
    Notification.objects.bulk_create(
        Notification(user=user, kind="urge", message="督办", key=f"k{i}") for i in range(12)
    )
    return user


def _boxes(pg, selector: str) -> list[dict]:
    return pg.eval_on_selector_all(
        selector,
        """els => els.filter(e => e.offsetParent !== null).map(e => {
            const r = e.getBoundingClientRect();
            return {text: e.textContent.trim(), top: r.top, bottom: r.bottom, right: r.right};
        })""",
    )


def test_the_menu_fits_one_line_at_1280_for_a_department(page, department_user):
    log_in(page, "staff_zonghe", PASSWORD)
    page.goto("/")
    page.wait_for_selector(TOP_LEVEL)
    assert page.viewport_size == DESKTOP
    entries = _boxes(page, f"{TOP_LEVEL} > .nav-link")
    assert len(entries) == 10, [e["text"] for e in entries]  # the most any login sees
    bar = _boxes(page, BAR)
    assert len(bar) == 13, [e["text"] for e in bar]  # brand, ten entries, messages, the user
    # one line: every piece of the bar shares one row, and the bar is no taller than that row
    middles = [(b["top"] + b["bottom"]) / 2 for b in bar]
    assert max(middles) - min(middles) < 4, bar
    header = page.eval_on_selector("header.navbar", "e => e.getBoundingClientRect().height")
    row = max(b["bottom"] - b["top"] for b in bar)
    assert header < 2 * row, (header, row)
    assert max(b["right"] for b in bar) <= DESKTOP["width"]
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert "12" in page.inner_text("[data-testid=unread-count]")
    screenshot(page, "nav-department-1280")
    # the user's own buttons are one click away
    page.click("[data-testid=current-user]")
    assert page.is_visible("[data-testid=nav-password]") and page.is_visible("[data-testid=nav-logout]")


def test_the_menu_is_usable_on_a_phone(browser, live_server, department_user):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url, is_mobile=True)
    context.set_default_timeout(15_000)
    pg = context.new_page()
    try:
        log_in(pg, "staff_zonghe", PASSWORD)
        pg.goto("/")
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert not pg.is_visible(f"{TOP_LEVEL} > .nav-link")  # folded behind the toggler
        pg.click(".navbar-toggler")
        pg.wait_for_selector(f"{TOP_LEVEL} > .nav-link", state="visible")
        entries = _boxes(pg, f"{TOP_LEVEL} > .nav-link")
        assert len(entries) == 10 and all(e["right"] <= PHONE["width"] for e in entries)
        screenshot(pg, "nav-department-390")
        pg.click(f"{TOP_LEVEL} > .dropdown-toggle >> text=基础数据")
        pg.click("#navbar-menu .dropdown-menu.show >> text=教师")
        pg.wait_for_url(lambda url: url.endswith("/registry/teachers/"))
        pg.click("[data-testid=current-user]")
        assert all(b["right"] <= PHONE["width"] for b in _boxes(pg, "[data-testid=user-menu] .dropdown-item"))
        pg.click("[data-testid=nav-logout]")
        pg.wait_for_url(lambda url: "/accounts/login/" in url)
        assert pg.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    finally:
        context.close()
