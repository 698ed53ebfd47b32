"""The import validator's messages, one test per rule: the Excel row, the column as the file heads it, the value
(an ID number always masked), the reason and the fix, in the Chinese the people who fix the file read.

Pure: the rows are built as the reader hands them over (``Table``) and checked against a ``Context`` of plain
references, as ``services`` loads it — no workbook and no database.
"""

import datetime as dt
from decimal import Decimal

import pytest
from cryptography.fernet import Fernet

from edubureau.registry import choices as c
from edubureau.registry.imports import schemas
from edubureau.registry.imports.reader import MAX_CELL_CHARS, Header, Table
from edubureau.registry.imports.validate import (
    AreaRef,
    Context,
    RowError,
    SchoolRef,
    scrub,
    validate_population,
    validate_schools,
    validate_students,
    validate_teachers,
)
from edubureau.registry.testing.factories import make_id_number

TODAY = dt.date(2019, 9, 10)
BIRTH = dt.date(2012, 9, 1)
PRIMARY = SchoolRef(id=1, code="3505050001", name="山腰中心小学", kind="primary", county_id=10, area_id=11)
JUNIOR = SchoolRef(id=2, code="3505050002", name="泉港二中", kind="junior", county_id=10, area_id=11)
TWIN_A = SchoolRef(id=3, code="3505050003", name="实验小学", kind="primary", county_id=10, area_id=11)
TWIN_B = SchoolRef(id=4, code="3505050004", name="实验小学", kind="primary", county_id=10, area_id=12)
ELSEWHERE = SchoolRef(id=5, code="3505050005", name="南埔中心小学", kind="primary", county_id=10, area_id=12)
TOWN = AreaRef(id=11, code="350505100", name="山腰街道", path="/1/10/11/", parent_id=10)
OTHER_TOWN = AreaRef(id=12, code="350505101", name="南埔镇", path="/1/10/12/", parent_id=10)
TWIN_TOWN = AreaRef(id=13, code="350505102", name="南埔镇", path="/1/10/13/", parent_id=10)


@pytest.fixture(autouse=True)
def field_key(settings):
    """The keyed hash of ID numbers needs a key; one of the test's own keeps the database out of it."""
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()


def context(**kw) -> Context:
    ctx = Context(today=TODAY, **kw)
    ctx.index_schools([PRIMARY, JUNIOR, TWIN_A, TWIN_B])
    ctx.index_areas([TOWN, OTHER_TOWN, TWIN_TOWN])
    ctx.all_schools = {s.code: s for s in (PRIMARY, JUNIOR, TWIN_A, TWIN_B, ELSEWHERE)}
    return ctx


def table(kind, rows: list[dict], *, keys=None) -> Table:
    """The rows (dicts by field key) under a header of ``keys`` (all columns of the kind by default),
    the header on Excel row 1 and the rows from row 2."""
    keys = keys or [col.key for col in kind.columns]
    titles = {col.key: col.header for col in kind.columns if col.key in keys}
    header = Header(sheet="Sheet1", first_row=1, last_row=1, columns={k: i for i, k in enumerate(keys)},
                    titles=titles)  # fmt: skip
    return Table(header, [(n, {k: row.get(k) for k in keys}) for n, row in enumerate(rows, start=2)])


def student(n=1, *, birth=BIRTH, **over) -> dict:
    row = {"school_code": PRIMARY.code, "name": f"学生{n}", "gender": "男", "birth_date": birth.isoformat(),
           "id_number": make_id_number(n, birth), "grade": "一年级", "class_name": "1班"}  # fmt: skip
    row.update(over)
    return row


def students(*rows, ctx=None, keys=None):
    kind = schemas.STUDENTS
    return validate_students(kind, table(kind, list(rows), keys=keys), ctx or context())


def only_error(outcome) -> RowError:
    assert len(outcome.errors) == 1, outcome.errors
    assert outcome.rows == [] or all(n != outcome.errors[0].row for n, _ in outcome.rows)
    return outcome.errors[0]


def test_good_rows_have_no_message():
    out = students(student(1), student(2, grade="二年级", class_name="二年级(1)班"))
    assert out.errors == []
    assert [(n, r["class_name"]) for n, r in out.rows] == [(2, "一年级(1)班"), (3, "二年级(1)班")]


# --- the header ----------------------------------------------------------------------------------------


