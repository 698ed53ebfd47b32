"""Every URL pattern and API route, walked three ways.

- as a school principal with an object of their own school: allowed (no 404, no error);
- with the same kind of object from another school: 404, exactly like a missing row (the API says 403
  where the principal holds no grant on that model at all, again exactly as for a missing row);
- as an anonymous visitor: sent to the login page (pages) or refused with 401/403 (API).

A new route with a ``pk`` must say which model it shows (a class-based view's ``queryset``/``model``, or an
entry in FUNCTION_VIEW_MODELS below); otherwise ``test_every_pk_route_is_mapped`` fails and names it.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from edubureau.accounts.models import RoleAssignment, User
from edubureau.collect.tests.factories import url_walk_objects as collect_url_walk_objects
from edubureau.core.models import Job
from edubureau.evaluation.tests.factories import url_walk_objects as evaluation_url_walk_objects
from edubureau.indicators.models import IndicatorValue
from edubureau.planning.tests.tracking.factories import url_walk_objects
from edubureau.projects.tests.factories import url_walk_objects as projects_url_walk_objects
from edubureau.registry.models import (
    Area,
    Department,
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Student,
    Teacher,
)
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    FinanceRecordFactory,
    PopulationFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
)
from edubureau.safety.tests.factories import url_walk_objects as safety_url_walk_objects
from edubureau.staffing.tests.factories import url_walk_objects as staffing_url_walk_objects
from edubureau.staffing.tests.pool_factories import url_walk_objects as pool_url_walk_objects
from edubureau.supervision.tests.factories import url_walk_objects as supervision_url_walk_objects

pytestmark = pytest.mark.django_db

# Function views that take a pk: the model the pk names.
FUNCTION_VIEW_MODELS = {
    "core:job": Job,
    "core:job_file": Job,
    "registry:student_reveal_id": Student,
    "registry:import_job": Job,
    "registry:import_errors_xlsx": Job,
    "accounts:user_detail": User,
    "accounts:user_role_assign": User,
    "accounts:user_role_revoke": User,
    "accounts:user_unlock": User,
    "accounts:user_set_active": User,
}
# Pages of one user's own job that a principal cannot have: only who may import a plan starts a plan
# parse job, and a principal may not; their own (import) job is a 404 there like any other.
# A job's file exists once the job is done with one (the walk's jobs are queued; the owner's download is
# tested with the export job in registry/tests/test_student_export_job.py).
OWN_OUT_OF_REACH = {"registry:student_reveal_id", "planning:plan_import_job", "core:job_file"}
# An expert's entry page for a sheet: a principal is no expert of any round (evaluation/tests/test_rounds.py
# walks it as an expert: their own school is a 404 there too, 回避).
OWN_OUT_OF_REACH |= {"evaluation:sheet_expert"}
# Not ours to walk: Django's own admin (staff only, its own login), static and language switching.
SKIP_PREFIXES = ("django-admin/", "i18n/", "static/", "media/")
# Public by nature: logging in, and issuing an API token for a username and password.
PUBLIC = {"accounts:login", "api-token"}


def _bare(pattern) -> str:
    return str(pattern).removeprefix("^").removesuffix("$")


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, prefix + _bare(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield prefix + _bare(p.pattern), p.callback, f"{namespace}{p.name}" if p.name else None


def routes():
    seen = set()
    for route, callback, name in _walk(get_resolver().url_patterns):
        if route.startswith(SKIP_PREFIXES) or "(?P<format>" in route or "<drf_format_suffix" in route:
            continue
        if route not in seen:
            seen.add(route)
            yield route, callback, name


def _params(route):
    return re.findall(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>", route)


def _fill(route, values):
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    return "/" + route.replace("\\", "")


def model_of(callback, name):
    cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if cls is not None:
        queryset = getattr(cls, "queryset", None)
        if queryset is not None:
            return queryset.model
        if getattr(cls, "model", None) is not None:
            return cls.model
        if getattr(callback, "view_initkwargs", {}).get("model") is not None:  # a view set up per URL
            return callback.view_initkwargs["model"]
    return FUNCTION_VIEW_MODELS.get(name)


@pytest.fixture
def world(district, principal):
    """One object of each model in the principal's school and one in another school."""
    other_user = UserFactory(username="someone-else")

    def pair(factory, **kw):
        return factory(school=district.school, **kw), factory(school=district.other_school, **kw)

    students = pair(StudentFactory)
    objects = {
        School: (district.school, district.other_school),
        SchoolClass: pair(SchoolClassFactory),
        Teacher: pair(TeacherFactory),
        Student: students,
        Enrollment: tuple(EnrollmentFactory(student=s) for s in students),
        FinanceRecord: (
            FinanceRecordFactory(school=district.school, area=district.town),
            FinanceRecordFactory(school=district.other_school, area=district.other_town),
        ),
        # No grant of a principal reaches these: both are out of scope.
        Area: (None, district.other_town),
        Department: (None, Department.objects.create(county=district.county, name="督导室")),
        Population: (None, PopulationFactory(area=district.other_town)),
        User: (None, other_user),
        RoleAssignment: (None, RoleAssignment.objects.filter(user__username="principal").first()),
        Job: (
            Job.objects.create(kind="import.students", owner=principal),
            Job.objects.create(kind="import.students", owner=other_user),
        ),
    }

    def value(school):
        return IndicatorValue.objects.create(
            indicator="class_size_mean",
            period="2019-2020",
            scope_type="school",
            scope_code=school.code,
            county=district.county,
            area=school.area,
            school=school,
            value=40,
            numerator=40,
            denominator=1,
            computed_at=timezone.now(),
        )

    objects[IndicatorValue] = (value(district.school), value(district.other_school))
    # Work-plan rows belong to the county: no principal grant reaches them.
    objects.update({m: (None, o) for m, o in url_walk_objects(district.county).items()})
    objects.update(supervision_url_walk_objects(district))
    objects.update(collect_url_walk_objects(district))
    objects.update(projects_url_walk_objects(district))
    objects.update(safety_url_walk_objects(district))
    objects.update(evaluation_url_walk_objects(district))
    objects.update(staffing_url_walk_objects(district))
    objects.update(pool_url_walk_objects(district))
    return objects


