"""Loading the synthetic demo: areas, the bureau's departments, the registry of each county, demo accounts.

Audit decision: the objects people look at one by one — areas, departments, schools, users and role
assignments — get one audit entry each (``audit.record_many``, a few hundred rows). The bulk tables
(teachers, classes, students, enrollments, population, finance) get one summarising entry per table and
county instead (action ``demo.generate``, on the county, with the row count, scale and seed). Per-row
entries there would double the rows written (≈ 230,000 more at district scale, ≈ 20 million for a
province), make the audit log bigger than the registry, and say nothing the summary does not: the rows
are a pure function of (scale, seed) and can be regenerated exactly.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import audit
from edubureau.demo.generator import COLUMNS, TABLE_ORDER, CountyRows, county_areas, generate_county
from edubureau.demo.places import PROVINCE, QUANGANG, CountySpec, scale_counties
from edubureau.demo.writer import BulkWriter
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, Department, School, Teacher

# The documented password of every demo account (passes the validators in settings).
DEMO_PASSWORD = "Demo-2019-edu"  # noqa: S105 (public by design: printed by demo_logins)
DEFAULT_SEED = 2019

# The lead units (牵头单位) of the 2019 plan, in the order the plan first names them, with other names.
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("综合股", ""),
    ("系统党办", "党办"),
    ("组织人事股", "人事股"),
    ("教师服务中心", "区教师服务中心"),
    ("中职教股", ""),
    ("初教股", ""),
    ("教师进修学校", "进修学校"),
    ("督导室", "教育督导室"),
    ("教育质量监测评价中心", "质量监测中心"),
    ("计财装备股", "计财股"),
    ("基建办", ""),
    ("德育股", ""),
    ("关工委", "关心下一代工作委员会"),
    ("教育工会", "工会"),
    ("学生资助中心", "学生资助管理中心"),
    ("安全保卫股", "安保股"),
    ("社管办", ""),
    ("驻局纪检监察组", "纪检监察组"),
)


@dataclass(frozen=True)
class DemoAccount:
    """One demo login. ``scope``: "county", "school" (泉港一中), "schools" (a supervisor's five) or "all"."""

    username: str
    display_name: str
    role: str
    scope: str
    department: str = ""


PRINCIPAL_SCHOOL = "泉港一中"
SUPERVISED_SCHOOLS = ("惠华中学", "益海实小", "锦川实验小学", "山腰中心小学", "泉港区实验学校")
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("leader", "林建华", Role.LEADER, "county"),
    DemoAccount("staff_zonghe", "陈丽芳", Role.DEPARTMENT_STAFF, "county", "综合股"),
    DemoAccount("staff_dudao", "黄志明", Role.DEPARTMENT_STAFF, "county", "督导室"),
    DemoAccount("staff_anbao", "王安保", Role.DEPARTMENT_STAFF, "county", "安全保卫股"),
    DemoAccount("principal", "刘国庆", Role.PRINCIPAL, "school"),
    DemoAccount("supervisor", "郭文彬", Role.SUPERVISOR, "schools"),
    DemoAccount("teacher", "", Role.TEACHER, "school"),  # named after a teacher of 泉港一中
    DemoAccount("teacher_service", "连秀英", Role.TEACHER_SERVICE, "county", "教师服务中心"),
    DemoAccount("evaluator", "蔡明辉", Role.EVALUATOR, "county"),
    DemoAccount("admin", "系统管理员", Role.SYSADMIN, "all"),
)


# The roles as DESIGN §1 names them, for the login table.
ROLE_NAMES = {
    Role.LEADER: "局领导",
    Role.DEPARTMENT_STAFF: "股室人员",
    Role.PRINCIPAL: "校长",
    Role.SUPERVISOR: "责任督学",
    Role.TEACHER: "教师",
    Role.TEACHER_SERVICE: "教师服务中心",
    Role.EVALUATOR: "第三方评估",
    Role.SYSADMIN: "系统管理员",
}


class DemoDataExists(Exception):
    """The database already has schools; the demo only loads into an empty registry."""


@dataclass
class DemoRun:
    scale: str
    seed: int
    counties: list[dict] = field(default_factory=list)
    accounts: int = 0
    seconds: float = 0.0

    def total(self, key: str) -> int:
        return sum(c[key] for c in self.counties)

    def year_total(self, school_year: str, key: str) -> int:
        return sum(c[school_year][key] for c in self.counties)


