"""The demo district's 周转池 and 校际交流 as they stand on 28 June 2019 (synthetic, and said so).

* Every school is placed in its town (a town centre and a deterministic offset of up to ~2 km), so that
  dispatch and rotation can weigh great-circle distance.
* 40 teachers of 义务教育 schools form the pool (available 18 Feb 2019 – 10 July 2020, two school years).
* This spring's leaves (病假, 产假, 借调) were entered by their schools a week before they began and covered by
  three dispatch runs the 教师服务中心 confirmed (4 March, 8 April, 13 May); the schools rated the 顶岗 service
  that has ended. The autumn term's leaves, entered in late June, wait in today's run, proposed and not yet
  confirmed, for the centre to check and confirm on the page.
* The 2019-2020 校际交流 proposal, as computed, for the centre to edit and confirm.

Every step runs through the pool services with the clock held at its day, so the audit log reads as the
half-year happened.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import audit, clock
from edubureau.registry.choices import AreaKind, SchoolKind, StaffCategory, TeacherStatus
from edubureau.registry.models import Area, School, Teacher
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool import rotation as rot
from edubureau.staffing.pool import services as svc
from edubureau.staffing.pool_models import Dispatch, PoolTeacher

TODAY = dt.date(2019, 6, 28)
POOL_FROM, POOL_TO = dt.date(2019, 2, 18), dt.date(2020, 7, 10)
AUTUMN = dt.date(2019, 9, 2)
POOL_SIZE = 40
POOL_USERNAME = "pool_teacher"
# Town centres of 泉港区 (approximate, WGS-84).
TOWN_CENTRES = {
    "山腰街道": (25.126, 118.917),
    "南埔镇": (25.180, 118.860),
    "界山镇": (25.155, 118.805),
    "后龙镇": (25.110, 118.960),
    "峰尾镇": (25.090, 119.005),
    "前黄镇": (25.145, 118.870),
    "涂岭镇": (25.205, 118.775),
}
SECOND_SUBJECT = {"语文": "道德与法治", "数学": "科学", "英语": "", "科学": "数学", "道德与法治": "语文"}
COMPULSORY = (SchoolKind.PRIMARY, SchoolKind.JUNIOR, SchoolKind.NINE_YEAR)


def pool_is_fresh() -> bool:
    return not PoolTeacher.objects.exists()


def place_schools(county: Area, rng: random.Random) -> int:
    """Give every school of the county without coordinates a place near its town's centre."""
    placed = 0
    county_centre = TOWN_CENTRES["山腰街道"]
    for s in (
        School.objects.filter(county=county, latitude__isnull=True).select_related("area").order_by("code")
    ):
        lat, lon = TOWN_CENTRES.get(s.area.name, county_centre)
        s.latitude = Decimal(f"{lat + rng.uniform(-0.018, 0.018):.6f}")
        s.longitude = Decimal(f"{lon + rng.uniform(-0.018, 0.018):.6f}")
        s.save(update_fields=["latitude", "longitude"])
        placed += 1
    return placed


def _pool(county: Area, rng: random.Random, actor) -> list[PoolTeacher]:
    candidates = list(
        Teacher.objects.filter(
            county=county,
            status=TeacherStatus.IN_POST,
            staff_category=StaffCategory.FULL_TIME_TEACHER,
            school__kind__in=COMPULSORY,
            main_subject__in=list(SECOND_SUBJECT),
        )
        .select_related("school")
        .order_by("id")
    )
    chosen = rng.sample(candidates, min(POOL_SIZE, len(candidates)))
    members = []
    with clock.frozen(dt.date(2019, 2, 15)):
        for t in sorted(chosen, key=lambda t: t.pk):
            second = SECOND_SUBJECT.get(t.main_subject, "")
            levels = [lv for lv in t.school.levels if lv in ("primary", "junior")]
            members.append(
                svc.pool_teacher_add(
                    actor=actor,
                    teacher=t,
                    subjects=",".join(s for s in (t.main_subject, second) if s),
                    levels=levels,
                    available_from=POOL_FROM,
                    available_to=POOL_TO,
                )
            )
    return members


