"""Background parsing of a large plan (above ``PLAN_BACKGROUND_PARSE_BYTES``): the import page follows a
``core.Job`` (kind ``plan.parse``) and shows the review when the parse is done.

The source text is kept in the job's input file, the parse in ``job.result["plan"]``
(``ParsedPlan.as_json``); nothing else is written until the person publishes from the review page.
huey's worker discovers the task through this module.
"""

from __future__ import annotations

import logging

from django.core.files.base import ContentFile
from huey.contrib.djhuey import db_task

from edubureau.core import clock
from edubureau.core.models import Job
from edubureau.planning.parser import parse_plan

logger = logging.getLogger(__name__)

KIND = "plan.parse"
RESULT_TEMPLATE = "planning/_parse_job_result.html"


def parse_job_start(*, owner, county, source_text: str) -> Job:
    """Queue the parse of ``source_text`` for ``county``; the page then follows the returned job."""
    job = Job(kind=KIND, owner=owner, params={"county": county.pk, "result_template": RESULT_TEMPLATE})
    job.input_file.save("plan.txt", ContentFile(source_text.encode("utf-8")), save=False)
    job.save()
    parse_job_task(job.pk)
    return job


def job_source_text(job: Job) -> str:
    with job.input_file.open("rb") as fh:
        return fh.read().decode("utf-8")


def job_run(job_id: int) -> Job:
    """Parse the job's text, saving the progress as the parser reports it."""
    job = Job.objects.get(pk=job_id)
    job.status = Job.Status.RUNNING
    job.save(update_fields=["status"])

    def progress(done: int, total: int) -> None:
        Job.objects.filter(pk=job.pk).update(progress=done, total=total)

    try:
        parsed = parse_plan(job_source_text(job), progress=progress)
    except Exception:
        logger.exception("plan parse job %s failed", job.pk)
        job.status = Job.Status.FAILED
        job.result = {"crashed": True}
    else:
        job.status = Job.Status.DONE
        job.result = {"plan": parsed.as_json()}
        job.progress = job.total = 100
    job.finished_at = clock.now()
    job.save()
    return job


@db_task()
def parse_job_task(job_id: int) -> None:
    job_run(job_id)
