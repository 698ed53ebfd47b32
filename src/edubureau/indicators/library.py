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
from edubureau.indicators.formula_text import FORMULA_ZH

DISTRICT, TOWN, SCHOOL, CLASS, LEVEL = "district", "town", "school", "class", "level"
UP, DOWN, NONE = "up", "down", "none"
DIRECTION_LABELS = {
    UP: _("higher is better"),
    DOWN: _("lower is better"),
    NONE: _("no better direction (a count to read against the plan)"),
}
SCHOOL_YEAR, CALENDAR_YEAR = "school_year", "calendar_year"
PLAN_DOC = "泉港教综〔2019〕55号《2019年泉港区教育工作要点》"
# The filters every definition states (issue 9): which pupils, which teachers.
IN_SCHOOL = "学生：本学年学籍状态为“在读”者（不含休学、转出、辍学、毕业、死亡）。"
ON_REGISTER_NOTE = (
    "学生：本学年在籍者，即学籍状态“在读”或“休学”（休学保留学籍；不含转出、辍学、毕业、死亡）。"
)
TEACHERS_IN_POST = (
    "教师：人员状态“在本单位任职”(100)的教职工计入本校，“交流轮岗”(205)的计入其任教学校；借出/借调(201)、"
    "长病假(202)、进修(203)、待岗(210)、其他(299)不计（全国教师管理信息系统人员状态代码）。"
)
FULL_TIME_TEACHERS = TEACHERS_IN_POST + "只计教职工类别为“专任教师”者（行政、教辅、工勤人员不计）。"
DISTRICT_ONLY_RATE = (
    "只在全区计算：分子按学校所在地、分母按户籍/常住地统计，乡镇之间学生跨镇就读，学籍中无学生居住乡镇，"
    "故不计算乡镇一级的比率。"
)


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
    def formula_zh(self) -> str:
        """The formula in words, in Chinese (``formula_text``); ``formula`` is in the code's terms."""
        return FORMULA_ZH.get(self.code, "")

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
    "collected": _("Reported by schools"),
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
        definition=f"{_zh}起始年级（幼儿园小班、一年级、初一、高一）学生数，对照{PLAN_DOC}的计划招生数"
        f"（{PLAN_ENTRANTS[_lvl]}人）。学段：{_zh}（按学籍所在学段，含九年一贯制、完全中学的相应学部）。"
        + IN_SCHOOL,
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
    definition="在园幼儿数（学段：幼儿园，不限年龄）÷ 3–5 周岁人口 × 100%（第三期学前教育行动计划：2020年85%，"
    "本区计划98%以上）。" + IN_SCHOOL + DISTRICT_ONLY_RATE,
    formula="count(Enrollment: level preschool, enrolled) / Σ Population(age 3–5, year)",
    unit="%",
    scopes=(DISTRICT,),
    threshold=85,
    comparator=">=",
)
_add(
    code="primary_age_enrolment_rate",
    name_zh="小学学龄人口入学率",
    name_en="Primary school-age enrolment rate",
    group="enrolment",
    definition="6–11周岁（年末周岁）的在读学生（任一学段）÷ 6–11周岁人口 × 100%。"
    + IN_SCHOOL
    + DISTRICT_ONLY_RATE,
    formula="count(Enrollment: enrolled, age at 31 Dec 6–11) / Σ Population(age 6–11)",
    unit="%",
    scopes=(DISTRICT,),
)
_add(
    code="junior_age_enrolment_rate",
    name_zh="初中学龄人口入学率",
    name_en="Junior secondary school-age enrolment rate",
    group="enrolment",
    definition="12–14周岁（年末周岁）的在读学生（任一学段）÷ 12–14周岁人口 × 100%。"
    + IN_SCHOOL
    + DISTRICT_ONLY_RATE,
    formula="count(Enrollment: enrolled, age at 31 Dec 12–14) / Σ Population(age 12–14)",
    unit="%",
    scopes=(DISTRICT,),
)
_add(
    code="senior_gross_enrolment_rate",
    name_zh="高中阶段毛入学率",
    name_en="Upper-secondary gross enrolment rate",
    group="enrolment",
    definition="高中阶段（学段：普通高中，含完全中学高中部 + 中职）在校生 ÷ 15–17周岁人口 × 100%；不限年龄，可超过"
    "100%（高中阶段教育普及攻坚计划 2017–2020：2020年90%以上）。" + IN_SCHOOL + DISTRICT_ONLY_RATE,
    formula="count(Enrollment: level senior|vocational, enrolled) / Σ Population(age 15–17)",
    unit="%",
    scopes=(DISTRICT,),
    threshold=90,
    comparator=">=",
)
_add(
    code="three_disability_enrolled",
    name_zh="三类残疾儿童少年在籍人数",
    name_en="Enrolled children with the three disability types",
    group="enrolment",
    definition="视力、听力(言语)、智力残疾的6–15周岁（年末周岁）在籍学生（特教学校 + 随班就读 + 送教上门，任一学段）："
    "入学率的分子。" + ON_REGISTER_NOTE + "乡镇一级按学校所在乡镇计。",
    formula="count(Enrollment: enrolled|suspended, Student.disability in 三类, age 6–15)",
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
    "分子按残联、教育统计口径计“在籍”（已入学即取得学籍，休学者学籍保留仍计入）。"
    + ON_REGISTER_NOTE
    + "分母按人口数据中的“三类残疾儿童少年”人群录入。"
    + DISTRICT_ONLY_RATE,
    formula="count(Enrollment: enrolled|suspended, Student.disability in 三类, age 6–15) / "
    "Σ Population(group three_disability, age 6–15)",
    unit="%",
    scopes=(DISTRICT,),
    threshold=95,
    comparator=">=",
)