def _leaves(county: Area, members: list[PoolTeacher], rng: random.Random, starts: list[dt.date], actor):
    """One leave per start day, at a 义务教育 school, in a subject and level the pool mostly covers."""
    schools = list(School.objects.filter(county=county, kind__in=COMPULSORY, is_active=True).order_by("code"))
    offers = [(s, lv) for m in members for s in m.subject_list for lv in m.level_list]
    made = []
    for i, start in enumerate(starts):
        subject, level = rng.choice(offers)
        if i % 9 == 8:
            subject = "音乐"  # the pool has no music teacher: this one stays unfilled, and says why
        school = rng.choice([s for s in schools if level in s.levels])
        reason = rng.choices(pc.LeaveReason.values, weights=(5, 3, 1))[0]
        days = {"sick": rng.randint(10, 45), "maternity": 158, "secondment": rng.randint(30, 90)}[reason]
        absent = (
            Teacher.objects.filter(school=school, main_subject=subject)
            .exclude(pool_membership__isnull=False)
            .order_by("id")
            .first()
        )
        with clock.frozen(start - dt.timedelta(days=7)):
            made.append(
                svc.vacancy_create(
                    actor=actor,
                    school=school,
                    reason=reason,
                    subject=subject,
                    level=level,
                    start=start,
                    end=start + dt.timedelta(days=days - 1),
                    absent_teacher=absent,
                    note="合成数据",
                )
            )
    return made


def _demo_user(member: PoolTeacher) -> bool:
    """The login of one pool teacher (``pool_teacher``): her own dispatches at /staffing/pool/mine/."""
    from edubureau.demo.services import DEMO_PASSWORD

    if User.objects.filter(username=POOL_USERNAME).exists():
        return False
    user = User(
        username=POOL_USERNAME, display_name=member.teacher.name, password=make_password(DEMO_PASSWORD)
    )
    user.save()
    audit.record(actor=None, action="accounts.user.create", obj=user, after=audit.snapshot(user))
    role_assign(actor=None, user=user, role=Role.TEACHER, school=member.teacher.school)
    member.user = user
    member.save(update_fields=["user"])
    return True


def pool_demo_play(*, seed: int = 2019) -> dict[str, int]:
    """Load the pool, this year's leaves, three confirmed runs, today's proposed run and the 交流 proposal."""
    county = Area.objects.filter(kind=AreaKind.COUNTY, name="泉港区").first()
    if county is None:
        return {}
    rng = random.Random(seed)
    centre = User.objects.filter(username="teacher_service").first()
    placed = place_schools(county, rng)
    members = _pool(county, rng, centre)
    spring = sorted(dt.date(2019, 3, 4) + dt.timedelta(days=rng.randint(0, 80)) for _ in range(16))
    leaves = _leaves(county, members, rng, spring, None)
    for day in (dt.date(2019, 3, 4), dt.date(2019, 4, 8), dt.date(2019, 5, 13)):
        with clock.frozen(day):
            run = svc.dispatch_run(actor=centre, county=county)
            svc.dispatch_run_confirm(actor=centre, run=run)
    ended = Dispatch.objects.filter(
        county=county, status=pc.DispatchStatus.CONFIRMED, end__lte=TODAY - dt.timedelta(days=3)
    )
    rated = 0
    for d in ended.order_by("id"):
        with clock.frozen(d.end + dt.timedelta(days=3)):
            rating = rng.choices(["excellent", "good", "poor"], weights=(4, 6, 1))[0]
            svc.dispatch_evaluate(actor=None, dispatch=d, rating=rating, comment="合成数据")
            rated += 1
    autumn = [AUTUMN + dt.timedelta(days=rng.randint(0, 20)) for _ in range(20)]
    with clock.frozen(TODAY - dt.timedelta(days=5)):
        leaves += _leaves(county, members, rng, sorted(autumn), None)
    with clock.frozen(TODAY):
        today_run = svc.dispatch_run(actor=centre, county=county)
        try:
            plan = rot.rotation_propose(actor=centre, county=county, school_year="2019-2020")
            moves = plan.moves.count()
        except ValidationError:
            moves = 0
    served = Dispatch.objects.filter(county=county, status=pc.DispatchStatus.CONFIRMED).select_related(
        "pool_teacher"
    )
    busiest = max(members, key=lambda m: sum(1 for d in served if d.pool_teacher_id == m.pk))
    _demo_user(busiest)
    return {
        "placed": placed,
        "pool": len(members),
        "leaves": len(leaves),
        "confirmed": served.count(),
        "rated": rated,
        "proposed": today_run.filled,
        "unfilled": today_run.unfilled,
        "moves": moves,
    }
