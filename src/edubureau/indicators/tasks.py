"""The background recomputation started from the dashboard, with its progress in a ``core.Job``."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from edubureau.core import clock
from edubureau.core.models import Job
from edubureau.core.periods import SchoolYear
from edubureau.indicators import freshness, services

logger = logging.getLogger(__name__)


def job_run(job_id: int) -> Job:
    """Recompute the job's school year (or every year) for every county the owner may change."""
    job = Job.objects.select_related("owner").get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total)

    years = [SchoolYear.parse(job.params["year"])] if job.params.get("year") else None
    try:
        results = services.indicators_compute_all(actor=job.owner, years=years, progress=progress)
    except Exception:
        logger.exception("indicator job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.result = {"crashed": True}
    else:
        job.status = Job.Status.DONE
        job.result = {"runs": [r.as_json() for r in results]}
    job.finished_at = clock.now()
    job.save()
    return job


@db_task()
def compute_job_task(job_id: int) -> None:
    job_run(job_id)


@db_task()
def recompute_task(county_id: int) -> None:
    """The debounced recomputation after registry changes (``indicators.freshness``)."""
    freshness.recompute_due(county_id)
