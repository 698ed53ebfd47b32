"""Code lists of 区管校聘: competition stages, round outcomes, appeal decisions, the 三考评 record points, the
课时 standards from which a post's need is computed, and the audit labels of the staffing services."""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.registry.choices import BackboneLevel, Level, TitleRank


class CompetitionKind(models.TextChoices):
    WORK = "work", _("work post competition")
    TITLE = "title", _("professional title post competition")


class Stage(models.TextChoices):
    """准备 → 志愿填报 → 竞聘 → 公示: the competition's stages in order (``STAGE_FLOW``)."""

    DRAFT = "draft", _("preparing")
    OPEN = "open", _("choices open")
    CLOSED = "closed", _("choices closed, rounds running")
    PUBLISHED = "published", _("results published")


#: Allowed stage changes (one table per workflow, STYLE rule 4).
STAGE_FLOW = {
    Stage.DRAFT: (Stage.OPEN,),
    Stage.OPEN: (Stage.CLOSED,),
    Stage.CLOSED: (Stage.PUBLISHED,),
    Stage.PUBLISHED: (),
}


class RoundNumber(models.IntegerChoices):
    IN_SCHOOL = 1, _("in-school competition")
    CROSS_SCHOOL = 2, _("cross-school competition")
    ASSIGNMENT = 3, _("district assignment")


class Outcome(models.TextChoices):
    """What one round did for one teacher."""

    KEPT = "kept", _("kept her post")
    LOST = "lost", _("not retained at her school")
    MOVED = "moved", _("placed at a school she chose")
    STAYED = "stayed", _("stayed at her own school")
    EXCHANGED = "exchanged", _("moved up by exchange")
    ASSIGNED = "assigned", _("placed by the district")
    LOWERED = "lowered", _("appointed one grade lower")
    UNPLACED = "unplaced", _("awaiting a post")


class TitleGrade(models.TextChoices):
    """专业技术岗位等级 of a title-post competition, highest first (index = ``rounds.title_round`` grade)."""

    SENIOR = "senior", _("senior title post")
    INTERMEDIATE = "intermediate", _("intermediate title post")
    JUNIOR = "junior", _("junior title post")


TITLE_GRADES = [g.value for g in TitleGrade]
#: The post grade a teacher's title entitles her to: 正高级/高级 → 高级, 一级 → 中级, 二级/三级/未定级 → 初级.
TITLE_GRADE_OF_RANK = {
    TitleRank.SENIOR_PROFESSOR: TitleGrade.SENIOR,
    TitleRank.SENIOR: TitleGrade.SENIOR,
    TitleRank.FIRST: TitleGrade.INTERMEDIATE,
    TitleRank.SECOND: TitleGrade.JUNIOR,
    TitleRank.THIRD: TitleGrade.JUNIOR,
    TitleRank.NONE: TitleGrade.JUNIOR,
}


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("awaiting decision")
    UPHELD = "upheld", _("upheld")
    DISMISSED = "dismissed", _("dismissed")


APPEAL_FLOW = {
    AppealStatus.SUBMITTED: (AppealStatus.UPHELD, AppealStatus.DISMISSED),
    AppealStatus.UPHELD: (),
    AppealStatus.DISMISSED: (),
}

#: The most 志愿 a teacher may list (lists of 3–10 are usual; algorithms.md §1).
MAX_CHOICES = 5

# --- 三考评: the teacher's record (个人档案分), points as the scheme's defaults -----------------------------
TITLE_POINTS = {
    TitleRank.SENIOR_PROFESSOR: 30,
    TitleRank.SENIOR: 25,
    TitleRank.FIRST: 20,
    TitleRank.SECOND: 15,
    TitleRank.THIRD: 10,
    TitleRank.NONE: 5,
}
BACKBONE_POINTS = {
    BackboneLevel.FAMOUS: 25,
    BackboneLevel.SUBJECT_LEADER: 22,
    BackboneLevel.PROVINCE: 20,
    BackboneLevel.CITY: 15,
    BackboneLevel.COUNTY: 10,
    BackboneLevel.NONE: 0,
}
SERVICE_POINTS_PER_YEAR = Decimal("1")
SERVICE_POINTS_MAX = 30
AWARD_POINTS_MAX = 10
EXCHANGE_POINTS_PER_YEAR = 5
EXCHANGE_POINTS_MAX = 10

#: The bureau's evaluation of a school, carried to its teachers as a coefficient (the scheme's default rule).
SCHOOL_GRADE_COEFFICIENT = {
    "优秀": Decimal("1.05"),
    "良好": Decimal("1.00"),
    "合格": Decimal("0.97"),
    "不合格": Decimal("0.94"),
}


class SchoolGrade(models.TextChoices):
    EXCELLENT = "优秀", _("excellent")
    GOOD = "良好", _("good")
    PASS = "合格", _("pass")
    FAIL = "不合格", _("fail")


