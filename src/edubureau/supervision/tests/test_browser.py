"""On a phone (390 × 844): a supervisor records a visit with a photo and a finding; the school answers;
the supervisor returns it once, then closes it; the oversight counts follow. Screenshots go to
var/screenshots/."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from edubureau.core.testing.browser import PHONE, log_in, screenshot
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.supervision.models import Rectification, Visit

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url, is_mobile=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def _counts(pg) -> dict[str, str]:
    pg.goto(reverse("supervision:oversight"))
    return {
        key: pg.inner_text(f"[data-count='{key}']")
        for key in ("visits_this_month", "without_visit", "open", "overdue", "closed")
    }


def test_visit_finding_answer_return_close(browser, live_server, district, sup, principal, leader):
    boss = _phone(browser, live_server)
    log_in(boss, "leader", PASSWORD)
    before = _counts(boss)
    assert (before["visits_this_month"], before["without_visit"], before["open"]) == ("0", "2", "0")

    # the supervisor records a visit with a photo and a finding
    pg = _phone(browser, live_server)
    log_in(pg, "sup", PASSWORD)
    pg.goto(reverse("supervision:visit_create") + f"?school={district.school.pk}")
    pg.fill("#id_visited_at", "2019-06-27T09:30")
    pg.check("input[name=methods][value=lesson]")
    pg.check("input[name=methods][value=tour]")
    pg.check("input[name=rating_6][value=poor]")
    pg.fill("#id_note_6", "消防通道堆放杂物")
    pg.set_input_files("#id_files", files=[{"name": "现场.png", "mimeType": "image/png", "buffer": PNG}])
    pg.fill("#id_feedback_at", "2019-06-27T11:00")
    pg.select_option("#id_finding_item", "6")
    pg.fill("#id_finding_description", "消防通道堆放杂物")
    pg.fill("#id_finding_requirement", "清理消防通道并建立巡查记录")
    pg.fill("#id_finding_deadline", "2019-07-10")
    pg.check("#id_submit_report")
    screenshot(pg, "supervision-visit-form-phone")
    pg.click("[data-testid='visit-submit']")
    pg.wait_for_selector("[data-testid='visit-files'] img")
    assert "消防通道堆放杂物" in pg.inner_text("[data-testid='findings']")
    assert pg.evaluate("localStorage.getItem('supervision-visit-draft')") is None
    screenshot(pg, "supervision-visit-phone")
    visit = Visit.objects.get()
    rect = Rectification.objects.get()
    assert visit.files.get().is_image

    after_visit = _counts(boss)
    assert (after_visit["visits_this_month"], after_visit["without_visit"], after_visit["open"]) == (
        "1",
        "1",
        "1",
    )

    # the school answers
    school = _phone(browser, live_server)
    log_in(school, "principal", PASSWORD)
    url = reverse("supervision:rectification_detail", args=[rect.pk])

    def act(page, action, text):
        page.goto(url)
        page.fill(f"form[data-form='{action}'] textarea", text)
        page.click(f"button[data-action='{action}']")
        page.wait_for_selector("[data-testid='rect-state']")

    act(school, "answer", "已清理消防通道，附照片。")
    assert school.get_attribute("[data-testid='rect-state']", "data-status") == "answered"
    # the supervisor returns it once
    act(pg, "return", "缺少巡查记录。")
    assert pg.get_attribute("[data-testid='rect-state']", "data-status") == "returned"
    assert "缺少巡查记录" in pg.inner_text("[data-testid='returned-count']")
    # a forbidden step is not offered to the school
    school.goto(url)
    assert school.query_selector("button[data-action='close']") is None
    act(school, "answer", "已建立每日巡查记录。")
    act(pg, "close", "复查到位。")
    assert pg.get_attribute("[data-testid='rect-state']", "data-status") == "closed"
    screenshot(pg, "supervision-rectification-phone")

    final = _counts(boss)
    assert (final["open"], final["closed"]) == ("0", "1")
    screenshot(boss, "supervision-oversight-phone")


def test_feedback_now_fills_the_bureau_time_on_a_phone_in_another_zone(browser, live_server, district, sup):
    """ "填入当前反馈时间" takes the bureau's clock (the pinned day, Beijing time), not the phone's UTC."""
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", timezone_id="UTC", base_url=live_server.url, is_mobile=True
    )
    pg = context.new_page()
    log_in(pg, "sup", PASSWORD)
    pg.goto(reverse("supervision:visit_create") + f"?school={district.school.pk}")
    pg.click("#feedback-now")
    value = pg.input_value("#id_feedback_at")
    context.close()
    beijing = dt.datetime.now(ZoneInfo("Asia/Shanghai"))
    filled = dt.datetime.fromisoformat(value)
    assert filled.date() == dt.date(2019, 6, 28)  # the supervision tests' pinned day
    minutes = abs((filled.hour * 60 + filled.minute) - (beijing.hour * 60 + beijing.minute))
    assert min(minutes, 24 * 60 - minutes) <= 2


def test_a_refused_visit_names_the_field_and_keeps_the_input(browser, live_server, district, sup):
    """Saved without a school: the message says which field, the field is marked and in view, nothing typed
    is lost."""
    pg = _phone(browser, live_server)
    log_in(pg, "sup", PASSWORD)
    pg.goto(reverse("supervision:visit_create"))
    pg.fill("#id_finding_description", "消防通道堆放杂物")
    pg.click("[data-testid='visit-submit']")
    pg.wait_for_selector("#id_school.is-invalid")
    assert pg.inner_text("[data-testid='offline-status']").startswith("学校：")
    assert "alert-danger" in pg.get_attribute("[data-testid='offline-status']", "class")
    assert pg.evaluate("document.activeElement.id") == "id_school"
    assert pg.input_value("#id_finding_description") == "消防通道堆放杂物"
    screenshot(pg, "supervision-visit-refused-phone")
    assert not Visit.objects.exists()
