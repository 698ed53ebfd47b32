"""Background parsing of a large plan (above ``PLAN_BACKGROUND_PARSE_BYTES``): the import page follows a
``core.Job`` (kind ``plan.parse``) and shows the review when the parse is done.

The source text is kept in the job's input file, the parse in ``job.result["plan"]``
(``ParsedPlan.as_json``); nothing else is written until the person publishes from the review page.
huey's worker discovers the task through this module.
"""

from __future__ import annotations

from django.core.files.base import ContentFile
from huey.contrib.djhuey import db_task

from edubureau.core import jobs
from edubureau.core.models import Job
from edubureau.planning.parser import parse_plan

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


def _parse(job: Job, progress) -> dict:
    """Parse the job's text, saving the progress as the parser reports it."""
    parsed = parse_plan(job_source_text(job), progress=progress)
    progress(100, 100)
    return {"plan": parsed.as_json()}


def job_run(job_id: int) -> Job:
    return jobs.job_run(job_id, _parse)


@db_task()
def parse_job_task(job_id: int) -> None:
    job_run(job_id)
