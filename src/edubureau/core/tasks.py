"""Background tasks of core: a list export written to a file for its owner (see ``core.jobs``).

huey's worker discovers the task through this module.
"""

from __future__ import annotations

import tempfile

from django.conf import settings
from django.http import HttpRequest, QueryDict
from django.urls import resolve, reverse
from django.utils import translation
from huey.contrib.djhuey import db_task

from edubureau.core.jobs import FILE_RESULT_TEMPLATE, JobError, Progress, job_result_file, job_run
from edubureau.core.models import Job


def export_job_start(*, request, url_name: str, filename: str) -> Job:
    """Queue the export ``url_name`` with the request's query for the request's user; the page follows it."""
    job = Job.objects.create(
        kind=f"export.{url_name}"[:60],
        owner=request.user,
        params={
            "url_name": url_name,
            "query": request.GET.urlencode(),
            "language": translation.get_language() or settings.LANGUAGE_CODE,
            "filename": filename,
            "result_template": FILE_RESULT_TEMPLATE,
        },
    )
    export_job_task(job.pk)
    return job


def _export(job: Job, progress: Progress) -> dict:
    """Rebuild the list view as the owner asked for it, then write its workbook to the job's file."""
    match = resolve(reverse(job.params["url_name"]))
    request = HttpRequest()
    request.method = "GET"
    request.GET = QueryDict(job.params["query"])
    request.user = job.owner
    view = match.func.view_class(**match.func.view_initkwargs)
    view.setup(request)
    with translation.override(job.params["language"]):
        if not view.may_export():
            raise JobError(translation.gettext("You may no longer export these rows."))
        with tempfile.NamedTemporaryFile(dir=settings.VAR_DIR, suffix=".xlsx") as fh:
            rows = view.export_write(fh, progress)
            fh.flush()
            job_result_file(job, fh.name, job.params["filename"])
    return {"rows": rows}


def export_job_run(job_id: int) -> Job:
    return job_run(job_id, _export)


@db_task()
def export_job_task(job_id: int) -> None:
    export_job_run(job_id)
