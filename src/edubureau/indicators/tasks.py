"""The background recomputation started from the dashboard, with its progress in a ``core.Job``."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from edubureau.core import jobs
from edubureau.core.models import Job
from edubureau.core.periods import SchoolYear
from edubureau.indicators import freshness, services


def _compute(job: Job, progress) -> dict:
    """Recompute the job's school year (or every year) for every county the owner may change."""
    years = [SchoolYear.parse(job.params["year"])] if job.params.get("year") else None
    results = services.indicators_compute_all(actor=job.owner, years=years, progress=progress)
    return {"runs": [r.as_json() for r in results]}


def job_run(job_id: int) -> Job:
    return jobs.job_run(job_id, _compute)


@db_task()
def compute_job_task(job_id: int) -> None:
    job_run(job_id)


@db_task()
def recompute_task(county_id: int) -> None:
    """The debounced recomputation after registry changes (``indicators.freshness``)."""
    freshness.recompute_due(county_id)
