"""The Excel round trip: a school's template (.xlsx) for one submission, and reading a filled one back.

The template's first sheet lists the form's fields, one per row: 项目 | 填写 | 说明 | 代码 (the field key,
which the reader goes by, so a row moved or a label retyped does no harm). Each table field has its own
sheet: row 1 the column labels, row 2 the column keys, data from row 3, one row per item. A hidden sheet
``_meta`` names the form, its version, the school and the period, so a template of another form, version,
school or period is refused by name. Files are checked for size and shape before parsing with the
registry import's safety code (``registry.imports.reader.open_workbook``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from edubureau.collect import definition as defn
from edubureau.core.export import workbook_bytes
from edubureau.registry.imports.reader import WorkbookError, open_workbook

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
META = "_meta"
MAIN = "填报"


def _help(field: dict) -> str:
    parts = [defn.type_labels()[field["type"]]]
    if field.get("required"):
        parts.append(_("required"))
    if "min" in field or "max" in field:
        parts.append(_("from {min} to {max}").format(min=field.get("min", "…"), max=field.get("max", "…")))
    if field.get("options"):
        parts.append("、".join(field["options"]))
    if field.get("help"):
        parts.append(field["help"])
    if field["type"] == defn.FILE:
        parts.append(_("attach it on the form's page on a phone or computer; leave this cell as it is"))
    return "；".join(parts)


def _shown(field: dict, value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value)
    return value


def template_bytes(*, definition: dict, meta: dict, values: dict | None = None) -> bytes:
    """The template of one submission (pre-filled with ``values`` where there are some)."""
    values = values or {}
    fields = defn.fields_of(definition)
    main = [[_("Item"), _("Value"), _("How to fill in"), _("Code")]]
    main += [
        [f["label"], _shown(f, values.get(f["key"])), _help(f), f["key"]]
        for f in fields
        if f["type"] != defn.TABLE
    ]
    sheets = [(MAIN, main, {"widths": {"A": 28, "B": 24, "C": 50}})]
    for field in fields:
        if field["type"] == defn.TABLE:
            columns = field.get("columns", [])
            rows = [[c["label"] for c in columns], [c["key"] for c in columns]]
            rows += [[_shown(c, row.get(c["key"])) for c in columns] for row in values.get(field["key"], [])]
            sheets.append((field["label"], rows, {}))
    sheets.append((META, [[key, str(value)] for key, value in meta.items()], {"hidden": True}))
    return workbook_bytes(sheets)


@dataclass
class Filled:
    """What a filled template says: its ``_meta`` and the values, by field key."""

    meta: dict
    values: dict
    row_of: dict  # value path → "sheet row n", for the report


def _cell(value):
    if isinstance(value, str):
        value = value.strip()
    return None if value == "" else value


def read_filled(fh, *, definition: dict | None = None, size: int | None = None) -> Filled:
    """Read a filled template. ``definition`` (when known) says which sheets are tables.

    WorkbookError (a sentence with the fix) for a file that is too large, not .xlsx, or not a template."""
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise WorkbookError(
            _(
                "The file is {size} MB; a filled template is at most {max} MB. Upload the template as downloaded."
            ).format(size=round(size / 1024 / 1024, 1), max=MAX_UPLOAD_BYTES // 1024 // 1024)
        )
    wb = open_workbook(fh)
    try:
        if META not in wb.sheetnames or MAIN not in wb.sheetnames:
            raise WorkbookError(
                _(
                    "This file is not a template of this system: download the school's template and fill it in."
                )
            )
        meta = {str(r[0]): str(r[1]) for r in wb[META].iter_rows(values_only=True, max_col=2) if r and r[0]}
        values, row_of = {}, {}
        for n, row in enumerate(wb[MAIN].iter_rows(min_row=2, max_col=4, values_only=True), start=2):
            if not row or len(row) < 4 or not row[3]:
                continue
            key = str(row[3]).strip()
            values[key] = _cell(row[1])
            row_of[key] = _("sheet “{sheet}” row {row}").format(sheet=MAIN, row=n)
        for field in defn.fields_of(definition or {}):
            if field["type"] != defn.TABLE:
                continue
            title = field["label"][:31]
            if title not in wb.sheetnames:
                values[field["key"]] = []
                continue
            rows = list(wb[title].iter_rows(values_only=True, max_row=defn.TABLE_MAX_ROWS + 3))
            keys = [str(k).strip() if k else "" for k in (rows[1] if len(rows) > 1 else ())]
            table = []
            for n, row in enumerate(rows[2:], start=3):
                item = {k: _cell(v) for k, v in zip(keys, row, strict=False) if k}
                if all(v is None for v in item.values()):
                    continue
                table.append(item)
                row_of[f"{field['key']}.{len(table)}"] = _("sheet “{sheet}” row {row}").format(
                    sheet=title, row=n
                )
            values[field["key"]] = table
        return Filled(meta=meta, values=values, row_of=row_of)
    finally:
        wb.close()
