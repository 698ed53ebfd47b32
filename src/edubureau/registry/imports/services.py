"""Running an import: read, check against the registry, write all rows or none.

``import_run`` is the one entry point for the web task, the command line and the benchmark. It loads the
database facts the rows are checked against in a handful of queries (schools and towns in the actor's
scope, classes of the school year, ID-number hashes already registered), validates every row, and
writes only when no row has a problem, in one transaction. ``actor=None`` is the system (command line):
the whole registry is in scope.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q

from edubureau.core import clock, crypto
from edubureau.core.periods import SchoolYear
from edubureau.core.scoping import permission_key, user_can
from edubureau.registry import signals
from edubureau.registry.imports import validate, writer
from edubureau.registry.imports.reader import Table, WorkbookError, read_table
from edubureau.registry.imports.schemas import KINDS, ImportKind
from edubureau.registry.imports.validate import AreaRef, Context, RowError, SchoolRef
from edubureau.registry.models import Area, Population, School, SchoolClass, Student, Teacher

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None] | None
_CHUNK = 2000  # look-ups by key list: well under every database's parameter limit


@dataclass
class ImportResult:
    """What an import did: data rows read, objects created and updated, and every problem found."""

    kind: str
    rows: int = 0
    imported: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "dry_run": self.dry_run,
            "errors": [e.as_dict() for e in self.errors],
        }


def kind_model(kind: ImportKind):
    return apps.get_model(kind.model)


def kinds_for(user) -> list[ImportKind]:
    """The imports ``user`` may run: those whose model they may add somewhere."""
    return [k for k in KINDS.values() if user_can(user, "add", kind_model(k))]


# --------------------------------------------------------------------------- scope


def _places(actor, action: str, model) -> tuple[list[str], list[int]] | None:
    """(area paths, school ids) where ``actor`` may ``action`` ``model``; None means everywhere."""
    if actor is None:
        return None
    scope = actor.get_scope()
    if scope.everything:
        return None
    key = permission_key(model)
    if not scope.allows(action, key):
        return [], []
    return scope.places(action, key)


def schools_in_scope(actor, action: str, model) -> Q:
    """Schools where ``actor`` may ``action`` rows of ``model`` (a principal: their own school)."""
    places = _places(actor, action, model)
    if places is None:
        return Q()
    paths, school_ids = places
    q = Q(pk__in=school_ids)
    for path in paths:
        q |= Q(area__path__startswith=path)
    return q


def _school_refs(q: Q) -> list[SchoolRef]:
    fields = ("id", "code", "name", "kind", "county_id", "area_id", "ownership")
    return [SchoolRef(*row) for row in School.objects.filter(q).values_list(*fields)]


def _area_refs(q: Q) -> list[AreaRef]:
    return [
        AreaRef(*row) for row in Area.objects.filter(q).values_list("id", "code", "name", "path", "parent_id")
    ]


def _area_q(paths: list[str] | None) -> Q:
    if paths is None:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(path__startswith=path)
    return q


def _chunks(items: list, size: int = _CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --------------------------------------------------------------------------- context per kind


def _context(kind: ImportKind, table: Table, actor, school_year: str) -> Context:
    """The registry facts ``kind``'s rows are checked against, for ``actor``, in a few queries."""
    ctx = Context(today=clock.today())
    if kind.key in ("students", "teachers"):
        ctx.index_schools(_school_refs(schools_in_scope(actor, "add", kind_model(kind))))
    if kind.key == "students":
        _load_classes(ctx, table, school_year)
    elif kind.key == "schools":
        codes = sorted({str(values["code"]) for _, values in table.rows if values.get("code") is not None})
        for chunk in _chunks(codes):
            ctx.all_schools.update((ref.code, ref) for ref in _school_refs(Q(code__in=chunk)))
        ctx.index_schools(_school_refs(schools_in_scope(actor, "change", School)))
        ctx.index_areas(_area_refs(Q()))
        places = _places(actor, "add", School)
        ctx.area_add_paths = None if places is None else tuple(places[0])
    elif kind.key == "population":
        places = _places(actor, "add", Population)
        in_scope = _area_q(None if places is None else places[0])
        ctx.index_areas(_area_refs(in_scope))
        ctx.existing = {
            (p.area_id, p.year, p.age, p.group): p
            for p in Population.objects.filter(area__in=Area.objects.filter(in_scope)).select_related("area")
        }
    return ctx


def _load_classes(ctx: Context, table: Table, school_year: str) -> None:
    """The school year's classes of the schools the file names (all schools in scope when it names
    schools by name)."""
    if "school_name" in table.header.columns:
        ids = sorted({s.id for s in ctx.schools.values()})
    else:
        codes = {str(values.get("school_code")) for _, values in table.rows}
        ids = sorted({ctx.schools[code].id for code in codes if code in ctx.schools})
    for chunk in _chunks(ids, 500):
        rows = SchoolClass.objects.filter(school_year=school_year, school_id__in=chunk).values_list(
            "id", "school_id", "name", "level", "grade"
        )
        for pk, school_id, name, level, grade in rows:
            ctx.classes[(school_id, name)] = (pk, level, grade)


def _registered(model, rows: list[tuple[int, dict]]) -> set[str]:
    """The rows' ID-number hashes already in the registry, looked up in chunks."""
    hashes = [r["id_hash"] for _, r in rows]
    found: set[str] = set()
    for chunk in _chunks(hashes):
        found.update(model.objects.filter(id_number_hash__in=chunk).values_list("id_number_hash", flat=True))
    return found


