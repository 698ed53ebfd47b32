"""Scheduled work of staffing: each morning at 06:00 in the bureau's time zone, the confirmed 校际交流 plans
whose effective date has come move their teachers in the registry (``pool.rotation.rotation_apply_due``;
idempotent: a plan is applied once, under its row lock). huey's worker discovers the task through this
module."""

from __future__ import annotations

from huey.contrib.djhuey import db_periodic_task

from edubureau.collect.tasks import local_crontab
from edubureau.staffing.pool.rotation import rotation_apply_due

APPLY_AT = {"hour": "6", "minute": "0"}


@db_periodic_task(local_crontab(**APPLY_AT))
def rotation_apply_daily() -> int:
    return rotation_apply_due()
