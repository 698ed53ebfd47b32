"""ID numbers are never stored in clear text, in any table (registry, audit log, jobs)."""

import pytest
from django.apps import apps
from django.db import connection

from edubureau.registry import choices as c
from edubureau.registry.services import student_create, teacher_create
from edubureau.registry.testing.factories import make_id_number

pytestmark = pytest.mark.django_db


def _all_stored_text() -> str:
    chunks = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(model._meta.db_table)}")  # noqa: S608
            chunks.extend(repr(row) for row in cursor.fetchall())
    return "\n".join(chunks)


def test_id_numbers_not_in_any_table(district, staff):
    import datetime as dt

    student_number = make_id_number(321, dt.date(2012, 3, 4))
    teacher_number = make_id_number(654, dt.date(1980, 1, 2))
    student = student_create(
        actor=staff,
        id_number=student_number,
        school_year="2019-2020",
        level=c.Level.PRIMARY,
        grade=2,
        name="林小明",
        gender="M",
        birth_date=dt.date(2012, 3, 4),
        school=district.school,
    )
    teacher_create(
        actor=staff,
        id_number=teacher_number,
        name="陈老师",
        gender="F",
        birth_date=dt.date(1980, 1, 2),
        school=district.school,
        education=c.Education.BACHELOR,
    )

    stored = _all_stored_text()
    assert "林小明" in stored  # the scan does see the rows
    assert student_number not in stored and teacher_number not in stored
    assert student_number[6:14] + student_number[14:17] not in stored  # not even the middle digits
    assert student.id_number == student_number  # and it can still be read with the key
