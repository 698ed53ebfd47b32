"""What the validator keeps and reports beyond the single rules of ``test_messages``: every value a good row
becomes, the defaults of blank optional cells, a file missing a required column (rows checked, none kept),
updates of known schools, and the progress callback. Pure, like ``test_messages``: ``Table``s in memory.
"""

import datetime as dt
from decimal import Decimal

import pytest

from edubureau.registry import choices as c
from edubureau.registry.imports import schemas
from edubureau.registry.imports.reader import MAX_CELL_CHARS, CellError, Header, Table
from edubureau.registry.imports.validate import (
    RowError,
    SchoolRef,
    grade_of,
    row_error,
    validate_population,
    validate_schools,
    validate_students,
    validate_teachers,
)
from edubureau.registry.testing.factories import make_id_number

from .test_messages import BIRTH, OTHER_TOWN, PRIMARY, TODAY, TOWN, context, field_key, student, table  # noqa: F401

BORN = dt.date(1985, 3, 1)
KINDERGARTEN = SchoolRef(id=6, code="3505050006", name="山腰幼儿园", kind="kindergarten", county_id=10,
                         area_id=11, ownership="private")  # fmt: skip
OUT_OF_TOWN = SchoolRef(id=7, code="3505050007", name="南埔小学", kind="primary", county_id=10, area_id=12)


def teacher(n=5, **over) -> dict:
    row = {"name": "王老师", "gender": "女", "id_number": make_id_number(n, BORN), "birth_date": BORN.isoformat(),
           "school_code": PRIMARY.code, "education": "本科"}  # fmt: skip
    row.update(over)
    return row


def run(validate, kind, rows, *, keys=None, ctx=None, progress=None):
    return validate(kind, table(kind, list(rows), keys=keys), ctx or context(), progress=progress)


# --- what a good student row becomes ----------------------------------------------------------------------


def test_a_student_row_becomes_these_values():
    full = student(1, ethnicity="回族", hukou_type="农业户口", migrant_child="是", left_behind="单亲留守",
                   disability="视力残疾", inclusive_placement="是", entry_date="201909")  # fmt: skip
    out = run(validate_students, schemas.STUDENTS, [full, student(2, class_name=None)])
    assert out.errors == []
    (n1, first), (n2, second) = out.rows
    assert (n1, n2) == (2, 3)
    assert first.pop("id_hash") != second.pop("id_hash")
    assert first == {
        "school": PRIMARY, "name": "学生1", "gender": c.Gender.MALE, "birth_date": BIRTH,
        "ethnicity": "回族", "id_number": make_id_number(1, BIRTH), "hukou_type": c.HukouType.AGRICULTURAL,
        "migrant_child": True, "left_behind": c.LeftBehind.ONE_PARENT, "disability": c.Disability.VISUAL,
        "inclusive_placement": True, "level": c.Level.PRIMARY, "grade": 1, "class_name": "一年级(1)班",
        "entry_date": dt.date(2019, 9, 1),
    }  # fmt: skip
    # Blank optional cells: 汉族, no hukou type, not migrant, not left behind, no disability, no class.
    assert second == {
        "school": PRIMARY, "name": "学生2", "gender": c.Gender.MALE, "birth_date": BIRTH,
        "ethnicity": "汉族", "id_number": make_id_number(2, BIRTH), "hukou_type": "", "migrant_child": False,
        "left_behind": "", "disability": "", "inclusive_placement": False, "level": c.Level.PRIMARY,
        "grade": 1, "class_name": None, "entry_date": None,
    }  # fmt: skip


def test_a_preschool_grade_at_a_school_without_a_kindergarten():
    error = run(validate_students, schemas.STUDENTS, [student(1, grade="大班")]).errors
    assert error == [RowError(2, "年级", "大班", "该校不是幼儿园，没有“大班”",
                              "请写成 一年级…六年级、初一/七年级、高一、小班/中班/大班，或年级数字")]  # fmt: skip


@pytest.mark.parametrize("kind", ["vocational", "senior"])
def test_a_junior_grade_at_a_senior_or_vocational_school(kind):
    with pytest.raises(CellError):
        grade_of("初一", kind)
    assert grade_of("高一", kind) == (kind, 1)  # 高一 at a vocational school is its first grade


# --- teachers ----------------------------------------------------------------------------------------------


