"""Code lists of the registry (CNSSIS 学籍 and the national teacher system, domain-rules §7)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AreaKind(models.TextChoices):
    PROVINCE = "province", _("province")
    CITY = "city", _("city")
    COUNTY = "county", _("county")
    TOWN = "town", _("town")


class SchoolKind(models.TextChoices):
    KINDERGARTEN = "kindergarten", _("kindergarten")
    PRIMARY = "primary", _("primary school")
    JUNIOR = "junior", _("junior secondary school")
    NINE_YEAR = "nine_year", _("nine-year school")
    COMPLETE_SECONDARY = "complete_secondary", _("complete secondary school")
    SENIOR = "senior", _("senior secondary school")
    VOCATIONAL = "vocational", _("secondary vocational school")
    SPECIAL = "special", _("special education school")


class Ownership(models.TextChoices):
    PUBLIC = "public", _("public")
    PRIVATE = "private", _("private")


class AffordableStatus(models.TextChoices):
    """普惠 status of a kindergarten: 公办 and 普惠性民办 both count as affordable."""

    NOT_APPLICABLE = "", _("not a kindergarten")
    PUBLIC = "public", _("public kindergarten")
    AFFORDABLE_PRIVATE = "affordable_private", _("affordable private kindergarten")
    PRIVATE = "private", _("non-affordable private kindergarten")


class Locality(models.TextChoices):
    URBAN = "urban", _("urban")
    TOWN = "town", _("town centre")
    RURAL = "rural", _("rural")


class Level(models.TextChoices):
    """学段."""

    PRESCHOOL = "preschool", _("preschool")
    PRIMARY = "primary", _("primary")
    JUNIOR = "junior", _("junior secondary")
    SENIOR = "senior", _("senior secondary")
    VOCATIONAL = "vocational", _("secondary vocational")
    SPECIAL = "special", _("special education")


# Grades per level, in the order pupils pass through them.
LEVEL_GRADES = {
    Level.PRESCHOOL: 3,
    Level.PRIMARY: 6,
    Level.JUNIOR: 3,
    Level.SENIOR: 3,
    Level.VOCATIONAL: 3,
    Level.SPECIAL: 9,
}
KIND_LEVELS = {
    SchoolKind.KINDERGARTEN: (Level.PRESCHOOL,),
    SchoolKind.PRIMARY: (Level.PRIMARY,),
    SchoolKind.JUNIOR: (Level.JUNIOR,),
    SchoolKind.NINE_YEAR: (Level.PRIMARY, Level.JUNIOR),
    SchoolKind.COMPLETE_SECONDARY: (Level.JUNIOR, Level.SENIOR),
    SchoolKind.SENIOR: (Level.SENIOR,),
    SchoolKind.VOCATIONAL: (Level.VOCATIONAL,),
    SchoolKind.SPECIAL: (Level.SPECIAL,),
}
PRESCHOOL_GRADE_NAMES = {1: "小班", 2: "中班", 3: "大班"}
_NUMERALS = "一二三四五六七八九"


def grade_in_range(level: str, grade: int) -> bool:
    """Whether ``grade`` is one of the grades of ``level`` (一年级 to 六年级 for 小学 …)."""
    return 1 <= grade <= LEVEL_GRADES.get(level, 0)


def grade_name(level: str, grade: int) -> str:
    """小班, 三年级, 初二, 高一 … as schools write them; the bare number for a grade the level lacks
    (a row stored before the range was checked must still list)."""
    if not grade_in_range(level, grade):
        return str(grade)
    if level == Level.PRESCHOOL:
        return PRESCHOOL_GRADE_NAMES[grade]
    numeral = _NUMERALS[grade - 1]
    if level == Level.JUNIOR:
        return f"初{numeral}"
    if level == Level.SENIOR:
        return f"高{numeral}"
    if level == Level.VOCATIONAL:
        return f"中职{numeral}年级"
    return f"{numeral}年级"


def grade_range_q() -> models.Q:
    """The grades of each level as a ``Q`` for a check constraint."""
    q = models.Q()
    for level, last in LEVEL_GRADES.items():
        q |= models.Q(level=level, grade__gte=1, grade__lte=last)
    return q


class PopulationGroup(models.TextChoices):
    """Which residents a population row counts: everyone, or the 三类残疾 children the 残联 registers
    (the denominator of the 三类残疾儿童少年义务教育入学率, domain-rules §5)."""

    ALL = "", _("all residents")
    THREE_DISABILITY = "three_disability", _("children with the three disability types")


class Gender(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class HukouType(models.TextChoices):
    """户口性质."""

    AGRICULTURAL = "agricultural", _("agricultural hukou")
    NON_AGRICULTURAL = "non_agricultural", _("non-agricultural hukou")
    RESIDENT = "resident", _("resident hukou")


class LeftBehind(models.TextChoices):
    """是否留守儿童: 非留守 / 单亲留守 / 双亲留守."""

    NO = "", _("not left behind")
    ONE_PARENT = "one_parent", _("one parent away")
    BOTH_PARENTS = "both_parents", _("both parents away")


class Disability(models.TextChoices):
    """残疾类型 (CNSSIS); 视力, 听力, 言语 and 智力 make the 三类残疾 of the enrolment-rate indicator."""

    NONE = "", _("none")
    VISUAL = "visual", _("visual")
    HEARING = "hearing", _("hearing")
    SPEECH = "speech", _("speech")
    PHYSICAL = "physical", _("physical")
    INTELLECTUAL = "intellectual", _("intellectual")
    MENTAL = "mental", _("mental")
    MULTIPLE = "multiple", _("multiple")
    OTHER = "other", _("other")


THREE_DISABILITY_TYPES = (Disability.VISUAL, Disability.HEARING, Disability.SPEECH, Disability.INTELLECTUAL)


class EnrollmentStatus(models.TextChoices):
    """学籍状态."""

    ENROLLED = "enrolled", _("enrolled")
    SUSPENDED = "suspended", _("suspended")
    TRANSFERRED_OUT = "transferred_out", _("transferred out")
    GRADUATED = "graduated", _("graduated")
    DROPPED_OUT = "dropped_out", _("dropped out")
    DECEASED = "deceased", _("deceased")


class TitleRank(models.TextChoices):
    """职称 after the 2015 reform."""

    NONE = "", _("not rated")
    SENIOR_PROFESSOR = "senior_professor", _("senior-professor teacher")
    SENIOR = "senior", _("senior teacher")
    FIRST = "first", _("first-grade teacher")
    SECOND = "second", _("second-grade teacher")
    THIRD = "third", _("third-grade teacher")


class Education(models.TextChoices):
    """最高学历."""

    POSTGRADUATE = "postgraduate", _("postgraduate")
    BACHELOR = "bachelor", _("bachelor")
    ASSOCIATE = "associate", _("associate (专科)")
    SECONDARY = "secondary", _("senior secondary or below")


class BackboneLevel(models.TextChoices):
    """骨干等级 (kept locally, not a national field)."""

    NONE = "", _("none")
    COUNTY = "county", _("county backbone")
    CITY = "city", _("city backbone")
    PROVINCE = "province", _("province backbone")
    SUBJECT_LEADER = "subject_leader", _("subject leader")
    FAMOUS = "famous", _("famous teacher")


class TeacherStatus(models.TextChoices):
    """人员状态 codes of the national teacher system."""

    IN_POST = "100", _("in post")
    SECONDED = "201", _("seconded out")
    LONG_SICK_LEAVE = "202", _("long sick leave")
    STUDYING = "203", _("further study")
    ROTATING = "205", _("rotating (交流轮岗)")
    AWAITING_POST = "210", _("awaiting post (待岗)")
    OTHER = "299", _("other")


class StaffCategory(models.TextChoices):
    """教职工类别 of the national teacher system: 专任教师 teach; the others do not count in 生师比 (a
    kindergarten's 保教人员 are its 专任教师 and 保育员, 教师〔2013〕1号)."""

    FULL_TIME_TEACHER = "teacher", _("full-time teacher (专任教师)")
    CHILDCARE = "childcare", _("childcare worker (保育员)")
    ADMINISTRATIVE = "admin", _("administrative staff")
    SUPPORT = "support", _("teaching support staff")
    WORKER = "worker", _("service worker")


# 人员状态 counted as working at a school in the school year: in post (100) at their own school, and on
# 交流轮岗 (205) at the school where they teach. 借出 (201), 长病假 (202), 进修 (203), 待岗 (210) and 其他 (299)
# are not in post (全国教师管理信息系统 人员状态 codes, domain-rules §7).
TEACHER_STATUSES_IN_POST = (TeacherStatus.IN_POST, TeacherStatus.ROTATING)


SPORTS_ARTS_SUBJECTS = ("体育", "音乐", "美术", "体育与健康", "艺术")


#: Event names of the registry audit codes beyond create/update/delete (see ``core.audit.action_label``).
AUDIT_ACTIONS = {
    "registry.student.reveal_id": pgettext_lazy("audit event", "Full ID number viewed"),
    "registry.student.export_id": pgettext_lazy("audit event", "Full ID number exported"),
}
