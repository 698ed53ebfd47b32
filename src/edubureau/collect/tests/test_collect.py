"""Data collection end to end: definitions and versions, assignments and missing data, the school's own
submissions (404 otherwise), review with a notification, the Excel round trip, the indicators."""

import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.http import Http404
from openpyxl import load_workbook

from edubureau.collect import definition as defn
from edubureau.collect import services, sources, workbook
from edubureau.collect.models import Form, Submission, SubmissionFile
from edubureau.collect.tests.factories import SAFETY, TRAINING, assign, safety_form, training_form
from edubureau.core.models import AuditEntry, Notification
from edubureau.core.periods import SchoolYear
from edubureau.core.views import history_url
from edubureau.indicators import library
from edubureau.indicators.models import IndicatorValue
from edubureau.indicators.services import indicators_compute
from edubureau.planning import binding
from edubureau.registry.models import Department

GOOD = {
    "lesson_hours": "3",
    "drill_held": "是",
    "hazards_found": "1",
    "topics": ["消防"],
    "platform_rate": "98.5",
}


# --- pure: definitions and values ---------------------------------------------------------------------


def test_definition_check_names_each_bad_field():
    with pytest.raises(defn.DefinitionError) as err:
        defn.definition_check({"fields": [
            {"key": "1x", "label": "甲", "type": "integer"},
            {"key": "b", "label": "乙", "type": "choice", "options": ["只有一个"]},
            {"key": "c", "label": "丙", "type": "integer", "min": 5, "max": 1},
            {"key": "t", "label": "丁", "type": "table", "columns": [{"key": "u", "label": "戊", "type": "table"}]},
        ]})  # fmt: skip
    text = " ".join(err.value.messages)
    assert "1x" in text and "乙" in text and "丙" in text and "戊" in text


def test_validate_names_field_and_fix():
    clean, problems = defn.validate(
        SAFETY, {"lesson_hours": "3.5", "drill_held": "也许", "hazards_found": "-1"}
    )
    messages = {p.path: p.message for p in problems}
    assert "安全教育课时" in messages["lesson_hours"] and "12" in messages["lesson_hours"]
    assert "是" in messages["drill_held"]
    assert "0" in messages["hazards_found"]
    clean, problems = defn.validate(SAFETY, GOOD)
    assert problems == []
    assert clean["lesson_hours"] == 3 and clean["drill_held"] is True and clean["platform_rate"] == "98.5"
    # a draft may leave required fields empty, but not hold a wrong value
    assert defn.validate(SAFETY, {}, complete=False)[1] == []
    table = {"sessions": [{"date": "2019-03-02", "kind": "名师大讲堂", "participants": "0"}]}
    problems = defn.validate(TRAINING, table)[1]
    assert [p.path for p in problems] == ["sessions.1.participants"] and "第1行" in problems[0].message


def test_editor_rows_round_trip():
    rows = defn.rows_from_definition(TRAINING)
    assert defn.definition_check(defn.definition_from_rows(rows)) == defn.definition_check(TRAINING)


def test_aggregate_missing_is_not_zero():
    src = sources.BY_CODE["collect_safety_lesson_hours"]
    sent = [sources.Sent(1, 10, {"lesson_hours": 8}), sources.Sent(1, 10, {"lesson_hours": 6}),
            sources.Sent(2, 10, {"lesson_hours": 4})]  # fmt: skip
    values = {(v.scope, v.key): v for v in sources.aggregate(src, sent)}
    assert values[("school", 1)].value == 14 and values[("town", 10)].value == 9
    assert values[("district", 0)].denominator == 2  # school 3 sent nothing: not in the mean
    share = sources.aggregate(sources.BY_CODE["collect_drill_share"], [sources.Sent(1, 10, {"drill_held": True}),
                              sources.Sent(2, 10, {"drill_held": False})])  # fmt: skip
    assert {(v.scope, v.key): v.value for v in share}[("district", 0)] == 50


# --- with the database ----------------------------------------------------------------------------------


@pytest.fixture
def assignment(district):
    return assign(safety_form(district.county))


def _own(assignment, district):
    return Submission.objects.get(assignment=assignment, school=district.school)


def test_assignment_makes_pending_rows_and_tells_principals(district, principal, assignment):
    assert assignment.submissions.filter(status="pending").count() == 2
    assert Notification.objects.filter(user=principal, key=f"collect_assigned:{assignment.pk}").exists()
    by_town = assign(assignment.form, period="2019-04", towns=[district.other_town])
    assert list(by_town.submissions.values_list("school", flat=True)) == [district.other_school.pk]