# --- class size --------------------------------------------------------------------------------------
_CLASS_NOTE = (
    "统计普通中小学（小学、初中、普通高中）班级，全部学段合计；义务教育与普通高中分列见“（义务教育）”“（普通高中）”"
    "指标。幼儿园、中职、特教另有标准。班额按学籍状态“在读”的学生计；未编班的学生不计入任何班级。"
)
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
     "即计划“减少大班额班级数”所数的班级（陈宝生，2018年3月16日：56人以上大班额）。"),
    ("very_large_classes", "超大班额班级数（≥66人）", "Very large classes (66+)", "班额≥66人的班级数；"
     "2020年底前全部消除（教育部等三部门，2019年7月17日）。"),
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
    definition="≥56人班级数 ÷ 班级总数 × 100%；2020年底前≤5%（教育部等三部门，2019年7月17日）。"
    + _CLASS_NOTE,
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
    definition="上一学年≥56人班级数 − 本学年≥56人班级数（正数为减少），全部学段合计；计划第11项以义务教育的减少数"
    "为准（见“大班额班级数比上年减少（义务教育）”）。" + _CLASS_NOTE,
    formula="large_classes(previous year) − large_classes(year)",
    unit="个",
)

# 大班额 by section (issue 9, item 1): 义务教育 and 普通高中 are held to different rules.
CLASS_SECTION_NAMES = {
    "compulsory": (
        "义务教育",
        "compulsory education",
        "学段：小学、初中，含九年一贯制学校的小学部、初中部和完全中学的初中部（按班级学段）。规则：国发〔2016〕40号、"
        "教育部2018–2020年消除大班额工作方案——2018年底基本消除66人以上超大班额，2020年底大班额比例"
        "控制在5%以内；计划第11项（减少大班额班级数32个）即按此统计。",
    ),
    "senior": (
        "普通高中",
        "senior secondary",
        "学段：普通高中，含完全中学的高中部（按班级学段）。规则：《高中阶段教育普及攻坚计划（2017–2020年）》"
        "——2020年基本消除56人以上大班额。",
    ),
}
_SECTION_NOTE = (
    "班额按学籍状态“在读”的学生计；未编班的学生不计入任何班级。全区全部学段合计值见不分学段的同名指标。"
)
for _sec, (_zh, _en, _rule) in CLASS_SECTION_NAMES.items():
    for _code, _name, _name_en, _what, _unit, _kw in (
        ("large_classes", "大班额班级数（≥56人）", "Large classes (56+)", "班额≥56人的班级数（含超大班额）。", "个", {}),
        ("very_large_classes", "超大班额班级数（≥66人）", "Very large classes (66+)", "班额≥66人的班级数。", "个",
         {"threshold": 0, "comparator": "<="} if _sec == "compulsory" else {}),
        ("large_class_share", "大班额比例", "Share of large classes (56+)", "≥56人班级数 ÷ 班级数 × 100%。", "%",
         {"threshold": 5, "comparator": "<="} if _sec == "compulsory" else {}),
        ("very_large_class_share", "超大班额比例", "Share of very large classes (66+)",
         "≥66人班级数 ÷ 班级数 × 100%。", "%", {"threshold": 0, "comparator": "<="} if _sec == "compulsory" else {}),
        ("large_classes_reduction", "大班额班级数比上年减少", "Reduction of large classes on the previous year",
         "上一学年≥56人班级数 − 本学年≥56人班级数（正数为减少）。", "个", {}),
    ):  # fmt: skip
        _add(
            code=f"{_code}_{_sec}",
            name_zh=f"{_name}（{_zh}）",
            name_en=f"{_name_en}, {_en}",
            group="class_size",
            definition=_what + _rule + _SECTION_NOTE,
            formula=f"SchoolClass: level in {_sec}, size = count(Enrollment: enrolled)",
            unit=_unit,
            direction=UP if _code == "large_classes_reduction" else DOWN,
            **_kw,
        )

