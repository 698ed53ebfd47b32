"""学校考核分 import: one row per teacher — 教师姓名, 身份证件号 or 教职工号 (with the school), 学校, 考核分数, and
optionally 获奖加分 and 交流年限 — into the scores of one 三考评 scheme, all rows or none.

The workbook is read by the registry import's reader (archive bounds checked before any XML is parsed,
header found among the first rows, cells cleaned). A teacher is found as the registry identifies her: by
the keyed hash of her ID number (the number itself is never queried), else by her 教职工号 at the school
named; the name must agree with the registry. Every bad row is reported with its row, column, value and
fix; the scores are written only when no row is bad, then the scheme's totals are recomputed."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from edubureau.core import audit, bulk, crypto
from edubureau.core.export import workbook_bytes
from edubureau.registry.choices import StaffCategory, TeacherStatus
from edubureau.registry.imports.reader import CellError, WorkbookError, as_text, header_key, read_table
from edubureau.registry.imports.validate import RowError, row_error
from edubureau.registry.models import School
from edubureau.staffing import preparation, services
from edubureau.staffing.models import EvaluationScheme, TeacherScore

MAX_ERRORS = 500
CHUNK = 2000
#: The columns of the file (the header of the template first, then the spellings also accepted). The
#: headers are the file's format, as the registry's imports keep theirs, not words of the page.
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("教师姓名", "姓名", "教职工姓名"),
    "id_number": ("身份证件号", "身份证号", "身份证号码", "身份证件号码", "证件号码", "公民身份号码"),
    "staff_number": ("教职工号", "工号", "教师编号"),
    "school": ("学校", "学校名称", "所在学校", "任职学校", "学校标识码", "学校代码"),
    "appraisal": ("考核分数", "学校考核分", "考核分", "考核得分"),
    "awards": ("获奖加分", "获奖积分", "获奖分"),
    "exchange": ("交流年限", "交流年数", "交流服务年限"),
}
TEMPLATE_HEADER = [names[0] for names in COLUMNS.values()]
EXAMPLE = ["张晓红", "", "QG0001", "泉港一中附小", 88.5, 2, 1]


@dataclass
class ImportOutcome:
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _index() -> dict[str, str]:
    return {header_key(name): key for key, names in COLUMNS.items() for name in names}


def teacher_rows(scheme: EvaluationScheme, teachers) -> list[list]:
    """One row per teacher who can compete (in post, on establishment, a full-time teacher) among
    ``teachers`` in the scheme's county: name, staff number and school filled, the ID number left blank
    (it is not exported), and the scores stored so far, so that a school fills in or corrects its column."""
    stored = {
        t: (float(a), float(w), x)
        for t, a, w, x in TeacherScore.objects.filter(scheme=scheme).values_list(
            "teacher_id", "appraisal", "award_points", "exchange_years"
        )
    }
    rows = (
        teachers.filter(
            county=scheme.county_id, status=TeacherStatus.IN_POST, on_establishment=True,
            staff_category=StaffCategory.FULL_TIME_TEACHER,
        )
        .order_by("school__code", "staff_number", "name")
        .values_list("pk", "name", "staff_number", "school__name")
    )  # fmt: skip
    return [
        [name, None, number or None, school, *stored.get(pk, (None, None, None))]
        for pk, name, number, school in rows
    ]


def template_bytes(rows: list[list] | None = None) -> bytes:
    """The template: the header (and ``rows``), then a sheet of how to fill it (the reader takes the first
    sheet)."""
    notes = [
        [_("How to fill in the score workbook")],
        [_("One row per teacher; keep the header row as it is and delete nothing above it.")],
        [_("Identify each teacher by her ID number (18 characters, cells formatted as text), or by her staff number together with her school.")],
        [_("The name must be the one in the teacher registry; the school may be written by name or by its 10-digit code.")],
        [_("考核分数: the school's appraisal of the teacher, 0 to 100, at most two decimals.")],
        [_("获奖加分 (awards, 0 to 100; the record counts at most 10) and 交流年限 (whole years of exchange service) may be left blank: a blank keeps what is stored.")],
        [_("A teacher you have no score for: delete her row.")],
        [_("If any row is wrong, nothing is imported: the page lists every problem with its row, column and fix.")],
        [_("Example row")],
        TEMPLATE_HEADER,
        EXAMPLE,
    ]  # fmt: skip
    return workbook_bytes(
        [
            (
                _("Scores"),
                [TEMPLATE_HEADER, *(rows or [])],
                {"widths": dict.fromkeys("ABCDEFG", 16) | {"B": 22}},
            ),
            (_("How to fill in"), notes, {"widths": {"A": 100}}),
        ]
    )


# --- cells ------------------------------------------------------------------------------------------------


def _decimal(value: object, *, low: Decimal, high: Decimal, what: str) -> Decimal:
    if isinstance(value, bool):
        raise CellError(
            _("not a number"), _("Write a number from {low} to {high}.").format(low=low, high=high)
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(
            _("“{value}” is not a number").format(value=as_text(value)[:20]),
            _("Write only the number of the {what}, from {low} to {high} (e.g. 88.5).").format(
                what=what, low=low, high=high
            ),
        ) from None
    if not number.is_finite() or number < low or number > high:
        raise CellError(
            _("{value} is outside {low}–{high}").format(value=as_text(value)[:20], low=low, high=high),
            _("Check the {what}: it must be from {low} to {high}.").format(what=what, low=low, high=high),
        )
    if number != number.quantize(Decimal("0.01")):
        raise CellError(
            _("{value} has more than two decimals").format(value=as_text(value)[:20]),
            _("Round the {what} to two decimals.").format(what=what),
        )
    return number


def appraisal_value(value: object) -> Decimal:
    if value is None:
        raise CellError(_("the appraisal score is empty"), _("Write the school's appraisal score, 0 to 100."))
    return _decimal(value, low=Decimal(0), high=Decimal(100), what=_("appraisal score"))


def award_value(value: object) -> Decimal | None:
    return (
        None if value is None else _decimal(value, low=Decimal(0), high=Decimal(100), what=_("award points"))
    )


def exchange_value(value: object) -> int | None:
    if value is None:
        return None
    number = _decimal(value, low=Decimal(0), high=Decimal(40), what=_("years of exchange service"))
    if number != number.to_integral_value():
        raise CellError(
            _("{value} is not a whole number of years").format(value=as_text(value)),
            _("Write whole years of exchange service (0, 1, 2 …)."),
        )
    return int(number)


# --- finding the teacher ------------------------------------------------------------------------------------


@dataclass
class Row:
    """One row as written, with the column headers as written (for the report)."""

    number: int | None
    data: dict[str, object]
    titles: dict[str, str]

    def error(self, key: str, reason: str, fix: str = "", *, secret: bool = False) -> RowError:
        return row_error(
            self.number,
            self.titles.get(key, COLUMNS[key][0]),
            self.data.get(key) or "",
            reason,
            fix,
            secret=secret,
        )


class Directory:
    """The teachers and schools a row may name: the scheme's county, inside the user's scope, read in a few
    queries for the whole file."""

    def __init__(self, scheme: EvaluationScheme, teachers, rows: list[Row]):
        schools = list(School.objects.filter(county=scheme.county_id).values_list("pk", "code", "name"))
        self.school_by_code = {code: pk for pk, code, _name in schools}
        self.schools_by_name: dict[str, list[int]] = {}
        for pk, _code, name in schools:
            self.schools_by_name.setdefault(header_key(name), []).append(pk)
        self.school_names = {pk: name for pk, _code, name in schools}
        teachers = teachers.filter(county=scheme.county_id)
        hashes = sorted({h for r in rows if (h := r.data.get("_hash"))})
        numbers = sorted({str(n) for r in rows if (n := r.data.get("staff_number")) is not None})
        fields = ("pk", "name", "school_id", "id_number_hash", "staff_number")
        found = []
        for i in range(0, len(hashes), CHUNK):
            found += teachers.filter(id_number_hash__in=hashes[i : i + CHUNK]).values_list(*fields)
        for i in range(0, len(numbers), CHUNK):
            found += teachers.filter(staff_number__in=numbers[i : i + CHUNK]).values_list(*fields)
        self.by_hash = {f[3]: f for f in found}
        self.by_number: dict[tuple[int, str], list[tuple]] = {}
        for f in set(found):
            if f[4]:
                self.by_number.setdefault((f[2], f[4]), []).append(f)

    def school(self, row: Row, errors: list[RowError]) -> int | None:
        value = row.data.get("school")
        if value is None:
            return None
        text = as_text(value)
        if text.isdigit() and len(text) == 10:
            pk = self.school_by_code.get(text)
            if pk is None:
                errors.append(row.error("school", _("no school of the county has this code"),
                                        _("Check the 10-digit school code, or write the school's name.")))  # fmt: skip
            return pk
        found = self.schools_by_name.get(header_key(text), [])
        if len(found) == 1:
            return found[0]
        errors.append(
            row.error(
                "school",
                _("several schools have this name") if found else _("no school of the county has this name"),
                _("Write the school's 10-digit code instead."),
            )
        )
        return None

    def teacher(self, row: Row, school: int | None, errors: list[RowError]) -> tuple | None:
        """(pk, name, school, hash, staff number) of the row's teacher, else None with the error."""
        digest = row.data.get("_hash")
        if digest:
            found = self.by_hash.get(digest)
            if found is None:
                errors.append(row.error("id_number", _("the teacher registry has no teacher with this ID number in your scope"),
                                        _("Check the ID number; a teacher new to the county is first added to the registry."),
                                        secret=True))  # fmt: skip
            return found
        number = as_text(row.data.get("staff_number"))
        if school is None:
            errors.append(row.error("school", _("the school is empty"),
                                    _("A staff number is only unique within a school: write the school, or the ID number instead.")))  # fmt: skip
            return None
        found = self.by_number.get((school, number), [])
        if len(found) == 1:
            return found[0]
        errors.append(
            row.error(
                "staff_number",
                _("two teachers of the school have this staff number")
                if found
                else _("{school} has no teacher with this staff number in the registry").format(
                    school=self.school_names.get(school, "")
                ),
                _("Check the staff number, or write the teacher's ID number instead."),
            )
        )
        return None


