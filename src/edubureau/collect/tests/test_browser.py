"""On a phone (390 × 844): a school fills in the monthly safety form with a drill photo while offline,
reconnects and the form goes out by itself; the bureau returns it, the school corrects it and submits again;
the plan target bound to 安全教育课时 moves each time. Screenshots go to var/screenshots/."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.collect import services
from edubureau.collect.models import Submission, SubmissionFile
from edubureau.collect.tests.factories import PNG
from edubureau.core.testing.browser import PHONE, log_in, screenshot
from edubureau.demo.collect import SAFETY
from edubureau.planning.models import Plan, Target, Task
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url, is_mobile=True)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def world(district, principal, staff):
    form = services.form_create(
        actor=None, county=district.county, code="safety_monthly", title="月度安全工作报表", definition=SAFETY
    )
    assignment = services.assignment_create(
        actor=None, form=form, period="2019-03", due_on=dt.date(2019, 4, 5)
    )
    plan = Plan.objects.create(
        county=district.county, year=2019, title="2019年教育工作要点", doc_number="泉港教综〔2019〕55号",
        issued_on=dt.date(2019, 3, 28), published_at=dt.datetime(2019, 3, 28, tzinfo=dt.UTC),
    )  # fmt: skip
    task = Task.objects.create(
        plan=plan, county=district.county, number=24, title="切实加强学校安全稳定工作",
        body="确保全年安全教育不少于12课时。", start=dt.date(2019, 3, 28), due=dt.date(2019, 12, 31),
        original_due=dt.date(2019, 12, 31),
    )  # fmt: skip
    target = Target.objects.create(
        plan=plan, task=task, indicator="安全教育", text="确保全年安全教育不少于12课时", comparator=">=",
        value=12, unit="课时", indicator_code="collect_safety_lesson_hours",
    )  # fmt: skip
    own = Submission.objects.get(assignment=assignment, school=district.school)
    return {"plan": plan, "target": target, "submission": own}


def _target_actual(pg, world) -> float | None:
    """The target's value on the plan's targets tab (None: no figure, shown as —)."""
    pg.goto(reverse("planning:plan_detail", args=[world["plan"].pk]) + "?tab=targets")
    text = pg.get_attribute(f"tr[data-pk='{world['target'].pk}'] [data-testid='actual']", "data-actual")
    return float(text) if text else None


def test_offline_fill_submit_return_correct_moves_the_target(browser, live_server, world, district):
    bureau_ctx, bureau = _phone(browser, live_server)
    log_in(bureau, "staff", PASSWORD)
    assert _target_actual(bureau, world) is None  # nobody has sent: missing, not 0

    school_ctx, school = _phone(browser, live_server)
    log_in(school, "principal", PASSWORD)
    url = reverse("collect:submission_detail", args=[world["submission"].pk])
    school.goto(url)
    school.wait_for_selector("[data-testid='fill-form']")

    # the connection drops; the school fills the form in and presses 提交
    school_ctx.set_offline(True)
    school.fill("[name='lesson_hours']", "4")
    school.fill("[name='platform_rate']", "96.5")
    school.check("[name='drill_held'][value='是']")
    school.fill("[name='drills.0.date']", "2019-03-15")
    school.select_option("[name='drills.0.kind']", "消防疏散")
    school.fill("[name='drills.0.participants']", "820")
    school.set_input_files(
        "[name='file:drills.0.photo']",
        files=[{"name": "疏散演练.png", "mimeType": "image/png", "buffer": PNG}],
    )
    school.fill("[name='hazards_found']", "1")
    school.fill("[name='hazards_fixed']", "1")
    school.click("button[data-action='submit']")
    school.wait_for_selector("#offline-status:not(.d-none)")
    assert "离线" in school.inner_text("#offline-status")
    assert '"pending":"submit"' in school.evaluate(
        "localStorage.getItem(document.getElementById('fill-form').dataset.draftKey)"
    )
    screenshot(school, "collect-fill-offline-phone")
    assert Submission.objects.get(pk=world["submission"].pk).status == "pending"

    # back online: the kept form goes out by itself, the photo with it
    school_ctx.set_offline(False)
    school.wait_for_selector("[data-testid='submission-state'][data-status='submitted']")
    thumbnail = school.wait_for_selector("[data-testid='values'] img")
    school.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail)
    screenshot(school, "collect-submitted-phone")
    own = Submission.objects.get(pk=world["submission"].pk)
    photo = SubmissionFile.objects.get(submission=own)
    assert own.values["lesson_hours"] == 4 and own.values["drills"][0]["photo"] == photo.pk
    assert photo.name == "疏散演练.png" and photo.is_image
    assert _target_actual(bureau, world) == 4

    # the bureau returns it with a reason
    bureau.goto(url)
    bureau.fill("textarea[name='reason']", "安全教育课时与课表不符，请核实。")
    bureau.click("button[data-action='return']")
    bureau.wait_for_selector("[data-testid='submission-state'][data-status='returned']")
    screenshot(bureau, "collect-returned-phone")
    assert _target_actual(bureau, world) is None  # returned figures no longer count

    # the school corrects the lessons and submits again; the photo stays
    school.goto(url)
    assert "课表不符" in school.inner_text("[data-testid='return-reason']")
    assert "疏散演练.png" in school.inner_text("[data-testid='fill-form']")
    school.fill("[name='lesson_hours']", "6")
    school.click("button[data-action='submit']")
    school.wait_for_selector("[data-testid='submission-state'][data-status='submitted']")
    screenshot(school, "collect-corrected-phone")
    own.refresh_from_db()
    assert own.values["lesson_hours"] == 6 and own.values["drills"][0]["photo"] == photo.pk
    assert _target_actual(bureau, world) == 6
    screenshot(bureau, "collect-plan-target-phone")
    # the photo opens for the bureau
    response = bureau.request.get(reverse("collect:submission_file", args=[photo.pk]))
    assert response.ok and response.body() == PNG
    bureau_ctx.close()
    school_ctx.close()


def test_a_refused_submit_shows_its_errors_where_the_school_is_looking(browser, live_server, world):
    # the buttons are at the bottom of the long form, the errors at its top: they are brought into view
    _, school = _phone(browser, live_server)
    log_in(school, "principal", PASSWORD)
    school.goto(reverse("collect:submission_detail", args=[world["submission"].pk]))
    school.fill("[name='lesson_hours']", "三")
    school.click("button[data-action='submit']")
    school.wait_for_selector("#offline-status.alert-danger")
    assert "安全教育课时" in school.inner_text("#offline-status")
    school.wait_for_function(  # the page scrolls smoothly
        "() => { const r = document.getElementById('offline-status').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom <= window.innerHeight; }"
    )
    assert school.input_value("[name='lesson_hours']") == "三"
    assert Submission.objects.get(pk=world["submission"].pk).status == "pending"