def test_new_version_only_after_figures(assignment, district, principal, staff):
    form = assignment.form
    changed = {"fields": [*SAFETY["fields"], {"key": "extra", "label": "新增", "type": "text"}]}
    assert (
        services.form_define(actor=staff, form=form, definition=changed).number == 1
    )  # nobody filled in yet
    own = _own(assignment, district)
    services.submission_save(actor=principal, submission=own, values=GOOD)
    v2 = services.form_define(actor=staff, form=form, definition=SAFETY)
    assert v2.number == 2
    own.refresh_from_db()
    other = Submission.objects.get(assignment=assignment, school=district.other_school)
    assert own.form_version.number == 1 and other.form_version.number == 2  # the draft keeps its version


def test_school_fills_in_only_its_own(assignment, district, principal, client):
    own = _own(assignment, district)
    other = Submission.objects.get(assignment=assignment, school=district.other_school)
    with pytest.raises(Http404):
        services.submission_save(actor=principal, submission=other, values=GOOD)
    client.force_login(principal)
    assert client.get(f"/collect/submissions/{other.pk}/").status_code == 404
    page = client.get(f"/collect/submissions/{own.pk}/")
    assert page.status_code == 200 and "安全教育课时" in page.content.decode()
    bad = client.post(f"/collect/submissions/{own.pk}/action/", {"action": "submit", "lesson_hours": "x"})
    assert bad.status_code == 400 and "安全教育课时" in bad.content.decode()
    # the offline draft sends with fetch and reads JSON: the problems, or where to go
    url = f"/collect/submissions/{own.pk}/action/"
    answer = client.post(url, {"action": "submit", "lesson_hours": "x"}, HTTP_ACCEPT="application/json")
    assert answer.status_code == 400 and "安全教育课时" in answer.json()["errors"][0]
    post = {"action": "submit", "lesson_hours": "4", "drill_held": "是", "topics": ["消防", "交通安全"]}
    assert client.post(url, post, HTTP_ACCEPT="application/json").json() == {"ok": True, "url": url[:-7]}
    own.refresh_from_db()
    assert own.status == "submitted" and own.values["topics"] == ["交通安全", "消防"]


def test_return_notifies_and_accept_locks(assignment, district, principal, staff, client):
    own = _own(assignment, district)
    services.submission_submit(actor=principal, submission=own, values=GOOD)
    with pytest.raises(ValidationError):
        services.submission_return(actor=staff, submission=own, reason=" ")
    services.submission_return(actor=staff, submission=own, reason="课时与课表不符")
    note = Notification.objects.get(user=principal, kind="returned")
    assert "课时与课表不符" in note.message
    services.submission_submit(actor=principal, submission=own, values={**GOOD, "lesson_hours": 2})
    client.force_login(staff)
    assert client.post(f"/collect/submissions/{own.pk}/action/", {"action": "accept"}).status_code == 302
    own.refresh_from_db()
    assert own.status == "accepted"
    with pytest.raises(ValidationError):
        services.submission_save(actor=principal, submission=own, values=GOOD)
    actions = set(AuditEntry.objects.filter(object_id=str(own.pk)).values_list("action", flat=True))
    assert {"collect.submission.submit", "collect.submission.return", "collect.submission.accept"} <= actions
    page = client.get(f"/collect/assignments/{assignment.pk}/").content.decode()
    assert 'data-testid="missing">1<' in page  # the other school has not sent: missing, not zero
    assert "月度安全工作报表 · 2019年3月" in page  # the heading names the month in words (period 2019-03)
    assert "月度安全工作报表 · 2019年3月" in client.get(f"/collect/submissions/{own.pk}/").content.decode()
    assert "月度安全工作报表 · 2019年3月" in client.get("/collect/submissions/?status=all").content.decode()
    assert (
        ">2019年3月</a>"
        in client.get(f"/collect/forms/{assignment.form_id}/?tab=assignments").content.decode()
    )


