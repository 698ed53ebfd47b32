"""Row-by-row validation of an import: every bad cell becomes a ``RowError`` naming the Excel row, the
column as the file heads it, the value, the reason and the fix (Chinese, for the people who fix the file).

Pure over plain data: the database facts a row is checked against (schools in the user's scope, classes
that exist, towns) arrive in a ``Context`` that ``services`` loads in a few queries before the rows are
read, so validating 70,000 rows issues no query at all.
"""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from edubureau.core import crypto
from edubureau.registry import choices as c
from edubureau.registry.imports.reader import MAX_CELL_CHARS, CellError, Table, as_text, header_key, shorten
from edubureau.registry.imports.schemas import ImportKind, small_number

# A run of digits long enough to be (part of) an ID number; never shown in clear in a report.
_ID_LIKE = re.compile(r"\d{14,17}[\dXx]?")
RESIDENT_ID_TYPES = {"", "居民身份证", "身份证", "中华人民共和国居民身份证", "1"}


def scrub(text: str) -> str:
    """``text`` with anything shaped like an ID number masked (350505************)."""
    return _ID_LIKE.sub(lambda m: crypto.mask_id_number(m.group(0)), text)


@dataclass(frozen=True)
class RowError:
    """One problem: Excel row number (None for the file or header), column header, value, reason, fix."""

    row: int | None
    column: str
    value: str
    reason: str
    fix: str = ""

    def as_dict(self) -> dict:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
            "fix": self.fix,
        }


def row_error(row: int | None, column: str, value: object, reason: str, fix: str = "", *, secret=False):
    """A RowError whose value never carries a clear ID number (``secret`` masks it whole)."""
    shown = as_text(value)
    shown = crypto.mask_id_number(crypto.normalise_id_number(shown)) if secret and shown else scrub(shown)
    # Cut after masking, so that a cut never leaves part of an ID number unmasked.
    return RowError(
        row, shorten(column), shorten(shown), shorten(scrub(reason), 200), shorten(scrub(fix), 200)
    )


# --------------------------------------------------------------------------- context


@dataclass(frozen=True)
class SchoolRef:
    id: int
    code: str
    name: str
    kind: str
    county_id: int
    area_id: int = 0
    ownership: str = ""


@dataclass(frozen=True)
class AreaRef:
    id: int
    code: str
    name: str
    path: str
    parent_id: int | None


@dataclass
class Context:
    """What rows are checked against, loaded by ``services`` in a query or two each."""

    schools: dict[str, SchoolRef] = field(default_factory=dict)  # in scope, by code
    school_names: dict[str, list[SchoolRef]] = field(default_factory=dict)  # in scope, by name
    # (school id, class name) -> (class id, level, grade), for the import's school year
    classes: dict[tuple[int, str], tuple[int, str, int]] = field(default_factory=dict)
    areas: dict[str, list[AreaRef]] = field(default_factory=dict)  # by code and by name
    area_add_paths: tuple[str, ...] | None = None  # None: everywhere
    all_schools: dict[str, SchoolRef] = field(default_factory=dict)  # by code, in scope or not (schools)
    existing: dict = field(default_factory=dict)  # population: (area id, year, age, group) -> Population
    today: dt.date = field(default_factory=dt.date.today)

    def index_schools(self, schools: list[SchoolRef]) -> None:
        for s in schools:
            self.schools[s.code] = s
            self.school_names.setdefault(header_key(s.name), []).append(s)

    def index_areas(self, areas: list[AreaRef]) -> None:
        for a in areas:
            self.areas.setdefault(a.code, []).append(a)
            self.areas.setdefault(header_key(a.name), []).append(a)

    def area_may_add(self, area: AreaRef) -> bool:
        return self.area_add_paths is None or any(area.path.startswith(p) for p in self.area_add_paths)


