"""Projects and the work plan: the light of a task bound to projects follows their milestones (late →
yellow, two months late → red); milestone photos and documents (bounded upload, scoped download); the
earmarked sums of task 12 as the task's budget lines with payments and evidence; moving a stage back needs
a reason. Bad input gets a message and writes nothing."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from edubureau.core.models import AuditEntry
from edubureau.planning.tests.tracking.factories import TargetFactory, TaskFactory
from edubureau.projects import choices as c
from edubureau.projects import services, tracking
from edubureau.projects.models import EarmarkLine, EarmarkPayment, MilestoneFile
from edubureau.projects.tests.factories import project_for

pytestmark = pytest.mark.django_db

TASK_12 = (
    "加快特校基础设施建设步伐，投入150万元支持区特殊教育资源与指导中心配套和特殊教育学校新建食堂项目的配套设施建设；"
    "投入10万元提升特殊教育学校校园文化，打造健康向上的生态和人文景观。发挥特殊教育资源与指导中心引领作用。"
    "投入20万元，开展教师教育学、心理学、康复学及医教结合理论等培训工作。"
)


def test_milestone_light_boundaries():
    assert [tracking.milestone_light(d) for d in (0, 1, 59, 60, 200)] == [
        "green", "yellow", "yellow", "red", "red",
    ]  # fmt: skip


def _task_20(district):
    task = TaskFactory(plan__county=district.county, county=district.county, number=20,
                       start=dt.date(2019, 3, 28), due=dt.date(2019, 12, 31), reported_progress=60)  # fmt: skip
    TargetFactory(task=task, indicator="项目", indicator_code="projects_delivered", value=11, unit="个")
    return task


def test_task_light_follows_the_next_milestone(district, staff):
    task = _task_20(district)
    other = TaskFactory(plan=task.plan, county=district.county, number=21, reported_progress=60)
    project = project_for(district.school)
    # the next milestone due in the future: the task keeps its own light
    services.milestone_set(actor=staff, project=project, kind="approval", due_on=dt.date(2019, 7, 15))
    task.refresh_from_db()
    assert task.light == "green"
    # ten days late → yellow at once (the milestone service refreshes the bound task)
    services.milestone_set(actor=staff, project=project, kind="approval", due_on=dt.date(2019, 6, 18))
    task.refresh_from_db()
    assert task.light == "yellow"
    assert AuditEntry.objects.filter(action="planning.task.light", object_id=str(task.pk)).exists()
    # two months late → red; a task not bound to projects is untouched
    services.milestone_set(actor=staff, project=project, kind="approval", due_on=dt.date(2019, 4, 28))
    task.refresh_from_db()
    other.refresh_from_db()
    assert (task.light, other.light) == ("red", "green")
    # done: the next milestone (due later) is on time again
    services.milestone_set(actor=staff, project=project, kind="land", due_on=dt.date(2019, 9, 1))
    m = project.milestones.get(kind="approval")
    services.milestone_done(actor=staff, milestone=m, done_on=dt.date(2019, 6, 1))
    task.refresh_from_db()
    assert task.light == "green"


def test_task_page_names_the_late_projects(client, district, staff):
    task = _task_20(district)
    late = project_for(district.school, name="圭峰中学综合楼")
    services.milestone_set(actor=staff, project=late, kind="groundbreaking", due_on=dt.date(2019, 4, 1))
    on_time = project_for(district.school, name="三川中学综合楼")
    services.milestone_set(actor=staff, project=on_time, kind="approval", due_on=dt.date(2019, 8, 1))
    client.force_login(staff)
    page = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="project-milestones"' in page
    assert "圭峰中学综合楼" in page and "三川中学综合楼" not in page
    assert 'data-light="red"' in page and ">88<" in page  # 1 April to 28 June


def test_plan_recompute_uses_the_rule_in_two_queries(district, staff, django_assert_max_num_queries):
    from edubureau.planning.services import plan_lights_recompute

    task = _task_20(district)
    for i in range(5):
        p = project_for(district.school, name=f"项目{i}")
        services.milestone_set(actor=staff, project=p, kind="approval", due_on=dt.date(2019, 6, 1))
    assert tracking.task_lights([task], dt.date(2019, 6, 28)) == {task.pk: "yellow"}
    with django_assert_max_num_queries(2):
        tracking.task_lights([task], dt.date(2019, 9, 28))
    plan_lights_recompute(plans=[task.plan], today=dt.date(2019, 9, 28))
    task.refresh_from_db()
    assert task.light == "red"


def test_revert_needs_a_reason_and_keeps_delivered_projects(district, staff):
    p = project_for(district.school)
    p = services.project_advance(actor=staff, project=p, reached_on=dt.date(2019, 2, 1))
    with pytest.raises(ValidationError) as e:
        services.project_revert(actor=staff, project=p, reason="  ")
    assert "原因" in str(e.value)
    p.refresh_from_db()
    assert (p.stage, p.preliminary_on) == ("preliminary", dt.date(2019, 2, 1))
    p = services.project_revert(actor=staff, project=p, reason="立项批复被撤回")
    assert (p.stage, p.preliminary_on) == ("preparatory", None)
    entry = AuditEntry.objects.get(action="projects.capitalproject.revert")
    assert entry.after["reason"] == "立项批复被撤回"
    with pytest.raises(ValidationError):
        services.project_revert(actor=staff, project=p, reason="再退")


def _png(name="site.jpg", size=2048):
    return SimpleUploadedFile(name, b"\xff\xd8" + b"0" * (size - 2), content_type="image/jpeg")


def test_milestone_files_bounded_and_scoped(client, district, staff, principal, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    p = project_for(district.other_school)
    services.milestone_set(actor=staff, project=p, kind="groundbreaking", due_on=dt.date(2019, 5, 1))
    m = p.milestones.get()
    client.force_login(staff)
    url = reverse("projects:project_milestone_file", args=[p.pk])
    response = client.post(url, {"milestone": m.pk, "kind": "photo", "file": _png()}, follow=True)
    assert "已添加" in response.content.decode()
    record = MilestoneFile.objects.get()
    assert (record.kind, record.name, record.size) == ("photo", "site.jpg", 2048)
    # a photo that is a program, and a file above 20 MB: refused, nothing written
    for upload in (SimpleUploadedFile("run.exe", b"MZ"), _png(size=20 * 1024 * 1024 + 1)):
        response = client.post(url, {"milestone": m.pk, "kind": "photo", "file": upload}, follow=True)
        assert "不接受" in response.content.decode() or "20 MB" in response.content.decode()
    assert MilestoneFile.objects.count() == 1
    page = client.get(reverse("projects:project_detail", args=[p.pk]), {"tab": "milestones"}).content.decode()
    assert "site.jpg" in page
    download = reverse("projects:milestone_file", args=[record.pk])
    assert client.get(download).status_code == 200
    client.force_login(principal)  # the principal's school is not the project's
    assert client.get(download).status_code == 404


def test_earmarks_of_task_12_budgeted_paid_gap(client, district, staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = TaskFactory(plan__county=district.county, county=district.county, number=12, body=TASK_12)
    TaskFactory(plan=task.plan, county=district.county, number=20, body="投资6.22亿元，建设锦川实验小学")
    lines = services.earmarks_from_plan(actor=staff, plan=task.plan)
    assert [(x.budget, x.task.number) for x in lines] == [
        (Decimal(150), 12),
        (Decimal(10), 12),
        (Decimal(20), 12),
    ]
    assert lines[1].purpose == "提升特殊教育学校校园文化"
    assert lines[2].purpose.startswith("开展教师教育学")
    assert services.earmarks_from_plan(actor=staff, plan=task.plan) == []  # idempotent
    client.force_login(staff)
    pay = reverse("projects:earmark_pay", args=[lines[0].pk])
    evidence = SimpleUploadedFile("拨款文件.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    client.post(
        pay,
        {"paid_on": "2019-06-20", "amount": "100", "voucher": "泉港财教〔2019〕12号", "evidence": evidence},
    )
    payment = EarmarkPayment.objects.get()
    assert (payment.amount, payment.evidence_name) == (Decimal(100), "拨款文件.pdf")
    # above the budget, or without a voucher: a message, nothing written
    response = client.post(pay, {"paid_on": "2019-06-21", "amount": "60", "voucher": "X"}, follow=True)
    assert "超出预算" in response.content.decode()
    response = client.post(pay, {"paid_on": "2019-06-21", "amount": "10", "voucher": ""}, follow=True)
    assert "凭证号" in response.content.decode()
    assert EarmarkPayment.objects.count() == 1
    page = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="earmarks"' in page and "180.00" in page and "100.00" in page and "80.00" in page
    assert client.get(reverse("projects:earmark_evidence", args=[payment.pk])).status_code == 200


def test_earmarks_out_of_scope_are_404(client, district, staff, principal):
    task = TaskFactory(plan__county=district.county, county=district.county, number=12, body=TASK_12)
    line = services.earmarks_from_plan(actor=staff, plan=task.plan)[0]
    client.force_login(principal)
    response = client.post(reverse("projects:earmark_pay", args=[line.pk]),
                           {"paid_on": "2019-06-20", "amount": "1", "voucher": "X"})  # fmt: skip
    assert response.status_code == 404 and not EarmarkPayment.objects.exists()
    assert EarmarkLine.objects.count() == 3


def test_bad_input_gets_a_message_and_writes_nothing(client, district, staff):
    """The four cases of the issue's done-when, through the pages."""
    client.force_login(staff)
    p = project_for(district.school, stage=c.Stage.CONSTRUCTION, construction_on=dt.date(2019, 3, 1),
                    planned_delivery=dt.date(2019, 12, 1))  # fmt: skip
    before = (p.stage, p.version)
    # a stage moved back without a reason
    page = client.post(
        reverse("projects:project_revert", args=[p.pk]), {"reason": ""}, follow=True
    ).content.decode()
    assert "需要说明原因" in page
    # payments above the budget
    client.post(reverse("projects:project_funding", args=[p.pk]), {"source": "district", "budget": "100"})
    line = p.fundings.get()
    page = client.post(reverse("projects:project_payment", args=[p.pk]),
                       {"funding": line.pk, "paid_on": "2019-06-01", "amount": "100.01"}, follow=True).content.decode()  # fmt: skip
    assert "将超出预算" in page and not line.payments.exists()
    # negative places, and a delivery date before the start, on the edit form
    form = {
        "name": p.name, "kind": p.kind, "town": district.town.pk, "school": district.school.pk,
        "responsible_unit": "基建办", "plan_year": 2019, "places_preschool": 0, "places_primary": -40,
        "places_junior": 0, "places_senior": 0, "rooms": 12, "floor_area": "5200", "total_investment": "2400",
        "planned_delivery": "2019-12-01", "version": p.version,
    }  # fmt: skip
    page = client.post(reverse("projects:project_update", args=[p.pk]), form).content.decode()
    assert "学位数不能为负数，请填写0或以上" in page
    form.update(places_primary=540, planned_delivery="2019-02-01")
    page = client.post(reverse("projects:project_update", args=[p.pk]), form).content.decode()
    assert "早于项目开始日期" in page
    p.refresh_from_db()
    assert (p.stage, p.version, p.places_primary, p.planned_delivery) == (*before, 540, dt.date(2019, 12, 1))