def test_a_missing_required_column():
    keys = [k for k in student() if k != "grade"]
    out = students(student(1), keys=keys)
    error = out.errors[0]
    assert error == RowError(
        1, "年级", "", "缺少必填列“年级”", "请在表头加上这一列（列名可写作：年级、所在年级、年级名称）"
    )
    assert out.rows == []  # the rows are checked, none is kept


def test_neither_school_column():
    keys = [k for k in student() if k != "school_code"]
    error = students(student(1), keys=keys).errors[0]
    assert error == RowError(
        1, "学校标识码", "", "缺少“学校标识码”或“学校名称”列", "请在表头加上“学校标识码”或“学校名称”列"
    )


# --- cells -------------------------------------------------------------------------------------------


def test_a_blank_required_cell():
    error = only_error(students(student(1), student(2, name=None)))
    assert error == RowError(
        3, "姓名", "", "必填项为空", "请填写姓名（若是合并单元格，请取消合并并逐行填写）"
    )


def test_a_cell_too_long():
    long = "张" * (MAX_CELL_CHARS + 1)
    error = only_error(students(student(1, name=long)))
    assert (error.row, error.column) == (2, "姓名")
    assert error.reason == f"值过长（{MAX_CELL_CHARS + 1:,}个字符）"
    assert error.fix == f"姓名最多{MAX_CELL_CHARS:,}个字符，请删除多余的内容"
    assert len(error.value) < 100  # the value shown is cut


def test_a_word_not_in_the_code_list():
    error = only_error(students(student(1, gender="未知")))
    assert (error.row, error.column, error.value) == (2, "性别", "未知")
    assert "未知" in error.reason and "男" in error.fix and "女" in error.fix


# --- the school ----------------------------------------------------------------------------------------


def test_a_school_code_out_of_scope_reads_like_an_unknown_one():
    out = students(student(1, school_code=ELSEWHERE.code), student(2, school_code="3505059999"))
    assert [e.as_dict() for e in out.errors] == [
        {"row": row, "column": "学校标识码", "value": code, "reason": "学校标识码不存在或不在您的管理范围",
         "fix": "请核对10位学校标识码；只能导入您所管理学校的数据"}
        for row, code in ((2, ELSEWHERE.code), (3, "3505059999"))
    ]  # fmt: skip


def test_a_school_name_names_one_school_or_is_an_error():
    keys = ["school_name", *[k for k in student() if k != "school_code"]]
    ok = students(student(1, school_name="山腰中心小学"), keys=keys)
    assert ok.errors == [] and ok.rows[0][1]["school"] == PRIMARY
    out = students(student(1, school_name="实验小学"), student(2, school_name="不存在小学"), keys=keys)
    assert out.rows == []
    assert out.errors == [
        RowError(2, "学校名称", "实验小学", "有多所同名学校", "请填写学校标识码（10位）"),
        RowError(3, "学校名称", "不存在小学", "学校名称不存在或不在您的管理范围", "请填写学校标识码（10位）"),
    ]


def test_no_school_at_all():
    error = only_error(students(student(1, school_code=None)))
    assert error == RowError(2, "学校标识码", "", "必填项为空", "请填写学校标识码")


# --- ID numbers and birth dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "reason", "shown"),
    [
        ("3505052012090", "身份证件号应为18位，实为13位", "*" * 13),
        ("350505201209010", "身份证件号应为18位，实为15位", "*" * 15),
        ("35050520120901001", "身份证件号应为18位，实为17位", "*" * 17),
        ("3505052012090100123", "身份证件号应为18位，实为19位", "*" * 19),
        ("3505052012A901001X", "身份证件号前17位应为数字，末位为数字或X", "350505" + "*" * 12),
    ],
)
def test_a_bad_resident_id_number_is_named_and_masked(number, reason, shown):
    error = only_error(students(student(1, id_number=number)))
    assert error == RowError(2, "身份证件号", shown, reason, "请核对身份证件号（18位，末位可为X）")


@pytest.mark.parametrize("id_type", ["", "居民身份证", "身份证", "中华人民共和国居民身份证", "1"])
def test_every_name_of_the_resident_id_checks_the_check_digit(id_type):
    good = make_id_number(1, BIRTH)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    error = only_error(students(student(1, id_type=id_type, id_number=bad)))
    assert error.reason == f"身份证件号校验码错误，应为{good[17]}"
    assert error.value == "350505" + "*" * 12 and bad not in repr(error)


