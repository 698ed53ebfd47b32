"""Building registry workbooks for tests and the benchmark: small ones cell by cell, large ones streamed."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from edubureau.core.testing.factories import make_id_number

STUDENT_HEADER = [
    "学校标识码", "姓名", "性别", "出生日期", "民族", "身份证件号", "户口性质", "是否进城务工人员随迁子女",
    "是否留守儿童", "残疾类型", "随班就读", "年级", "班级", "入学年月",
]  # fmt: skip

GRADES = {
    "primary": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
    "junior": ["初一", "初二", "初三"],
    "nine_year": ["一年级", "三年级", "五年级", "七年级", "八年级", "九年级"],
    "kindergarten": ["小班", "中班", "大班"],
}


def write_xlsx(
    path: Path, rows: Iterable[Sequence], *, streaming: bool = False, title: str = "Sheet1"
) -> Path:
    """A workbook of ``rows``. ``streaming`` writes large ones in constant memory and then adds the
    sheet dimension Excel itself writes (openpyxl's streaming writer leaves it out)."""
    if not streaming:
        wb = Workbook()
        ws = wb.active
        ws.title = title
        for row in rows:
            ws.append(list(row))
        wb.save(path)
        return path
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title)
    count, width = 0, 0
    for row in rows:
        ws.append(list(row))
        count, width = count + 1, max(width, len(row))
    with tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False) as tmp:
        raw = Path(tmp.name)
    wb.save(raw)
    dimension = f'<dimension ref="A1:{get_column_letter(max(width, 1))}{max(count, 1)}"/>'.encode()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                data = data.replace(b"<sheetViews>", dimension + b"<sheetViews>", 1)
            zout.writestr(item, data)
    raw.unlink()
    return path


def student_row(code: str, n: int, *, grade: str = "一年级", klass: str = "1班", **overrides) -> list:
    """One good CNSSIS row for school ``code``; ``n`` makes the ID number (and birth date) unique."""
    birth = dt.date(2010, 1, 1) + dt.timedelta(days=n // 1000)
    values = {
        "学校标识码": code,
        "姓名": f"学生{n}",
        "性别": "男" if n % 2 else "女",
        "出生日期": birth.isoformat(),
        "民族": "汉族",
        "身份证件号": make_id_number(n, birth),
        "户口性质": "农业户口",
        "是否进城务工人员随迁子女": "否",
        "是否留守儿童": "非留守",
        "残疾类型": "无",
        "随班就读": "否",
        "年级": grade,
        "班级": klass,
        "入学年月": "201909",
    }
    values.update(overrides)
    return [values[h] for h in STUDENT_HEADER]


def student_rows(schools: Sequence[tuple[str, str]], count: int, *, class_size: int = 45):
    """``count`` good rows spread over ``schools`` ((code, kind) pairs), in classes of ``class_size``."""
    per_school = -(-count // len(schools))
    for i in range(count):
        code, kind = schools[i // per_school]
        within = i % per_school
        grades = GRADES[kind]
        grade = grades[(within // class_size) % len(grades)]
        klass = f"{within // (class_size * len(grades)) + 1}班"
        yield student_row(code, i, grade=grade, klass=klass)


def copy_to(path: Path, target: Path) -> Path:
    shutil.copy(path, target)
    return target
