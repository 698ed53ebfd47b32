"""Writing validated rows in bulk: a fixed number of queries per batch, never one per row.

The caller (``services.import_run``) runs these inside one transaction, so an import lands whole or not
at all. Every created object gets its audit entry (the entries ``core.audit.record_many`` writes); updated
ones an entry with before and after.

Students, enrollments and their audit entries — 210,000 rows for a district's 70,000 pupils — go in as
tuples through ``core.bulk.insert_values`` and ``core.audit.record_created``, never as model instances:
``bulk_create`` prepares every value through the field API (about 80 µs a row on the 2-core reference
machine) and ``Model.__init__`` alone costs some 25 µs (``bench/import_students.py`` has the profile).
Teachers go through ``core.bulk.insert_objects``; the few schools, classes and population rows use
``bulk_create``.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F

from edubureau.core import audit, clock, crypto
from edubureau.core.bulk import batches, insert_objects, insert_values
from edubureau.registry.imports.validate import Context
from edubureau.registry.models import Area, Enrollment, Population, School, SchoolClass, Student, Teacher

Progress = Callable[[int], None] | None


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
            school, number = r["school"], r["id_number"]
            students.append(
                (
                    r["name"], r["gender"], r["birth_date"], r["ethnicity"], r["hukou_type"], r["migrant_child"],
                    r["left_behind"], r["disability"], r["inclusive_placement"], school.county_id, school.id,
                    crypto.encrypt(number), r["id_hash"], crypto.mask_id_number(number),
                )
            )  # fmt: skip
        student_ids = insert_values(Student, _STUDENT_COLUMNS, students, return_pks=True)
        enrollments = [
            (
                student_id,
                r["school"].county_id,
                r["school"].id,
                class_ids.get((r["school"].id, r["class_name"])),
                school_year,
                r["level"],
                r["grade"],
                r["entry_date"],
                r["birth_date"].year,  # the pupil's, which the indicators count by (registry.triggers)
                r["disability"],
            )
            for student_id, (_, r) in zip(student_ids, batch, strict=True)
        ]
        enrollment_ids = insert_values(Enrollment, _ENROLLMENT_COLUMNS, enrollments, return_pks=True)
        audit.record_created(
            actor=actor, action="registry.student.create", model=Student, attnames=_STUDENT_COLUMNS,
            rows=students, pks=student_ids, repr_of=_student_repr,
        )  # fmt: skip
        audit.record_created(
            actor=actor, action="registry.enrollment.create", model=Enrollment, attnames=_ENROLLMENT_COLUMNS,
            rows=enrollments, pks=enrollment_ids, repr_of=_enrollment_repr,
        )  # fmt: skip
        written += len(batch)
        if progress:
            progress(written)
    return written


# The columns an import gives, in the order of the row tuples below (every other column: its default).
_STUDENT_COLUMNS = (
    "name", "gender", "birth_date", "ethnicity", "hukou_type", "migrant_child", "left_behind", "disability",
    "inclusive_placement", "county_id", "school_id", "id_number_encrypted", "id_number_hash", "id_number_masked",
)  # fmt: skip
_ENROLLMENT_COLUMNS = (
    "student_id", "county_id", "school_id", "school_class_id", "school_year", "level", "grade", "entry_date",
    "birth_year", "disability",
)  # fmt: skip


def _student_repr(row: tuple) -> str:
    return row[0]  # Student.__str__: the name


def _enrollment_repr(row: tuple) -> str:
    return f"{row[4]} {row[0]}"  # Enrollment.__str__: school year and student id


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
        audit.record_many(actor=actor, action="registry.teacher.create", objs=teachers)
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
    now = clock.now()
    for school in School.objects.filter(code__in=list(updates)):
        before = audit.snapshot(school)
        for field, value in updates[school.code].items():
            setattr(school, field, value)
        after = audit.snapshot(school)
        if after != before:
            changed_fields |= {k for k in after if after[k] != before.get(k)}
            school.updated_at, school.version = now, F("version") + 1  # an open edit form is now stale
            changes.append((school, before, after))
    if changes:
        School.objects.bulk_update(
            [c[0] for c in changes], [*sorted(changed_fields), "updated_at", "version"], batch_size=500
        )
    audit.record_changes(actor=actor, action="registry.school.update", changes=changes)
    if progress:
        progress(len(rows))
    return len(new), len(changes)


def write_population(
    rows: list[tuple[int, dict]], *, actor, ctx: Context, progress: Progress = None
) -> tuple[int, int]:
    """New (area, year, age, group) rows created, known ones given the new count: (created, updated)."""
    new, changes = [], []
    now = clock.now()
    # Population names itself by its area: fetch the areas once, not once per row.
    areas = Area.objects.in_bulk({r["area_id"] for _, r in rows})
    for _, r in rows:
        known = ctx.existing.get((r["area_id"], r["year"], r["age"], r["group"]))
        if known is None:
            new.append(
                Population(
                    area=areas[r["area_id"]], year=r["year"], age=r["age"], count=r["count"], group=r["group"]
                )
            )
        elif known.count != r["count"]:
            before = audit.snapshot(known)
            known.count, known.updated_at, known.version = r["count"], now, F("version") + 1
            changes.append((known, before, audit.snapshot(known)))
    Population.objects.bulk_create(new, batch_size=2000)
    audit.record_many(actor=actor, action="registry.population.create", objs=new)
    if changes:
        Population.objects.bulk_update(
            [c[0] for c in changes], ["count", "updated_at", "version"], batch_size=2000
        )
    audit.record_changes(actor=actor, action="registry.population.update", changes=changes)
    if progress:
        progress(len(rows))
    return len(new), len(changes)
