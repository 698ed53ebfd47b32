"""Reading workbooks: header detection, cell normalising, dates, and files that are not workbooks."""

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import Workbook
from openpyxl.utils.datetime import to_excel

from edubureau.registry.imports.reader import (
    CellError,
    WorkbookError,
    clean_text,
    find_header,
    header_key,
    parse_date,
    parse_year_month,
    read_table,
)
from edubureau.registry.imports.schemas import STUDENTS

INDEX = STUDENTS.index
SEPT_1 = dt.date(2012, 9, 1)


@pytest.mark.parametrize(
    "value",
    [
        "2012-09-01",
        "2012.9.1",
        "2012/9/1",
        "2012年9月1日",
        "2012 年 9 月 1 日",
        "20120901",
        20120901,
        "2012-09-01 00:00:00",
        to_excel(dt.datetime(2012, 9, 1)),  # an Excel serial in a number cell
        dt.datetime(2012, 9, 1),  # a real date cell
        SEPT_1,
    ],
)
def test_dates_are_read_in_every_way_schools_write_them(value):
    assert parse_date(value) == SEPT_1


@pytest.mark.parametrize(
    "value", ["201209", 201209, "2012-09", "2012.9", "2012年9月", "2012/09", "2012-09-15"]
)
def test_year_months_are_the_first_of_the_month(value):
    assert parse_year_month(value) == SEPT_1


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2012-02-30", "2012年2月没有30日"),
        ("2013.2.29", "2013年2月没有29日"),
        ("2012-13-01", "没有13月"),
        ("1850-01-01", "年份1850不合理"),
        ("九月一日", "不是日期"),
        (3.5e9, "不是日期"),
    ],
)
def test_impossible_dates_say_why(value, reason):
    with pytest.raises(CellError) as exc:
        parse_date(value)
    assert reason in exc.value.reason
    assert exc.value.fix


def test_cells_are_nfkc_normalised_and_stripped():
    assert clean_text("  ３１３５０００００１　") == "3135000001"
    assert clean_text("一年级（１）班 ") == "一年级(1)班"
    assert clean_text("   ") is None
    assert clean_text(3135000001.0) == 3135000001


def test_header_keys_ignore_marks_units_and_width():
    assert header_key("＊身份证件号（必填）") == "身份证件号"
    assert header_key(" 出生日期\n(yyyy-mm-dd) ") == "出生日期"
    assert header_key("学位数【个】") == "学位数"


def test_header_is_found_under_a_title_row():
    head = [
        ("泉港区2019年学生信息表", None, None),
        ("学校标识码", "姓名", "身份证件号"),
        ("3135000001", "张三", "x"),
    ]
    header = find_header(head, INDEX)
    assert (header.first_row, header.last_row) == (2, 2)
    assert header.columns == {"school_code": 0, "name": 1, "id_number": 2}


def test_two_header_rows_with_merged_names_and_group_labels():
    # 学校标识码 and 姓名 are merged over both header rows; 基本信息 spans the sub-headers below it;
    # the 家庭成员1 block repeats 姓名 and 身份证件号, which must not be taken for the student's.
    head = [
        ("学校标识码", "姓名", "基本信息", None, None, "家庭成员1", None),
        (None, None, "性别", "出生日期", "身份证件号", "姓名", "身份证件号"),
        ("3135000001", "张三", "男", "2012-09-01", "x", "张父", "y"),
    ]
    header = find_header(head, INDEX)
    assert (header.first_row, header.last_row) == (1, 2)
    assert header.columns == {"school_code": 0, "name": 1, "gender": 2, "birth_date": 3, "id_number": 4}


def test_no_known_header_is_none():
    assert find_header([("a", "b"), ("c", "d")], INDEX) is None


def _book(rows) -> io.BytesIO:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def test_blank_rows_are_skipped_and_rows_keep_their_excel_numbers():
    book = _book(
        [
            ["学生名单"],
            ["学校标识码", "姓名 ", "身份证件号"],
            ["3135000001", "张三", "X1"],
            [None, None, None],
            [],
            ["  ", "", None],
            ["３１３５０００００１", "李四  ", "X2"],
        ]
    )
    table = read_table(book, INDEX, expected="姓名")
    assert [(n, v["name"]) for n, v in table.rows] == [(3, "张三"), (7, "李四")]
    assert table.rows[1][1]["school_code"] == "3135000001"
    assert table.header.titles["name"] == "姓名"


def test_a_later_sheet_with_the_header_is_used():
    wb = Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["请按模板填写"])
    data = wb.create_sheet("学生")
    data.append(["学校标识码", "姓名"])
    data.append(["3135000001", "张三"])
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    table = read_table(buf, INDEX, expected="姓名")
    assert table.header.sheet == "学生"
    assert len(table.rows) == 1


def _zip_without_workbook() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, ".xls"),
        ("学校标识码,姓名\n3135000001,张三\n".encode(), "不是 Excel 工作簿"),
        (b"PK\x03\x04" + b"\0" * 50, "已损坏"),
        (_zip_without_workbook(), "已损坏"),
        (b"", "不是 Excel 工作簿"),
    ],
    ids=["xls", "csv", "truncated-zip", "zip-without-workbook", "empty"],
)
def test_files_that_are_not_xlsx_get_a_clear_error(content, says):
    with pytest.raises(WorkbookError) as exc:
        read_table(io.BytesIO(content), INDEX, expected="姓名")
    assert says in str(exc.value)


def test_a_workbook_without_a_known_header_names_the_columns_expected():
    with pytest.raises(WorkbookError) as exc:
        read_table(_book([["a", "b"], [1, 2]]), INDEX, expected="姓名、身份证件号")
    assert "找不到表头" in str(exc.value) and "姓名、身份证件号" in str(exc.value)


def test_a_workbook_too_large_to_hold_is_refused(monkeypatch):
    monkeypatch.setattr("edubureau.registry.imports.reader.MAX_ROWS", 3)
    rows = [["学校标识码", "姓名"], *[["3135000001", f"学生{n}"] for n in range(4)]]
    with pytest.raises(WorkbookError) as exc:
        read_table(_book(rows), INDEX, expected="姓名")
    assert "拆分" in str(exc.value)
    assert len(read_table(_book(rows[:4]), INDEX, expected="姓名").rows) == 3