def test_other_documents_are_not_checked_as_resident_ids_but_are_masked():
    out = students(
        student(1, id_type="护照", id_number="E12345678"), student(2, id_type="护照", id_number="E" * 19)
    )
    assert out.rows[0][1]["id_number"] == "E12345678"
    error = only_error(out)
    assert error == RowError(3, "身份证件号", "*" * 19, "证件号过长", "证件号最多18位")


def test_a_repeated_id_number_names_the_first_row():
    number = make_id_number(1, BIRTH)
    error = only_error(students(student(1), student(2, id_number=number)))
    assert error == RowError(3, "身份证件号", "350505" + "*" * 12, "与第2行的身份证件号重复",
                             "同一人只能有一行；请删除重复行或核对证件号")  # fmt: skip


def test_the_birth_date_must_agree_with_the_id_number():
    other_day = dt.date(2012, 9, 2)
    error = only_error(students(student(1, birth_date=other_day.isoformat())))
    assert error == RowError(
        2, "出生日期", "2012-09-02", "出生日期与身份证件号不一致", "请核对出生日期或身份证件号"
    )


def test_a_birth_date_after_today_but_today_itself_is_accepted():
    tomorrow = TODAY + dt.timedelta(days=1)
    out = students(student(1, birth=TODAY), student(2, birth=tomorrow))
    assert [n for n, _ in out.rows] == [2]
    assert only_error(out) == RowError(
        3, "出生日期", tomorrow.isoformat(), "出生日期晚于今天", "请核对出生日期"
    )


def test_a_number_typed_in_another_column_is_masked_in_every_length():
    for digits in ("35050520120901", "350505201209010", "3505052012090100", "35050520120901001X"):
        error = only_error(students(student(1, gender=digits)))
        assert digits not in repr(error)
        assert scrub(digits) == "*" * len(digits) if len(digits) != 18 else "350505" + "*" * 12


# --- grades and classes --------------------------------------------------------------------------------


def test_a_grade_the_school_does_not_have():
    error = only_error(students(student(1, grade="初一")))
    assert error == RowError(
        2, "年级", "初一", "该校没有“初一”（学段与学校类型不符）", "请核对年级或学校标识码"
    )


def test_an_unknown_grade_word():
    error = only_error(students(student(1, grade="第一")))
    assert (error.column, error.reason) == ("年级", "无法识别年级“第一”")
    assert error.fix == "请写成 一年级…六年级、初一/七年级、高一、小班/中班/大班，或年级数字"


def test_a_class_registered_in_another_grade():
    ctx = context(classes={(PRIMARY.id, "一年级(1)班"): (100, "primary", 2)})
    error = only_error(students(student(1), ctx=ctx))
    assert error == RowError(2, "班级", "1班", "该班级已登记为二年级", "请核对年级或班级")
    same = context(classes={(PRIMARY.id, "一年级(1)班"): (100, "primary", 1)})
    assert students(student(1), ctx=same).errors == []


def test_one_class_in_two_grades_of_the_file():
    error = only_error(students(student(1), student(2, grade="二年级", class_name="一年级(1)班")))
    assert error == RowError(3, "班级", "一年级(1)班", "该班级在第2行是一年级", "同一班级的学生应在同一年级")
    out = students(student(1, grade="二年级", class_name="火箭班"), student(2, class_name="火箭班"))
    error = only_error(out)
    assert error == RowError(3, "班级", "火箭班", "该班级在第2行是二年级", "同一班级的学生应在同一年级")


# --- teachers share the rules ----------------------------------------------------------------------------


def test_teacher_rows_share_the_school_id_and_birth_rules():
    kind = schemas.TEACHERS
    born = dt.date(1985, 3, 1)
    good = {"name": "王老师", "gender": "女", "id_number": make_id_number(5, born), "birth_date": "1985-03-01",
            "school_code": PRIMARY.code, "education": "本科"}  # fmt: skip
    rows = [
        good,
        {**good, "name": "李老师"},
        {**good, "id_number": make_id_number(6, born), "school_code": "1"},
    ]
    out = validate_teachers(kind, table(kind, rows), context())
    assert [n for n, _ in out.rows] == [2]
    assert [(e.row, e.column, e.reason) for e in out.errors] == [
        (3, "身份证件号", "与第2行的身份证件号重复"),
        (4, "学校标识码", "学校标识码“1”应为10位数字"),
    ]


