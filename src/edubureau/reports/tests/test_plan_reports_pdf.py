"""The monthly 通报 as LibreOffice lays it out: downloaded, converted to PDF, read back with poppler.

Page 1 is kept as ``var/screenshots/plan-bulletin-page1.png`` so that a person can look at it.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from edubureau.planning import selectors
from edubureau.reports.builders import wording as w

from .plans import TODAY, quangang_plan

TOOLS = ("soffice", "pdftoppm", "pdftotext")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
SCREENSHOTS = Path(__file__).resolve().parents[4] / "var" / "screenshots"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING), reason=f"needs LibreOffice and poppler-utils; missing: {', '.join(MISSING)}"
    ),
]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=180).stdout


@pytest.fixture(autouse=True)
def report_urls(settings, monkeypatch):
    settings.ROOT_URLCONF = "edubureau.reports.tests.urls"
    settings.TODAY = TODAY.isoformat()


@pytest.mark.django_db
def test_bulletin_page_one_looks_like_an_official_bulletin(client, district, leader, tmp_path):
    # given: the June 通报 of a plan with a task in every light, as downloaded
    plan = quangang_plan(district.county)
    client.force_login(leader)
    response = client.get(reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-06")
    assert response.status_code == 200
    source = tmp_path / "bulletin.docx"
    source.write_bytes(response.content)
    # and the year-end summary of the same plan, converted in the same LibreOffice run
    summary = client.get(reverse("reports:plan_summary", args=[plan.pk]))
    assert summary.status_code == 200
    (tmp_path / "summary.docx").write_bytes(summary.content)

    # when: LibreOffice makes a PDF of it, and poppler a PNG of page 1
    profile = (tmp_path / "lo-profile").as_uri()  # a throwaway profile: parallel runs do not share one
    _run(
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(tmp_path),
        str(source),
        str(tmp_path / "summary.docx"),
    )
    pdf = tmp_path / "bulletin.pdf"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = SCREENSHOTS / "plan-bulletin-page1.png"
    _run(
        "pdftoppm",
        "-png",
        "-r",
        "60",
        "-f",
        "1",
        "-l",
        "1",
        "-singlefile",
        str(pdf),
        str(png.with_suffix("")),
    )
    pages = [
        re.sub(r"\s+", "", page) for page in _run("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]
    ]

    # then: page 1 carries the masthead, the number, the title and the first part; the last page the
    # signature, the 抄送 and the 印发 line; every page its number
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    first = pages[0]
    for text in (
        "泉港区教育局文件",
        "泉港教督〔2019〕6号",
        "泉港区教育局关于2019年6月",
        "重点工作推进情况的通报",
        "各股室、直属单位：",
        "一、总体情况",
    ):
        assert text in first, text
    for text in ("2019年6月20日", "抄送：局领导。", "泉港区教育局办公室", "2019年6月20日印发"):
        assert text in pages[-1], text
    assert len(pages) >= 2
    # the targets table (附表2) shows the actual every page shows: 幼儿园计划招生 6700, computed
    whole = "".join(pages)
    assert "附表2：量化目标完成情况一览表" in whole
    assert "6700人" in whole.split("附表2：量化目标完成情况一览表")[1]
    for number, page in enumerate(pages, 1):
        assert f"—{number}—" in page, f"page {number} has no page number"

    # the year-end summary, laid out by LibreOffice, shows for every target the actual the targets tab and
    # the dashboard show (one selector), and its page 1 is kept as a PNG for a person to look at
    summary_pdf = tmp_path / "summary.pdf"
    _run("pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile", str(summary_pdf),
         str(SCREENSHOTS / "plan-summary-page1"))  # fmt: skip
    laid_out = re.sub(r"\s+", "", _run("pdftotext", "-layout", str(summary_pdf), "-"))
    values = selectors.target_values(plan=plan, user=leader)
    shown = [v for v in values.values() if v.actual is not None]
    assert shown, "the plan has computed targets"
    for v in shown:
        assert re.sub(r"\s+", "", w.number(v.actual, v.unit)) in laid_out, v