@dataclass
class Outcome:
    """Validated rows (dicts of model values) and every problem found."""

    rows: list[tuple[int, dict]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


# --------------------------------------------------------------------------- shared steps


def header_errors(kind: ImportKind, table: Table) -> list[RowError]:
    """A missing required column is one error on the header row, with the names it may go by."""
    found = table.header.columns
    errors = []
    for col in kind.columns:
        if col.required and col.key not in found:
            names = "、".join((col.header, *col.synonyms[:3]))
            errors.append(
                row_error(
                    table.header.last_row,
                    col.header,
                    "",
                    f"缺少必填列“{col.header}”",
                    f"请在表头加上这一列（列名可写作：{names}）",
                )
            )
    for group in kind.one_of:
        if not any(key in found for key in group):
            headers = "或".join(f"“{kind.column(key).header}”" for key in group)
            errors.append(
                row_error(
                    table.header.last_row,
                    kind.column(group[0]).header,
                    "",
                    f"缺少{headers}列",
                    f"请在表头加上{headers}列",
                )
            )
    return errors


def _blank_fix(header: str) -> str:
    return f"请填写{header}（若是合并单元格，请取消合并并逐行填写）"


def convert(kind: ImportKind, table: Table, number: int, values: dict, errors: list[RowError]) -> dict:
    """Each present column parsed; a blank required cell or an unparsable one adds an error."""
    data: dict = {}
    titles = table.header.titles
    for col in kind.columns:
        if col.key not in titles:
            continue
        raw = values.get(col.key)
        if raw is None:
            if col.required:
                errors.append(row_error(number, titles[col.key], "", "必填项为空", _blank_fix(col.header)))
            data[col.key] = None
            continue
        try:
            if isinstance(raw, str) and len(raw) > MAX_CELL_CHARS:
                raise CellError(
                    f"值过长（{len(raw):,}个字符）",
                    f"{col.header}最多{MAX_CELL_CHARS:,}个字符，请删除多余的内容",
                )
            data[col.key] = col.parse(raw)
        except CellError as exc:
            errors.append(
                row_error(number, titles[col.key], raw, exc.reason, exc.fix, secret=col.key == "id_number")
            )
            data[col.key] = CellError
    return data


def ok(value) -> bool:
    """A parsed value that is present and valid."""
    return value is not None and value is not CellError


def resolve_school(table: Table, number: int, data: dict, ctx: Context, errors) -> SchoolRef | None:
    """The school by 学校标识码, else by 学校名称; out of scope is reported exactly like unknown."""
    titles = table.header.titles
    code, name = data.get("school_code"), data.get("school_name")
    if ok(code):
        school = ctx.schools.get(code)
        if school is None:
            errors.append(
                row_error(
                    number,
                    titles["school_code"],
                    code,
                    "学校标识码不存在或不在您的管理范围",
                    "请核对10位学校标识码；只能导入您所管理学校的数据",
                )
            )
        return school
    if code is CellError:
        return None
    if ok(name):
        found = ctx.school_names.get(header_key(name), [])
        if len(found) == 1:
            return found[0]
        reason = "有多所同名学校" if found else "学校名称不存在或不在您的管理范围"
        errors.append(row_error(number, titles["school_name"], name, reason, "请填写学校标识码（10位）"))
        return None
    if "school_code" in titles or "school_name" in titles:
        column = titles.get("school_code") or titles["school_name"]
        errors.append(row_error(number, column, "", "必填项为空", "请填写学校标识码"))
    return None


def check_id_number(
    table: Table, number: int, data: dict, seen: dict[str, int], errors: list[RowError]
) -> tuple[str, str] | None:
    """(normalised number, keyed hash) of a valid, not repeated ID number, else None with an error."""
    raw = data.get("id_number")
    if not ok(raw):
        return None
    column = table.header.titles["id_number"]
    id_type = data.get("id_type") if ok(data.get("id_type")) else ""
    value = crypto.normalise_id_number(raw)
    if header_key(id_type) in RESIDENT_ID_TYPES:
        problem = crypto.id_number_problem(value)
        if problem:
            errors.append(
                row_error(number, column, value, problem, "请核对身份证件号（18位，末位可为X）", secret=True)
            )
            return None
        birth = data.get("birth_date")
        if isinstance(birth, dt.date) and value[6:14] != birth.strftime("%Y%m%d"):
            errors.append(
                row_error(
                    number,
                    table.header.titles["birth_date"],
                    birth,
                    "出生日期与身份证件号不一致",
                    "请核对出生日期或身份证件号",
                )
            )
            return None
    elif len(value) > 18:
        errors.append(row_error(number, column, value, "证件号过长", "证件号最多18位", secret=True))
        return None
    digest = crypto.keyed_hash(value)
    if digest in seen:
        errors.append(
            row_error(
                number,
                column,
                value,
                f"与第{seen[digest]}行的身份证件号重复",
                "同一人只能有一行；请删除重复行或核对证件号",
                secret=True,
            )
        )
        return None
    seen[digest] = number
    return value, digest


def check_birth(table: Table, number: int, data: dict, ctx: Context, errors: list[RowError]) -> None:
    birth = data.get("birth_date")
    if isinstance(birth, dt.date) and birth > ctx.today:
        errors.append(
            row_error(number, table.header.titles["birth_date"], birth, "出生日期晚于今天", "请核对出生日期")
        )
        data["birth_date"] = CellError


# --------------------------------------------------------------------------- grades and classes

_LEVEL_WORDS = (
    (re.compile(r"^(?:初中|初)(.+?)(?:年级)?$"), c.Level.JUNIOR),
    (re.compile(r"^(?:中职|职高)(.+?)(?:年级)?$"), c.Level.VOCATIONAL),
    (re.compile(r"^(?:高中|高)(.+?)(?:年级)?$"), c.Level.SENIOR),
    (re.compile(r"^(?:小学)(.+?)(?:年级)?$"), c.Level.PRIMARY),
)
_PRESCHOOL = {"小班": 1, "中班": 2, "大班": 3}
_GRADE_FIX = "请写成 一年级…六年级、初一/七年级、高一、小班/中班/大班，或年级数字"


def _by_number(n: int, levels: tuple[str, ...]) -> list[tuple[str, int]]:
    """Grade ``n`` counted from the start of schooling (一年级 = 1, 七年级 = 7, 高一 = 10) at this school;
    schools with one level also count from their own first grade (初中 1 = 初一)."""
    options = []
    for level in levels:
        span = c.LEVEL_GRADES[level]
        if level == c.Level.PRIMARY and 1 <= n <= 6:
            options.append((level, n))
        elif level == c.Level.JUNIOR:
            if 7 <= n <= 9:
                options.append((level, n - 6))
            elif 1 <= n <= 3 and c.Level.PRIMARY not in levels:
                options.append((level, n))
        elif level in (c.Level.SENIOR, c.Level.VOCATIONAL):
            if 10 <= n <= 12:
                options.append((level, n - 9))
            elif 1 <= n <= 3 and c.Level.JUNIOR not in levels:
                options.append((level, n))
        elif 1 <= n <= span:
            options.append((level, n))
    return options


@functools.lru_cache(maxsize=4096)
def grade_of(text: str, school_kind: str) -> tuple[str, int]:
    """(level, grade) for 年级 as schools write it — 一年级, 初一, 七年级, 高一, 小班, 3 — at a school of
    ``school_kind`` (``registry.choices.KIND_LEVELS``)."""
    levels = tuple(c.KIND_LEVELS[school_kind])
    word = header_key(text)
    if word in _PRESCHOOL:
        if c.Level.PRESCHOOL in levels:
            return c.Level.PRESCHOOL, _PRESCHOOL[word]
        raise CellError(f"该校不是幼儿园，没有“{text}”", _GRADE_FIX)
    for pattern, level in _LEVEL_WORDS:
        m = pattern.match(word)
        n = small_number(m.group(1)) if m else None
        if n is None:
            continue
        if level == c.Level.SENIOR and level not in levels and c.Level.VOCATIONAL in levels:
            level = c.Level.VOCATIONAL
        if level in levels and 1 <= n <= c.LEVEL_GRADES[level]:
            return level, n
        if c.Level.SPECIAL in levels and level == c.Level.JUNIOR and 1 <= n <= 3:
            return c.Level.SPECIAL, n + 6
        raise CellError(f"该校没有“{text}”（学段与学校类型不符）", "请核对年级或学校标识码")
    n = small_number(word.removesuffix("年级").removeprefix("小学"))
    if n is None:
        raise CellError(f"无法识别年级“{text}”", _GRADE_FIX)
    options = _by_number(n, levels)
    if len(options) == 1:
        return options[0]
    raise CellError(
        f"该校没有“{text}”" if not options else f"“{text}”不明确", "请写成 初一/高一 等带学段的年级"
    )


_CLASS_NUMBER = re.compile(r"^(.*?)\(?(\d{1,3})\)?班?$")


@functools.lru_cache(maxsize=65536)
def class_name(raw: str, level: str, grade: int, school_kind: str) -> str:
    """The class as the registry names it: 1班, (1), 一年级1班 and 七年级(1)班 all become the grade's own
    name with the number in brackets (一年级(1)班, 初一(1)班); other spellings stay as written."""
    m = _CLASS_NUMBER.match(raw)
    if not m:
        return raw
    prefix = m.group(1)
    if prefix:
        try:
            if grade_of(prefix, school_kind) != (level, grade):
                return raw
        except CellError:
            return raw
    return f"{c.grade_name(level, grade)}({int(m.group(2))})班"


# --------------------------------------------------------------------------- kinds

Progress = Callable[[int], None] | None


def validate_students(kind: ImportKind, table: Table, ctx: Context, *, progress: Progress = None) -> Outcome:
    """学籍 rows: school in scope, valid and unique ID numbers, dates, 年级 at this school, classes."""
    out = Outcome(errors=header_errors(kind, table))
    broken = bool(out.errors)  # a required column is missing: check the rows, keep none
    titles = table.header.titles
    seen: dict[str, int] = {}
    class_seen: dict[tuple[int, str], tuple[int, str, int]] = {}  # -> (first row, level, grade)
    for i, (number, values) in enumerate(table.rows, start=1):
        if progress and i % 5000 == 0:
            progress(i)
        errors: list[RowError] = []
        data = convert(kind, table, number, values, errors)
        school = resolve_school(table, number, data, ctx, errors)
        check_birth(table, number, data, ctx, errors)
        ident = check_id_number(table, number, data, seen, errors)
        level = grade = None
        if school and ok(data.get("grade")):
            try:
                level, grade = grade_of(data["grade"], school.kind)
            except CellError as exc:
                errors.append(row_error(number, titles["grade"], data["grade"], exc.reason, exc.fix))
        name = None
        if school and level and ok(data.get("class_name")):
            name = class_name(data["class_name"], level, grade, school.kind)
            key = (school.id, name)
            known = ctx.classes.get(key)
            if known and known[1:] != (level, grade):
                errors.append(
                    row_error(
                        number,
                        titles["class_name"],
                        data["class_name"],
                        f"该班级已登记为{c.grade_name(known[1], known[2])}",
                        "请核对年级或班级",
                    )
                )
            first = class_seen.setdefault(key, (number, level, grade))
            if first[1:] != (level, grade):
                errors.append(
                    row_error(
                        number,
                        titles["class_name"],
                        data["class_name"],
                        f"该班级在第{first[0]}行是{c.grade_name(first[1], first[2])}",
                        "同一班级的学生应在同一年级",
                    )
                )
        out.errors += errors
        if errors or broken:
            continue
        id_number, digest = ident
        out.rows.append(
            (
                number,
                {
                    "school": school,
                    "name": data["name"],
                    "gender": data["gender"],
                    "birth_date": data["birth_date"],
                    "ethnicity": data.get("ethnicity") or "汉族",
                    "id_number": id_number,
                    "id_hash": digest,
                    "hukou_type": data.get("hukou_type") or "",
                    "migrant_child": bool(data.get("migrant_child")),
                    "left_behind": data.get("left_behind") or "",
                    "disability": data.get("disability") or "",
                    "inclusive_placement": bool(data.get("inclusive_placement")),
                    "level": level,
                    "grade": grade,
                    "class_name": name,
                    "entry_date": data.get("entry_date"),
                },
            )
        )
    return out


def validate_teachers(kind: ImportKind, table: Table, ctx: Context, *, progress: Progress = None) -> Outcome:
    """Teacher-system rows: school in scope, valid and unique ID numbers, code lists, dates."""
    out = Outcome(errors=header_errors(kind, table))
    broken = bool(out.errors)  # a required column is missing: check the rows, keep none
    seen: dict[str, int] = {}
    for i, (number, values) in enumerate(table.rows, start=1):
        if progress and i % 5000 == 0:
            progress(i)
        errors: list[RowError] = []
        data = convert(kind, table, number, values, errors)
        school = resolve_school(table, number, data, ctx, errors)
        check_birth(table, number, data, ctx, errors)
        ident = check_id_number(table, number, data, seen, errors)
        out.errors += errors
        if errors or broken:
            continue
        id_number, digest = ident
        subjects = data.get("subjects") or []
        joined = data.get("joined_school")
        status = data.get("status")
        out.rows.append(
            (
                number,
                {
                    "school": school,
                    "name": data["name"],
                    "gender": data["gender"],
                    "birth_date": data["birth_date"],
                    "id_number": id_number,
                    "id_hash": digest,
                    "staff_number": data.get("staff_number") or "",
                    "on_establishment": data.get("on_establishment") is not False,
                    "post_grade": data.get("post_grade"),
                    "title_rank": data.get("title_rank") or "",
                    "main_subject": subjects[0][:20] if subjects else "",
                    "subjects": ",".join(subjects),
                    "education": data["education"],
                    "backbone_level": data.get("backbone_level") or "",
                    "status": status or c.TeacherStatus.IN_POST,
                    "staff_category": data.get("staff_category") or c.StaffCategory.FULL_TIME_TEACHER,
                    "joined_school_year": joined.year if joined else None,
                    "work_start": data.get("work_start"),
                },
            )
        )
    return out


def resolve_area(table: Table, key: str, number: int, value: str, ctx: Context, errors) -> AreaRef | None:
    found = ctx.areas.get(value) or ctx.areas.get(header_key(value)) or []
    if len(found) == 1:
        return found[0]
    reason = "有多个同名区域" if found else "区域不存在或不在您的管理范围"
    errors.append(
        row_error(number, table.header.titles[key], value, reason, "请填写9位乡镇（街道）代码或准确的名称")
    )
    return None


_SCHOOL_FIELDS = (
    "name", "kind", "ownership", "locality", "capacity", "teaching_floor_area", "sports_area",
    "equipment_value", "multimedia_rooms", "books", "computers", "address", "is_teaching_point",
)  # fmt: skip


def validate_schools(kind: ImportKind, table: Table, ctx: Context, *, progress: Progress = None) -> Outcome:
    """School rows: new codes become schools in a town of the user's scope; known codes in the user's
    scope are updated with the columns the file has (a column it lacks keeps its value)."""
    out = Outcome(errors=header_errors(kind, table))
    broken = bool(out.errors)  # a required column is missing: check the rows, keep none
    titles = table.header.titles
    seen: dict[str, int] = {}
    in_10k = "万元" in titles.get("equipment_value", "")
    for number, values in table.rows:
        errors: list[RowError] = []
        data = convert(kind, table, number, values, errors)
        code = data.get("code")
        existing = None
        if ok(code):
            if code in seen:
                errors.append(
                    row_error(
                        number,
                        titles["code"],
                        code,
                        f"与第{seen[code]}行的学校标识码重复",
                        "每所学校只能有一行",
                    )
                )
            seen.setdefault(code, number)
            existing = ctx.all_schools.get(code)
            if existing and code not in ctx.schools:
                errors.append(
                    row_error(
                        number,
                        titles["code"],
                        code,
                        "学校标识码已被其他学校使用或不在您的管理范围",
                        "请核对学校标识码",
                    )
                )
        town = (
            resolve_area(table, "town", number, data["town"], ctx, errors) if ok(data.get("town")) else None
        )
        if town and (existing is None or town.id != existing.area_id) and not ctx.area_may_add(town):
            errors.append(
                row_error(number, titles["town"], data["town"], "该乡镇不在您的管理范围", "请核对所在乡镇")
            )
        school_kind = data.get("kind") if ok(data.get("kind")) else (existing.kind if existing else None)
        owner = (
            data.get("ownership") if ok(data.get("ownership")) else (existing.ownership if existing else None)
        )
        affordable = ""
        if school_kind == c.SchoolKind.KINDERGARTEN:
            if owner != c.Ownership.PRIVATE:
                affordable = c.AffordableStatus.PUBLIC
            elif data.get("affordable") is True:
                affordable = c.AffordableStatus.AFFORDABLE_PRIVATE
            else:
                affordable = c.AffordableStatus.PRIVATE
        elif data.get("affordable") is True and school_kind:
            errors.append(
                row_error(
                    number,
                    titles["affordable"],
                    values.get("affordable"),
                    "只有幼儿园才有普惠性",
                    "中小学此列请留空或填 否",
                )
            )
        out.errors += errors
        if errors or broken:
            continue
        fields = {k: data[k] for k in _SCHOOL_FIELDS if ok(data.get(k))}
        if in_10k and "equipment_value" in fields:
            fields["equipment_value"] = (fields["equipment_value"] * 10000).quantize(decimal.Decimal("0.01"))
        if "kind" in fields or "ownership" in fields or existing is None:
            fields["affordable"] = affordable
        if town:
            fields["area_id"], fields["county_id"] = town.id, town.parent_id
        out.rows.append((number, {"code": code, "existing": existing, "fields": fields}))
    return out


def validate_population(
    kind: ImportKind, table: Table, ctx: Context, *, progress: Progress = None
) -> Outcome:
    """适龄人口 rows: an area in scope, one row per (area, year, age); known rows get the new count."""
    out = Outcome(errors=header_errors(kind, table))
    broken = bool(out.errors)  # a required column is missing: check the rows, keep none
    titles = table.header.titles
    seen: dict[tuple, int] = {}
    for number, values in table.rows:
        errors: list[RowError] = []
        data = convert(kind, table, number, values, errors)
        area = (
            resolve_area(table, "area", number, data["area"], ctx, errors) if ok(data.get("area")) else None
        )
        if area and not ctx.area_may_add(area):
            errors.append(
                row_error(number, titles["area"], data["area"], "区域不存在或不在您的管理范围", "请核对区域")
            )
            area = None
        group = data.get("group") or ""
        if area and ok(data.get("year")) and ok(data.get("age")) and group is not CellError:
            key = (area.id, data["year"], data["age"], group)
            if key in seen:
                errors.append(
                    row_error(
                        number,
                        titles["age"],
                        data["age"],
                        f"与第{seen[key]}行的区域、年份、年龄、人群重复",
                        "每个区域每年每个年龄每类人群只能有一行",
                    )
                )
            seen.setdefault(key, number)
        out.errors += errors
        if errors or broken:
            continue
        out.rows.append(
            (
                number,
                {
                    "area_id": area.id,
                    "year": data["year"],
                    "age": data["age"],
                    "count": data["count"],
                    "group": group,
                },
            )
        )
    return out


VALIDATORS = {
    "students": validate_students,
    "teachers": validate_teachers,
    "schools": validate_schools,
    "population": validate_population,
}
