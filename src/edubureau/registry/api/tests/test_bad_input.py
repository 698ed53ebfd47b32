"""Bad input answers 400 with the field named, never 500; a bad value already stored never breaks a list."""

import pytest
from django.db import IntegrityError, connection, transaction

from edubureau.registry.choices import grade_name
from edubureau.registry.models import SchoolClass
from edubureau.registry.testing.factories import SchoolClassFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("level", "grade"), [("primary", 10), ("primary", 7), ("junior", 4), ("primary", 0)])
def test_a_grade_outside_its_level_is_refused_with_a_field_error(api, staff, district, level, grade):
    school_class = SchoolClassFactory(school=district.school, level="primary", grade=2)
    api.force_login(staff)

    response = api.patch(
        f"/api/registry/classes/{school_class.pk}/", {"level": level, "grade": grade}, format="json"
    )

    assert response.status_code == 400, response.content
    assert "grade" in response.json()
    school_class.refresh_from_db()
    assert (school_class.level, school_class.grade) == ("primary", 2)
    assert api.get("/api/registry/classes/").status_code == 200


def test_the_grade_error_is_in_chinese(api, staff, district):
    school_class = SchoolClassFactory(school=district.school, level="primary", grade=2)
    api.force_login(staff)

    response = api.patch(
        f"/api/registry/classes/{school_class.pk}/",
        {"grade": 7},
        format="json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert response.status_code == 400
    assert response.json()["grade"] == ["该学段的年级应在 1 至 6 之间。"]


def test_the_database_refuses_a_grade_outside_its_level(district):
    school_class = SchoolClassFactory(school=district.school, level="primary", grade=2)

    with pytest.raises(IntegrityError), transaction.atomic():
        SchoolClass.objects.filter(pk=school_class.pk).update(grade=10)


def test_a_stored_bad_grade_does_not_break_the_class_list(api, client, staff, district):
    """Rows written before the constraint (or by hand) still list: the raw grade is shown."""
    school_class = SchoolClassFactory(school=district.school, level="primary", grade=2)
    _force_grade(school_class.pk, 10)
    api.force_login(staff)

    response = api.get("/api/registry/classes/")

    assert response.status_code == 200
    (row,) = [r for r in response.json()["results"] if r["id"] == school_class.pk]
    assert row["grade"] == 10
    assert row["grade_name"] == "10"
    client.force_login(staff)
    page = client.get("/registry/classes/")
    assert page.status_code == 200
    assert client.get(f"/registry/classes/{school_class.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("level", "grade", "name"),
    [
        ("primary", 3, "三年级"),
        ("primary", 10, "10"),
        ("primary", 0, "0"),
        ("junior", 4, "4"),
        ("preschool", 5, "5"),
        ("special", 9, "九年级"),
        ("unknown", 1, "1"),
    ],
)
def test_grade_name_shows_the_raw_value_when_out_of_range(level, grade, name):
    assert grade_name(level, grade) == name


def _force_grade(pk: int, grade: int) -> None:
    """Write a grade past the check constraint, as a row stored before it existed would be."""
    table = SchoolClass._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = ON")
        else:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(
                f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "schoolclass_grade_in_level_range"'
            )
        cursor.execute(f'UPDATE "{table}" SET grade = %s WHERE id = %s', [grade, pk])  # noqa: S608
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA ignore_check_constraints = OFF")


def _enum_values(schema: dict, prop: dict) -> set:
    """Every value an enum property admits, through ``$ref`` and ``oneOf``/``allOf``."""
    if "$ref" in prop:
        prop = schema["components"]["schemas"][prop["$ref"].rsplit("/", 1)[1]]
    values = set(prop.get("enum", []))
    for part in prop.get("oneOf", []) + prop.get("allOf", []):
        values |= _enum_values(schema, part)
    return values


def test_the_schema_admits_the_blank_and_null_values_the_api_returns(api, staff):
    """A district-level finance record has no school; a target may have no comparator."""
    api.force_login(staff)

    schema = api.get("/api/schema/", {"format": "json"}).json()

    components = schema["components"]["schemas"]
    assert components["FinanceRecord"]["properties"]["school_name"].get("nullable") is True
    assert components["Area"]["properties"]["parent_name"].get("nullable") is True
    assert components["SchoolClass"]["properties"]["head_teacher_name"].get("nullable") is True
    assert "" in _enum_values(schema, components["Target"]["properties"]["comparator"])
