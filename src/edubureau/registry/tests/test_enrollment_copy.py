"""The pupil's birth year and disability on each enrolment, kept by the database (``registry.triggers``),
whatever writes: the ORM, a bulk insert, ``QuerySet.update``, a stale whole-row save, SQL."""

import datetime as dt

import pytest
from django.db import connection

from edubureau.registry import choices as c
from edubureau.registry import triggers
from edubureau.registry.models import Enrollment, Student
from edubureau.registry.testing.factories import EnrollmentFactory, StudentFactory, pupils_bulk

pytestmark = pytest.mark.django_db


def copies(student) -> set[tuple[int, str]]:
    return set(Enrollment.objects.filter(student=student).values_list("birth_year", "disability"))


def test_a_new_enrolment_gets_its_pupils_birth_year_and_disability(district):
    pupil = StudentFactory(
        school=district.school, birth_date=dt.date(2011, 3, 5), disability=c.Disability.HEARING
    )
    EnrollmentFactory(student=pupil)
    bulk = pupils_bulk(district.school, 3, birth=dt.date(2010, 12, 31), disability=c.Disability.VISUAL)

    assert copies(pupil) == {(2011, "hearing")}
    assert set(Enrollment.objects.filter(student__in=bulk).values_list("birth_year", "disability")) == {
        (2010, "visual")
    }


def test_a_change_to_the_pupil_reaches_every_enrolment(district):
    pupil = StudentFactory(school=district.school, birth_date=dt.date(2011, 3, 5))
    EnrollmentFactory(student=pupil, school_year="2018-2019")
    EnrollmentFactory(student=pupil, school_year="2019-2020", grade=2)

    pupil.birth_date, pupil.disability = dt.date(2012, 1, 1), c.Disability.INTELLECTUAL
    pupil.save()
    assert copies(pupil) == {(2012, "intellectual")}

    Student.objects.filter(pk=pupil.pk).update(birth_date=dt.date(2013, 6, 1), disability="")
    assert copies(pupil) == {(2013, "")}


def test_an_enrolment_cannot_hold_another_value_than_its_pupils(district):
    pupil = StudentFactory(school=district.school, birth_date=dt.date(2011, 3, 5))
    stale = EnrollmentFactory(student=pupil)
    stale.refresh_from_db()  # read before the pupil changes …
    Student.objects.filter(pk=pupil.pk).update(birth_date=dt.date(2012, 2, 2), disability=c.Disability.SPEECH)

    stale.grade = 2
    stale.save()  # … and saved whole afterwards, with the old copy
    assert copies(pupil) == {(2012, "speech")}

    Enrollment.objects.filter(pk=stale.pk).update(birth_year=1999, disability=c.Disability.OTHER)
    assert copies(pupil) == {(2012, "speech")}


def test_an_enrolment_moved_to_another_pupil_takes_the_new_pupils_values(district):
    first = StudentFactory(school=district.school, birth_date=dt.date(2011, 3, 5))
    second = StudentFactory(
        school=district.school, birth_date=dt.date(2009, 7, 7), disability=c.Disability.VISUAL
    )
    enrolment = EnrollmentFactory(student=first)

    Enrollment.objects.filter(pk=enrolment.pk).update(student=second)

    assert copies(second) == {(2009, "visual")}


def test_the_migration_fills_the_rows_written_before_it(district):
    pupils = pupils_bulk(district.school, 2, birth=dt.date(2010, 5, 5), disability=c.Disability.HEARING)
    triggers.drop(connection)  # as before registry 0011: no triggers, the columns empty
    Enrollment.objects.update(birth_year=None, disability="")

    triggers.fill(connection)
    triggers.install(connection)

    assert {copies(p).pop() for p in pupils} == {(2010, "hearing")}
    Student.objects.filter(pk=pupils[0].pk).update(birth_date=dt.date(2011, 1, 1))
    assert copies(pupils[0]) == {(2011, "hearing")}  # the triggers are back