def test_excel_round_trip(assignment, district, staff, principal):
    own = _own(assignment, district)
    meta = {"form": "safety_monthly", "version": 1, "school": district.school.code, "period": "2019-03"}
    wb = load_workbook(io.BytesIO(workbook.template_bytes(definition=SAFETY, meta=meta)))
    ws = wb["填报"]
    for row in ws.iter_rows(min_row=2):
        row[1].value = {"lesson_hours": 5, "drill_held": "否", "hazards_found": -1}.get(row[3].value)
    bad = io.BytesIO()
    wb.save(bad)
    reports = services.submissions_upload(
        actor=staff, assignment=assignment, files=[("a.xlsx", io.BytesIO(bad.getvalue()), 1000),
                                                   ("b.xlsx", io.BytesIO(b"not excel"), 9)]
    )  # fmt: skip
    assert not reports[0].ok and "row" not in reports[0].problems[0]
    assert "第" in reports[0].problems[0] or "行" in reports[0].problems[0]
    assert not reports[1].ok and ".xlsx" in reports[1].problems[0]
    own.refresh_from_db()
    assert own.status == "pending"  # nothing written
    for row in ws.iter_rows(min_row=2):
        if row[3].value == "hazards_found":
            row[1].value = 2
    good = io.BytesIO()
    wb.save(good)
    report = services.submissions_upload(
        actor=principal, assignment=assignment, files=[("a.xlsx", io.BytesIO(good.getvalue()), 1000)]
    )[0]
    assert report.ok, report.problems
    own.refresh_from_db()
    assert own.status == "submitted" and own.values["lesson_hours"] == 5 and own.values["drill_held"] is False
    # the other school's template is out of the principal's scope
    meta["school"] = district.other_school.code
    other = io.BytesIO(workbook.template_bytes(definition=SAFETY, meta=meta))
    report = services.submissions_upload(
        actor=principal, assignment=assignment, files=[("c.xlsx", other, 1000)]
    )[0]
    assert not report.ok and district.other_school.code in report.problems[0]


def test_into_numbers_and_export_command(district, principal, staff, capsys):
    form = training_form(district.county)
    term = assign(form, period="2019春", due=dt.date(2019, 6, 30))
    own = _own(term, district)
    rows = [{"date": "2019-03-02", "kind": "名师大讲堂", "participants": 80},
            {"date": "2019-04-12", "kind": "名师大讲堂", "participants": 60},
            {"date": "2019-05-01", "kind": "校本培训", "participants": 30}]  # fmt: skip
    services.submission_submit(actor=principal, submission=own, values={"sessions": rows})
    assert binding.match(indicator="全年举办名师大讲堂10场").code == "collect_lecture_sessions"
    assert "collect_lecture_sessions" in library.LIBRARY
    sources.collect_indicators_compute(actor=None, county=district.county, year=2019)
    values = {v.scope_type: v for v in IndicatorValue.objects.filter(indicator="collect_lecture_sessions")}
    assert values["district"].value == 2 and values["school"].school == district.school
    assert not IndicatorValue.objects.filter(
        indicator="collect_lecture_sessions", school=district.other_school
    )
    # the engine's recomputation of the school year starting in 2019 leaves the collected values alone
    indicators_compute(actor=None, year=SchoolYear.parse("2019-2020"), county=district.county)
    assert IndicatorValue.objects.filter(indicator="collect_lecture_sessions", period="2019").count() == 3
    call_command("collect", "export", "training_record", "--period", "2019春", "--json")
    out = json.loads(capsys.readouterr().out)
    by_school = {r["school_code"]: r for r in out["submissions"]}
    assert by_school[district.school.code]["values"]["sessions"][0]["kind"] == "名师大讲堂"
    assert by_school[district.other_school.code]["status"] == "pending"


def test_bureau_defines_form_in_the_page(district, staff, client):
    client.force_login(staff)
    post = {"title": "种子计划学员", "code": "seed", "frequency": "yearly", "rows": "2",
            "f-0-key": "trainees", "f-0-label": "学员人数", "f-0-type": "integer", "f-0-required": "1", "f-0-min": "0",
            "f-1-key": "", "f-1-label": ""}  # fmt: skip
    lead = Department.objects.create(county=district.county, name="教师进修学校")
    response = client.post("/collect/forms/new/", {**post, "lead": str(lead.pk)})
    assert response.status_code == 302
    assert Form.objects.get(code="seed").lead_department == lead
    bad = client.post("/collect/forms/new/", {**post, "code": "seed2", "f-0-type": "colour"})
    assert bad.status_code == 400 and "学员人数" not in "" and "colour" in bad.content.decode()


def test_demo_plays_spring_on_a_small_district(district, staff):
    from edubureau.demo.collect import collect_demo_play, collect_is_fresh

    district.school.name = "泉港一中"  # the demo principal's school photographs its drills
    district.school.save(update_fields=["name"])
    counts = collect_demo_play(today=dt.date(2019, 6, 28))
    assert not collect_is_fresh() and counts["assignments"] == 5
    photos = SubmissionFile.objects.filter(submission__school=district.school)
    assert counts["drills"] >= 1 and photos.count() == sum(
        len(s.values.get("drills", []))
        for s in Submission.objects.filter(school=district.school)
        if s.submitted_at
    )
    assert Submission.objects.filter(status="accepted").exists()
    assert IndicatorValue.objects.filter(
        indicator="collect_safety_lesson_hours", scope_type="district"
    ).exists()


