"""Issue 8 item 2: every .xlsx the product writes keeps text as text (no formula, no error cell).

Three layers: the one writer (``core.export.xlsx_bytes``) on every dangerous start; a scan that no other
module writes workbooks; and every export route of the product, fetched over HTTP with hostile names in
the rows, read back cell by cell and as raw sheet XML.
"""

import io
import pathlib
import re
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

import edubureau
from edubureau.core.export import xlsx_bytes
from edubureau.core.models import Job
from edubureau.core.testing.jobs import body_of, job_download
from edubureau.planning.models import Task
from edubureau.planning.tests.tracking.factories import url_walk_objects as planning_objects
from edubureau.registry.models import Department
from edubureau.registry.testing.factories import (
    EnrollmentFactory,
    SchoolClassFactory,
    StudentFactory,
    TeacherFactory,
)
from edubureau.supervision.models import Rectification
from edubureau.supervision.tests.factories import url_walk_objects as supervision_objects

HYPERLINK = '=HYPERLINK("http://x","点我")'
HOSTILE = [
    HYPERLINK,
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
    "#N/A",
    "#REF!",
    "=",
    "普通文字",
]


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))


def cells(content: bytes) -> list:
    """Every cell of every sheet, read back as openpyxl sees it."""
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_no_formula(content: bytes) -> None:
    assert not re.search(r"<f[ >/]", sheet_xml(content)), "a cell is written as a formula"
    assert not [c.coordinate for c in cells(content) if c.data_type in ("f", "e")]


# --- the writer -------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", HOSTILE)
def test_text_stays_text_exactly(text):
    # when a value and a header start like a formula
    content = xlsx_bytes([(text, lambda row: row)], [text, 7, None])

    # then the file holds no formula, and both read back as the same text, typed string
    assert_no_formula(content)
    header, value, number, blank = cells(content)
    assert (header.value, header.data_type) == (text, "s")
    assert (value.value, value.data_type) == (text, "s")
    assert (number.value, number.data_type) == (7, "n")
    # and the dangerous ones carry Excel's quote prefix, so editing the cell keeps it text
    assert value.quotePrefix == (text != "普通文字")


def test_no_module_but_core_export_writes_a_workbook():
    """One export mechanism: openpyxl is imported for writing in ``core/export.py`` only (the import
    reader and the plan-table reader only read), so the neutralising above covers every .xlsx the product writes."""
    root = pathlib.Path(edubureau.__file__).parent
    writers = []
    for path in root.rglob("*.py"):
        rel = path.relative_to(root).as_posix()
        if "/tests/" in rel or rel.startswith("core/testing/"):
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b(Workbook\(|xlsxwriter|\.to_excel\(|openpyxl\.Workbook)", text):
            writers.append(rel)
        readers = {"core/export.py", "registry/imports/reader.py", "planning/parser/sources.py"}
        if "openpyxl" in text and rel not in readers:
            writers.append(rel)
    assert writers == ["core/export.py"]


# --- every export route -----------------------------------------------------------------------------

EXPORTS = [
    ("registry:school_export", {}),
    ("registry:class_export", {}),
    ("registry:teacher_export", {}),
    ("registry:student_export", {}),
    ("registry:student_export", {"id_numbers": "full"}),
    ("registry:area_export", {}),
    ("registry:department_export", {}),
    ("planning:task_export", {}),
    ("supervision:visit_export", {}),
    ("supervision:rectification_export", {}),
    ("indicators:dashboard", {"export": "xlsx"}),
    ("indicators:class_size", {"export": "xlsx"}),
    ("indicators:balance", {"export": "xlsx"}),
    ("indicators:quality", {"export": "xlsx"}),
    ("registry:import_errors_xlsx", {}),
    ("registry:import_template", {}),
]
# Exports whose rows carry a name we made hostile: the text must arrive, as text.
CARRIES_HOSTILE = {
    "registry:school_export",
    "registry:class_export",
    "registry:teacher_export",
    "registry:student_export",
    "registry:area_export",
    "registry:department_export",
    "planning:task_export",
    "supervision:visit_export",
    "supervision:rectification_export",
    "registry:import_errors_xlsx",
}


@pytest.fixture
def hostile_world(district, sysadmin):
    """Rows of every exported kind whose names a hostile user typed."""
    for obj in (district.school, district.other_school, district.town):
        obj.name = HYPERLINK
        obj.save()
    school_class = SchoolClassFactory(school=district.school, name=HYPERLINK)
    student = StudentFactory(school=district.school, name=HYPERLINK)
    EnrollmentFactory(student=student, school_class=school_class)
    TeacherFactory(school=district.school, name=HYPERLINK, main_subject="@SUM(A1:A2)")
    Department.objects.create(county=district.county, name=HYPERLINK)
    planning_objects(district.county)
    Task.objects.update(title=HYPERLINK)
    supervision_objects(district)
    Rectification.objects.update(requirement=HYPERLINK)
    job = Job.objects.create(
        kind="import.students",
        owner=sysadmin,
        status=Job.Status.FAILED,
        params={"kind": "students"},
        result={"errors": [{"row": 3, "column": "姓名", "value": HYPERLINK, "reason": "+1", "fix": "-1"}]},
    )
    return {"registry:import_errors_xlsx": [job.pk], "registry:import_template": ["students"]}


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "query"), EXPORTS)
def test_every_export_writes_text_as_text(client, sysadmin, hostile_world, name, query):
    # given rows named like formulas; when the export is downloaded
    client.force_login(sysadmin)
    response = job_download(client.get(reverse(name, args=hostile_world.get(name, [])), query))

    # then it is a workbook, never cached, without a single formula or error cell
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    content = body_of(response)
    assert_no_formula(content)
    # and where a hostile name was exported, it reads back exactly, as a string
    if name in CARRIES_HOSTILE:
        found = [c for c in cells(content) if c.value == HYPERLINK]
        assert found and all(c.data_type == "s" for c in found)
