"""The columns of each import kind: CNSSIS 学籍 and teacher-system names (domain-rules §7), their synonyms,
and how each cell becomes a value of the registry's code lists (``registry.choices``).

Every parser takes a cleaned cell (``reader.clean_text``) and returns the Python value or raises
``CellError`` with the reason and the fix in Chinese.
"""

from __future__ import annotations

import decimal
import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from edubureau.registry import choices as c
from edubureau.registry.imports.reader import CellError, as_text, header_key, parse_date, parse_year_month

Parser = Callable[[object], object]


@dataclass(frozen=True)
class Column:
    """One column of an import: its field key, the header of the blank template, and accepted synonyms."""

    key: str
    header: str
    parse: Parser
    synonyms: tuple[str, ...] = ()
    required: bool = False
    hint: str = ""  # what to write, for the template's second row


@dataclass(frozen=True)
class ImportKind:
    """An import: students, teachers, schools or population."""

    key: str
    label: str
    model: str  # "registry.Student": whose ``add`` permission the import needs
    columns: tuple[Column, ...]
    # Groups of which at least one column must be present (学校标识码 or 学校名称).
    one_of: tuple[tuple[str, ...], ...] = ()
    per_school_year: bool = False

    @property
    def index(self) -> dict[str, str]:
        """Header key (as ``reader.header_key`` reduces it) -> field key, synonyms included."""
        index = {}
        for col in self.columns:
            for name in (col.header, *col.synonyms):
                index.setdefault(header_key(name), col.key)
        return index

    def column(self, key: str) -> Column:
        return next(col for col in self.columns if col.key == key)

    def required_headers(self) -> str:
        return "、".join(col.header for col in self.columns if col.required)


# --------------------------------------------------------------------------- parsers


def text(max_length: int) -> Parser:
    def parse(value: object) -> str:
        result = as_text(value)
        if len(result) > max_length:
            raise CellError(f"内容过长（{len(result)}字，最多{max_length}字）", "请删减")
        return result

    return parse


def remembered(parse: Parser, size: int = 100_000) -> Parser:
    """``parse`` remembering what it made of each text value: a column of 70,000 cells holds a few dozen
    distinct words (男/女, 农业户口, 一年级) or dates, each normalised and matched once. Errors are not kept."""
    known: dict = {}

    def parse_remembered(value: object) -> object:
        if type(value) is not str:
            return parse(value)
        try:
            return known[value]
        except KeyError:
            result = parse(value)
            if len(known) < size:
                known[value] = result
            return result

    return parse_remembered


def choice(mapping: dict[str, object], allowed: str) -> Parser:
    """A code-list value from the words schools write; ``allowed`` lists them for the fix."""
    keys = {header_key(k).upper(): v for k, v in mapping.items()}

    def parse(value: object) -> object:
        word = header_key(as_text(value)).upper()
        if word in keys:
            return keys[word]
        raise CellError(f"无法识别“{as_text(value)}”", f"请填写：{allowed}")

    return remembered(parse)


def integer(low: int, high: int, *, unit: str = "") -> Parser:
    def parse(value: object) -> int:
        if isinstance(value, float) and not value.is_integer():
            raise CellError(f"“{as_text(value)}”不是整数", "请填写整数")
        if isinstance(value, int | float) and not isinstance(value, bool):
            number = int(value)
        else:
            raw = (
                as_text(value).replace(",", "").removesuffix(unit)
                if unit
                else as_text(value).replace(",", "")
            )
            if not re.fullmatch(r"-?\d+", raw):
                raise CellError(f"“{as_text(value)}”不是整数", "请填写整数（阿拉伯数字）")
            number = int(raw)
        if not low <= number <= high:
            raise CellError(f"数值{number}超出范围", f"应在{low}到{high}之间")
        return number

    return parse


