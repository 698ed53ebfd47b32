"""Reading a registry workbook: find the header, map columns by name, normalise cells and dates.

Schools send what their systems export (CNSSIS 学籍, the national teacher system) or what they typed in
Excel/WPS: a merged title row above the header, two header rows, full-width characters, trailing spaces,
blank rows, dates written six ways. This module turns any of those into rows of clean Python values keyed
by column, without touching the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO
from xml.parsers import expat

from django.conf import settings
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import column_index_from_string
from openpyxl.utils.datetime import from_excel, from_ISO8601

# How far down a sheet the header may start (title rows, notes, two header rows).
HEADER_SCAN_ROWS = 20
# Rows are held in memory while they are checked; a county's 学籍 is about 10⁵ rows.
MAX_ROWS = 300_000
# A registry cell holds a name, a code or a date; a longer text is a paste gone wrong.
MAX_CELL_CHARS = 1000
# Values echoed in a report are cut to this many characters.
SHOWN_CHARS = 50
logger = logging.getLogger(__name__)
# Group labels above sub-headers that belong to someone other than the student (家庭成员/监护人 blocks
# repeat 姓名 and 身份证件号).
_OTHER_PERSON_GROUP = re.compile(r"成员|监护人|家长|父亲|母亲|联系人")
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]|【[^】]*】|<[^>]*>")
_HEADER_JUNK = re.compile(r"[\s*:：※#]")


class WorkbookError(Exception):
    """The file cannot be read as a registry workbook; the message says why and how to fix it (Chinese)."""


class CellError(ValueError):
    """One cell's value is unusable: ``reason`` says what is wrong, ``fix`` how to correct it."""

    def __init__(self, reason: str, fix: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.fix = fix


# --------------------------------------------------------------------------- cells


def clean_text(value: object) -> object:
    """A cell as a clean value: NFKC-normalised stripped text, None for blank, whole floats as int."""
    if value is None:
        return None
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        return text or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def header_key(text: object) -> str:
    """A header cell reduced to what identifies it: 「＊身份证件号（必填）」 → 「身份证件号」."""
    if text is None:
        return ""
    key = unicodedata.normalize("NFKC", str(text))
    key = _BRACKETS.sub("", key)
    return _HEADER_JUNK.sub("", key)


def shorten(text: str, limit: int = SHOWN_CHARS) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for echoing in a report."""
    return text if len(text) <= limit else text[:limit] + "…"


def as_text(value: object) -> str:
    """A cleaned cell as text; numbers the way a person typed them (3135000001, not 3135000001.0)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --------------------------------------------------------------------------- dates

_FULL_DATE = re.compile(
    r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)
_YEAR_MONTH = re.compile(r"^(\d{4})\s*[-./年]\s*(\d{1,2})\s*月?$")
_DATE_FIX = "请写成 2012-09-01、2012/9/1、2012.9.1 或 2012年9月1日"
_MONTH_FIX = "请写成 2012-09、2012.9、2012年9月 或 201209"
# Excel serials from 1900-01-01 to 2099-12-31; anything else that is a number is not a date.
_SERIAL_RANGE = (1, 73050)


def _make_date(year: int, month: int, day: int, text: str) -> dt.date:
    if not 1900 <= year <= 2100:
        raise CellError(f"年份{year}不合理", _DATE_FIX)
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise CellError(f"日期不存在：{year}年{month}月没有{day}日", "请核对日期") from None
        raise CellError(f"日期不存在：没有{month}月", "请核对日期") from None


def parse_date(value: object) -> dt.date:
    """A calendar date from a date cell, an Excel serial, or text such as 2012.9.1 or 2012年9月1日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise CellError("不是日期", _DATE_FIX)
    if isinstance(value, int) and 19000101 <= value <= 21001231:
        value = str(value)
    if isinstance(value, int | float):
        if _SERIAL_RANGE[0] <= value <= _SERIAL_RANGE[1]:
            return from_excel(value).date()
        raise CellError(f"“{as_text(value)}”不是日期", _DATE_FIX)
    text = str(value)
    m = _FULL_DATE.match(text)
    if m:
        return _make_date(int(m[1]), int(m[2]), int(m[3]), text)
    if len(text) == 8 and text.isdigit():
        return _make_date(int(text[:4]), int(text[4:6]), int(text[6:]), text)
    raise CellError(f"“{text}”不是日期", _DATE_FIX)


def parse_year_month(value: object) -> dt.date:
    """The first day of a month written as 201209, 2012-09, 2012.9, 2012年9月, or as a full date."""
    if isinstance(value, int) and 190001 <= value <= 210012:
        value = str(value)
    if isinstance(value, str):
        text = value
        m = _YEAR_MONTH.match(text)
        if m:
            return _make_date(int(m[1]), int(m[2]), 1, text)
        if len(text) == 6 and text.isdigit():
            return _make_date(int(text[:4]), int(text[4:]), 1, text)
    try:
        day = parse_date(value)
    except CellError:
        raise CellError(f"“{as_text(value)}”不是年月", _MONTH_FIX) from None
    return day.replace(day=1)


# --------------------------------------------------------------------------- workbooks

_XLS_MAGIC = b"\xd0\xcf\x11\xe0"
_ZIP_MAGIC = b"PK\x03\x04"


_UNREADABLE = "无法读取该文件：它可能已损坏，或不是 Excel 工作簿。请用 Excel 或 WPS 打开后重新另存为 .xlsx。"
_MB = 1024 * 1024


def _mb(size: int) -> str:
    return f"{size / _MB:,.0f} MB" if size >= _MB else f"{size / 1024:,.0f} KB"


def check_archive(fh: IO[bytes]) -> None:
    """Refuse, before any XML is parsed, a workbook whose parts would take too much memory or time: the
    whole uncompressed, the shared-strings table (openpyxl holds it in memory whole), and any part that
    inflates far more than spreadsheet XML does (a zip bomb). The limits are settings."""
    try:
        with zipfile.ZipFile(fh) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise WorkbookError(_UNREADABLE) from exc
    finally:
        fh.seek(0)
    total = sum(m.file_size for m in members)
    if total > settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED:
        raise WorkbookError(
            f"文件解压后有{_mb(total)}，超过上限{_mb(settings.REGISTRY_IMPORT_MAX_UNCOMPRESSED)}。"
            "请删除多余的工作表、图片和格式，或按学校拆分成几个文件分别导入。"
        )
    for member in members:
        if member.filename.lower() == "xl/sharedstrings.xml" and (
            member.file_size > settings.REGISTRY_IMPORT_MAX_SHARED_STRINGS
        ):
            raise WorkbookError(
                f"文件中的文字内容（共享字符串表）解压后有{_mb(member.file_size)}，"
                f"超过上限{_mb(settings.REGISTRY_IMPORT_MAX_SHARED_STRINGS)}。"
                "请检查是否有单元格粘贴了大段文字，删除后重新保存。"
            )
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > _MB and ratio > settings.REGISTRY_IMPORT_MAX_RATIO:
            raise WorkbookError(
                f"文件中的“{shorten(member.filename)}”压缩了{ratio:,.0f}倍（解压后{_mb(member.file_size)}），"
                "不是正常的 Excel 工作簿。请用 Excel 或 WPS 打开后重新另存为 .xlsx。"
            )


def open_workbook(fh: IO[bytes]):
    """The workbook, streaming (read-only); WorkbookError with a fix for anything that is not .xlsx."""
    head = fh.read(8)
    fh.seek(0)
    if head.startswith(_XLS_MAGIC):
        raise WorkbookError(
            "这是旧版 Excel 97-2003（.xls）文件，无法读取。请在 Excel 或 WPS 中“另存为”.xlsx 格式后再上传。"
        )
    if not head.startswith(_ZIP_MAGIC):
        raise WorkbookError("文件不是 Excel 工作簿（.xlsx）。请上传 Excel 或 WPS 保存的 .xlsx 文件。")
    check_archive(fh)
    try:
        reader = _Reader(fh, read_only=True, data_only=True)
        reader.read()
        return reader.wb
    except Exception as exc:
        # Whatever a parser raises on bytes a stranger sent, for the user it is the same unreadable file.
        logger.info("unreadable workbook", exc_info=True)
        raise WorkbookError(_UNREADABLE) from exc


# --------------------------------------------------------------------------- streaming the XML
#
# openpyxl builds an element for every cell (ElementTree iterparse) and a Text object for every shared
# string: for a district's 70,000-row 学籍 that is 1.1 million cells, about 60 % of the whole import's time
# (bench/import_students.py). Below, the shared strings and the sheet's cells are read with expat callbacks
# instead — the same values openpyxl's read-only sheet gives with ``values_only`` (``test_reader`` compares
# the two on every kind of cell) — while openpyxl still reads the workbook's structure and styles.
# Hardened like defusedxml: a DOCTYPE, an entity declaration or an external entity stops the parse.

_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_C, _V, _ROW, _IS, _T, _RPH, _SI = (f"{_MAIN_NS} {t}" for t in ("c", "v", "row", "is", "t", "rPh", "si"))
_CHUNK_BYTES = 1 << 16


class _Forbidden(ValueError):
    """The XML declares a DOCTYPE or entities: no spreadsheet part does; a hostile one might."""


def _forbid(*args) -> None:
    raise _Forbidden("DTDs and entities are not allowed in a workbook part")


def _parser():
    p = expat.ParserCreate(namespace_separator=" ")
    p.buffer_text = True
    p.StartDoctypeDeclHandler = _forbid
    p.EntityDeclHandler = _forbid
    p.UnparsedEntityDeclHandler = _forbid
    p.ExternalEntityRefHandler = _forbid
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    return p


def _feed(parser, source: IO[bytes]) -> Iterator[None]:
    """Feed ``source`` to ``parser`` in chunks, yielding after each so that callers can drain results."""
    while chunk := source.read(_CHUNK_BYTES):
        parser.Parse(chunk, False)
        yield
    parser.Parse(b"", True)
    yield


def read_shared_strings(source: IO[bytes]) -> list[str]:
    """The shared-strings table as openpyxl reads it: each item's text runs joined, phonetic runs left out."""
    strings: list[str] = []
    parts: list[str] = []
    depth = {"rph": 0, "t": 0}

    def start(name, attrs):
        if name == _T:
            depth["t"] += 1
        elif name == _RPH:
            depth["rph"] += 1
        elif name == _SI:
            parts.clear()

    def end(name):
        if name == _T:
            depth["t"] -= 1
        elif name == _RPH:
            depth["rph"] -= 1
        elif name == _SI:
            strings.append("".join(parts).replace("x005F_", ""))

    def text(data):
        if depth["t"] and not depth["rph"]:
            parts.append(data)

    p = _parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, text
    for _ in _feed(p, source):
        pass
    return strings


class _Reader(ExcelReader):
    """openpyxl's reader with the shared strings read by ``read_shared_strings``."""

    def read_strings(self):
        from openpyxl.xml.constants import SHARED_STRINGS

        ct = self.package.find(SHARED_STRINGS)
        if ct is not None:
            with self.archive.open(ct.PartName[1:]) as src:
                self.shared_strings = read_shared_strings(src)


def _number(text: str) -> int | float:
    return float(text) if "." in text or "E" in text or "e" in text else int(text)


def sheet_values(ws) -> Iterator[tuple]:
    """The rows of a read-only sheet as tuples of values, as ``ws.iter_rows(values_only=True)`` gives them
    after ``reset_dimensions``: a missing row is an empty tuple, a row as wide as its last cell, data-only."""
    wb = ws.parent
    shared = ws._shared_strings
    epoch, dates, durations = wb.epoch, wb._date_formats, wb._timedelta_formats
    rows: list[tuple] = []
    cells: list[tuple[int, object]] = []
    text: list[str] = []
    columns: dict[str, int] = {}  # "AB" -> 28
    # row: the last row number read (a row without r follows it); upcoming: the next row number to give
    # (openpyxl gives a row number once, in order, and an empty row for each number skipped)
    row = col = style = in_is = in_t = rph = 0
    upcoming = 1
    kind, in_v, raw = "n", False, None

    def start(name, attrs):
        nonlocal row, col, style, in_is, in_t, rph, upcoming, kind, in_v, raw
        if name == _C:
            ref = attrs.get("r")
            if ref:
                letters = ref.rstrip("0123456789")
                col = columns.get(letters) or columns.setdefault(letters, column_index_from_string(letters))
            else:
                col += 1
            kind = attrs.get("t", "n")
            s = attrs.get("s")
            style = int(s) if s else 0
            raw = None
        elif name == _V:
            if raw is None and kind != "inlineStr":
                in_v = True
                text.clear()
        elif name == _ROW:
            r = attrs.get("r")
            if r is not None:
                n = float(r)
                if not n.is_integer():
                    raise ValueError(f"{r} is not a valid row number")
                r = int(n)
            else:
                r = row + 1
            while upcoming < r:
                rows.append(())
                upcoming += 1
            row, col = r, 0
            cells.clear()
        elif name == _IS:
            in_is += 1
            text.clear()
        elif name == _T:
            in_t += 1
        elif name == _RPH:
            rph += 1

    def end(name):
        nonlocal in_is, in_t, rph, upcoming, in_v, raw
        if name == _V:
            if in_v:
                in_v = False
                raw = "".join(text)
        elif name == _C:
            cells.append((col, _cell(kind, raw, style)))
        elif name == _ROW:
            if upcoming > row:
                return  # a row number already given (rows out of order): openpyxl skips it too
            upcoming += 1
            if not cells:
                rows.append(())
            elif len(cells) == 1 and cells[0][0] == 1:
                rows.append((cells[0][1],))
            else:
                width = cells[-1][0]
                values = [None] * width
                for c, value in cells:
                    if 1 <= c <= width:
                        values[c - 1] = value
                rows.append(tuple(values))
        elif name == _IS:
            in_is -= 1
            if kind == "inlineStr":
                raw = "".join(text)
        elif name == _T:
            in_t -= 1
        elif name == _RPH:
            rph -= 1

    def chars(data):
        if in_v or (in_is and in_t and not rph):
            text.append(data)

    def _cell(kind: str, raw: str | None, style: int):
        if kind == "inlineStr":
            return raw
        if not raw:
            return None
        if kind == "n":
            value = _number(raw)
            if style in dates:
                try:
                    return from_excel(value, epoch, timedelta=style in durations)
                except (OverflowError, ValueError):
                    return "#VALUE!"
            return value
        if kind == "s":
            return shared[int(raw)]
        if kind == "b":
            return bool(int(raw))
        if kind == "d":
            return from_ISO8601(raw)
        return raw  # str (a formula's text), e (an error such as #N/A)

    p = _parser()
    p.StartElementHandler, p.EndElementHandler, p.CharacterDataHandler = start, end, chars
    with wb._archive.open(ws._worksheet_path) as source:
        for _ in _feed(p, source):
            yield from rows
            rows.clear()


@dataclass
class Header:
    """Where a sheet's header is and which column holds which field."""

    sheet: str
    first_row: int  # Excel row number of the top header row
    last_row: int  # Excel row number of the bottom header row; data follow
    columns: dict[str, int] = field(default_factory=dict)  # field key -> 0-based column index
    titles: dict[str, str] = field(default_factory=dict)  # field key -> header as written


@dataclass
class Table:
    """The data rows of a sheet as (Excel row number, {field key: clean value})."""

    header: Header
    rows: list[tuple[int, dict[str, object]]]


def _row_matches(row: tuple, index: dict[str, str]) -> dict[int, str]:
    return {i: index[k] for i, cell in enumerate(row) if (k := header_key(cell)) and k in index}


def _filled(row: tuple, c: int) -> bool:
    return c < len(row) and row[c] is not None and bool(str(row[c]).strip())


def _non_empty(row: tuple) -> int:
    return sum(1 for c in range(len(row)) if _filled(row, c))


def find_header(head: list[tuple], index: dict[str, str], *, sheet: str = "") -> Header | None:
    """The header among the first rows of a sheet: the row naming most known columns, with the row above
    (a first header row with vertically merged names) and the row below (sub-headers under merged group
    labels) when they name known columns too. ``index`` maps header keys to field keys."""
    matches = [_row_matches(row, index) for row in head]
    if not matches:
        return None
    best = max(range(len(head)), key=lambda i: (len(matches[i]), -i))
    if len(matches[best]) < 2:
        return None

    # Rows above the best one belong to the header when they name columns too (names merged down over
    # two rows) or carry several group labels (基本信息 | 家庭成员1 …); a one-cell title row does not.
    top = best
    while top > 0 and best - top < 2 and (matches[top - 1] or _non_empty(head[top - 1]) >= 2):
        top -= 1
    # A row below is a second header row when it names columns only where the best row has none (the
    # sub-headers under merged group labels); a data row has values under the named columns.
    bottom = best
    named = set(matches[best])
    while (
        bottom + 1 < len(head)
        and bottom - best < 2
        and matches[bottom + 1]
        and not any(_filled(head[bottom + 1], c) for c in named)
    ):
        bottom += 1
        named |= set(matches[bottom])

    header = Header(sheet=sheet, first_row=top + 1, last_row=bottom + 1)
    width = max(len(head[i]) for i in range(top, bottom + 1))
    # Merged group labels appear in their first cell only; carry them right to the cells they span.
    groups: list[list[str]] = []
    for i in range(top, bottom + 1):
        label, labels = "", []
        for c in range(width):
            if _filled(head[i], c):
                label = str(head[i][c])
            labels.append(label)
        groups.append(labels)
    for c in range(width):
        for i in range(bottom, top - 1, -1):
            cell = head[i][c] if c < len(head[i]) else None
            key = index.get(header_key(cell))
            if key is None:
                continue
            above = [groups[j - top][c] for j in range(top, i)]
            if any(_OTHER_PERSON_GROUP.search(label) for label in above):
                break
            if key not in header.columns:  # the leftmost column of a name wins
                header.columns[key] = c
                header.titles[key] = unicodedata.normalize("NFKC", str(cell)).strip()
            break
    return header


def read_table(
    fh: IO[bytes],
    index: dict[str, str],
    *,
    expected: str,
    progress: Callable[[int, int], None] | None = None,
    progress_every: int = 2000,
) -> Table:
    """The first sheet whose header names known columns, read as clean rows (blank rows skipped).

    ``expected`` names typical columns for the error message when no sheet has a header.
    """
    wb = open_workbook(fh)
    try:
        for ws in wb.worksheets:
            estimate = ws.max_row or 0
            # Exporters (Apache POI streaming among them) write wrong sheet dimensions; never trust them.
            ws.reset_dimensions()
            rows = sheet_values(ws)
            head = []
            for row in rows:
                head.append(row)
                if len(head) >= HEADER_SCAN_ROWS:
                    break
            header = find_header(head, index, sheet=ws.title)
            if header is None:
                continue
            return Table(header, list(_data_rows(header, head, rows, estimate, progress, progress_every)))
    except WorkbookError:
        raise
    except Exception as exc:
        # A corrupt part (bad CRC, a shared-string index past the table, broken XML) shows only now.
        logger.info("unreadable workbook", exc_info=True)
        raise WorkbookError(
            "读取文件时出错：文件可能已损坏。请用 Excel 或 WPS 打开后重新另存为 .xlsx。"
        ) from exc
    finally:
        wb.close()
    raise WorkbookError(
        f"找不到表头：工作表前{HEADER_SCAN_ROWS}行中没有可识别的列名（应有 {expected} 等列）。"
    )


def _data_rows(
    header: Header,
    head: list[tuple],
    rest: Iterator[tuple],
    estimate: int,
    progress: Callable[[int, int], None] | None,
    every: int,
) -> Iterator[tuple[int, dict[str, object]]]:
    columns = list(header.columns.items())
    total = max(estimate - header.last_row, 0)

    def rows():
        yield from head[header.last_row :]
        yield from rest

    kept = 0
    max_columns = settings.REGISTRY_IMPORT_MAX_COLUMNS
    for done, row in enumerate(rows(), start=1):
        width = len(row)
        if width > max_columns:
            raise WorkbookError(
                f"第{header.last_row + done}行有{width:,}列，超过上限{max_columns:,}列。"
                "请删除表格右侧多余的列后重新保存。"
            )
        values = {key: clean_text(row[c]) if c < width else None for key, c in columns}
        if any(v is not None for v in values.values()):
            kept += 1
            if kept > MAX_ROWS:
                raise WorkbookError(f"文件超过{MAX_ROWS:,}行，请按学校或年级拆分成几个文件分别导入。")
            yield header.last_row + done, values
        if progress and done % every == 0:
            progress(done, max(total, done))