# --- staffing ---------------------------------------------------------------------------------------
_add(
    code="students_per_teacher",
    name_zh="生师比",
    name_en="Students per staff member",
    group="staffing",
    definition="在校生 ÷ 在岗专任教师（幼儿园为保教人员：专任教师 + 保育员，教师〔2013〕1号），全部学段合计；"
    "须与分学段生师比同看（幼儿园、小学、初中、普通高中、中职各有标准，混合比不单独作结论）。"
    + IN_SCHOOL
    + FULL_TIME_TEACHERS,
    formula="count(Enrollment: enrolled) / count(Teacher: in post at the school, 专任教师)",
    unit="人",
    direction=NONE,
)
for _lvl, (_zh, _en) in LEVEL_NAMES.items():
    _ratio = calc.STAFF_RATIO[_lvl]
    _add(
        code=f"students_per_teacher_{_lvl}",
        name_zh=f"{_zh}生师比",
        name_en=f"Students per teacher, {_en}",
        group="staffing",
        definition=f"学段“{_zh}”的在校生 ÷ 该学段在岗"
        + (
            "保教人员（专任教师 + 保育员，教师〔2013〕1号：全日制保教人员与幼儿1:7–1:9）"
            if _lvl == "preschool"
            else "专任教师"
        )
        + f"。对照编制标准：{_zh}教职工与学生1:{_ratio:g}（"
        + ("教师〔2013〕1号，全日制1:5–1:7" if _lvl == "preschool" else "中央编办发〔2014〕72号")
        + "）。九年一贯制、完全中学的教师按各学部应配编制（学生数 ÷ 编制比）的比例分到各学部，分母可为小数。"
        + IN_SCHOOL
        + FULL_TIME_TEACHERS,
        formula="count(Enrollment: level, enrolled) / (专任教师 in post × level's share of the school's norm)",
        unit="人",
        direction=NONE,
    )