def amount(max_digits: int, places: int) -> Parser:
    limit = decimal.Decimal(10) ** (max_digits - places)

    def parse(value: object) -> decimal.Decimal:
        raw = as_text(value).replace(",", "")
        try:
            number = decimal.Decimal(raw)
        except decimal.InvalidOperation:
            raise CellError(f"“{raw}”不是数字", "请填写数字（不带单位）") from None
        if not number.is_finite() or number < 0 or number >= limit:
            raise CellError(f"数值{raw}超出范围", "请核对数值和单位")
        return number.quantize(decimal.Decimal(1).scaleb(-places))

    return parse


date = remembered(parse_date)
year_month = remembered(parse_year_month)


def id_number(value: object) -> str:
    """The raw ID number text; validation (GB 11643) happens with the ID type known."""
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) >= 1e15:
        raise CellError(
            "身份证件号被 Excel 存成了数字，末几位已丢失",
            "请把该列设为“文本”格式后重新填写身份证件号",
        )
    return as_text(value)


def school_code(value: object) -> str:
    code = as_text(value)
    if not re.fullmatch(r"\d{10}", code):
        raise CellError(f"学校标识码“{code}”应为10位数字", "请填写教育部分配的10位学校标识码")
    return code


_YES = ("是", "Y", "YES", "TRUE", "1", "有", "√")
_NO = ("否", "N", "NO", "FALSE", "0", "无", "非", "×")
YES_NO = {**dict.fromkeys(_YES, True), **dict.fromkeys(_NO, False)}
yes_no = choice(YES_NO, "是 或 否")

gender = choice(
    {"男": c.Gender.MALE, "男性": c.Gender.MALE, "M": c.Gender.MALE, "1": c.Gender.MALE}
    | {"女": c.Gender.FEMALE, "女性": c.Gender.FEMALE, "F": c.Gender.FEMALE, "2": c.Gender.FEMALE},
    "男 或 女",
)

hukou = choice(
    {"农业户口": c.HukouType.AGRICULTURAL, "农业": c.HukouType.AGRICULTURAL, "农村": c.HukouType.AGRICULTURAL}
    | {"非农业户口": c.HukouType.NON_AGRICULTURAL, "非农业": c.HukouType.NON_AGRICULTURAL}
    | {"城镇": c.HukouType.NON_AGRICULTURAL, "城镇户口": c.HukouType.NON_AGRICULTURAL}
    | {"居民户口": c.HukouType.RESIDENT, "居民": c.HukouType.RESIDENT, "居民家庭户口": c.HukouType.RESIDENT},
    "农业户口、非农业户口 或 居民户口",
)

left_behind = choice(
    dict.fromkeys(("非留守", "非留守儿童", "否", "无", "不是"), c.LeftBehind.NO)
    | dict.fromkeys(("单亲留守", "单亲留守儿童", "单亲"), c.LeftBehind.ONE_PARENT)
    | dict.fromkeys(("双亲留守", "双亲留守儿童", "双亲"), c.LeftBehind.BOTH_PARENTS),
    "非留守、单亲留守 或 双亲留守",
)

disability = choice(
    dict.fromkeys(("无", "否", "非残疾", "非残疾人", "正常"), c.Disability.NONE)
    | dict.fromkeys(("视力残疾", "视力"), c.Disability.VISUAL)
    | dict.fromkeys(("听力残疾", "听力"), c.Disability.HEARING)
    | dict.fromkeys(("言语残疾", "言语"), c.Disability.SPEECH)
    | dict.fromkeys(("肢体残疾", "肢体"), c.Disability.PHYSICAL)
    | dict.fromkeys(("智力残疾", "智力"), c.Disability.INTELLECTUAL)
    | dict.fromkeys(("精神残疾", "精神"), c.Disability.MENTAL)
    | dict.fromkeys(("多重残疾", "多重"), c.Disability.MULTIPLE)
    | dict.fromkeys(("其他残疾", "其他"), c.Disability.OTHER),
    "无、视力残疾、听力残疾、言语残疾、肢体残疾、智力残疾、精神残疾、多重残疾 或 其他残疾",
)


