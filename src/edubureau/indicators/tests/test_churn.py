"""A year of churn (休学/转出/辍学, pupils without a class, teachers seconded out, 交流轮岗) recomputes to the
values a plain computation over the raw rows gives (issue 9: definitions by the national rules)."""

import datetime as dt
import json
import math
from collections import Counter, defaultdict
from io import StringIO

import pytest
from django.core.management import call_command

from edubureau.core.periods import SchoolYear
from edubureau.indicators.library import LIBRARY
from edubureau.indicators.models import IndicatorValue
from edubureau.indicators.services import indicators_compute
from edubureau.registry import choices as c
from edubureau.registry.models import Enrollment, Teacher
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    FinanceRecordFactory,
    PopulationFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
)

Y, PREV = "2019-2020", "2018-2019"
RATIOS = {"preschool": 7, "primary": 19, "junior": 13.5, "senior": 12.5, "vocational": 12.5}
THREE = ("visual", "hearing", "speech", "intellectual")


def _class(school, level, grade, size, *, year=Y, born, disability=""):
    klass = SchoolClassFactory(school=school, level=level, grade=grade, name=f"{level}{grade}-{size}",
                               school_year=year)  # fmt: skip
    for i in range(size):
        st = StudentFactory(
            school=school, birth_date=dt.date(born, 3, 1), disability=disability if i == 0 else ""
        )
        EnrollmentFactory(
            student=st, school=school, level=level, grade=grade, school_year=year, school_class=klass
        )
    return klass


@pytest.fixture
def churned(district):
    """A small district after a year of changes."""
    town, other = district.town, district.other_town
    p = district.school
    j = SchoolFactory(area=town, kind=c.SchoolKind.JUNIOR, name="惠华中学")
    n = SchoolFactory(area=town, kind=c.SchoolKind.NINE_YEAR, name="实验学校", multimedia_rooms=3)
    s = SchoolFactory(area=other, kind=c.SchoolKind.SENIOR, name="泉港五中")
    cs = SchoolFactory(area=other, kind=c.SchoolKind.COMPLETE_SECONDARY, name="泉港二中")
    k = SchoolFactory(area=other, kind=c.SchoolKind.KINDERGARTEN, affordable=c.AffordableStatus.PUBLIC)
    point = district.other_school
    point.is_teaching_point = True
    point.save(update_fields=["is_teaching_point"])
    p1 = _class(p, "primary", 1, 58, born=2013, disability="intellectual")
    _class(p, "primary", 2, 40, born=2012)
    j1 = _class(j, "junior", 1, 67, born=2007)
    _class(n, "primary", 3, 47, born=2010)
    _class(n, "junior", 1, 56, born=2007, disability="hearing")
    s1 = _class(s, "senior", 1, 60, born=2004)
    _class(s, "senior", 2, 50, born=2003)
    _class(cs, "junior", 2, 30, born=2006)
    _class(cs, "senior", 1, 57, born=2004)
    _class(point, "primary", 1, 20, born=2013)
    _class(k, "preschool", 1, 25, born=2016)
    # last year
    _class(p, "primary", 1, 60, year=PREV, born=2012)
    _class(j, "junior", 1, 70, year=PREV, born=2006)
    _class(s, "senior", 1, 59, year=PREV, born=2003)
    # churn: 3 suspended (休学, one of them the 三类残疾 pupil), 2 transferred out, 1 dropped out
    for status, klass, count in (("suspended", p1, 3), ("transferred_out", j1, 2), ("dropped_out", s1, 1)):
        ids = list(klass.enrollments.order_by("id").values_list("id", flat=True)[:count])
        Enrollment.objects.filter(id__in=ids).update(status=status)
    # 5 new pupils not yet placed in a class
    for _ in range(5):
        st = StudentFactory(school=p, birth_date=dt.date(2013, 5, 1))
        EnrollmentFactory(student=st, school=p, level="primary", grade=1, school_year=Y, school_class=None)
    # teachers: in post, seconded out, on sick leave, studying, not teaching, on 交流轮岗 from j to n
    for _ in range(5):
        TeacherFactory(school=p, education=c.Education.ASSOCIATE)
    TeacherFactory(school=p, backbone_level=c.BackboneLevel.COUNTY)
    TeacherFactory(school=p, backbone_level=c.BackboneLevel.COUNTY, status=c.TeacherStatus.SECONDED)
    TeacherFactory(school=p, status=c.TeacherStatus.LONG_SICK_LEAVE)
    TeacherFactory(school=p, staff_category=c.StaffCategory.ADMINISTRATIVE)
    for _ in range(4):
        TeacherFactory(school=j, main_subject="体育")
    TeacherFactory(
        school=j, backbone_level=c.BackboneLevel.CITY, status=c.TeacherStatus.ROTATING, teaching_school=n
    )
    TeacherFactory(school=j, status=c.TeacherStatus.ROTATING)  # rotating, host not recorded: counts at home
    for _ in range(3):
        TeacherFactory(school=n, title_rank=c.TitleRank.SENIOR)
    for _ in range(3):
        TeacherFactory(school=s)
    TeacherFactory(school=s, status=c.TeacherStatus.STUDYING)
    for _ in range(2):
        TeacherFactory(school=cs)
    TeacherFactory(school=k, education=c.Education.ASSOCIATE)
    TeacherFactory(school=k, staff_category=c.StaffCategory.CHILDCARE, education=c.Education.SECONDARY)
    TeacherFactory(school=k, staff_category=c.StaffCategory.WORKER, education=c.Education.SECONDARY)
    for area in (town, other):
        for age in range(3, 18):
            PopulationFactory(area=area, year=2019, age=age, count=40 + age)
    PopulationFactory(area=town, year=2019, age=6, count=3, group="three_disability")
    PopulationFactory(area=other, year=2019, age=12, count=1, group="three_disability")
    FinanceRecordFactory(area=town, school=n, year=2019, public_funding_per_student=700, enrolment=103)
    FinanceRecordFactory(area=other, school=cs, year=2019, public_funding_per_student=880, enrolment=87)
    return district


