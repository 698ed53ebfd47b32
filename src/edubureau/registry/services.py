"""Registry writes. Single objects go through the audited generic services; imports write in bulk."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from edubureau.core import audit, crypto
from edubureau.core.services import object_create
from edubureau.registry.models import Enrollment, School, Student, Teacher


def id_number_clean(raw: str) -> str:
    """A normalised, check-digit-validated ID number, or ValidationError naming the fix."""
    number = crypto.normalise_id_number(raw)
    problem = crypto.id_number_problem(number)
    if problem:
        raise ValidationError({"id_number": problem})
    return number


def school_create(*, actor, **fields) -> School:
    return object_create(actor=actor, obj=School(**fields))


@transaction.atomic
def student_create(
    *, actor, id_number: str, school_year: str, level: str, grade: int, school_class=None, **fields
) -> Student:
    """A student and their enrollment for ``school_year``."""
    student = Student(**fields)
    student.county_id = student.school.county_id
    student.set_id_number(id_number_clean(id_number))
    if Student.objects.filter(id_number_hash=student.id_number_hash).exists():
        raise ValidationError({"id_number": "该身份证件号已有学籍，请核对或办理转学"})
    object_create(actor=actor, obj=student)
    object_create(
        actor=actor,
        obj=Enrollment(
            student=student,
            county_id=student.county_id,
            school=student.school,
            school_class=school_class,
            school_year=school_year,
            level=level,
            grade=grade,
        ),
    )
    return student


@transaction.atomic
def teacher_create(*, actor, id_number: str, **fields) -> Teacher:
    teacher = Teacher(**fields)
    teacher.county_id = teacher.school.county_id
    teacher.set_id_number(id_number_clean(id_number))
    if Teacher.objects.filter(id_number_hash=teacher.id_number_hash).exists():
        raise ValidationError({"id_number": "该身份证件号已登记为教职工"})
    return object_create(actor=actor, obj=teacher)


def student_reveal_id(*, actor, student: Student) -> str:
    """The clear ID number, for holders of view_personal only; every reveal is logged.

    Raises crypto.FieldKeyError (and logs nothing) when the number cannot be decrypted.
    """
    number = student.id_number
    audit.record(actor=actor, action="registry.student.reveal_id", obj=student)
    return number