def test_teacher_rows_name_the_row_of_an_unknown_school_and_a_birth_date_after_today():
    tomorrow = TODAY + dt.timedelta(days=1)
    rows = [teacher(5), teacher(6, school_code="3505059999"), teacher(7, birth_date=tomorrow.isoformat())]
    out = run(validate_teachers, schemas.TEACHERS, rows)
    assert [n for n, _ in out.rows] == [2]
    assert out.errors == [
        RowError(3, "学校标识码", "3505059999", "学校标识码不存在或不在您的管理范围",
                 "请核对10位学校标识码；只能导入您所管理学校的数据"),
        RowError(4, "出生日期", tomorrow.isoformat(), "出生日期晚于今天", "请核对出生日期"),
    ]  # fmt: skip


def test_teacher_defaults_for_blank_optional_cells():
    out = run(
        validate_teachers,
        schemas.TEACHERS,
        [teacher(5, subjects="信息技术与人工智能综合实践活动课程与劳动教育课程")],
    )
    [(_, row)] = out.rows
    assert (row["title_rank"], row["backbone_level"], row["staff_category"]) == (
        "", "", c.StaffCategory.FULL_TIME_TEACHER)  # fmt: skip
    assert (
        row["main_subject"] == "信息技术与人工智能综合实践活动课程与劳动"
    )  # cut to the field's 20 characters
    out = run(validate_teachers, schemas.TEACHERS, [teacher(5, staff_category="工勤人员")])
    assert out.rows[0][1]["staff_category"] != c.StaffCategory.FULL_TIME_TEACHER


# --- a required column missing: every row is still checked, none is kept ----------------------------------


def test_a_teacher_file_without_a_required_column_keeps_no_row():
    keys = [k for k in teacher() if k != "education"]
    out = run(validate_teachers, schemas.TEACHERS, [teacher(5), teacher(6, gender="?")], keys=keys)
    assert out.rows == []
    assert [(e.row, e.column) for e in out.errors] == [(1, "最高学历"), (3, "性别")]


def test_a_school_file_without_a_required_column_keeps_no_row_but_checks_each():
    """No 办学类型 column: a known primary school still may not be marked 普惠 (its kind is the registry's)."""
    kind = schemas.SCHOOLS
    keys = ["code", "name", "town", "affordable"]
    rows = [{"code": "3505050301", "name": "新校", "town": TOWN.code},
            {"code": PRIMARY.code, "name": PRIMARY.name, "town": TOWN.code, "affordable": "是"}]  # fmt: skip
    out = validate_schools(kind, table(kind, rows, keys=keys), context(area_add_paths=(TOWN.path,)))
    assert out.rows == []
    assert [(e.row, e.column, e.reason) for e in out.errors] == [
        (1, "办学类型", "缺少必填列“办学类型”"),
        (3, "普惠", "只有幼儿园才有普惠性"),
    ]


def test_a_population_file_without_a_required_column_keeps_no_row():
    kind = schemas.POPULATION
    rows = [{"area": TOWN.code, "year": "2019", "age": "6"}, {"area": "不存在镇", "year": "2019", "age": "7"}]
    out = validate_population(kind, table(kind, rows, keys=["area", "year", "age"]), context())
    assert out.rows == []
    assert [(e.row, e.column) for e in out.errors] == [(1, "人数"), (3, "乡镇")]


# --- schools: cells, towns, known schools -----------------------------------------------------------------


def school(code, **over) -> dict:
    row = {"code": code, "name": f"学校{code[-2:]}", "kind": "小学", "town": TOWN.code}
    row.update(over)
    return row


def schools(*rows, keys=None, ctx=None):
    ctx = ctx or context(area_add_paths=(TOWN.path,))
    ctx.index_schools([KINDERGARTEN, OUT_OF_TOWN])
    ctx.all_schools |= {s.code: s for s in (KINDERGARTEN, OUT_OF_TOWN)}
    kind = schemas.SCHOOLS
    return validate_schools(kind, table(kind, list(rows), keys=keys), ctx)


