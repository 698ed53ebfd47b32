"""In a real browser, per role: log in, land on the home page, and reach each listed action from it in one
click. Screenshots of every home at desktop (1280 px) and phone (390 px) width go to var/screenshots/
(home-<role>-<width>.png); on the phone the page does not scroll sideways."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.testing.browser import DESKTOP, PHONE, log_in, screenshot
from edubureau.planning.models import Task
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.supervision import services as supervision
from edubureau.supervision.tests.factories import visit_with_rectification

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _journey(page, *, username: str, role: str, expected: set[str]) -> None:
    log_in(page, username, PASSWORD)
    assert page.url.endswith(reverse("home:home"))  # the login lands on the home page
    section = f"[data-testid='home-{role}']"
    page.wait_for_selector(section)
    links = {
        el.get_attribute("data-testid").removeprefix("todo-"): el.get_attribute("href")
        for el in page.query_selector_all(f"{section} a[data-testid^='todo-']")
    }
    assert expected <= set(links), links
    screenshot(page, f"home-{role}-{DESKTOP['width']}")
    page.set_viewport_size(PHONE)
    page.goto(reverse("home:home"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"home-{role}-{PHONE['width']}")
    page.set_viewport_size(DESKTOP)
    for key, href in links.items():
        page.goto(reverse("home:home"))
        with page.expect_navigation() as navigation:
            page.click(f"{section} [data-testid='todo-{key}']")
        assert navigation.value.status == 200, (key, href)
        assert page.url.endswith(href), (key, page.url, href)


def test_leader_home(page, plan, leader, lead):
    Task.objects.filter(plan=plan, number=2).update(status="review")
    _journey(
        page,
        username="leader",
        role="leader",
        expected={"red", "yellow", "targets", "extensions", "closures", "coverage", "overdue_rectifications"},
    )
    page.goto(reverse("home:home"))
    page.click("[data-testid='todo-closures']")
    assert "2019" in page.content() and page.query_selector("tr[data-pk]") is not None


def test_department_staff_home(page, plan, lead):
    _journey(page, username="zonghe", role="department_staff",
             expected={"to_sign", "reports_due", "returned", "urges"})  # fmt: skip
    page.goto(reverse("home:home"))
    page.click("[data-testid='todo-to_sign']")
    assert page.query_selector_all("tr[data-pk]")  # the tasks to sign for, one click away


def test_principal_home(page, district, principal, sup):
    visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 20))
    visit_with_rectification(sup, district.school, deadline=dt.date(2019, 7, 20))
    _journey(page, username="principal", role="principal",
             expected={"rectifications", "overdue_rectifications", "large_classes", "staffing",
                       "failed_imports", "forms_to_fill", "forms_returned"})  # fmt: skip
    page.goto(reverse("home:home"))
    assert page.inner_text("[data-testid='todo-rectifications'] [data-testid='count']") == "2"
    assert page.query_selector("[data-testid='unread-count']") is not None  # two rectifications opened


def test_supervisor_home(page, district, principal, sup):
    rect = visit_with_rectification(sup, district.school)
    supervision.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    _journey(page, username="sup", role="supervisor", expected={"visits_due", "to_verify", "unvisited"})
    page.goto(reverse("home:home"))
    page.click("[data-testid='todo-to_verify']")
    page.wait_for_selector(f"a[href='{reverse('supervision:rectification_detail', args=[rect.pk])}']")
