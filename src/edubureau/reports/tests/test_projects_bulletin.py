"""The monthly 项目推进情况通报: downloaded, read back with python-docx; each project's stage, last and next
milestone and money as the ledger .xlsx gives them; late milestones listed; scope; bounded queries."""

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edubureau.projects import services
from edubureau.projects.tests.factories import funding_for, project_for

pytestmark = pytest.mark.django_db
TITLE = "泉港区教育局关于2019年6月教育基建项目推进情况的通报"


@pytest.fixture(autouse=True)
def report_urls(settings):
    settings.ROOT_URLCONF = "edubureau.reports.tests.urls"
    settings.TODAY = "2019-06-28"


@pytest.fixture
def projects(district, staff):
    district.county.name = "泉港区"
    district.county.save()
    a = project_for(
        district.school, name="圭峰中学综合楼", stage="construction", construction_on=dt.date(2019, 3, 1)
    )
    b = project_for(district.other_school, name="南埔中心小学综合楼")
    services.milestone_set(actor=staff, project=a, kind="groundbreaking", due_on=dt.date(2019, 3, 1))
    services.milestone_done(actor=staff, milestone=a.milestones.get(), done_on=dt.date(2019, 3, 5))
    services.milestone_set(actor=staff, project=a, kind="topping_out", due_on=dt.date(2019, 4, 20))
    services.milestone_set(actor=staff, project=b, kind="approval", due_on=dt.date(2019, 9, 1))
    line = funding_for(a, budget="2000")
    services.payment_record(actor=staff, funding=line, paid_on=dt.date(2019, 5, 1), amount=Decimal("750.5"))
    for i in range(5):
        project_for(district.school, name=f"项目{i}")
    return a, b


def test_bulletin_shows_stage_milestones_and_money_as_the_ledger(client, staff, projects):
    client.force_login(staff)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("reports:projects_bulletin"), {"month": "2019-06"})
    assert response.status_code == 200
    assert len(queries) <= 12  # session, user, scope, counties, projects, milestones: not per project
    document = docx.Document(io.BytesIO(response.content))
    title = next(p.text for p in document.paragraphs if p.style.name == "GB Title").replace("\n", "")
    assert title == TITLE
    text = "\n".join(p.text for p in document.paragraphs)
    assert "共有教育基建项目7个，其中预备6个，在建1个" in text
    assert "预算合计2000万元，已拨付750.5万元，拨付率37.5%" in text
    assert "圭峰中学综合楼（山腰街道）" in text and "“主体封顶”原定2019年4月20日完成，已逾期69天" in text
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "序号")
    rows = {r.cells[1].text: [c.text for c in r.cells] for r in table.rows[1:]}
    assert rows["圭峰中学综合楼"][3:] == [
        "在建",
        "开工（2019年3月5日）",
        "主体封顶（2019年4月20日，逾期69天）",
        "2,000.00",
        "750.50",
    ]
    assert rows["南埔中心小学综合楼"][4:6] == ["—", "立项（2019年9月1日）"]
    # the ledger .xlsx: the same money and milestones
    ledger = openpyxl.load_workbook(io.BytesIO(client.get(reverse("projects:project_export")).content)).active
    header, *data = list(ledger.iter_rows(values_only=True))
    row = next(r for r in data if r[0] == "圭峰中学综合楼")
    assert row[header.index("已拨付（万元）")] == pytest.approx(750.5)
    assert (row[header.index("下一节点")], row[header.index("逾期天数")]) == ("主体封顶", 69)


def test_bulletin_scope_and_months(client, principal, staff, projects):
    client.force_login(staff)
    assert client.get(reverse("reports:projects_bulletin"), {"month": "2019-07"}).status_code == 404
    assert client.get(reverse("reports:projects_bulletin"), {"month": "2019-13"}).status_code == 404
    client.force_login(principal)  # no grant on projects
    assert client.get(reverse("reports:projects_bulletin")).status_code == 404