def demo_generate(
    *,
    scale: str,
    seed: int = DEFAULT_SEED,
    if_empty: bool = False,
    progress: Callable[[str], None] | None = None,
) -> DemoRun | None:
    """Load the demo at ``scale``; None if ``if_empty`` and schools exist already.

    A single county is written in one transaction (all or nothing). A city or province commits county by
    county, so that progress survives and no transaction holds millions of rows.
    """
    if School.objects.exists():
        if if_empty:
            return None
        raise DemoDataExists("数据库中已有学校数据，演示数据只能载入空库（make run 使用 --if-empty 跳过）。")
    counties = scale_counties(scale)
    say = progress or (lambda _message: None)
    run = DemoRun(scale=scale, seed=seed)
    started = time.perf_counter()
    if len(counties) == 1:
        with transaction.atomic():
            _generate_counties(run, counties, say)
    else:
        _generate_counties(run, counties, say)
    run.seconds = time.perf_counter() - started
    return run


def _generate_counties(run: DemoRun, counties: list[CountySpec], say: Callable[[str], None]) -> None:
    writer = BulkWriter()
    next_ids = writer.next_ids()
    if len(counties) == 1:
        area_ids = _areas_ensure(counties[0])
        rows_of = iter([generate_county(counties[0], seed=run.seed, area_ids=area_ids, next_ids=next_ids)])
    else:
        # Every area first (one transaction), so that the counties can be generated ahead of the writing.
        with transaction.atomic():
            area_ids = {}
            for county in counties:
                area_ids.update(_areas_ensure(county))
        rows_of = counties_generated(counties, seed=run.seed, area_ids=area_ids, next_ids=next_ids)
    started = time.perf_counter()
    weight_total, weight_done = sum(c.factor for c in counties), 0.0
    with writer.loading(many=len(counties) > 1):
        for n, county in enumerate(counties, start=1):
            t0 = time.perf_counter()
            with transaction.atomic():
                _departments_ensure(county, area_ids[county.code])
                rows = next(rows_of)
                for table in TABLE_ORDER:
                    writer.write(table, rows.rows[table])
                _audit_county(run, county, rows)
                if county.code == QUANGANG:
                    run.accounts = demo_accounts_create(county=Area.objects.get(code=QUANGANG))
                writer.finish()
            run.counties.append(rows.summary)
            s = rows.summary
            weight_done += county.factor
            elapsed = time.perf_counter() - started
            eta = elapsed * (weight_total - weight_done) / weight_done
            say(
                f"[{n}/{len(counties)}] {county.city_name}{county.name}: {s['schools']} 所学校, "
                f"{s['students']:,} 名学生, {s['enrollments']:,} 条学籍, {s['teachers']:,} 名教师 "
                f"({time.perf_counter() - t0:.1f} s; 已用 {_minutes(elapsed)}"
                + (f", 预计还需 {_minutes(eta)})" if n < len(counties) else ")")
            )
            del rows  # a province streams: one county's rows in memory here, the next one's being generated
        checking = len(counties) > 1 and writer.postgres  # ``BulkWriter.loading`` adds the keys back
        if checking:
            say("正在恢复外键约束并校验全部数据……")
    if checking:
        say(f"外键约束已校验 (共 {_minutes(time.perf_counter() - started)})")


def counties_generated(
    counties: list[CountySpec], *, seed: int, area_ids: dict[str, int], next_ids: dict[str, int]
) -> Iterator[CountyRows]:
    """The rows of each county in turn, each generated in a child process while the one before is written.

    Generating is pure Python (no database), about as long as writing a county; with the next county made
    in a second process the two overlap on the machine's two cores. One county is in the pipe at a time,
    so memory stays at about three counties' rows. The ids run on from county to county as they would in
    one process (the child returns ``next_ids`` with the rows), so the data is the same. Without ``fork``
    (not on Linux) the counties are generated here, one after the other.
    """
    if "fork" not in multiprocessing.get_all_start_methods():
        for county in counties:
            yield generate_county(county, seed=seed, area_ids=area_ids, next_ids=next_ids)
        return
    ids = dict(next_ids)
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        pending = pool.submit(_generate_one, counties[0], seed, area_ids, ids)
        for i in range(len(counties)):
            rows, ids = pending.result()
            if i + 1 < len(counties):
                pending = pool.submit(_generate_one, counties[i + 1], seed, area_ids, ids)
            yield rows
    next_ids.update(ids)


