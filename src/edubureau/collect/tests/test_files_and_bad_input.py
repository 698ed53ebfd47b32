"""Photos and files in forms (upload on the fill-in page, bounded, typed, served only in scope), the
bulk upload's refusals (nothing written), the task-24 and task-16 numbers and their plan targets, and the
daily reminders' schedule."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from edubureau.collect import services, sources, workbook
from edubureau.collect.models import Submission, SubmissionFile
from edubureau.collect.tests.factories import PNG, SAFETY, assign, safety_form
from edubureau.core.models import AuditEntry
from edubureau.planning import binding

DRILLS = {
    "fields": [
        {"key": "lesson_hours", "label": "安全教育课时", "type": "integer", "required": True, "min": 0, "max": 60},
        {"key": "sheet", "label": "签到表", "type": "file"},
        {"key": "drills", "label": "应急演练", "type": "table", "row_label": "每次演练一行",
         "columns": [
             {"key": "date", "label": "日期", "type": "date", "required": True},
             {"key": "photo", "label": "照片", "type": "file"},
         ]},
    ]
}  # fmt: skip


@pytest.fixture
def drill_assignment(district):
    form = services.form_create(
        actor=None, county=district.county, code="safety_monthly", title="月度安全工作报表", definition=DRILLS
    )
    return assign(form)


def _own(assignment, district):
    return Submission.objects.get(assignment=assignment, school=district.school)


# --- pure ----------------------------------------------------------------------------------------------


def test_file_problem_names_the_field_and_the_fix():
    # a type the form does not take
    exe = services.file_problem(label="照片", name="virus.exe", size=10, head=b"MZ")
    assert "照片" in exe and "virus.exe" in exe and "jpg" in exe
    # a renamed file: the content is not what the name says
    fake = services.file_problem(label="照片", name="photo.jpg", size=10, head=b"hello world")
    assert "photo.jpg" in fake and "jpg" in fake
    big = services.file_problem(label="照片", name="a.png", size=11 * 1024 * 1024, head=PNG[:16])
    assert "10" in big and "11" in big
    assert services.file_problem(label="照片", name="a.PNG", size=len(PNG), head=PNG[:16]) is None
    assert services.file_problem(label="签到表", name="a.pdf", size=9, head=b"%PDF-1.7\n") is None


def test_every_school_at_12_lessons_is_a_share_and_missing_is_not_zero():
    src = sources.BY_CODE["collect_safety_lesson_schools_meeting"]
    sent = [sources.Sent(1, 10, {"lesson_hours": 8}), sources.Sent(1, 10, {"lesson_hours": 6}),
            sources.Sent(2, 10, {"lesson_hours": 4}), sources.Sent(3, 11, {})]  # fmt: skip
    values = {(v.scope, v.key): v for v in sources.aggregate(src, sent)}
    assert values[("school", 1)].value == 100 and values[("school", 2)].value == 0
    assert ("school", 3) not in values  # answered nothing: missing, not 0
    assert values[("district", 0)].value == 50 and values[("district", 0)].denominator == 2
    drills = sources.aggregate(
        sources.BY_CODE["collect_drills_held"],
        [sources.Sent(1, 10, {"drills": [{"date": "2019-03-02"}, {"date": "2019-03-20"}]}),
         sources.Sent(2, 10, {"drills": []})],
    )  # fmt: skip
    assert {(v.scope, v.key): v.value for v in drills}[("district", 0)] == Decimal(2)


def test_the_plan_targets_of_tasks_16_and_24_bind_with_high_confidence():
    # as the parser reads the 2019 plan (task 16: “邀请国内名师到我区开设讲堂，每年10期”)
    lecture = binding.match(indicator="邀请国内名师到我区开设讲堂", text="每年10期", unit="期", value=10)
    assert lecture == binding.Match("collect_lecture_sessions", binding.HIGH)
    lessons = binding.match(indicator="安全教育", text="确保全年安全教育不少于12课时", unit="课时", value=12)
    assert lessons == binding.Match("collect_safety_lesson_hours", binding.HIGH)
    platform = binding.match(indicator="学校安全教育平台的各项核心指标完成率", unit="%", value=100)
    assert platform == binding.Match("collect_safety_platform_rate", binding.HIGH)


def test_reminders_are_scheduled_every_morning_in_the_bureaus_time_zone(district, principal):
    from huey.contrib.djhuey import HUEY

    from edubureau.collect import tasks

    def due(moment):  # what the worker's scheduler starts at this (naive UTC) minute
        return {type(t).__name__ for t in HUEY.read_periodic(moment)}

    assert "collect_remind_daily" in due(dt.datetime(2019, 3, 28, 23, 30))  # 07:30 on the 29th in 泉港
    assert "collect_remind_daily" not in due(dt.datetime(2019, 3, 29, 7, 30))  # 15:30 there
    assign(safety_form(district.county))
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(services.clock, "today", lambda: dt.date(2019, 3, 29))
        assert tasks.collect_remind_daily.call_local() == {"due_soon": 1, "overdue": 0}


# --- photos on the fill-in page ---------------------------------------------------------------------------


def test_school_attaches_photos_on_the_phone_page(client, district, principal, drill_assignment):
    own = _own(drill_assignment, district)
    url = f"/collect/submissions/{own.pk}/action/"
    client.force_login(principal)
    page = client.get(f"/collect/submissions/{own.pk}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'name="file:drills.0.photo"' in page
    post = {
        "action": "save",
        "lesson_hours": "2",
        "drills.rows": "1",
        "drills.0.date": "2019-03-12",
        "file:drills.0.photo": SimpleUploadedFile("疏散.png", PNG, content_type="image/png"),
        "file:sheet": SimpleUploadedFile("签到.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf"),
    }
    assert client.post(url, post).status_code == 302
    own.refresh_from_db()
    photo = SubmissionFile.objects.get(submission=own, path="drills.0.photo")
    assert own.values["drills"][0]["photo"] == photo.pk and photo.is_image and photo.name == "疏散.png"
    assert own.values["sheet"] == SubmissionFile.objects.get(path="sheet").pk
    attached = AuditEntry.objects.filter(action="collect.submission.attach", object_id=str(own.pk))
    assert {e.after["field"] for e in attached} == {"drills.0.photo", "sheet"}
    # stored under media, served through the scoped view
    assert photo.file.name.startswith(f"collect/{district.school.pk}/{own.pk}/")
    response = client.get(f"/collect/files/{photo.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == PNG
    page = client.get(f"/collect/submissions/{own.pk}/").content.decode()
    assert "疏散.png" in page and f'value="{photo.pk}"' in page
    # saving again without choosing the photo again keeps it (the page sends its id back)
    post = {"action": "submit", "lesson_hours": "2", "drills.rows": "1", "drills.0.date": "2019-03-12",
            "drills.0.photo": str(photo.pk), "sheet": own.values["sheet"]}  # fmt: skip
    assert client.post(url, post).status_code == 302
    own.refresh_from_db()
    assert own.status == "submitted" and own.values["drills"][0]["photo"] == photo.pk


def test_a_bad_file_is_refused_with_the_field_and_nothing_is_written(
    client, district, principal, drill_assignment
):
    own = _own(drill_assignment, district)
    client.force_login(principal)
    url = f"/collect/submissions/{own.pk}/action/"
    for name, content in (("setup.exe", b"MZ\x90\x00"), ("photo.jpg", b"this is text, not a photo")):
        post = {"action": "save", "lesson_hours": "2",
                "file:sheet": SimpleUploadedFile(name, content)}  # fmt: skip
        response = client.post(url, post, HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        error = response.json()["errors"][0]
        assert "签到表" in error and name in error
    own.refresh_from_db()
    assert own.status == "pending" and own.values == {}
    assert not SubmissionFile.objects.exists()
    # a valid photo with a wrong value elsewhere: the photo is not kept either
    post = {"action": "save", "lesson_hours": "x", "file:sheet": SimpleUploadedFile("a.png", PNG)}
    assert client.post(url, post).status_code == 400
    assert not SubmissionFile.objects.exists()


def test_a_file_of_another_school_cannot_be_named_or_fetched(
    client, district, principal, staff, drill_assignment
):
    other = Submission.objects.get(assignment=drill_assignment, school=district.other_school)
    services.submission_save(
        actor=staff, submission=other, values={}, files={"sheet": SimpleUploadedFile("b.png", PNG)}
    )
    theirs = SubmissionFile.objects.get(submission=other)
    own = _own(drill_assignment, district)
    with pytest.raises(services.ValidationError) as error:
        services.submission_save(actor=principal, submission=own, values={"sheet": theirs.pk})
    assert "附件" in " ".join(error.value.messages) or "attach" in " ".join(error.value.messages)
    client.force_login(principal)
    assert client.get(f"/collect/files/{theirs.pk}/").status_code == 404
    assert client.get("/collect/files/987654/").status_code == 404
    client.force_login(staff)
    assert client.get(f"/collect/files/{theirs.pk}/").status_code == 200


# --- the bulk upload: bad input, nothing written --------------------------------------------------------------


def _filled(district, *, values: dict, school=None, form="safety_monthly", version=1, period="2019-03"):
    meta = {"form": form, "version": version, "school": (school or district.school).code, "period": period}
    wb = load_workbook(io.BytesIO(workbook.template_bytes(definition=SAFETY, meta=meta)))
    for row in wb["填报"].iter_rows(min_row=2):
        if row[3].value in values:
            row[1].value = values[row[3].value]
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_bulk_upload_refusals_name_the_fix_and_write_nothing(district, principal, staff):
    a = assign(safety_form(district.county))
    good = {"lesson_hours": 3, "drill_held": "是"}
    files = [
        ("out-of-range.xlsx", _filled(district, values={"lesson_hours": 500, "drill_held": "是"})),
        ("other-form.xlsx", _filled(district, values=good, form="training_record")),
        ("old-version.xlsx", _filled(district, values=good, version=7)),
        ("other-period.xlsx", _filled(district, values=good, period="2019-04")),
        ("notes.csv", b"school,lesson_hours\n1,3\n"),
        ("renamed.xlsx", b"%PDF-1.4 not a workbook"),
    ]
    before = AuditEntry.objects.count()
    reports = services.submissions_upload(
        actor=principal, assignment=a, files=[(n, io.BytesIO(c), len(c)) for n, c in files]
    )
    by_name = {r.name: r for r in reports}
    assert not any(r.ok for r in reports)
    assert "安全教育课时" in by_name["out-of-range.xlsx"].problems[0]
    assert "100" in by_name["out-of-range.xlsx"].problems[0]  # the maximum, the fix
    assert "training_record" in by_name["other-form.xlsx"].problems[0]
    assert "7" in by_name["old-version.xlsx"].problems[0]
    assert "2019-04" in by_name["other-period.xlsx"].problems[0]
    assert ".xlsx" in by_name["notes.csv"].problems[0] and ".xlsx" in by_name["renamed.xlsx"].problems[0]
    # a school outside the uploader's scope (the principal's is one school)
    outside = _filled(district, values=good, school=district.other_school)
    report = services.submissions_upload(
        actor=principal, assignment=a, files=[("outside.xlsx", io.BytesIO(outside), len(outside))]
    )[0]
    assert not report.ok and district.other_school.code in report.problems[0]
    assert set(a.submissions.values_list("status", flat=True)) == {"pending"}
    assert AuditEntry.objects.count() == before
    # the page shows the report, file by file, and still nothing is written
    from django.test import Client

    client = Client()
    client.force_login(staff)
    bad = SimpleUploadedFile("notes.csv", b"a,b\n")
    page = client.post(f"/collect/assignments/{a.pk}/upload/", {"files": [bad]}, follow=True)
    assert page.status_code == 200 and "notes.csv" in page.content.decode()
    assert set(a.submissions.values_list("status", flat=True)) == {"pending"}