@remembered
def inclusive_placement(value: object) -> bool:
    """随班就读: CNSSIS writes 非随班就读 or e.g. 视力残疾随班就读; people write 是/否."""
    word = header_key(as_text(value)).upper()
    if word in YES_NO:
        return bool(YES_NO[word])
    if word.startswith("非") or word.startswith("不"):
        return False
    if word.endswith("随班就读"):
        return True
    raise CellError(f"无法识别“{as_text(value)}”", "请填写 是 或 否")


on_establishment = choice(
    YES_NO
    | dict.fromkeys(("在编", "编内", "有编制"), True)
    | dict.fromkeys(("非在编", "编外", "无编制"), False),
    "是 或 否",
)

# 教职工类别 of the teacher system (专任教师 / 行政人员 / 教辅人员 / 工勤人员; kindergartens also 保育员).
staff_category = choice(
    dict.fromkeys(("专任教师", "教师", "11", "专任"), c.StaffCategory.FULL_TIME_TEACHER)
    | dict.fromkeys(("保育员", "保育"), c.StaffCategory.CHILDCARE)
    | dict.fromkeys(("行政人员", "行政", "管理人员", "12"), c.StaffCategory.ADMINISTRATIVE)
    | dict.fromkeys(("教辅人员", "教辅", "13"), c.StaffCategory.SUPPORT)
    | dict.fromkeys(("工勤人员", "工勤", "工勤技能人员", "14"), c.StaffCategory.WORKER),
    "专任教师、保育员、行政人员、教辅人员 或 工勤人员",
)

teaching_point = choice(YES_NO | dict.fromkeys(("教学点",), True), "是 或 否")

_CN_NUMBERS = {n: i for i, n in enumerate("零一二三四五六七八九十", start=0)}


def small_number(word: str) -> int | None:
    """1–19 written in Arabic or Chinese digits (八, 十二); None when it is neither."""
    if word.isdigit():
        return int(word)
    if word and all(ch in _CN_NUMBERS for ch in word):
        if word == "十":
            return 10
        if word.startswith("十") and len(word) == 2:
            return 10 + _CN_NUMBERS[word[1]]
        if len(word) == 1:
            return _CN_NUMBERS[word]
    return None


def post_grade(value: object) -> int | None:
    """岗位等级 of 专业技术 posts, 1–13 (专技8级, 专业技术八级岗位, 8); 管理/工勤 posts have none."""
    word = header_key(as_text(value))
    if re.search(r"管理|工勤|职员|技术工|普工", word):
        return None
    core = re.sub(r"^(专业技术|专技)|岗位?$|级$|等$", "", word)
    core = re.sub(r"(级|岗位?|等)$", "", core)
    number = small_number(core)
    if number is None or not 1 <= number <= 13:
        raise CellError(
            f"无法识别岗位等级“{as_text(value)}”", "请填写专业技术岗位等级 1–13，如“专技8级”或“8”"
        )
    return number


# Before the 2015 reform primary and kindergarten titles sat one step lower: 小学高级 = today's 一级.
title_rank = choice(
    dict.fromkeys(("正高级教师", "正高级", "正高", "教授级"), c.TitleRank.SENIOR_PROFESSOR)
    | dict.fromkeys(("高级教师", "高级", "副高", "副高级", "中学高级教师", "中学高级"), c.TitleRank.SENIOR)
    | dict.fromkeys(("一级教师", "一级", "中级", "中学一级教师", "中学一级"), c.TitleRank.FIRST)
    | dict.fromkeys(("小学高级教师", "小学高级", "幼儿园高级教师", "幼儿园高级"), c.TitleRank.FIRST)
    | dict.fromkeys(("二级教师", "二级", "初级", "中学二级教师", "中学二级"), c.TitleRank.SECOND)
    | dict.fromkeys(("小学一级教师", "小学一级", "幼儿园一级教师", "幼儿园一级"), c.TitleRank.SECOND)
    | dict.fromkeys(("三级教师", "三级", "中学三级教师", "中学三级"), c.TitleRank.THIRD)
    | dict.fromkeys(("小学二级教师", "小学二级", "小学三级教师", "小学三级"), c.TitleRank.THIRD)
    | dict.fromkeys(("幼儿园二级教师", "幼儿园二级", "幼儿园三级教师", "幼儿园三级"), c.TitleRank.THIRD)
    | dict.fromkeys(("无", "未评", "未定级", "未定职级", "未评聘", "暂无"), c.TitleRank.NONE),
    "正高级教师、高级教师、一级教师、二级教师、三级教师 或 未定职级",
)

