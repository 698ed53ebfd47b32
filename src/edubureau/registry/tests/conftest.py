"""Helpers for the registry page tests: a signed-in client per user, workbook reading, enrolled classes."""

import io

import pytest
from openpyxl import load_workbook

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.testing.jobs import body_of, job_download
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    SchoolClassFactory,
    StudentFactory,
    UserFactory,
)


@pytest.fixture
def login(client):
    """``login(user)`` → the test client signed in as ``user``."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


@pytest.fixture
def clerk(district):
    """A principal's clerk who holds the personal-data permission for the own school."""
    user = UserFactory(username="clerk")
    role_assign(actor=None, user=user, role=Role.PRINCIPAL, school=district.school, can_view_personal=True)
    return user


@pytest.fixture
def teacher_user(district):
    """The teacher role: may view the own school, nothing else."""
    user = UserFactory(username="teacher")
    role_assign(actor=None, user=user, role=Role.TEACHER, school=district.school)
    return user


def read_xlsx(response) -> list[list]:
    """The rows (header first) of the first sheet of an xlsx download (followed through its job)."""
    response = job_download(response)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    body = body_of(response)
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def enrolled_class(school, pupils: int, *, school_year="2019-2020", level="primary", grade=1, **kw):
    """A class of ``school`` with ``pupils`` enrolled students."""
    school_class = SchoolClassFactory(school=school, school_year=school_year, level=level, grade=grade, **kw)
    for student in StudentFactory.create_batch(pupils, school=school):
        EnrollmentFactory(
            student=student, school_class=school_class, school_year=school_year, level=level, grade=grade
        )
    return school_class