def _plain(district) -> dict[tuple[str, str], float]:
    """(indicator, scope code) → value, computed the plain way from the raw rows."""
    ref: dict[tuple[str, str], float] = {}
    county = district.county.code
    rows = list(Enrollment.objects.filter(school_year=Y).select_related("school", "student"))
    enrolled = [e for e in rows if e.status == "enrolled"]
    for level in ("preschool", "primary", "junior", "senior"):
        ref[(f"entrants_{level}", county)] = sum(e.level == level and e.grade == 1 for e in enrolled)
    # class sizes: enrolled pupils of each class; unplaced pupils are in no class
    sizes = {y: defaultdict(lambda: [0, ""]) for y in (Y, PREV)}
    for e in Enrollment.objects.filter(status="enrolled", school_class__isnull=False).select_related(
        "school_class"
    ):
        if e.school_class.level in ("primary", "junior", "senior"):
            sizes[e.school_year][e.school_class_id][0] += 1
            sizes[e.school_year][e.school_class_id][1] = e.school_class.level
    for section, levels in (("compulsory", ("primary", "junior")), ("senior", ("senior",))):
        now = [n for n, lvl in sizes[Y].values() if lvl in levels]
        before = [n for n, lvl in sizes[PREV].values() if lvl in levels]
        ref[(f"large_classes_{section}", county)] = sum(n >= 56 for n in now)
        ref[(f"very_large_classes_{section}", county)] = sum(n >= 66 for n in now)
        ref[(f"large_class_share_{section}", county)] = 100 * sum(n >= 56 for n in now) / len(now)
        ref[(f"large_classes_reduction_{section}", county)] = sum(n >= 56 for n in before) - sum(
            n >= 56 for n in now
        )
    ref[("large_classes", county)] = sum(n >= 56 for n, _ in sizes[Y].values())
    # teachers in post where they work
    works_at = Counter()
    carers = Counter()
    staff = Counter()
    backbone = Counter()
    for t in Teacher.objects.all():
        if t.status not in ("100", "205"):
            continue
        where = t.teaching_school_id if t.status == "205" and t.teaching_school_id else t.school_id
        staff[where] += 1
        if t.staff_category in ("teacher", "childcare"):
            carers[where] += 1
        if t.staff_category == "teacher":
            works_at[where] += 1
            backbone[where] += bool(t.backbone_level)
    pupils = defaultdict(Counter)
    for e in enrolled:
        pupils[e.school_id][e.level] += 1
    kid = _kid()
    teaching = {sid: carers[sid] if sid == kid else works_at[sid] for sid in set(pupils) | set(staff)}
    ref[("students_per_teacher", county)] = len(enrolled) / sum(teaching.values())
    ref[("backbone_teacher_share", county)] = 100 * sum(backbone.values()) / sum(works_at.values())
    by_level = defaultdict(lambda: [0, 0.0])
    for sid, lv in pupils.items():
        weights = {lvl: n / RATIOS[lvl] for lvl, n in lv.items()}
        for lvl, n in lv.items():
            by_level[lvl][0] += n
            by_level[lvl][1] += teaching[sid] * weights[lvl] / sum(weights.values())
        code = district.school.code
        if sid == district.school.id:
            ref[("students_per_teacher_primary", code)] = lv["primary"] / teaching[sid]
    for lvl, (n, t) in by_level.items():
        ref[(f"students_per_teacher_{lvl}", county)] = n / t
    totals = Counter(e.level for e in enrolled)
    ref[("staffing_norm", county)] = sum(math.ceil(n / RATIOS[lvl]) for lvl, n in totals.items())
    # 三类残疾: 在籍 (在读 or 休学), aged 6–15
    three = sum(
        e.status in ("enrolled", "suspended")
        and e.student.disability in THREE
        and 6 <= 2019 - e.student.birth_date.year <= 15
        for e in rows
    )
    ref[("three_disability_enrolled", county)] = three
    ref[("three_disability_enrolment_rate", county)] = 100 * three / 4
    # 优质均衡: the nine-year school's junior section (teachers split 1:1.1 by weighted pupils)
    nine = next(
        sid
        for sid in pupils
        if sid not in (district.school.id,) and set(pupils[sid]) == {"primary", "junior"}
    )
    share = 1.1 * pupils[nine]["junior"] / (pupils[nine]["primary"] + 1.1 * pupils[nine]["junior"])
    nine_code = next(e.school.code for e in enrolled if e.school_id == nine)
    ref[("balance_backbone_teachers_junior", nine_code)] = (
        100 * backbone[nine] * share / pupils[nine]["junior"]
    )
    # 生均公用经费 floors by section: the complete school is held to (850·30 + 900·56) / 86
    return ref


