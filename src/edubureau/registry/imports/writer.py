"""Writing validated rows in bulk: a fixed number of queries per batch, never one per row.

The caller (``services.import_run``) runs these inside one transaction, so an import lands whole or not
at all. Every created object gets its audit entry (the entries ``core.audit.record_many`` writes); updated
ones an entry with before and after.

Students, enrollments and their audit entries — 210,000 rows for a district's 70,000 pupils — go through
``insert_objects``: Django's ``bulk_create`` prepares every value through the field API, about 80 µs a
row on the 2-core reference machine, which alone would spend the import's 30 s budget
(``bench/import_students.py``). The few schools, classes and population rows use ``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils import timezone

from edubureau.core import audit, crypto
from edubureau.core.models import AuditEntry
from edubureau.registry.imports.validate import Context
from edubureau.registry.models import Area, Enrollment, Population, School, SchoolClass, Student, Teacher

BATCH = 5000
Progress = Callable[[int], None] | None


def batches(rows: Sequence, size: int = BATCH) -> Iterator[Sequence]:
    for start in range(0, len(rows), size):
        yield rows[start : start + size]


# Field types whose Python values every supported driver (sqlite3, psycopg) takes as they are.
_DRIVER_NATIVE = {
    "CharField", "TextField", "IntegerField", "SmallIntegerField", "BigIntegerField", "PositiveIntegerField",
    "PositiveSmallIntegerField", "PositiveBigIntegerField", "BooleanField", "ForeignKey",
}  # fmt: skip


def _prep(field: models.Field, connection) -> Callable[[object], object] | None:
    """How a field's Python value becomes a query parameter: None when the driver takes it as it is.
    Dates and times repeat (birth dates, the common creation time), so their conversions are cached."""
    if field.get_internal_type() in _DRIVER_NATIVE:
        return None
    prep = partial(field.get_db_prep_save, connection=connection)
    if field.get_internal_type() not in ("DateField", "DateTimeField", "DecimalField"):
        return prep
    cache: dict = {}

    def cached(value):
        if value not in cache:
            cache[value] = prep(value)
        return cache[value]

    return cached


def insert_rows(
    model: type[models.Model], attnames: Sequence[str], rows: Sequence[Sequence], *, return_pks: bool
):
    """INSERT ``rows`` (tuples of Python values in the order of ``attnames``) in multi-row statements;
    the new primary keys in row order when ``return_pks``."""
    connection = connections[router.db_for_write(model)]
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    fields = [by_attname[name] for name in attnames]
    preps = [_prep(f, connection) for f in fields]
    qn = connection.ops.quote_name
    # Table and column names come from the model and are quoted; every value is a parameter.
    head = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES "  # noqa: S608
    tail = f" RETURNING {qn(meta.pk.column)}" if return_pks else ""
    per_statement = min(1000, (connection.features.max_query_params or 65535) // len(fields))
    placeholder = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pks: list = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = [
                value if prep is None or value is None else prep(value)
                for row in chunk
                for value, prep in zip(row, preps, strict=True)
            ]
            cursor.execute(head + ", ".join([placeholder] * len(chunk)) + tail, params)
            if return_pks:
                pks.extend(pk for (pk,) in cursor.fetchall())
    return pks if return_pks else None


def insert_objects(objs: Sequence[models.Model]) -> None:
    """INSERT ``objs`` (all of one model, not yet saved) in multi-row statements and set their pk.

    What ``bulk_create`` does, minus its per-value overhead: driver-native values go in as they are,
    dates, times, JSON and decimals through their field's ``get_db_prep_save``; ``auto_now`` and
    ``auto_now_add`` fields get one common time. No signals (neither has ``bulk_create``). Backends without
    INSERT … RETURNING fall back to ``bulk_create``.
    """
    if not objs:
        return
    model = type(objs[0])
    connection = connections[router.db_for_write(model)]
    if not connection.features.can_return_rows_from_bulk_insert:
        model._default_manager.bulk_create(objs)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    now = timezone.now()
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            for obj in objs:
                setattr(obj, f.attname, now)
    attnames = [f.attname for f in fields]
    rows = [[obj.__dict__[name] for name in attnames] for obj in objs]
    for obj, pk in zip(objs, insert_rows(model, attnames, rows, return_pks=True), strict=True):
        obj.pk = pk
        obj._state.adding, obj._state.db = False, connection.alias


_AUDIT_COLUMNS = (
    "actor_id",
    "at",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "before",
    "after",
)


def record_created(*, actor, action: str, objs: Sequence[models.Model]) -> None:
    """The audit entries ``core.audit.record_many`` writes — one per object, its ``audit.snapshot`` as
    "after" — inserted with ``insert_rows``."""
    if not objs:
        return
    ct = ContentType.objects.get_for_model(objs[0], for_concrete_model=True)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = timezone.now()
    rows = [(actor_id, now, action, ct.pk, str(o.pk), str(o)[:200], None, audit.snapshot(o)) for o in objs]
    insert_rows(AuditEntry, _AUDIT_COLUMNS, rows, return_pks=False)


def record_changes(*, actor, action: str, changes: list[tuple[object, dict, dict]]) -> None:
    """Audit entries with before/after for objects updated in bulk, written in one statement per batch
    (``core.audit.record`` writes one row per call)."""
    if not changes:
        return
    ct = ContentType.objects.get_for_model(changes[0][0], for_concrete_model=True)
    actor = actor if actor is not None and actor.is_authenticated else None
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                actor=actor,
                action=action,
                content_type=ct,
                object_id=str(obj.pk),
                object_repr=str(obj)[:200],
                before=before,
                after=after,
            )
            for obj, before, after in changes
        ),
        batch_size=2000,
    )


def _set_id_number(person, number: str, digest: str) -> None:
    """``registry.models.set_id_number`` reusing the keyed hash validation computed (half the hashing)."""
    person.id_number_encrypted = crypto.encrypt(number)
    person.id_number_hash = digest
    person.id_number_masked = crypto.mask_id_number(number)


def write_students(
    rows: list[tuple[int, dict]], *, actor, school_year: str, ctx: Context, progress: Progress = None
) -> int:
    """Students with their enrollment for ``school_year``; classes named in the file and not yet in the
    registry are created first."""
    new_classes: dict[tuple[int, str], SchoolClass] = {}
    for _, r in rows:
        key = (r["school"].id, r["class_name"])
        if r["class_name"] and key not in ctx.classes and key not in new_classes:
            new_classes[key] = SchoolClass(
                county_id=r["school"].county_id,
                school_id=r["school"].id,
                school_year=school_year,
                level=r["level"],
                grade=r["grade"],
                name=r["class_name"],
            )
    SchoolClass.objects.bulk_create(new_classes.values())
    audit.record_many(actor=actor, action="registry.schoolclass.create", objs=new_classes.values())
    class_ids = {key: known[0] for key, known in ctx.classes.items()}
    class_ids.update((key, obj.pk) for key, obj in new_classes.items())

    written = 0
    for batch in batches(rows):
        students = []
        for _, r in batch:
            school = r["school"]
            student = Student(
                name=r["name"],
                gender=r["gender"],
                birth_date=r["birth_date"],
                ethnicity=r["ethnicity"],
                hukou_type=r["hukou_type"],
                migrant_child=r["migrant_child"],
                left_behind=r["left_behind"],
                disability=r["disability"],
                inclusive_placement=r["inclusive_placement"],
                county_id=school.county_id,
                school_id=school.id,
            )
            _set_id_number(student, r["id_number"], r["id_hash"])
            students.append(student)
        insert_objects(students)
        enrollments = [
            Enrollment(
                student_id=student.pk,
                county_id=r["school"].county_id,
                school_id=r["school"].id,
                school_class_id=class_ids.get((r["school"].id, r["class_name"])),
                school_year=school_year,
                level=r["level"],
                grade=r["grade"],
                entry_date=r["entry_date"],
            )
            for student, (_, r) in zip(students, batch, strict=True)
        ]
        insert_objects(enrollments)
        record_created(actor=actor, action="registry.student.create", objs=students)
        record_created(actor=actor, action="registry.enrollment.create", objs=enrollments)
        written += len(batch)
        if progress:
            progress(written)
    return written


def write_teachers(rows: list[tuple[int, dict]], *, actor, ctx: Context, progress: Progress = None) -> int:
    written = 0
    for batch in batches(rows):
        teachers = []
        for _, r in batch:
            fields = {k: v for k, v in r.items() if k not in ("school", "id_number", "id_hash")}
            teacher = Teacher(county_id=r["school"].county_id, school_id=r["school"].id, **fields)
            _set_id_number(teacher, r["id_number"], r["id_hash"])
            teachers.append(teacher)
        insert_objects(teachers)
        record_created(actor=actor, action="registry.teacher.create", objs=teachers)
        written += len(batch)
        if progress:
            progress(written)
    return written


def write_schools(
    rows: list[tuple[int, dict]], *, actor, ctx: Context, progress: Progress = None
) -> tuple[int, int]:
    """New schools created, known ones updated in the columns the file carries: (created, updated)."""
    new = [School(code=r["code"], **r["fields"]) for _, r in rows if r["existing"] is None]
    School.objects.bulk_create(new)
    audit.record_many(actor=actor, action="registry.school.create", objs=new)
    updates = {r["code"]: r["fields"] for _, r in rows if r["existing"] is not None}
    changes, changed_fields = [], set()
    now = timezone.now()
    for school in School.objects.filter(code__in=list(updates)):
        before = audit.snapshot(school)
        for field, value in updates[school.code].items():
            setattr(school, field, value)
        after = audit.snapshot(school)
        if after != before:
            changed_fields |= {k for k in after if after[k] != before.get(k)}
            school.updated_at = now
            changes.append((school, before, after))
    if changes:
        School.objects.bulk_update(
            [c[0] for c in changes], [*sorted(changed_fields), "updated_at"], batch_size=500
        )
    record_changes(actor=actor, action="registry.school.update", changes=changes)
    if progress:
        progress(len(rows))
    return len(new), len(changes)


def write_population(
    rows: list[tuple[int, dict]], *, actor, ctx: Context, progress: Progress = None
) -> tuple[int, int]:
    """New (area, year, age) rows created, known ones given the new count: (created, updated)."""
    new, changes = [], []
    now = timezone.now()
    # Population names itself by its area: fetch the areas once, not once per row.
    areas = Area.objects.in_bulk({r["area_id"] for _, r in rows})
    for _, r in rows:
        known = ctx.existing.get((r["area_id"], r["year"], r["age"]))
        if known is None:
            new.append(Population(area=areas[r["area_id"]], year=r["year"], age=r["age"], count=r["count"]))
        elif known.count != r["count"]:
            before = audit.snapshot(known)
            known.count, known.updated_at = r["count"], now
            changes.append((known, before, audit.snapshot(known)))
    Population.objects.bulk_create(new, batch_size=2000)
    audit.record_many(actor=actor, action="registry.population.create", objs=new)
    if changes:
        Population.objects.bulk_update([c[0] for c in changes], ["count", "updated_at"], batch_size=2000)
    record_changes(actor=actor, action="registry.population.update", changes=changes)
    if progress:
        progress(len(rows))
    return len(new), len(changes)
