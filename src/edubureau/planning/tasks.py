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


def parse_job_start(*, owner, county, source_text: str, column_roles: dict[str, str] | None = None) -> Job:
    """Queue the parse of ``source_text`` for ``county`` (with a reviewer's ``column_roles``, if any); the
    page then follows the returned job."""
    params = {"county": county.pk, "result_template": RESULT_TEMPLATE, "column_roles": column_roles or {}}
    job = Job(kind=KIND, owner=owner, params=params)
    job.input_file.save("plan.txt", ContentFile(source_text.encode("utf-8")), save=False)
    job.save()
    parse_job_task(job.pk)
    return job


def job_source_text(job: Job) -> str:
    with job.input_file.open("rb") as fh:
        return fh.read().decode("utf-8")


def _parse(job: Job, progress) -> dict:
    """Parse the job's text, saving the progress as the parser reports it."""
    roles = job.params.get("column_roles") or None
    parsed = parse_plan(job_source_text(job), progress=progress, column_roles=roles)
    progress(100, 100)
    return {"plan": parsed.as_json()}


def job_run(job_id: int) -> Job:
    return jobs.job_run(job_id, _parse)


@db_task()
def parse_job_task(job_id: int) -> None:
    job_run(job_id)
