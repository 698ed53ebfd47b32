"""Project pages end to end: the ledger with filters and its .xlsx, the detail tabs, the create form, the
stage advance and money forms (errors shown, nothing written), and scope (out of scope is 404)."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from edubureau.projects.models import CapitalProject, ProjectPayment
from edubureau.projects.tests.factories import funding_for, project_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def two(district):
    return project_for(district.school, name="圭峰中学综合楼"), project_for(
        district.other_school,
        name="南埔中心小学综合楼",
        stage="construction",
        construction_on=dt.date(2019, 3, 1),
    )


def test_list_filters_by_stage_and_town_in_fixed_queries(
    client, staff, district, two, django_assert_max_num_queries
):
    client.force_login(staff)
    for i in range(5):
        project_for(district.school, name=f"项目{i}")
    with django_assert_max_num_queries(12):
        page = client.get(reverse("projects:project_list")).content.decode()
    assert "圭峰中学综合楼" in page and "南埔中心小学综合楼" in page and "项目4" in page
    page = client.get(reverse("projects:project_list"), {"stage": "construction"}).content.decode()
    assert "南埔中心小学综合楼" in page and "圭峰中学综合楼" not in page
    page = client.get(reverse("projects:project_list"), {"town": district.town.pk}).content.decode()
    assert "圭峰中学综合楼" in page and "南埔中心小学综合楼" not in page


def test_ledger_xlsx(client, staff, two):
    funding_for(two[0], budget="1200.50")
    client.force_login(staff)
    response = client.get(reverse("projects:project_export"), {"stage": "preparatory"})
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][:5] == ("项目名称", "乡镇（街道）", "学校", "项目类型", "阶段")
    assert [r[0] for r in rows[1:]] == ["圭峰中学综合楼"]
    header = list(rows[0])
    assert rows[1][header.index("预算合计（万元）")] == pytest.approx(1200.5)
    assert rows[1][header.index("新增学位合计")] == 540


def test_detail_tabs_and_history(client, staff, two):
    client.force_login(staff)
    url = reverse("projects:project_detail", args=[two[0].pk])
    for tab in ("overview", "money", "milestones", "history"):
        assert client.get(url, {"tab": tab}).status_code == 200
    assert "推进到“前期”" in client.get(url).content.decode()


def test_create_form_then_advance_and_pay(client, staff, district):
    client.force_login(staff)
    response = client.post(
        reverse("projects:project_create"),
        {
            "name": "锦川实验小学", "kind": "new_school", "town": district.town.pk, "new_school_name": "锦川实验小学",
            "responsible_unit": "基建办", "plan_year": 2019, "places_preschool": 0, "places_primary": 1620,
            "places_junior": 0, "places_senior": 0, "rooms": 36, "floor_area": "18000", "total_investment": "9800",
            "preparatory_on": "2019-03-01",
        },
    )  # fmt: skip
    project = CapitalProject.objects.get(name="锦川实验小学")
    assert response.status_code == 302 and project.county == district.county
    client.post(reverse("projects:project_advance", args=[project.pk]), {"reached_on": "2019-06-01"})
    project.refresh_from_db()
    assert (project.stage, project.preliminary_on) == ("preliminary", dt.date(2019, 6, 1))
    # a date before the previous stage: a message, nothing written
    response = client.post(
        reverse("projects:project_advance", args=[project.pk]), {"reached_on": "2018-01-01"}, follow=True
    )
    assert "不能早于上一阶段" in response.content.decode()
    project.refresh_from_db()
    assert project.stage == "preliminary"
    client.post(
        reverse("projects:project_funding", args=[project.pk]), {"source": "district", "budget": "500"}
    )
    line = project.fundings.get()
    response = client.post(
        reverse("projects:project_payment", args=[project.pk]),
        {"funding": line.pk, "paid_on": "2019-06-10", "amount": "600"},
        follow=True,
    )
    assert "将超出预算" in response.content.decode() and not ProjectPayment.objects.exists()
    client.post(
        reverse("projects:project_payment", args=[project.pk]),
        {"funding": line.pk, "paid_on": "2019-06-10", "amount": "200"},
    )
    assert ProjectPayment.objects.get().amount == Decimal("200")
    page = client.get(
        reverse("projects:project_detail", args=[project.pk]), {"tab": "history"}
    ).content.decode()
    assert "项目阶段推进" in page


def test_milestone_set_and_done(client, staff, two):
    client.force_login(staff)
    p = two[0]
    client.post(
        reverse("projects:project_milestone", args=[p.pk]),
        {"kind": "permit", "due_on": "2019-05-01", "responsible_unit": "基建办"},
    )
    m = p.milestones.get()
    page = client.get(reverse("projects:project_detail", args=[p.pk]), {"tab": "milestones"}).content.decode()
    assert "逾期 58 天" in page
    client.post(
        reverse("projects:project_milestone_done", args=[p.pk]), {"milestone": m.pk, "done_on": "2019-06-20"}
    )
    m.refresh_from_db()
    assert m.done_on == dt.date(2019, 6, 20)


def test_scope_town_staff_and_leader(client, town_staff, leader, two):
    own, other = two
    client.force_login(town_staff)
    assert client.get(reverse("projects:project_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("projects:project_detail", args=[other.pk])).status_code == 404
    assert (
        client.post(
            reverse("projects:project_advance", args=[other.pk]), {"reached_on": "2019-06-01"}
        ).status_code
        == 404
    )
    client.force_login(leader)
    assert client.get(reverse("projects:project_detail", args=[other.pk])).status_code == 200
    assert (
        client.post(
            reverse("projects:project_advance", args=[other.pk]), {"reached_on": "2019-06-01"}
        ).status_code
        == 404
    )
    assert client.get(reverse("projects:project_create")).status_code == 404


def test_edit_is_audited_and_refuses_a_stale_version(client, staff, two):
    client.force_login(staff)
    p = two[0]
    url = reverse("projects:project_update", args=[p.pk])
    assert client.get(url).status_code == 200
    data = {
        "name": p.name, "kind": p.kind, "town": p.town_id, "school": p.school_id, "new_school_name": "",
        "responsible_unit": "基建办", "plan_year": 2019, "planned_delivery": "2019-12-31", "places_preschool": 0,
        "places_primary": 600, "places_junior": 0, "places_senior": 0, "rooms": 12, "floor_area": "5200",
        "total_investment": "2400", "note": "", "version": p.version,
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    p.refresh_from_db()
    assert (p.places_primary, p.planned_delivery) == (600, dt.date(2019, 12, 31))
    page = client.post(url, {**data, "places_primary": 700}).content.decode()  # the version read is gone
    p.refresh_from_db()
    assert p.places_primary == 600 and "此记录已被他人修改" in page
    history = client.get(reverse("projects:project_detail", args=[p.pk]), {"tab": "history"}).content.decode()
    assert "新增小学学位" in history and "600" in history
