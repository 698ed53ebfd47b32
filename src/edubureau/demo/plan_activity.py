"""Half a year of 督查督办 on the published 2019 plan, for the demo: signing, monthly reports, closures, a
return for rework, an extension, two overdue tasks with blue and orange urge notices.

Without it, ``make run`` shows every task "assigned" with a yellow light and a bureau director opening the
dashboard sees nothing happening. ``plan_activity_play`` replays the plan year up to today (``clock.today()``,
2019-06-28 under ``make run``) through the planning **services** only, so that every step is checked by the
workflow table, written in the audit log under the person who took it, and the lights come out as the
services compute them.

How the days are played
    The events of the scenario are sorted by time and run one by one with the one clock held at their
    moment (``core.clock.frozen``; services that take ``today=`` get the day too). The services stamp
    ``signed_at``, ``closed_at``, report and audit times with ``clock.now()`` and no ``today=`` reaches
    those: without the frozen clock every
    report would be dated the day the demo was loaded, counted late by the scoring rules, and the audit
    log would say the half year happened in one second. Each simulated morning at 07:00 the daily job runs
    (lights recomputed, T−3 and overdue reminders); its third part, the escalation ladder, does not: the
    urge notices are issued by the bureau leader by hand, so that the audit names who issued them.

The scenario (2019 Quangang plan, 24 tasks; ``SCENARIO`` notes)
    * The plan is dated 2019-03-28 (泉港教综〔2019〕55号) and its tasks are assigned that day, so nothing can
      be signed in January or February: most tasks are signed within three working days (28 March – 2
      April), two late (tasks 22 and 18, in mid-April). Reports are filed in the last days of the month or
      by the 5th of the next (the deadline ``schedule.REPORT_DAY``); the first one, for March, says what was
      set up. One department misses its May report (task 18).
    * Closed by June: 4 (工会第四次代表大会 held in April, the rest routine), 9 (福建师范大学 cooperation
      signed, the two schools named in May) and 14 (the spring sports season: 足球联赛, 田径运动会, 篮球联赛,
      体育中考); 14 is first returned for rework (evidence missing) and closed after resubmission. 15
      (书香墨香: 读书节 and 成果展示会 done) is submitted and waits in review.
    * Behind schedule (yellow): 8, 10, 12, 18, 22, each with its problem stated in the reports.
    * Overdue (red), each with a blue then an orange urge notice:
        - 7 (依法加强督导体系建设): the plan asks to pass the provincial and city 核查 of the “两项督导” on
          time ("确保如期通过核查"); the self-assessment report and the data of the five items have to be in
          before the inspection, so the supervising side gives the task a node of 31 May. The 2018 finance
          figures are late and it misses it.
        - 19 (加大教师招聘力度): 10 graduates (研究生, 部属师范本科生) for 泉港一中 and 泉港二中 can only be signed
          before they leave campus, so the node is 14 June. By then 6 are signed; 7 by late June.
    * Extension: 17 (校际交流) gets a node of 30 June (the exchange plan must be out before the summer for
      the autumn term); the department asks on 19 June for 31 July (the 编办 and 人社局 review) and the
      leader approves on 21 June.
    * Targets with manual values, where the plan gives numbers and the report states a current value:
      区管校聘 32 % of schools, 12 名师工作室, 9 标准化学校 (0 so far: the provincial 验收 is in autumn),
      大班额 −12, 特教培训 6万元, 文明校园 85 %, 种子计划 120, 名师大讲堂 3 期, 13 projects: 9 started,
      6.22亿元: 2.15亿 invested, 450元 standard, 安全教育 7 课时, 招聘 2 → 6 → 7. The 11000 学位 stay
      unreported: new places come with the autumn term's deliveries.

The node deadlines (7, 19, 17) are set on 29 March by ``planning.services.task_deadline_set``, as the
supervising side does when it breaks a task down at 交办.

Determinism: the scenario is fixed; the seed draws the days and times of signing and reporting and the
percentages of the on-track and behind tasks. A plan other than 泉港教综〔2019〕55号 gets the generic part
only (signing, monthly reports on schedule): the special steps check that their task still says what
they rely on.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone, translation

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import audit, clock
from edubureau.demo.services import DEMO_PASSWORD, DemoAccount
from edubureau.planning import schedule, services
from edubureau.planning.choices import FINISHED_STATUSES, OPEN_STATUSES, ExtensionStatus, TaskStatus
from edubureau.planning.models import ExtensionRequest, Plan, ProgressReport, Target, Task, UrgeNotice
from edubureau.registry.models import Area, Department

DEMO_PLAN = "泉港教综〔2019〕55号"

# One department_staff login per lead unit of the 2019 plan that has none (综合股 and 督导室 have theirs
# in DEMO_ACCOUNTS; 教师服务中心's teacher_service login may not act on plan tasks, so it gets one too).
STAFF_ACCOUNTS: tuple[DemoAccount, ...] = tuple(
    DemoAccount(username, name, Role.DEPARTMENT_STAFF, "county", department)
    for username, name, department in (
        ("staff_dangban", "林志强", "系统党办"),
        ("staff_renshi", "陈雅琴", "组织人事股"),
        ("staff_jiaofu", "庄晓燕", "教师服务中心"),
        ("staff_zhongzhi", "黄丽华", "中职教股"),
        ("staff_chujiao", "王振宇", "初教股"),
        ("staff_jinxiu", "许文杰", "教师进修学校"),
        ("staff_jiance", "苏晓红", "教育质量监测评价中心"),
        ("staff_jicai", "蔡志伟", "计财装备股"),
        ("staff_jijian", "骆建平", "基建办"),
        ("staff_deyu", "吴婷婷", "德育股"),
        ("staff_guangong", "洪德明", "关工委"),
        ("staff_gonghui", "刘美玲", "教育工会"),
        ("staff_zizhu", "柯淑贞", "学生资助中心"),
        ("staff_anbao", "杨伟东", "安全保卫股"),
        ("staff_sheguan", "曾秋萍", "社管办"),
        ("staff_jiancha", "郑国栋", "驻局纪检监察组"),
    )
)

# Public holidays and make-up working days of 2019 (国务院办公厅 notice): nobody signs on 清明 or 端午.
HOLIDAYS = {
    dt.date(2019, 4, 5),
    *(dt.date(2019, 5, d) for d in (1, 2, 3, 4)),
    dt.date(2019, 6, 7),
    dt.date(2019, 9, 13),
    *(dt.date(2019, 10, d) for d in range(1, 8)),
}
WORKING_WEEKENDS = {dt.date(2019, 4, 28), dt.date(2019, 5, 5), dt.date(2019, 9, 29), dt.date(2019, 10, 12)}

STATUS_NAMES = {
    TaskStatus.ASSIGNED: "待签收",
    TaskStatus.SIGNED: "已签收",
    TaskStatus.IN_PROGRESS: "办理中",
    TaskStatus.REVIEW: "审核中",
    TaskStatus.RETURNED: "退回重办",
    TaskStatus.CLOSED: "已办结",
    TaskStatus.CANCELLED: "已撤销",
}
LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "grey": "灰灯"}


def is_workday(day: dt.date) -> bool:
    if day in WORKING_WEEKENDS:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def workday_on_or_after(day: dt.date) -> dt.date:
    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def workday_on_or_before(day: dt.date) -> dt.date:
    while not is_workday(day):
        day -= dt.timedelta(days=1)
    return day


def add_workdays(day: dt.date, n: int) -> dt.date:
    day = workday_on_or_after(day)
    for _ in range(n):
        day = workday_on_or_after(day + dt.timedelta(days=1))
    return day


# --- accounts --------------------------------------------------------------------------------------------


def lead_actor(department: Department) -> User | None:
    """The user who acts for a lead unit: its first active department_staff member (by username)."""
    return (
        User.objects.filter(
            is_active=True, department=department, role_assignments__role=Role.DEPARTMENT_STAFF
        )
        .order_by("username")
        .first()
    )


@transaction.atomic
def staff_accounts_ensure(*, county: Area, departments) -> list[User]:
    """A department_staff login for each of ``departments`` that has none, placed on the county with
    ``User.department`` set; names from ``STAFF_ACCOUNTS`` (else ``staff_d<id>``), ``DEMO_PASSWORD``.

    As ``demo_accounts_create`` does, the password is hashed once and the hash shared (one PBKDF2 run
    instead of sixteen), each user and role assignment audited.
    """
    by_department = {a.department: a for a in STAFF_ACCOUNTS}
    taken = set(User.objects.values_list("username", flat=True))
    hashed, created = None, []
    for department in departments:
        if lead_actor(department) is not None:
            continue
        account = by_department.get(department.name) or DemoAccount(
            f"staff_d{department.pk}", f"{department.name}联络员", Role.DEPARTMENT_STAFF, "county"
        )
        if account.username in taken:
            continue
        user = User(username=account.username, display_name=account.display_name, department=department)
        validate_password(DEMO_PASSWORD, user)
        hashed = hashed or make_password(DEMO_PASSWORD)
        user.password = hashed
        user.full_clean(exclude=["password"])
        user.save()
        audit.record(actor=None, action="accounts.user.create", obj=user, after=audit.snapshot(user))
        role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=county)
        taken.add(user.username)
        created.append(user)
    return created


def supervisor_actor(plan: Plan) -> User | None:
    """The bureau leader who closes, returns, urges and decides: ``leader`` if present, else the first
    user the services accept as the plan's supervising side (not a sysadmin)."""
    candidates = User.objects.filter(is_active=True, role_assignments__role=Role.LEADER).distinct()
    for user in sorted(candidates, key=lambda u: (u.username != "leader", u.username)):
        if services.is_supervisor(user, plan):
            return user
    return None


