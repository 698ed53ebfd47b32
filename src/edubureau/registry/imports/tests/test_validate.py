"""Pure validation rules: 年级 at a school of each kind, class names, code lists, masking."""

import pytest

from edubureau.registry import choices as c
from edubureau.registry.imports import schemas
from edubureau.registry.imports.reader import CellError
from edubureau.registry.imports.validate import class_name, grade_of, row_error, scrub

P, J, S, K, V = c.Level.PRIMARY, c.Level.JUNIOR, c.Level.SENIOR, c.Level.PRESCHOOL, c.Level.VOCATIONAL


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("一年级", "primary", (P, 1)),
        ("小学六年级", "primary", (P, 6)),
        ("3", "primary", (P, 3)),
        ("初一", "junior", (J, 1)),
        ("初中三年级", "junior", (J, 3)),
        ("七年级", "junior", (J, 1)),
        ("1", "junior", (J, 1)),
        ("七年级", "nine_year", (J, 1)),
        ("8", "nine_year", (J, 2)),
        ("二年级", "nine_year", (P, 2)),
        ("高一", "senior", (S, 1)),
        ("高三", "complete_secondary", (S, 3)),
        ("初二", "complete_secondary", (J, 2)),
        ("十年级", "senior", (S, 1)),
        ("高二", "vocational", (V, 2)),
        ("小班", "kindergarten", (K, 1)),
        ("大班", "kindergarten", (K, 3)),
    ],
)
def test_grades_map_to_level_and_grade_by_school_kind(text, kind, expected):
    assert grade_of(text, kind) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("初一", "primary"),
        ("七年级", "primary"),
        ("大班", "primary"),
        ("高一", "junior"),
        ("第一", "primary"),
    ],
)
def test_grades_a_school_does_not_have_are_errors(text, kind):
    with pytest.raises(CellError) as exc:
        grade_of(text, kind)
    assert exc.value.fix


@pytest.mark.parametrize(
    ("raw", "level", "grade", "kind", "expected"),
    [
        ("1班", P, 1, "primary", "一年级(1)班"),
        ("(2)", P, 1, "primary", "一年级(2)班"),
        ("一年级1班", P, 1, "primary", "一年级(1)班"),
        ("七年级(3)班", J, 1, "junior", "初一(3)班"),
        ("2019级1班", J, 1, "junior", "2019级1班"),
        ("火箭班", J, 1, "junior", "火箭班"),
    ],
)
def test_class_names_follow_the_registry_spelling(raw, level, grade, kind, expected):
    assert class_name(raw, level, grade, kind) == expected


@pytest.mark.parametrize(
    ("parser", "text", "expected"),
    [
        (schemas.title_rank, "小学高级教师", c.TitleRank.FIRST),
        (schemas.title_rank, "中学一级", c.TitleRank.FIRST),
        (schemas.title_rank, "正高级教师", c.TitleRank.SENIOR_PROFESSOR),
        (schemas.title_rank, "未定职级", c.TitleRank.NONE),
        (schemas.post_grade, "专技8级", 8),
        (schemas.post_grade, "专业技术十二级岗位", 12),
        (schemas.post_grade, "管理岗", None),
        (schemas.teacher_status, "205", c.TeacherStatus.ROTATING),
        (schemas.teacher_status, "在本单位任职（100）", c.TeacherStatus.IN_POST),
        (schemas.left_behind, "双亲留守", c.LeftBehind.BOTH_PARENTS),
        (schemas.disability, "视力残疾", c.Disability.VISUAL),
        (schemas.inclusive_placement, "视力残疾随班就读", True),
        (schemas.inclusive_placement, "非随班就读", False),
        (schemas.locality, "122", c.Locality.TOWN),
        (schemas.school_kind, "九年一贯制学校", c.SchoolKind.NINE_YEAR),
        (schemas.ownership, "教育部门", c.Ownership.PUBLIC),
        (schemas.ownership, "民办", c.Ownership.PRIVATE),
        (schemas.gender, "女", c.Gender.FEMALE),
    ],
)
def test_code_lists_accept_what_the_national_systems_export(parser, text, expected):
    assert parser(text) == expected


def test_an_unknown_code_lists_the_words_accepted():
    with pytest.raises(CellError) as exc:
        schemas.hukou("城市户口 ")
    assert "农业户口" in exc.value.fix


def test_an_id_number_stored_as_a_number_is_caught():
    with pytest.raises(CellError) as exc:
        schemas.id_number(3.50505201209011e17)
    assert "文本" in exc.value.fix


def test_errors_never_carry_a_clear_id_number():
    number = "350505201209010018"
    assert scrub(f"值为{number}的行") == "值为350505************的行"
    error = row_error(5, "身份证件号", number, f"与 {number} 重复", secret=True)
    assert number not in f"{error.value}{error.reason}"
    assert error.value == "350505************"
    # A number typed into another column is masked too.
    assert number not in row_error(6, "姓名", number, "x").value
