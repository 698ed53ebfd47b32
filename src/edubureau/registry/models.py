"""The registry: areas, bureau departments, schools, classes, students (学籍), teachers, population, finance.

Registry data is per school year (学年); every large table carries its county so that a province
deployment can shard by county (DESIGN §8).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.utils.translation import gettext_lazy as _

from edubureau.core import crypto
from edubureau.core.models import BaseModel
from edubureau.registry import choices as c


class Area(BaseModel):
    """行政区域: province > city > county > town, a tree kept with a materialised path of codes."""

    name = models.CharField(_("name"), max_length=50)
    code = models.CharField(_("administrative code"), max_length=12, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=c.AreaKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(_("path"), max_length=120, editable=False, db_index=True)

    scope_area_path = "path"

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.path = (self.parent.path if self.parent_id else "") + f"{self.code}/"
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"parent", "code"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "path"}  # the path follows the parent and the code
        super().save(*args, **kwargs)

    def descendants(self):
        return Area.objects.filter(path__startswith=self.path)


class Department(BaseModel):
    """股室: a department of the bureau, such as 综合股 or 督导室; lead units of plan tasks."""

    county = models.ForeignKey(
        Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=40)
    aliases = models.CharField(_("other names"), max_length=200, blank=True, help_text=_("comma separated"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    scope_area_path = "county__path"

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["county", "name"], name="department_unique_name")]

    def __str__(self) -> str:
        return self.name


class School(BaseModel):
    """学校: a school or kindergarten, with the facility figures the 优质均衡 indicators need."""

    code = models.CharField(
        _("school code"), max_length=10, unique=True, help_text=_("学校标识码, 10 digits")
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("kind"), max_length=20, choices=c.SchoolKind.choices)
    ownership = models.CharField(
        _("ownership"), max_length=10, choices=c.Ownership.choices, default=c.Ownership.PUBLIC
    )
    affordable = models.CharField(
        _("affordable status"), max_length=20, choices=c.AffordableStatus.choices, blank=True, default=""
    )
    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    area = models.ForeignKey(Area, verbose_name=_("town"), on_delete=models.PROTECT, related_name="schools")
    locality = models.CharField(
        _("locality"), max_length=10, choices=c.Locality.choices, default=c.Locality.URBAN
    )
    capacity = models.PositiveIntegerField(_("capacity (seats)"), default=0)
    teaching_floor_area = models.DecimalField(
        _("teaching and auxiliary floor area (m²)"), max_digits=10, decimal_places=1, default=0
    )
    sports_area = models.DecimalField(
        _("sports ground area (m²)"), max_digits=10, decimal_places=1, default=0
    )
    equipment_value = models.DecimalField(
        _("teaching equipment value (yuan)"), max_digits=14, decimal_places=2, default=0
    )
    multimedia_rooms = models.PositiveIntegerField(_("networked multimedia classrooms"), default=0)
    books = models.PositiveIntegerField(_("books (volumes)"), default=0)
    computers = models.PositiveIntegerField(_("computers"), default=0)
    address = models.CharField(_("address"), max_length=120, blank=True)
    # Where the school stands (WGS-84): the turnover pool's dispatch and the rotation plan weigh
    # great-circle distance between schools (issue 12).
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    is_active = models.BooleanField(_("open"), default=True)
    is_teaching_point = models.BooleanField(
        _("teaching point (教学点)"),
        default=False,
        help_text=_(
            "a teaching point of a central school; left out of the 优质均衡 assessment under 50 pupils"
        ),
    )

    scope_school = "id"
    scope_area_path = "area__path"

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^\d{10}$"), name="school_code_ten_digits"),
            models.CheckConstraint(
                condition=Q(kind=c.SchoolKind.KINDERGARTEN) | Q(affordable=""),
                name="school_affordable_only_kg",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def levels(self) -> tuple[str, ...]:
        return c.KIND_LEVELS[self.kind]


class Teacher(BaseModel):
    """教职工: a teacher of the national teacher system (基本信息, 岗位聘任, 专业技术职务)."""

    staff_number = models.CharField(_("staff number"), max_length=30, blank=True)
    name = models.CharField(_("full name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=1, choices=c.Gender.choices)
    birth_date = models.DateField(_("birth date"))
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("ID number hash"), max_length=52, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="teachers"
    )
    on_establishment = models.BooleanField(_("on establishment (在编)"), default=True)
    post_grade = models.PositiveSmallIntegerField(_("post grade (专技 1–13)"), null=True, blank=True)
    title_rank = models.CharField(_("title rank"), max_length=20, choices=c.TitleRank.choices, blank=True)
    main_subject = models.CharField(_("main subject"), max_length=20, blank=True)
    subjects = models.CharField(
        _("subjects taught"), max_length=100, blank=True, help_text=_("comma separated")
    )
    education = models.CharField(_("highest education"), max_length=20, choices=c.Education.choices)
    backbone_level = models.CharField(
        _("backbone level"), max_length=20, choices=c.BackboneLevel.choices, blank=True
    )
    status = models.CharField(
        _("personnel status"), max_length=3, choices=c.TeacherStatus.choices, default=c.TeacherStatus.IN_POST
    )
    staff_category = models.CharField(
        _("staff category"),
        max_length=10,
        choices=c.StaffCategory.choices,
        default=c.StaffCategory.FULL_TIME_TEACHER,
    )
    teaching_school = models.ForeignKey(
        School,
        verbose_name=_("school taught at on rotation (交流轮岗)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        help_text=_("only for teachers on 交流轮岗: they count at this school"),
    )
    joined_school_year = models.PositiveSmallIntegerField(_("year joined this school"), null=True, blank=True)
    work_start = models.DateField(_("started work"), null=True, blank=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("login account"),
        on_delete=models.SET_NULL,
        related_name="teacher",
        null=True,
        blank=True,
        help_text=_("the teacher's own login (role 教师): her post competitions and results"),
    )

    scope_school = "school"
    scope_area_path = "school__area__path"
    personal_fields = ("birth_date",)  # the year only without view_personal (why: core.crypto)

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["school", "name"]
        indexes = [models.Index(fields=["county", "school"], name="teacher_county_school_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(post_grade__isnull=True) | Q(post_grade__gte=1, post_grade__lte=13),
                name="teacher_post_grade_1_13",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def set_id_number(self, number: str) -> None:
        set_id_number(self, number)

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)


GRADE_OUT_OF_RANGE = _("The grade must be one of the grades of the level.")


def grade_clean(obj) -> None:
    """A class's or an enrollment's grade must exist in its level (小学 1–6, 初中 1–3 …), as a field error."""
    if obj.level and obj.grade is not None and not c.grade_in_range(obj.level, obj.grade):
        last = c.LEVEL_GRADES.get(obj.level)
        message = (
            _("The grade must be between 1 and {last} for this level.").format(last=last)
            if last
            else GRADE_OUT_OF_RANGE
        )
        raise ValidationError({"grade": message})


def class_name_order(path: str = "") -> tuple:
    """Class names in natural order within a grade: 高一(2) before 高一(10) (the shorter number first);
    ``path`` ("school_class__") orders the rows that point at a class."""
    return (Length(f"{path}name"), f"{path}name")


CLASS_NAME_ORDER = class_name_order()


class SchoolClass(BaseModel):
    """班级 in one school year; its size is the count of its enrolled pupils."""

    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="classes"
    )
    school_year = models.CharField(_("school year"), max_length=9, db_index=True)
    level = models.CharField(_("level"), max_length=12, choices=c.Level.choices)
    grade = models.PositiveSmallIntegerField(_("grade"))
    name = models.CharField(_("name"), max_length=40)
    head_teacher = models.ForeignKey(
        Teacher,
        verbose_name=_("head teacher"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school", "school_year", "level", "grade", *CLASS_NAME_ORDER]
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year", "name"], name="schoolclass_unique_name"),
            models.CheckConstraint(
                condition=c.grade_range_q(),
                name="schoolclass_grade_in_level_range",
                violation_error_message=GRADE_OUT_OF_RANGE,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school.name} {self.name}" if "school" in self._state.fields_cache else self.name

    def clean(self) -> None:
        grade_clean(self)

    @property
    def grade_name(self) -> str:
        return c.grade_name(self.level, self.grade)


class Student(BaseModel):
    """学生 (the person of 学籍); where and in which class they study each year is their Enrollment."""

    name = models.CharField(_("full name"), max_length=40)
    gender = models.CharField(_("gender"), max_length=1, choices=c.Gender.choices)
    birth_date = models.DateField(_("birth date"))
    ethnicity = models.CharField(_("ethnicity"), max_length=20, default="汉族")
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), editable=False)
    id_number_hash = models.CharField(_("ID number hash"), max_length=52, unique=True, editable=False)
    id_number_masked = models.CharField(_("ID number"), max_length=18, editable=False)
    hukou_type = models.CharField(_("hukou type"), max_length=20, choices=c.HukouType.choices, blank=True)
    migrant_child = models.BooleanField(_("migrant child (随迁子女)"), default=False)
    left_behind = models.CharField(
        _("left-behind child"), max_length=20, choices=c.LeftBehind.choices, blank=True
    )
    disability = models.CharField(
        _("disability type"), max_length=20, choices=c.Disability.choices, blank=True
    )
    inclusive_placement = models.BooleanField(_("inclusive placement (随班就读)"), default=False)
    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, verbose_name=_("current school"), on_delete=models.PROTECT, related_name="students"
    )

    scope_school = "school"
    scope_area_path = "school__area__path"
    personal_fields = ("birth_date",)  # the year only without view_personal (why: core.crypto)

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["school", "name"]
        indexes = [models.Index(fields=["county", "school"], name="student_county_school_idx")]

    def __str__(self) -> str:
        return self.name

    def set_id_number(self, number: str) -> None:
        set_id_number(self, number)

    @property
    def id_number(self) -> str:
        return crypto.decrypt(self.id_number_encrypted)


def set_id_number(person, number: str) -> None:
    """Store a (validated, normalised) ID number encrypted, with its keyed hash and masked form."""
    person.id_number_encrypted = crypto.encrypt(number)
    person.id_number_hash = crypto.keyed_hash(number)
    person.id_number_masked = crypto.mask_id_number(number)


class Enrollment(BaseModel):
    """学籍 in one school year: the student's school, class, level, grade and status that year."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="enrollments"
    )
    county = models.ForeignKey(Area, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(
        School, verbose_name=_("school"), on_delete=models.PROTECT, related_name="enrollments"
    )
    school_class = models.ForeignKey(
        SchoolClass,
        verbose_name=_("class"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enrollments",
    )
    school_year = models.CharField(_("school year"), max_length=9)
    level = models.CharField(_("level"), max_length=12, choices=c.Level.choices)
    grade = models.PositiveSmallIntegerField(_("grade"))
    status = models.CharField(
        _("status"), max_length=20, choices=c.EnrollmentStatus.choices, default=c.EnrollmentStatus.ENROLLED
    )
    entry_date = models.DateField(_("entry date"), null=True, blank=True)
    # The pupil's birth year and disability, copied by the database (``registry.triggers``) so that the
    # indicators count enrolment by age without joining the pupils: at province scale that join was most
    # of the indicators' time.
    birth_year = models.PositiveSmallIntegerField(_("birth year"), null=True, editable=False)
    disability = models.CharField(
        _("disability type"),
        max_length=20,
        choices=c.Disability.choices,
        blank=True,
        default="",
        editable=False,
    )

    scope_school = "school"
    scope_area_path = "school__area__path"

    class Meta:
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        ordering = ["-school_year", "school", "grade"]
        constraints = [
            models.UniqueConstraint(fields=["student", "school_year"], name="enrollment_one_per_year"),
            models.CheckConstraint(
                condition=c.grade_range_q(),
                name="enrollment_grade_in_level_range",
                violation_error_message=GRADE_OUT_OF_RANGE,
            ),
        ]
        indexes = [
            models.Index(
                fields=["school_year", "school", "level", "grade"], name="enrollment_year_school_idx"
            ),
            models.Index(fields=["school_class", "status"], name="enrollment_class_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.school_year} {self.student_id}"

    def clean(self) -> None:
        grade_clean(self)


class Population(BaseModel):
    """适龄人口: residents of one single year of age in an area in a calendar year (from 公安/统计)."""

    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="population"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    age = models.PositiveSmallIntegerField(_("age"))
    count = models.PositiveIntegerField(_("people"))
    group = models.CharField(
        _("population group"), max_length=20, choices=c.PopulationGroup.choices, blank=True, default=""
    )

    scope_area_path = "area__path"

    class Meta:
        verbose_name = _("population")
        verbose_name_plural = _("population")
        ordering = ["area", "year", "age"]
        constraints = [
            models.UniqueConstraint(fields=["area", "year", "age", "group"], name="population_unique_group")
        ]

    def __str__(self) -> str:
        group = f" {self.get_group_display()}" if self.group else ""
        return f"{self.area} {self.year} {self.age}岁{group} {self.count}人"


class FinanceRecord(BaseModel):
    """经费: one year's budget lines for an area or a school, as the funding guarantees need them."""

    year = models.PositiveSmallIntegerField(_("year"))
    area = models.ForeignKey(Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="finance")
    school = models.ForeignKey(
        School,
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="finance",
    )
    general_budget_education = models.DecimalField(
        _("general public budget education expenditure (yuan)"), max_digits=16, decimal_places=2, default=0
    )
    public_funding_per_student = models.DecimalField(
        _("per-student public funding appropriation standard (yuan)"),
        max_digits=10,
        decimal_places=2,
        default=0,
    )
    public_funding_total = models.DecimalField(
        _("public funding appropriated (yuan)"), max_digits=16, decimal_places=2, default=0
    )
    enrolment = models.PositiveIntegerField(_("enrolment used"), default=0)

    scope_school = "school"
    scope_area_path = "area__path"

    class Meta:
        verbose_name = _("finance record")
        verbose_name_plural = _("finance records")
        ordering = ["-year", "area", "school"]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "area"], condition=Q(school__isnull=True), name="finance_unique_area_year"
            ),
            models.UniqueConstraint(
                fields=["year", "school"],
                condition=Q(school__isnull=False),
                name="finance_unique_school_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.school or self.area}"
