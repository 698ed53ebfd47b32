"""A 重点工作任务分解表 uploaded as .xlsx: reviewed as table rows (source row beside each task), published
with its lead units, co-units, leaders and deadlines; an unreadable PDF is refused in Chinese, nothing made."""

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.models import Job
from edubureau.planning.models import Plan
from edubureau.planning.tests.test_tables import HEADER, TABLE, TITLE
from edubureau.planning.tests.tracking.test_review import _review_data

pytestmark = pytest.mark.django_db


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([TITLE])
    sheet.append(HEADER)
    for section, row in TABLE:
        sheet.append([section] if section else row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_table_reviewed_and_published(login, lead, district):
    client = login(lead)
    upload = SimpleUploadedFile("分解表.xlsx", _xlsx())
    page = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "file": upload})
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="source-row"' in html and "12 | 新建改扩建中小学" in html
    data = _review_data(page)
    assert [data[f"tasks-{k}-responsible_leaders"] for k in range(4)] == [
        "王明、李华",
        "陈晓东",
        "欧阳明、张伟",
        "王明",
    ]

    response = client.post(
        reverse("planning:plan_import"),
        {**data, "publish": "1", "create_unit": page.context["unknown_units"]},
    )
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.year == 2024 and list(plan.tasks.order_by("number").values_list("number", flat=True)) == [
        12,
        15,
        31,
        40,
    ]
    task = plan.tasks.get(number=12)
    assert {d.name for d in task.lead_units.all()} == {"县教育局"}
    assert {d.name for d in task.co_units.all()} == {"县财政局", "县自然资源局"}
    assert task.responsible_leaders == "王明、李华"
    assert task.due == dt.date(2024, 12, 31)
    assert plan.tasks.get(number=40).due == dt.date(2024, 9, 30)
    assert plan.tasks.get(number=15).due == dt.date(2024, 6, 30)
    detail = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    assert "王明、李华" in detail


def test_unreadable_files_are_refused_in_chinese(login, lead, district):
    import pypdf

    writer = pypdf.PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    client = login(lead)
    cases = [
        (SimpleUploadedFile("plan.pdf", buf.getvalue()), "PDF 已加密"),
        (SimpleUploadedFile("plan.xls", b"\xd0\xcf\x11\xe0"), "不支持这种文件格式"),
    ]
    book = openpyxl.Workbook()
    book.active.append(["姓名", "学校"])
    xbuf = io.BytesIO()
    book.save(xbuf)
    cases.append((SimpleUploadedFile("plan.xlsx", xbuf.getvalue()), "没有找到表头"))
    for upload, words in cases:
        response = client.post(
            reverse("planning:plan_import"), {"county": district.county.pk, "file": upload}
        )
        assert response.status_code == 200
        errors = " ".join(str(e) for errs in response.context["form"].errors.values() for e in errs)
        assert words in errors, errors
    assert not Plan.objects.exists() and not Job.objects.exists()


def test_copy_defects_are_flagged_on_the_review_page_in_chinese(login, lead, district):
    text = "\n".join(
        [TITLE, "\t".join(HEADER), "7\t推进均衡发展。推进均衡发展。\t县教育局\t\t王明\t2024年6月"]
    )
    page = login(lead).post(reverse("planning:plan_import"), {"county": district.county.pk, "text": text})
    html = page.content.decode()
    assert "序号 7（第 3 行）：任务内容有重复的句子" in html
    assert page.context["review"].tasks.initial[0]["body"] == "推进均衡发展。"  # kept as written


def test_a_reviewer_maps_an_unrecognised_column_and_publishes_it(login, lead, district):
    text = "\n".join(
        [
            TITLE,
            "序号\t工作任务\t牵头单位\t具体承办人\t进展情况\t完成时限",
            "5\t推进集团化办学。\t县教育局\t王 明李华\t已完成方案起草\t2024年6月",
            "9\t新建城东幼儿园。\t县教育局\t陈晓东\t已开工\t2024年12月",
        ]
    )
    client = login(lead)
    page = client.post(reverse("planning:plan_import"), {"county": district.county.pk, "text": text})
    html = page.content.decode()
    columns = {c["name"]: c for c in page.context["columns"]}
    assert columns["具体承办人"]["role"] == columns["进展情况"]["role"] == "other"
    assert not columns["序号"]["mappable"] and columns["牵头单位"]["role"] == "lead"
    assert 'data-column="具体承办人"' in html and "未读入（并入任务正文）" in html
    assert (
        page.context["review"].tasks.initial[0]["body"] == "具体承办人：王 明李华\n进展情况：已完成方案起草"
    )

    data = _review_data(page)
    data.update(remap="1", column_name=["牵头单位", "具体承办人", "进展情况", "完成时限"])
    data["column_role"] = ["lead", "leader", "note", "bogus"]  # an unknown role is dropped, not applied
    again = client.post(reverse("planning:plan_import"), data)
    assert again.status_code == 200 and not Plan.objects.exists()
    roles = {c["name"]: c["role"] for c in again.context["columns"]}
    assert (roles["具体承办人"], roles["进展情况"], roles["完成时限"]) == ("leader", "note", "due")
    tasks = again.context["review"].tasks.initial
    assert [t["responsible_leaders"] for t in tasks] == ["王明、李华", "陈晓东"]
    assert tasks[0]["body"] == "" and tasks[0]["due"] == "2024年6月"

    published = client.post(
        reverse("planning:plan_import"),
        {**_review_data(again), "publish": "1", "create_unit": again.context["unknown_units"]},
    )
    assert published.status_code == 302
    assert Plan.objects.get().tasks.get(number=5).responsible_leaders == "王明、李华"
