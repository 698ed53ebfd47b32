"""The import pages through Django's test client: upload, job, result, error report, access."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core.models import Job
from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, student_row
from edubureau.registry.models import Enrollment, Student
from edubureau.registry.testing.factories import UserFactory, make_id_number


@pytest.fixture
def signed_in(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def upload(client, kind, path, **fields):
    with open(path, "rb") as fh:
        data = {f"{kind}-file": fh, **{f"{kind}-{k}": v for k, v in fields.items()}}
        return client.post(reverse("registry:import_new", args=[kind]), data)


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_list_offers_a_form_and_a_template_per_kind_the_user_may_import(district, principal, signed_in):
    client = signed_in(principal)
    response = client.get(reverse("registry:import_list"))
    assert response.status_code == 200
    page = response.content.decode()
    # a principal may add students, teachers and (their) school, not population
    for kind in ("students", "teachers", "schools"):
        assert f'data-testid="import-form-{kind}"' in page
        assert reverse("registry:import_template", args=[kind]) in page
    assert 'data-testid="import-form-population"' not in page
    assert "table-responsive" in page
    header = xlsx_rows(client.get(reverse("registry:import_template", args=["students"])))[0]
    assert header[:3] == ["学校标识码", "学校名称", "姓名"] and "身份证件号" in header
    assert client.get(reverse("registry:import_template", args=["population"])).status_code == 403


def test_upload_runs_the_job_and_the_rows_land(district, principal, signed_in, students_xlsx):
    # given
    client = signed_in(principal)
    path = students_xlsx([student_row(district.school.code, n) for n in range(4)])
    # when
    response = upload(client, "students", path, school_year="2019-2020")
    # then
    job = Job.objects.get(owner=principal)
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:import_job", args=[job.pk]
    )
    assert (job.kind, job.status, job.result["imported"]) == ("import.students", Job.Status.DONE, 4)
    assert Student.objects.filter(school=district.school).count() == 4
    assert set(Enrollment.objects.values_list("school_year", flat=True)) == {"2019-2020"}
    assert not job.input_file  # the upload (clear ID numbers) is not kept
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-ok"' in page and 'data-status="done"' in page
    # the page's htmx poll of core:job renders the same result partial
    partial = client.get(reverse("core:job", args=[job.pk]), headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="import-ok"' in partial
    listing = client.get(reverse("registry:import_list")).content.decode()
    assert reverse("registry:import_job", args=[job.pk]) in listing


def test_a_rejected_import_shows_the_problems_and_their_workbook(
    district, principal, signed_in, students_xlsx
):
    client = signed_in(principal)
    code = district.school.code
    numbers = [make_id_number(n, dt.date(2010, 1, 1)) for n in range(3)]
    path = students_xlsx(
        [student_row(code, 0), student_row(code, 0), student_row(district.other_school.code, 2)]
    )
    response = upload(client, "students", path, school_year="2019-2020")
    job = Job.objects.get(owner=principal)
    assert job.status == Job.Status.FAILED and job.result["error_count"] == 2
    assert not Student.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-rejected"' in page and 'data-testid="import-errors"' in page
    assert "与第2行的身份证件号重复" in page and "学校标识码不存在或不在您的管理范围" in page
    report = xlsx_rows(client.get(reverse("registry:import_errors_xlsx", args=[job.pk])))
    assert [row[:2] for row in report[1:]] == [[3, "身份证件号"], [4, "学校标识码"]]
    assert report[1][2] == "350505" + "*" * 12
    # no ID number in clear anywhere the user sees the problems
    for text in (page, repr(report), repr(job.result)):
        for number in numbers:
            assert number not in text


def test_wrong_file_types_are_refused_with_a_reason(district, principal, signed_in, tmp_path):
    client = signed_in(principal)
    old = tmp_path / "students.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 64)
    response = upload(client, "students", old, school_year="2019-2020")
    assert response.status_code == 400 and ".xls" in response.content.decode()
    assert not Job.objects.exists()
    fake = tmp_path / "students.xlsx"
    fake.write_text("学校标识码,姓名\n")
    response = upload(client, "students", fake, school_year="2019-2020")
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert "不是 Excel 工作簿" in client.get(response["Location"]).content.decode()


def test_jobs_and_reports_are_their_owners_only(district, principal, staff, signed_in, students_xlsx):
    client = signed_in(principal)
    upload(client, "students", students_xlsx([student_row("3199999999", 1)]), school_year="2019-2020")
    job = Job.objects.get()
    client.force_login(staff)
    assert client.get(reverse("registry:import_job", args=[job.pk])).status_code == 404
    assert client.get(reverse("registry:import_errors_xlsx", args=[job.pk])).status_code == 404
    assert client.get(reverse("core:job", args=[job.pk])).status_code == 404


def test_users_without_add_permission_are_refused(district, leader, signed_in, students_xlsx):
    client = signed_in(leader)
    assert client.get(reverse("registry:import_list")).status_code == 403
    response = upload(client, "students", students_xlsx([student_row(district.school.code, 1)]))
    assert response.status_code == 403
    assert not Job.objects.exists()


def test_unknown_kinds_are_404(district, staff, signed_in):
    assert signed_in(staff).get(reverse("registry:import_new", args=["parents"])).status_code == 404


def test_pages_need_a_login(client, db):
    response = client.get(reverse("registry:import_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_upload_page_for_one_kind(district, staff, signed_in):
    page = signed_in(staff).get(reverse("registry:import_new", args=["population"])).content.decode()
    assert "乡镇" in page and 'name="population-file"' in page
    assert 'name="population-school_year"' not in page  # population is per calendar year


def test_a_user_sees_only_their_own_jobs_listed(district, staff, signed_in):
    other = UserFactory(username="someone")
    Job.objects.create(
        kind="import.students", owner=other, params={"kind": "students", "filename": "别人.xlsx"}
    )
    page = signed_in(staff).get(reverse("registry:import_list")).content.decode()
    assert "别人.xlsx" not in page


def test_the_blank_template_filled_in_imports(district, staff, signed_in, tmp_path):
    # given the template as downloaded, one row filled in under its headers
    content = signed_in(staff).get(reverse("registry:import_template", args=["students"])).content
    wb = load_workbook(io.BytesIO(content))
    ws = wb.worksheets[0]
    header = [cell.value for cell in ws[1]]
    values = dict(zip(STUDENT_HEADER, student_row(district.school.code, 1), strict=True))
    ws.append([values.get(h) for h in header])
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    # when
    result = import_run(actor=staff, kind="students", source=path)
    # then
    assert result.ok, result.errors
    assert Student.objects.get().name == "学生1"


def test_a_crash_fails_the_job_cleanly(district, principal, signed_in, students_xlsx, monkeypatch):
    def crash(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("edubureau.registry.imports.tasks.import_run", crash)
    client = signed_in(principal)
    response = upload(
        client, "students", students_xlsx([student_row(district.school.code, 1)]), school_year="2019-2020"
    )
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED and job.result["crashed"] and job.finished_at
    assert not job.input_file
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="import-crashed"' in page and "disk on fire" not in page


def test_the_job_records_progress(district, principal, signed_in, students_xlsx):
    client = signed_in(principal)
    upload(
        client,
        "students",
        students_xlsx([student_row(district.school.code, n) for n in range(5)]),
        school_year="2019-2020",
    )
    job = Job.objects.get()
    assert (job.progress, job.total, job.percent) == (5, 5, 100)
