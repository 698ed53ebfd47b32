"""Spring 2019 of school safety in the demo district, played through the safety services (synthetic).

40 hazards found from March to June 2019 by schools, supervisors and the 安全保卫股's inspections, in every
state (登记, 整改中, 待验收, 已退回, 已销号), a few 重大, overdue ones escalated by the daily job
(蓝 → 橙 → 红); the demo principal's school has hazards of its own to fix. 30 licensed 校外培训机构 with
inspections (passed, 限期整改, 停业整顿), rectifications verified or open, and complaints. A few bullying
cases, handled by the demo principal and the 安全保卫股 (staff_anbao), one in each step. A 平安校园 scheme
for 2019 with about twenty schools graded. Each step runs with the one clock held at its moment.
"""

from __future__ import annotations

import datetime as dt
import random

from edubureau.accounts.models import User
from edubureau.core import clock
from edubureau.demo.services import PRINCIPAL_SCHOOL, demo_accounts_create
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, Department, School
from edubureau.safety import services
from edubureau.safety.models import Hazard, TrainingCentre

START = dt.date(2019, 3, 4)
HAZARDS = (
    ("fire", "灭火器压力不足", "教学楼一层走廊"),
    ("fire", "消防通道堆放杂物", "食堂后门"),
    ("fire", "应急照明灯损坏", "宿舍楼三层"),
    ("electrical", "配电箱未上锁", "实验楼配电间"),
    ("electrical", "教室插座松动外露", "综合楼302室"),
    ("building", "围墙局部开裂", "操场东侧"),
    ("building", "楼梯扶手松动", "教学楼北楼梯"),
    ("building", "篮球架底座锈蚀", "篮球场"),
    ("food", "食堂留样柜温度不达标", "食堂操作间"),
    ("food", "从业人员健康证过期", "食堂"),
    ("traffic", "校门口缺少减速带", "学校正门"),
    ("traffic", "接送车辆乱停放", "校门东侧路段"),
    ("surroundings", "周边流动摊贩聚集", "校门外"),
    ("lab", "危化品柜未双人双锁", "化学实验室"),
    ("other", "水塘边缺少防护栏", "校园西南角"),
)
CENTRE_NAMES = ("启航", "新芽", "博雅", "明德", "智慧树", "卓越", "书香", "童心", "阳光", "育才", "求是", "思源",
                "弘毅", "星辰", "海韵")  # fmt: skip
CENTRE_KINDS = (("培训学校", ("数学", "英语", "语文", "物理")), ("艺术培训中心", ("美术", "舞蹈", "钢琴", "书法")),
                ("体育培训中心", ("跆拳道", "围棋", "篮球", "游泳")), ("科技培训学校", ("编程", "机器人", "科学实验")))  # fmt: skip
ROADS = ("驿峰东路", "驿峰西路", "前黄路", "南埔大道", "后龙路", "峰尾大道", "涂岭街")
SURNAMES = "陈林黄郑王李张刘吴蔡许杨庄洪苏"


def safety_is_fresh() -> bool:
    return not Hazard.objects.exists() and not TrainingCentre.objects.exists()


def _at(day: dt.date, hour: int = 10):
    return clock.frozen(dt.datetime.combine(day, dt.time(hour, 0)))


def _hazard_story(rng, *, school, officer, principal, supervisor, state, level, n, today) -> None:
    category, title, place = HAZARDS[n % len(HAZARDS)]
    span = (today - START).days - 5
    found = START + dt.timedelta(days=rng.randint(0, max(span, 1)))
    if state in {"fixed", "returned", "verified"}:
        found = min(found, today - dt.timedelta(days=12))
    if state in {"reported", "assigned"}:  # recent: most still within their deadline
        found = today - dt.timedelta(days=rng.randint(1, 20))
    deadline = found + dt.timedelta(days=rng.choice((7, 10, 15, 20, 30)))
    if state == "overdue":
        found = min(found, today - dt.timedelta(days=30))
        deadline = found + dt.timedelta(days=rng.choice((7, 10)))
    source = rng.choice(("school", "school", "supervisor", "inspection"))
    reporter = officer if source == "inspection" else (supervisor if source == "supervisor" else None)
    own = school.name == PRINCIPAL_SCHOOL
    with _at(found, rng.randint(8, 16)):
        h = services.hazard_report(
            actor=principal if own and source == "school" else reporter, school=school, title=title,
            category=category, place=place, level=level, found_on=found, deadline=deadline, source=source,
            description="排查发现，已设置警示标识。" if level != "general" else "",
        )  # fmt: skip
    if state in {"reported", "overdue"}:
        return
    step = found + dt.timedelta(days=1)
    with _at(step):
        services.hazard_assign(actor=None, hazard=h, responsible=f"{rng.choice(SURNAMES)}老师（后勤）")
    if state == "assigned":
        return
    step = min(deadline, found + dt.timedelta(days=rng.randint(2, 6)))
    with _at(step, 15):
        services.hazard_fix(actor=None, hazard=h, actions="已按要求整改完毕，附整改后照片。")
    if state == "fixed":
        return
    step += dt.timedelta(days=2)
    if state == "returned" or rng.random() < 0.25:
        with _at(step, 11):
            services.hazard_return(actor=officer, hazard=h, reason="复查仍有问题，请彻底整改。")
        if state == "returned":
            return
        step += dt.timedelta(days=3)
        with _at(step, 15):
            services.hazard_fix(actor=None, hazard=h, actions="已重新整改并复查。")
        step += dt.timedelta(days=1)
    with _at(step, 10):
        services.hazard_verify(actor=officer, hazard=h, note="现场复查合格，予以销号。")


