"""A form definition (填报表单) as plain JSON, and the validation of a submission against it.

Pure functions over plain data (no ORM), so that the web page, the Excel upload, the API and the command
line all judge a submission the same way. A definition is ``{"fields": [field, …]}``; a field is

    {"key": "lessons", "label": "安全教育课时", "type": "integer", "required": true,
     "min": 0, "max": 200, "help": "本月实际开设的安全教育课时"}

with ``type`` one of ``TYPES``; ``options`` (a list of texts) for ``choice`` and ``multi``; and for
``table`` (a repeating table, "one row per drill") ``columns`` (fields that are not tables) and
``row_label`` ("每次演练一行"). Values are ``{key: value}``; a table's value is a list of ``{column key:
value}``. Clean values are JSON: integers as int, decimals as text (exact), dates as ISO text, yes/no as
bool, multi-choice as a list, a file or photo as the id of the stored file (``collect.SubmissionFile``,
uploaded on the fill-in page; the service checks that the id is one of the submission's own files).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

INTEGER, DECIMAL, TEXT, CHOICE, MULTI, DATE, YESNO, FILE, TABLE = (
    "integer", "decimal", "text", "choice", "multi", "date", "yesno", "file", "table",
)  # fmt: skip
TYPES = (INTEGER, DECIMAL, TEXT, CHOICE, MULTI, DATE, YESNO, FILE, TABLE)
NUMERIC = (INTEGER, DECIMAL)
KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX = 2000
TABLE_MAX_ROWS = 500
YES = {"是", "yes", "y", "true", "1", "有", "√", "✓"}
NO = {"否", "no", "n", "false", "0", "无", "×", "✗"}


def type_labels() -> dict[str, str]:
    return {
        INTEGER: _("whole number"),
        DECIMAL: _("number with decimals"),
        TEXT: _("text"),
        CHOICE: _("one choice"),
        MULTI: _("several choices"),
        DATE: _("date"),
        YESNO: _("yes / no"),
        FILE: _("photo or file"),
        TABLE: _("table, one row per item"),
    }


class DefinitionError(ValueError):
    """A definition that cannot be used; ``messages`` say which field and how to fix it."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def _number(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _check_field(field: dict, n: str, *, in_table: bool, problems: list[str]) -> dict:
    key = str(field.get("key") or "").strip()
    label = str(field.get("label") or "").strip()
    kind = str(field.get("type") or "").strip()
    if not KEY_RE.match(key):
        problems.append(
            _(
                "Field {n}: the key “{key}” must start with a letter and use only lower-case letters, "
                "digits and _ (at most 40)."
            ).format(n=n, key=key)
        )
    if not label:
        problems.append(_("Field {n}: give the field a label.").format(n=n))
    if kind not in TYPES:
        problems.append(
            _("Field {n}: “{type}” is not a field type; choose one of: {types}.").format(
                n=n, type=kind, types=pgettext("list separator", ", ").join(type_labels().values())
            )
        )
        return {}
    clean = {"key": key, "label": label[:80], "type": kind, "required": bool(field.get("required"))}
    if str(field.get("help") or "").strip():
        clean["help"] = str(field["help"]).strip()[:300]
    if kind in NUMERIC:
        low, high = field.get("min"), field.get("max")
        low_n, high_n = _number(low), _number(high)
        if (low not in (None, "") and low_n is None) or (high not in (None, "") and high_n is None):
            problems.append(
                _("Field {n} “{label}”: the minimum and the maximum must be numbers.").format(
                    n=n, label=label
                )
            )
        elif low_n is not None and high_n is not None and low_n > high_n:
            problems.append(
                _("Field {n} “{label}”: the minimum {min} is above the maximum {max}.").format(
                    n=n, label=label, min=low_n, max=high_n
                )
            )
        for name, value in (("min", low_n), ("max", high_n)):
            if value is not None:
                clean[name] = int(value) if value == value.to_integral_value() else str(value)
    if kind in (CHOICE, MULTI):
        options = [str(o).strip() for o in field.get("options") or [] if str(o).strip()]
        if len(options) < 2 or len(set(options)) != len(options):
            problems.append(
                _("Field {n} “{label}”: give at least two different options.").format(n=n, label=label)
            )
        clean["options"] = options
    if kind == TABLE:
        if in_table:
            problems.append(
                _("Field {n} “{label}”: a table cannot hold another table.").format(n=n, label=label)
            )
            return clean
        columns = field.get("columns") or []
        if not columns:
            problems.append(
                _("Field {n} “{label}”: a table needs at least one column.").format(n=n, label=label)
            )
        clean["columns"] = _check_fields(columns, prefix=f"{n}.", in_table=True, problems=problems)
        clean["row_label"] = str(field.get("row_label") or "").strip()[:80]
    return clean


