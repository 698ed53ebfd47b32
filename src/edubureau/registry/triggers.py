"""Each enrolment carries its pupil's birth year and disability, and the database keeps that copy.

The indicators count enrolment by school, grade and birth year, and the 三类残疾 pupils among them
(``indicators.engine``). Read through the pupil, that is a join of a school year's enrolments to the
pupils; at province scale it joined 7.06 M rows to 7.37 M and was most of the indicators' time
(``docs/scale.md``). With the copy on the enrolment row, the count reads one table.

The database keeps the copy, so no writer can leave it wrong (an import, the admin, ``QuerySet.update``, or
a whole-row save of an enrolment read before its pupil changed):
- an enrolment written without the copy (a NULL birth year), moved to another pupil, or updated with
  values other than the ones it holds gets them from its pupil;
- a change to a pupil's birth date or disability is copied to all their enrolments.
The bulk writers (the import, the demo) give both values themselves. The insert trigger's condition is
then false, and nothing runs per row.

The triggers are (re)made after every migrate (``RegistryConfig``), because SQLite drops a table's
triggers when a migration rebuilds the table.
"""

from __future__ import annotations

from django.db import connection

_SQLITE_COPY = (
    "UPDATE registry_enrollment SET (birth_year, disability) = (SELECT CAST(substr(s.birth_date, 1, 4) AS "
    "INTEGER), s.disability FROM registry_student s WHERE s.id = registry_enrollment.student_id)"
)
_SQLITE = [
    "CREATE TRIGGER IF NOT EXISTS eb_enrollment_copy_insert AFTER INSERT ON registry_enrollment "
    f"FOR EACH ROW WHEN NEW.birth_year IS NULL BEGIN {_SQLITE_COPY} WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS eb_enrollment_copy_update "
    "AFTER UPDATE OF student_id, birth_year, disability ON registry_enrollment FOR EACH ROW "
    "WHEN NEW.birth_year IS NULL OR NEW.student_id IS NOT OLD.student_id "
    "OR NEW.birth_year IS NOT OLD.birth_year OR NEW.disability IS NOT OLD.disability "
    f"BEGIN {_SQLITE_COPY} WHERE id = NEW.id; END",
    "CREATE TRIGGER IF NOT EXISTS eb_student_copy AFTER UPDATE OF birth_date, disability ON registry_student "
    "FOR EACH ROW WHEN NEW.birth_date IS NOT OLD.birth_date OR NEW.disability IS NOT OLD.disability "
    "BEGIN UPDATE registry_enrollment SET birth_year = CAST(substr(NEW.birth_date, 1, 4) AS INTEGER), "
    "disability = NEW.disability WHERE student_id = NEW.id; END",
]
_PG = [
    """CREATE OR REPLACE FUNCTION eb_enrollment_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  SELECT EXTRACT(YEAR FROM s.birth_date)::int, s.disability INTO NEW.birth_year, NEW.disability
    FROM registry_student s WHERE s.id = NEW.student_id;
  RETURN NEW;
END $$""",
    """CREATE OR REPLACE FUNCTION eb_student_copy() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE registry_enrollment SET birth_year = EXTRACT(YEAR FROM NEW.birth_date)::int,
    disability = NEW.disability WHERE student_id = NEW.id;
  RETURN NULL;
END $$""",
    "CREATE OR REPLACE TRIGGER eb_enrollment_copy_insert BEFORE INSERT ON registry_enrollment "
    "FOR EACH ROW WHEN (NEW.birth_year IS NULL) EXECUTE FUNCTION eb_enrollment_copy()",
    "CREATE OR REPLACE TRIGGER eb_enrollment_copy_update "
    "BEFORE UPDATE OF student_id, birth_year, disability ON registry_enrollment FOR EACH ROW "
    "WHEN (NEW.birth_year IS NULL OR NEW.student_id <> OLD.student_id "
    "OR NEW.birth_year IS DISTINCT FROM OLD.birth_year OR NEW.disability IS DISTINCT FROM OLD.disability) "
    "EXECUTE FUNCTION eb_enrollment_copy()",
    "CREATE OR REPLACE TRIGGER eb_student_copy AFTER UPDATE OF birth_date, disability ON registry_student "
    "FOR EACH ROW WHEN (NEW.birth_date IS DISTINCT FROM OLD.birth_date "
    "OR NEW.disability IS DISTINCT FROM OLD.disability) EXECUTE FUNCTION eb_student_copy()",
]
_TRIGGERS = [
    ("eb_enrollment_copy_insert", "registry_enrollment"),
    ("eb_enrollment_copy_update", "registry_enrollment"),
    ("eb_student_copy", "registry_student"),
]
_FILL = {
    "sqlite": _SQLITE_COPY,
    "postgresql": "UPDATE registry_enrollment e SET birth_year = EXTRACT(YEAR FROM s.birth_date)::int, "
    "disability = s.disability FROM registry_student s WHERE s.id = e.student_id",
}


def install(conn=connection) -> None:
    """Make the triggers that lack (on SQLite, after a table rebuild) or replace them (PostgreSQL); none
    before the columns exist (a database migrated back before registry 0011)."""
    statements = {"sqlite": _SQLITE, "postgresql": _PG}.get(conn.vendor, [])
    if not statements or "registry_enrollment" not in conn.introspection.table_names():
        return
    with conn.cursor() as cursor:
        columns = {c.name for c in conn.introspection.get_table_description(cursor, "registry_enrollment")}
        if "birth_year" not in columns:
            return
        for sql in statements:
            cursor.execute(sql)


def drop(conn=connection) -> None:
    with conn.cursor() as cursor:
        for name, table in _TRIGGERS:
            on = f" ON {table}" if conn.vendor == "postgresql" else ""
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on}")
        if conn.vendor == "postgresql":
            cursor.execute(
                "DROP FUNCTION IF EXISTS eb_enrollment_copy(); DROP FUNCTION IF EXISTS eb_student_copy()"
            )


def fill(conn=connection) -> None:
    """Copy every pupil's birth year and disability onto their enrolments (once, when the columns came)."""
    with conn.cursor() as cursor:
        cursor.execute(_FILL[conn.vendor])
