"""A year of 责任督学挂牌督导 in the demo district, played through the supervision services.

Supervisors (one per about five schools, the demo ``supervisor`` login 郭文彬 for the five schools the
demo accounts give them), zones of at most 20 schools by town, assignments from 2018-09-01, a 三年一轮
cycle, and from July 2018 to today (``clock.today()``, 2019-06-28 under ``make run``) a monthly schedule
and visits: most schools visited every month, a few missed in some months (so the coverage check has
something to flag), findings on about one visit in four, their rectifications answered, returned, closed,
or left open and escalated by the daily job — every state present. Each step runs with the
one clock held at its moment (``core.clock.frozen``) so that times and the audit log read as the year happened.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import clock
from edubureau.demo.services import DEMO_PASSWORD, PRINCIPAL_SCHOOL
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, School
from edubureau.supervision import services
from edubureau.supervision.choices import (
    Background,
    Item,
    Method,
    Rating,
    Severity,
    SupervisorKind,
    VisitKind,
)
from edubureau.supervision.models import Rectification, Supervisor, SupervisorAssignment, Visit

START = dt.date(2018, 7, 1)
ASSIGNED_FROM = dt.date(2018, 9, 1)
#: The months, up to today's, in which the demo principal's school is visited and left with a finding.
STORY_MONTHS = 3
SURNAMES = "陈林黄郑王李张刘吴蔡许杨庄洪苏"
GIVEN = (
    "文彬",
    "志强",
    "秀兰",
    "建平",
    "丽华",
    "国栋",
    "美玲",
    "振宇",
    "淑芬",
    "伟东",
    "明辉",
    "雅琴",
    "海峰",
    "晓燕",
)
FINDINGS = {
    Item.SAFETY: ("消防通道堆放杂物", "清理消防通道并建立每日巡查记录"),
    Item.CANTEEN: ("食堂留样记录不全", "补齐48小时留样记录，明确专人负责"),
    Item.STUDENT_LOAD: ("部分班级书面作业量超标", "落实作业公示制度，控制书面作业总量"),
    Item.CURRICULUM: ("体育课被挤占", "按课程计划开足体育课并公示课表"),
    Item.MANAGEMENT: ("校务公开栏未及时更新", "按月更新校务公开内容"),
    Item.TEACHERS: ("师德档案不完整", "完善教师师德考核档案"),
}


def supervision_is_fresh() -> bool:
    return not Visit.objects.exists()


def _moment(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def _workday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


@transaction.atomic
def supervision_demo_play(*, seed: int = 2019, today: dt.date | None = None) -> dict[str, int]:
    """Create the organisation and play the year; returns counts."""
    rng = random.Random(seed)
    today = today or clock.today()
    county = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code").first()
    if county is None:
        return {}
    admin = User.objects.filter(username="admin").first() or User.objects.filter(is_superuser=True).first()
    leader = User.objects.filter(username="leader").first() or admin
    schools = list(
        School.objects.filter(county=county, is_active=True)
        .exclude(kind="kindergarten")
        .select_related("area")
        .order_by("area__code", "code")
    )
    demo_user = User.objects.filter(username="supervisor").first()
    own = set()
    if demo_user is not None:
        own = set(
            demo_user.role_assignments.filter(role=Role.SUPERVISOR, school__isnull=False).values_list(
                "school_id", flat=True
            )
        )
    # organisation: zones by town (≤ 20 schools), a supervisor per ~5 schools
    by_town = defaultdict(list)
    for s in schools:
        by_town[s.area].append(s)
    sup_users: dict[int, User] = {}
    supervisors = []
    n = 0
    with clock.frozen(_moment(dt.date(2018, 8, 28), 9)):
        demo_profile = None
        if demo_user is not None:
            demo_profile = services.supervisor_create(
                actor=leader,
                county=county,
                name=demo_user.display_name or "郭文彬",
                user=demo_user,
                kind=SupervisorKind.FULL_TIME,
                certificate_number="闽督学 350505001",
                phone="0595-87000001",
                background=Background.PRINCIPAL,
                background_note="原泉港一中副校长",
                appointed_on=dt.date(2018, 8, 1),
            )
        zone_no = 0
        for town, town_schools in by_town.items():
            rest = [s for s in town_schools if s.pk not in own]
            for chunk_start in range(0, len(town_schools), 20):
                zone_no += 1
                zone = services.zone_create(
                    actor=leader, county=county, name=f"第{zone_no}责任区（{town.name}）"
                )
                chunk = town_schools[chunk_start : chunk_start + 20]
                for s in chunk:
                    if s.pk in own and demo_profile is not None:
                        services.assignment_create(
                            actor=leader,
                            supervisor=demo_profile,
                            school=s,
                            zone=zone,
                            starts_on=ASSIGNED_FROM,
                        )
                group = [s for s in chunk if s in rest]
                for i in range(0, len(group), 5):
                    n += 1
                    name = SURNAMES[n % len(SURNAMES)] + GIVEN[n % len(GIVEN)]
                    user = User.objects.create_user(
                        username=f"dx{n:02d}", password=DEMO_PASSWORD, display_name=name
                    )
                    profile = services.supervisor_create(
                        actor=leader,
                        county=county,
                        name=name,
                        user=user,
                        kind=SupervisorKind.FULL_TIME if n % 3 == 0 else SupervisorKind.PART_TIME,
                        certificate_number=f"闽督学 350505{n + 1:03d}",
                        phone=f"1380595{n:04d}",
                        background=list(Background)[n % 4],
                        appointed_on=dt.date(2018, 8, 1),
                    )
                    supervisors.append(profile)
                    for s in group[i : i + 5]:
                        role_assign(actor=leader, user=user, role=Role.SUPERVISOR, school=s)
                        services.assignment_create(
                            actor=leader, supervisor=profile, school=s, zone=zone, starts_on=ASSIGNED_FROM
                        )
                        sup_users[s.pk] = user
        if demo_profile is not None:
            for pk in own:
                sup_users[pk] = demo_user
        services.cycle_create(
            actor=leader, county=county, name="2019—2021年学校综合督导评估", first_year=2019
        )
    # the year: a schedule each month and visits
    month = dt.date(ASSIGNED_FROM.year, ASSIGNED_FROM.month, 1)
    visits = 0
    while month <= today:
        key = f"{month.year:04d}-{month.month:02d}"
        with clock.frozen(_moment(month, 8)):
            services.schedule_generate(actor=leader, county=county, month=key)
        for s in schools:
            user = sup_users.get(s.pk)
            if user is None:
                continue
            current = month.year == today.year and month.month == today.month
            story = s.name == PRINCIPAL_SCHOOL and _recent(month, today)
            if rng.random() < (0.15 if current else 0.06) and not story:
                continue  # missed this month: the coverage check flags it
            day = _workday(month + dt.timedelta(days=rng.randrange(0, 24)))
            if day > today:
                continue
            at = _moment(day, rng.choice((8, 9, 10, 14, 15)), rng.choice((0, 15, 30)))
            checklist = {int(i): (rng.choice((Rating.GOOD, Rating.GOOD, Rating.FAIR)), "") for i in Item}
            findings = []
            if rng.random() < 0.25 or story:
                item = rng.choice(list(FINDINGS))
                text, requirement = FINDINGS[item]
                checklist[int(item)] = (Rating.POOR, text)
                findings.append(
                    {
                        "item": int(item),
                        "description": text,
                        "requirement": requirement,
                        "severity": Severity.SERIOUS if item == Item.SAFETY else Severity.GENERAL,
                        "deadline": day + dt.timedelta(days=rng.choice((14, 21, 30))),
                    }
                )
            with clock.frozen(at):
                services.visit_record(
                    actor=user,
                    school=s,
                    visited_at=at,
                    kind=VisitKind.ROUTINE if rng.random() < 0.9 else rng.choice(list(VisitKind)),
                    methods=rng.sample(list(Method.values), k=rng.randint(2, 4)),
                    checklist=checklist,
                    summary="按计划开展经常性督导。",
                    feedback_at=at + dt.timedelta(hours=2),
                    feedback_note="已当场向校长反馈。",
                    submit_report=True,
                    findings=findings,
                )
            visits += 1
        month = (month + dt.timedelta(days=32)).replace(day=1)
    # the school's side of the loop, and the daily escalation, in deadline order
    principals = {a.school_id: a.user for a in role_assigns_principals(county)}
    for rect in (
        Rectification.objects.filter(county=county)
        .select_related("school", "finding__visit")
        .order_by("deadline")
    ):
        fate = rng.random()
        school_user = principals.get(rect.school_id) or admin
        sup_user = sup_users.get(rect.school_id)
        opened = timezone.localtime(rect.created_at).date()
        answer_day = _workday(opened + dt.timedelta(days=rng.randint(3, 12)))
        if fate < 0.15 or answer_day > today or _story_open(rect, today):
            continue  # open (overdue ones get urge notices below)
        with clock.frozen(_moment(answer_day, 16)):
            services.rectification_answer(
                actor=school_user, rectification=rect, actions="已按要求整改，附整改前后照片。"
            )
        if fate < 0.25:
            continue  # answered, waiting for verification
        check_day = _workday(answer_day + dt.timedelta(days=rng.randint(2, 6)))
        if check_day > today:
            continue
        if fate < 0.45:
            with clock.frozen(_moment(check_day, 10)):
                services.rectification_return(
                    actor=sup_user, rectification=rect, reason="整改佐证不完整，请补充照片和制度文本。"
                )
            again = _workday(check_day + dt.timedelta(days=rng.randint(3, 8)))
            if fate < 0.32 or again > today:
                continue  # returned, not yet answered again
            with clock.frozen(_moment(again, 16)):
                services.rectification_answer(
                    actor=school_user, rectification=rect, actions="已补充整改佐证。"
                )
            check_day = _workday(again + dt.timedelta(days=3))
            if check_day > today:
                continue
        with clock.frozen(_moment(check_day, 11)):
            services.rectification_close(actor=sup_user, rectification=rect, note="现场复查，整改到位。")
    day = START
    while day <= today:
        with clock.frozen(_moment(day, 7)):
            services.urges_escalate(today=day)
        day += dt.timedelta(days=1)
    return {
        "supervisors": Supervisor.objects.filter(county=county).count(),
        "assignments": SupervisorAssignment.objects.filter(school__county=county).count(),
        "visits": visits,
        "rectifications": Rectification.objects.filter(county=county).count(),
    }


def _recent(month: dt.date, today: dt.date) -> bool:
    """The last three months up to today's: the demo principal's school gets a finding on each visit."""
    return 0 <= (today.year - month.year) * 12 + today.month - month.month < STORY_MONTHS


def _story_open(rect: Rectification, today: dt.date) -> bool:
    """The demo principal's recent rectifications stay unanswered: the principal's home has rectifications
    to answer, the earlier ones past their deadline."""
    return rect.school.name == PRINCIPAL_SCHOOL and _recent(timezone.localtime(rect.created_at).date(), today)


def role_assigns_principals(county):
    from edubureau.accounts.models import RoleAssignment

    return RoleAssignment.objects.filter(role=Role.PRINCIPAL, school__county=county).select_related("user")