education = choice(
    dict.fromkeys(
        ("研究生", "博士", "博士研究生", "硕士", "硕士研究生", "研究生毕业"), c.Education.POSTGRADUATE
    )
    | dict.fromkeys(("本科", "大学本科", "本科毕业", "大学"), c.Education.BACHELOR)
    | dict.fromkeys(("专科", "大学专科", "大专", "专科毕业"), c.Education.ASSOCIATE)
    | dict.fromkeys(
        ("高中", "中专", "中师", "中等专业学校", "职业高中", "技工学校", "高中及以下", "初中", "初中及以下"),
        c.Education.SECONDARY,
    ),
    "研究生、本科、专科 或 高中及以下",
)

backbone_level = choice(
    dict.fromkeys(("否", "无", "非骨干", "不是"), c.BackboneLevel.NONE)
    | dict.fromkeys(
        ("是", "县级骨干", "县级骨干教师", "区级骨干", "区级骨干教师", "县级"), c.BackboneLevel.COUNTY
    )
    | dict.fromkeys(("市级骨干", "市级骨干教师", "市级"), c.BackboneLevel.CITY)
    | dict.fromkeys(("省级骨干", "省级骨干教师", "省级"), c.BackboneLevel.PROVINCE)
    | dict.fromkeys(
        ("学科带头人", "县级学科带头人", "市级学科带头人", "省级学科带头人"), c.BackboneLevel.SUBJECT_LEADER
    )
    | dict.fromkeys(("名师", "名教师", "市级名师", "省级名师", "特级教师"), c.BackboneLevel.FAMOUS),
    "无、县级骨干、市级骨干、省级骨干、学科带头人 或 名师",
)

# 人员状态 of the teacher system; codes the registry does not keep separately count as 其他 (299).
teacher_status = choice(
    dict.fromkeys(("100", "在本单位任职", "在职", "在岗", "在编在岗"), c.TeacherStatus.IN_POST)
    | dict.fromkeys(("201", "借出", "借调"), c.TeacherStatus.SECONDED)
    | dict.fromkeys(("202", "长病假", "病假"), c.TeacherStatus.LONG_SICK_LEAVE)
    | dict.fromkeys(("203", "进修", "脱产进修"), c.TeacherStatus.STUDYING)
    | dict.fromkeys(("205", "交流轮岗", "交流"), c.TeacherStatus.ROTATING)
    | dict.fromkeys(("210", "待岗"), c.TeacherStatus.AWAITING_POST)
    | dict.fromkeys(
        ("299", "其他", "204", "206", "企业实践", "207", "因公出国", "208", "离岗创业")
        + ("209", "待退休", "211", "下落不明"),
        c.TeacherStatus.OTHER,
    ),
    "在本单位任职（100）、借出（201）、长病假（202）、进修（203）、交流轮岗（205）、待岗（210）或 其他（299）",
)


def subjects(value: object) -> list[str]:
    parts = [p for p in re.split(r"[,，、/;；\s]+", as_text(value)) if p]
    if len(",".join(parts)) > 100:
        raise CellError("任课学科过多", "请只填写主要任课学科")
    return parts