# --- the one write the services lack ---------------------------------------------------------------------


@transaction.atomic

# --- the simulated clock ---------------------------------------------------------------------------------


class SimulatedClock:
    """The scenario's clock: ``at(moment)`` holds the one clock (``core.clock``) at the event being played."""

    @contextmanager
    def at(self, moment: dt.datetime) -> Iterator[None]:
        with clock.frozen(moment):
            yield


@contextmanager
def simulated_time() -> Iterator[SimulatedClock]:
    yield SimulatedClock()


def _moment(day: dt.date, hhmm: str) -> dt.datetime:
    hour, minute = (int(p) for p in hhmm.split(":"))
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


# --- report texts ----------------------------------------------------------------------------------------

_SENTENCE = re.compile(r"[。；;]")


def task_steps(body: str, *, limit: int = 60) -> list[str]:
    """The plan text of a task as short work steps: its sentences, long ones cut at a comma outside any
    《》 or “” (never inside a title), and a text of fewer than three sentences split at its commas."""
    sentences = [s.strip() for s in _SENTENCE.split(body or "") if s.strip()]
    if len(sentences) < 3:
        sentences = [c for s in sentences for c in _clauses(s) if len(c) >= 6]
    steps = []
    for sentence in sentences:
        clauses = _clauses(sentence)
        step = clauses[0]
        for clause in clauses[1:]:
            if len(step) + 1 + len(clause) > limit:
                break
            step = f"{step}，{clause}"
        steps.append(step.rstrip("，、："))
    return steps or ["按计划推进各项工作"]


