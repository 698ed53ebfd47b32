"""Schemathesis against the live OpenAPI document: every operation, reads and writes, with a bounded number
of generated requests each, as the system administrator on a small fixture database. No request may
answer 5xx, and every response must match the schema.

Deterministic (a fixed seed, no shrinking) so that CI is stable; the coverage and stateful phases are off
to keep the run to a few minutes. Writes are destructive: that is what the test database is for.
"""

import datetime as dt
from pathlib import Path

import hypothesis
import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import resolve
from django.utils import timezone
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from edubureau import planning
from edubureau.collect.tests.factories import assign, safety_form
from edubureau.evaluation.tests.factories import fill, round_for, scheme_for
from edubureau.planning.parser import parse_file
from edubureau.planning.services import plan_publish
from edubureau.projects.models import ProjectMilestone, ProjectPayment
from edubureau.projects.tests.factories import funding_for, project_for
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    FinanceRecordFactory,
    PopulationFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
)
from edubureau.safety import services as safety_services
from edubureau.safety.tests.factories import centre, hazard
from edubureau.staffing.models import Round, RoundResult
from edubureau.staffing.tests.factories import competition_for, entry_for
from edubureau.supervision.tests.factories import supervisor_for, visit_with_rectification

QUANGANG = Path(planning.__file__).parent / "data" / "2019-quangang-education-work-plan.txt"
pytestmark = [pytest.mark.slow, pytest.mark.django_db]

#: Generated requests per operation and generation mode (valid input, then invalid input).
MAX_EXAMPLES = 5
MODES = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE)
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
# Derandomised: the same requests on every run, so that CI is stable.
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    suppress_health_check=list(hypothesis.HealthCheck),
)


@pytest.fixture
def api_schema(settings, district, sysadmin):
    """The schema as served to a signed-in user, and the header for the generated requests."""
    settings.ALLOWED_HOSTS = ["*"]
    _fixture_rows(district)
    headers = {"Authorization": f"Token {Token.objects.get_or_create(user=sysadmin)[0].key}"}
    # The WSGI handler would close the test transaction's connection after each request (Django's own
    # test client disconnects these signals the same way).
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        schema = schemathesis.openapi.from_wsgi(
            "/api/schema/?format=json", get_wsgi_application(), headers=headers
        )
        yield schema, headers
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _fixture_rows(district) -> None:
    """One row of each table the API serves in the fixture county, so that small ids often name real rows."""
    school_class = SchoolClassFactory(school=district.school)
    teacher = TeacherFactory(school=district.school)
    school_class.head_teacher = teacher
    school_class.save()
    EnrollmentFactory(student=StudentFactory(school=district.school), school_class=school_class)
    PopulationFactory(area=district.town)
    FinanceRecordFactory(area=district.town, school=district.school)
    plan = parse_file(QUANGANG)
    units = {n for item in plan.items for n in [*item.lead_units, *item.co_units]}
    plan_publish(
        actor=None,
        county=district.county,
        parsed=plan,
        source_text=QUANGANG.read_text(encoding="utf-8"),
        create_units=units,
    )
    visit_with_rectification(supervisor_for(district.school, username="fuzz-sup"), district.school)
    funding = funding_for(project_for(district.school))
    ProjectPayment.objects.create(funding=funding, paid_on=dt.date(2019, 4, 1), amount=100)
    ProjectMilestone.objects.create(project=funding.project, kind="approval", due_on=dt.date(2019, 6, 1))
    hazard(district.school)
    safety_services.centre_inspect(
        actor=None, centre=centre(district.town), inspected_on=dt.date(2019, 6, 3), inspectors="安保股",
        result="rectify", requirement="张贴收费公示", deadline=dt.date(2019, 6, 30),
    )  # fmt: skip
    fill(round_for(scheme_for(district.county), [district.school]))
    competition = competition_for(district.county, [district.school])
    RoundResult.objects.create(
        round=Round.objects.create(competition=competition, number=1, run_at=timezone.now(), posts={}),
        entry=entry_for(competition, district.school, score=80),
        outcome="kept",
    )
    assign(safety_form(district.county))


def _existing_id(operation) -> int | None:
    """The id of a fixture row the ``{id}`` of ``operation`` may name, so that updates hit a real row."""
    if "{id}" not in operation.path:
        return None
    view = resolve(operation.path.replace("{id}", "1")).func
    queryset = getattr(getattr(view, "cls", None), "queryset", None)
    if queryset is None:
        return None
    return queryset.model._default_manager.order_by("pk").values_list("pk", flat=True).first()


def _run(operation, mode, headers, **fixed) -> str | None:
    """The first failing check of ``operation`` in ``mode``, or None."""

    @SETTINGS
    @hypothesis.given(case=operation.as_strategy(mode, **fixed))
    def run(case):
        case.validate_response(case.call(headers=headers), checks=CHECKS)

    try:
        run()
    except (Exception, BaseExceptionGroup) as exc:  # a check failed: report it with its operation
        if isinstance(exc, hypothesis.errors.Unsatisfiable) or "Unable to satisfy assumptions" in str(exc):
            return None  # nothing of this operation can be made invalid (no query, no body)
        return f"{operation.label} [{mode.value}]: {str(exc)[:2000]}"
    return None


def test_api_never_errs_and_keeps_to_its_schema(api_schema):
    schema, headers = api_schema
    operations = [result.ok() for result in schema.get_all_operations()]
    runs = [(op, mode, {}) for op in operations for mode in MODES]
    runs += [
        (op, mode, {"path_parameters": {"id": pk}})
        for op in operations
        if (pk := _existing_id(op))
        for mode in MODES
    ]
    failures = [f for op, mode, fixed in runs if (f := _run(op, mode, headers, **fixed))]

    assert len(operations) > 50
    assert not failures, "\n\n".join(failures)