# --- schools -------------------------------------------------------------------------------------------


def school(code, **over) -> dict:
    row = {"code": code, "name": f"学校{code[-2:]}", "kind": "小学", "town": TOWN.code}
    row.update(over)
    return row


def schools(*rows, ctx=None):
    kind = schemas.SCHOOLS
    return validate_schools(kind, table(kind, list(rows)), ctx or context(area_add_paths=(TOWN.path,)))


def test_school_rows_messages():
    out = schools(
        school("3505050101"),
        school("3505050101"),
        school(ELSEWHERE.code),
        school("3505050102", town=OTHER_TOWN.code),
        school("3505050103", town="南埔镇"),
        school("3505050104", town="不存在镇"),
        school("3505050105", affordable="是"),
    )
    assert [n for n, _ in out.rows] == [2]
    assert out.errors == [
        RowError(3, "学校标识码", "3505050101", "与第2行的学校标识码重复", "每所学校只能有一行"),
        RowError(4, "学校标识码", ELSEWHERE.code, "学校标识码已被其他学校使用或不在您的管理范围", "请核对学校标识码"),
        RowError(5, "所在乡镇", OTHER_TOWN.code, "该乡镇不在您的管理范围", "请核对所在乡镇"),
        RowError(6, "所在乡镇", "南埔镇", "有多个同名区域", "请填写9位乡镇（街道）代码或准确的名称"),
        RowError(7, "所在乡镇", "不存在镇", "区域不存在或不在您的管理范围", "请填写9位乡镇（街道）代码或准确的名称"),
        RowError(8, "普惠", "是", "只有幼儿园才有普惠性", "中小学此列请留空或填 否"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("ownership", "affordable", "status"),
    [
        ("公办", "", c.AffordableStatus.PUBLIC),
        ("公办", "否", c.AffordableStatus.PUBLIC),
        ("民办", "是", c.AffordableStatus.AFFORDABLE_PRIVATE),
        ("民办", "否", c.AffordableStatus.PRIVATE),
    ],
)
def test_kindergartens_of_each_ownership_get_their_affordable_status(ownership, affordable, status):
    out = schools(school("3505050201", kind="幼儿园", ownership=ownership, affordable=affordable or None))
    assert out.errors == []
    assert out.rows[0][1]["fields"]["affordable"] == status


# --- population ----------------------------------------------------------------------------------------


def test_population_rows_messages():
    kind = schemas.POPULATION
    rows = [
        {"area": TOWN.code, "year": "2019", "age": "6", "count": "120"},
        {"area": TOWN.code, "year": "2019", "age": "6", "count": "121"},
        {"area": TOWN.code, "year": "2019", "age": "6", "count": "9", "group": "三类残疾"},
        {"area": OTHER_TOWN.code, "year": "2019", "age": "6", "count": "80"},
    ]
    ctx = context(area_add_paths=(TOWN.path,))
    out = validate_population(kind, table(kind, rows), ctx)
    assert [n for n, _ in out.rows] == [2, 4]
    assert out.errors == [
        RowError(3, "年龄", "6", "与第2行的区域、年份、年龄、人群重复", "每个区域每年每个年龄每类人群只能有一行"),
        RowError(5, "乡镇", OTHER_TOWN.code, "区域不存在或不在您的管理范围", "请核对区域"),
    ]  # fmt: skip


# --- grades as bare numbers, on each edge -------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("1", "primary", ("primary", 1)), ("6", "primary", ("primary", 6)), ("7", "primary", None),
        ("7", "nine_year", ("junior", 1)), ("9", "nine_year", ("junior", 3)), ("10", "nine_year", None),
        ("1", "junior", ("junior", 1)), ("3", "junior", ("junior", 3)), ("4", "junior", None),
        ("10", "senior", ("senior", 1)), ("12", "senior", ("senior", 3)), ("13", "senior", None),
        ("1", "senior", ("senior", 1)), ("3", "senior", ("senior", 3)), ("4", "senior", None),
        ("3", "complete_secondary", ("junior", 3)), ("12", "complete_secondary", ("senior", 3)),
        ("1", "kindergarten", ("preschool", 1)), ("3", "kindergarten", ("preschool", 3)), ("4", "kindergarten", None),
    ],
)  # fmt: skip
def test_a_grade_number_on_each_edge(text, kind, expected):
    from edubureau.registry.imports.reader import CellError
    from edubureau.registry.imports.validate import grade_of

    if expected is None:
        with pytest.raises(CellError):
            grade_of(text, kind)
    else:
        assert grade_of(text, kind) == expected


