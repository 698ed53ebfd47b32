"""周转池 end to end: a run from the page equals the optimum of the stated cost, confirmation cannot double-book a
teacher, bad input is named, and every page keeps to its scope."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import pytest
from django.core.exceptions import ValidationError

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import clock
from edubureau.registry.testing.factories import SchoolFactory, TeacherFactory, UserFactory
from edubureau.staffing.allocation.instances import dispatch_instance
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool import services as svc
from edubureau.staffing.pool_models import Dispatch, DispatchRun, PoolTeacher, Vacancy
from edubureau.staffing.tests.pool_factories import DAY, place, pool_teacher, vacancy

pytestmark = pytest.mark.django_db


@pytest.fixture
def centre(district):
    user = UserFactory(username="centre")
    role_assign(actor=None, user=user, role=Role.TEACHER_SERVICE, area=district.county)
    return user


@pytest.fixture
def today():
    with clock.frozen(DAY - dt.timedelta(days=5)):
        yield DAY - dt.timedelta(days=5)


def _km(a, b):
    """Haversine, written again here so the check does not lean on the code it checks."""
    (la1, lo1), (la2, lo2) = a, b
    p1, p2 = math.radians(la1), math.radians(la2)
    h = (
        math.sin((p2 - p1) / 2) ** 2
        + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2
    )
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


def _brute_force(instance, unfilled=1000.0):
    """The least total cost over every way of giving each vacancy one fitting, free teacher or none."""
    vac, pool = instance["vacancies"], instance["pool"]
    options = []
    for v in vac:
        fits = [None]
        for k, p in enumerate(pool):
            if (
                v["subject"] in p["subjects"]
                and v["level"] in p["levels"]
                and p["available_from"] <= v["start"]
                and v["end"] <= p["available_to"]
            ):
                fits.append(k)
        options.append(fits)
    best = math.inf
    for choice in itertools.product(*options):
        used = [c for c in choice if c is not None]
        if len(used) != len(set(used)):
            continue
        cost = sum(
            unfilled if c is None else _km((v["lat"], v["lon"]), (pool[c]["lat"], pool[c]["lon"]))
            for v, c in zip(vac, choice, strict=True)
        )
        best = min(best, cost)
    return best


@pytest.fixture
def pool_world(district):
    """Five schools around 泉港, seven pool teachers of mixed subjects, levels and dates, six vacancies."""
    coords = [(25.12, 118.85), (25.20, 118.93), (25.05, 118.78), (25.16, 118.70), (25.25, 118.82)]
    schools = [place(district.school, *coords[0]), place(district.other_school, *coords[1])]
    schools += [place(SchoolFactory(area=district.town), *c) for c in coords[2:]]
    junior = place(SchoolFactory(area=district.other_town, kind="junior", name="界山中学"), 25.22, 118.75)
    t = [
        pool_teacher(schools[0], subjects="语文,道德与法治"),
        pool_teacher(schools[1], subjects="数学"),
        pool_teacher(schools[2], subjects="语文"),
        pool_teacher(schools[3], subjects="英语", levels="primary,junior"),
        pool_teacher(schools[4], subjects="数学,科学"),
        pool_teacher(schools[2], subjects="语文", end=DAY + dt.timedelta(days=10)),  # free too briefly
        pool_teacher(junior, subjects="数学", levels="junior"),
    ]
    v = [
        vacancy(schools[1], subject="语文", days=60, reason=pc.LeaveReason.MATERNITY),
        vacancy(schools[4], subject="语文", days=20),
        vacancy(schools[0], subject="数学", days=30),
        vacancy(junior, subject="英语", level="junior", days=40, reason=pc.LeaveReason.SECONDMENT),
        vacancy(schools[3], subject="数学", days=15),
        vacancy(schools[2], subject="音乐", days=30),  # nobody teaches it
    ]
    return schools, t, v


def test_run_from_the_page_equals_the_optimum(client, centre, pool_world, today):
    # given the pool and the vacancies
    client.force_login(centre)
    # when the centre runs the dispatch on the page
    response = client.post("/staffing/pool/runs/new/")
    run = DispatchRun.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/staffing/pool/runs/{run.pk}/"
    # then its total is the brute-force optimum of the stated cost, and the CLI's solver agrees
    assert run.total_cost == pytest.approx(_brute_force(run.instance), abs=1e-3)
    cli = dispatch_instance(run.instance)
    assert run.total_cost == pytest.approx(cli["total_cost"])
    stored = {(f"V{d.vacancy_id}", d.pool_teacher_id) for d in run.dispatches.all()}
    assert stored == {(p["vacancy"], int(p["teacher"][1:].split("-")[0])) for p in cli["dispatches"]}
    assert run.filled == 5 and run.unfilled == 1
    page = client.get(f"/staffing/pool/runs/{run.pk}/").content.decode()
    assert "池中没有可任教小学音乐的教师" in page
    # and the distance shown is the great-circle distance between the two schools
    d = run.dispatches.select_related("vacancy__school", "pool_teacher__teacher__school").first()
    a, b = d.vacancy.school, d.pool_teacher.teacher.school
    assert d.distance_km == pytest.approx(
        _km((float(a.latitude), float(a.longitude)), (float(b.latitude), float(b.longitude))), abs=1e-3
    )


def test_confirm_then_the_teacher_is_busy_and_the_school_sees_the_cover(
    client, centre, principal, pool_world, today
):
    schools, members, vacancies = pool_world
    client.force_login(centre)
    client.post("/staffing/pool/runs/new/")
    run = DispatchRun.objects.get()
    client.post(f"/staffing/pool/runs/{run.pk}/confirm/")
    run.refresh_from_db()
    assert run.status == pc.RunStatus.CONFIRMED
    assert Dispatch.objects.filter(status=pc.DispatchStatus.CONFIRMED).count() == 5
    assert Vacancy.objects.filter(status=pc.VacancyStatus.COVERED).count() == 5
    # the principal's school (schools[0], its 数学 vacancy) sees who covers it
    client.force_login(principal)
    own = vacancies[2]
    cover = Dispatch.objects.get(vacancy=own)
    page = client.get(f"/staffing/pool/vacancies/{own.pk}/").content.decode()
    assert cover.pool_teacher.teacher.name in page
    # a second run finds nothing more to send: the covered teachers are busy, the rest do not fit
    client.force_login(centre)
    client.post("/staffing/pool/runs/new/")
    second = DispatchRun.objects.latest("id")
    assert second.filled == 0 and second.unfilled == 1


def test_a_teacher_cannot_be_sent_twice_over_the_same_days(centre, pool_world, today):
    schools, members, vacancies = pool_world
    run = svc.dispatch_run(actor=centre, county=schools[0].county)
    d = run.dispatches.first()
    # a second proposal made at the same moment (before the first was confirmed) holds the same teacher
    other = DispatchRun.objects.create(county=run.county, run_on=run.run_on)
    Dispatch.objects.create(
        county=run.county, run=other, vacancy=vacancies[5], pool_teacher=d.pool_teacher,
        start=d.start, end=d.end, busy_until=d.busy_until, distance_km=1.0,
    )  # fmt: skip
    svc.dispatch_run_confirm(actor=centre, run=run)
    with pytest.raises(ValidationError) as error:
        svc.dispatch_run_confirm(actor=centre, run=other)
    assert d.pool_teacher.teacher.name in str(error.value) and "重叠" in str(error.value)
    assert not Dispatch.objects.filter(run=other, status=pc.DispatchStatus.CONFIRMED).exists()


def test_long_leave_is_dispatched_in_segments_of_the_maximum(centre, district, today):
    place(district.school, 25.1, 118.8)
    place(district.other_school, 25.2, 118.9)
    rules = svc.pool_rules_get(county=district.county)
    rules.max_days, rules.handover_days = 30, 3
    rules.save()
    near = pool_teacher(district.other_school)
    far = pool_teacher(district.school)
    v = vacancy(district.other_school, days=158, reason=pc.LeaveReason.MATERNITY)
    run = svc.dispatch_run(actor=centre, county=district.county)
    d = run.dispatches.get()
    assert (d.start, d.end, d.busy_until) == (
        v.start,
        v.start + dt.timedelta(days=29),
        v.start + dt.timedelta(days=32),
    )
    svc.dispatch_run_confirm(actor=centre, run=run)
    v.refresh_from_db()
    assert v.status == pc.VacancyStatus.OPEN  # 128 days still to cover
    assert d.pool_teacher == near
    nxt = svc.dispatch_run(actor=centre, county=district.county).dispatches.get()
    # the next segment starts the day after; the nearer teacher is busy until her hand-over ends
    assert nxt.start == d.end + dt.timedelta(days=1)
    assert nxt.pool_teacher == far


def test_pool_teacher_sees_her_own_dispatches(client, centre, district, today):
    place(district.school, 25.1, 118.8)
    place(district.other_school, 25.2, 118.9)
    me = UserFactory(username="poolteacher")
    role_assign(actor=None, user=me, role=Role.TEACHER, school=district.school)
    member = pool_teacher(district.school, user=me)
    vacancy(district.other_school)
    svc.dispatch_run_confirm(actor=centre, run=svc.dispatch_run(actor=centre, county=district.county))
    client.force_login(me)
    page = client.get("/staffing/pool/mine/").content.decode()
    assert district.other_school.name in page and "已派" in page
    assert client.get("/staffing/pool/").status_code == 302  # a teacher goes straight to her own page
    client.force_login(centre)
    assert client.get("/staffing/pool/mine/").status_code == 404  # nobody else's page to show
    assert client.get(f"/staffing/pool/teachers/{member.pk}/").status_code == 200


def test_vacancy_bad_input_is_named(client, principal, district):
    client.force_login(principal)
    base = {"school": district.school.pk, "reason": "sick", "subject": "语文", "level": "primary"}
    r = client.post(
        "/staffing/pool/vacancies/new/", {**base, "start": "2019-09-10", "end": "2019-09-01"}, follow=True
    )
    assert "结束日期：结束日期2019年9月1日早于开始日期2019年9月10日" in r.content.decode()
    r = client.post(
        "/staffing/pool/vacancies/new/",
        {**base, "level": "junior", "start": "2019-09-01", "end": "2019-09-10"},
        follow=True,
    )
    assert "没有“初中”学段" in r.content.decode()
    r = client.post(
        "/staffing/pool/vacancies/new/",
        {**base, "start": "2019-09-01", "end": "2019-09-10", "absent_teacher": "查无此人"},
        follow=True,
    )
    assert "没有名为“查无此人”的教师" in r.content.decode()
    r = client.post(
        "/staffing/pool/vacancies/new/", {**base, "start": "九月", "end": "2019-09-10"}, follow=True
    )
    assert "开始日期：" in r.content.decode()
    # another school's id is not a choice: refused, nothing written
    r = client.post(
        "/staffing/pool/vacancies/new/",
        {**base, "school": district.other_school.pk, "start": "2019-09-01", "end": "2019-09-10"},
        follow=True,
    )
    assert "学校：" in r.content.decode()
    assert not Vacancy.objects.exists()
    # and a good one is written, with its absent teacher
    absent = TeacherFactory(school=district.school, name="林美玲")
    r = client.post(
        "/staffing/pool/vacancies/new/",
        {
            **base,
            "start": "2019-09-01",
            "end": "2019-12-31",
            "absent_teacher": "林美玲",
            "reason": "maternity",
        },
    )
    v = Vacancy.objects.get()
    assert (v.school, v.absent_teacher, v.reason, v.days) == (district.school, absent, "maternity", 122)


def test_pool_teacher_bad_input(centre, district):
    t = TeacherFactory(school=district.school)
    with pytest.raises(ValidationError) as e:
        svc.pool_teacher_add(
            actor=centre,
            teacher=t,
            subjects="语文",
            levels=["primary"],
            available_from=DAY,
            available_to=DAY - dt.timedelta(days=1),
        )
    assert "早于起始日期" in str(e.value)
    with pytest.raises(ValidationError) as e:
        svc.pool_teacher_add(
            actor=centre, teacher=t, subjects="语文", levels=["college"], available_from=DAY, available_to=DAY
        )
    assert "学段" in str(e.value)
    svc.pool_teacher_add(
        actor=centre, teacher=t, subjects="", levels=["primary"], available_from=DAY, available_to=DAY
    )
    assert PoolTeacher.objects.get().subjects == "语文"  # her own subject
    with pytest.raises(ValidationError) as e:
        svc.pool_teacher_add(
            actor=centre, teacher=t, subjects="语文", levels=["primary"], available_from=DAY, available_to=DAY
        )
    assert "已在周转池中" in str(e.value)


def test_evaluation_window(centre, district):
    place(district.school, 25.1, 118.8)
    place(district.other_school, 25.2, 118.9)
    pool_teacher(district.school)
    v = vacancy(district.other_school, days=10)
    with clock.frozen(DAY - dt.timedelta(days=1)):
        run = svc.dispatch_run(actor=centre, county=district.county)
        svc.dispatch_run_confirm(actor=centre, run=run)
        d = run.dispatches.get()
        with pytest.raises(ValidationError, match="开始后再评价"):
            svc.dispatch_evaluate(actor=centre, dispatch=d, rating="good")
    with clock.frozen(v.end + dt.timedelta(days=20)), pytest.raises(ValidationError, match="评价期限"):
        svc.dispatch_evaluate(actor=centre, dispatch=d, rating="good")
    with clock.frozen(v.end + dt.timedelta(days=2)):
        svc.dispatch_evaluate(actor=centre, dispatch=d, rating="excellent", comment="认真负责")
    d.refresh_from_db()
    assert d.rating == "excellent"


def test_scoping(client, principal, centre, pool_world, today):
    schools, members, vacancies = pool_world
    run = svc.dispatch_run(actor=centre, county=schools[0].county)
    client.force_login(principal)
    assert client.get(f"/staffing/pool/vacancies/{vacancies[2].pk}/").status_code == 200  # own school
    assert client.get(f"/staffing/pool/vacancies/{vacancies[0].pk}/").status_code == 404  # another school
    assert client.post(f"/staffing/pool/vacancies/{vacancies[0].pk}/cancel/").status_code == 404
    assert client.get(f"/staffing/pool/runs/{run.pk}/").status_code == 404
    assert client.post(f"/staffing/pool/runs/{run.pk}/confirm/").status_code == 404
    assert client.post("/staffing/pool/runs/new/").status_code == 404
    assert client.get("/staffing/pool/rotation/").status_code == 404
    page = client.get("/staffing/pool/").content.decode()
    assert schools[1].name not in page and schools[0].name in page
    assert Vacancy.objects.get(pk=vacancies[0].pk).status == pc.VacancyStatus.OPEN


def test_vacancy_list_queries_do_not_grow(client, centre, pool_world, today, django_assert_max_num_queries):
    client.force_login(centre)
    svc.dispatch_run_confirm(actor=centre, run=svc.dispatch_run(actor=centre, county=pool_world[0][0].county))
    with django_assert_max_num_queries(16):
        assert client.get("/staffing/pool/").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get("/staffing/pool/teachers/").status_code == 200


def test_run_sheet_has_the_rows_of_the_page(client, centre, principal, pool_world, today):
    import io

    from openpyxl import load_workbook

    run = svc.dispatch_run(actor=centre, county=pool_world[0][0].county)
    client.force_login(centre)
    response = client.get(f"/staffing/pool/runs/{run.pk}/xlsx/")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "空缺学校" and len(rows) == 1 + run.filled
    assert {r[7] for r in rows[1:]} == {
        d.pool_teacher.teacher.name for d in run.dispatches.select_related("pool_teacher__teacher")
    }
    english = client.get(f"/staffing/pool/runs/{run.pk}/xlsx/", HTTP_ACCEPT_LANGUAGE="en")
    header = next(load_workbook(io.BytesIO(english.content)).active.iter_rows(values_only=True))
    assert header[0] == "School with the vacancy" and header[-1] == "Status"
    client.force_login(principal)
    assert client.get(f"/staffing/pool/runs/{run.pk}/xlsx/").status_code == 404