def _check_fields(fields, *, prefix: str, in_table: bool, problems: list[str]) -> list[dict]:
    out, seen = [], set()
    for i, field in enumerate(fields, start=1):
        n = f"{prefix}{i}"
        if not isinstance(field, dict):
            problems.append(_("Field {n}: not a field description.").format(n=n))
            continue
        clean = _check_field(field, n, in_table=in_table, problems=problems)
        if clean.get("key") in seen:
            problems.append(
                _("Field {n}: the key “{key}” is used twice; give each field its own key.").format(
                    n=n, key=clean["key"]
                )
            )
        seen.add(clean.get("key"))
        if clean:
            out.append(clean)
    return out


def definition_check(definition) -> dict:
    """The definition, cleaned; DefinitionError listing every problem (field number, what to fix)."""
    problems: list[str] = []
    fields = definition.get("fields") if isinstance(definition, dict) else None
    if not isinstance(fields, list) or not fields:
        raise DefinitionError([_("The form needs at least one field.")])
    clean = _check_fields(fields, prefix="", in_table=False, problems=problems)
    if problems:
        raise DefinitionError(problems)
    return {"fields": clean}


def fields_of(definition: dict) -> list[dict]:
    return list(definition.get("fields", []))


def field_get(definition: dict, key: str) -> dict | None:
    for field in fields_of(definition):
        if field["key"] == key:
            return field
        for column in field.get("columns", ()):
            if f"{field['key']}.{column['key']}" == key:
                return column
    return None


# --- a submission's values ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One bad value: where (``path``: "lessons", "drills.3.date") and what to do, as a sentence."""

    path: str
    message: str


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _clean_value(field: dict, value, name: str):
    """(clean value, error message or None) for one non-empty value."""
    kind = field["type"]
    shown = _text(value)[:40]
    if kind in NUMERIC:
        number = _number(value)
        if number is None or (kind == INTEGER and number != number.to_integral_value()):
            if kind == INTEGER:
                return None, _(
                    "“{field}”: “{value}” is not a whole number; enter a whole number such as 12."
                ).format(field=name, value=shown)
            return None, _("“{field}”: “{value}” is not a number; enter a number such as 3.5.").format(
                field=name, value=shown
            )
        low, high = _number(field.get("min")), _number(field.get("max"))
        if low is not None and number < low:
            return None, _("“{field}”: {value} is below the minimum {min}; enter {min} or more.").format(
                field=name, value=shown, min=low
            )
        if high is not None and number > high:
            return None, _("“{field}”: {value} is above the maximum {max}; enter {max} or less.").format(
                field=name, value=shown, max=high
            )
        return (int(number) if kind == INTEGER else str(number.normalize())), None
    if kind == TEXT:
        text = _text(value)
        if len(text) > TEXT_MAX:
            return None, _("“{field}” is longer than {max} characters; shorten it.").format(
                field=name, max=TEXT_MAX
            )
        return text, None
    if kind == DATE:
        if isinstance(value, dt.datetime):
            return value.date().isoformat(), None
        if isinstance(value, dt.date):
            return value.isoformat(), None
        text = _text(value).replace("/", "-").replace(".", "-")
        try:
            return dt.date.fromisoformat(text[:10]).isoformat(), None
        except ValueError:
            return None, _("“{field}”: “{value}” is not a date; enter it as 2019-03-15.").format(
                field=name, value=shown
            )
    if kind == YESNO:
        if isinstance(value, bool):
            return value, None
        text = _text(value).lower()
        if text in YES or text in NO:
            return text in YES, None
        return None, _("“{field}”: “{value}” is neither yes nor no; answer yes or no.").format(
            field=name, value=shown
        )
    if kind == FILE:
        if isinstance(value, int) and not isinstance(value, bool) and value > 0:
            return value, None
        if isinstance(value, str) and value.strip().isdigit() and int(value) > 0:
            return int(value), None
        return None, _("“{field}”: attach the photo or file again on the fill-in page.").format(field=name)
    options = field.get("options", [])
    if kind == CHOICE:
        text = _text(value)
        if text in options:
            return text, None
        return None, _(
            "“{field}”: “{value}” is not one of the options ({options}); choose one of them."
        ).format(field=name, value=shown, options=pgettext("list separator", ", ").join(options))
    if kind == MULTI:
        items = value if isinstance(value, list | tuple) else re.split(r"[,，、;；\n]", str(value))
        picked = [_text(i) for i in items if _text(i)]
        wrong = [p for p in picked if p not in options]
        if wrong:
            return None, _(
                "“{field}”: “{value}” is not one of the options ({options}); choose one of them."
            ).format(field=name, value=wrong[0][:40], options=pgettext("list separator", ", ").join(options))
        return [o for o in options if o in picked], None
    return None, _("“{field}”: this kind of field cannot be filled in here.").format(field=name)


