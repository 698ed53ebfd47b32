"""隐患排查治理: the one transitions table, who may act, notifications (重大 → 安全保卫股 at once), the daily
urge ladder, scoped and paged lists with pinned query counts, the ledger, the phone form."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from openpyxl import load_workbook

from edubureau.core.models import AuditEntry, Notification
from edubureau.core.testing.concurrency import overlapping, skip_on_sqlite
from edubureau.safety import services, workflow
from edubureau.safety.choices import HazardStatus as S
from edubureau.safety.models import Hazard, HazardUrge
from edubureau.safety.tests.factories import hazard

pytestmark = pytest.mark.django_db


# --- the table -----------------------------------------------------------------------------------------


def test_every_state_is_reachable_and_verified_is_final():
    targets = {t.target for t in workflow.HAZARD.values() if t.target}
    assert targets | {S.REPORTED} == set(S.values)
    assert not workflow.allowed(workflow.HAZARD, S.VERIFIED, roles={"school", "bureau"})


def test_the_school_cannot_verify_its_own_fix():
    assert [t.action for t in workflow.allowed(workflow.HAZARD, S.FIXED, roles={"school"})] == []
    assert {t.action for t in workflow.allowed(workflow.HAZARD, S.FIXED, roles={"bureau"})} == {
        "verify",
        "return",
    }


# --- the loop ------------------------------------------------------------------------------------------


def test_full_loop_with_return_is_audited(district, principal, officer):
    # given a hazard the school found
    h = hazard(district.school, actor=principal)
    assert h.source == "school" and h.status == S.REPORTED
    # when the school assigns and fixes it, the bureau returns it, the school fixes it again, the bureau verifies
    services.hazard_assign(actor=principal, hazard=h, responsible="后勤主任 陈明")
    services.hazard_fix(actor=principal, hazard=h, actions="更换加压泵")
    services.hazard_return(actor=officer, hazard=h, reason="末端水压仍不足")
    h = services.hazard_fix(actor=principal, hazard=h, actions="更换整段管道并复测")
    h = services.hazard_verify(actor=officer, hazard=h, note="现场复测合格")
    # then
    h.refresh_from_db()
    assert h.status == S.VERIFIED and h.returned_count == 1 and h.verified_by == officer
    codes = list(AuditEntry.objects.filter(object_id=str(h.pk), action__startswith="safety.hazard").order_by("id")
                 .values_list("action", flat=True))  # fmt: skip
    assert codes == [
        "safety.hazard.report", "safety.hazard.assign", "safety.hazard.fix", "safety.hazard.return",
        "safety.hazard.fix", "safety.hazard.verify",
    ]  # fmt: skip


def test_wrong_state_is_refused_with_a_message(district, principal, officer):
    h = hazard(district.school, actor=principal)
    with pytest.raises(ValidationError, match="不能|not possible"):
        services.hazard_verify(actor=officer, hazard=h)
    assert Hazard.objects.get(pk=h.pk).status == S.REPORTED


def test_principal_of_another_school_gets_404(district, other_principal):
    with pytest.raises(Http404):
        hazard(district.school, actor=other_principal)


def test_other_department_staff_cannot_verify(district, principal, staff):
    h = hazard(district.school, actor=principal)
    services.hazard_fix(actor=principal, hazard=h, actions="已整改")
    with pytest.raises(Http404):
        services.hazard_verify(actor=staff, hazard=h)


def test_supervisor_reports_and_the_school_hears_of_it(district, principal, school_supervisor):
    h = hazard(district.school, actor=school_supervisor, source=None)
    assert h.source == "inspection"
    assert Notification.objects.filter(user=principal, key=f"hazard_found:{h.pk}").exists()


def test_major_hazard_notifies_the_safety_office_at_once(district, principal, officer, staff):
    h = hazard(district.school, actor=principal, level="major")
    note = Notification.objects.get(user=officer, key=f"hazard_major:{h.pk}")
    assert h.title in note.message and note.url == f"/safety/hazards/{h.pk}/"
    assert not Notification.objects.filter(user=staff).exists()  # 综合股 staff are not the safety office
    g = hazard(district.school, actor=principal, level="general")
    assert not Notification.objects.filter(key=f"hazard_major:{g.pk}").exists()


def test_deadline_before_found_is_refused(district, principal):
    with pytest.raises(ValidationError) as err:
        hazard(district.school, actor=principal, deadline=dt.date(2019, 6, 1))
    assert "deadline" in err.value.error_dict
    assert not Hazard.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_and_nothing_written(district, principal):
    bad = SimpleUploadedFile("virus.exe", b"MZ")
    with pytest.raises(ValidationError):
        hazard(district.school, actor=principal, photos=[bad])
    assert not Hazard.objects.exists()


# --- escalation ----------------------------------------------------------------------------------------


def test_daily_ladder_blue_orange_red_then_stops(district, principal, officer):
    h = hazard(district.school, actor=principal, deadline=dt.date(2019, 6, 10))
    day = dt.date(2019, 6, 11)
    levels = []
    for offset in (0, 6, 12, 18):
        issued = services.hazards_escalate(today=day + dt.timedelta(days=offset))
        levels += [u.level for u in issued]
    assert levels == [1, 2, 3]
    numbers = list(HazardUrge.objects.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert HazardUrge.objects.get(level=3).doc_number == "安整〔2019〕3号"
    assert Notification.objects.filter(user=officer, kind="urge").exists()  # red goes to the 安全保卫股
    h.refresh_from_db()
    assert h.urge_level == 3
    # the fix answers the open notices
    services.hazard_fix(actor=principal, hazard=h, actions="已整改")
    assert not HazardUrge.objects.filter(resolved_at__isnull=True).exists()
    assert services.hazards_escalate(today=dt.date(2019, 7, 30)) == []


@pytest.mark.django_db(transaction=True)
def test_two_notices_at_once_in_one_county_take_consecutive_numbers(district):
    skip_on_sqlite()
    # given overdue hazards at two schools of one county (their row locks do not cover the county)
    first, second = hazard(district.school), hazard(district.other_school)
    # when the second is urged while the first one's notice is saved but not committed
    errors = overlapping(
        lambda: services.hazard_urge(actor=None, hazard=first, today=dt.date(2019, 7, 1)),
        lambda: services.hazard_urge(actor=None, hazard=second, today=dt.date(2019, 7, 1)),
    )
    # then the county's row lock numbers them 1 and 2, in the order they were issued
    assert errors == []
    assert dict(HazardUrge.objects.values_list("hazard", "number")) == {first.pk: 1, second.pk: 2}


def test_not_overdue_gets_no_notice(district, principal):
    hazard(district.school, actor=principal, deadline=dt.date(2019, 7, 10))
    assert services.safety_daily(today=dt.date(2019, 6, 28)) == {"urges": 0, "case_reminders": 0}


# --- pages ---------------------------------------------------------------------------------------------


def test_list_is_scoped_paged_and_query_count_pinned(
    client, district, principal, officer, django_assert_max_num_queries
):
    for i in range(55):
        hazard(district.school, title=f"隐患{i}")
    hazard(district.other_school, title="别校隐患")
    client.force_login(principal)
    with django_assert_max_num_queries(14):
        page = client.get("/safety/").content.decode()
    assert "别校隐患" not in page and "隐患0" in page
    assert "2 页" in page or "1 / 2" in page
    client.force_login(officer)
    assert client.get("/safety/?status=all&page=2").status_code == 200


def test_overdue_filter_and_counts(client, district, officer):
    hazard(district.school, title="逾期的", deadline=dt.date(2019, 6, 10))
    hazard(district.school, title="未到期", deadline=dt.date(2019, 7, 10))
    client.force_login(officer)
    page = client.get("/safety/?status=overdue").content.decode()
    assert "逾期的" in page and "未到期" not in page


def test_ledger_export(client, district, officer):
    hazard(district.school, title="配电房未上锁", level="larger")
    client.force_login(officer)
    response = client.get("/safety/hazards/ledger/?status=all")
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert rows[1][1] == "配电房未上锁" and rows[1][4] == "较大"


def test_report_on_a_phone_form_with_a_photo(client, district, principal):
    client.force_login(principal)
    assert client.get("/safety/hazards/new/").status_code == 200
    photo = SimpleUploadedFile("p.jpg", b"\xff\xd8\xff", content_type="image/jpeg")
    response = client.post(
        "/safety/hazards/new/",
        {
            "school": district.school.pk, "title": "围墙开裂", "category": "building", "place": "操场东侧",
            "level": "major", "found_on": "2019-06-27", "deadline": "2019-07-05", "photos": [photo],
        },
    )  # fmt: skip
    h = Hazard.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/safety/hazards/{h.pk}/"
    assert h.files.get().stage == "found"
    page = client.get(response["Location"]).content.decode()
    assert "围墙开裂" in page and 'data-action="fix"' in page and 'data-action="verify"' not in page


@pytest.mark.parametrize(
    ("path", "form"), [("/safety/", "/safety/hazards/new/"), ("/safety/bullying/", "/safety/bullying/new/")]
)
def test_the_report_button_is_offered_only_to_those_the_form_serves(
    client, district, staff, officer, path, form
):
    # given staff of another department (the form would be a 404 to them) and the safety office
    for user, offered in ((staff, False), (officer, True)):
        client.force_login(user)
        # when they open the list
        page = client.get(path).content.decode()
        # then the button is there exactly when the form opens
        assert (f'href="{form}"' in page) is offered
        assert client.get(form).status_code == (200 if offered else 404)


def test_bad_form_input_names_the_field(client, district, principal):
    client.force_login(principal)
    response = client.post(
        "/safety/hazards/new/",
        {"school": district.school.pk, "title": "x", "category": "fire", "place": "p", "level": "general",
         "found_on": "2019-06-27", "deadline": "2019-06-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "截止" in response.content.decode() or "deadline" in response.content.decode()
    assert not Hazard.objects.exists()


def test_action_page_loop(client, district, principal, officer):
    h = hazard(district.school, actor=principal)
    client.force_login(principal)
    client.post(f"/safety/hazards/{h.pk}/action/", {"action": "fix", "text": "已清理"})
    # the school may not verify: 403 for an object it may see
    assert client.post(f"/safety/hazards/{h.pk}/action/", {"action": "verify"}).status_code == 403
    client.force_login(officer)
    client.post(f"/safety/hazards/{h.pk}/action/", {"action": "verify", "text": "合格"})
    h.refresh_from_db()
    assert h.status == S.VERIFIED


def test_daily_command(district, principal):
    from django.core.management import call_command

    hazard(district.school, actor=principal, deadline=dt.date(2019, 6, 10))
    out = io.StringIO()
    call_command("safety_daily", "--date", "2019-06-12", stdout=out)
    assert "1" in out.getvalue() and HazardUrge.objects.count() == 1


def test_report_form_offers_only_schools_the_user_may_report_for(client, district, principal, staff, officer):
    client.force_login(principal)
    page = client.get("/safety/hazards/new/").content.decode()
    assert district.school.name in page and district.other_school.name not in page
    client.force_login(officer)
    assert district.other_school.name in client.get("/safety/hazards/new/").content.decode()
    client.force_login(staff)  # 综合股: sees hazards, reports none
    assert client.get("/safety/hazards/new/").status_code == 404
