"""pytest fixtures (loaded by the root conftest): two towns, a school in each, and a user per role.

``district.school`` is "own" for the principal; ``district.other_school`` is out of their scope.
"""

import datetime as dt
from dataclasses import dataclass

import pytest

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.registry import choices as c
from edubureau.registry.models import Area, School
from edubureau.registry.testing.factories import (
    AreaFactory,
    FinanceRecordFactory,
    SchoolClassFactory,
    SchoolFactory,
    TeacherFactory,
    UserFactory,
    pupils_bulk,
)

PASSWORD = "Edu-test-2019!"


@dataclass
class District:
    county: Area
    town: Area
    other_town: Area
    school: School
    other_school: School


@pytest.fixture
def district(db) -> District:
    town, other_town = AreaFactory(name="山腰街道"), AreaFactory(name="南埔镇")
    return District(
        county=town.parent,
        town=town,
        other_town=other_town,
        school=SchoolFactory(area=town, name="泉港一中附小"),
        other_school=SchoolFactory(area=other_town, name="南埔中心小学"),
    )


def _user(username: str, role: str, *, area=None, school=None, **kw):
    user = UserFactory(username=username)
    role_assign(actor=None, user=user, role=role, area=area, school=school, **kw)
    return user


@pytest.fixture
def principal(district):
    return _user("principal", Role.PRINCIPAL, school=district.school)


@pytest.fixture
def leader(district):
    return _user("leader", Role.LEADER, area=district.county)


@pytest.fixture
def staff(district):
    return _user("staff", Role.DEPARTMENT_STAFF, area=district.county)


@pytest.fixture
def town_staff(district):
    """Staff scoped to one town only (a 中心校 office)."""
    return _user("townstaff", Role.DEPARTMENT_STAFF, area=district.town)


@pytest.fixture
def sysadmin(district):
    return _user("admin", Role.SYSADMIN)


@dataclass
class RealYear:
    """What a real school year holds, small: ``district`` plus the cases a happy-path fixture lacks."""

    county: Area
    schools: dict[tuple[str, str], School]  # (kind, ownership) → school; kindergartens by affordable status
    status_school: School  # a primary school with a pupil of every status and a teacher of every status
    status_class: object  # its class: every enrolled pupil, and one pupil of each other status
    pupils_by_status: dict[str, int]
    class_sizes: list[int]  # this year's classes at the band edges (≤45 | 46–55 | 56–65 | ≥66)
    finance_years: list[int]


# Class sizes on each side of every 班额 band edge (45|46, 55|56, 65|66) and of the junior standard (50|51).
BAND_EDGE_SIZES = (45, 46, 50, 51, 55, 56, 65, 66)


@pytest.fixture
def real_year(district) -> RealYear:
    """2019-2020 in ``district``: a school of every kind (public, and a private one of each kind that may be
    private), kindergartens in each 普惠 status, pupils in every 学籍 status (one each beside the enrolled),
    teachers in every 人员状态, junior classes at every band edge with last year's classes, and finance lines
    of 2017–2019 for the county and the school. Built with bulk inserts: about 0.5 s."""
    town = district.town
    schools = {}
    for kind in c.SchoolKind.values:
        schools[(kind, c.Ownership.PUBLIC)] = SchoolFactory(
            area=town, kind=kind, name=f"公办{kind}",
            affordable=c.AffordableStatus.PUBLIC if kind == c.SchoolKind.KINDERGARTEN else "",
        )  # fmt: skip
    for kind in (c.SchoolKind.PRIMARY, c.SchoolKind.JUNIOR, c.SchoolKind.SENIOR, c.SchoolKind.VOCATIONAL):
        schools[(kind, c.Ownership.PRIVATE)] = SchoolFactory(
            area=town, kind=kind, name=f"民办{kind}", ownership=c.Ownership.PRIVATE
        )
    for status in (c.AffordableStatus.AFFORDABLE_PRIVATE, c.AffordableStatus.PRIVATE):
        schools[(c.SchoolKind.KINDERGARTEN, status)] = SchoolFactory(
            area=town, kind=c.SchoolKind.KINDERGARTEN, name=f"民办幼儿园{status}",
            ownership=c.Ownership.PRIVATE, affordable=status,
        )  # fmt: skip
    school = district.school
    klass = SchoolClassFactory(school=school, level=c.Level.PRIMARY, grade=3, name="三年级(1)班")
    statuses = c.EnrollmentStatus.values
    pupils_bulk(school, len(statuses), grade=3, klass=klass, birth=dt.date(2010, 3, 1))
    for status in statuses:
        if status != c.EnrollmentStatus.ENROLLED:
            pupils_bulk(school, 1, grade=3, klass=klass, status=status, birth=dt.date(2010, 3, 1))
    for status in c.TeacherStatus.values:
        TeacherFactory(school=school, status=status)
    junior = schools[(c.SchoolKind.JUNIOR, c.Ownership.PUBLIC)]
    for i, size in enumerate(BAND_EDGE_SIZES, start=1):
        now = SchoolClassFactory(school=junior, level=c.Level.JUNIOR, grade=2, name=f"初二({i})班")
        pupils_bulk(junior, size, level=c.Level.JUNIOR, grade=2, klass=now, birth=dt.date(2006, 5, 1))
    before = SchoolClassFactory(school=junior, level=c.Level.JUNIOR, grade=1, name="初一(1)班",
                                school_year="2018-2019")  # fmt: skip
    pupils_bulk(junior, 66, level=c.Level.JUNIOR, grade=1, klass=before, school_year="2018-2019")
    years = [2017, 2018, 2019]
    for year in years:
        FinanceRecordFactory(area=district.county, year=year, general_budget_education=1_000_000 + year,
                             enrolment=300)  # fmt: skip
        FinanceRecordFactory(area=town, school=school, year=year, public_funding_per_student=600 + year % 10 * 10,
                             enrolment=len(statuses))  # fmt: skip
    counts = dict.fromkeys(statuses, 1) | {c.EnrollmentStatus.ENROLLED: len(statuses)}
    return RealYear(
        county=district.county, schools=schools, status_school=school, status_class=klass,
        pupils_by_status=counts, class_sizes=[len(statuses), *BAND_EDGE_SIZES], finance_years=years,
    )  # fmt: skip
