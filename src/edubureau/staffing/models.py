"""Staffing (区管校聘) models: posts and quotas, the 三考评 scheme and scores, competitions, 志愿, rounds, appeals.

"一管理、两竞聘、三考评" (泉港委办〔2018〕101号): the district holds the 编制 and the posts (``WorkPost``, ``TitleQuota``),
teachers compete for work posts and title posts (``Competition``, one ``Entry`` per teacher with her ordered
``Preference`` list), ranked by the three evaluations (``EvaluationScheme``, ``SchoolEvaluation``,
``TeacherScore``). Every round a staff member runs is kept (``Round`` with each teacher's ``RoundResult``), so
a result can always be explained from what was stored; appeals (``Appeal``) are decided and audited.

Rows reach their scope through a school (the teacher's school at the time of the competition) and the county.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from edubureau.core.models import BaseModel, CountyColumn
from edubureau.registry.choices import Level
from edubureau.registry.models import Area, School, Teacher
from edubureau.staffing import choices as c

SCORE = {"max_digits": 6, "decimal_places": 2}
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class WorkPost(BaseModel):
    """工作岗位: the posts of one subject and 学段 at one school for a school year, set by 组织人事股.

    ``need`` is the computed need (classes × weekly periods ÷ standard load, ``services.post_need``), kept
    beside the figure typed so that a page shows both and who typed the figure (History)."""

    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(_("school year"), max_length=9, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    subject = models.CharField(_("subject"), max_length=20)
    posts = models.PositiveSmallIntegerField(_("posts"))
    classes = models.PositiveSmallIntegerField(_("classes"), default=0)
    need = models.DecimalField(_("computed need"), max_digits=6, decimal_places=1, default=0)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("work post")
        verbose_name_plural = _("work posts")
        ordering = ["school__code", "level", "subject"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "level", "subject"], name="staffing_workpost_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.subject}"


class TitleQuota(BaseModel):
    """职称岗位: a school's 高级/中级/初级 professional-title posts for a school year (structure ratio)."""

    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(_("school year"), max_length=9)
    senior = models.PositiveSmallIntegerField(_("senior posts"))
    intermediate = models.PositiveSmallIntegerField(_("intermediate posts"))
    junior = models.PositiveSmallIntegerField(_("junior posts"))

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("title post quota")
        verbose_name_plural = _("title post quotas")
        ordering = ["school__code"]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="staffing_titlequota_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.school_year}"