# --- 课时: weekly periods per class (课程方案) and a teacher's standard weekly load (the bureau's setting) ---
WEEKLY_PERIODS: dict[str, dict[str, Decimal]] = {
    Level.PRIMARY: {
        "语文": Decimal(7), "数学": Decimal(4), "英语": Decimal(2), "体育": Decimal(3), "音乐": Decimal(2),
        "美术": Decimal(2), "科学": Decimal(2), "道德与法治": Decimal(2), "信息技术": Decimal(1),
        "综合实践": Decimal(1),
    },
    Level.JUNIOR: {
        "语文": Decimal(5), "数学": Decimal(5), "英语": Decimal(4), "物理": Decimal("1.3"),
        "化学": Decimal("0.7"), "生物": Decimal("1.3"), "道德与法治": Decimal(2), "历史": Decimal(2),
        "地理": Decimal("1.3"), "体育": Decimal(3), "音乐": Decimal(1), "美术": Decimal(1),
        "信息技术": Decimal(1),
    },
    Level.SENIOR: {
        "语文": Decimal(4), "数学": Decimal(4), "英语": Decimal(4), "物理": Decimal(3), "化学": Decimal(3),
        "生物": Decimal(2), "思想政治": Decimal(2), "历史": Decimal(2), "地理": Decimal(2),
        "体育与健康": Decimal(2), "音乐": Decimal(1), "美术": Decimal(1), "信息技术": Decimal(1),
    },
}  # fmt: skip
#: A full-time teacher's standard weekly periods (标准课时量): the main subjects carry marking and 班主任 work.
STANDARD_LOAD: dict[str, dict[str, Decimal]] = {
    Level.PRIMARY: {"语文": Decimal(12), "数学": Decimal(12), "*": Decimal(16)},
    Level.JUNIOR: {"语文": Decimal(12), "数学": Decimal(12), "英语": Decimal(12), "*": Decimal(14)},
    Level.SENIOR: {"语文": Decimal(11), "数学": Decimal(11), "英语": Decimal(11), "*": Decimal(13)},
}
COMPETITION_LEVELS = (Level.PRIMARY, Level.JUNIOR, Level.SENIOR)


def weekly_periods(level: str, subject: str) -> Decimal | None:
    return WEEKLY_PERIODS.get(level, {}).get(subject)


def standard_load(level: str, subject: str) -> Decimal | None:
    loads = STANDARD_LOAD.get(level)
    if not loads:
        return None
    return loads.get(subject, loads["*"])


# --- 职称 post quotas: the structure ratio of a school's posts (高级/中级/初级) -----------------------------
TITLE_SHARES = {
    Level.PRIMARY: (Decimal("0.10"), Decimal("0.50"), Decimal("0.40")),
    Level.JUNIOR: (Decimal("0.20"), Decimal("0.45"), Decimal("0.35")),
    Level.SENIOR: (Decimal("0.30"), Decimal("0.45"), Decimal("0.25")),
}


AUDIT_ACTIONS = {
    "staffing.competition.stage": pgettext_lazy("audit event", "Competition stage changed"),
    "staffing.competition.participation": pgettext_lazy("audit event", "Participating schools set"),
    "staffing.competition.enrol": pgettext_lazy("audit event", "Teachers entered in the competition"),
    "staffing.round.run": pgettext_lazy("audit event", "Competition round run"),
    "staffing.entry.choices": pgettext_lazy("audit event", "Choices submitted"),
    "staffing.appeal.submit": pgettext_lazy("audit event", "Appeal submitted"),
    "staffing.appeal.decide": pgettext_lazy("audit event", "Appeal decided"),
    "staffing.entry.appeal_result": pgettext_lazy("audit event", "Result corrected on appeal"),
    "staffing.teacherscore.compute": pgettext_lazy("audit event", "Scores computed"),
    "staffing.workpost.generate": pgettext_lazy("audit event", "Work posts set from need"),
    "staffing.teacherscore.import": pgettext_lazy("audit event", "Appraisal scores imported"),
    "staffing.schoolevaluation.set": pgettext_lazy("audit event", "School grades set"),
}
AUDIT_KEYS = {
    "choices": pgettext_lazy("audit key", "Choices"),
    "round": pgettext_lazy("audit key", "Round"),
    "placed": pgettext_lazy("audit key", "Placed"),
    "unplaced": pgettext_lazy("audit key", "Unplaced"),
    "schools": pgettext_lazy("audit key", "Schools"),
    "teachers": pgettext_lazy("audit key", "Teachers"),
    "stage_from": pgettext_lazy("audit key", "Previous stage"),
    "stage_to": pgettext_lazy("audit key", "New stage"),
    "posts": pgettext_lazy("audit key", "Posts"),
    "rows": pgettext_lazy("audit key", "Rows"),
    "created": pgettext_lazy("audit key", "Created"),
    "updated": pgettext_lazy("audit key", "Updated"),
    "file": pgettext_lazy("audit key", "File"),
    "grades": pgettext_lazy("audit key", "Grades"),
    "post": pgettext_lazy("audit key", "Post"),
    "over_posts": pgettext_lazy("audit key", "Over the number of posts"),
    "placed_on_appeal": pgettext_lazy("audit key", "Placed on appeal"),
    "exchanged": pgettext_lazy("audit key", "Moved by exchange"),
    "exchange_cycles": pgettext_lazy("audit key", "Exchange cycles"),
}
AUDIT_VALUES = {"stage_from": Stage.choices, "stage_to": Stage.choices}

# The turnover pool's and the rotation plan's events are declared beside their models (``staffing.pool``).
from edubureau.staffing.pool.choices import AUDIT_ACTIONS as _POOL_ACTIONS  # noqa: E402

AUDIT_ACTIONS |= _POOL_ACTIONS
