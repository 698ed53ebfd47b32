"""Migration 0004 re-masks the stored forms written under the old scheme (region and last four)."""

import importlib

import pytest
from django.apps import apps

from edubureau.registry.models import Student, Teacher
from edubureau.registry.testing.factories import StudentFactory, TeacherFactory

pytestmark = pytest.mark.django_db

remask = importlib.import_module("edubureau.registry.migrations.0006_remask_id_numbers").remask


def test_stored_masks_lose_the_last_four(district):
    # given rows masked the old way, and a foreign document number masked that way too
    student, teacher = StudentFactory(school=district.school), TeacherFactory(school=district.school)
    old = {p.pk: p.id_number[:6] + "*" * 8 + p.id_number[-4:] for p in (student, teacher)}
    Student.objects.filter(pk=student.pk).update(id_number_masked=old[student.pk])
    Teacher.objects.filter(pk=teacher.pk).update(id_number_masked=old[teacher.pk])
    foreign = StudentFactory(school=district.school)
    Student.objects.filter(pk=foreign.pk).update(id_number_masked="E1****5678")

    # when the migration runs
    remask(apps, None)

    # then the region alone is left, and the foreign number is stars only
    for person in (student, teacher):
        person.refresh_from_db()
        assert person.id_number_masked == person.id_number[:6] + "*" * 12
    foreign.refresh_from_db()
    assert foreign.id_number_masked == "*" * 10
