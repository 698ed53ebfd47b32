"""Teacher, school and population imports."""

import datetime as dt
import decimal

from edubureau.core.models import AuditEntry
from edubureau.registry import choices as c
from edubureau.registry.imports.services import import_run
from edubureau.registry.models import Population, School, Teacher
from edubureau.registry.testing.factories import (
    AreaFactory,
    PopulationFactory,
    TeacherFactory,
    make_id_number,
)

TEACHER_HEADER = [
    "姓名", "性别", "身份证件号", "出生日期", "学校标识码", "是否在编", "岗位等级", "专业技术职务", "任课学科",
    "最高学历", "骨干教师级别", "人员状态", "进本校年月", "参加工作年月", "教职工类别",
]  # fmt: skip
BORN = dt.date(1985, 5, 1)


def teacher_row(code, n, **overrides):
    values = dict(
        zip(
            TEACHER_HEADER,
            [f"教师{n}", "女", make_id_number(n, BORN), "1985-05-01", code, "是", "专技8级", "小学高级教师"]
            + ["语文、道德与法治", "大学本科", "县级骨干教师", "交流轮岗", "201509", "2008.07", "专任教师"],
            strict=True,
        )
    )
    values.update(overrides)
    return [values[h] for h in TEACHER_HEADER]


def test_teachers_are_imported_with_the_teacher_system_codes(district, principal, xlsx):
    path = xlsx(
        [
            TEACHER_HEADER,
            teacher_row(district.school.code, 1),
            teacher_row(district.school.code, 2, 是否在编="否", 教职工类别="行政人员"),
        ]
    )
    result = import_run(actor=principal, kind="teachers", source=path)
    assert result.ok, result.errors
    teacher = Teacher.objects.get(name="教师1")
    assert teacher.id_number == make_id_number(1, BORN)
    assert (teacher.school, teacher.county) == (district.school, district.county)
    assert teacher.on_establishment and not Teacher.objects.get(name="教师2").on_establishment
    assert teacher.post_grade == 8
    assert teacher.title_rank == c.TitleRank.FIRST  # 小学高级 before the 2015 reform is today's 一级
    assert (teacher.main_subject, teacher.subjects) == ("语文", "语文,道德与法治")
    assert teacher.education == c.Education.BACHELOR
    assert teacher.backbone_level == c.BackboneLevel.COUNTY
    assert teacher.status == c.TeacherStatus.ROTATING
    assert (teacher.joined_school_year, teacher.work_start) == (2015, dt.date(2008, 7, 1))
    # 教职工类别: only 专任教师 count in 生师比 and the 优质均衡 teacher indicators
    assert teacher.staff_category == c.StaffCategory.FULL_TIME_TEACHER
    assert Teacher.objects.get(name="教师2").staff_category == c.StaffCategory.ADMINISTRATIVE
    assert AuditEntry.objects.filter(action="registry.teacher.create", actor=principal).count() == 2


def test_bad_teacher_rows_import_nothing(district, principal, xlsx):
    registered = TeacherFactory(school=district.school)
    rows = [
        TEACHER_HEADER,
        teacher_row(district.school.code, 1),
        teacher_row(district.school.code, 2, 身份证件号=registered.id_number),
        teacher_row(district.other_school.code, 3),
        teacher_row(district.school.code, 4, 最高学历="留学"),
        teacher_row(district.school.code, 5, 岗位等级="专技20级"),
    ]
    result = import_run(actor=principal, kind="teachers", source=xlsx(rows))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "身份证件号"),
        (4, "学校标识码"),
        (5, "最高学历"),
        (6, "岗位等级"),
    ]
    assert "已登记为教职工" in result.errors[0].reason
    assert registered.id_number not in repr(result.as_json())
    assert Teacher.objects.count() == 1


SCHOOL_HEADER = [
    "学校标识码", "学校名称", "办学类型", "办别", "普惠", "所在乡镇", "城乡类型", "学位数", "校舍面积（平方米）",
    "运动场地面积", "教学仪器设备值（万元）", "网络多媒体教室数", "图书册数", "计算机台数", "是否教学点",
]  # fmt: skip


