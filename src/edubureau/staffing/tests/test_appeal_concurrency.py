"""Two upheld appeals placing two teachers at the last free place of one post at the same moment: one takes
the place, the other is placed over the number and flagged (PostgreSQL: real row locks between two
connections)."""

import threading
import time

import pytest
from django.db import connection, transaction

from edubureau.accounts.models import User
from edubureau.core import clock
from edubureau.staffing import choices as c
from edubureau.staffing import services
from edubureau.staffing.models import Appeal, Entry, Preference
from edubureau.staffing.tests.factories import competition_for, entry_for, post_for

pytestmark = pytest.mark.django_db(transaction=True)


def test_parallel_upheld_appeals_count_the_last_place_once(district, staff):
    if connection.vendor == "sqlite":
        pytest.skip(
            "the SQLite test database lives in memory, one connection for all threads; runs on PostgreSQL"
        )
    # given 南埔 with 2 posts and 1 teacher, and two teachers of 一中附小 who ranked 南埔 first and appealed
    competition = competition_for(district.county, [district.school, district.other_school])
    own, other = post_for(district.school, posts=2), post_for(district.other_school, posts=2)
    entry_for(competition, district.other_school, score=70)
    appeals = []
    for score in (84, 83):
        e = entry_for(competition, district.school, score=score)
        Preference.objects.create(entry=e, rank=1, post=other)
        appeals.append(Appeal.objects.create(entry=e, reason="请按志愿改正。", submitted_at=clock.now()))
    Entry.objects.filter(competition=competition).exclude(school=district.other_school).update(
        result_post=own
    )
    Entry.objects.filter(competition=competition, school=district.other_school).update(result_post=other)
    first_done, release = threading.Event(), threading.Event()
    errors: list[Exception] = []

    def uphold(appeal, hold: bool):
        try:
            with transaction.atomic():  # the first decision stays uncommitted until the second is under way
                services.appeal_decide(
                    actor=User.objects.get(pk=staff.pk), appeal=appeal, status=c.AppealStatus.UPHELD,
                    decision="改正。", post=other,
                )  # fmt: skip
                if hold:
                    first_done.set()
                    release.wait(10)
        except Exception as error:  # noqa: BLE001 — reported below
            errors.append(error)
        finally:
            first_done.set()
            connection.close()

    # when the second is decided while the first has placed its teacher but not yet committed
    first = threading.Thread(target=uphold, args=(appeals[0], True))
    first.start()
    first_done.wait(10)
    second = threading.Thread(target=uphold, args=(appeals[1], False))
    second.start()
    time.sleep(0.5)  # the second now waits for the post's row lock (without it, it would count 1 of 2)
    release.set()
    first.join()
    second.join()
    # then both are at 南埔, one within its number and one over it
    assert errors == []
    placed = Entry.objects.filter(competition=competition, result_post=other)
    assert placed.count() == 3
    assert sorted(placed.filter(placed_on_appeal=True).values_list("over_posts", flat=True)) == [False, True]
