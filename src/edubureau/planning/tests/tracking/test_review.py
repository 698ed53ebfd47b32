"""Import and review: upload or paste → the parse beside the source, editable → unknown lead units
flagged and creatable on the spot → publish."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from edubureau.planning.models import Plan, Target
from edubureau.planning.tests.tracking.conftest import QUANGANG
from edubureau.registry.models import Department

pytestmark = pytest.mark.django_db


def _review_data(response) -> dict:
    """The review page's forms as the browser would post them back unchanged."""
    review = response.context["review"]
    data = {}
    header = review.header
    for name in header.fields:
        value = header[name].value()
        data[header.add_prefix(name)] = "" if value is None else getattr(value, "pk", value)
    for formset in (review.sections, review.tasks, review.targets):
        mgmt = formset.management_form
        for name in mgmt.fields:
            data[mgmt.add_prefix(name)] = mgmt[name].value()
        for form in formset.forms:
            for name in form.fields:
                if name == "DELETE":
                    continue
                value = form[name].value()
                data[form.add_prefix(name)] = "" if value is None else value
    data["step"] = "review"
    return data


@pytest.fixture
def source():
    return QUANGANG.read_text(encoding="utf-8")


def test_review_page_shows_the_parse_beside_the_source(login, lead, district, source):
    client = login(lead)
    assert client.get(reverse("planning:plan_import")).status_code == 200
    response = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})
    assert response.status_code == 200
    html = response.content.decode()
    assert "泉港教综〔2019〕55号" in html and "加强教育系统党的建设" in html
    assert response.context["source_text"].startswith(source.strip()[:20])
    review = response.context["review"]
    assert review.tasks.initial_form_count() == 24
    assert review.targets.initial_form_count() >= 10 + 20
    # only 综合股 (the lead's own department) exists: the other 17 units are flagged
    assert len(response.context["unknown_units"]) == 17 and "综合股" not in response.context["unknown_units"]


def test_upload_a_docx(login, lead, district):
    doc = Document()
    for line in QUANGANG.read_text(encoding="utf-8").splitlines():
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    upload = SimpleUploadedFile("2019工作要点.docx", buf.getvalue())
    response = login(lead).post(
        reverse("planning:plan_import"), {"county": district.county.pk, "file": upload}
    )
    assert response.status_code == 200
    assert response.context["review"].tasks.initial_form_count() == 24


def test_publish_after_edits_and_creating_units(login, lead, district, source):
    client = login(lead)
    page = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})
    data = _review_data(page)
    # a person corrects task 7's title and lead unit, and a target value
    task7 = next(i for i in range(24) if data[f"tasks-{i}-number"] == 7)
    data[f"tasks-{task7}-title"] = "依法加强教育督导体系建设"
    data[f"tasks-{task7}-lead_units"] = "督导室、综合股"
    first_target = 0
    data[f"targets-{first_target}-value"] = "6700"
    # publishing with unknown units and none ticked is refused, nothing is written
    refused = client.post(reverse("planning:plan_import"), {**data, "publish": "1"})
    assert refused.status_code == 200 and refused.context["errors"]
    assert not Plan.objects.exists()
    # ticking them creates them on the spot
    response = client.post(
        reverse("planning:plan_import"),
        {**data, "publish": "1", "create_unit": refused.context["unknown_units"]},
    )
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "planning:plan_detail", args=[plan.pk]
    )
    assert plan.tasks.count() == 24 and plan.doc_number == "泉港教综〔2019〕55号"
    task = plan.tasks.get(number=7)
    assert task.title == "依法加强教育督导体系建设"
    assert {d.name for d in task.lead_units.all()} == {"督导室", "综合股"}
    assert Target.objects.filter(plan=plan, task__isnull=True, value=6700).exists()
    assert Department.objects.filter(county=district.county).count() == 18
    assert plan.published_by == lead


def test_deleting_a_task_and_an_orphan_target(login, lead, district, source):
    client = login(lead)
    page = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": source})
    data = _review_data(page)
    data["tasks-0-DELETE"] = "on"  # task 1 is dropped, its targets would be orphans: none in task 1
    data["targets-0-task"] = "99"  # a target pointing at no task is refused
    response = client.post(
        reverse("planning:plan_import"),
        {**data, "publish": "1", "create_unit": page.context["unknown_units"]},
    )
    assert response.status_code == 200 and any("99" in e for e in response.context["errors"])
    data["targets-0-task"] = ""
    client.post(
        reverse("planning:plan_import"),
        {**data, "publish": "1", "create_unit": page.context["unknown_units"]},
    )
    assert Plan.objects.get().tasks.count() == 23


def test_import_needs_the_add_grant_on_a_county(login, leader, town_staff, principal):
    for user in (leader, town_staff, principal):
        assert login(user).get(reverse("planning:plan_import")).status_code == 404