# --- what a good row becomes --------------------------------------------------------------------------


def test_a_teacher_row_becomes_these_values():
    kind = schemas.TEACHERS
    born = dt.date(1985, 3, 1)
    row = {"name": "王老师", "gender": "女", "id_number": make_id_number(5, born), "birth_date": "1985-03-01",
           "school_name": "山腰中心小学", "staff_number": "T001", "on_establishment": "否", "post_grade": "专技8级",
           "title_rank": "中学一级", "subjects": "语文、数学", "education": "本科", "backbone_level": "市级",
           "status": "205", "joined_school": "201509", "work_start": "200709"}  # fmt: skip
    minimal = {"name": "李老师", "gender": "男", "id_number": make_id_number(6, born), "birth_date": "1985-03-01",
               "school_code": PRIMARY.code, "education": "本科"}  # fmt: skip
    out = validate_teachers(kind, table(kind, [row, minimal]), context())
    assert out.errors == []
    (n1, first), (n2, second) = out.rows
    assert (n1, n2) == (2, 3)
    first.pop("id_hash")
    assert first == {
        "school": PRIMARY, "name": "王老师", "gender": c.Gender.FEMALE, "birth_date": born,
        "id_number": make_id_number(5, born), "staff_number": "T001", "on_establishment": False,
        "post_grade": 8, "title_rank": c.TitleRank.FIRST, "main_subject": "语文", "subjects": "语文,数学",
        "education": c.Education.BACHELOR, "backbone_level": first["backbone_level"],
        "status": c.TeacherStatus.ROTATING, "joined_school_year": 2015, "work_start": dt.date(2007, 9, 1),
        "staff_category": c.StaffCategory.FULL_TIME_TEACHER,  # 教职工类别 not given: 专任教师
    }  # fmt: skip
    assert first["backbone_level"]
    assert (second["on_establishment"], second["status"], second["subjects"], second["main_subject"]) == (
        True, c.TeacherStatus.IN_POST, "", "")  # fmt: skip
    assert (second["joined_school_year"], second["post_grade"], second["staff_number"]) == (None, None, "")


def test_a_school_row_becomes_these_fields():
    kind = schemas.SCHOOLS
    row = {"code": "3505050301", "name": "新建小学", "kind": "小学", "ownership": "公办", "town": "山腰街道",
           "capacity": "1200", "equipment_value": "150.5", "multimedia_rooms": "24"}  # fmt: skip
    keys = [*row]
    titles_10k = table(kind, [row], keys=keys)
    titles_10k.header.titles["equipment_value"] = "教学仪器设备值（万元）"
    out = validate_schools(kind, titles_10k, context(area_add_paths=(TOWN.path,)))
    assert out.errors == []
    [(number, result)] = out.rows
    assert (number, result["code"], result["existing"]) == (2, "3505050301", None)
    fields = result["fields"]
    assert fields["equipment_value"] == Decimal("1505000.00")
    assert (fields["area_id"], fields["county_id"], fields["affordable"]) == (TOWN.id, TOWN.parent_id, "")
    assert (fields["name"], fields["kind"], fields["capacity"], fields["multimedia_rooms"]) == (
        "新建小学", c.SchoolKind.PRIMARY, 1200, 24)  # fmt: skip


def test_a_population_row_becomes_these_values():
    kind = schemas.POPULATION
    rows = [{"area": "山腰街道", "year": "2019", "age": "6", "count": "120"},
            {"area": TOWN.code, "year": "2019", "age": "6", "count": "9", "group": "三类残疾"}]  # fmt: skip
    out = validate_population(kind, table(kind, rows), context(area_add_paths=(TOWN.path,)))
    assert out.errors == []
    assert out.rows == [
        (2, {"area_id": TOWN.id, "year": 2019, "age": 6, "count": 120, "group": ""}),
        (3, {"area_id": TOWN.id, "year": 2019, "age": 6, "count": 9, "group": out.rows[1][1]["group"]}),
    ]
    assert out.rows[1][1]["group"]