def _validate_fields(fields, values: dict, *, prefix: str, label_of, problems: list[Problem]) -> dict:
    clean = {}
    for field in fields:
        key, name = field["key"], label_of(field)
        value = values.get(key)
        path = f"{prefix}{key}"
        if field["type"] == TABLE:
            rows = value if isinstance(value, list) else []
            rows = [r for r in rows if isinstance(r, dict) and not all(_empty(v) for v in r.values())]
            if not rows and field.get("required"):
                problems.append(
                    Problem(path, _("“{field}” needs at least one row: add a row.").format(field=name))
                )
            if len(rows) > TABLE_MAX_ROWS:
                problems.append(
                    Problem(
                        path,
                        _("“{field}” has more than {max} rows; split it.").format(
                            field=name, max=TABLE_MAX_ROWS
                        ),
                    )
                )
                rows = rows[:TABLE_MAX_ROWS]
            out = []
            for i, row in enumerate(rows, start=1):

                def row_label(column, i=i, table=field["label"]):
                    return _("{table} row {row}, {column}").format(table=table, row=i, column=column["label"])

                out.append(
                    _validate_fields(
                        field.get("columns", []),
                        row,
                        prefix=f"{path}.{i}.",
                        label_of=row_label,
                        problems=problems,
                    )
                )
            clean[key] = out
            continue
        if _empty(value):
            if field.get("required"):
                problems.append(Problem(path, _("“{field}” is required: fill it in.").format(field=name)))
            continue
        cleaned, error = _clean_value(field, value, name)
        if error:
            problems.append(Problem(path, error))
        else:
            clean[key] = cleaned
    return clean


def validate(definition: dict, values: dict, *, complete: bool = True) -> tuple[dict, list[Problem]]:
    """The clean values of a submission and its problems (empty when it may be submitted).

    ``complete=False`` (a draft) skips the required checks but still refuses values of the wrong kind.
    """
    problems: list[Problem] = []
    fields = fields_of(definition)
    if not complete:
        fields = [_optional(f) for f in fields]
    clean = _validate_fields(
        fields,
        values if isinstance(values, dict) else {},
        prefix="",
        label_of=lambda f: f["label"],
        problems=problems,
    )
    return clean, problems


def _optional(field: dict) -> dict:
    out = {**field, "required": False}
    if "columns" in field:
        out["columns"] = [_optional(c) for c in field["columns"]]
    return out


# --- the editor's rows ----------------------------------------------------------------------------------


def definition_from_rows(rows: list[dict]) -> dict:
    """A definition from the editor's flat rows (one per field; a table column names its table in
    ``table``), in the order given. Rows without key and label are skipped (the editor's blank rows)."""
    fields: list[dict] = []
    tables: dict[str, dict] = {}
    for row in rows:
        if not str(row.get("key") or "").strip() and not str(row.get("label") or "").strip():
            continue
        field = {
            "key": str(row.get("key") or "").strip(),
            "label": str(row.get("label") or "").strip(),
            "type": str(row.get("type") or "").strip(),
            "required": bool(row.get("required")),
            "help": str(row.get("help") or "").strip(),
            "min": row.get("min"),
            "max": row.get("max"),
            "options": [o for o in re.split(r"[\n,，、]", str(row.get("options") or "")) if o.strip()],
        }
        if field["type"] == TABLE:
            field["columns"] = []
            field["row_label"] = str(row.get("row_label") or "").strip()
            tables[field["key"]] = field
        parent = str(row.get("table") or "").strip()
        if parent and parent in tables:
            tables[parent]["columns"].append(field)
        else:
            fields.append(field)
    return {"fields": fields}


def file_ids(definition: dict, values: dict) -> set[int]:
    """The ids of the stored files a submission's clean values name (file fields, also in table rows)."""
    ids: set[int] = set()
    for field in fields_of(definition):
        value = values.get(field["key"])
        if field["type"] == FILE and isinstance(value, int):
            ids.add(value)
        if field["type"] == TABLE and isinstance(value, list):
            for row in value:
                for column in field.get("columns", []):
                    if column["type"] == FILE and isinstance(row.get(column["key"]), int):
                        ids.add(row[column["key"]])
    return ids


def rows_from_definition(definition: dict) -> list[dict]:
    """The editor's flat rows of a definition (the inverse of ``definition_from_rows``)."""
    rows = []
    separator = pgettext("list separator", ", ")  # the editor splits options at either
    for field in fields_of(definition):
        rows.append({**field, "options": separator.join(field.get("options", [])), "table": ""})
        for column in field.get("columns", []):
            rows.append(
                {**column, "options": separator.join(column.get("options", [])), "table": field["key"]}
            )
    return rows