def test_schools_are_created_and_existing_ones_updated(district, staff, xlsx):
    rows = [
        SCHOOL_HEADER,
        [
            "3135099001",
            "南埔中心幼儿园",
            "幼儿园",
            "民办",
            "是",
            district.other_town.name,
            "镇区",
            360,
            2400.5,
        ]
        + [1200, 35.5, 12, 9000, 30, "否"],
        [
            district.school.code,
            district.school.name,
            "小学",
            "公办",
            "",
            district.town.code,
            "城区",
            1500,
            6000,
        ]
        + [8000, 300, 30, 45000, 150, "是"],
    ]
    result = import_run(actor=staff, kind="schools", source=xlsx(rows))
    assert result.ok, result.errors
    assert (result.imported, result.updated) == (1, 1)
    kg = School.objects.get(code="3135099001")
    assert (kg.kind, kg.ownership, kg.affordable) == ("kindergarten", "private", "affordable_private")
    assert (kg.area, kg.county, kg.locality) == (district.other_town, district.county, c.Locality.TOWN)
    assert kg.teaching_floor_area == decimal.Decimal("2400.5")
    assert kg.equipment_value == decimal.Decimal("355000.00")  # the header says 万元
    district.school.refresh_from_db()
    assert (district.school.capacity, district.school.computers) == (1500, 150)
    assert district.school.is_teaching_point and not kg.is_teaching_point  # 优质均衡 leaves 教学点 out
    assert (district.school.version, kg.version) == (2, 1)  # an edit form opened before is now stale
    update = AuditEntry.objects.get(action="registry.school.update", object_id=str(district.school.pk))
    assert (update.before["capacity"], update.after["capacity"]) == (1000, 1500)
    assert AuditEntry.objects.filter(action="registry.school.create", object_id=str(kg.pk)).exists()


def test_a_principal_updates_their_school_but_creates_none(district, principal, xlsx):
    own = [district.school.code, district.school.name, "小学", "公办", "", district.town.name, "城区", 1200]
    new = ["3135099002", "新学校", "小学", "公办", "", district.town.name, "城区", 800]
    other = [
        district.other_school.code,
        "南埔中心小学",
        "小学",
        "公办",
        "",
        district.other_town.name,
        "乡村",
        1,
    ]
    result = import_run(actor=principal, kind="schools", source=xlsx([SCHOOL_HEADER[:8], own, new, other]))
    assert not result.ok
    assert [(e.row, e.column) for e in result.errors] == [(3, "所在乡镇"), (4, "学校标识码")]
    assert import_run(actor=principal, kind="schools", source=xlsx([SCHOOL_HEADER[:8], own])).ok
    district.school.refresh_from_db()
    assert district.school.capacity == 1200


def test_population_rows_are_created_updated_and_checked(district, staff, xlsx):
    known = PopulationFactory(area=district.town, year=2019, age=6, count=100)
    rows = [
        ["乡镇", "年份", "年龄", "人数"],
        [district.town.name, 2019, 6, 120],
        [district.town.code, "2019年", "7岁", 130],
        [district.other_town.name, 2019, 6, 90],
    ]
    result = import_run(actor=staff, kind="population", source=xlsx(rows))
    assert result.ok, result.errors
    assert (result.imported, result.updated) == (2, 1)
    known.refresh_from_db()
    assert known.count == 120
    assert Population.objects.get(area=district.town, age=7).count == 130
    assert AuditEntry.objects.filter(action="registry.population.update", object_id=str(known.pk)).exists()


def test_population_duplicates_and_areas_out_of_scope_are_errors(district, town_staff, xlsx):
    elsewhere = AreaFactory(name="界山镇")
    rows = [
        ["区域代码", "年份", "年龄", "人数"],
        [district.town.code, 2019, 6, 120],
        [district.town.name, 2019, 6, 121],
        [district.other_town.code, 2019, 6, 90],
        [elsewhere.name, 2019, 6, 80],
        [district.town.code, 2019, 130, 1],
    ]
    result = import_run(actor=town_staff, kind="population", source=xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [
        (3, "年龄"),
        (4, "区域代码"),
        (5, "区域代码"),
        (6, "年龄"),
    ]
    assert result.errors[1].reason == result.errors[2].reason == "区域不存在或不在您的管理范围"
    assert not Population.objects.exists()


def test_population_group_keeps_the_disability_register_apart(district, staff, xlsx):
    """The 残联's 三类残疾 register sits beside the general population of the same age, not over it."""
    general = PopulationFactory(area=district.town, year=2019, age=8, count=500)
    rows = [
        ["乡镇", "年份", "年龄", "人数", "人群"],
        [district.town.name, 2019, 8, 3, "三类残疾"],
        [district.town.name, 2019, 9, 510, ""],
        [district.town.name, 2019, 9, 2, "残疾"],
    ]
    result = import_run(actor=staff, kind="population", source=xlsx(rows))
    assert [(e.row, e.column) for e in result.errors] == [(4, "人群")]
    result = import_run(actor=staff, kind="population", source=xlsx(rows[:3]))
    assert result.ok and (result.imported, result.updated) == (2, 0)
    general.refresh_from_db()
    assert general.count == 500
    assert Population.objects.get(area=district.town, age=8, group="three_disability").count == 3
