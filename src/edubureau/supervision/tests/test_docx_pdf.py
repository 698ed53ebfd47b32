"""The 督导记录 .docx as LibreOffice lays it out: converted to PDF and page 1 to PNG
(var/screenshots/supervision-visit-record-page1.png) for a person to look at."""

import shutil
import subprocess
from pathlib import Path

import pytest

from edubureau.core.documents import render_docx
from edubureau.supervision import documents, selectors
from edubureau.supervision.tests.factories import visit_with_rectification

TOOLS = ("soffice", "pdftoppm", "pdftotext")
MISSING = [t for t in TOOLS if shutil.which(t) is None]
SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db,
    pytest.mark.skipif(
        bool(MISSING), reason=f"needs LibreOffice and poppler-utils; missing: {', '.join(MISSING)}"
    ),
]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=180).stdout


def test_visit_record_renders(tmp_path, district, sup):
    rect = visit_with_rectification(sup, district.school)
    visit = rect.finding.visit
    detail = selectors.visit_detail(visit=visit)
    doc = documents.visit_record_document(
        visit=visit,
        checklist=detail["checklist"],
        findings=detail["findings"],
        files=detail["files"],
        issuer="泉港区教育局督导室",
    )
    source = tmp_path / "record.docx"
    source.write_bytes(render_docx(doc))
    _run(
        "soffice",
        f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
    )
    pdf = tmp_path / "record.pdf"
    text = _run("pdftotext", "-layout", str(pdf), "-")
    compact = "".join(text.split())
    assert "责任督学挂牌督导记录" in compact
    assert all(s in compact for s in ("督导事项", "校务管理", "食堂、食品", "校风、教风"))  # the 8-item table
    assert "清理消防通道" in compact
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    _run(
        "pdftoppm",
        "-png",
        "-r",
        "80",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(pdf),
        str(SCREENSHOTS / "supervision-visit-record-page1"),
    )
    assert (SCREENSHOTS / "supervision-visit-record-page1.png").stat().st_size > 10_000