def _values(route, obj, model):
    values = {"pk": obj.pk, "kind": "students", "assignment_pk": 1, "code": "entrants_primary"}
    if "<str:app_label>" in route:
        values.update(app_label=model._meta.app_label, model_name=model._meta.model_name)
    return values


def _request(client, url):
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url)
    return response


def _pk_routes():
    for route, callback, name in routes():
        params = {a or b for a, b in _params(route)}
        if "pk" in params:
            yield route, callback, name


def test_every_pk_route_is_mapped():
    unmapped = [
        name or route
        for route, cb, name in _pk_routes()
        if "<str:app_label>" not in route and model_of(cb, name) is None
    ]
    assert unmapped == []


def test_principal_own_allowed_other_404(client, principal, world):
    client.force_login(principal)
    checked, problems = 0, []
    for route, callback, name in _pk_routes():
        generic = "<str:app_label>" in route
        models = [School, Student, Teacher, SchoolClass] if generic else [model_of(callback, name)]
        for model in models:
            own, other = world[model]
            other_response = _request(client, _fill(route, _values(route, other, model)))
            missing_response = _request(client, _fill(route, {**_values(route, other, model), "pk": 987654}))
            # The API answers 403 to a user who holds no grant on the model anywhere (it says nothing
            # about any row); everything else out of scope is 404. Either way: the same as a missing row.
            expected = 403 if route.startswith("api/") and own is None else 404
            if (other_response.status_code, missing_response.status_code) != (expected, expected):
                problems.append(
                    f"{route} other {model.__name__}: {other_response.status_code}, "
                    f"missing: {missing_response.status_code}, expected {expected}"
                )
            if own is not None and name not in OWN_OUT_OF_REACH:
                own_response = _request(client, _fill(route, _values(route, own, model)))
                if own_response.status_code in (404, 500) or own_response.status_code >= 500:
                    problems.append(f"{route} own {model.__name__}: {own_response.status_code}")
            checked += 1
    assert problems == []
    assert checked >= 20  # the walk did reach the detail routes


def test_reveal_own_needs_explicit_permission(client, principal, world):
    """A principal without view_personal cannot reveal even their own pupil's ID: 404 like out of scope."""
    client.force_login(principal)
    own, _ = world[Student]
    assert client.post(f"/registry/students/{own.pk}/reveal-id/").status_code == 404


def test_list_routes_as_principal_never_fail(client, principal, world):
    client.force_login(principal)
    problems = []
    for route, _cb, name in routes():
        if _params(route) or name == "accounts:logout":
            continue
        response = client.get("/" + route.replace("\\", ""))
        if response.status_code >= 500:
            problems.append(f"{route}: {response.status_code}")
    assert problems == []


def test_anonymous_is_sent_to_login_or_refused(client, world):
    problems = []
    for route, callback, name in routes():
        if name in PUBLIC:
            continue
        model = model_of(callback, name) or School
        own, other = world.get(model, (None, None))
        obj = own or other
        url = _fill(
            route,
            _values(route, obj, model)
            if obj is not None
            else {"pk": 1, "kind": "students", "assignment_pk": 1, "code": "x"},
        )
        response = _request(client, url)
        if route.startswith("api/"):
            ok = response.status_code in (401, 403) or (
                response.status_code == 302 and "/accounts/login/" in response["Location"]
            )
        else:
            ok = response.status_code == 302 and "/accounts/login/" in response["Location"]
        if not ok:
            problems.append(f"{route}: {response.status_code}")
    assert problems == []
