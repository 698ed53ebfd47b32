"""Two urge notices issued at the same moment on tasks of two plans of one county take the county's next two
numbers, not the same one. The plans differ, so the per-plan constraint does not keep the numbers apart:
the county's row lock does."""

import datetime as dt

import pytest

from edubureau.core.testing.concurrency import overlapping, skip_on_sqlite
from edubureau.planning import services
from edubureau.planning.models import UrgeNotice
from edubureau.planning.tests.tracking.factories import PlanFactory, TaskFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_notices_at_once_in_one_county_take_consecutive_numbers(district):
    skip_on_sqlite()
    # given two overdue tasks of two plans of one county
    first, second = (TaskFactory(plan=PlanFactory(county=district.county)) for _ in range(2))
    # when the second is urged while the first one's notice is saved but not committed
    errors = overlapping(
        lambda: services.urge_notice_issue(actor=None, task=first, today=dt.date(2020, 1, 6)),
        lambda: services.urge_notice_issue(actor=None, task=second, today=dt.date(2020, 1, 6)),
    )
    # then they are numbered 1 and 2, in the order they were issued
    assert errors == []
    assert dict(UrgeNotice.objects.values_list("task", "number")) == {first.pk: 1, second.pk: 2}
