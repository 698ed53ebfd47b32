"""On a desktop the staff prepare a 区管校聘 in a real browser: a 三考评 scheme (a wrong sum first), the schools'
appraisal scores from the workbook the page gives, then the competition, which opens on its page.
Screenshots go to var/screenshots/."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core.testing.browser import log_in, screenshot
from edubureau.registry.testing.factories import TeacherFactory
from edubureau.registry.testing.fixtures import PASSWORD
from edubureau.staffing.models import Competition, EvaluationScheme, TeacherScore

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_prepare_a_competition(page, live_server, district, staff, tmp_path):
    TeacherFactory(school=district.school, name="张晓红", staff_number="QG0001")
    TeacherFactory(school=district.other_school, name="李建国", staff_number="QG0002")
    log_in(page, "staff", PASSWORD)

    page.goto(reverse("staffing:scheme_create"))
    page.fill("#id_name", "2019年三考评方案")
    page.select_option("#id_school_year", "2019-2020")
    page.fill("#id_weight_appraisal", "60")
    page.fill("#id_weight_record", "30")
    page.click("[data-testid='scheme-form'] button[type='submit']")
    assert "两项权重合计为90%" in page.inner_text(".alert-danger")
    page.fill("#id_weight_record", "40")
    page.click("[data-testid='scheme-form'] button[type='submit']")
    page.wait_for_selector("[data-testid='formula']")
    scheme = EvaluationScheme.objects.get()

    with page.expect_download() as download:
        page.click("[data-testid='template-teachers']")
    wb = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    for row, score in zip(wb.worksheets[0].iter_rows(min_row=2), (88, 91), strict=True):
        row[4].value = score
    filled = tmp_path / "考核分数.xlsx"
    wb.save(filled)
    page.set_input_files("[data-testid='import'] input[type='file']", str(filled))
    page.click("[data-testid='import'] button.btn-primary")
    page.wait_for_selector(".alert-success")
    assert TeacherScore.objects.filter(scheme=scheme).count() == 2
    screenshot(page, "staffing-scheme-desktop")

    page.goto(reverse("staffing:home"))
    page.click("[data-testid='competition-new']")
    page.fill("#id_name", "2019年区管校聘")
    page.select_option("#id_school_year", "2019-2020")
    page.select_option("#id_scheme", str(scheme.pk))
    page.fill("#id_choices_open", "2019-06-10T08:00")
    page.fill("#id_choices_close", "2019-06-17T18:00")
    page.fill("#id_appeals_close", "2019-07-05T18:00")
    screenshot(page, "staffing-competition-new-desktop")
    page.click("[data-testid='competition-form'] button[type='submit']")
    page.wait_for_selector("[data-testid='stage']")
    assert "2019年6月17日 18:00" in page.inner_text(".page-body")
    assert Competition.objects.get().scheme == scheme