def _clauses(sentence: str) -> list[str]:
    """``sentence`` split at its commas, except those inside 《》 or “”."""
    clauses, depth, current = [], 0, ""
    for ch in sentence:
        if ch in "《“":
            depth += 1
        elif ch in "》”":
            depth = max(0, depth - 1)
        if ch == "，" and depth == 0:
            clauses.append(current.strip())
            current = ""
        else:
            current += ch
    clauses.append(current.strip())
    return [c for c in clauses if c]


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# --- the scenario ----------------------------------------------------------------------------------------


@dataclass(order=True)
class Event:
    moment: dt.datetime
    order: int
    run: Callable[[], object] = field(compare=False)


@dataclass
class PlayResult:
    plan: Plan
    as_of: dt.date
    seed: int
    accounts: list[User]
    events: int = 0
    skipped: int = 0


# The tasks whose story is written out, each with words its text must contain for the story to apply.
SPECIAL = {
    4: "工会第四次代表大会",
    7: "两项督导",
    9: "福建师范大学",
    14: "足球联赛",
    15: "书香",
    17: "校际交流",
    19: "招聘",
}
# Behind schedule, with the problem their reports state.
BEHIND = {
    8: ("督导平台", "网上督导平台建设方案尚在论证，第三方评估机构采购尚未完成招标。"),
    10: ("学前教育", "部分镇第二、第三中心幼儿园建设用地尚未落实；普惠性民办园定级奖补办法待区财政审核。"),
    12: ("特殊教育", "150万元配套建设资金尚待区财政审核拨付，特殊教育学校新建食堂项目尚未开工。"),
    18: ("师德", "牵头单位签收较晚，师德师风专项检查方案尚在征求意见，5月进展未按时报送。"),
    22: ("信息化", "教育城域网（教育云平台）升级项目招标延后，专递课堂设备尚未到位。"),
}
LATE_SIGN = {22: dt.date(2019, 4, 12), 18: dt.date(2019, 4, 16)}
MISSED_PERIODS = {18: {"2019-05"}}
EXTRA_PROBLEMS = {
    20: ("圭峰中学", "2019-05", "圭峰中学综合楼受雨季影响，主体工程进度偏紧，已要求施工单位增加作业面。"),
}
# (task, keyword, period, words of the target's sentence, current value, what the report says of it)
TARGET_VALUES = (
    (5, "区管校聘", "2019-05", "50%以上", 32, "已在全区32%的中小学校开展“区管校聘”岗位竞聘"),
    (6, "名师工作室", "2019-04", "12个", 12, "12个名师工作室均已制定年度计划并开展活动"),
    (11, "标准化", "2019-04", "9所", 0, "9所申报学校已完成自评，待秋季省级验收"),
    (11, "大班额", "2019-05", "大班额", 12, "春季学期通过分流调整已减少大班额班级12个"),
    (12, "特殊教育", "2019-05", "投入20万元", 60000, "教师特教理论培训已投入6万元"),
    (13, "文明校园", "2019-05", "文明校园", 85, "公办中小学文明校园创建覆盖率达85%"),
    (16, "名师大讲堂", "2019-04", "种子", 120, "“种子计划”首批遴选干部和教师120名"),
    (16, "名师大讲堂", "2019-05", "每年10期", 3, "“笔架山•名师大讲堂”已开讲3期"),
    (20, "项目", "2019-04", "13个项目", 9, "13个在建项目已开工9个"),
    (20, "项目", "2019-05", "6.22亿元", 215000000, "13个在建项目累计完成投资2.15亿元"),
    (21, "生均公用经费", "2019-04", "450元", 450, "2019年公办幼儿园生均公用经费拨款标准已按450元列入预算"),
    (24, "安全教育", "2019-05", "12课时", 7, "各校已开设安全教育课7课时"),
)
# Milestones done on the day given (else a few working days before they fall due).
MILESTONE_DAYS = {
    (2, 1): dt.date(2019, 6, 25),  # 党风廉政建设和反腐败工作形势分析会
    (3, 1): dt.date(2019, 6, 20),  # 意识形态风险点排查
    (16, 1): dt.date(2019, 4, 12),  # 名师大讲堂第1期: the first date fell three days after the plan
    (16, 2): dt.date(2019, 4, 26),
    (16, 3): dt.date(2019, 5, 24),
    (16, 4): dt.date(2019, 6, 21),
}


