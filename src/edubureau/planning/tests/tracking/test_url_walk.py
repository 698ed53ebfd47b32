"""Every planning page and API route walked as the project's URL walk does (core/tests/test_url_walk.py):
each pk route names its model; a principal (no planning grant) gets 404 for pages and 403 for the API,
exactly as for a missing row; department staff of the county reach their own rows; anonymous visitors
are sent to log in or refused."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from edubureau.core.models import Job
from edubureau.core.tests.test_url_walk import _bare, _fill, _params, _request, model_of
from edubureau.planning import services, tasks
from edubureau.planning.models import (
    Evidence,
    ExtensionRequest,
    Milestone,
    Plan,
    ProgressReport,
    Target,
    Task,
    UrgeNotice,
)
from edubureau.registry.models import Department

pytestmark = pytest.mark.django_db


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + _bare(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + _bare(p.pattern), p.callback, f"{namespace}{p.name}" if p.name else None


def planning_routes():
    seen = set()
    for route, callback, name in _walk(get_resolver().url_patterns):
        if (
            not route.startswith(("plan/", "api/planning/"))
            or "(?P<format>" in route
            or "<drf_format" in route
        ):
            continue
        if route not in seen:
            seen.add(route)
            yield route, callback, name


@pytest.fixture
def world(plan, lead, leader):
    """One row of each planning model in the fixture county."""
    task = plan.tasks.get(number=1)
    services.task_sign(actor=lead, task=task)
    report = services.task_report_progress(actor=lead, task=task, text="进展")
    evidence = Evidence(report=report, name="a.pdf", size=3)
    evidence.file.save("a.pdf", ContentFile(b"pdf"), save=True)
    return {
        Plan: plan,
        Task: task,
        Target: plan.targets.first(),
        Milestone: Milestone.objects.filter(task__plan=plan).first(),
        ProgressReport: report,
        Evidence: evidence,
        ExtensionRequest: services.extension_request(
            actor=lead, task=task, new_due=dt.date(2020, 3, 1), reason="x"
        ),
        UrgeNotice: services.urge_notice_issue(actor=leader, task=task),
        Department: task.lead_units.first(),
        Job: tasks.parse_job_start(owner=lead, county=plan.county, source_text=plan.source_text),
    }


def _pk_routes():
    for route, callback, name in planning_routes():
        if "pk" in {a or b for a, b in _params(route)}:
            yield route, callback, name


def test_every_pk_route_is_mapped_and_names_one_param(world):
    routes = list(planning_routes())
    assert len(routes) > 20
    for route, callback, name in routes:
        params = {a or b for a, b in _params(route)}
        assert params <= {"pk"}, route
        if params:
            assert model_of(callback, name) in world, route


def test_principal_gets_404_pages_and_403_api_like_missing(client, principal, world):
    client.force_login(principal)
    problems = []
    for route, callback, name in _pk_routes():
        model = model_of(callback, name)
        expected = 403 if route.startswith("api/") else 404
        for pk in (world[model].pk, 987654):
            status = _request(client, _fill(route, {"pk": pk})).status_code
            if status != expected:
                problems.append(f"{route} pk={pk}: {status}, expected {expected}")
    assert problems == []


def test_county_staff_reach_their_rows(client, lead, world):
    client.force_login(lead)
    problems = []
    for route, callback, name in _pk_routes():
        model = model_of(callback, name)
        response = client.get(_fill(route, {"pk": world[model].pk}))
        # 405: a POST-only route, answering GET without looking at the row
        if response.status_code == 404 or response.status_code >= 500:
            problems.append(f"{route}: {response.status_code}")
    assert problems == []


def test_list_routes_never_fail(client, principal, lead, world):
    for user in (principal, lead):
        client.force_login(user)
        for route, _cb, _name in planning_routes():
            if _params(route):
                continue
            assert client.get("/" + route.replace("\\", "")).status_code < 500, route


def test_anonymous_is_sent_to_login_or_refused(client, world):
    problems = []
    for route, callback, name in planning_routes():
        model = model_of(callback, name)
        url = _fill(route, {"pk": world[model].pk if model else 1})
        response = _request(client, url)
        if route.startswith("api/"):
            ok = response.status_code in (401, 403)
        else:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        if not ok:
            problems.append(f"{route}: {response.status_code}")
    assert problems == []
