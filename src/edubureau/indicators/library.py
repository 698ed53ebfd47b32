"""The indicator library: what each computed number means, where its rule comes from, how it is computed.

An indicator is identified by its ``code`` (stable: targets bind to it through ``Target.indicator_code``,
the API and exports carry it). Level-specific indicators are families with the level in the code
(``entrants_primary``); the 差异系数 are stored per school level (scope type ``level``). Values are stored
by ``indicators.services.indicators_compute``; the formulas are in ``indicators.calculators``.

Rates are stored in per cent, as the plan writes its targets (入园率保持在98%以上); 差异系数 as a ratio.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from edubureau.indicators import calculators as calc

DISTRICT, TOWN, SCHOOL, CLASS, LEVEL = "district", "town", "school", "class", "level"
UP, DOWN, NONE = "up", "down", "none"
DIRECTION_LABELS = {
    UP: _("higher is better"),
    DOWN: _("lower is better"),
    NONE: _("no better direction (a count to read against the plan)"),
}
SCHOOL_YEAR, CALENDAR_YEAR = "school_year", "calendar_year"
PLAN_DOC = "泉港教综〔2019〕55号《2019年泉港区教育工作要点》"


@dataclass(frozen=True)
class Indicator:
    code: str
    name_zh: str
    name_en: str
    group: str
    definition: str
    formula: str
    unit: str
    direction: str = UP
    scopes: tuple[str, ...] = (DISTRICT, TOWN, SCHOOL)
    period: str = SCHOOL_YEAR
    threshold: float | None = None  # the standard a value is held against, where one exists
    comparator: str = ""  # how the value meets ``threshold``: ">=" or "<="
    disaggregations: tuple[str, ...] = field(default=())

    @property
    def direction_label(self) -> str:
        return str(DIRECTION_LABELS[self.direction])

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "").startswith("en") else self.name_zh

    def meets(self, value: float | None) -> bool | None:
        if value is None or self.threshold is None:
            return None
        return value >= self.threshold if self.comparator == ">=" else value <= self.threshold


GROUPS = {
    "enrolment": _("Enrolment"),
    "class_size": _("Class size"),
    "staffing": _("Staffing"),
    "balance": _("Balance (优质均衡)"),
    "preschool": _("Preschool"),
    "funding": _("Funding"),
    "quality": _("Data quality"),
    "projects": _("基建项目"),
}

LEVEL_NAMES = {
    "preschool": ("幼儿园", "kindergarten"),
    "primary": ("小学", "primary"),
    "junior": ("初中", "junior secondary"),
    "senior": ("普通高中", "senior secondary"),
    "vocational": ("中职", "secondary vocational"),
}

# The plan's enrolment figures (preamble 各类事业发展目标, ``PLAN_DOC``): used when no published plan has them.
PLAN_ENTRANTS = {"preschool": 6650, "primary": 6300, "junior": 4425, "senior": 2000, "vocational": 600}

_DEFS: list[Indicator] = []


def _add(**kw) -> None:
    _DEFS.append(Indicator(**kw))


# --- enrolment ----------------------------------------------------------------------------------------
for _lvl, (_zh, _en) in LEVEL_NAMES.items():
    _add(
        code=f"entrants_{_lvl}",
        name_zh=f"{_zh}新生数",
        name_en=f"New entrants, {_en}",
        group="enrolment",
        definition=f"{_zh}起始年级（幼儿园小班、一年级、初一、高一）在籍在读学生数，对照{PLAN_DOC}的计划招生数"
        f"（{PLAN_ENTRANTS[_lvl]}人）。",
        formula="count(Enrollment: year, level, grade 1, status enrolled)",
        unit="人",
        direction=NONE,
        disaggregations=("town", "school"),
    )
_add(
    code="preschool_gross_enrolment_rate",
    name_zh="学前三年毛入园率",
    name_en="Preschool gross enrolment rate (3 years)",
    group="enrolment",
    definition="在园幼儿数 ÷ 3–5 周岁人口 × 100%（目标：2020年85%，本区计划98%以上）。",
    formula="count(Enrollment: level preschool, enrolled) / Σ Population(age 3–5, year)",
    unit="%",
    scopes=(DISTRICT, TOWN),
    threshold=85,
    comparator=">=",
)
_add(
    code="primary_age_enrolment_rate",
    name_zh="小学学龄人口入学率",
    name_en="Primary school-age enrolment rate",
    group="enrolment",
    definition="在籍在读的6–11周岁儿童（年末周岁，任一学段）÷ 6–11周岁人口 × 100%。",
    formula="count(Enrollment: enrolled, age at 31 Dec 6–11) / Σ Population(age 6–11)",
    unit="%",
    scopes=(DISTRICT, TOWN),
)
_add(
    code="junior_age_enrolment_rate",
    name_zh="初中学龄人口入学率",
    name_en="Junior secondary school-age enrolment rate",
    group="enrolment",
    definition="在籍在读的12–14周岁少年（年末周岁，任一学段）÷ 12–14周岁人口 × 100%。",
    formula="count(Enrollment: enrolled, age at 31 Dec 12–14) / Σ Population(age 12–14)",
    unit="%",
    scopes=(DISTRICT, TOWN),
)
_add(
    code="senior_gross_enrolment_rate",
    name_zh="高中阶段毛入学率",
    name_en="Upper-secondary gross enrolment rate",
    group="enrolment",
    definition="高中阶段（普通高中 + 中职）在校生 ÷ 15–17周岁人口 × 100%；不限年龄，可超过100%"
    "（“十三五”目标90%）。",
    formula="count(Enrollment: level senior|vocational, enrolled) / Σ Population(age 15–17)",
    unit="%",
    scopes=(DISTRICT, TOWN),
    threshold=90,
    comparator=">=",
)
_add(
    code="three_disability_enrolled",
    name_zh="三类残疾儿童少年在籍人数",
    name_en="Enrolled children with the three disability types",
    group="enrolment",
    definition="视力、听力(言语)、智力残疾的6–15周岁在籍学生（特教学校 + 随班就读）：入学率的分子。",
    formula="count(Enrollment: enrolled, Student.disability in 三类, age 6–15)",
    unit="人",
    direction=NONE,
    scopes=(DISTRICT, TOWN),
)

_add(
    code="three_disability_enrolment_rate",
    name_zh="三类残疾儿童少年义务教育入学率",
    name_en="Compulsory-education enrolment rate of children with the three disability types",
    group="enrolment",
    definition="6–15周岁视力、听力(言语)、智力残疾在籍学生（特教学校 + 随班就读 + 送教上门）÷ 残联登记的同龄"
    "三类残疾儿童少年数 × 100%（第二期特殊教育提升计划：2020年95%以上，本区计划96.5%以上）。"
    "分母按人口数据中的“三类残疾儿童少年”人群录入。",
    formula="count(Enrollment: enrolled, Student.disability in 三类, age 6–15) / "
    "Σ Population(group three_disability, age 6–15)",
    unit="%",
    scopes=(DISTRICT, TOWN),
    threshold=95,
    comparator=">=",
)

# --- class size --------------------------------------------------------------------------------------
_CLASS_NOTE = "统计普通中小学（小学、初中、普通高中）班级；幼儿园、中职、特教另有标准。"
_add(
    code="class_size",
    name_zh="班额",
    name_en="Class size",
    group="class_size",
    definition="班级在籍在读学生数；学校及以上为平均班额（学生数 ÷ 班级数）。" + _CLASS_NOTE,
    formula="count(Enrollment: class, enrolled); mean over classes above class level",
    unit="人",
    direction=DOWN,
    scopes=(DISTRICT, TOWN, SCHOOL, CLASS),
)
for _code, _zh, _en, _def in (
    ("classes_standard", "标准班额班级数（≤45人）", "Classes of 45 or fewer", "班额≤45人的班级数。"),
    ("classes_above_standard", "偏大班额班级数（46–55人）", "Classes of 46–55", "班额46–55人的班级数。"),
    ("large_classes", "大班额班级数（≥56人）", "Large classes (56+)", "班额≥56人的班级数（含超大班额），"
     "即计划“减少大班额班级数”所数的班级（陈宝生 2018-03-16：56人以上大班额）。"),
    ("very_large_classes", "超大班额班级数（≥66人）", "Very large classes (66+)", "班额≥66人的班级数；"
     "2020年底前全部消除（教育部等三部门 2019-07-17）。"),
    ("classes_51_55", "51–55人班级数", "Classes of 51–55", "超过初中、高中50人标准但未达大班额的班级数（基本均衡"
     "时期的上限55人）。"),
    ("classes_over_standard", "超标准班额班级数", "Classes over the level standard", "超过本学段标准班额的班级数"
     "（小学45、初中50、高中50；优质均衡 政府保障第5项）。"),
):  # fmt: skip
    _add(
        code=_code,
        name_zh=_zh,
        name_en=_en,
        group="class_size",
        definition=_def + _CLASS_NOTE,
        formula="count(SchoolClass by size band)",
        unit="个",
        direction=DOWN if _code != "classes_standard" else UP,
    )
_add(
    code="large_class_share",
    name_zh="大班额比例",
    name_en="Share of large classes (56+)",
    group="class_size",
    definition="≥56人班级数 ÷ 班级总数 × 100%；2020年底前≤5%（教育部等三部门 2019-07-17）。" + _CLASS_NOTE,
    formula="large_classes / classes",
    unit="%",
    direction=DOWN,
    threshold=5,
    comparator="<=",
)
_add(
    code="very_large_class_share",
    name_zh="超大班额比例",
    name_en="Share of very large classes (66+)",
    group="class_size",
    definition="≥66人班级数 ÷ 班级总数 × 100%；2018年底基本消除（≤2%），2020年底全部消除。" + _CLASS_NOTE,
    formula="very_large_classes / classes",
    unit="%",
    direction=DOWN,
    threshold=0,
    comparator="<=",
)
_add(
    code="large_classes_reduction",
    name_zh="大班额班级数比上年减少",
    name_en="Reduction of large classes on the previous year",
    group="class_size",
    definition="上一学年≥56人班级数 − 本学年≥56人班级数（正数为减少）；计划第11项：比去年减少大班额班级数32个。",
    formula="large_classes(previous year) − large_classes(year)",
    unit="个",
)

# --- staffing ---------------------------------------------------------------------------------------
_add(
    code="students_per_teacher",
    name_zh="生师比",
    name_en="Students per staff member",
    group="staffing",
    definition="在校生 ÷ 在册教职工；编制标准（中央编办发〔2014〕72号）小学1:19、初中1:13.5、高中1:12.5，"
    "幼儿园全日制1:5–1:7（教师〔2013〕1号）。",
    formula="enrolled pupils / Teacher rows of the school",
    unit="人",
    direction=NONE,
)
_add(
    code="staffing_norm",
    name_zh="按标准应配教职工数",
    name_en="Staff required by the establishment norms",
    group="staffing",
    definition="Σ 向上取整(各学段在校生 ÷ 编制比)；幼儿园按1:7，中职按高中1:12.5，特教学校另定（未计）。",
    formula="Σ ceil(pupils_level / ratio_level)",
    unit="人",
    direction=NONE,
)
_add(
    code="staffing_shortfall",
    name_zh="教职工缺编数",
    name_en="Staff shortfall against the norms",
    group="staffing",
    definition="应配 − 在册（超编记为0），按校计，区、镇为各校缺编之和（超编学校不抵扣）。",
    formula="Σ max(0, staffing_norm − teachers)",
    unit="人",
    direction=DOWN,
)
_add(
    code="backbone_teacher_share",
    name_zh="县级以上骨干教师占比",
    name_en="Share of county-level and higher backbone teachers",
    group="staffing",
    definition="县级及以上骨干教师、学科带头人、名师 ÷ 在册教职工 × 100%。",
    formula="count(Teacher: backbone_level set) / count(Teacher)",
    unit="%",
)
_add(
    code="senior_title_share",
    name_zh="高级职称教师占比",
    name_en="Share of teachers with a senior title",
    group="staffing",
    definition="正高级、高级教师 ÷ 在册教职工 × 100%。",
    formula="count(Teacher: title senior|senior_professor) / count(Teacher)",
    unit="%",
)

# --- balance (优质均衡, 教督〔2017〕6号) ----------------------------------------------------------------
BALANCE_NAMES = {
    "qualified_teachers": ("每百名学生拥有高于规定学历教师数", "Teachers above the required degree per 100 pupils",
                           "人/百生", "小学专科及以上、初中本科及以上学历的教师"),
    "backbone_teachers": ("每百名学生拥有县级以上骨干教师数", "County-level backbone teachers per 100 pupils",
                          "人/百生", "县级及以上骨干教师"),
    "sports_arts_teachers": ("每百名学生拥有体育、艺术专任教师数", "PE and arts teachers per 100 pupils",
                             "人/百生", "主教体育、音乐、美术、艺术的教师"),
    "floor_area": ("生均教学及辅助用房面积", "Teaching floor area per pupil", "m²", "教学及辅助用房面积"),
    "sports_area": ("生均体育运动场馆面积", "Sports ground area per pupil", "m²", "体育运动场馆面积"),
    "equipment": ("生均教学仪器设备值", "Teaching equipment value per pupil", "元", "教学仪器设备值"),
    "multimedia_rooms": ("每百名学生拥有网络多媒体教室数", "Networked multimedia classrooms per 100 pupils",
                         "间/百生", "网络多媒体教室"),
}  # fmt: skip
BALANCE_LEVELS = ("primary", "junior")
for _key, (_zh, _en, _unit, _what) in BALANCE_NAMES.items():
    for _lvl in BALANCE_LEVELS:
        _std = calc.BALANCE_STANDARDS[_key][_lvl]
        _add(
            code=f"balance_{_key}_{_lvl}",
            name_zh=f"{LEVEL_NAMES[_lvl][0]}{_zh}",
            name_en=f"{_en}, {LEVEL_NAMES[_lvl][1]}",
            group="balance",
            definition=f"{_what} ÷ 学生数（{LEVEL_NAMES[_lvl][0]}标准 ≥ {_std}，教督〔2017〕6号）。九年一贯制按"
            "小:初 = 1:1.1 折算分摊；不足50人的教学点、特教和职业学校不计。",
            formula="resource × share of level / pupils of level (× 100 where per hundred)",
            unit=_unit,
            scopes=(DISTRICT, TOWN, SCHOOL),
            threshold=_std,
            comparator=">=",
        )
for _lvl in BALANCE_LEVELS:
    _limit = calc.CV_LIMIT[_lvl]
    for _key, (_zh, _en, _unit, _what) in BALANCE_NAMES.items():
        _add(
            code=f"balance_cv_{_key}_{_lvl}",
            name_zh=f"{LEVEL_NAMES[_lvl][0]}{_zh}差异系数",
            name_en=f"CV of {_en.lower()}, {LEVEL_NAMES[_lvl][1]}",
            group="balance",
            definition=f"按在校生加权的校际差异系数 = 标准差 S ÷ 平均数 x̄；{LEVEL_NAMES[_lvl][0]}"
            f"≤ {_limit}（教督〔2017〕6号）。",
            formula="sqrt(Σ (P_i/P)(x_i − x̄)²) / x̄, x̄ = Σ resource / Σ P",
            unit="",
            direction=DOWN,
            scopes=(LEVEL,),
            threshold=_limit,
            comparator="<=",
        )
    _add(
        code=f"balance_schools_meeting_{_lvl}",
        name_zh=f"{LEVEL_NAMES[_lvl][0]}资源配置达标学校比例",
        name_en=f"Schools meeting the resource standards, {LEVEL_NAMES[_lvl][1]}",
        group="balance",
        definition="7项资源配置指标至少6项达标、其余不低于标准的85%的学校 ÷ 参评学校 × 100%（教督〔2017〕6号）；"
        "学校一级：值为1（达标）或0，分子为达标项数。",
        formula="count(schools meeting ≥ 6 of 7, rest ≥ 85 %) / count(schools)",
        unit="%",
        scopes=(DISTRICT, TOWN, SCHOOL),
        threshold=100,
        comparator=">=",
    )

# --- preschool ------------------------------------------------------------------------------------
_add(
    code="public_kindergarten_share",
    name_zh="公办园在园幼儿占比",
    name_en="Share of children in public kindergartens",
    group="preschool",
    definition="公办幼儿园在园幼儿 ÷ 全部在园幼儿 × 100%；全国原则上2020年达到50%（中共中央 国务院 2018-11）。",
    formula="count(Enrollment: preschool, public kindergarten) / count(Enrollment: preschool)",
    unit="%",
    scopes=(DISTRICT, TOWN),
    threshold=50,
    comparator=">=",
)
_add(
    code="affordable_kindergarten_coverage",
    name_zh="普惠性幼儿园覆盖率",
    name_en="Affordable kindergarten coverage",
    group="preschool",
    definition="（公办园 + 普惠性民办园）在园幼儿 ÷ 全部在园幼儿 × 100%；2020年约80%（第三期学前教育行动计划）。",
    formula="count(Enrollment: preschool, affordable public|affordable_private) / count(Enrollment: preschool)",
    unit="%",
    scopes=(DISTRICT, TOWN),
    threshold=80,
    comparator=">=",
)

# --- funding ---------------------------------------------------------------------------------------
FUNDING_TYPES = {
    "kindergarten": ("公办幼儿园", "public kindergartens"),
    "primary": ("公办小学", "public primary schools"),
    "nine_year": ("公办九年一贯制学校", "public nine-year schools"),
    "junior": ("公办初中", "public junior secondary schools"),
    "senior": ("公办普通高中", "public senior secondary schools"),
}
for _type, (_zh, _en) in FUNDING_TYPES.items():
    _floor = calc.FUNDING_FLOOR[_type]
    _add(
        code=f"public_funding_min_{_type}",
        name_zh=f"{_zh}生均公用经费拨款标准（最低）",
        name_en=f"Per-student public funding standard, lowest of {_en}",
        group="funding",
        definition=f"同类学校中最低的生均公用经费财政拨款标准；不低于{_floor}元（幼儿园450、普通高中900见计划第21项；"
        "义务教育东部基准定额小学650、初中850）。分子为低于底线的学校数，分母为学校数；学校一级为本校标准。",
        formula="min(FinanceRecord.public_funding_per_student) over the type's public schools",
        unit="元",
        scopes=(DISTRICT, SCHOOL),
        period=CALENDAR_YEAR,
        threshold=_floor,
        comparator=">=",
    )
_add(
    code="education_spending_change",
    name_zh="一般公共预算教育支出比上年增加",
    name_en="General-budget education spending, change on the previous year",
    group="funding",
    definition="本年 − 上年一般公共预算教育支出（区级汇总行）；“两个只增不减”之一：不低于0（计划第21项）。",
    formula="FinanceRecord(county).general_budget_education(year) − (year − 1)",
    unit="元",
    scopes=(DISTRICT,),
    period=CALENDAR_YEAR,
    threshold=0,
    comparator=">=",
)
_add(
    code="education_spending_per_student_change",
    name_zh="生均一般公共预算教育支出比上年增加",
    name_en="General-budget education spending per student, change on the previous year",
    group="funding",
    definition="本年 − 上年（一般公共预算教育支出 ÷ 在校学生数）；“两个只增不减”之二：不低于0（计划第21项）。",
    formula="general_budget_education / enrolment, year − (year − 1)",
    unit="元",
    scopes=(DISTRICT,),
    period=CALENDAR_YEAR,
    threshold=0,
    comparator=">=",
)
_add(
    code="education_spending_per_student",
    name_zh="生均一般公共预算教育支出",
    name_en="General-budget education spending per student",
    group="funding",
    definition="一般公共预算教育支出 ÷ 在校学生数（区级汇总行）。",
    formula="general_budget_education / enrolment",
    unit="元",
    scopes=(DISTRICT,),
    period=CALENDAR_YEAR,
)

# --- data quality ---------------------------------------------------------------------------------
_add(
    code="headcount_consistency",
    name_zh="学籍与计财报表学生数一致率",
    name_en="Registry and finance headcounts agree",
    group="quality",
    definition="计财报表的在校生数（当年）与学籍在读人数（当年秋季学年）一致的学校 ÷ 有经费记录的"
    "学校 × 100%；计划：学籍平台与计财报表相对一致。学校一级：值为计财数 − 学籍数，分子计财数、分母学籍数。",
    formula="count(schools with finance enrolment = registry enrolled) / count(schools with finance rows)",
    unit="%",
    scopes=(DISTRICT, TOWN, SCHOOL),
    threshold=100,
    comparator=">=",
)

# --- capital projects (plan task 20; computed by ``projects.selectors.indicator_figures``) ---------------
_PROJECTS_NOTE = "按交付使用日期所在年度统计（计划第20项：11个项目力争年底交付使用）。"
_add(
    code="projects_delivered",
    name_zh="当年交付使用项目数",
    name_en="Capital projects delivered in the year",
    group="projects",
    definition="基建项目中交付使用日期在当年的项目个数；" + _PROJECTS_NOTE,
    formula="count(CapitalProject: delivered_on in year)",
    unit="个",
    direction=UP,
    scopes=(DISTRICT, TOWN),
    period=CALENDAR_YEAR,
)
_add(
    code="project_places_added",
    name_zh="当年新增学位数（项目交付）",
    name_en="School places added by projects delivered in the year",
    group="projects",
    definition="当年交付使用的基建项目新增的幼儿园、小学、初中、高中学位之和（交付时计入学校学位数）；"
    "对照计划第20项“新增幼儿园、中小学学位11000个”。",
    formula="Σ (places_preschool + places_primary + places_junior + places_senior) of CapitalProject: "
    "delivered_on in year",
    unit="个",
    direction=UP,
    scopes=(DISTRICT, TOWN),
    period=CALENDAR_YEAR,
)
_add(
    code="project_investment_paid",
    name_zh="当年项目投资完成额（拨付）",
    name_en="Capital project money paid in the year",
    group="projects",
    definition="当年各基建项目按资金来源登记的拨付金额之和（元）；对照计划第20项“投资6.22亿元”“投资4.79亿元”。",
    formula="Σ ProjectPayment.amount (万元 × 10000): paid_on in year",
    unit="元",
    direction=UP,
    scopes=(DISTRICT, TOWN),
    period=CALENDAR_YEAR,
)

LIBRARY: dict[str, Indicator] = {d.code: d for d in _DEFS}


def get(code: str) -> Indicator | None:
    return LIBRARY.get(code)


# Plan targets → indicator codes, by the target's indicator text as the plan parser writes it; a target's
# own ``indicator_code`` wins. Matching is by substring, first entry that matches.
TARGET_BINDINGS: tuple[tuple[str, str], ...] = (
    ("幼儿园计划招生", "entrants_preschool"),
    ("小学计划招生", "entrants_primary"),
    ("初中计划招生", "entrants_junior"),
    ("普通高中计划招生", "entrants_senior"),
    ("中等职业学校计划", "entrants_vocational"),
    ("学前三年入园率", "preschool_gross_enrolment_rate"),
    ("小学学龄人口入学率", "primary_age_enrolment_rate"),
    ("初中学龄人口入学率", "junior_age_enrolment_rate"),
    ("高中阶段毛入学率", "senior_gross_enrolment_rate"),
    ("三类残疾", "three_disability_enrolment_rate"),
    ("大班额班级数", "large_classes_reduction"),
    ("在校学生人数平均的一般公共预算教育支出", "education_spending_per_student_change"),
    ("一般公共预算教育支出", "education_spending_change"),
    ("公办幼儿园生均公用经费", "public_funding_min_kindergarten"),
    ("公办普通高中生均公用经费", "public_funding_min_senior"),
    # Task 20 as the 2019 plan words it (the parser's target text and indicator).
    ("年底交付使用", "projects_delivered"),
    ("益海实小二期扩建等", "projects_delivered"),
    ("幼儿园、中小学学位", "project_places_added"),
    ("投资6.22亿元", "project_investment_paid"),
)


def bind(indicator_text: str) -> str:
    """The indicator code a plan target's text names, or ""."""
    for needle, code in TARGET_BINDINGS:
        if needle in indicator_text:
            return code
    return ""