school_kind = choice(
    dict.fromkeys(("幼儿园", "111", "附设幼儿班", "幼儿班"), c.SchoolKind.KINDERGARTEN)
    | dict.fromkeys(
        ("小学", "211", "完全小学", "中心小学", "小学教学点", "教学点", "218"), c.SchoolKind.PRIMARY
    )
    | dict.fromkeys(("初级中学", "初中", "311"), c.SchoolKind.JUNIOR)
    | dict.fromkeys(("九年一贯制学校", "九年一贯制", "312"), c.SchoolKind.NINE_YEAR)
    | dict.fromkeys(("完全中学", "341"), c.SchoolKind.COMPLETE_SECONDARY)
    | dict.fromkeys(("高级中学", "高中", "342"), c.SchoolKind.SENIOR)
    | dict.fromkeys(("中等职业学校", "中职", "职业高中", "职业中专", "中等专业学校"), c.SchoolKind.VOCATIONAL)
    | dict.fromkeys(("特殊教育学校", "特教学校", "特殊教育"), c.SchoolKind.SPECIAL),
    "幼儿园、小学、初级中学、九年一贯制学校、完全中学、高级中学、中等职业学校 或 特殊教育学校",
)


def ownership(value: object) -> str:
    """举办者/办别: 民办 is private; the public sponsors (教育部门, 其他部门, 地方企业 …) are 公办."""
    word = header_key(as_text(value))
    if "民办" in word or word in {"私立", "个人", "社会力量"}:
        return c.Ownership.PRIVATE
    if word:
        return c.Ownership.PUBLIC
    raise CellError("举办者为空", "请填写 公办 或 民办")


def affordable(value: object) -> bool:
    """普惠: 是/否, or the kind of kindergarten written out (普惠性民办园, 非普惠性民办园, 公办园)."""
    word = header_key(as_text(value)).upper()
    if word in YES_NO:
        return bool(YES_NO[word])
    if word.startswith("非普惠") or word.startswith("营利"):
        return False
    if "普惠" in word or word.startswith("公办"):
        return True
    raise CellError(f"无法识别“{as_text(value)}”", "请填写 是 或 否")


# 统计用城乡分类代码: 111/112 城区, 121/122/123 镇区, 210/220 乡村.
locality = choice(
    dict.fromkeys(("城区", "城市", "主城区", "城乡结合区", "111", "112"), c.Locality.URBAN)
    | dict.fromkeys(
        ("镇区", "县镇", "镇中心区", "镇乡结合区", "特殊区域", "121", "122", "123"), c.Locality.TOWN
    )
    | dict.fromkeys(("乡村", "农村", "乡中心区", "村庄", "210", "220"), c.Locality.RURAL),
    "城区、镇区 或 乡村（或城乡分类代码 111–220）",
)


def area_ref(value: object) -> str:
    """An area written by name (山腰街道) or administrative code (350505100)."""
    return as_text(value)


# --------------------------------------------------------------------------- kinds

_SCHOOL_CODE = Column(
    "school_code",
    "学校标识码",
    school_code,
    ("学校代码", "学校识别码", "学校标识", "单位标识码"),
    hint="10位数字",
)
_SCHOOL_NAME = Column(
    "school_name", "学校名称", text(80), ("学校", "所在学校", "就读学校", "单位名称", "任职学校", "所在单位")
)
_ID_TYPE = Column("id_type", "身份证件类型", text(20), ("证件类型",), hint="居民身份证")
_ID_NUMBER = Column(
    "id_number",
    "身份证件号",
    id_number,
    ("身份证号", "身份证号码", "身份证件号码", "证件号码", "证件号", "公民身份号码", "身份证"),
    required=True,
    hint="18位，请设为文本格式",
)
_GENDER = Column("gender", "性别", gender, required=True, hint="男/女")
_BIRTH = Column(
    "birth_date", "出生日期", date, ("出生年月日", "出生年月", "生日"), required=True, hint="2012-09-01"
)

