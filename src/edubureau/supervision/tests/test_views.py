"""Pages: the phone visit form, the rectification loop, exports, and query counts pinned on lists."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edubureau.supervision import workflow
from edubureau.supervision.models import Rectification, Visit
from edubureau.supervision.tests.factories import supervisor_for, visit_with_rectification

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _visit_post(school, **extra):
    data = {
        "client_id": "draft-1",
        "school": school.pk,
        "visited_at": "2019-06-27T09:30",
        "kind": "routine",
        "methods": ["lesson", "tour"],
        "feedback_at": "2019-06-27T11:30",
        "submit_report": "on",
        "finding_item": "6",
        "finding_description": "消防通道堆放杂物",
        "finding_requirement": "清理消防通道",
        "finding_deadline": "2019-07-10",
        "files": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
    }
    for n in range(1, 9):
        data[f"rating_{n}"] = "good"
        data[f"note_{n}"] = ""
    data.update(extra)
    return data


def test_record_visit_with_photo_and_finding(client, district, sup):
    client.force_login(sup)
    assert client.get(reverse("supervision:visit_create")).status_code == 200
    response = client.post(reverse("supervision:visit_create"), _visit_post(district.school))
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.files.get().is_image and visit.report_submitted_at is not None
    assert visit.checklist.count() == 8 and visit.methods == ["lesson", "tour"]
    assert Rectification.objects.get().deadline == dt.date(2019, 7, 10)
    page = client.get(reverse("supervision:visit_detail", args=[visit.pk]))
    assert "消防通道堆放杂物" in page.content.decode()
    # the offline draft sent again (JSON) answers with the same record
    again = client.post(
        reverse("supervision:visit_create"), _visit_post(district.school), HTTP_ACCEPT="application/json"
    )
    assert again.json() == {
        "ok": True,
        "url": reverse("supervision:visit_detail", args=[visit.pk]),
        "id": visit.pk,
    }


def test_visit_at_unassigned_school_refused(client, district, sup):
    client.force_login(sup)
    response = client.post(
        reverse("supervision:visit_create"),
        _visit_post(district.other_school),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and "school" in response.json()["errors"]


def test_a_visit_in_the_future_is_a_form_error_not_a_500(client, district, sup):
    client.force_login(sup)

    def future():
        return _visit_post(district.school, visited_at="2099-01-01T09:30", feedback_at="2099-01-01T11:30")

    page = client.post(reverse("supervision:visit_create"), future())
    assert page.status_code == 400 and "督导时间不能晚于当前时间" in page.content.decode()
    again = client.post(reverse("supervision:visit_create"), future(), HTTP_ACCEPT="application/json")
    assert again.status_code == 400 and "visited_at" in again.json()["errors"]
    assert not Visit.objects.exists()


def test_forbidden_transition_message(client, district, sup, principal):
    rect = visit_with_rectification(sup, district.school)
    client.force_login(sup)
    url = reverse("supervision:rectification_action", args=[rect.pk])
    # the supervisor may not answer for the school: 403 (they can see it)
    assert client.post(url, {"action": "answer", "text": "x"}).status_code == 403
    client.force_login(principal)
    client.post(url, {"action": "answer", "text": "已清理"})
    response = client.post(url, {"action": "answer", "text": "再答一次"}, follow=True)
    messages = [str(m) for m in response.context["messages"]]
    with pytest.raises(workflow.TransitionError) as refused:
        workflow.check("answer", "answered")
    assert refused.value.messages[0] in messages  # the workflow's sentence, in the user's language
    rect.refresh_from_db()
    assert rect.status == "answered" and rect.answers.count() == 1


def test_exports(client, district, sup, leader):
    rect = visit_with_rectification(sup, district.school)
    client.force_login(leader)
    docx = client.get(reverse("supervision:visit_docx", args=[rect.finding.visit_id]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    assert client.get(reverse("supervision:monthly_report") + "?month=2019-06").content[:2] == b"PK"
    for name in ("visit_export", "rectification_export"):
        assert client.get(reverse(f"supervision:{name}")).content[:2] == b"PK"
    assert (
        "郭文彬" in client.get(reverse("supervision:school_sign", args=[district.school.pk])).content.decode()
    )


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "name", ["visit_list", "rectification_list", "oversight", "organisation", "schedule", "cycle_list"]
)
def test_query_counts_pinned(client, district, sup, leader, name):
    client.force_login(leader)
    url = reverse(f"supervision:{name}") + ("?status=all" if name == "rectification_list" else "")
    visit_with_rectification(sup, district.school)
    few = _count(client, url)
    # more visits, findings, rectifications, another supervisor and school: the same number of queries
    other = supervisor_for(district.other_school, username="sup-other", name="陈督学")
    for _ in range(3):
        visit_with_rectification(sup, district.school)
        visit_with_rectification(other, district.other_school)
    assert _count(client, url) == few


def test_the_tabs_and_report_button_lead_only_where_the_user_may_go(client, district, leader, principal):
    pages = {
        "schedule": reverse("supervision:schedule"),
        "cycles": reverse("supervision:cycle_list"),
        "report": reverse("supervision:monthly_report") + "?month=2019-06",
    }
    for user, offered in ((leader, True), (principal, False)):
        client.force_login(user)
        # when the user opens the oversight page
        page = client.get(reverse("supervision:oversight")).content.decode()
        # then each link is there exactly when the page behind it opens (a principal got three 404s)
        for url in pages.values():
            assert (f'href="{url}"' in page) is offered, (user, url)
            assert (client.get(url).status_code == 200) is offered, (user, url)


def test_the_schedule_names_its_month_in_words(client, leader):
    client.force_login(leader)
    page = client.get(reverse("supervision:schedule") + "?month=2019-07")
    assert "督导安排 2019年7月" in page.content.decode()


def test_the_heatmap_colours_each_month_of_a_school(client, district, sup, leader):
    # given a visit this month at one school: its month is one (light green), the other school's a red zero
    visit_with_rectification(sup, district.school)
    client.force_login(leader)
    html = client.get(reverse("supervision:oversight")).content.decode()

    def cells(school) -> list[str]:
        row = html.split(f'<tr data-school="{school.pk}">', 1)[1].split("</tr>", 1)[0]
        return [cell.strip() for cell in row.split("</td>")[1:-1]]

    visited, missed = cells(district.school), cells(district.other_school)
    assert (
        visited[-1] == '<td class="text-center bg-green-lt">1'
        and missed[-1] == '<td class="text-center bg-red-lt">0'
    )
    # the summer months are holidays (a dash), not misses
    holiday = '<td class="text-center text-secondary" title="暑假" data-holiday>—'
    assert missed.count(holiday) == 2 and len(missed) == len(visited) == 12


def _nav_links(client) -> list[str]:
    html = client.get(reverse("supervision:visit_list")).content.decode()
    nav = html.split('data-testid="supervision-nav"', 1)[1].split("</div>", 1)[0]
    return re.findall(r'href="([^"]+)"', nav)


def test_every_tab_shown_opens(client, district, sup, principal, leader):
    # a principal sees the visits and rectifications of her school, not the schedule or the cycles: no tab
    # that leads to a page not found
    client.force_login(principal)
    shown = _nav_links(client)
    assert reverse("supervision:rectification_list") in shown
    assert reverse("supervision:schedule") not in shown
    assert [url for url in shown if client.get(url).status_code != 200] == []
    # the bureau sees every tab
    client.force_login(leader)
    assert len(_nav_links(client)) == 6


def test_the_visit_form_draws_ticks_as_ticks_and_notes_full_width(client, district, sup):
    # a tick box drawn as a text box (form-control) looked empty on the phone; the notes of the 8 items
    # were bare, half-width inputs
    client.force_login(sup)
    html = client.get(reverse("supervision:visit_create")).content.decode()
    for name in ("methods", "rating_1", "submit_report"):
        tags = re.findall(rf'<input type="(?:checkbox|radio)" name="{name}"[^>]*>', html)
        assert tags and all('class="form-check-input"' in tag for tag in tags), name
    assert re.search(r'<input type="text" name="note_1"[^>]*class="form-control"', html)


def test_a_finding_refused_by_the_service_is_an_error_of_its_field(client, district, sup):
    # a deadline before the visit was an error of the whole form: the phone could not mark the field
    client.force_login(sup)
    response = client.post(
        reverse("supervision:visit_create"),
        _visit_post(district.school, finding_deadline="2019-06-01"),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["finding_deadline"]
    assert not Visit.objects.exists()