class Scenario:
    """Builds the events of one plan year up to ``as_of``; ``play`` runs them in time order."""

    def __init__(self, *, plan: Plan, seed: int, as_of: dt.date, leader: User, sim: SimulatedClock):
        self.plan, self.as_of, self.leader, self.sim = plan, as_of, leader, sim
        self.rng = random.Random(seed)
        self.events: list[Event] = []
        self.skipped = 0
        self._actors: dict[int, User | None] = {}
        self.tasks = {
            t.number: t
            for t in plan.tasks.prefetch_related("lead_units", "targets", "milestones").order_by("number")
        }
        self.special = {
            n for n, words in SPECIAL.items() if n in self.tasks and words in self._text(self.tasks[n])
        }
        self.behind = {
            n: problem
            for n, (words, problem) in BEHIND.items()
            if n in self.tasks and words in self._text(self.tasks[n])
        }

    @staticmethod
    def _text(task: Task) -> str:
        return f"{task.title}{task.body}"

    # --- scheduling

    def at(self, day: dt.date, hhmm: str, run: Callable[[], object]) -> None:
        moment = _moment(day, hhmm)
        if moment.date() <= self.as_of:
            self.events.append(Event(moment, len(self.events), run))

    def _time(self, first: int = 9, last: int = 17) -> str:
        return f"{self.rng.randint(first, last - 1):02d}:{self.rng.randrange(0, 60, 5):02d}"

    def actor(self, task: Task) -> User | None:
        """The staff member of the task's first lead unit (in the plan's order) that has one."""
        if task.pk not in self._actors:
            leads = sorted(task.lead_units.all(), key=lambda d: (d.sort_order, d.name))
            self._actors[task.pk] = next(filter(None, map(lead_actor, leads)), None)
        return self._actors[task.pk]

    # --- actions (each reads the task afresh: the services lock and re-read it anyway)

    def _fresh(self, task: Task) -> Task:
        return Task.objects.select_related("plan__county").get(pk=task.pk)

    def sign(self, task: Task, day: dt.date, hhmm: str) -> None:
        self.at(day, hhmm, lambda: services.task_sign(actor=self.actor(task), task=self._fresh(task)))

    def report(
        self,
        task: Task,
        day: dt.date,
        hhmm: str,
        percent: int,
        text: str,
        *,
        next_steps: str = "",
        problems: str = "",
        target: tuple[str, int] | None = None,
        evidence: str = "",
    ) -> None:
        def run():
            fresh = self._fresh(task)
            if fresh.status not in OPEN_STATUSES or fresh.status == TaskStatus.ASSIGNED:
                self.skipped += 1
                return None
            bound = _target(task, target[0]) if target else None
            files = [_evidence_file(evidence, task, text)] if evidence else []
            return services.task_report_progress(
                actor=self.actor(task),
                task=fresh,
                text=text,
                percent=Decimal(percent),
                target=bound,
                current_value=Decimal(target[1]) if bound is not None else None,
                problems=problems,
                next_steps=next_steps,
                files=files,
                today=day,
            )

        self.at(day, hhmm, run)

    def submit(self, task: Task, day: dt.date, hhmm: str, note: str) -> None:
        self.at(
            day, hhmm, lambda: services.task_submit(actor=self.actor(task), task=self._fresh(task), note=note)
        )

    def close(self, task: Task, day: dt.date, hhmm: str, note: str) -> None:
        self.at(day, hhmm, lambda: services.task_close(actor=self.leader, task=self._fresh(task), note=note))

    def return_(self, task: Task, day: dt.date, hhmm: str, reason: str) -> None:
        self.at(
            day, hhmm, lambda: services.task_return(actor=self.leader, task=self._fresh(task), reason=reason)
        )

    def deadline(self, task: Task, day: dt.date, hhmm: str, due: dt.date, reason: str) -> None:
        self.at(
            day,
            hhmm,
            lambda: services.task_deadline_set(
                actor=self.leader, task=self._fresh(task), due=due, reason=reason, today=day
            ),
        )

    def urge(self, task: Task, day: dt.date, hhmm: str, level: int, reason, respond_by: dt.date) -> None:
        def run():
            text = reason() if callable(reason) else reason
            return services.urge_notice_issue(
                actor=self.leader,
                task=self._fresh(task),
                level=level,
                reason=text,
                respond_by=respond_by,
                today=day,
            )

        self.at(day, hhmm, run)

    def extension(
        self, task: Task, day: dt.date, hhmm: str, new_due: dt.date, reason: str, progress: str
    ) -> None:
        self.at(
            day,
            hhmm,
            lambda: services.extension_request(
                actor=self.actor(task),
                task=self._fresh(task),
                new_due=new_due,
                reason=reason,
                progress_note=progress,
                today=day,
            ),
        )

    def approve(self, task: Task, day: dt.date, hhmm: str, note: str) -> None:
        def run():
            request = ExtensionRequest.objects.get(task=task, status=ExtensionStatus.PENDING)
            return services.extension_approve(actor=self.leader, request=request, note=note)

        self.at(day, hhmm, run)

    def milestone(self, task: Task, milestone, day: dt.date, hhmm: str) -> None:
        def run():
            if self._fresh(task).status in FINISHED_STATUSES:
                self.skipped += 1
                return None
            return services.milestone_complete(actor=self.actor(task), milestone=milestone)

        self.at(day, hhmm, run)

    def daily(self, day: dt.date) -> None:
        def run():
            services.plan_lights_recompute(plans=[self.plan], today=day)
            services.reminders_send(today=day)

        self.at(day, "07:00", run)

    # --- the year

    def build(self) -> None:
        start = min(t.start for t in self.tasks.values())
        day = start + dt.timedelta(days=1)
        while day <= self.as_of:
            self.daily(day)
            day += dt.timedelta(days=1)
        builders = {4: self._task_4, 7: self._task_7, 9: self._task_9, 14: self._task_14, 17: self._task_17}
        builders |= {15: self._task_15, 19: self._task_19}
        for number, task in self.tasks.items():
            if self.actor(task) is None:
                continue
            if number in self.special:
                builders[number](task)
            else:
                self._generic(task)
            self._milestones(task)

    def _sign_day(self, task: Task) -> dt.date:
        if task.number in LATE_SIGN and task.number in self.behind:
            return LATE_SIGN[task.number]
        return add_workdays(task.start, self.rng.choice([0, 1, 1, 1, 2, 2, 3]))

    def _generic(self, task: Task, *, sign_day: dt.date | None = None) -> None:
        """Signing within days, then a report each month by its deadline, progress tracking time (ahead
        of it by a few points; a behind task at half the pace)."""
        if sign_day is None:
            sign_day = self._sign_day(task)
            self.sign(task, sign_day, self._time(8 if sign_day > task.start else 14, 18))
        steps = task_steps(task.body)
        behind = task.number in self.behind
        lead = self.rng.randint(2, 8)
        pace = self.rng.uniform(0.42, 0.6)
        percent, index = 0, 0
        for period in _periods(task.start, task.due):
            deadline = schedule.period_deadline(period)
            if deadline <= sign_day or period in MISSED_PERIODS.get(task.number, ()):
                continue
            filed = self._filing_day(period, sign_day)
            if filed is None:
                continue
            end = month_end(dt.date.fromisoformat(f"{period}-01"))
            elapsed = schedule.elapsed_percent(start=task.start, due=task.due, today=end)
            if index == 0:
                wanted = self.rng.randint(2, 5)
            elif behind:
                wanted = round(elapsed * pace)
            else:
                wanted = round(elapsed) + lead + self.rng.randint(0, 4)
            percent = min(95, max(percent + 1, wanted))
            text, next_steps = _report_text(
                task, steps, index, percent, behind=behind, period=period, filed=filed
            )
            problems = self.behind.get(task.number, "") if index else ""
            extra = EXTRA_PROBLEMS.get(task.number)
            if extra and extra[0] in task.body and extra[1] == period:
                problems = extra[2]
            target = None
            for number, words, at_period, sentence, value, said in TARGET_VALUES:
                if number == task.number and at_period == period and words in self._text(task):
                    target = (sentence, value)
                    text = f"{text}{said}。"
            self.report(
                task,
                filed,
                self._time(),
                percent,
                text,
                next_steps=next_steps,
                problems=problems,
                target=target,
            )
            index += 1

    def _filing_day(self, period: str, sign_day: dt.date) -> dt.date | None:
        """A working day from the last days of the month to the 5th after it, not before signing."""
        first = dt.date.fromisoformat(f"{period}-01")
        deadline = schedule.period_deadline(period)
        window = [
            d
            for d in (month_end(first) - dt.timedelta(days=n) for n in range(4, -1, -1))
            if d > sign_day and is_workday(d)
        ]
        window += [d for d in (deadline.replace(day=n) for n in range(1, deadline.day + 1)) if is_workday(d)]
        if not window:
            return None
        # most departments file in the first days of the month; a few before the month is out
        return window[min(len(window) - 1, int(self.rng.triangular(0, len(window), len(window) * 0.7)))]

    def _milestones(self, task: Task) -> None:
        for m in task.milestones.all():
            day = MILESTONE_DAYS.get((task.number, m.sequence))
            if day is None:
                day = workday_on_or_before(m.due - dt.timedelta(days=self.rng.randint(1, 6)))
            day = max(day, add_workdays(task.start, 2))
            self.milestone(task, m, day, self._time(14, 18))

    # --- the written-out stories

    def _task_4(self, task: Task) -> None:
        """Closed: the congress was the task's core; the rest is routine work after June."""
        d = dt.date
        self.sign(task, d(2019, 3, 29), "09:40")
        self.report(
            task, d(2019, 4, 2), "10:20", 5,
            "已签收任务，制定2019年教育工会工作计划，启动教育系统工会第四次代表大会筹备工作，完成代表推选。",
            next_steps="下一步：召开教育系统工会第四次代表大会，选好配强工会领导班子。",
        )  # fmt: skip
        self.report(
            task, d(2019, 4, 29), "16:05", 55,
            "4月25日召开教育系统工会第四次代表大会，选举产生新一届工会委员会和经费审查委员会，领导班子配备到位；"
            "启动教师技能岗位练兵活动。",
            next_steps="下一步：组织全体教职工健康体检，建立健全困难教职工档案制度。",
        )  # fmt: skip
        self.report(
            task, d(2019, 6, 4), "09:35", 100,
            "组织全体教职工参加健康体检；建立困难教职工档案，端午节前结合“五必访”走访慰问困难教职工；"
            "出台教职工之家建设奖励办法，评选示范教职工之家3个。",
            next_steps="下一步：申请办结；节日走访慰问、教代会工作转入常态化。",
            evidence="教育系统工会第四次代表大会材料汇编",
        )  # fmt: skip
        self.submit(
            task, d(2019, 6, 5), "10:10",
            "办结报告：教育系统工会第四次代表大会已召开，工会领导班子选好配强；教师技能岗位练兵、教职工健康体检、"
            "困难教职工建档均已完成，示范教职工之家奖励机制已出台。节日慰问等转入常态化工作。",
        )  # fmt: skip
        self.close(task, d(2019, 6, 11), "15:30", "经审核，任务完成情况属实，佐证材料齐全，同意办结。")

    def _task_7(self, task: Task) -> None:
        """Red: the 两项督导 inspection needs the self-assessment in by 31 May; the finance data is late."""
        d = dt.date
        self.deadline(
            task, d(2019, 3, 29), "08:50", d(2019, 5, 31),
            "“两项督导”省市级核查迎检：自评报告及五大项目基础数据须于5月31日前报送，以确保如期通过核查，"
            "据此设定本任务完成节点。",
        )  # fmt: skip
        self.sign(task, d(2019, 3, 29), "10:15")
        self.report(
            task,
            d(2019, 4, 2),
            "11:00",
            5,
            "已签收任务，调整充实“两项督导”自评领导小组及项目组，印发迎检工作方案。",
            next_steps="下一步：组织各校开展五大项目基础数据统计。",
        )
        self.report(
            task, d(2019, 4, 29), "17:10", 35,
            "完成五大项目中三个项目的基础数据统计汇总，召开迎检工作推进会1次。",
            next_steps="下一步：协调相关股室统一数据口径，完成自评报告初稿。",
            problems="教育经费、教师队伍两个项目的数据涉及计财装备股、组织人事股，统计口径尚未统一。",
        )  # fmt: skip
        self.report(
            task,
            d(2019, 5, 30),
            "16:40",
            60,
            "自评报告初稿已形成，五大项目基础数据完成四项。",
            next_steps="下一步：待决算数据出来后完成汇总，报送自评报告。",
            problems="教育经费项目因2018年财政决算数据未出，无法按期汇总。",
        )
        self.urge(
            task, d(2019, 6, 3), "09:30", 1,
            "第7项“依法加强督导体系建设”中“两项督导”迎检材料报送节点（5月31日）已过，自评报告及五大项目基础数据"
            "仍未报送，请于6月10日前报送并说明原因。",
            d(2019, 6, 10),
        )  # fmt: skip
        self.report(
            task,
            d(2019, 6, 6),
            "15:20",
            70,
            "已会同计财装备股核对2018年教育经费数据，完成教育经费项目初步汇总，自评报告修改中。",
            problems="财政决算数据尚未正式批复，部分指标为预估数。",
            next_steps="下一步：决算批复后定稿，报送自评报告。",
        )
        self.urge(
            task,
            d(2019, 6, 12),
            "10:00",
            2,
            lambda: (
                f"{_last_notice(task)}蓝色督办单答复期限已过，“两项督导”自评材料仍未报送。"
                "责令于7月10日前完成自评报告定稿及全部基础数据报送。"
            ),
            d(2019, 7, 10),
        )
        self.report(
            task,
            d(2019, 6, 21),
            "16:00",
            80,
            "自评报告已修改完善，提交局务会审议；五大项目基础数据已全部汇总，待决算批复后复核。",
            next_steps="下一步：局务会审议后报送市教育督导室。",
        )

    def _task_9(self, task: Task) -> None:
        """Closed: the cooperation agreement with 福建师范大学 is signed and the two schools named."""
        d = dt.date
        self.sign(task, d(2019, 3, 29), "14:30")
        self.report(
            task,
            d(2019, 4, 3),
            "09:50",
            5,
            "已签收任务，与福建师范大学对接合作办学事宜，形成合作共建初步方案。",
            next_steps="下一步：合作协议文本报区政府审定。",
        )
        self.report(
            task, d(2019, 4, 30), "10:30", 45,
            "合作协议文本经区政府常务会议研究通过，与福建师范大学签订合作办学协议，确定两所合作学校。",
            next_steps="下一步：举行“福建师范大学泉港实验中学”“福建师范大学泉港实验小学”揭牌仪式，建立联校教研机制。",
        )  # fmt: skip
        self.report(
            task, d(2019, 5, 31), "11:15", 85,
            "举行“福建师范大学泉港实验中学”“福建师范大学泉港实验小学”揭牌仪式；福建师范大学专家团队到校开展"
            "联校教研2次，双方教育联盟工作机制建立。",
            next_steps="下一步：出台合作办学考核办法，申请办结。",
        )  # fmt: skip
        self.report(
            task,
            d(2019, 6, 17),
            "15:45",
            100,
            "《合作办学考核办法》已印发，合作办学转入常态化运行。",
            evidence="福建师范大学合作办学协议及揭牌材料",
        )
        self.submit(
            task, d(2019, 6, 18), "09:20",
            "办结报告：与福建师范大学签订合作办学协议，“福建师范大学泉港实验中学”“福建师范大学泉港实验小学”"
            "已揭牌，联校教研和考核机制建立。",
        )  # fmt: skip
        self.close(task, d(2019, 6, 24), "16:10", "同意办结。请做好合作办学的年度考核。")

    def _task_14(self, task: Task) -> None:
        """Closed after one return: the spring sports season is over, the first submission lacked evidence."""
        d = dt.date
        self.sign(task, d(2019, 3, 28), "15:20")
        self.report(
            task,
            d(2019, 4, 2),
            "16:30",
            5,
            "已签收任务，制定2019年全区中小学体育赛事安排，完成中小学体育教师足球培训报名。",
            next_steps="下一步：举办全区第五届中小学生足球联赛。",
        )
        self.report(
            task, d(2019, 4, 29), "10:40", 45,
            "举办中小学体育教师足球培训2期；全区第五届中小学生足球联赛4月开赛，完成小组赛；召开初中毕业升学体育考试"
            "业务培训会。",
            next_steps="下一步：举办田径运动会、男子篮球联赛，组织体育中考测试。",
        )  # fmt: skip
        self.report(
            task, d(2019, 5, 31), "15:00", 90,
            "第五届中小学生足球联赛、2019年全区中小学生田径运动会、第四届中小学生男子篮球联赛（A、B组）顺利举办；"
            "体育中考测试如期完成；开展“优秀传统戏曲进校园”活动。",
            next_steps="下一步：举办排球、乒乓球联赛，申请办结。",
        )  # fmt: skip
        self.submit(
            task,
            d(2019, 6, 10),
            "09:45",
            "申请办结：足球联赛、田径运动会、篮球联赛、排球和乒乓球联赛均已举办，体育中考顺利完成。",
        )
        self.return_(
            task, d(2019, 6, 12), "11:20",
            "办结材料不全：缺少各项赛事成绩册和体育中考工作总结；推普周活动、学生体检的安排未作说明。"
            "请补充佐证后重新报送。",
        )  # fmt: skip
        self.report(
            task, d(2019, 6, 17), "10:05", 100,
            "补充各项赛事成绩册和体育中考工作总结；第22届全国推广普通话宣传周活动方案已制定（9月开展），"
            "2019年全区中小学生体检安排在秋季开学后实施。",
            evidence="2019年全区中小学生体育赛事成绩册",
        )  # fmt: skip
        self.submit(task, d(2019, 6, 18), "09:00", "已按要求补充佐证材料，重新申请办结。")
        self.close(
            task,
            d(2019, 6, 26),
            "15:40",
            "经复核，材料齐全，同意办结；推普周和学生体检纳入下半年常规工作跟踪。",
        )

    def _task_15(self, task: Task) -> None:
        """Submitted in June, waiting for review on the demo's day."""
        sign_day = self._sign_day(task)
        self.sign(task, sign_day, self._time(14, 18))
        self._generic(task, sign_day=sign_day)
        d = dt.date
        self.report(
            task, d(2019, 6, 21), "16:20", 100,
            "4月23日世界读书日启动全区读书节，各校开展读书交流会和写字指导、书法考级；6月举办翰墨书香成果展示会；"
            "各校新增图书已按计划采购入库。",
            evidence="2019年书香墨香校园建设工作总结",
        )  # fmt: skip
        self.submit(
            task,
            d(2019, 6, 25),
            "10:30",
            "办结报告：读书节、书法考级、翰墨书香成果展示会均已举办，学校书吧、阅览室、书法室建设和图书更新已完成。",
        )

    def _task_17(self, task: Task) -> None:
        """Extension: the exchange plan is due before the summer; the 编办 and 人社局 review takes longer."""
        d = dt.date
        self.deadline(
            task, d(2019, 3, 29), "09:20", d(2019, 6, 30),
            "2019年中小学校长、教师校际交流工作方案须在暑假前出台，以便秋季开学前完成交流调配，据此设定完成节点。",
        )  # fmt: skip
        self.sign(task, d(2019, 3, 29), "11:05")
        self.report(
            task,
            d(2019, 4, 3),
            "15:10",
            5,
            "已签收任务，部署全区教师队伍岗位配置情况调查摸底工作。",
            next_steps="下一步：完成各校岗位配置摸底。",
        )
        self.report(
            task,
            d(2019, 4, 30),
            "16:30",
            30,
            "完成全区中小学教职工岗位配置情况摸底调查，建立各校缺员、超编台账。",
            next_steps="下一步：起草校际交流工作方案和教师“周转池”制度。",
        )
        self.report(
            task,
            d(2019, 5, 30),
            "10:25",
            62,
            "摸底数据汇总分析完成，校际交流工作方案初稿已形成；教师“周转池”制度及顶岗人员管理办法起草中。",
            next_steps="下一步：方案征求各校意见后报审。",
        )
        self.extension(
            task, d(2019, 6, 19), "10:00", d(2019, 7, 31),
            "校际交流方案涉及职称岗位设置调整，需经区编办、区人社局审核，6月底前无法完成审核程序，申请延期至7月31日。",
            "摸底调查已完成，方案初稿已征求各校意见。",
        )  # fmt: skip
        self.approve(
            task,
            d(2019, 6, 21),
            "15:00",
            "同意延期至7月31日，请抓紧完成审核程序，确保秋季开学前完成交流调配。",
        )
        self.report(
            task,
            d(2019, 6, 24),
            "11:30",
            75,
            "交流方案已报区人社局、区编办审核；《顶岗人员管理办法》已印发。",
            next_steps="下一步：审核通过后印发方案，组织交流调配。",
        )

    def _task_19(self, task: Task) -> None:
        """Red: the graduates must be signed before they leave campus (node 14 June); 4 posts stay open."""
        d = dt.date
        self.deadline(
            task, d(2019, 3, 29), "09:10", d(2019, 6, 14),
            "泉港一中、泉港二中面向全国招聘研究生和部属师范院校本科生10名，须在应届毕业生离校前（6月中旬）完成签约，"
            "据此设定完成节点。",
        )  # fmt: skip
        self.sign(task, d(2019, 4, 1), "09:20")
        self.report(
            task,
            d(2019, 4, 3),
            "16:00",
            5,
            "已签收任务，拟定泉港一中、泉港二中2019年面向全国招聘紧缺急需教师公告，报区人社局审核。",
            next_steps="下一步：发布公告，赴部属师范院校开展校园招聘。",
        )
        self.report(
            task,
            d(2019, 4, 29),
            "15:35",
            30,
            "公告发布后赴华东师范大学、福建师范大学开展校园招聘，已签约2人。",
            next_steps="下一步：赴东北师范大学、华中师范大学开展第二轮招聘。",
            target=("10名", 2),
        )
        self.report(
            task,
            d(2019, 5, 31),
            "17:05",
            60,
            "第二轮校园招聘完成，累计签约6人（研究生4人、部属师范院校本科生2人）。",
            next_steps="下一步：启动补充招聘，争取6月中旬前完成签约。",
            problems="数学、物理学科应聘人数不足，尚有4个岗位未落实。",
            target=("10名", 6),
        )
        self.urge(
            task, d(2019, 6, 17), "09:30", 1,
            "第19项“加大教师招聘力度”完成节点（6月14日）已过，10名招聘任务尚有4个岗位未完成签约，"
            "请于6月21日前报送整改措施。",
            d(2019, 6, 21),
        )  # fmt: skip
        self.report(
            task,
            d(2019, 6, 19),
            "16:15",
            70,
            "启动补充招聘，新增签约1人（物理学科研究生），累计签约7人。",
            problems="应届毕业生已陆续离校，剩余3个岗位招聘难度较大。",
            next_steps="下一步：面向往届研究生补充招聘，或调整为下半年专项招聘。",
            target=("10名", 7),
        )
        self.urge(
            task,
            d(2019, 6, 24),
            "10:00",
            2,
            lambda: (
                f"{_last_notice(task)}蓝色督办单答复期限已过，仍有3个岗位未完成签约。"
                "责令于7月5日前完成招聘或提出调整方案报局党组研究。"
            ),
            d(2019, 7, 5),
        )

    # --- running

    def play(self) -> int:
        for event in sorted(self.events):
            with self.sim.at(event.moment):
                event.run()
        return len(self.events)


