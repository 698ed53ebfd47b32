"""校外培训机构 (registry, inspections with rectifications, complaints, the public list) and 平安校园
grading (pure functions, the score entry)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from openpyxl import load_workbook

from edubureau.safety import grading, services
from edubureau.safety.choices import CentreStatus, SafeCampusGrade
from edubureau.safety.models import CampusGrade, TrainingCentre
from edubureau.safety.tests.factories import FOUND, centre, scheme

# --- pure ----------------------------------------------------------------------------------------------


def test_grade_bands():
    assert grading.grade_of(total=90, full=100) == SafeCampusGrade.MODEL
    assert grading.grade_of(total=89.5, full=100) == SafeCampusGrade.SAFE
    assert grading.grade_of(total=75, full=100) == SafeCampusGrade.SAFE
    assert grading.grade_of(total=74.9, full=100) == SafeCampusGrade.BELOW


def test_scores_out_of_range_name_the_criterion():
    criteria = [{"title": "安全教育", "max": 30}]
    assert grading.clean_scores(criteria, ["28.5"]) == [28.5]
    with pytest.raises(ValidationError, match="安全教育"):
        grading.clean_scores(criteria, ["31"])
    with pytest.raises(ValidationError):
        grading.clean_scores(criteria, [])
    with pytest.raises(ValidationError, match="2"):
        grading.clean_criteria([("组织", 20), ("", 10)])


pytestmark_db = pytest.mark.django_db


# --- centres -------------------------------------------------------------------------------------------


@pytestmark_db
def test_inspection_suspends_and_verification_restores(district, officer):
    c = centre(district.town)
    inspection = services.centre_inspect(
        actor=officer, centre=c, inspected_on=FOUND, inspectors="王安保", result="suspend",
        findings="消防通道堵塞；超范围招生", requirement="清理通道，停止初三学科培训", deadline=dt.date(2019, 6, 20),
    )  # fmt: skip
    assert TrainingCentre.objects.get(pk=c.pk).status == CentreStatus.SUSPENDED
    services.inspection_close(actor=officer, inspection=inspection)
    assert TrainingCentre.objects.get(pk=c.pk).status == CentreStatus.LICENSED
    with pytest.raises(ValidationError):
        services.inspection_close(actor=officer, inspection=inspection)


@pytestmark_db
def test_inspection_needs_a_requirement_and_deadline(district, officer):
    c = centre(district.town)
    with pytest.raises(ValidationError) as err:
        services.centre_inspect(
            actor=officer, centre=c, inspected_on=FOUND, inspectors="王", result="rectify"
        )
    assert "requirement" in err.value.error_dict


@pytestmark_db
def test_a_principal_cannot_touch_centres(client, district, principal):
    c = centre(district.town)
    with pytest.raises(Http404):
        services.complaint_receive(actor=principal, centre=c, received_on=FOUND, content="x")
    client.force_login(principal)
    assert client.get("/safety/centres/").status_code == 404
    assert client.get(f"/safety/centres/{c.pk}/").status_code == 404


@pytestmark_db
def test_town_staff_see_their_town_only(client, district, town_staff):
    centre(district.town, name="山腰的机构", licence="L1")
    centre(district.other_town, name="南埔的机构", licence="L2")
    client.force_login(town_staff)
    page = client.get("/safety/centres/").content.decode()
    assert "山腰的机构" in page and "南埔的机构" not in page


@pytestmark_db
def test_complaint_loop_through_pages(client, district, officer):
    c = centre(district.town)
    client.force_login(officer)
    client.post(f"/safety/centres/{c.pk}/complaint/", {"received_on": "2019-06-20", "content": "收费不退"})
    complaint = c.complaints.get()
    client.post(f"/safety/complaints/{complaint.pk}/handle/", {"reply": "约谈举办者，已退费"})
    complaint.refresh_from_db()
    assert complaint.status == "handled" and complaint.handled_on == dt.date(2019, 6, 28)
    page = client.get(f"/safety/centres/{c.pk}/").content.decode()
    assert "已退费" in page


@pytestmark_db
def test_register_through_the_page_and_duplicate_licence(client, district, officer):
    client.force_login(officer)
    data = {"area": district.town.pk, "name": "新芽艺术", "licence_number": "L9", "address": "驿峰路1号",
            "organiser": "陈某", "subjects": "美术、舞蹈", "capacity": "80"}  # fmt: skip
    response = client.post("/safety/centres/new/", data)
    assert response.status_code == 302
    response = client.post("/safety/centres/new/", data | {"name": "另一家"})
    assert response.status_code == 400 and TrainingCentre.objects.count() == 1


@pytestmark_db
def test_public_list_has_licensed_centres_only(client, district, officer, django_assert_max_num_queries):
    centre(district.town, name="正常机构", licence="L1")
    bad = centre(district.town, name="整顿机构", licence="L2")
    services.centre_inspect(
        actor=officer, centre=bad, inspected_on=FOUND, inspectors="王", result="suspend",
        requirement="整改", deadline=dt.date(2019, 7, 1),
    )  # fmt: skip
    client.force_login(officer)
    with django_assert_max_num_queries(8):
        response = client.get("/safety/centres/public.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("乡镇", "名称", "办学许可证号") or rows[0][1] == "名称"
    names = [r[1] for r in rows[1:]]
    assert names == ["正常机构"]


@pytestmark_db
def test_centre_list_query_count(client, district, officer, django_assert_max_num_queries):
    for i in range(30):
        centre(district.town, name=f"机构{i:02d}", licence=f"L{i}")
    client.force_login(officer)
    with django_assert_max_num_queries(12):
        response = client.get("/safety/centres/")
    assert response.content.decode().count("data-pk=") == 30


# --- grading -------------------------------------------------------------------------------------------


@pytestmark_db
def test_scores_total_grade_and_correction(client, district, officer):
    s = scheme(district.county)
    g = services.grade_score(actor=officer, scheme=s, school=district.school, scores=[20, 28, 27, 18])
    assert g.total == 93 and g.grade == SafeCampusGrade.MODEL
    g = services.grade_score(actor=officer, scheme=s, school=district.school, scores=[20, 25, 22, 15])
    assert CampusGrade.objects.count() == 1 and g.grade == SafeCampusGrade.SAFE
    client.force_login(officer)
    client.post(f"/safety/grading/{s.pk}/score/", {"school": district.other_school.pk, "score_0": "5",
                                                  "score_1": "5", "score_2": "5", "score_3": "5"})  # fmt: skip
    page = client.get(f"/safety/grading/{s.pk}/").content.decode()
    assert "未达标" in page and district.other_school.name in page


@pytestmark_db
def test_scheme_created_through_the_page(client, district, officer):
    client.force_login(officer)
    response = client.post(
        "/safety/grading/", {"name": "平安校园", "cycle": "2019", "criteria": "组织领导 40\n安全教育 60"}
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200


@pytestmark_db
def test_scheme_page_query_count(client, district, officer, django_assert_max_num_queries):
    s = scheme(district.county)
    for school in (district.school, district.other_school):
        services.grade_score(actor=officer, scheme=s, school=school, scores=[20, 28, 28, 18])
    client.force_login(officer)
    with django_assert_max_num_queries(14):
        page = client.get(f"/safety/grading/{s.pk}/").content.decode()
    assert page.count("示范平安校园") == 2
