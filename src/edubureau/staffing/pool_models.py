"""周转池 (turnover pool) and 校际交流 (rotation) models; owned by the pool work, imported at the end of models.py.

The 教师服务中心 keeps a pool of teachers (``PoolTeacher``) who cover temporary vacancies (``Vacancy``: 病假,
产假, 借调) as 顶岗 (``Dispatch``), proposed together by one minimum-cost run (``DispatchRun``) and confirmed by
the centre; the 管理办法 rules are settings per county (``PoolRules``). Each year a ``RotationPlan`` proposes
who moves under 校际交流 (``RotationMove``: one line, one teacher, its reason in words).
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.models import BaseModel, CountyColumn
from edubureau.registry.models import Area, School, Teacher
from edubureau.staffing.pool import choices as pc

__all__ = ["Dispatch", "DispatchRun", "PoolRules", "PoolTeacher", "RotationMove", "RotationPlan", "Vacancy"]


class PoolRules(BaseModel):
    """周转池管理办法与交流规则: the county's settings for 顶岗 and 校际交流 (one row per county)."""

    county = models.OneToOneField(Area, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    max_days = models.PositiveSmallIntegerField(
        _("Longest single cover (days)"),
        default=120,
        help_text=_("a longer vacancy is covered in parts; the days left go to the next run"),
    )
    handover_days = models.PositiveSmallIntegerField(
        _("Hand-over days"),
        default=2,
        help_text=_("days after a cover to hand over to the returning teacher; no other cover meanwhile"),
    )
    evaluation_days = models.PositiveSmallIntegerField(
        _("Evaluation deadline (days)"),
        default=14,
        help_text=_("the host school evaluates the cover within this many days after it ends"),
    )
    points_per_30_days = models.DecimalField(
        _("Rotation service points per 30 days of cover"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
    )
    unfilled_cost = models.PositiveIntegerField(_("Cost of an unfilled vacancy (km)"), default=1000)
    rotation_min_years = models.PositiveSmallIntegerField(
        _("Rotation eligibility: years at the same school"), default=6
    )
    rotation_share = models.PositiveSmallIntegerField(_("Least share rotating each year (%)"), default=10)
    rotation_backbone_share = models.PositiveSmallIntegerField(
        _("Least share of backbone teachers among those rotating (%)"), default=20
    )
    rotation_exempt_age = models.PositiveSmallIntegerField(_("Age exempt from rotation (years)"), default=55)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("周转池与交流规则")
        verbose_name_plural = _("周转池与交流规则")
        constraints = [
            models.CheckConstraint(condition=Q(max_days__gte=1), name="poolrules_max_days_positive"),
            models.CheckConstraint(condition=Q(rotation_share__lte=100), name="poolrules_share_percent"),
            models.CheckConstraint(
                condition=Q(rotation_backbone_share__lte=100), name="poolrules_backbone_share_percent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.county} 周转池与交流规则"


class PoolTeacher(BaseModel):
    """周转池教师: a teacher the centre may send to cover a temporary vacancy, with what and when she teaches."""

    county = models.ForeignKey(Area, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    teacher = models.OneToOneField(
        Teacher, verbose_name=_("教师"), on_delete=models.PROTECT, related_name="pool_membership"
    )
    subjects = models.CharField(
        _("可任教学科"), max_length=100, help_text=_("用逗号分隔，如：语文,道德与法治")
    )
    levels = models.CharField(_("可任教学段"), max_length=60, help_text=_("用逗号分隔的学段代码"))
    available_from = models.DateField(_("可派起始日期"))
    available_to = models.DateField(_("可派截止日期"))
    is_active = models.BooleanField(_("在池"), default=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登录账号"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pool_memberships",
        help_text=_("教师本人的账号：凭此查看自己的顶岗安排"),
    )

    scope_school = "teacher__school"
    scope_area_path = "teacher__school__area__path"

    class Meta:
        verbose_name = _("周转池教师")
        verbose_name_plural = _("周转池教师")
        ordering = ["teacher__name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(available_to__gte=F("available_from")), name="poolteacher_dates_in_order"
            ),
        ]

    def __str__(self) -> str:
        return self.teacher.name if "teacher" in self._state.fields_cache else f"周转池教师 {self.pk}"

    @property
    def subject_list(self) -> list[str]:
        return [s.strip() for s in self.subjects.replace("，", ",").split(",") if s.strip()]

    @property
    def level_list(self) -> list[str]:
        return [s.strip() for s in self.levels.split(",") if s.strip()]

    @property
    def level_names(self) -> str:
        return pc.level_names(self.level_list)


class Vacancy(BaseModel):
    """临时空缺: a post left empty for a while by 病假, 产假 or 借调, entered by its school."""

    county = models.ForeignKey(Area, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, verbose_name=_("学校"), on_delete=models.PROTECT, related_name="pool_vacancies"
    )
    absent_teacher = models.ForeignKey(
        Teacher,
        verbose_name=_("请假教师"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(_("事由"), max_length=12, choices=pc.LeaveReason.choices)
    subject = models.CharField(_("学科"), max_length=20)
    level = models.CharField(_("学段"), max_length=12)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=pc.VacancyStatus.choices, default=pc.VacancyStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("临时空缺")
        verbose_name_plural = _("临时空缺")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="vacancy_dates_in_order"),
        ]
        indexes = [models.Index(fields=["county", "status"], name="vacancy_county_status_idx")]

    def __str__(self) -> str:
        school = self.school.name if "school" in self._state.fields_cache else ""
        return f"{school} {self.subject} {self.get_reason_display()} {clock.written(self.start)}—{clock.written(self.end)}".strip()

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def level_name(self) -> str:
        return str(pc.POOL_LEVELS.get(self.level, self.level))


class DispatchRun(BaseModel):
    """一次顶岗调配: the open vacancies and free pool teachers of one moment, solved at least total distance."""

    county = models.ForeignKey(Area, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("状态"), max_length=10, choices=pc.RunStatus.choices, default=pc.RunStatus.PROPOSED
    )
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("计算人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run_on = models.DateField(_("调配日期"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = clock.DateTimeField(_("确认时间"), null=True, blank=True)
    total_cost = models.FloatField(_("总代价（公里）"), default=0)
    filled = models.PositiveIntegerField(_("派出"), default=0)
    unfilled = models.PositiveIntegerField(_("未派"), default=0)
    seconds = models.FloatField(_("计算用时（秒）"), default=0)
    # The instance in the JSON contract of ``edubureau staffing dispatch`` (the same solver, the same input),
    # and per unfilled vacancy id the reason in words.
    instance = models.JSONField(_("算例"), default=dict)
    notes = models.JSONField(_("说明"), default=dict)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("顶岗调配")
        verbose_name_plural = _("顶岗调配")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"顶岗调配 {clock.written(self.run_on)}（第 {self.pk} 次）"


class Dispatch(BaseModel):
    """顶岗: one pool teacher covering one vacancy from ``start`` to ``end`` (a segment of it when long)."""

    county = models.ForeignKey(Area, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    run = models.ForeignKey(
        DispatchRun,
        verbose_name=_("调配"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispatches",
    )
    vacancy = models.ForeignKey(
        Vacancy, verbose_name=_("空缺"), on_delete=models.PROTECT, related_name="dispatches"
    )
    pool_teacher = models.ForeignKey(
        PoolTeacher, verbose_name=_("顶岗教师"), on_delete=models.PROTECT, related_name="dispatches"
    )
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    busy_until = models.DateField(_("交接至"), help_text=_("结束日期加交接天数：此前不另派"))
    distance_km = models.FloatField(_("距离（公里）"))
    status = models.CharField(
        _("状态"), max_length=10, choices=pc.DispatchStatus.choices, default=pc.DispatchStatus.PROPOSED
    )
    rating = models.CharField(
        _("服务评价"), max_length=10, choices=pc.ServiceRating.choices, blank=True, default=""
    )
    rating_comment = models.CharField(_("评价意见"), max_length=200, blank=True)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("评价人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rated_at = clock.DateTimeField(_("评价时间"), null=True, blank=True)

    scope_school = "vacancy__school"
    scope_area_path = "vacancy__school__area__path"

    class Meta:
        verbose_name = _("顶岗安排")
        verbose_name_plural = _("顶岗安排")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=F("start")), name="dispatch_dates_in_order"),
            models.CheckConstraint(condition=Q(busy_until__gte=F("end")), name="dispatch_handover_after_end"),
        ]
        indexes = [models.Index(fields=["pool_teacher", "status"], name="dispatch_teacher_status_idx")]

    def __str__(self) -> str:
        return f"顶岗 {clock.written(self.start)}—{clock.written(self.end)}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class RotationPlan(BaseModel):
    """校际交流方案: one school year's proposal of who moves where (教师〔2014〕4号: ≥ 10 % of the eligible,
    ≥ 20 % of the movers 骨干), editable line by line until the centre confirms it."""

    county = models.ForeignKey(Area, verbose_name=_("区县"), on_delete=models.PROTECT, related_name="+")
    school_year = models.CharField(_("学年"), max_length=9)
    status = models.CharField(
        _("状态"), max_length=10, choices=pc.PlanStatus.choices, default=pc.PlanStatus.DRAFT
    )
    eligible = models.PositiveIntegerField(_("符合交流条件人数"), default=0)
    summary = models.JSONField(_("计算说明"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("编制人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = clock.DateTimeField(_("确认时间"), null=True, blank=True)
    effective_on = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_("the day the teachers start at their new schools"),
    )
    # When the moves were written to the registry (on the effective date, or at confirmation after it).
    applied_at = clock.DateTimeField(_("moved in the registry at"), null=True, blank=True)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("校际交流方案")
        verbose_name_plural = _("校际交流方案")
        ordering = ["-school_year", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["county", "school_year"],
                condition=~Q(status="discarded"),
                name="rotationplan_one_per_year",
            ),
        ]

    def __str__(self) -> str:
        return _("{year} school year rotation plan").format(year=self.school_year)


class RotationMove(CountyColumn, BaseModel):
    """交流名单的一行: one teacher from one school to another, with the reason in words."""

    county_from = "teacher"

    plan = models.ForeignKey(
        RotationPlan, verbose_name=_("交流方案"), on_delete=models.CASCADE, related_name="moves"
    )
    teacher = models.ForeignKey(Teacher, verbose_name=_("教师"), on_delete=models.PROTECT, related_name="+")
    from_school = models.ForeignKey(
        School, verbose_name=_("交流出校"), on_delete=models.PROTECT, related_name="+"
    )
    to_school = models.ForeignKey(
        School, verbose_name=_("交流入校"), on_delete=models.PROTECT, related_name="+"
    )
    backbone = models.BooleanField(_("骨干教师"), default=False)
    distance_km = models.FloatField(_("距离（公里）"), null=True, blank=True)
    reason = models.CharField(_("理由"), max_length=300)
    manual = models.BooleanField(_("人工调整"), default=False)

    scope_area_path = "plan__county__path"

    class Meta:
        verbose_name = _("交流人员")
        verbose_name_plural = _("交流人员")
        ordering = ["from_school", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "teacher"], name="rotationmove_teacher_once"),
            models.CheckConstraint(condition=~Q(from_school=F("to_school")), name="rotationmove_moves"),
        ]

    def __str__(self) -> str:
        return f"交流 {self.teacher_id}: {self.from_school_id} → {self.to_school_id}"
