"""The student export runs as a background job: progress, a file for its owner only, never cached."""

import datetime as dt
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.conf import settings as django_settings
from django.urls import reverse

from edubureau.core import clock
from edubureau.core.models import AuditEntry, Job
from edubureau.core.tasks import export_job_run
from edubureau.core.testing.jobs import body_of
from edubureau.registry.tests.conftest import enrolled_class, read_xlsx

pytestmark = pytest.mark.django_db


def test_export_is_a_job_with_progress_and_a_download_for_its_owner(login, district, clerk, staff):
    enrolled_class(district.school, 3)
    c = login(clerk)
    # when the clerk asks for the export on a fixed day
    with clock.frozen(dt.date(2019, 6, 28)):
        response = c.get(reverse("registry:student_export"), {"id_numbers": "full"})
    # then the browser goes to the job's page, which shows it done with its rows and a download link
    job = Job.objects.get(owner=clerk, kind="export.registry:student_export")
    assert response["Location"] == reverse("core:job", args=[job.pk])
    assert (job.status, job.progress, job.total, job.result["rows"]) == ("done", 3, 3, 3)
    page = c.get(response["Location"]).content.decode()
    assert 'data-testid="job-file"' in page and reverse("core:job_file", args=[job.pk]) in page
    assert "学生_20190628.xlsx" in page
    # the file is kept under var/ in the owner's folder
    path = Path(job.result_file.path)
    assert path.is_relative_to(Path(django_settings.MEDIA_ROOT) / "jobs" / "results" / str(clerk.pk))
    # the download: the workbook, never cached, named by the bureau's clock
    download = c.get(reverse("core:job_file", args=[job.pk]))
    assert "no-store" in download["Cache-Control"]
    assert "filename*=UTF-8''%E5%AD%A6%E7%94%9F_20190628.xlsx" in download["Content-Disposition"]
    rows = read_xlsx(download)
    assert len(rows) == 4 and all(len(str(r[3])) == 18 for r in rows[1:])  # full numbers as asked
    assert AuditEntry.objects.filter(action="registry.student.export_id").count() == 3
    # nobody else gets the file or the page, not even someone who may see the same students
    other = login(staff)
    assert other.get(reverse("core:job_file", args=[job.pk])).status_code == 404
    assert other.get(reverse("core:job", args=[job.pk])).status_code == 404


def test_a_key_that_fails_in_the_job_leaves_a_reason_and_no_audit(login, district, clerk, settings):
    enrolled_class(district.school, 2)
    job = Job.objects.create(
        kind="export.registry:student_export",
        owner=clerk,
        params={
            "url_name": "registry:student_export",
            "query": "id_numbers=full",
            "language": "zh-hans",
            "filename": "x.xlsx",
        },
    )
    settings.FIELD_ENCRYPTION_KEY = Fernet.generate_key().decode()
    job = export_job_run(job.pk)
    assert job.status == "failed" and "无法导出" in job.result["message"] and not job.result_file
    assert not AuditEntry.objects.filter(action="registry.student.export_id").exists()


def test_export_follows_the_list_filters(login, district, staff):
    enrolled_class(district.school, 2, grade=1)
    enrolled_class(district.school, 3, grade=4)
    rows = read_xlsx(login(staff).get(reverse("registry:student_export"), {"grade": 4}))
    assert len(rows) == 4
    assert len(body_of(login(staff).get(reverse("registry:student_export")))) < 2000  # a redirect, no rows
