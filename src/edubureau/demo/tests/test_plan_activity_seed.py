"""`edubureau demo_plan_activity` with a seed: the same seed plays the same half year, another does not.

Apart from test_plan_activity.py, whose tests share one played half year for the whole module: this test
plays its own on a plan nothing has been done on yet."""

import pytest
from django.db import transaction

from edubureau.demo.tests.test_plan_activity import DEMO_SETTINGS, _call, publish_demo_plan
from edubureau.planning.models import ProgressReport, Task, UrgeNotice


class _Rollback(Exception):
    pass


@pytest.fixture
def district_plan(db, settings, tmp_path):
    """The tiny demo district with the 2019 plan published, nothing done on it yet; today 2019-06-28."""
    for name, value in DEMO_SETTINGS.items():
        setattr(settings, name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    return publish_demo_plan()


@pytest.mark.django_db
def test_the_same_seed_plays_the_same_half_year(district_plan):
    def fingerprint(seed: int) -> list:
        result = []
        try:
            with transaction.atomic():
                _call("demo_plan_activity", seed=seed)
                result = [
                    *Task.objects.order_by("number").values_list(
                        "number", "status", "light", "progress", "due"
                    ),
                    *ProgressReport.objects.order_by("task__number", "created_at").values_list(
                        "task__number", "period", "percent", "created_at", "text"
                    ),
                    *UrgeNotice.objects.order_by("number").values_list("number", "level", "issued_on"),
                ]
                raise _Rollback
        except _Rollback:
            pass
        return result

    # when
    first, second, other = fingerprint(5), fingerprint(5), fingerprint(6)

    # then
    assert first == second
    assert first != other
    assert not ProgressReport.objects.exists()
