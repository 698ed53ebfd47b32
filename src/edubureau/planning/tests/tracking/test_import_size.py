"""Plan size: one limit (PLAN_TEXT_MAX_BYTES) for an uploaded file and for pasted text, counted in UTF-8
bytes; above PLAN_BACKGROUND_PARSE_BYTES the parse runs as a background job whose page shows its progress
and then the review."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from edubureau.core.models import Job
from edubureau.planning import tasks
from edubureau.planning.models import Plan, Task
from edubureau.planning.tests.tracking.conftest import QUANGANG
from edubureau.planning.tests.tracking.test_review import _review_data

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@pytest.fixture
def source():
    return QUANGANG.read_text(encoding="utf-8")


def _errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_a_12_mb_paste_is_refused_naming_the_limit_and_its_size(login, lead, district, source):
    # given 12 MB of pasted plan text (the 2019 plan over and over)
    text = source * (12 * MB // len(source.encode("utf-8")) + 1)
    assert 12 * MB < len(text.encode("utf-8")) < 12.1 * MB

    # when
    response = login(lead).post(reverse("planning:plan_import"), {"county": district.county.pk, "text": text})

    # then the form says how large it is and what the limit is; nothing is parsed, queued or stored
    assert response.status_code == 200
    assert _errors(response) == (
        "计划文本大小为 12.1 MB，超过 5 MB 的上限。请删去附件、数据表等非计划内容，或分几次导入。"
    )
    assert not Job.objects.exists() and not Plan.objects.exists() and not Task.objects.exists()


def test_an_uploaded_file_over_the_limit_is_refused(login, lead, district):
    upload = SimpleUploadedFile("plan.txt", b"x" * (5 * MB + 1))
    response = login(lead).post(
        reverse("planning:plan_import"), {"county": district.county.pk, "file": upload}
    )
    assert response.status_code == 200
    assert "5.1 MB" in _errors(response) and "5 MB 的上限" in _errors(response)
    assert not Job.objects.exists() and not Plan.objects.exists()


def test_pasted_text_is_measured_in_utf8_bytes(login, lead, district, source, settings):
    # given a limit just under the plan's UTF-8 size, far above its length in characters
    size = len(source.strip().encode("utf-8"))
    assert size > 2.5 * len(source)
    client = login(lead)

    # when the limit is one byte short the paste is refused; at exactly its size it is read
    settings.PLAN_TEXT_MAX_BYTES = size - 1
    refused = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})
    settings.PLAN_TEXT_MAX_BYTES = size
    accepted = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})

    # then
    assert "上限" in _errors(refused)
    assert accepted.context["review"].tasks.initial_form_count() == 24


def test_a_large_plan_is_parsed_in_the_background_then_reviewed_and_published(
    login, lead, district, source, settings
):
    # given a plan over the background threshold
    settings.PLAN_BACKGROUND_PARSE_BYTES = 10 * 1024
    client = login(lead)

    # when it is pasted, the page follows a parse job (run at once in tests: EDUBUREAU_TASKS_IMMEDIATE)
    response = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:plan_import_job", args=[job.pk])
    assert (job.kind, job.status, job.progress, job.total, job.owner) == (
        "plan.parse",
        "done",
        100,
        100,
        lead,
    )
    assert not Plan.objects.exists()

    # then the job's page is the review of the whole plan, whose form publishes as usual
    review = client.get(response["Location"])
    assert review.context["review"].tasks.initial_form_count() == 24
    assert review.context["source_text"] == source.strip()
    assert review.context["review"].header.initial["county"] == district.county
    published = client.post(
        reverse("planning:plan_import"),
        {**_review_data(review), "publish": "1", "create_unit": review.context["unknown_units"]},
    )
    plan = Plan.objects.get()
    assert published.status_code == 302 and plan.tasks.count() == 24


def test_the_job_page_shows_progress_until_the_parse_is_done(login, lead, district, source):
    # given a parse job queued but not yet run (as with a worker that has not picked it up)
    job = Job.objects.create(
        kind=tasks.KIND,
        owner=lead,
        params={"county": district.county.pk, "result_template": tasks.RESULT_TEMPLATE},
    )
    client = login(lead)

    # when the page is opened, it shows the progress bar that polls the job
    page = client.get(reverse("planning:plan_import_job", args=[job.pk]))
    assert page.status_code == 200 and "review" not in page.context
    html = page.content.decode()
    assert 'data-status="queued"' in html and reverse("core:job", args=[job.pk]) in html

    # when the worker reports progress, the polled fragment shows it; when done, a link to the review
    job.status, job.progress, job.total = Job.Status.RUNNING, 60, 100
    job.save()
    assert "60%" in client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    job.input_file.save("plan.txt", SimpleUploadedFile("plan.txt", source.encode("utf-8")))
    tasks.job_run(job.pk)
    fragment = client.get(reverse("core:job", args=[job.pk]), HTTP_HX_REQUEST="true").content.decode()
    assert reverse("planning:plan_import_job", args=[job.pk]) in fragment


def test_a_failed_parse_says_so(login, lead, district):
    job = Job.objects.create(
        kind=tasks.KIND,
        owner=lead,
        params={"county": district.county.pk, "result_template": tasks.RESULT_TEMPLATE},
    )
    job.input_file.save("plan.txt", SimpleUploadedFile("plan.txt", b"\xff\xfe not UTF-8 \xff"))
    assert tasks.job_run(job.pk).status == Job.Status.FAILED
    page = login(lead).get(reverse("planning:plan_import_job", args=[job.pk]))
    assert page.status_code == 200 and "未能读取该计划" in page.content.decode()


def test_a_parse_job_is_its_owners_only(login, lead, other_staff, district, source, settings):
    settings.PLAN_BACKGROUND_PARSE_BYTES = 10 * 1024
    login(lead).post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})
    job = Job.objects.get()
    assert login(other_staff).get(reverse("planning:plan_import_job", args=[job.pk])).status_code == 404


def test_plan_import_on_the_command_line_applies_the_limit(tmp_path, district):
    plan = tmp_path / "plan.txt"
    plan.write_bytes(b"x" * (5 * MB + 1))
    with pytest.raises(CommandError, match="5242881 bytes; the limit for a plan is 5242880"):
        call_command("plan_import", str(plan), "--publish")
    assert not Plan.objects.exists()
