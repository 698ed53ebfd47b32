"""In Debian's Chromium: the key pages run under the Content-Security-Policy without a single violation
(issue 8, item 14) — htmx, Tabler, ECharts, the visit form's draft script and Swagger UI included."""

from pathlib import Path

import pytest
from django.urls import reverse

from edubureau.core.periods import SchoolYear
from edubureau.core.testing.browser import log_in
from edubureau.indicators.services import indicators_compute
from edubureau.planning import services as planning
from edubureau.planning.parser import parse_file
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.registry.tests.conftest import enrolled_class
from edubureau.supervision.tests.factories import supervisor_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = Path(__file__).resolve().parents[2] / "planning" / "data" / "2019-quangang-education-work-plan.txt"


def _watch(page) -> list[str]:
    """Every CSP violation the page reports: the console error and the DOM event, whichever comes."""
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return violations


def test_key_pages_run_without_csp_violations(page, district, leader):
    # given: a published plan, computed indicators (with a class-size chart) and a supervisor
    parsed = parse_file(PLAN)
    plan = planning.plan_publish(
        actor=None,
        county=district.county,
        parsed=parsed,
        source_text=PLAN.read_text(encoding="utf-8"),
        create_units={n for item in parsed.items for n in [*item.lead_units, *item.co_units]},
    )
    enrolled_class(district.school, 58, name="一年级(1)班")
    indicators_compute(actor=None, year=SchoolYear(2019), county=district.county)
    supervisor_for(district.school, username="sup")
    violations = _watch(page)

    # when: the leader walks the key pages
    page.goto(reverse("accounts:login"))
    log_in(page, leader.username, PASSWORD)
    visited = {}
    for name, url, ready in [
        ("home", reverse("home:home"), "body"),
        ("plan", reverse("planning:plan_detail", args=[plan.pk]), "body"),
        ("indicators", reverse("indicators:dashboard") + "?year=2019-2020", "#chart-sizes canvas"),
        ("api docs", reverse("api-docs"), ".swagger-ui .info"),
    ]:
        page.goto(url)
        page.wait_for_selector(ready)
        page.wait_for_load_state("networkidle")
        visited[name] = list(violations)
    # the school-year picker still submits on change (core/site.js, in place of an inline onchange)
    page.goto(reverse("indicators:dashboard") + "?year=2019-2020")
    with page.expect_navigation():
        page.locator("select[data-submit-on-change]").first.dispatch_event("change")
    # and the supervisor opens the visit form on a phone-sized page
    page.context.clear_cookies()
    log_in(page, "sup", PASSWORD)
    page.goto(reverse("supervision:visit_create") + f"?school={district.school.pk}")
    page.fill("#id_visited_at", "2019-06-27T09:30")  # the draft script saves as one types
    page.wait_for_load_state("networkidle")

    # then
    assert violations == [], visited
