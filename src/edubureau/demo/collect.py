"""Spring 2019 of data collection in the demo district, played through the collect services.

Two forms of the 安全保卫股 and the 教师发展中心: the monthly safety report (月度安全工作报表: 安全教育课时,
安全教育平台完成率, 应急演练, 隐患排查) assigned to every school for March to June 2019, due the 5th of the
next month; and the teacher training record (教师培训记录, one row per activity, 名师大讲堂 among them) for
the spring term. Most schools send on time, some late, some never (missing data), a few are returned
and corrected, one is still returned; the June report is open on the demo day. The demo principal's
school has a returned report to correct. Each step runs with the clock held at its moment.
"""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.base import ContentFile

from edubureau.accounts.models import User
from edubureau.collect import services, sources
from edubureau.collect.models import Form, Submission
from edubureau.core import clock
from edubureau.demo.services import PRINCIPAL_SCHOOL
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, Department

SAFETY = {
    "fields": [
        {
            "key": "lesson_hours",
            "label": "安全教育课时",
            "type": "integer",
            "required": True,
            "min": 0,
            "max": 60,
            "help": "本月实际开设的安全教育课时（含专题教育课）",
        },
        {
            "key": "platform_rate",
            "label": "安全教育平台完成率（%）",
            "type": "decimal",
            "required": True,
            "min": 0,
            "max": 100,
        },
        {"key": "drill_held", "label": "本月开展应急演练", "type": "yesno", "required": True},
        {
            "key": "drills",
            "label": "应急演练",
            "type": "table",
            "row_label": "每次演练一行",
            "columns": [
                {"key": "date", "label": "日期", "type": "date", "required": True},
                {
                    "key": "kind",
                    "label": "类型",
                    "type": "choice",
                    "required": True,
                    "options": ["消防疏散", "防震", "防溺水", "防暴恐", "其他"],
                },
                {"key": "participants", "label": "参加人数", "type": "integer", "min": 1},
                {"key": "photo", "label": "现场照片", "type": "file"},
            ],
        },
        {"key": "hazards_found", "label": "排查发现隐患数", "type": "integer", "required": True, "min": 0},
        {"key": "hazards_fixed", "label": "已整改隐患数", "type": "integer", "required": True, "min": 0},
        {
            "key": "topics",
            "label": "本月教育主题",
            "type": "multi",
            "options": ["防溺水", "交通安全", "消防安全", "防欺凌", "食品安全"],
        },
        {"key": "note", "label": "其他情况", "type": "text"},
    ]
}
TRAINING = {
    "fields": [
        {"key": "sessions", "label": "培训活动", "type": "table", "required": True, "row_label": "每场活动一行",
         "columns": [
            {"key": "date", "label": "日期", "type": "date", "required": True},
            {"key": "kind", "label": "类别", "type": "choice", "required": True,
             "options": ["名师大讲堂", "种子计划", "校本培训", "送教下乡"]},
            {"key": "topic", "label": "主题", "type": "text", "required": True},
            {"key": "participants", "label": "参加人数", "type": "integer", "min": 1},
         ]},
    ]
}  # fmt: skip
MONTHS = ("2019-03", "2019-04", "2019-05", "2019-06")
#: A drill photo (a 1 × 1 PNG: the demo holds no real pictures of pupils).
PHOTO = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)
TOPICS = ("核心素养与课堂转型", "大单元教学设计", "作业设计与减负", "班主任工作艺术", "信息技术与学科融合")


def collect_is_fresh() -> bool:
    return not Form.objects.exists()