STUDENTS = ImportKind(
    key="students",
    label=_("Students (CNSSIS 学籍)"),
    model="registry.Student",
    per_school_year=True,
    one_of=(("school_code", "school_name"),),
    columns=(
        _SCHOOL_CODE,
        _SCHOOL_NAME,
        Column("name", "姓名", text(40), ("学生姓名",), required=True),
        _GENDER,
        _BIRTH,
        Column("ethnicity", "民族", text(20), hint="汉族"),
        _ID_TYPE,
        _ID_NUMBER,
        Column("hukou_type", "户口性质", hukou, hint="农业户口/非农业户口/居民户口"),
        Column(
            "migrant_child",
            "是否进城务工人员随迁子女",
            yes_no,
            ("进城务工人员随迁子女", "随迁子女", "是否随迁子女"),
            hint="是/否",
        ),
        Column(
            "left_behind",
            "是否留守儿童",
            left_behind,
            ("留守儿童", "留守儿童类型"),
            hint="非留守/单亲留守/双亲留守",
        ),
        Column("disability", "残疾类型", disability, ("残疾人类型", "残疾类别"), hint="无"),
        Column("inclusive_placement", "随班就读", inclusive_placement, ("是否随班就读",), hint="是/否"),
        Column(
            "grade", "年级", text(20), ("所在年级", "年级名称"), required=True, hint="一年级/初一/高一/小班"
        ),
        Column("class_name", "班级", text(40), ("班级名称", "班名", "所在班级"), hint="一年级(1)班"),
        Column("entry_date", "入学年月", year_month, ("入学时间", "入学日期", "入学年份月份"), hint="201909"),
    ),
)

TEACHERS = ImportKind(
    key="teachers",
    label=_("Teachers (teacher system)"),
    model="registry.Teacher",
    one_of=(("school_code", "school_name"),),
    columns=(
        Column("name", "姓名", text(40), ("教师姓名", "教职工姓名"), required=True),
        _GENDER,
        _ID_TYPE,
        _ID_NUMBER,
        _BIRTH,
        _SCHOOL_CODE,
        _SCHOOL_NAME,
        Column("staff_number", "教职工号", text(30), ("工号", "教师编号")),
        Column(
            "on_establishment", "是否在编", on_establishment, ("在编", "编制", "是否在编在岗"), hint="是/否"
        ),
        Column(
            "post_grade",
            "岗位等级",
            post_grade,
            ("专业技术岗位等级", "岗位级别", "聘任岗位等级"),
            hint="专技8级",
        ),
        Column(
            "title_rank",
            "专业技术职务",
            title_rank,
            ("职称", "专业技术职务(职称)", "现聘专业技术职务", "专业技术职称", "职务级别"),
            hint="一级教师",
        ),
        Column(
            "subjects",
            "任课学科",
            subjects,
            ("任教学科", "主要任课学科", "学科", "主教学科"),
            hint="语文、道德与法治",
        ),
        Column("education", "最高学历", education, ("学历",), required=True, hint="本科"),
        Column(
            "backbone_level",
            "骨干教师级别",
            backbone_level,
            ("骨干教师", "骨干等级", "是否县级及以上骨干教师"),
            hint="无",
        ),
        Column(
            "staff_category",
            "教职工类别",
            staff_category,
            ("教职工类型", "人员类别", "岗位类别"),
            hint="专任教师",
        ),
        Column(
            "status",
            "人员状态",
            teacher_status,
            ("教职工状态", "在岗状态", "人员状态代码"),
            hint="在本单位任职",
        ),
        Column(
            "joined_school",
            "进本校年月",
            year_month,
            ("进本园年月", "进本校时间", "调入本校年月"),
            hint="201509",
        ),
        Column("work_start", "参加工作年月", year_month, ("参加工作时间", "参加工作日期"), hint="200807"),
    ),
)

