"""Test data for safety: a hazard, a bullying case, a training centre, a 平安校园 scheme; and
``url_walk_objects`` for ``core/tests/test_url_walk.py`` (own = the principal's school, other = the other
school; models no principal grant reaches get (None, other))."""

import datetime as dt

from django.core.files.base import ContentFile

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.registry.models import Department
from edubureau.registry.testing.factories import UserFactory
from edubureau.safety import services
from edubureau.safety.models import (
    BullyingCase,
    CampusScheme,
    CentreInspection,
    Complaint,
    Hazard,
    HazardFile,
    TrainingCentre,
)

FOUND = dt.date(2019, 6, 3)


def safety_officer(county, *, username: str = "anbao") -> User:
    """Staff of the county's 安全保卫股."""
    department, _ = Department.objects.get_or_create(county=county, name="安全保卫股")
    user = UserFactory(username=username, display_name="王安保", department=department)
    role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=county)
    return user


def hazard(school, *, actor=None, level="general", deadline=dt.date(2019, 6, 20), **kw) -> Hazard:
    data = {
        "title": "教学楼消防栓水压不足",
        "category": "fire",
        "place": "教学楼二层",
        "found_on": FOUND,
        "source": "school",
    } | kw
    return services.hazard_report(actor=actor, school=school, level=level, deadline=deadline, **data)


def case(school, *, handlers, actor=None) -> BullyingCase:
    return services.bullying_case_report(
        actor=actor,
        school=school,
        reported_on=FOUND,
        source="parent",
        summary="课间多次被同学推搡、起绰号",
        victims="张小明",
        perpetrators="李某某、王某某",
        handlers=handlers,
    )


def centre(area, *, name="启航培训学校", licence="教民135050520190001号", **kw) -> TrainingCentre:
    data = {
        "name": name,
        "licence_number": licence,
        "address": "山腰街道驿峰东路88号",
        "organiser": "泉州市启航教育咨询有限公司",
        "subjects": "数学、英语、书法",
        "capacity": 120,
    } | kw
    return services.centre_create(actor=None, area=area, **data)


def scheme(county) -> CampusScheme:
    return services.scheme_create(
        actor=None,
        county=county,
        name="平安校园考评",
        cycle="2019",
        criteria=[("组织领导与制度", 20), ("安全教育与演练", 30), ("隐患排查治理", 30), ("周边环境", 20)],
    )


def url_walk_objects(district) -> dict:
    """(own, other): the principal is a handler of the own bullying case and of no other."""
    principal = User.objects.get(username="principal")
    own, other = hazard(district.school), hazard(district.other_school)

    def photo(h):
        f = HazardFile(hazard=h, stage="found", name="x.jpg", is_image=True)
        f.file.save("x.jpg", ContentFile(b"\xff\xd8\xff"), save=True)
        return f

    other_principal = UserFactory(username="walk-safety-other")
    role_assign(actor=None, user=other_principal, role=Role.PRINCIPAL, school=district.other_school)
    c = centre(district.other_town)
    inspection = services.centre_inspect(
        actor=None, centre=c, inspected_on=FOUND, inspectors="安保股", result="rectify",
        requirement="张贴收费公示", deadline=dt.date(2019, 6, 30),
    )  # fmt: skip
    complaint = services.complaint_receive(actor=None, centre=c, received_on=FOUND, content="超前培训")
    return {
        Hazard: (own, other),
        HazardFile: (photo(own), photo(other)),
        BullyingCase: (
            case(district.school, handlers=[principal]),
            case(district.other_school, handlers=[other_principal]),
        ),
        TrainingCentre: (None, c),
        CentreInspection: (None, inspection),
        Complaint: (None, complaint),
        CampusScheme: (None, scheme(district.county)),
    }