def _due(period: str) -> dt.date:
    year, month = map(int, period.split("-"))
    return dt.date(year + month // 12, month % 12 + 1, 5)


def _at(day: dt.date, hour: int = 10):
    return clock.frozen(dt.datetime.combine(day, dt.time(hour, 0)))


def _safety_values(rng: random.Random, day: dt.date) -> dict:
    held = rng.random() < 0.6
    found = rng.choice((0, 0, 0, 1, 1, 2, 3))
    return {
        "lesson_hours": rng.choice((1, 2, 2, 3, 3, 4)),
        "platform_rate": round(rng.uniform(82, 100), 1),
        "drill_held": held,
        "drills": [{"date": day.replace(day=rng.randint(3, 25)).isoformat(), "kind": rng.choice(("消防疏散", "防震", "防溺水")),
                    "participants": rng.randint(200, 1500)}] if held else [],
        "hazards_found": found,
        "hazards_fixed": found - (1 if found and rng.random() < 0.3 else 0),
        "topics": rng.sample(["防溺水", "交通安全", "消防安全", "防欺凌", "食品安全"], 2),
    }  # fmt: skip


def collect_demo_play(*, seed: int = 2019, today: dt.date | None = None) -> dict[str, int]:
    """Create the two forms and play spring 2019; returns counts."""
    rng = random.Random(seed)
    today = today or clock.today()
    county = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code").first()
    if county is None:
        return {}
    staff = (
        User.objects.filter(username="staff_zonghe").first() or User.objects.filter(is_superuser=True).first()
    )
    safety_dept = Department.objects.filter(county=county, name="安全保卫股").first()
    with _at(dt.date(2019, 2, 25)):
        safety = services.form_create(
            actor=staff, county=county, code=sources.SAFETY_FORM, title="月度安全工作报表", definition=SAFETY,
            description="工作要点第24条：安全教育每校每年不少于12课时，安全教育平台完成率100%。",
            lead_department=safety_dept,
        )  # fmt: skip
        training = services.form_create(
            actor=staff, county=county, code=sources.TRAINING_FORM, title="教师培训记录", definition=TRAINING,
            description="工作要点第16条：全年举办名师大讲堂10场。", frequency="term",
        )  # fmt: skip
    counts = {"forms": 2, "assignments": 0, "sent": 0, "late": 0, "returned": 0, "missing": 0, "drills": 0}
    never = set()
    for period in MONTHS:
        first = dt.date.fromisoformat(f"{period}-01")
        if first > today:
            break
        with _at(first):
            assignment = services.assignment_create(
                actor=staff, form=safety, period=period, due_on=_due(period)
            )
        counts["assignments"] += 1
        subs = list(assignment.submissions.select_related("school").order_by("school__code"))
        if not never:
            never = {s.school_id for s in rng.sample(subs, max(1, len(subs) // 25))}
        for s in subs:
            own = s.school.name == PRINCIPAL_SCHOOL
            roll = rng.random()
            if s.school_id in never or (roll < 0.04 and not own):
                continue
            late = roll > 0.92
            day = (
                _due(period) + dt.timedelta(days=rng.randint(1, 9))
                if late
                else _due(period) - dt.timedelta(days=rng.randint(0, 6))
            )
            if day > today:
                if day - dt.timedelta(days=10) <= today and rng.random() < 0.5:
                    with _at(today - dt.timedelta(days=1), 15):
                        services.submission_save(actor=None, submission=s, values=_safety_values(rng, first))
                continue
            values = _safety_values(rng, first)
            # the demo principal's school photographs its drills
            photos = {f"drills.{i}.photo": ContentFile(PHOTO, name=f"演练{i + 1}.png")
                      for i in range(len(values["drills"]))} if own else None  # fmt: skip
            with _at(day, rng.randint(8, 17)):
                services.submission_submit(
                    actor=None, submission=s, values=values, files=photos, refresh=False
                )
            counts["sent"] += 1
            counts["drills"] += len(values["drills"])
            counts["late"] += late
            review = day + dt.timedelta(days=2)
            if review > today:
                continue
            if (own and period == "2019-05") or rng.random() < 0.05:
                with _at(review, 11):
                    services.submission_return(
                        actor=staff,
                        submission=s,
                        reason="安全教育课时与课表不符，请核实后重报。",
                        refresh=False,
                    )
                counts["returned"] += 1
                if own or rng.random() < 0.3 or review + dt.timedelta(days=3) > today:
                    continue  # still to be corrected
                with _at(review + dt.timedelta(days=3), 9):
                    services.submission_submit(actor=None, submission=s, refresh=False)
            with _at(min(review + dt.timedelta(days=4), today), 16):
                services.submission_accept(actor=staff, submission=s, refresh=False)
    # the spring term's training record: most schools, a few 名师大讲堂 hosted by the large schools
    with _at(dt.date(2019, 3, 1)):
        term = services.assignment_create(
            actor=staff, form=training, period="2019春", due_on=dt.date(2019, 7, 10)
        )
    counts["assignments"] += 1
    subs = list(term.submissions.select_related("school").order_by("-school__capacity", "school__code"))
    lectures = 0
    for i, s in enumerate(subs):
        if rng.random() < 0.3:
            continue
        rows = []
        for _n in range(rng.randint(1, 3)):
            day = dt.date(2019, rng.randint(3, 6), rng.randint(1, 28))
            rows.append({"date": day.isoformat(), "kind": rng.choice(("校本培训", "校本培训", "种子计划", "送教下乡")),
                         "topic": rng.choice(TOPICS), "participants": rng.randint(10, 80)})  # fmt: skip
        if i < 12 and lectures < 6 and rng.random() < 0.6:
            lectures += 1
            rows.append({"date": dt.date(2019, 3 + lectures % 4, 18).isoformat(), "kind": "名师大讲堂",
                         "topic": rng.choice(TOPICS), "participants": rng.randint(150, 400)})  # fmt: skip
        with _at(min(today, dt.date(2019, 6, 20)) - dt.timedelta(days=rng.randint(0, 20)), 14):
            services.submission_submit(actor=None, submission=s, values={"sessions": rows}, refresh=False)
    counts["lectures"] = lectures
    counts["missing"] = Submission.objects.filter(assignment__form=safety, submitted_at__isnull=True).count()
    sources.collect_indicators_compute(actor=None, county=county, year=2019)
    return counts