def _identity(row: Row, errors: list[RowError]) -> None:
    """Check the name and the ID number or staff number; put the ID number's keyed hash in the row."""
    if not row.data.get("name"):
        errors.append(row.error("name", _("the name is empty"), _("Write the teacher's full name.")))
    raw = row.data.get("id_number")
    if raw is not None:
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            errors.append(row.error("id_number", _("Excel stored the ID number as a number and lost its last digits"),
                                    _("Format the column as text and type the ID number again."), secret=True))  # fmt: skip
            return
        number = crypto.normalise_id_number(as_text(raw))
        problem = crypto.id_number_problem(number)
        if problem:
            errors.append(row.error("id_number", problem, _("Check the ID number (18 characters, the last may be X)."), secret=True))  # fmt: skip
            return
        row.data["_hash"] = crypto.keyed_hash(number)
    elif row.data.get("staff_number") is None:
        errors.append(row.error("id_number", _("neither an ID number nor a staff number"),
                                _("Write the teacher's ID number, or her staff number and school.")))  # fmt: skip


def _values(row: Row, errors: list[RowError]) -> dict:
    out = {}
    for key, parse, target in (
        ("appraisal", appraisal_value, "appraisal"),
        ("awards", award_value, "award_points"),
        ("exchange", exchange_value, "exchange_years"),
    ):
        try:
            out[target] = parse(row.data.get(key))
        except CellError as error:
            errors.append(row.error(key, error.reason, error.fix))
    return out