def _periods(start: dt.date, due: dt.date) -> list[str]:
    periods, year, month = [], start.year, start.month
    while (year, month) <= (due.year, due.month):
        periods.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return periods


def _report_text(
    task: Task, steps: list[str], index: int, percent: int, *, behind: bool, period: str, filed: dt.date
):
    """(完成情况, 下步打算) for the ``index``-th report of a task, from its own plan text."""
    month = int(period[5:])
    until = f"{month}月{filed.day}日" if filed.month == month else f"{month}月底"
    if index == 0:
        return (
            f"已签收“{_inner(task.title)}”任务，召开专题会议研究部署，制定工作方案，明确责任人和完成时限。",
            f"下一步：{steps[0]}。",
        )
    done, upcoming = _inner(steps[(index - 1) % len(steps)]), steps[index % len(steps)]
    if behind:
        text = f"推进“{done}”相关工作，进度滞后于序时进度，截至{until}完成约{percent}%。"
    else:
        text = f"已完成“{done}”阶段性工作，截至{until}总体进度约{percent}%。"
    return text, f"下一步：{upcoming}。"


def _inner(text: str) -> str:
    """Text to be put in “”: its own double quotes become single ones (‘’), as Chinese nesting has it."""
    return text.replace("“", "‘").replace("”", "’")


