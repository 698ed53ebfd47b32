"""The one export mechanism: any list of rows to an .xlsx download."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from edubureau.core import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[str, Callable[[object], object]]


# Text a spreadsheet would take for a formula (CWE-1236, "CSV/formula injection"): openpyxl writes a string
# starting with "=" as a live formula and "#N/A" as an error; Excel, WPS and LibreOffice evaluate + - @ and a
# leading tab or CR when the cell is edited or the sheet is saved as CSV and reopened.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def text_cell(ws, value: str, **style) -> WriteOnlyCell | str:
    """A text cell that stays text, shown exactly as typed: ``=HYPERLINK("http://x","点我")`` is stored as a
    string (no <f> element) with Excel's quote prefix (the hidden ' that a person types before such text),
    so neither opening nor editing the cell turns it into a formula. Plain text passes as it is."""
    if not style and not value.startswith(_FORMULA_START) and value not in ERROR_CODES:
        return value
    cell = WriteOnlyCell(ws, value=value)
    cell.data_type = "s"
    if value.startswith(_FORMULA_START) or value in ERROR_CODES:
        cell.quotePrefix = True
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _cell(ws, value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | dt.date):
        return value
    return text_cell(ws, str(value))


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[object], *, title: str = "Sheet1") -> bytes:
    """A workbook with one header row and one row per item; written streaming, so large lists stay lean.
    Every text cell is text (``text_cell``): no value from the database becomes a formula."""
    buf = io.BytesIO()
    xlsx_write(buf, columns, rows, title=title)
    return buf.getvalue()


def xlsx_write(fh, columns: Sequence[Column], rows: Iterable[object], *, title: str = "Sheet1") -> None:
    """``xlsx_bytes`` written to the open binary file ``fh`` (a background export: no copy in memory)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    widths = [max(8, len(str(h)) * 2 + 2) for h, _ in columns]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(w, 40)
    ws.freeze_panes = "A2"
    ws.append([text_cell(ws, str(h), font=Font(bold=True)) for h, _ in columns])
    for row in rows:
        ws.append([_cell(ws, get(row)) for _, get in columns])
    wb.save(fh)


def workbook_bytes(sheets: Iterable[tuple[str, Iterable[Sequence[object]], dict]]) -> bytes:
    """A workbook of several sheets, each ``(title, rows, options)``; options: ``widths`` (column letter →
    width), ``hidden``. Every text cell is text (``text_cell``), as in ``xlsx_bytes``."""
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows, options in sheets:
        ws = wb.create_sheet(title[:31])
        for row in rows:
            ws.append([_cell(ws, value) for value in row])
        for letter, width in options.get("widths", {}).items():
            ws.column_dimensions[letter].width = width
        if options.get("hidden"):
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A download response whose Chinese file name survives every browser (RFC 6266 filename*). Never
    cached (``no-store``): downloads carry scoped and personal data (pupils' names, birth dates, ID numbers),
    which must not stay in a shared proxy or on the disk of a borrowed computer (PIPL art. 51)."""
    return download_headers(HttpResponse(content, content_type=content_type), filename)


def download_headers(response, filename: str):
    """The headers of every download: never cached, the file name in both forms."""
    add_never_cache_headers(response)
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_response(filename: str, columns: Sequence[Column], rows: Iterable[object], *, title: str = "Sheet1"):
    return attachment(xlsx_bytes(columns, rows, title=title), f"{filename}_{clock.stamp()}.xlsx")
