"""Files built to hurt: a zip bomb, a giant shared string, corrupt parts. Each is refused with the ordinary
report, before anything big is parsed; values echoed in a report are cut short, and the stored report of a
failed job stays small."""

import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from edubureau.core.models import Job
from edubureau.registry.imports import tasks
from edubureau.registry.imports.reader import WorkbookError, read_table
from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.test_cli import registry
from edubureau.registry.imports.tests.workbooks import student_row

INDEX = {"学校标识码": "school_code", "姓名": "name"}


def _rewrite(path, change: dict, add: dict | None = None) -> bytes:
    """The workbook at ``path`` with members replaced (``change``: name → fn(bytes) → bytes) or added."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item.filename, change.get(item.filename, lambda d: d)(data))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return out.getvalue()


def _read(content: bytes) -> str:
    with pytest.raises(WorkbookError) as exc:
        read_table(io.BytesIO(content), INDEX, expected="姓名")
    return str(exc.value)


def test_a_zip_bomb_is_refused_before_parsing(xlsx):
    path = xlsx([["学校标识码", "姓名"], ["3135000001", "张三"]])
    # 64 MB of zeros deflate to about 64 KB: a thousandfold, where spreadsheet XML inflates a few dozen times.
    bomb = _rewrite(path, {}, add={"xl/media/image1.png": bytes(64 * 1024 * 1024)})
    assert len(bomb) < 200_000

    message = _read(bomb)

    assert "xl/media/image1.png" in message and "64 MB" in message and "压缩了" in message


def test_a_workbook_too_large_uncompressed_is_refused(xlsx, settings):
    settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED = 4096
    path = xlsx([["学校标识码", "姓名"], *[["3135000001", f"学生{n}"] for n in range(200)]])

    message = _read(path.read_bytes())

    assert "解压后有" in message and "超过上限4 KB" in message


def test_a_giant_shared_string_is_refused_before_it_is_loaded(xlsx, settings):
    """The 400 MB string of the issue, scaled down with the limit: the table is refused unread."""
    settings.REGISTRY_IMPORT_MAX_SHARED_STRINGS = 100_000
    path = xlsx([["学校标识码", "姓名"], ["3135000001", "张" * 200_000]], large=True)

    message = _read(path.read_bytes())

    assert "共享字符串表" in message and "超过上限98 KB" in message


def test_too_many_columns_are_refused(xlsx, settings):
    settings.REGISTRY_IMPORT_MAX_COLUMNS = 20
    path = xlsx([["学校标识码", "姓名"], ["3135000001", "张三", *range(30)]], large=True)

    assert "第2行有32列，超过上限20列" in _read(path.read_bytes())


def _corrupt_sheet_data(path) -> bytes:
    """The workbook with bytes in the middle of the compressed sheet overwritten (CRC and inflate break)."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for i in range(start + 10, start + min(info.compress_size - 10, 60)):
        raw[i] = 0xFF
    return bytes(raw)


def _bad_shared_string_index(path) -> bytes:
    """The sheet's first shared-string reference made to point past the table (index 999)."""
    return _rewrite(
        path, {"xl/worksheets/sheet1.xml": lambda d: re.sub(rb'(t="s"><v>)\d+', rb"\g<1>999", d, count=3)}
    )


def _garbage_zip(path) -> bytes:
    return _rewrite(path, {"xl/workbook.xml": lambda d: b"<workbook><sheets><sheet"})


@pytest.mark.parametrize(
    "spoil", [_corrupt_sheet_data, _bad_shared_string_index, _garbage_zip], ids=lambda f: f.__name__[1:]
)
def test_a_corrupt_workbook_is_the_ordinary_report_on_the_command_line(
    district, students_xlsx, tmp_path, spoil
):
    path = students_xlsx([student_row(district.school.code, n) for n in range(3)], large=True)
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(spoil(path))

    status, out, err = registry("import", "students", bad, "--json")

    assert status == 1
    (error,) = json.loads(out)["errors"]
    assert "文件可能已损坏" in error["reason"] or "它可能已损坏" in error["reason"]
    assert "Traceback" not in err


def test_a_corrupt_workbook_is_the_ordinary_report_on_the_page(district, principal, students_xlsx, tmp_path):
    path = students_xlsx([student_row(district.school.code, n) for n in range(3)], large=True)

    result = import_run(actor=principal, kind="students", source=io.BytesIO(_bad_shared_string_index(path)))

    assert not result.ok and "已损坏" in result.errors[0].reason


def test_an_overlong_cell_is_a_row_error_that_echoes_only_its_start(district, principal, students_xlsx):
    path = students_xlsx([student_row(district.school.code, 1, 姓名="张" * 5000)], large=True)

    result = import_run(actor=principal, kind="students", source=path, dry_run=True)

    (error,) = result.errors
    assert (error.row, error.column) == (2, "姓名")
    assert error.reason == "值过长（5,000个字符）" and "1,000" in error.fix
    assert error.value == "张" * 50 + "…"


def test_a_long_bad_value_is_cut_in_the_value_and_in_the_reason(district, principal, students_xlsx):
    path = students_xlsx([student_row(district.school.code, 1, 出生日期="x" * 900)], large=True)

    result = import_run(actor=principal, kind="students", source=path, dry_run=True)

    (error,) = [e for e in result.errors if e.column == "出生日期"]
    assert error.value == "x" * 50 + "…"
    assert len(error.reason) <= 201 and error.reason.startswith("“xxx")


def test_the_stored_report_of_a_failed_job_stays_small(
    district, principal, students_xlsx, monkeypatch, client
):
    monkeypatch.setattr(tasks, "MAX_STORED_ERRORS", 5)
    rows = [student_row(district.school.code, n, 出生日期="x" * 900) for n in range(12)]
    path = students_xlsx(rows, large=True)
    job = Job.objects.create(
        owner=principal,
        kind="import.students",
        params={"kind": "students", "result_template": tasks.RESULT_TEMPLATE},
    )
    with open(path, "rb") as fh:
        job.input_file.save("students.xlsx", fh, save=True)

    job = tasks.job_run(job.pk)

    assert job.result["error_count"] == 12 and len(job.result["errors"]) == 5
    assert len(json.dumps(job.result, ensure_ascii=False)) < 5 * 500
    client.force_login(principal)
    page = client.get(reverse("registry:import_job", args=[job.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert "下载的清单列出前 5 个" in page.content.decode()
