"""The rendered .docx as LibreOffice lays it out: converted to PDF, read back with poppler.

Page 1 is kept as ``var/screenshots/reports-gbt9704-page1.png`` so that a person can look at it.
"""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from edubureau.core.documents import render_docx

from .documents import FULL_LINES, quangang_notice

TOOLS = ("soffice", "pdftoppm", "pdftotext")
MISSING = [tool for tool in TOOLS if shutil.which(tool) is None]
SCREENSHOTS = Path(__file__).resolve().parents[5] / "var" / "screenshots"
MM = 72 / 25.4
TEXT_BOTTOM_PT = (297 - 35) * MM  # lower edge of the 版心

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(MISSING), reason=f"needs LibreOffice and poppler-utils; missing: {', '.join(MISSING)}"
    ),
]


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True, timeout=180).stdout


@pytest.fixture(scope="module")
def pdf(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("gbt9704")
    source = out / "notice.docx"
    source.write_bytes(render_docx(quangang_notice(filler_paragraphs=16)))
    profile = (out / "lo-profile").as_uri()  # a throwaway profile: parallel runs do not share one
    _run(
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(out),
        str(source),
    )
    return out / "notice.pdf"


@pytest.fixture(scope="module")
def pages(pdf) -> list[str]:
    return _run("pdftotext", "-layout", str(pdf), "-").split("\f")[:-1]


@pytest.fixture(scope="module")
def words(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Per page, every word as (xMin, yMin, xMax, yMax, text) in points from the top left."""
    html = _run("pdftotext", "-bbox", str(pdf), "-")
    pattern = re.compile(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<')
    return [
        [(float(a), float(b), float(c), float(d), text) for a, b, c, d, text in pattern.findall(page)]
        for page in html.split("<page ")[1:]
    ]


def _pixels(pdf: Path, tmp_path: Path) -> tuple[int, int, bytes]:
    """Page 1 as raw RGB (binary PPM, which needs no imaging library to read)."""
    _run("pdftoppm", "-r", "30", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(tmp_path / "page"))
    data = (tmp_path / "page.ppm").read_bytes()
    magic, width, height, _maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P6"
    return int(width), int(height), pixels


def test_page_one_png_is_kept_and_shows_a_red_masthead(pdf, tmp_path):
    # when
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    png = SCREENSHOTS / "reports-gbt9704-page1.png"
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
    width, height, pixels = _pixels(pdf, tmp_path)

    # then: a PNG exists, and page 1 has red in its top half (mark and rule) and black text below it
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rgb = [pixels[i : i + 3] for i in range(0, width * height * 3, 3)]
    top, bottom = rgb[: len(rgb) // 2], rgb[len(rgb) // 2 :]
    red = sum(1 for r, g, b in top if r > 200 and g < 100 and b < 100)
    dark = sum(1 for r, g, b in bottom if r < 100 and g < 100 and b < 100)
    assert red > 200
    assert dark > 200


def test_long_document_runs_over_pages_numbered_in_em_dashes(pages):
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert re.search(rf"—\s*{number}\s*—", text), f"page {number} has no page number"


def test_page_numbers_sit_right_on_odd_pages_and_left_on_even_pages(words):
    page_width = 595.3
    for number, page in enumerate(words, 1):
        digits = [w for w in page if w[4] == str(number) and w[1] > TEXT_BOTTOM_PT]
        assert len(digits) == 1, f"page {number}"
        x_min, _, x_max, _, _ = digits[0]
        if number % 2:
            assert x_min > page_width / 2
        else:
            assert x_max < page_width / 2


def test_a_full_page_holds_22_lines_of_28_characters(pages, words):
    # given the pages between the first and the last
    middle = words[1:-1]

    # when: the distinct text lines inside the 版心, and the lines of a paragraph with no punctuation
    lines_per_page = [len({round(w[1]) for w in page if w[1] < TEXT_BOTTOM_PT}) for page in middle]
    lines = [line.replace(" ", "") for text in pages for line in text.splitlines()]

    # then
    assert max(lines_per_page) == 22
    assert FULL_LINES[:26] in lines  # the first line, after the two-character indent
    assert FULL_LINES[26:54] in lines  # a whole line: 28 characters


def test_record_on_the_last_page_on_the_bottom_edge_of_the_text_block(pages, words):
    # when
    printed = [w for w in words[-1] if w[4].endswith("印发")]

    # then: 抄送 and 印发 on the last page only, the 印发 line just above the 版心's lower edge
    assert "抄送：" in pages[-1]
    assert not any("抄送：" in text for text in pages[:-1])
    assert len(printed) == 1
    y_max = printed[0][3]
    assert TEXT_BOTTOM_PT - 28.95 < y_max <= TEXT_BOTTOM_PT + 1