@dataclass(frozen=True)
class PlanTarget:
    """A target of the 2019 plan, used when no published plan of the county is in the database."""

    task: int | None
    text: str
    indicator: str
    comparator: str
    value: float | None
    unit: str


# 泉港教综〔2019〕55号: the preamble targets, task 11 (大班额) and task 21 (经费), as written.
PLAN_2019_TARGETS: tuple[PlanTarget, ...] = (
    PlanTarget(None, "幼儿园计划招生6650人", "幼儿园计划招生", "=", 6650, "人"),
    PlanTarget(None, "小学计划招生6300人", "小学计划招生", "=", 6300, "人"),
    PlanTarget(None, "初中计划招生4425人", "初中计划招生", "=", 4425, "人"),
    PlanTarget(None, "普通高中计划招生2000人", "普通高中计划招生", "=", 2000, "人"),
    PlanTarget(None, "中等职业学校计划保送生600人", "中等职业学校计划保送生", "=", 600, "人"),
    PlanTarget(None, "全区适龄幼儿学前三年入园率保持在98%以上", "全区适龄幼儿学前三年入园率", ">=", 98, "%"),
    PlanTarget(None, "小学学龄人口入学率达到100%", "小学学龄人口入学率", "=", 100, "%"),
    PlanTarget(None, "初中学龄人口入学率达到98%以上", "初中学龄人口入学率", ">=", 98, "%"),
    PlanTarget(None, "高中阶段毛入学率达到97%以上", "高中阶段毛入学率", ">=", 97, "%"),
    PlanTarget(None, "三类残疾儿童义务教育入学率达96.5%以上", "三类残疾儿童义务教育入学率", ">=", 96.5, "%"),
    PlanTarget(11, "力争比去年减少大班额班级数32个", "大班额班级数", "reduce_by", 32, "个"),
    PlanTarget(21, "确保一般公共预算教育支出逐年只增不减", "一般公共预算教育支出", ">=", None, ""),
    PlanTarget(
        21,
        "确保在校学生人数平均的一般公共预算教育支出逐年只增不减",
        "在校学生人数平均的一般公共预算教育支出",
        ">=",
        None,
        "",
    ),
    PlanTarget(
        21,
        "确保2019年公办幼儿园生均公用经费财政拨款标准不低于450元",
        "公办幼儿园生均公用经费",
        ">=",
        450,
        "元",
    ),
    PlanTarget(
        21, "公办普通高中生均公用经费拨款标准达到省定900元", "公办普通高中生均公用经费", "=", 900, "元"
    ),
)
