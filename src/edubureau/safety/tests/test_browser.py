"""On a phone (390 × 844), in Chinese: a principal reports a 重大 hazard with a photo; the 安全保卫股 has the
message at once and, after the school reports the fix, verifies it. Screenshots go to var/screenshots/."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.core.testing.browser import PHONE, log_in, screenshot
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.safety.models import Hazard
from edubureau.safety.tests.factories import hazard

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360f8cfc0000003010100c9fe92ef0000000049454e44ae426082"
)


def _phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", base_url=live_server.url, is_mobile=True)
    context.set_default_timeout(15_000)
    return context.new_page()


def test_major_hazard_report_fix_verify(browser, live_server, district, principal, officer):
    # the principal reports a major hazard with a photo
    pg = _phone(browser, live_server)
    log_in(pg, "principal", PASSWORD)
    pg.goto(reverse("safety:hazard_create"))
    pg.select_option("#id_school", str(district.school.pk))
    pg.fill("#id_title", "围墙开裂倾斜")
    pg.select_option("#id_category", "building")
    pg.fill("#id_place", "操场东侧围墙")
    pg.select_option("#id_level", "major")
    pg.fill("#id_found_on", "2019-06-27")
    pg.fill("#id_deadline", "2019-07-05")
    pg.set_input_files("#id_photos", files=[{"name": "wall.png", "mimeType": "image/png", "buffer": PNG}])
    screenshot(pg, "safety_hazard_form_phone")
    pg.click("button[type=submit]")
    pg.wait_for_selector("[data-testid=hazard-state][data-status=reported]")
    assert "重大" in pg.inner_text("body")
    hazard = Hazard.objects.get()
    # the 安全保卫股 has the message at once
    office = _phone(browser, live_server)
    log_in(office, officer.username, PASSWORD)
    office.goto(reverse("home:notifications"))
    assert "重大隐患" in office.inner_text("body")
    # the school reports the fix with its photo
    pg.fill("form[data-form=fix] textarea", "已拆除危墙并重建")
    pg.set_input_files(
        "form[data-form=fix] input[type=file]",
        files=[{"name": "after.png", "mimeType": "image/png", "buffer": PNG}],
    )
    pg.click("button[data-action=fix]")
    pg.wait_for_selector("[data-testid=hazard-state][data-status=fixed]")
    # the office verifies it
    office.goto(reverse("safety:hazard_detail", args=[hazard.pk]))
    office.click("button[data-action=verify]")
    office.wait_for_selector("[data-testid=hazard-state][data-status=verified]")
    screenshot(office, "safety_hazard_verified_phone")
    hazard.refresh_from_db()
    assert hazard.status == "verified" and hazard.files.count() == 2


# The WCAG contrast ratio of a badge's text on its background (a translucent "-lt" one laid on white), in the page.
CONTRAST = """el => {
  const ctx = document.createElement("canvas").getContext("2d");
  const lum = css => {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, 1, 1);
    ctx.fillStyle = css;
    ctx.fillRect(0, 0, 1, 1);
    const [r, g, b] = [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)].map(v => {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const style = getComputedStyle(el);
  const [a, b] = [lum(style.color), lum(style.backgroundColor)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_red_badges_of_an_overdue_major_hazard_are_readable(browser, live_server, district, principal):
    # "重大" and "已逾期" were dark red on red
    found = hazard(district.school, level="major", deadline=dt.date(2019, 6, 21))
    pg = _phone(browser, live_server)
    log_in(pg, "principal", PASSWORD)
    pg.goto(reverse("safety:hazard_detail", args=[found.pk]))
    badges = pg.locator(".page-header .badge")
    texts = badges.all_inner_texts()
    assert "重大" in texts and "已逾期" in texts
    ratios = {text: badge.evaluate(CONTRAST) for text, badge in zip(texts, badges.all(), strict=True)}
    assert ratios["重大"] >= 4.5 and ratios["已逾期"] >= 4.5, ratios  # WCAG AA for small text
