"""Test data for supervision: a supervisor with a login assigned to a school, and ``url_walk_objects``
for ``core/tests/test_url_walk.py`` (own = the principal's school, other = the other school)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.registry.testing.factories import UserFactory
from edubureau.supervision import services
from edubureau.supervision.models import (
    CycleSlot,
    EvaluationCycle,
    Finding,
    PlannedVisit,
    Rectification,
    RectificationFile,
    SupervisionZone,
    Supervisor,
    SupervisorAssignment,
    Visit,
    VisitFile,
)

VISITED_AT = timezone.make_aware(dt.datetime(2019, 6, 3, 9, 30))


def supervisor_for(school, *, username: str, name: str = "郭文彬", zone=None, starts_on=dt.date(2019, 1, 1)):
    """A supervisor login (role on ``school``), their profile, and the assignment."""
    user = UserFactory(username=username, display_name=name)
    role_assign(actor=None, user=user, role=Role.SUPERVISOR, school=school)
    profile = Supervisor.objects.create(
        county=school.county, user=user, name=name, certificate_number=username
    )
    zone = zone or SupervisionZone.objects.get_or_create(county=school.county, name="第一责任区")[0]
    SupervisorAssignment.objects.create(supervisor=profile, school=school, zone=zone, starts_on=starts_on)
    return user


def visit_with_rectification(
    user, school, *, visited_at=VISITED_AT, deadline=dt.date(2019, 6, 20)
) -> Rectification:
    visit = services.visit_record(
        actor=user,
        school=school,
        visited_at=visited_at,
        methods=["tour"],
        checklist={6: ("poor", "消防通道堆放杂物")},
        findings=[
            {
                "item": 6,
                "description": "消防通道堆放杂物",
                "requirement": "清理消防通道",
                "deadline": deadline,
            }
        ],
    )
    return visit.findings.get().rectification


def url_walk_objects(district) -> dict:
    """One object of each supervision model in the principal's school and one in the other school; models
    no principal grant reaches get (None, other)."""
    own_user = supervisor_for(district.school, username="walk-sup-own")
    other_user = supervisor_for(district.other_school, username="walk-sup-other", name="陈督学")
    own = visit_with_rectification(own_user, district.school)
    other = visit_with_rectification(other_user, district.other_school)

    def vfile(rect):
        f = VisitFile(visit=rect.finding.visit, name="x.jpg", is_image=True)
        f.file.save("x.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
        return f

    def rfile(rect):
        f = RectificationFile(answer=rect.answers.create(actions="已整改"), name="e.pdf")
        f.file.save("e.pdf", ContentFile(b"%PDF-1.4"), save=True)
        return f

    own_user.supervisor_profile.photo.save("photo.jpg", ContentFile(b"\xff\xd8\xff"), save=True)

    cycle = EvaluationCycle.objects.create(county=district.county, name="2019—2021综合督导", first_year=2019)
    slot = CycleSlot.objects.create(cycle=cycle, school=district.other_school, year=2019)
    planned = PlannedVisit.objects.create(
        school=district.other_school,
        supervisor=other_user.supervisor_profile,
        month="2019-06",
        planned_on=dt.date(2019, 6, 10),
    )
    return {
        Visit: (own.finding.visit, other.finding.visit),
        Finding: (own.finding, other.finding),
        Rectification: (own, other),
        VisitFile: (vfile(own), vfile(other)),
        RectificationFile: (rfile(own), rfile(other)),
        Supervisor: (None, other_user.supervisor_profile),
        EvaluationCycle: (None, cycle),
        CycleSlot: (None, slot),
        PlannedVisit: (None, planned),
    }
