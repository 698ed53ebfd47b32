"""Objects of the 周转池 and 校际交流 for tests and the URL walk: schools with coordinates, pool teachers,
vacancies, a run with its dispatches, a rotation plan with a line."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from edubureau.registry.testing.factories import SchoolFactory, TeacherFactory
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool_models import (
    Dispatch,
    DispatchRun,
    PoolTeacher,
    RotationMove,
    RotationPlan,
    Vacancy,
)

DAY = dt.date(2019, 9, 2)


def place(school, lat: float, lon: float):
    school.latitude, school.longitude = Decimal(str(lat)), Decimal(str(lon))
    school.save(update_fields=["latitude", "longitude"])
    return school


def pool_teacher(
    school, *, subjects="语文", levels="primary", start=DAY, end=DAY + dt.timedelta(days=300), user=None, **kw
):
    teacher = TeacherFactory(school=school, **kw)
    return PoolTeacher.objects.create(
        county=school.county,
        teacher=teacher,
        subjects=subjects,
        levels=levels,
        available_from=start,
        available_to=end,
        user=user,
    )


def vacancy(school, *, subject="语文", level="primary", start=DAY, days=30, reason=pc.LeaveReason.SICK):
    return Vacancy.objects.create(
        county=school.county,
        school=school,
        reason=reason,
        subject=subject,
        level=level,
        start=start,
        end=start + dt.timedelta(days=days - 1),
    )


def url_walk_objects(district) -> dict:
    """One object of each pool model in the principal's school and one elsewhere (county rows: elsewhere)."""
    place(district.school, 25.10, 118.80)
    place(district.other_school, 25.20, 118.90)
    members = (pool_teacher(district.school), pool_teacher(district.other_school))
    vacancies = (vacancy(district.school), vacancy(district.other_school))
    run = DispatchRun.objects.create(county=district.county, run_on=DAY)
    dispatches = tuple(
        Dispatch.objects.create(
            county=district.county,
            run=run,
            vacancy=v,
            pool_teacher=m,
            start=v.start,
            end=v.end,
            busy_until=v.end,
            distance_km=15.0,
            status=pc.DispatchStatus.CONFIRMED,
        )
        for v, m in zip(vacancies, reversed(members), strict=True)
    )
    plan = RotationPlan.objects.create(county=district.county, school_year="2019-2020", eligible=10)
    other = SchoolFactory(area=district.other_town, name="交流入校小学")
    move = RotationMove.objects.create(
        plan=plan,
        teacher=TeacherFactory(school=district.other_school, joined_school_year=2010),
        from_school=district.other_school,
        to_school=other,
        reason="测试",
    )
    return {
        PoolTeacher: members,
        Vacancy: vacancies,
        Dispatch: dispatches,
        DispatchRun: (None, run),
        RotationPlan: (None, plan),
        RotationMove: (None, move),
    }
