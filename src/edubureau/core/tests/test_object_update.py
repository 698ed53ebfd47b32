"""``object_update``: writes only the fields it changes, and refuses an edit made on a stale version."""

import pytest

from edubureau.core.models import AuditEntry
from edubureau.core.services import StaleVersionError, object_update
from edubureau.registry.models import School

pytestmark = pytest.mark.django_db


def test_an_update_keeps_a_field_someone_else_wrote_meanwhile(district, staff):
    # given: a request has read the school, then another session changes its books
    school = School.objects.get(pk=district.school.pk)
    School.objects.filter(pk=school.pk).update(books=12345)

    # when: the first request changes the computers only
    object_update(actor=staff, obj=school, data={"computers": 77})

    # then: both changes are there
    fresh = School.objects.get(pk=school.pk)
    assert (fresh.books, fresh.computers) == (12345, 77)
    assert (school.books, school.computers) == (12345, 77)  # the caller's object is the row as written


def test_each_write_bumps_the_version_and_an_unchanged_one_does_not(district, staff):
    school = School.objects.get(pk=district.school.pk)
    assert school.version == 1

    object_update(actor=staff, obj=school, data={"books": 1})
    object_update(actor=staff, obj=school, data={"books": 1})

    assert School.objects.get(pk=school.pk).version == school.version == 2


def test_an_edit_of_a_stale_version_is_refused_and_writes_nothing(district, staff):
    # given: two people read version 1; the first saves
    mine = School.objects.get(pk=district.school.pk)
    theirs = School.objects.get(pk=district.school.pk)
    object_update(actor=staff, obj=theirs, data={"books": 1}, version=1)
    entries = AuditEntry.objects.count()

    # when: the second saves what they read as version 1
    with pytest.raises(StaleVersionError) as error:
        object_update(actor=staff, obj=mine, data={"computers": 5}, version=1)

    # then: nothing of theirs is written and they are told why
    assert error.value.code == "stale"
    fresh = School.objects.get(pk=district.school.pk)
    assert (fresh.books, fresh.computers, fresh.version) == (1, district.school.computers, 2)
    assert AuditEntry.objects.count() == entries


def test_every_save_of_a_stored_row_counts_a_version(district):
    """Workflow services save rows they read under a lock; their saves move the ETag on too."""
    school = School.objects.get(pk=district.school.pk)

    school.save()
    school.save(update_fields=["books"])
    School.objects.only("name").get(pk=school.pk).save(update_fields=["name"])

    assert School.objects.get(pk=school.pk).version == 4