def test_school_cells_blank_or_unreadable_and_a_bad_code_with_a_town_out_of_scope():
    out = schools(
        school("3505050401", capacity="很多"),
        school("3505050402", town=None),
        school("3505050403", kind=None),
        school("123", town=OTHER_TOWN.code),
    )
    assert out.rows == []
    assert [(e.row, e.column, e.reason) for e in out.errors] == [
        (2, "学位数", out.errors[0].reason),
        (3, "所在乡镇", "必填项为空"),
        (4, "办学类型", "必填项为空"),
        (5, "学校标识码", "学校标识码“123”应为10位数字"),
        (5, "所在乡镇", "该乡镇不在您的管理范围"),
    ]
    assert "很多" in out.errors[0].reason or out.errors[0].value == "很多"


def test_a_town_written_with_extra_characters_is_found_by_its_name():
    out = schools(school("3505050501", town="山腰街道（城区）"), school("3505050502", town=" 山腰 街道"))
    assert out.errors == []
    assert [r["fields"]["area_id"] for _, r in out.rows] == [TOWN.id, TOWN.id]


def test_a_known_school_may_keep_its_town_outside_where_the_user_may_add_schools():
    out = schools(school(OUT_OF_TOWN.code, town=OTHER_TOWN.code))
    assert out.errors == []
    assert out.rows[0][1]["existing"] == OUT_OF_TOWN
    moved = schools(school(PRIMARY.code, town=OTHER_TOWN.code))  # moving a school there is not allowed
    assert [(e.row, e.reason) for e in moved.errors] == [(2, "该乡镇不在您的管理范围")]


def test_equipment_value_in_yuan_is_kept_as_written_and_the_column_may_be_absent():
    out = schools(school("3505050601", equipment_value="150.5"))
    assert out.rows[0][1]["fields"]["equipment_value"] == Decimal("150.5")
    keys = ["code", "name", "kind", "town"]
    out = schools(school("3505050602"), keys=keys)
    assert out.errors == [] and "equipment_value" not in out.rows[0][1]["fields"]


def test_a_known_kindergarten_keeps_its_ownership_when_the_file_has_none():
    """The file has 办学类型 and 普惠 but no 举办者: the registry's 民办 decides between 普惠 and not."""
    keys = ["code", "name", "kind", "town", "affordable"]
    rows = [school(KINDERGARTEN.code, kind="幼儿园", affordable="是"),
            school("3505050701", kind="幼儿园", affordable="是")]  # fmt: skip
    out = schools(*rows, keys=keys)
    assert out.errors == []
    assert [r["fields"]["affordable"] for _, r in out.rows] == [
        c.AffordableStatus.AFFORDABLE_PRIVATE,  # known: 民办, 普惠
        c.AffordableStatus.PUBLIC,  # new, no 举办者: public
    ]


def test_a_population_row_with_an_unknown_area_or_an_unreadable_count():
    kind = schemas.POPULATION
    rows = [{"area": "不存在镇", "year": "2019", "age": "6", "count": "120"},
            {"area": TOWN.code, "year": "2019", "age": "6", "count": "很多"},
            {"area": None, "year": "2019", "age": "7", "count": "3"}]  # fmt: skip
    out = validate_population(kind, table(kind, rows), context())
    assert out.rows == []
    assert [(e.row, e.column, e.value, e.reason) for e in out.errors] == [
        (2, "乡镇", "不存在镇", "区域不存在或不在您的管理范围"),
        (3, "人数", "很多", out.errors[1].reason),
        (4, "乡镇", "", "必填项为空"),
    ]
    assert out.errors[0].fix == "请填写9位乡镇（街道）代码或准确的名称"


# --- progress ---------------------------------------------------------------------------------------------


class CountingRows(list):
    """Table rows that count how many have been handed out."""

    read = 0

    def __iter__(self):
        for row in super().__iter__():
            self.read += 1
            yield row


@pytest.mark.parametrize(("validate", "kind"), [(validate_students, schemas.STUDENTS),
                                                (validate_teachers, schemas.TEACHERS)])  # fmt: skip
def test_progress_is_reported_every_5000_rows_read(validate, kind):
    titles = {"name": "姓名"}
    header = Header(sheet="Sheet1", first_row=1, last_row=1, columns={"name": 0}, titles=titles)
    rows = CountingRows((n, {"name": None}) for n in range(2, 10_002))
    calls = []
    validate(kind, Table(header, rows), context(), progress=lambda i: calls.append((i, rows.read)))
    assert calls == [(5000, 5000), (10_000, 10_000)]
    out = validate(kind, Table(header, rows[:5000]), context())  # no callback: nothing to call
    assert len(out.errors) > 5000