SCHOOLS = ImportKind(
    key="schools",
    label=_("Schools and facilities"),
    model="registry.School",
    columns=(
        Column("code", "学校标识码", school_code, ("学校代码", "学校识别码"), required=True, hint="10位数字"),
        Column("name", "学校名称", text(80), ("学校", "单位名称"), required=True),
        Column(
            "kind",
            "办学类型",
            school_kind,
            ("学校类型", "学校类别", "办学类型代码"),
            required=True,
            hint="小学",
        ),
        Column(
            "ownership",
            "举办者",
            ownership,
            ("办别", "举办者类型", "公办/民办", "办学性质"),
            hint="公办/民办",
        ),
        Column(
            "affordable",
            "普惠",
            affordable,
            ("是否普惠", "普惠性", "是否普惠性幼儿园", "普惠性幼儿园"),
            hint="幼儿园填 是/否",
        ),
        Column(
            "town",
            "所在乡镇",
            area_ref,
            ("乡镇", "乡镇街道", "所在乡镇街道", "所属乡镇", "乡镇代码"),
            required=True,
        ),
        Column(
            "locality",
            "城乡类型",
            locality,
            ("城乡分类", "城乡属性", "城乡分类代码", "城乡"),
            hint="城区/镇区/乡村",
        ),
        Column("is_teaching_point", "是否教学点", teaching_point, ("教学点",), hint="是/否"),
        Column("capacity", "学位数", integer(0, 100_000), ("学位", "核定学位数", "学位数量")),
        Column(
            "teaching_floor_area",
            "教学及辅助用房面积",
            amount(10, 1),
            ("校舍面积", "校舍建筑面积", "教学及辅助用房", "教学及辅助用房建筑面积"),
            hint="平方米",
        ),
        Column(
            "sports_area",
            "运动场地面积",
            amount(10, 1),
            ("运动场面积", "体育运动场馆面积", "运动场地"),
            hint="平方米",
        ),
        Column(
            "equipment_value",
            "教学仪器设备值",
            amount(14, 2),
            ("教学仪器设备资产值", "仪器设备值", "教学仪器设备总值"),
            hint="元",
        ),
        Column(
            "multimedia_rooms",
            "网络多媒体教室数",
            integer(0, 10_000),
            ("网络多媒体教室", "多媒体教室数", "多媒体教室"),
        ),
        Column("books", "图书册数", integer(0, 100_000_000), ("图书", "藏书", "藏书量", "图书藏量")),
        Column("computers", "计算机台数", integer(0, 1_000_000), ("计算机", "电脑台数", "计算机数")),
        Column("address", "地址", text(120), ("学校地址", "详细地址", "通信地址")),
    ),
)

# 人群: blank for everyone; the 残联's register of 三类残疾 children is the denominator of their rate.
population_group = choice(
    {"": "", "全部": "", "全部人口": "", "适龄人口": "", "三类残疾": "three_disability",
     "三类残疾儿童少年": "three_disability", "三类残疾儿童": "three_disability"},
    "空白、全部 或 三类残疾",
)  # fmt: skip

POPULATION = ImportKind(
    key="population",
    label=_("School-age population"),
    model="registry.Population",
    columns=(
        Column(
            "area",
            "乡镇",
            area_ref,
            ("区域", "区域代码", "区域名称", "乡镇代码", "乡镇名称", "乡镇街道", "行政区划代码", "地区"),
            required=True,
            hint="山腰街道 或 350505100",
        ),
        Column(
            "year",
            "年份",
            integer(1949, 2100, unit="年"),
            ("年度", "统计年份", "统计年度"),
            required=True,
            hint="2019",
        ),
        Column("age", "年龄", integer(0, 120, unit="岁"), ("周岁", "年龄(岁)"), required=True, hint="6"),
        Column(
            "count",
            "人数",
            integer(0, 10_000_000, unit="人"),
            ("人口数", "适龄人口数", "数量", "人口"),
            required=True,
        ),
        Column(
            "group",
            "人群",
            population_group,
            ("人群类别", "人口类别", "统计口径"),
            hint="空白 = 全部适龄人口；三类残疾 = 残联登记的三类残疾儿童少年",
        ),
    ),
)

KINDS: dict[str, ImportKind] = {k.key: k for k in (STUDENTS, TEACHERS, SCHOOLS, POPULATION)}