def check_rows(
    scheme: EvaluationScheme, teachers, rows: list[Row]
) -> tuple[list[RowError], list[tuple[int, dict]]]:
    """Every row checked: (errors, [(teacher pk, values)]). ``teachers``: the registry's teachers the user
    may see; one outside them is reported exactly like one not in the registry."""
    cells: list[tuple[Row, list[RowError], dict]] = []
    for row in rows:
        errs: list[RowError] = []
        _identity(row, errs)
        cells.append((row, errs, _values(row, errs)))
    directory = Directory(scheme, teachers, rows)
    errors: list[RowError] = []
    good: list[tuple[int, dict]] = []
    seen: dict[int, int | None] = {}
    for row, errs, values in cells:
        if len(errors) >= MAX_ERRORS:
            break
        school = directory.school(row, errs)
        pk = None if errs else _match(row, directory, school, errs)
        if pk is not None and pk in seen:
            key = "id_number" if row.data.get("_hash") else "staff_number"
            errs.append(row.error(key, _("the same teacher as row {row}").format(row=seen[pk]),
                                  _("Keep one row per teacher; delete the repeated row."), secret=key == "id_number"))  # fmt: skip
        errors += errs
        if not errs and pk is not None:
            seen[pk] = row.number
            good.append((pk, values))
    return errors[:MAX_ERRORS], good


