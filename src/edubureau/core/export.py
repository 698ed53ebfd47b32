"""The one export mechanism: any list of rows to an .xlsx download."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from edubureau.core import clock

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[str, Callable[[object], object]]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float | dt.date | str):
        return value
    return str(value)


def xlsx_bytes(columns: Sequence[Column], rows: Iterable[object], *, title: str = "Sheet1") -> bytes:
    """A workbook with one header row and one row per item; written streaming, so large lists stay lean."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    widths = [max(8, len(str(h)) * 2 + 2) for h, _ in columns]
    for i, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(w, 40)
    ws.freeze_panes = "A2"
    from openpyxl.cell import WriteOnlyCell

    header = []
    for h, _ in columns:
        c = WriteOnlyCell(ws, value=str(h))
        c.font = Font(bold=True)
        header.append(c)
    ws.append(header)
    for row in rows:
        ws.append([_cell(get(row)) for _, get in columns])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def attachment(content: bytes, filename: str, content_type: str = XLSX) -> HttpResponse:
    """A download response whose Chinese file name survives every browser (RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=content_type)
    ascii_name = filename.encode("ascii", "ignore").decode() or "export.xlsx"
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    return response


def xlsx_response(filename: str, columns: Sequence[Column], rows: Iterable[object], *, title: str = "Sheet1"):
    return attachment(xlsx_bytes(columns, rows, title=title), f"{filename}_{clock.stamp()}.xlsx")
