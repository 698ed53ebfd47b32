"""The background task behind an uploaded import: run it, keep the page's ``core.Job`` up to date."""

from __future__ import annotations

import logging

from huey.contrib.djhuey import db_task

from edubureau.core import clock
from edubureau.core.models import Job
from edubureau.registry.imports.services import import_run

logger = logging.getLogger(__name__)

RESULT_TEMPLATE = "registry/imports/_result.html"
# Kept in the job for the page and the error report (values cut to 50 characters: at most about 3 MB);
# a file with more problems than this is far off, and the page says how many more there are.
MAX_STORED_ERRORS = 2_000


def job_run(job_id: int) -> Job:
    """Run the import a job describes; the uploaded file is deleted afterwards (it holds ID numbers).

    Progress is saved as rows are read and checked; the writing happens in one transaction, so the
    page sees its progress only when it commits.
    """
    job = Job.objects.select_related("owner").get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total)

    try:
        with job.input_file.open("rb") as fh:
            result = import_run(
                actor=job.owner,
                kind=job.params["kind"],
                source=fh,
                school_year=job.params.get("school_year"),
                dry_run=job.params.get("dry_run", False),
                progress=progress,
            )
    except Exception:
        logger.exception("import job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.result = {"crashed": True, "errors": [], "error_count": 0}
    else:
        data = result.as_json()
        data["error_count"] = len(data["errors"])
        data["errors"] = data["errors"][:MAX_STORED_ERRORS]
        job.result = data
        job.status = Job.Status.DONE if result.ok else Job.Status.FAILED
        job.total = job.progress = result.rows
    finally:
        if job.input_file:
            job.input_file.delete(save=False)
    job.finished_at = clock.now()
    job.save()
    return job


@db_task()
def import_job_task(job_id: int) -> None:
    """The huey task. The consumer finds it through ``registry/tasks.py``, which re-exports it."""
    job_run(job_id)
