"""The busy pages' county-wide figures are kept per data version (``core.pagecache``): each kept figure
changes right after a write that changes it (whatever wrote: a service, ``QuerySet.update``), a principal
never gets a leader's, and a warm page's queries are pinned."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edubureau.accounts.roles import Role
from edubureau.core import pagecache
from edubureau.indicators import selectors as indicator_selectors
from edubureau.indicators.services import indicators_compute_all
from edubureau.planning import services as planning
from edubureau.planning.models import Task
from edubureau.registry.models import Enrollment
from edubureau.registry.testing.factories import EnrollmentFactory
from edubureau.supervision.models import Rectification
from edubureau.supervision.tests.factories import supervisor_for, visit_with_rectification

pytestmark = pytest.mark.django_db

PAGES = ("home:home", "indicators:dashboard", "planning:plan_list", "supervision:oversight")
#: Tables a kept figure may read besides the counted ones: the indicator values, keyed by their own
#: version (``indicators.selectors.values_version_key``).
VERSIONED_APART = {"indicators_indicatorvalue", "indicators_indicatorvaluehistory", "indicators_freshness"}


def leader_lines(response) -> dict:
    section = next(s for s in response.context["sections"] if s.role == Role.LEADER)
    return {line.key: line.count for line in section.lines}


def plan_row(response, plan):
    return next(p for p in response.context["object_list"] if p.pk == plan.pk)


def sql_of(client, url) -> list[str]:
    """The SQL one GET of ``url`` runs."""
    seen: list[str] = []

    def note(execute, sql, params, many, context):
        seen.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(note):
        assert client.get(url).status_code == 200
    return seen


def test_every_counted_table_carries_the_trigger():
    assert set(pagecache.counted_tables()) <= pagecache.triggered_tables()
    assert {"planning_task", "supervision_visit", "registry_enrollment"} <= set(pagecache.counted_tables())


def test_a_write_moves_the_version_whatever_wrote(plan):
    before = pagecache.version()
    Task.objects.filter(plan=plan, number=1).update(light="red")  # no save(), no signal
    assert pagecache.version() > before


def test_a_sign_in_leaves_the_kept_figures_but_a_change_of_the_user_moves_them(client, leader):
    before = pagecache.version()
    client.force_login(leader)  # writes last_login
    assert pagecache.version() == before
    leader.display_name = "王局长"
    leader.save(update_fields=["display_name"])
    assert pagecache.version() > before


@pytest.mark.parametrize("role", ["leader", "principal"])
def test_kept_figures_read_only_versioned_tables(client, request, plan, role):
    """What a page reads cold and not warm is what it keeps: each such table must move a version the key
    holds, else a write there would leave the kept figure stale."""
    client.force_login(request.getfixturevalue(role))
    for name in PAGES:
        caches["pages"].clear()
        cold, warm = sql_of(client, reverse(name)), sql_of(client, reverse(name))
        kept = {t for sql in set(cold) - set(warm) for t in re.findall(r'(?:FROM|JOIN) "(\w+)"', sql)}
        assert kept or role == "principal", name  # a principal's plan list is empty without a query
        assert kept <= set(pagecache.counted_tables()) | VERSIONED_APART, (name, kept)


def test_plan_page_counts_follow_a_closing_at_once(client, plan, lead, leader):
    task = Task.objects.get(plan=plan, number=1)
    client.force_login(leader)
    url = reverse("planning:plan_list")
    before = plan_row(client.get(url), plan)
    assert plan_row(client.get(url), plan).closed == before.closed  # kept, and the same
    # when: the lead unit reports and hands in, the leader closes
    planning.task_sign(actor=lead, task=task)
    planning.task_report_progress(actor=lead, task=task, text="已完成方案制定")
    planning.task_submit(actor=lead, task=task, note="办结报告")
    home = leader_lines(client.get(reverse("home:home")))
    planning.task_close(actor=leader, task=task)
    # then
    assert home["closures"] == 1
    assert plan_row(client.get(url), plan).closed == before.closed + 1
    assert leader_lines(client.get(reverse("home:home")))["closures"] == 0


def test_home_lights_follow_an_update_that_bypasses_save(client, plan, leader):
    client.force_login(leader)
    red = leader_lines(client.get(reverse("home:home")))["red"]
    Task.objects.filter(plan=plan, number__in=[5, 6]).exclude(light="red").update(light="red")
    changed = Task.objects.filter(plan=plan, light="red").count() - red
    assert changed > 0
    assert leader_lines(client.get(reverse("home:home")))["red"] == red + changed


def test_oversight_figures_follow_a_visit_at_once(client, district, leader, sup):
    client.force_login(leader)
    url = reverse("supervision:oversight")
    before = client.get(url).context["rectifications"]["total"]
    visit_with_rectification(sup, district.school)
    after = client.get(url).context
    assert after["rectifications"]["total"] == before + 1 == Rectification.objects.count()
    row = next(r for r in after["heatmap"] if r["school"]["pk"] == district.school.pk)
    assert "bg-" in row["cells_html"]


def test_indicator_figures_follow_a_recompute(client, district, real_year, leader):
    indicators_compute_all(actor=None)
    client.force_login(leader)
    url = reverse("indicators:dashboard")
    before = {code: v.value for code, v in client.get(url).context["values"].items()}
    # when: pupils enrol and the indicators are recomputed
    year = Enrollment.objects.order_by("-school_year").values_list("school_year", flat=True).first()
    assert year == "2019-2020"
    EnrollmentFactory.create_batch(40, school=district.school, school_year=year)
    indicators_compute_all(actor=None)
    # then: the page shows the stored values of now, not the kept ones
    after = {code: v.value for code, v in client.get(url).context["values"].items()}
    assert after != before
    year = client.get(url).context["year"]
    stored = indicator_selectors.district_values(user=leader, year=year)
    assert after == {code: v.value for code, v in stored.items()}


def test_a_principal_never_gets_the_leaders_figures(client, district, leader, principal):
    visit_with_rectification(supervisor_for(district.other_school, username="sup2"), district.other_school)
    client.force_login(leader)
    county = client.get(reverse("supervision:oversight")).context
    counts = client.get(reverse("home:home")).context
    client.force_login(principal)
    school = client.get(reverse("supervision:oversight")).context
    own = client.get(reverse("home:home")).context
    assert county["school_count"] > school["school_count"] == 1
    assert [r["school"]["pk"] for r in school["heatmap"]] == [district.school.pk]
    assert school["rectifications"]["total"] == 0 < county["rectifications"]["total"]
    assert own["schools"]["total"] == 1 < counts["schools"]["total"]
    assert Role.LEADER not in {s.role for s in own["sections"]}


@pytest.mark.parametrize(
    ("name", "most"),
    [("home:home", 8), ("indicators:dashboard", 10), ("planning:plan_list", 5), ("supervision:oversight", 6)],
)
def test_a_warm_page_reads_little(client, plan, leader, django_assert_max_num_queries, name, most):
    """Session, user, role assignments, the data versions (the pages' one; the indicator values' three on the
    home and indicator pages), the unread count and what stays per request (the indicator freshness line)."""
    client.force_login(leader)
    client.get(reverse(name))
    with django_assert_max_num_queries(most):
        assert client.get(reverse(name)).status_code == 200


def test_a_principals_home_does_not_read_the_indicator_values_version(client, plan, principal, leader):
    """Only the leader's kept lines are keyed by the indicator values' version (three queries)."""
    for user, reads in ((principal, False), (leader, True)):
        client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home:home")).status_code == 200
        assert any("indicators_freshness" in q["sql"] for q in queries.captured_queries) is reads, user