def _play_hazards(rng, *, county, officer, principal, supervisor, today) -> int:
    schools = list(School.objects.filter(county=county, is_active=True).order_by("code"))
    own = next((s for s in schools if s.name == PRINCIPAL_SCHOOL), schools[0])
    supervised = {
        a.school_id for a in supervisor.role_assignments.all() if a.school_id
    } if supervisor else set()  # fmt: skip
    states = (["reported"] * 4 + ["overdue"] * 6 + ["assigned"] * 8 + ["fixed"] * 7 + ["returned"] * 3
              + ["verified"] * 12)  # fmt: skip
    levels = ["major"] * 4 + ["larger"] * 10 + ["general"] * 26
    rng.shuffle(levels)
    picks = [own, own, own, own, *rng.sample(schools, len(states) - 4)]
    for n, (state, level, school) in enumerate(zip(states, levels, picks, strict=True)):
        _hazard_story(
            rng, school=school, officer=officer, principal=principal if school == own else None,
            supervisor=supervisor if supervisor and school.pk in supervised else None,
            state=state, level=level, n=n, today=today,
        )  # fmt: skip
    day = START
    while day <= today:
        with _at(day, 7):
            services.hazards_escalate(today=day)
        day += dt.timedelta(days=2)
    return len(states)


def _play_centres(rng, *, county, officer, today) -> dict[str, int]:
    towns = list(Area.objects.filter(parent=county, kind=AreaKind.TOWN).order_by("code"))
    counts = {"centres": 0, "inspections": 0, "complaints": 0}
    centres = []
    names = [f"{a}{b}" for a in CENTRE_NAMES for b, _ in CENTRE_KINDS]
    rng.shuffle(names)
    with _at(dt.date(2019, 2, 20)):
        for i in range(30):
            kind = next(k for k in CENTRE_KINDS if names[i].endswith(k[0]))
            c = services.centre_create(
                actor=officer, area=towns[i % len(towns)], name=f"泉港区{names[i]}",
                licence_number=f"教民1350505{2015 + i % 4}{i + 1:04d}号",
                address=f"{towns[i % len(towns)].name}{rng.choice(ROADS)}{rng.randint(1, 300)}号",
                organiser=f"{rng.choice(SURNAMES)}{rng.choice('建志国明海')}{rng.choice('华平强辉峰')}",
                subjects="、".join(rng.sample(kind[1], rng.randint(1, 3))), capacity=rng.choice((60, 80, 120, 150, 200, 300)),
                phone=f"0595-87{rng.randint(100000, 999999)}",
            )  # fmt: skip
            centres.append(c)
    counts["centres"] = len(centres)
    results = ["passed"] * 12 + ["rectify"] * 6 + ["suspend"] * 2
    for c, result in zip(centres, results, strict=False):
        day = dt.date(2019, 4, 8) + dt.timedelta(days=rng.randint(0, 50))
        with _at(day, 14):
            inspection = services.centre_inspect(
                actor=officer, centre=c, inspected_on=day, inspectors="安全保卫股 王安保、市场监管所 李明",
                result=result,
                findings="" if result == "passed" else rng.choice(("消防器材过期", "收费未公示", "超核定人数招生", "教师无资格证")),
                requirement="" if result == "passed" else "限期整改并书面报告",
                deadline=None if result == "passed" else day + dt.timedelta(days=15),
            )  # fmt: skip
        counts["inspections"] += 1
        if result != "passed" and rng.random() < 0.6 and day + dt.timedelta(days=12) <= today:
            with _at(day + dt.timedelta(days=12)):
                services.inspection_close(actor=officer, inspection=inspection)
    for c in rng.sample(centres, 8):
        day = dt.date(2019, 3, 1) + dt.timedelta(days=rng.randint(0, 110))
        with _at(day, 9):
            complaint = services.complaint_receive(
                actor=officer, centre=c, received_on=day, complainant=f"{rng.choice(SURNAMES)}女士（家长）",
                content=rng.choice(("退费困难", "超前超标培训", "上课时间过晚", "教室拥挤")),
            )  # fmt: skip
        counts["complaints"] += 1
        if rng.random() < 0.6 and day + dt.timedelta(days=5) <= today:
            with _at(day + dt.timedelta(days=5)):
                services.complaint_handle(
                    actor=officer, complaint=complaint, reply="已约谈举办者，责令整改并回复家长。"
                )
    return counts