def _kid():
    from edubureau.registry.models import School

    return School.objects.get(kind="kindergarten").id


@pytest.mark.django_db
def test_churned_district_recomputes_to_the_plain_values(churned):
    indicators_compute(actor=None, year=SchoolYear(2019), county=churned.county)
    stored = {
        (v.indicator, v.scope_code): float(v.value)
        for v in IndicatorValue.objects.filter(period=Y, value__isnull=False)
    }
    ref = _plain(churned)
    for key, expected in ref.items():
        assert key[0] in LIBRARY, key
        assert stored.get(key) == pytest.approx(expected, abs=1e-4), key
    # the churn moved the figures: p1 (58 − 3 suspended) is no longer 大班额, j1 (67 − 2 transferred) no longer
    # 超大班额; the 5 unplaced pupils count as entrants but in no class
    assert ref[("large_classes_compulsory", churned.county.code)] == 2
    assert ref[("very_large_classes_compulsory", churned.county.code)] == 0
    assert ref[("large_classes_senior", churned.county.code)] == 2
    assert ref[("entrants_primary", churned.county.code)] == 55 + 5 + 20
    # the district total is stored beside the per-section figures, never instead of them
    assert stored[("large_classes", churned.county.code)] == 4


@pytest.mark.django_db
def test_teachers_in_post_norm_allocation_teaching_points_and_section_floors(churned):
    # one computation, several rules (one test to keep the fixture's cost once)
    indicators_compute(actor=None, year=SchoolYear(2019), county=churned.county)

    def value(code, school_name):
        return IndicatorValue.objects.get(indicator=code, scope_type="school", school__name=school_name)

    # 惠华中学: 4 in post + 1 rotating without a recorded host; the one on 交流轮岗 counts at 实验学校
    junior = value("students_per_teacher", "惠华中学")
    assert (float(junior.numerator), float(junior.denominator)) == (65, 5)
    nine = value("students_per_teacher", "实验学校")
    assert float(nine.denominator) == 4
    # 泉港一中附小: 6 专任教师 in post; the seconded-out backbone, the sick, the administrator do not count
    primary = value("backbone_teacher_share", "泉港一中附小")
    assert (float(primary.numerator), float(primary.denominator)) == (1, 6)
    # but the administrator is 教职工 in post for the 编制 shortfall
    assert float(value("staffing_shortfall", "泉港一中附小").denominator) == 7
    # kindergarten: 保教人员 (teacher + 保育员), not the worker
    kg = IndicatorValue.objects.get(
        indicator="students_per_teacher", scope_type="school", school__kind="kindergarten"
    )
    assert (float(kg.numerator), float(kg.denominator)) == (25, 2)

    # 编制: the schools' figures are an allocation of the county norm, adding up to it
    schools = IndicatorValue.objects.filter(indicator="staffing_norm", scope_type="school")
    district = IndicatorValue.objects.get(indicator="staffing_norm", scope_type="district")
    assert sum(int(v.value) for v in schools) == int(district.value)

    # the 教学点 (20 pupils) is left out; the complete school's 30 junior pupils are assessed
    assert not IndicatorValue.objects.filter(
        indicator__startswith="balance_", school=churned.other_school
    ).exists()
    assert IndicatorValue.objects.filter(
        indicator="balance_floor_area_junior", school__name="泉港二中"
    ).exists()
    # the complete school's floor is weighted by section: (850·30 + 900·57) / 87 ≈ 882.8 > 880 → below
    row = IndicatorValue.objects.get(indicator="public_funding_min_complete_secondary", scope_type="district")
    assert (float(row.value), float(row.numerator), float(row.denominator)) == (880, 1, 1)
    # the nine-year school's floor is (650·47 + 850·56) / 103 ≈ 758.7 > 700 → below
    row = IndicatorValue.objects.get(indicator="public_funding_min_nine_year", scope_type="district")
    assert (float(row.value), float(row.numerator)) == (700, 1)
    # rates are district-only (pupils by school location over a residence denominator)
    assert not IndicatorValue.objects.filter(indicator__endswith="_rate", scope_type="town").exists()

    # every exported rate carries the numerator and denominator it is computed from
    out = StringIO()
    call_command("indicators", "export", "--year", Y, "--json", stdout=out)
    rates = [
        r
        for r in json.loads(out.getvalue())
        if LIBRARY[r["indicator"]].unit == "%"
        and r["value"] is not None
        and not (
            r["indicator"] == "headcount_consistency" and r["scope_type"] == "school"
        )  # a difference there
    ]
    assert {r["indicator"] for r in rates} >= {
        "large_class_share_compulsory",
        "balance_schools_meeting_primary",
    }
    for r in rates:
        assert r["value"] == pytest.approx(100 * r["numerator"] / r["denominator"], abs=1e-3), r


def test_every_definition_states_its_pupil_and_teacher_filters():
    # issue 9: each definition's text says which pupils (在读 / 在籍) and which teachers (人员状态) it counts
    for d in LIBRARY.values():
        if "Enrollment" in d.formula or "pupils" in d.formula:
            assert "“在读”" in d.definition or "在籍" in d.definition, d.code
        if "Teacher" in d.formula or "teachers" in d.code:
            assert "人员状态" in d.definition, d.code
        if d.code.startswith(("large_class", "very_large_class")) and d.code.endswith(
            ("_compulsory", "_senior")
        ):
            assert "学段" in d.definition and (
                "国发〔2016〕40号" in d.definition or "攻坚计划" in d.definition
            ), d.code
