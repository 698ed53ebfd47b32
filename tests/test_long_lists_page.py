"""Issue 10: every list page with more than 200 rows pages.

The lists that grow with the district (a row per school, per visit, per rectification, per planned visit,
per message) are filled past 200 rows with ``bulk_create`` (no demo loader), and each page must then show
at most 200 rows and offer a next page. The registry's and the plan's lists page through
``core.views.ObjectListView`` and the indicator value list through ``ROWS_PER_PAGE``; they are walked here
too so that a list that stops paging is caught wherever it lives.
"""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from edubureau.core.models import Notification
from edubureau.indicators.models import IndicatorValue
from edubureau.registry.models import School, Teacher
from edubureau.registry.testing.factories import SchoolFactory, make_id_number
from edubureau.registry.testing.fixtures import PASSWORD  # noqa: F401 (the fixtures module)
from edubureau.supervision.models import (
    CycleSlot,
    EvaluationCycle,
    Finding,
    PlannedVisit,
    Rectification,
    Supervisor,
    Visit,
)
from edubureau.supervision.tests.factories import supervisor_for

pytestmark = pytest.mark.django_db

MANY = 230
MAX_ROWS = 200
YEAR = "2019-2020"


def shown_rows(html: str) -> int:
    """Rows of the page's tables (their bodies, not the header rows) and list items (the menu uses
    neither)."""
    bodies = re.findall(r"<tbody.*?</tbody>", html, flags=re.S)
    rows = sum(len(re.findall(r"<tr[\s>]", body)) for body in bodies)
    return rows + len(re.findall(r'class="list-group-item[\s"]', html))


AT = timezone.make_aware(dt.datetime(2019, 6, 3, 9, 30))


def _schools(d) -> list[School]:
    return School.objects.bulk_create(SchoolFactory.build_batch(MANY, area=d.town, county=d.county))


def _supervisor(d) -> Supervisor:
    supervisor_for(d.school, username="sup")
    return Supervisor.objects.get()


def _visits(d) -> list[Visit]:
    supervisor = _supervisor(d)
    return Visit.objects.bulk_create(
        Visit(school=s, county=d.county, supervisor=supervisor, visited_at=AT) for s in _schools(d)
    )


def _rectifications(d) -> None:
    findings = Finding.objects.bulk_create(
        Finding(visit=v, school=v.school, item=6, description="消防通道堆放杂物") for v in _visits(d)
    )
    Rectification.objects.bulk_create(
        Rectification(
            finding=f,
            school=f.school,
            county=d.county,
            requirement="清理消防通道",
            deadline=dt.date(2019, 6, 20),
        )
        for f in findings
    )


def _planned(d) -> None:
    supervisor = _supervisor(d)
    PlannedVisit.objects.bulk_create(
        PlannedVisit(school=s, supervisor=supervisor, month="2019-06", planned_on=dt.date(2019, 6, 10))
        for s in _schools(d)
    )


def _cycle(d) -> dict:
    cycle = EvaluationCycle.objects.create(county=d.county, name="2019—2021年三年一轮", first_year=2019)
    CycleSlot.objects.bulk_create(
        CycleSlot(cycle=cycle, school=s, year=2019 + i % 3) for i, s in enumerate(_schools(d))
    )
    return {"cycle": cycle.pk}


def _values(d) -> None:
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            indicator="balance_schools_meeting_primary", period=YEAR, scope_type="school", scope_code=s.code,
            county=d.county, area=d.town, school=s, value=Decimal(1), numerator=Decimal(7),
            denominator=Decimal(7), computed_at=AT,
        )
        for s in _schools(d)
    )  # fmt: skip


def _teachers(d) -> dict:
    teachers = [
        Teacher(name=f"教师{i}", gender="F", birth_date=dt.date(1985, 5, 1), school=d.school, county=d.county)
        for i in range(MANY)
    ]
    for i, t in enumerate(teachers):
        t.set_id_number(make_id_number(9000 + i, dt.date(1985, 5, 1)))
    Teacher.objects.bulk_create(teachers)
    return {"school": d.school.pk}


def _messages(d, leader) -> None:
    Notification.objects.bulk_create(
        Notification(user=leader, kind="urge", message=f"第{i}号督办单", key=f"k{i}") for i in range(MANY)
    )


def _assignment(d) -> dict:
    from edubureau.collect.tests.factories import assign, safety_form

    _schools(d)
    return {"assignment": assign(safety_form(d.county)).pk}  # one submission row per school


def _forms(d) -> None:
    from edubureau.collect.models import Form, FormVersion
    from edubureau.collect.tests.factories import SAFETY

    forms = Form.objects.bulk_create(
        Form(county=d.county, code=f"form{i}", title=f"报表{i:03d}") for i in range(MANY)
    )
    FormVersion.objects.bulk_create(FormVersion(form=f, number=1, definition=SAFETY) for f in forms)


def _form_assignments(d) -> dict:
    from edubureau.collect.models import Assignment
    from edubureau.collect.tests.factories import safety_form

    form = safety_form(d.county)
    Assignment.objects.bulk_create(
        Assignment(form=form, period=f"P{i:03d}", due_on=dt.date(2019, 3, 1) + dt.timedelta(days=i))
        for i in range(MANY)
    )
    return {"form": form.pk}


#: Each list, and how to put more than 200 rows behind it.
LONG_LISTS = {
    "/supervision/": _schools,
    "/supervision/organisation/": _schools,
    "/supervision/visits/": _visits,
    "/supervision/rectifications/?status=all": _rectifications,
    "/supervision/schedule/?month=2019-06": _planned,
    "/supervision/cycles/{cycle}/": _cycle,
    "/registry/schools/": _schools,
    "/registry/schools/{school}/?tab=teachers": _teachers,
    f"/indicators/balance/?year={YEAR}": _values,
    f"/indicators/library/balance_schools_meeting_primary/?year={YEAR}&scope=school": _values,
    "/messages/": _messages,
    "/collect/assignments/{assignment}/": _assignment,
    "/collect/": _forms,
    "/collect/forms/{form}/?tab=assignments": _form_assignments,
}


@pytest.mark.parametrize("url", LONG_LISTS)
def test_a_list_of_more_than_200_rows_pages(client, district, leader, url):
    # given more than 200 rows behind the list; when the leader opens it
    build = LONG_LISTS[url]
    made = build(district, leader) if build is _messages else build(district)
    url = url.format(**(made if isinstance(made, dict) else {}))
    client.force_login(leader)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # then one page shows at most 200 rows and links to the next
    assert shown_rows(html) <= MAX_ROWS, f"{url} shows {shown_rows(html)} rows on one page"
    assert "page=2" in html
    # and the next page answers with the rows that follow
    second = client.get(url + ("&" if "?" in url else "?") + "page=2")
    assert second.status_code == 200 and 0 < shown_rows(second.content.decode()) <= MAX_ROWS