def _generate_one(
    county: CountySpec, seed: int, area_ids: dict[str, int], next_ids: dict[str, int]
) -> tuple[CountyRows, dict[str, int]]:
    rows = generate_county(county, seed=seed, area_ids=area_ids, next_ids=next_ids)
    return rows, next_ids


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} 分 {int(seconds % 60):02d} 秒"


def _areas_ensure(county: CountySpec) -> dict[str, int]:
    """The province, city, county and towns (created where missing); their ids by code."""
    wanted = [
        (PROVINCE[0], PROVINCE[1], AreaKind.PROVINCE.value, None),
        (county.city_code, county.city_name, AreaKind.CITY.value, PROVINCE[0]),
        *county_areas(county),
    ]
    existing = {a.code: a for a in Area.objects.filter(code__in=[w[0] for w in wanted])}
    created = []
    for code, name, kind, parent in wanted:
        if code not in existing:
            area = Area(code=code, name=name, kind=kind, parent=existing.get(parent) if parent else None)
            area.save()
            existing[code] = area
            created.append(area)
    audit.record_many(actor=None, action="registry.area.create", objs=created)
    return {code: a.pk for code, a in existing.items()}


def _departments_ensure(county: CountySpec, county_id: int) -> None:
    have = set(Department.objects.filter(county_id=county_id).values_list("name", flat=True))
    new = [
        Department(county_id=county_id, name=name, aliases=aliases, sort_order=order)
        for order, (name, aliases) in enumerate(DEPARTMENTS, start=1)
        if name not in have
    ]
    audit.record_many(
        actor=None, action="registry.department.create", objs=Department.objects.bulk_create(new)
    )


def _audit_county(run: DemoRun, county: CountySpec, rows: CountyRows) -> None:
    schools = [School(**dict(zip(COLUMNS["school"], row, strict=True))) for row in rows.rows["school"]]
    audit.record_many(actor=None, action="registry.school.create", objs=schools)
    county_area = Area.objects.get(code=county.code)
    for table in TABLE_ORDER[1:]:
        audit.record(
            actor=None,
            action="demo.generate",
            obj=county_area,
            after={
                "table": f"registry.{table}",
                "rows": len(rows.rows[table]),
                "scale": run.scale,
                "seed": run.seed,
            },
        )


@transaction.atomic
def demo_accounts_create(*, county: Area) -> int:
    """One login per role (``DEMO_ACCOUNTS``) with ``DEMO_PASSWORD``; existing usernames are left alone.

    The password is hashed once and the hash shared: it is public anyway, and one PBKDF2 run instead of
    nine keeps ``make run`` quick.
    """
    school = School.objects.filter(county=county, name=PRINCIPAL_SCHOOL).first()
    supervised = list(School.objects.filter(county=county, name__in=SUPERVISED_SCHOOLS).order_by("code"))
    departments = {d.name: d for d in Department.objects.filter(county=county)}
    existing = set(
        User.objects.filter(username__in=[a.username for a in DEMO_ACCOUNTS]).values_list(
            "username", flat=True
        )
    )
    hashed = None
    created = 0
    for account in DEMO_ACCOUNTS:
        if account.username in existing:
            continue
        display = account.display_name
        if account.role == Role.TEACHER:
            first = Teacher.objects.filter(school=school).order_by("id").first() if school else None
            display = first.name if first else "教师"
        user = User(
            username=account.username,
            display_name=display,
            department=departments.get(account.department),
            is_staff=account.role == Role.SYSADMIN,
            is_superuser=account.role == Role.SYSADMIN,
        )
        validate_password(DEMO_PASSWORD, user)
        hashed = hashed or make_password(DEMO_PASSWORD)
        user.password = hashed
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(actor=None, action="accounts.user.create", obj=user, after=audit.snapshot(user))
        if account.scope == "county":
            role_assign(actor=None, user=user, role=account.role, area=county)
        elif account.scope == "school" and school:
            # The principal keeps the school's 学籍, so may reveal ID numbers (each reveal is logged).
            personal = account.role == Role.PRINCIPAL
            role_assign(actor=None, user=user, role=account.role, school=school, can_view_personal=personal)
        elif account.scope == "schools":
            for supervised_school in supervised:
                role_assign(actor=None, user=user, role=account.role, school=supervised_school)
        elif account.scope == "all":
            role_assign(actor=None, user=user, role=account.role)
        created += 1
    return created