def _target(task: Task, sentence: str) -> Target | None:
    """The task's target whose sentence (else indicator) contains ``sentence``."""
    targets = list(task.targets.all())
    for t in targets:
        if sentence in t.text:
            return t
    return next((t for t in targets if sentence in t.indicator), None)


def _last_notice(task: Task) -> str:
    notice = UrgeNotice.objects.filter(task=task).order_by("-number").first()
    return notice.doc_number if notice else ""


def _evidence_file(name: str, task: Task, text: str) -> SimpleUploadedFile:
    body = f"{name}\n\n第{task.number}项 {task.title}\n\n{text}\n\n（演示数据，合成生成）\n"
    return SimpleUploadedFile(f"{name}.txt", body.encode("utf-8"), content_type="text/plain")


# --- entry points ----------------------------------------------------------------------------------------


def demo_plan() -> Plan | None:
    """The plan the demo plays: 泉港教综〔2019〕55号, else the only published plan of 2019."""
    plans = Plan.objects.filter(published_at__isnull=False)
    plan = plans.filter(doc_number=DEMO_PLAN).order_by("id").first()
    if plan is None and plans.filter(year=2019).count() == 1:
        plan = plans.get(year=2019)
    return plan


def plan_is_fresh(plan: Plan) -> bool:
    """No task of the plan has left "assigned": nothing has happened to it yet."""
    return not plan.tasks.exclude(status=TaskStatus.ASSIGNED).exists()