def _play_bullying(*, county, officer, principal, today) -> int:
    own = School.objects.filter(county=county, name=PRINCIPAL_SCHOOL).first()
    other = School.objects.filter(county=county).exclude(pk=getattr(own, "pk", None)).order_by("code").first()
    if own is None or principal is None:
        return 0
    stories = (
        (own, dt.date(2019, 4, 10), "closed", "课间多次被同班同学推搡、起侮辱性绰号", "陈某某", "林某、黄某"),
        (own, dt.date(2019, 6, 12), "investigating", "在班级微信群被辱骂、传播不雅图片", "郑某某", "王某"),
        (own, dt.date(2019, 5, 6), "reviewing", "放学路上被高年级学生索要财物", "吴某某", "张某、刘某、蔡某"),
        (other, dt.date(2019, 6, 24), "reported", "宿舍内被同学孤立、恐吓", "许某某", "杨某"),
    )
    for school, day, state, summary, victims, perpetrators in stories:
        handlers = [officer] if school == own else []
        actor = principal if school == own else officer
        with _at(day, 16):
            c = services.bullying_case_report(
                actor=actor, school=school, reported_on=day, source="parent", summary=summary, victims=victims,
                perpetrators=perpetrators, handlers=handlers,
            )  # fmt: skip
        if state == "reported":
            continue
        with _at(day + dt.timedelta(days=1)):
            c = services.bullying_investigate(actor=actor, case=c)
        if state == "investigating":
            continue
        with _at(day + dt.timedelta(days=8)):
            c = services.bullying_determine(
                actor=actor, case=c, is_bullying=True, severity="serious",
                measures="学校学生欺凌治理委员会认定为欺凌；批评教育、警示谈话，通知家长，对被欺凌学生心理辅导。",
            )  # fmt: skip
        if state == "closed":
            with _at(day + dt.timedelta(days=20)):
                services.bullying_close(actor=actor, case=c, note="已建立专门档案")
            continue
        with _at(day + dt.timedelta(days=12)):
            c = services.bullying_appeal(
                actor=officer, case=c, note="被欺凌学生家长认为处理过轻，向区教育局申诉"
            )
        with _at(min(today, day + dt.timedelta(days=40))):
            services.bullying_review(actor=officer, case=c)
    return len(stories)


def _play_grading(rng, *, county, officer, today) -> int:
    with _at(dt.date(2019, 3, 1)):
        scheme = services.scheme_create(
            actor=officer, county=county, name="新一轮平安校园等级创建", cycle="2018-2022",
            criteria=[("组织领导与制度建设", 15), ("安全教育与应急演练", 25), ("隐患排查治理", 25),
                      ("校园欺凌防治", 15), ("校园周边与交通安全", 20)],
        )  # fmt: skip
    schools = list(School.objects.filter(county=county, is_active=True).order_by("code"))
    graded = rng.sample(schools, min(20, len(schools)))
    with _at(min(today, dt.date(2019, 6, 20))):
        for school in graded:
            scores = [round(c["max"] * rng.uniform(0.6, 1.0) * 2) / 2 for c in scheme.criteria]
            services.grade_score(actor=officer, scheme=scheme, school=school, scores=scores)
    return len(graded)


def safety_demo_play(*, seed: int = 2019, today: dt.date | None = None) -> dict[str, int]:
    """Play spring 2019 of safety work into the demo district; returns counts ({} without a district)."""
    rng = random.Random(seed)
    today = today or clock.today()
    county = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code").first()
    if county is None:
        return {}
    Department.objects.get_or_create(county=county, name="安全保卫股", defaults={"aliases": "安保股"})
    demo_accounts_create(county=county)  # the 安全保卫股 login joins databases made before it existed
    officer = User.objects.filter(username="staff_anbao").first()
    principal = User.objects.filter(username="principal").first()
    supervisor = User.objects.filter(username="supervisor").first()
    result = {
        "hazards": _play_hazards(
            rng, county=county, officer=officer, principal=principal, supervisor=supervisor, today=today
        ),
        **_play_centres(rng, county=county, officer=officer, today=today),
        "bullying": _play_bullying(county=county, officer=officer, principal=principal, today=today),
        "graded": _play_grading(rng, county=county, officer=officer, today=today),
    }
    return result