_add(
    code="staffing_norm",
    name_zh="按标准应配教职工数",
    name_en="Staff required by the establishment norms",
    group="staffing",
    definition="按全区各学段在校生总数核定：Σ 向上取整(全区该学段在校生 ÷ 编制比)（中央编办发〔2014〕72号：小学1:19、"
    "初中1:13.5、高中1:12.5；幼儿园按教师〔2013〕1号全日制1:7；中职按高中1:12.5；特教学校另定，未计）。"
    "学校一级为全区核定数按各校该学段学生数 ÷ 编制比的比例分配（最大余数法取整，各校之和等于全区数），"
    "不是各校分别取整后相加；乡镇为所属学校分配数之和。" + IN_SCHOOL,
    formula="Σ_level ceil(county pupils_level / ratio_level); schools: largest-remainder shares",
    unit="人",
    direction=NONE,
)
_add(
    code="staffing_shortfall",
    name_zh="教职工缺编数",
    name_en="Staff shortfall against the norms",
    group="staffing",
    definition="学校分配的应配教职工数 − 在岗教职工数（超编记为0），按校计，区、镇为各校缺编之和（超编学校不抵扣）。"
    "在岗教职工含各类别（专任教师、行政、教辅、工勤）。" + IN_SCHOOL + TEACHERS_IN_POST,
    formula="Σ max(0, staffing_norm(school) − staff in post)",
    unit="人",
    direction=DOWN,
)
_add(
    code="backbone_teacher_share",
    name_zh="县级以上骨干教师占比",
    name_en="Share of county-level and higher backbone teachers",
    group="staffing",
    definition="县级及以上骨干教师、学科带头人、名师 ÷ 在岗专任教师 × 100%。" + FULL_TIME_TEACHERS,
    formula="count(Teacher: in post, 专任教师, backbone_level set) / count(Teacher: in post, 专任教师)",
    unit="%",
)
_add(
    code="senior_title_share",
    name_zh="高级职称教师占比",
    name_en="Share of teachers with a senior title",
    group="staffing",
    definition="正高级、高级教师 ÷ 在岗专任教师 × 100%。" + FULL_TIME_TEACHERS,
    formula="count(Teacher: in post, 专任教师, title senior|senior_professor) / count(Teacher: in post, 专任教师)",
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
            definition=f"{_what} ÷ 学生数（{LEVEL_NAMES[_lvl][0]}标准 ≥ {_std}，教督〔2017〕6号）。学段："
            f"{LEVEL_NAMES[_lvl][0]}，含九年一贯制、完全中学的相应学部：资源按学部学生数加权（小:初 = 1:1.1，"
            "初:高 = 1:1.2）分摊，各学部按本学段标准衡量。不计特教学校、职业学校和学生不足50人的教学点（按学校的"
            "“教学点”标记，普通学校学生少的学部照常参评）。"
            + IN_SCHOOL
            + (FULL_TIME_TEACHERS if _key.endswith("_teachers") else ""),
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
            f"≤ {_limit}（教督〔2017〕6号）。参评学校、学部和资源分摊同“{LEVEL_NAMES[_lvl][0]}{_zh}”。"
            + IN_SCHOOL
            + (FULL_TIME_TEACHERS if _key.endswith("_teachers") else ""),
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
        "参评范围同各项资源配置指标（不计特教、职业学校和不足50人的教学点）。学校一级：值为100（达标）或0（未达标），"
        "分子为1或0、分母为1（与区、镇一级同为“达标学校 ÷ 学校”），各项是否达标见7项单项指标。"
        + IN_SCHOOL
        + FULL_TIME_TEACHERS,
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
    definition="公办幼儿园在园幼儿 ÷ 全部在园幼儿 × 100%；全国原则上2020年达到50%（中共中央 国务院 2018-11）。"
    + IN_SCHOOL,
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
    definition="（公办园 + 普惠性民办园）在园幼儿 ÷ 全部在园幼儿 × 100%；2020年约80%（第三期学前教育行动计划）。"
    + IN_SCHOOL,
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
    "complete_secondary": ("公办完全中学", "public complete secondary schools"),
}
for _type, (_zh, _en) in FUNDING_TYPES.items():
    _floor = calc.FUNDING_FLOOR[_type]
    _combined = _type in calc.COMBINED_SECTIONS
    _rule = (
        "底线按学部分别适用、以各学部在读学生数加权："
        + ("小学部650元、初中部850元" if _type == "nine_year" else "初中部850元、高中部900元")
        + "（义务教育东部基准定额小学650、初中850；普通高中900见计划第21项），每校底线不同，故全区值不设统一门槛"
        if _combined
        else f"不低于{_floor}元（幼儿园450、普通高中900见计划第21项；义务教育东部基准定额小学650、初中850）"
    )
    _add(
        code=f"public_funding_min_{_type}",
        name_zh=f"{_zh}生均公用经费拨款标准（最低）",
        name_en=f"Per-student public funding standard, lowest of {_en}",
        group="funding",
        definition=f"同类公办学校中最低的生均公用经费财政拨款标准；{_rule}。分子为低于本校底线的学校数，分母为学校数；"
        "学校一级为本校标准。范围：有当年经费记录的公办学校（民办、中职、特教不计）。",
        formula="min(FinanceRecord.public_funding_per_student) over the type's public schools",
        unit="元",
        scopes=(DISTRICT, SCHOOL),
        period=CALENDAR_YEAR,
        threshold=None if _combined else _floor,
        comparator="" if _combined else ">=",
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
    "学校 × 100%；计划：学籍平台与计财报表相对一致。学校一级：值为计财数 − 学籍数，分子计财数、分母学籍数。"
    + IN_SCHOOL,
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


#: Codes registered by other apps (``register``): their values are stored by those apps, not by
#: ``indicators_compute``, which leaves them alone.
EXTERNAL: set[str] = set()
_EXTERNAL_BINDINGS: list[tuple[str, str]] = []


def register(indicator: Indicator, *, binds: tuple[str, ...] = ()) -> None:
    """Add an indicator whose values another app computes (data collection: a form field's sum, count,
    mean or share), so that it is listed, explained and bindable to plan targets like the others.
    ``binds`` are the texts of plan targets it measures."""
    LIBRARY[indicator.code] = indicator
    EXTERNAL.add(indicator.code)
    for needle in binds:
        if (needle, indicator.code) not in _EXTERNAL_BINDINGS:
            _EXTERNAL_BINDINGS.append((needle, indicator.code))


# Plan targets → indicator codes, by the target's indicator text as the plan parser writes it: publishing a
# plan binds the targets these name with high confidence (``planning.binding``, by substring, first entry
# that matches); a target's ``indicator_code`` is what counts afterwards.
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
    ("大班额班级数", "large_classes_reduction_compulsory"),
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


def target_bindings() -> tuple[tuple[str, str], ...]:
    """The phrases that bind plan targets: the library's, then those of indicators other apps registered."""
    return (*TARGET_BINDINGS, *_EXTERNAL_BINDINGS)