def plan_activity_play(*, plan: Plan, seed: int, today: dt.date | None = None) -> PlayResult:
    """Play the plan year up to ``today`` (default ``clock.today()``), all or nothing.

    Refuses a plan that has activity already (the scenario starts from every task assigned) and a day
    outside the plan's term.
    """
    as_of = today or clock.today()
    tasks = plan.tasks.all()
    if not plan_is_fresh(plan):
        raise ValidationError("该工作要点已有签收或办理记录，不能重复模拟。")
    start = min((t.start for t in tasks), default=None)
    if start is None or not start < as_of <= dt.date(plan.year, 12, 31):
        raise ValidationError(
            f"今天（{as_of}）不在 {plan.year} 年工作要点的执行期内；请设置 EDUBUREAU_TODAY（演示为 2019-06-28）。"
        )
    with transaction.atomic(), translation.override("zh-hans"):
        leads = Department.objects.filter(led_tasks__plan=plan).distinct().order_by("sort_order", "name")
        accounts = staff_accounts_ensure(county=plan.county, departments=list(leads))
        leader = supervisor_actor(plan)
        if leader is None:
            raise ValidationError("没有可以督办该工作要点的局领导账号（先运行 edubureau demo）。")
        with simulated_time() as sim:
            scenario = Scenario(plan=plan, seed=seed, as_of=as_of, leader=leader, sim=sim)
            scenario.build()
            events = scenario.play()
            with sim.at(_moment(as_of, "18:00")):
                services.plan_lights_recompute(plans=[plan], today=as_of)
    return PlayResult(
        plan=plan, as_of=as_of, seed=seed, accounts=accounts, events=events, skipped=scenario.skipped
    )


def plan_activity_summary(plan: Plan) -> dict:
    """Counts for the summary line: tasks by status and light, reports, notices, extensions, returns."""
    tasks = list(plan.tasks.all())
    notices = Counter(UrgeNotice.objects.filter(plan=plan).values_list("level", flat=True))
    return {
        "tasks": len(tasks),
        "status": Counter(t.status for t in tasks),
        "light": Counter(t.light for t in tasks),
        "reports": ProgressReport.objects.filter(task__plan=plan).count(),
        "notices": notices,
        "extensions": Counter(
            ExtensionRequest.objects.filter(task__plan=plan).values_list("status", flat=True)
        ),
        "returned": sum(t.returned_count for t in tasks),
    }
