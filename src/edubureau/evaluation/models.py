"""综合评价: schemes of weighted criteria, rounds that apply a scheme to schools, the scores of each school's
sheet, and the exam results that value-added is computed from.

A scheme (评价方案) is a tree of criteria versioned per year; the weights of a node's children are per cent
of the node and add up to 100, so a leaf's effective weight is the product of the weights on its path and
the school's total (0–100) is Σ leaf score × effective weight (``scoring.explain``). A round (考评轮次) runs
草稿 → 评分中 → 审核中 → 已发布; its sheets (RoundSchool) hold the total, the position band and the tier.
A school sees its own sheet, once the round is published, and nothing of the other schools.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.core.models import BaseModel, CountyColumn
from edubureau.core.scoping import RestrictedQuerySet
from edubureau.evaluation import choices as c
from edubureau.registry.models import Area, School, Student

SCORE = {"max_digits": 7, "decimal_places": 2}
PERCENT = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]


class Scheme(BaseModel):
    """评价方案: a tree of criteria for one year (学校年度考评, 义务教育质量评价 …), in numbered versions."""

    county = models.ForeignKey(
        Area, verbose_name=pgettext_lazy("evaluation", "County"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("Scheme name"), max_length=80)
    year = models.PositiveSmallIntegerField(_("Year"))
    version = models.PositiveSmallIntegerField(_("Version"), default=1)
    note = models.TextField(_("Notes"), blank=True)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = pgettext_lazy("evaluation", "Evaluation scheme")
        verbose_name_plural = pgettext_lazy("evaluation", "Evaluation scheme")
        ordering = ["-year", "name", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "name", "year", "version"], name="scheme_unique_version"
            )
        ]

    def __str__(self) -> str:
        return _("{year} {name} (version {version})").format(
            year=self.year, name=self.name, version=self.version
        )


class Exam(BaseModel):
    """考试: one exam sitting of the county (小学毕业质量监测, 中考 …) with its full mark per subject."""

    county = models.ForeignKey(
        Area, verbose_name=pgettext_lazy("evaluation", "County"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("Exam name"), max_length=80)
    held_on = models.DateField(_("Exam date"))
    full_mark = models.DecimalField(
        _("Full mark per subject"),
        max_digits=6,
        decimal_places=1,
        default=Decimal(150),
        validators=[MinValueValidator(1)],
    )

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("Exam")
        verbose_name_plural = _("Exam")
        ordering = ["-held_on", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="exam_name_unique_in_county")]

    def __str__(self) -> str:
        return self.name


class ExamScore(CountyColumn):
    """考试成绩: one pupil's score in one subject of an exam, at the school the pupil attended then."""

    county_from = "school"

    exam = models.ForeignKey(Exam, verbose_name=_("Exam"), on_delete=models.CASCADE, related_name="scores")
    student = models.ForeignKey(
        Student, verbose_name=_("Student"), on_delete=models.PROTECT, related_name="+"
    )
    school = models.ForeignKey(School, verbose_name=_("School"), on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(pgettext_lazy("evaluation", "Subject"), max_length=20)
    score = models.DecimalField(_("Exam score"), max_digits=6, decimal_places=1)

    objects = RestrictedQuerySet.as_manager()
    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("Exam results")
        verbose_name_plural = _("Exam results")
        constraints = [
            models.UniqueConstraint(fields=["exam", "student", "subject"], name="examscore_one_per_subject")
        ]
        indexes = [models.Index(fields=["exam", "school"], name="examscore_exam_school_idx")]

    def __str__(self) -> str:
        return f"{self.exam} · {self.subject}"


class Criterion(BaseModel):
    """评价指标: a node of a scheme's tree. ``weight`` is per cent of the parent; a leaf names its source.

    A computed leaf (indicator, supervision, data reporting, value-added) turns its raw value into a score of
    0–100 on a straight line from ``worst`` (0 points) to ``best`` (100 points), clipped at both ends; a
    lower-is-better measure simply has ``best`` < ``worst``. Imported and typed scores are 0–100 already.
    """

    scheme = models.ForeignKey(
        Scheme,
        verbose_name=pgettext_lazy("evaluation", "Evaluation scheme"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Parent criterion"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    code = models.CharField(
        pgettext_lazy("evaluation", "Code"),
        max_length=20,
        help_text=_("Such as A1 or A1.2; third-party score imports are matched by code."),
    )
    name = models.CharField(_("Criterion name"), max_length=120)
    weight = models.DecimalField(_("Weight (%)"), max_digits=5, decimal_places=2, validators=PERCENT)
    order = models.PositiveSmallIntegerField(_("Order"), default=0)
    source = models.CharField(_("Score source"), max_length=20, choices=c.Source.choices, blank=True)
    indicator = models.CharField(pgettext_lazy("evaluation", "Indicator code"), max_length=80, blank=True)
    measure = models.CharField(_("Measure"), max_length=30, choices=c.Measure.choices, blank=True)
    prior_exam = models.ForeignKey(
        Exam,
        verbose_name=_("Baseline exam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_exam = models.ForeignKey(
        Exam,
        verbose_name=_("Outcome exam"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    best = models.DecimalField(
        _("Value for full marks"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    worst = models.DecimalField(_("Value for zero"), max_digits=14, decimal_places=4, null=True, blank=True)
    guidance = models.TextField(_("Scoring guidance"), blank=True)

    scope_area_path = "scheme__county__path"

    class Meta:
        verbose_name = _("Evaluation criterion")
        verbose_name_plural = _("Evaluation criterion")
        ordering = ["scheme", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "code"], name="criterion_code_unique_in_scheme"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100), name="criterion_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Round(BaseModel):
    """考评轮次: a scheme applied to a set of schools for one year, scored, reviewed and published."""

    scheme = models.ForeignKey(
        Scheme,
        verbose_name=pgettext_lazy("evaluation", "Evaluation scheme"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    name = models.CharField(_("Round name"), max_length=80)
    year = models.PositiveSmallIntegerField(_("Evaluation year"))
    school_year = models.CharField(
        _("School year"),
        max_length=9,
        help_text=_("Indicators computed per school year use this school year, such as 2018-2019."),
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=c.RoundStatus.choices, default=c.RoundStatus.DRAFT
    )
    published_at = models.DateTimeField(_("Published at"), null=True, blank=True)
    tier_method = models.CharField(_("Tier method"), max_length=20, choices=c.TierMethod.choices, blank=True)
    tier_params = models.JSONField(_("Tier parameters"), default=dict, blank=True)
    doc_number = models.CharField(_("Notice document number"), max_length=40, blank=True)

    scope_area_path = "scheme__county__path"

    class Meta:
        verbose_name = _("Evaluation round")
        verbose_name_plural = _("Evaluation round")
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return self.name


class RoundSchool(BaseModel):
    """考评表: one school's sheet in a round — its total, its position band and its tier."""

    round = models.ForeignKey(
        Round, verbose_name=_("Evaluation round"), on_delete=models.CASCADE, related_name="sheets"
    )
    school = models.ForeignKey(School, verbose_name=_("School"), on_delete=models.PROTECT, related_name="+")
    total = models.DecimalField(_("Total score"), max_digits=9, decimal_places=4, null=True, blank=True)
    band = models.PositiveSmallIntegerField(_("Position band"), null=True, blank=True)
    tier = models.CharField(_("Tier"), max_length=20, choices=c.Tier.choices, blank=True)

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("Evaluation sheet")
        verbose_name_plural = _("Evaluation sheet")
        ordering = ["round", "school__code"]
        constraints = [models.UniqueConstraint(fields=["round", "school"], name="roundschool_one_per_school")]

    def __str__(self) -> str:
        return f"{self.round.name} · {self.school.name}"


class Score(BaseModel):
    """评分: one leaf of one sheet — the raw value and where it came from, the 0–100 score, who typed it."""

    sheet = models.ForeignKey(
        RoundSchool, verbose_name=_("Evaluation sheet"), on_delete=models.CASCADE, related_name="scores"
    )
    criterion = models.ForeignKey(
        Criterion, verbose_name=_("Evaluation criterion"), on_delete=models.PROTECT, related_name="+"
    )
    raw = models.DecimalField(_("Raw value"), max_digits=14, decimal_places=4, null=True, blank=True)
    score = models.DecimalField(_("Score"), validators=PERCENT, **SCORE)
    origin = models.CharField(_("Data source"), max_length=300, blank=True)
    comment = models.TextField(_("Comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Scored by"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip

    scope_school = "sheet__school"
    scope_area_path = "sheet__school__area__path"

    class Meta:
        verbose_name = _("Score entry")
        verbose_name_plural = _("Score entry")
        ordering = ["sheet", "criterion__order", "criterion__code"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "criterion"], name="score_one_per_leaf"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.sheet} · {self.criterion.code}"


class RoundExpert(BaseModel):
    """评审专家: a person who types expert scores in a round. They never score their own school (回避):
    ``home_school`` and any school of their role assignments are left out of their entry page."""

    round = models.ForeignKey(
        Round, verbose_name=_("Evaluation round"), on_delete=models.CASCADE, related_name="experts"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("Expert"), on_delete=models.PROTECT, related_name="+"
    )
    home_school = models.ForeignKey(
        School,
        verbose_name=_("Home school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_area_path = "round__scheme__county__path"

    class Meta:
        verbose_name = _("Review expert")
        verbose_name_plural = _("Review expert")
        constraints = [models.UniqueConstraint(fields=["round", "user"], name="roundexpert_once_per_round")]

    def __str__(self) -> str:
        return f"{self.round} · {self.user}"