def _match(row: Row, directory: Directory, school: int | None, errors: list[RowError]) -> int | None:
    """The row's teacher, whose name (and school, when written) agree with the registry."""
    found = directory.teacher(row, school, errors)
    if found is None:
        return None
    pk, name, home, _hash, _number = found
    if header_key(row.data.get("name")) != header_key(name):
        errors.append(row.error("name", _("the registry has this teacher as “{name}”").format(name=name),
                                _("Check the name and the ID number or staff number: they must be the same teacher's.")))  # fmt: skip
        return None
    if school is not None and school != home:
        errors.append(row.error("school", _("the registry has this teacher at {school}").format(school=directory.school_names.get(home, "")),
                                _("Write her school as in the registry, or update the registry first.")))  # fmt: skip
        return None
    return pk


# --- the import -------------------------------------------------------------------------------------------


def _header_errors(titles: dict) -> list[RowError]:
    errors = []
    for key in ("name", "appraisal"):
        if key not in titles:
            label = COLUMNS[key][0]
            errors.append(RowError(None, label, "", _("the column “{column}” is missing").format(column=label),
                                   _("Add the column “{column}” to the header (download the template).").format(column=label)))  # fmt: skip
    if "id_number" not in titles and "staff_number" not in titles:
        errors.append(RowError(None, "身份证件号", "", _("neither an ID number column nor a staff number column"),
                               _("Add the column “身份证件号”, or “教职工号” with “学校”.")))  # fmt: skip
    elif "id_number" not in titles and "school" not in titles:
        errors.append(RowError(None, "学校", "", _("the column “学校” is missing"),
                               _("Staff numbers are unique within a school only: add the column “学校”.")))  # fmt: skip
    return errors


def scores_import(*, actor, scheme: EvaluationScheme, fh, teachers, filename: str = "") -> ImportOutcome:
    """Read, check every row, and write the scores only if no row is wrong (one transaction); the totals
    are recomputed and one audit entry says what the file did."""
    out = ImportOutcome()
    try:
        preparation.scheme_check_open(scheme)
    except ValidationError as error:
        out.errors.append(RowError(None, "", "", " ".join(error.messages)))
        return out
    try:
        table = read_table(fh, _index(), expected="教师姓名、身份证件号、学校、考核分数")
    except WorkbookError as error:
        out.errors.append(RowError(None, "", "", str(error)))
        return out
    titles = table.header.titles
    out.errors = _header_errors(titles)
    if out.errors:
        return out
    rows = [Row(number, data, titles) for number, data in table.rows]
    if not rows:
        out.errors.append(RowError(None, "", "", _("the workbook has a header but no teacher rows"),
                                   _("Fill one row per teacher under the header.")))  # fmt: skip
        return out
    out.errors, good = check_rows(scheme, teachers, rows)
    if out.errors:
        out.errors.sort(key=lambda e: e.row or 0)
        return out
    out.created, out.updated = scores_write(actor=actor, scheme=scheme, rows=good, filename=filename)
    return out


@transaction.atomic
def scores_write(
    *, actor, scheme: EvaluationScheme, rows: list[tuple[int, dict]], filename: str = ""
) -> tuple[int, int]:
    """Create or update the scores of the checked rows; a blank award or exchange cell keeps what is stored."""
    EvaluationScheme.objects.select_for_update().filter(pk=scheme.pk).first()
    preparation.scheme_check_open(scheme)
    have = {
        s.teacher_id: s
        for s in TeacherScore.objects.filter(scheme=scheme, teacher_id__in=[pk for pk, _v in rows])
    }
    new, changed = [], []
    for pk, values in rows:
        data = {k: v for k, v in values.items() if v is not None}
        score = have.get(pk)
        if score is None:
            new.append(TeacherScore(scheme=scheme, teacher_id=pk, county_id=scheme.county_id, **data))
        elif any(getattr(score, k) != v for k, v in data.items()):
            for k, v in data.items():
                setattr(score, k, v)
            changed.append(score)
    bulk.insert_objects(new)
    bulk.update_objects(changed, ["appraisal", "award_points", "exchange_years"])
    audit.record(
        actor=actor, action="staffing.teacherscore.import", obj=scheme,
        after={"rows": len(rows), "created": len(new), "updated": len(changed), "file": filename[:200]},
    )  # fmt: skip
    services.scores_compute(actor=actor, scheme=scheme)
    return len(new), len(changed)


def find_teacher(scheme: EvaluationScheme, teachers, data: dict) -> tuple[int | None, list[RowError]]:
    """The teacher one typed score is for (the page's form): the same checks as a row of the file."""
    row = Row(None, dict(data), {})
    errors: list[RowError] = []
    _identity(row, errors)
    if errors:
        return None, errors
    directory = Directory(scheme, teachers, [row])
    school = directory.school(row, errors)
    pk = None if errors else _match(row, directory, school, errors)
    return pk, errors