class EvaluationScheme(BaseModel):
    """三考评方案: how the three evaluations make one score (weights and the school-coefficient rule).

    score = (学校考核分 × ``weight_appraisal`` + 个人档案分 × ``weight_record``) ÷ 100 × 学校评价系数."""

    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(_("school year"), max_length=9)
    name = models.CharField(_("name"), max_length=80)
    weight_appraisal = models.DecimalField(
        _("weight of the school appraisal (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    weight_record = models.DecimalField(
        _("weight of the teacher's record (%)"), max_digits=5, decimal_places=2, validators=PERCENT
    )
    coefficients = models.JSONField(
        _("school coefficient by evaluation grade"), default=dict, help_text=_("e.g. 优秀: 1.05")
    )

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("evaluation scheme")
        verbose_name_plural = _("evaluation schemes")
        ordering = ["-school_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_appraisal__gte=0, weight_record__gte=0),
                name="staffing_scheme_weights_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def coefficient(self, grade: str) -> Decimal:
        value = (self.coefficients or {}).get(grade)
        return Decimal(str(value)) if value is not None else c.SCHOOL_GRADE_COEFFICIENT.get(grade, Decimal(1))


class SchoolEvaluation(BaseModel):
    """学校评价: the bureau's grade of a school for the year, carried to its teachers as a coefficient."""

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="schools"
    )
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    grade = models.CharField(_("evaluation grade"), max_length=4, choices=c.SchoolGrade.choices)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("school evaluation")
        verbose_name_plural = _("school evaluations")
        constraints = [
            models.UniqueConstraint(fields=["scheme", "school"], name="staffing_schooleval_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.grade}"


class TeacherScore(CountyColumn, BaseModel):
    """三考评得分: one teacher's score in one scheme, with every input kept so the page can explain it."""

    county_from = "teacher"

    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("scheme"), on_delete=models.CASCADE, related_name="scores"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+"
    )
    appraisal = models.DecimalField(_("school appraisal score"), validators=PERCENT, **SCORE)
    award_points = models.DecimalField(_("award points"), default=0, validators=PERCENT, **SCORE)
    exchange_years = models.PositiveSmallIntegerField(_("years of exchange service"), default=0)
    record_points = models.DecimalField(_("record score"), default=0, **SCORE)
    record_detail = models.JSONField(_("record score detail"), default=list, blank=True)
    coefficient = models.DecimalField(_("school coefficient"), max_digits=4, decimal_places=2, default=1)
    total = models.DecimalField(_("total score"), default=0, **SCORE)

    scope_school = "teacher__school"
    scope_area_path = "teacher__school__area__path"

    class Meta:
        verbose_name = _("teacher score")
        verbose_name_plural = _("teacher scores")
        ordering = ["-total"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "teacher"], name="staffing_teacherscore_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.teacher.name} {self.total}"


class Competition(BaseModel):
    """区管校聘竞聘: one competition of a school year among the participating schools, with its windows."""

    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(_("school year"), max_length=9)
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(
        _("kind"), max_length=10, choices=c.CompetitionKind.choices, default=c.CompetitionKind.WORK
    )
    scheme = models.ForeignKey(
        EvaluationScheme, verbose_name=_("evaluation scheme"), on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField(_("stage"), max_length=10, choices=c.Stage.choices, default=c.Stage.DRAFT)
    choices_open = models.DateTimeField(_("choices open"))
    choices_close = models.DateTimeField(_("choices close"))
    appeals_close = models.DateTimeField(_("appeals close"))
    schools = models.ManyToManyField(
        School, verbose_name=_("participating schools"), related_name="+", blank=True
    )
    band_width = models.DecimalField(
        _("score band for exchanges"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        default=Decimal(5),
        validators=[MinValueValidator(Decimal(0))],
        help_text=_(
            "After round 2, teachers may exchange posts they both rank higher when their scores are in the "
            "same band of this many points (0: equal scores only; empty: no exchanges)."
        ),
    )

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("post competition")
        verbose_name_plural = _("post competitions")
        ordering = ["-school_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(choices_close__gt=models.F("choices_open")),
                name="staffing_competition_window_order",
            ),
            models.UniqueConstraint(fields=["county", "name"], name="staffing_competition_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Entry(CountyColumn, BaseModel):
    """参聘: one teacher in one competition — her school, subject and 学段 then, her score, and her result."""

    county_from = "school"

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="entries"
    )
    teacher = models.ForeignKey(
        Teacher, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(_("subject"), max_length=20)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    score = models.DecimalField(_("score"), **SCORE)
    tiebreak = models.PositiveIntegerField(_("tie-break number"))
    choices_at = models.DateTimeField(_("choices submitted at"), null=True, blank=True)
    result_post = models.ForeignKey(
        WorkPost, verbose_name=_("post"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    result_round = models.PositiveSmallIntegerField(
        _("round"), null=True, blank=True, choices=c.RoundNumber.choices
    )
    # an upheld appeal placed her at a post she ranked higher (``services.appeal_decide``); over its number
    # of posts when it had no free place (超岗, for 组织人事股 to resolve)
    placed_on_appeal = models.BooleanField(_("placed on appeal"), default=False)
    over_posts = models.BooleanField(_("over the number of posts"), default=False)
    # 职称岗位竞聘 only: the post grade her title entitles her to, and the grade she is appointed to
    title_grade = models.CharField(
        _("title post grade"), max_length=12, choices=c.TitleGrade.choices, blank=True
    )
    result_grade = models.CharField(
        _("appointed title post grade"), max_length=12, choices=c.TitleGrade.choices, blank=True
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("competition entry")
        verbose_name_plural = _("competition entries")
        ordering = ["competition", "-score", "tiebreak"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "teacher"], name="staffing_entry_one_per_teacher"),
            models.UniqueConstraint(
                fields=["competition", "tiebreak"], name="staffing_entry_unique_tiebreak"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.teacher.name} · {self.competition.name}"
            if "teacher" in self._state.fields_cache
            else str(self.pk)
        )


class Preference(CountyColumn, BaseModel):
    """志愿: one school (its post of the teacher's subject and 学段) in a teacher's ordered list."""

    county_from = "entry"

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="preferences"
    )
    rank = models.PositiveSmallIntegerField(_("rank"))
    post = models.ForeignKey(WorkPost, verbose_name=_("post"), on_delete=models.PROTECT, related_name="+")

    scope_school = "entry__school"
    scope_area_path = "entry__school__area__path"

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["entry", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "rank"], name="staffing_preference_unique_rank"),
            models.UniqueConstraint(fields=["entry", "post"], name="staffing_preference_unique_post"),
        ]

    def __str__(self) -> str:
        return f"{self.rank}"


class Round(BaseModel):
    """竞聘轮次: one round as run, with what it took as input and each post's outcome (places, cut-off)."""

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.CASCADE, related_name="rounds"
    )
    number = models.PositiveSmallIntegerField(_("round"), choices=c.RoundNumber.choices)
    run_at = models.DateTimeField(_("run at"))
    run_by = models.ForeignKey(
        "accounts.User", verbose_name=_("run by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    seconds = models.FloatField(_("seconds"), default=0)
    # post id → {"places", "filled", "cutoff_score", "cutoff_holder", "applicants"}
    posts = models.JSONField(_("post outcomes"), default=dict)

    scope_area_path = "competition__county__path"

    class Meta:
        verbose_name = _("competition round")
        verbose_name_plural = _("competition rounds")
        ordering = ["competition", "number"]
        constraints = [
            models.UniqueConstraint(fields=["competition", "number"], name="staffing_round_unique_number"),
        ]

    def __str__(self) -> str:
        return self.get_number_display()


class RoundResult(CountyColumn, BaseModel):
    """One teacher's outcome in one round."""

    county_from = "entry"

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="results"
    )
    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="results"
    )
    outcome = models.CharField(_("outcome"), max_length=10, choices=c.Outcome.choices)
    post = models.ForeignKey(
        WorkPost, verbose_name=_("post"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # moved by the exchange pass: the post she held after the round's competition, whose place she took,
    # and who took hers (the same teacher in a two-way exchange)
    from_post = models.ForeignKey(
        WorkPost, verbose_name=_("post before the exchange"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    took_from = models.ForeignKey(
        Entry, verbose_name=_("took the place of"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    gave_to = models.ForeignKey(
        Entry, verbose_name=_("her place went to"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    scope_school = "entry__school"
    scope_area_path = "entry__school__area__path"

    class Meta:
        verbose_name = _("round result")
        verbose_name_plural = _("round results")
        ordering = ["round", "entry"]
        constraints = [
            models.UniqueConstraint(fields=["round", "entry"], name="staffing_roundresult_unique"),
        ]

    def __str__(self) -> str:
        return self.get_outcome_display()


class Appeal(CountyColumn, BaseModel):
    """申诉: a teacher's appeal against her result, within the window, decided by the bureau."""

    county_from = "entry"

    entry = models.ForeignKey(
        Entry, verbose_name=_("entry"), on_delete=models.CASCADE, related_name="appeals"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=c.AppealStatus.choices, default=c.AppealStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decision = models.TextField(_("decision"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # upheld: the post she is placed at instead of her result, and her result before
    remedy_post = models.ForeignKey(
        WorkPost, verbose_name=_("post placed at on appeal"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    previous_post = models.ForeignKey(
        WorkPost, verbose_name=_("result before the appeal"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )  # fmt: skip
    # 职称岗位竞聘, upheld: the grade she had before she was appointed at her title's grade (blank: none)
    previous_grade = models.CharField(
        _("grade before the appeal"), max_length=12, choices=c.TitleGrade.choices, blank=True
    )

    scope_school = "entry__school"
    scope_area_path = "entry__school__area__path"

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}"


from .pool_models import *  # noqa: E402,F401,F403  (周转池 and 交流, owned by the pool work)
