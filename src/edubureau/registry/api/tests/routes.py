"""The registry API routes as data, so that each generic test runs over every one of them.

A ``Place`` is where a row lives (county, town, school); the tests make one row in the actor's place and
one outside it. ``make`` builds a row at a place, ``payload`` the POST body that creates one there,
``change`` a PATCH body and ``changed`` how to read the changed value back.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from edubureau.registry import models as m
from edubureau.registry.models import Area, School
from edubureau.registry.testing.factories import (
    AreaFactory,
    DepartmentFactory,
    EnrollmentFactory,
    FinanceRecordFactory,
    PopulationFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
    make_id_number,
)

_serial = itertools.count(1)


@dataclass
class Place:
    county: Area
    town: Area
    school: School


@dataclass
class Route:
    name: str  # URL segment under /api/registry/
    basename: str  # router basename, for reverse()
    make: Callable[[Place], Any]
    payload: Callable[[Place], dict]
    change: dict
    principal_scoped: bool  # a principal holds this model for their own school

    @property
    def model(self):
        return _MODELS[self.name]

    def list_url(self) -> str:
        return f"/api/registry/{self.name}/"

    def detail_url(self, pk) -> str:
        return f"/api/registry/{self.name}/{pk}/"


def _n() -> int:
    return next(_serial)


def _student_payload(p: Place) -> dict:
    n = _n()
    return {
        "name": f"新生{n}",
        "gender": "F",
        "birth_date": "2013-03-04",
        "school": p.school.pk,
        "id_number": make_id_number(500 + n % 400, dt.date(2013, 3, 4), region="350505"),
        "school_year": "2019-2020",
        "level": "primary",
        "grade": 1,
    }


def _teacher_payload(p: Place) -> dict:
    n = _n()
    return {
        "name": f"新教师{n}",
        "gender": "M",
        "birth_date": "1991-02-03",
        "school": p.school.pk,
        "education": "bachelor",
        "id_number": make_id_number(500 + n % 400, dt.date(1991, 2, 3), region="350505"),
    }


ROUTES = [
    Route(
        "areas",
        "area",
        make=lambda p: AreaFactory(parent=p.town, kind="town"),
        payload=lambda p: {
            "name": "新区",
            "code": f"{p.town.code}{_n():03d}",
            "kind": "town",
            "parent": p.town.pk,
        },
        change={"name": "改名镇"},
        principal_scoped=False,
    ),
    Route(
        "departments",
        "department",
        make=lambda p: DepartmentFactory(county=p.county),
        payload=lambda p: {"county": p.county.pk, "name": f"新股室{_n()}"},
        change={"name": "督导室"},
        principal_scoped=False,
    ),
    Route(
        "schools",
        "school",
        make=lambda p: p.school,
        payload=lambda p: {
            "code": f"{3199000000 + _n()}",
            "name": "新建小学",
            "kind": "primary",
            "area": p.town.pk,
        },
        change={"name": "改名小学"},
        principal_scoped=True,
    ),
    Route(
        "classes",
        "schoolclass",
        make=lambda p: SchoolClassFactory(school=p.school),
        payload=lambda p: {
            "school": p.school.pk,
            "school_year": "2019-2020",
            "level": "primary",
            "grade": 2,
            "name": f"二年级({_n()})班",
        },
        change={"name": "二年级(甲)班"},
        principal_scoped=True,
    ),
    Route(
        "teachers",
        "teacher",
        make=lambda p: TeacherFactory(school=p.school),
        payload=_teacher_payload,
        change={"main_subject": "数学"},
        principal_scoped=True,
    ),
    Route(
        "students",
        "student",
        make=lambda p: StudentFactory(school=p.school),
        payload=_student_payload,
        change={"ethnicity": "回族"},
        principal_scoped=True,
    ),
    Route(
        "enrollments",
        "enrollment",
        make=lambda p: EnrollmentFactory(student=StudentFactory(school=p.school)),
        payload=lambda p: {
            "student": StudentFactory(school=p.school).pk,
            "school": p.school.pk,
            "school_year": "2020-2021",
            "level": "primary",
            "grade": 2,
        },
        change={"status": "suspended"},
        principal_scoped=True,
    ),
    Route(
        "population",
        "population",
        make=lambda p: PopulationFactory(area=p.town, age=5),
        payload=lambda p: {"area": p.town.pk, "year": 2020, "age": 7 + _n() % 10, "count": 120},
        change={"count": 321},
        principal_scoped=False,
    ),
    Route(
        "finance",
        "financerecord",
        make=lambda p: FinanceRecordFactory(area=p.school.area, school=p.school, year=2018),
        payload=lambda p: {
            "year": 2020 + _n() % 50,
            "school": p.school.pk,
            "general_budget_education": "1000.00",
        },
        change={"enrolment": 999},
        principal_scoped=True,
    ),
]

_MODELS = {
    "areas": m.Area,
    "departments": m.Department,
    "schools": m.School,
    "classes": m.SchoolClass,
    "teachers": m.Teacher,
    "students": m.Student,
    "enrollments": m.Enrollment,
    "population": m.Population,
    "finance": m.FinanceRecord,
}
BY_NAME = {r.name: r for r in ROUTES}
PRINCIPAL_ROUTES = [r for r in ROUTES if r.principal_scoped]