def _registered_errors(kind: ImportKind, table: Table, out: validate.Outcome) -> None:
    """Rows whose person is already registered become errors (keyed hash; the number is never queried)."""
    model = Student if kind.key == "students" else Teacher
    found = _registered(model, out.rows)
    if not found:
        return
    column = table.header.titles["id_number"]
    if kind.key == "students":
        reason, fix = "该身份证件号已有学籍", "请核对证件号；转入的学生请办理转学，不要重复导入"
    else:
        reason, fix = "该身份证件号已登记为教职工", "请核对证件号；调动请在教师页面办理，不要重复导入"
    keep = []
    for number, r in out.rows:
        if r["id_hash"] in found:
            out.errors.append(validate.row_error(number, column, r["id_number"], reason, fix, secret=True))
        else:
            keep.append((number, r))
    out.rows = keep


# --------------------------------------------------------------------------- run


class _Phases:
    """Progress over the phases of an import: reading 0–40 %, checking 40–60 %, writing 60–100 %."""

    def __init__(self, report: Progress) -> None:
        self.report = report
        self.total = 0

    def reading(self, done: int, estimate: int) -> None:
        self.total = max(estimate, done)
        self._send(0.4 * done / self.total if self.total else 0)

    def phase(self, start: float, end: float) -> Callable[[int], None]:
        def step(done: int) -> None:
            self._send(start + (end - start) * (done / self.total if self.total else 1))

        return step

    def _send(self, fraction: float) -> None:
        if self.report and self.total:
            self.report(int(self.total * min(fraction, 1.0)), self.total)


def import_run(
    *,
    actor,
    kind: str,
    source: IO[bytes] | str | Path,
    school_year: str | None = None,
    dry_run: bool = False,
    progress: Progress = None,
) -> ImportResult:
    """Import one workbook of ``kind`` (students, teachers, schools, population) for ``actor``.

    Rows outside the actor's scope are unknown to them and reported so; with any problem nothing is
    written. ``progress(done, total)`` is called as rows are read, checked and written.
    """
    spec = KINDS[kind]
    if actor is not None and not user_can(actor, "add", kind_model(spec)):
        raise PermissionDenied
    result = ImportResult(kind=kind, dry_run=dry_run)
    if kind in ("students", "teachers"):
        try:  # with another key every ID number hashes anew and registered people would come in twice
            crypto.field_key_require()
        except crypto.FieldKeyError as exc:
            result.errors.append(RowError(None, "", "", str(exc), ""))
            return result
    year = str(SchoolYear.current())
    if spec.per_school_year and school_year:
        try:
            year = str(SchoolYear.parse(school_year))
        except ValueError as exc:
            result.errors.append(RowError(None, "学年", school_year, str(exc), "请写成 2019-2020"))
            return result

    phases = _Phases(progress)
    try:
        if isinstance(source, str | Path):
            with open(source, "rb") as fh:
                table = read_table(fh, spec.index, expected=spec.required_headers(), progress=phases.reading)
        else:
            table = read_table(source, spec.index, expected=spec.required_headers(), progress=phases.reading)
    except WorkbookError as exc:
        result.errors.append(RowError(None, "", "", str(exc), ""))
        return result
    except OSError as exc:
        result.errors.append(
            RowError(None, "", str(source), f"无法打开文件：{exc.strerror}", "请检查文件路径")
        )
        return result
    result.rows = len(table.rows)
    phases.total = result.rows
    if not table.rows:
        result.errors.append(
            RowError(table.header.last_row, "", "", "表头下面没有数据行", "请在表头下方逐行填写数据")
        )
        return result

    ctx = _context(spec, table, actor, year)
    out = validate.VALIDATORS[kind](spec, table, ctx, progress=phases.phase(0.4, 0.55))
    if kind in ("students", "teachers") and out.rows:
        _registered_errors(spec, table, out)
    phases.phase(0.4, 0.6)(result.rows)
    if out.errors:
        result.errors = sorted(out.errors, key=lambda e: e.row or 0)
        return result
    if dry_run:
        return result

    step = phases.phase(0.6, 1.0)
    try:
        with transaction.atomic():
            if kind == "students":
                result.imported = writer.write_students(
                    out.rows, actor=actor, school_year=year, ctx=ctx, progress=step
                )
            elif kind == "teachers":
                result.imported = writer.write_teachers(out.rows, actor=actor, ctx=ctx, progress=step)
            elif kind == "schools":
                result.imported, result.updated = writer.write_schools(
                    out.rows, actor=actor, ctx=ctx, progress=step
                )
            else:
                result.imported, result.updated = writer.write_population(
                    out.rows, actor=actor, ctx=ctx, progress=step
                )
            # Schools and population may sit in any county of the scope: None says so.
            counties = (
                {s.county_id for s in ctx.schools.values()} if kind in ("students", "teachers") else None
            )
            schools: dict[int, set[int]] | None = None
            if kind in ("students", "teachers"):
                schools = {}
                for _, r in out.rows:
                    schools.setdefault(r["school"].county_id, set()).add(r["school"].id)
            signals.data_changed.send(sender=kind_model(spec), counties=counties, schools=schools)
    except IntegrityError:
        logger.warning("import %s: integrity error while writing; rolled back", kind, exc_info=True)
        result.imported = result.updated = 0
        result.errors.append(
            RowError(
                None,
                "",
                "",
                "写入时发现数据冲突（可能有人同时导入了相同的数据），本次未导入任何数据",
                "请稍后重新导入",
            )
        )
    return result
