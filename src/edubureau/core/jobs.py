"""A job of a user with progress and a result file: the one mechanism behind long exports.

``job_run(job_id, work)`` runs ``work(job, progress)`` for a queued ``Job``: it marks the job running,
lets ``work`` report ``progress(done, total)``, stores what ``work`` returns in ``job.result`` and ends the
job done or failed (a crash is logged, the page says so). ``work`` may leave a file for the owner with
``job_result_file``; ``core:job_file`` serves it to the owner only, never cached.

List exports use it through ``ObjectListView.export_in_background``: the export URL queues an
``export.<url name>`` job (``export_job_start``), the task rebuilds the list view for the owner with the
same query (``core.tasks.export_job_task``) and writes the workbook straight to a file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePath

from django.core.files import File

from edubureau.core import clock
from edubureau.core.models import Job

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
FILE_RESULT_TEMPLATE = "core/_job_file.html"
#: Rows between two progress writes (one UPDATE each).
PROGRESS_EVERY = 2000


class JobError(Exception):
    """A failure to tell the job's owner in words (the message is shown on the job page)."""


def progress_saver(job: Job) -> Progress:
    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total)

    return progress


def counted(rows: Iterable, total: int, progress: Progress | None, every: int = PROGRESS_EVERY) -> Iterator:
    """``rows`` unchanged, reporting ``progress(done, total)`` every ``every`` rows and at the end."""
    done = 0
    if progress:
        progress(0, total)
    for row in rows:
        yield row
        done += 1
        if progress and done % every == 0:
            progress(done, total)
    if progress:
        progress(done, max(total, done))


def job_result_file(job: Job, path, filename: str) -> None:
    """Keep the file at ``path`` as the job's result, downloaded as ``filename``."""
    with open(path, "rb") as fh:
        # Stored under a plain name (the owner's folder, the job, the day); the Chinese name is the download's.
        job.result_file.save(f"{job.pk}-{clock.stamp()}{PurePath(filename).suffix}", File(fh), save=False)
    job.result = {**job.result, "filename": filename}


def job_run(job_id: int, work: Callable[[Job, Progress], dict | None]) -> Job:
    job = Job.objects.select_related("owner").get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])
    try:
        result = work(job, progress_saver(job)) or {}
    except JobError as exc:
        job.status = Job.Status.FAILED
        job.result = {**job.result, "message": str(exc)}
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        job.status = Job.Status.FAILED
        job.result = {**job.result, "crashed": True}
    else:
        job.status = Job.Status.DONE
        job.result = {**job.result, **result}
        job.refresh_from_db(fields=["progress", "total"])
    job.finished_at = clock.now()
    job.save()
    return job