# --- the message itself -------------------------------------------------------------------------------------


def test_a_reason_or_fix_is_cut_at_200_characters_and_a_fix_may_be_blank():
    error = run(validate_students, schemas.STUDENTS, [student(1, gender="未" * 300)]).errors[0]
    assert error.reason == f"无法识别“{'未' * 195}…"  # 200 characters and an ellipsis
    assert len(error.value) == 51  # the value shown: 50 and an ellipsis
    cut = row_error(2, "性别", "", "原因", "改" * 201)
    assert cut.fix == "改" * 200 + "…"
    assert row_error(2, "性别", "", "改" * 200, "改" * 200) == RowError(2, "性别", "", "改" * 200, "改" * 200)
    assert row_error(2, "性别", "x", "原因").fix == ""


@pytest.mark.parametrize("only", ["school_code", "school_name"])
def test_a_blank_school_when_the_file_has_one_of_the_two_school_columns(only):
    keys = [only, *[k for k in student() if k != "school_code"]]
    out = run(validate_students, schemas.STUDENTS, [student(1, school_code=None)], keys=keys)
    header = "学校标识码" if only == "school_code" else "学校名称"
    assert out.errors == [RowError(2, header, "", "必填项为空", "请填写学校标识码")]


def test_an_unreadable_id_type_still_checks_the_number_as_a_resident_id():
    good = make_id_number(1, BIRTH)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    out = run(validate_students, schemas.STUDENTS, [student(1, id_type="居民身份证" * 5, id_number=bad)])
    assert [(e.column, e.reason) for e in out.errors] == [
        ("身份证件类型", "内容过长（25字，最多20字）"),
        ("身份证件号", f"身份证件号校验码错误，应为{good[17]}"),
    ]


def test_a_birth_date_after_today_is_one_error_even_when_the_id_number_disagrees():
    tomorrow = TODAY + dt.timedelta(days=1)
    out = run(validate_students, schemas.STUDENTS, [student(1, birth_date=tomorrow.isoformat())])
    assert [(e.column, e.reason) for e in out.errors] == [("出生日期", "出生日期晚于今天")]


def test_other_documents_of_exactly_18_characters_are_accepted_and_repeats_masked():
    out = run(validate_students, schemas.STUDENTS, [
        student(1, id_type="护照", id_number="E" * 18),
        student(2, id_type="护照", id_number="E12345678"),
        student(3, id_type="护照", id_number="E12345678"),
    ])  # fmt: skip
    assert [n for n, _ in out.rows] == [2, 3]
    assert out.errors == [RowError(4, "身份证件号", "*********", "与第3行的身份证件号重复",
                                   "同一人只能有一行；请删除重复行或核对证件号")]  # fmt: skip


def test_an_id_cell_too_long_is_shown_masked_whole():
    error = run(validate_students, schemas.STUDENTS, [student(1, id_number="E1234567" * 130)]).errors[0]
    assert (error.column, error.reason) == ("身份证件号", "值过长（1,040个字符）")
    assert error.value == "*" * 50 + "…"


def test_a_cell_of_exactly_the_longest_length_is_read_by_its_column():
    error = run(validate_students, schemas.STUDENTS, [student(1, name="张" * MAX_CELL_CHARS)]).errors[0]
    assert error.reason == f"内容过长（{MAX_CELL_CHARS}字，最多40字）"


def test_a_missing_column_names_three_of_its_other_names():
    kind = schemas.POPULATION
    out = validate_population(kind, table(kind, [], keys=["year", "age", "count"]), context())
    assert out.errors == [RowError(1, "乡镇", "", "缺少必填列“乡镇”",
                                   "请在表头加上这一列（列名可写作：乡镇、区域、区域代码、区域名称）")]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"), [("初一", ("special", 7)), ("初三", ("special", 9)), ("初四", None)]
)
def test_junior_grades_at_a_special_school_count_on_from_the_sixth(text, expected):
    if expected is None:
        with pytest.raises(CellError):
            grade_of(text, "special")
    else:
        assert grade_of(text, "special") == expected


def test_a_bare_grade_number_the_school_does_not_have():
    error = run(validate_students, schemas.STUDENTS, [student(1, grade="7")]).errors
    assert error == [RowError(2, "年级", "7", "该校没有“7”", "请写成 初一/高一 等带学段的年级")]