def test_plan_targets_of_task_24_bind_to_collected_indicators():
    assert (
        binding.match(indicator="学校安全教育平台的各项核心指标完成率").code == "collect_safety_platform_rate"
    )
    assert binding.match(indicator="安全教育").code == "collect_safety_lesson_hours"
    latest = sources.aggregate(sources.BY_CODE["collect_safety_platform_rate"],
                               [sources.Sent(1, 10, {"platform_rate": "80"}), sources.Sent(1, 10, {"platform_rate": "96"})])  # fmt: skip
    assert {(v.scope, v.key): v.value for v in latest}[("school", 1)] == 96


def test_list_pages_read_a_fixed_number_of_queries(district, staff, principal, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from edubureau.registry.testing.factories import SchoolFactory

    def counts():
        out = []
        for user, url in ((staff, f"/collect/assignments/{a.pk}/"), (staff, "/collect/submissions/?status=all"),
                          (principal, "/collect/submissions/"), (staff, "/collect/"),
                          (staff, f"/collect/forms/{form.pk}/?tab=assignments")):  # fmt: skip
            client.force_login(user)
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            out.append(len(ctx))
        return out

    form = safety_form(district.county)
    a = assign(form)
    few = counts()
    form2 = safety_form(district.county, code="other")
    for _i in range(4):
        SchoolFactory(area=district.town)
    a = assign(form2)
    assign(form, period="2019-04")
    assign(form, period="2019-05")
    for s in a.submissions.all()[:3]:
        services.submission_submit(actor=None, submission=s, values=GOOD, refresh=False)
    assert counts() == few


def test_reminders_before_and_after_the_due_date(district, principal, assignment):
    own = _own(assignment, district)
    assert services.collect_remind(today=dt.date(2019, 3, 20)) == {"due_soon": 0, "overdue": 0}
    assert services.collect_remind(today=dt.date(2019, 3, 29)) == {"due_soon": 1, "overdue": 0}
    assert services.collect_remind(today=dt.date(2019, 3, 30)) == {"due_soon": 0, "overdue": 0}  # once
    services.submission_submit(actor=principal, submission=own, values=GOOD, refresh=False)
    assert services.collect_remind(today=dt.date(2019, 4, 2)) == {"due_soon": 0, "overdue": 0}  # sent
    assert Notification.objects.filter(user=principal, kind="due_soon").count() == 1


def test_upload_refuses_another_form_or_an_old_version(assignment, district, principal, staff):
    other_form = safety_form(district.county, code="other_form")
    meta = {"form": "other_form", "version": 1, "school": district.school.code, "period": "2019-03"}
    wrong = io.BytesIO(workbook.template_bytes(definition=SAFETY, meta=meta))
    report = services.submissions_upload(actor=staff, assignment=assignment, files=[("x.xlsx", wrong, 100)])[
        0
    ]
    assert not report.ok and "other_form" in report.problems[0] and "safety_monthly" in report.problems[0]
    services.submission_save(actor=principal, submission=_own(assignment, district), values=GOOD)
    services.form_define(actor=staff, form=assignment.form, definition=TRAINING)  # version 2
    other = Submission.objects.get(assignment=assignment, school=district.other_school)
    meta = {"form": "safety_monthly", "version": 1, "school": district.other_school.code, "period": "2019-03"}
    old = io.BytesIO(workbook.template_bytes(definition=SAFETY, meta=meta))
    report = services.submissions_upload(actor=staff, assignment=assignment, files=[("y.xlsx", old, 100)])[0]
    assert not report.ok and "2" in report.problems[0]
    other.refresh_from_db()
    assert other.status == "pending" and other_form.pk


def test_assign_by_unknown_school_code_says_which(district, staff, client):
    form = safety_form(district.county)
    client.force_login(staff)
    post = {"period": "2019-09", "due_on": "2019-10-05", "schools": f"{district.school.code}，9999999999"}
    response = client.post(f"/collect/forms/{form.pk}/assign/", post, follow=True)
    assert "9999999999" in response.content.decode() and not form.assignments.exists()


def test_the_history_names_the_forms_fields_not_their_keys(district, principal, client):
    # given a table form saved by a school
    own = Submission.objects.get(assignment=assign(training_form(district.county)), school=district.school)
    row = {"date": "2019-03-15", "kind": "名师大讲堂", "participants": "40"}
    services.submission_save(actor=principal, submission=own, values={"sessions": [row]})
    # when the school reads its history
    client.force_login(principal)
    text = client.get(history_url(own)).content.decode()
    # then the fields and columns are named as on the form (the page showed sessions, date, kind)
    assert "培训活动：日期：2019年3月15日；类别：名师大讲堂；参加人数：40" in text
    assert "participants" not in text
