"""On a phone (390 × 844) a teacher lists her 志愿; on a desktop the staff close the window, run the three
rounds and publish; on her phone the teacher reads her result with every school she ranked above it
explained, and appeals. Screenshots go to var/screenshots/."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core import clock
from edubureau.core.testing.browser import PHONE, log_in, screenshot
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.staffing.models import Appeal
from edubureau.staffing.tests.factories import competition_for, entry_for, post_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url, is_mobile=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_choices_rounds_result_and_appeal(browser, live_server, page, district, teacher_user, staff):
    now = clock.now()
    competition = competition_for(
        district.county,
        [district.school, district.other_school],
        stage="open",
        choices_open=now - dt.timedelta(days=1),
        choices_close=now + dt.timedelta(days=1),
        appeals_close=now + dt.timedelta(days=7),
    )
    own, other = post_for(district.school, posts=2), post_for(district.other_school, posts=2)
    entry_for(competition, district.school, score=90)
    mine = entry_for(competition, district.school, score=84, user=teacher_user)
    entry_for(competition, district.other_school, score=70)
    rival = entry_for(competition, district.school, score="86.5")
    from edubureau.staffing.models import Preference

    Preference.objects.create(entry=rival, rank=1, post=other)

    # the teacher lists 南埔中心小学 first, her own school second, on her phone
    phone = _phone(browser, live_server)
    log_in(phone, "t_wang", PASSWORD)
    phone.goto(reverse("staffing:my"))
    phone.wait_for_selector("[data-testid='choices'] form")
    phone.select_option("#id_choice_1", str(other.pk))
    phone.select_option("#id_choice_2", str(own.pk))
    screenshot(phone, "staffing-choices-phone")
    phone.click("[data-testid='save-choices']")
    phone.wait_for_selector(".alert-success")
    assert list(mine.preferences.values_list("post_id", flat=True)) == [other.pk, own.pk]

    # the staff close the window, run the three rounds and publish
    log_in(page, "staff", PASSWORD)
    page.goto(reverse("staffing:competition_detail", args=[competition.pk]))
    page.click("[data-testid='advance-closed']")
    for n in (1, 2, 3):
        page.click("[data-testid='run-round']")
        page.wait_for_selector(f"[data-round='{n}']")
    page.click("[data-testid='advance-published']")
    page.wait_for_selector("[data-testid='stage']:has-text('结果已公示')")
    assert page.inner_text("[data-count='r2']") == "2"  # the rival moved; she was placed again at home
    screenshot(page, "staffing-competition-rounds")

    # the teacher reads her result explained, and appeals
    phone.goto(reverse("staffing:entry_detail", args=[mine.pk]))
    why = phone.inner_text("[data-testid='why-not']")
    assert "南埔中心小学 数学 2 个岗位，录取最低分 86.5，你的分数 84.0" in why
    assert "泉港一中附小" in phone.inner_text("[data-testid='result-post']")
    screenshot(phone, "staffing-result-phone")
    phone.fill("#id_reason", "请公开南埔中心小学数学岗位的评分明细。")
    phone.click("[data-testid='submit-appeal']")
    phone.wait_for_selector("[data-testid='appeal']")
    screenshot(phone, "staffing-appeal-phone")
    assert Appeal.objects.get(entry=mine).status == "submitted"

    # the staff decide it; the teacher reads the decision
    page.goto(reverse("staffing:competition_detail", args=[competition.pk]))
    page.fill("textarea[name=decision]", "评分明细已在学校公示栏公开，结果无误。")
    page.click("button[name=status][value=dismissed]")
    page.wait_for_selector("[data-testid='appeals'] :has-text('评分明细已在学校公示栏公开')")
    phone.reload()
    assert "评分明细已在学校公示栏公开" in phone.inner_text("[data-testid='appeals']")
    screenshot(phone, "staffing-appeal-decided-phone")
