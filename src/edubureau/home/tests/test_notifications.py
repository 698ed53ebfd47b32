"""In-app notifications (one table, written through ``core.notifications.notify``) for the events of plan
tracking and supervision, the unread count in the header, and e-mail where configured."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from edubureau.core.models import Notification
from edubureau.core.notifications import notify
from edubureau.planning import services as planning
from edubureau.planning.models import Task
from edubureau.planning.tests.tracking.conftest import QUANGANG, TODAY
from edubureau.safety.tests.factories import hazard
from edubureau.supervision import services as supervision
from edubureau.supervision.tests.factories import visit_with_rectification

pytestmark = pytest.mark.django_db


def kinds(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("id").values_list("kind", flat=True))


def test_publishing_a_plan_tells_each_lead_unit_its_tasks_to_sign(district, quangang, lead):
    plan = planning.plan_publish(
        actor=None,
        county=district.county,
        parsed=quangang,
        source_text=QUANGANG.read_text(encoding="utf-8"),
        create_units={n for item in quangang.items for n in [*item.lead_units, *item.co_units]},
        today=TODAY,
    )
    n = Notification.objects.get(user=lead, kind="task_assigned")
    count = Task.objects.filter(plan=plan, lead_units=lead.department).count()
    assert f"{count}" in n.message and n.url == reverse("planning:my_tasks") + "?status=assigned"


def test_closure_and_extension_requests_tell_the_leaders(plan, lead, leader):
    task = Task.objects.filter(plan=plan, lead_units=lead.department).first()
    planning.task_sign(actor=lead, task=task)
    planning.extension_request(
        actor=lead, task=task, new_due=task.due + dt.timedelta(days=30), reason="施工延误", today=TODAY
    )
    planning.task_submit(actor=lead, task=Task.objects.get(pk=task.pk), note="已完成")
    assert kinds(leader) == ["extension_requested", "closure_requested"]
    assert all(n.url == reverse("planning:task_detail", args=[task.pk]) for n in leader.notifications.all())


def test_rectification_opened_returned_and_answered_reach_the_right_people(district, principal, sup):
    rect = visit_with_rectification(sup, district.school, deadline=dt.date(2019, 7, 20))
    assert kinds(principal) == ["rectification_opened"]
    supervision.rectification_urge(actor=sup, rectification=rect, today=dt.date(2019, 7, 25))
    assert kinds(principal) == ["rectification_opened", "urge"]
    supervision.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    assert kinds(sup) == ["rectification_answered"]
    supervision.rectification_return(actor=sup, rectification=rect, reason="缺少照片")
    assert kinds(principal) == ["rectification_opened", "urge", "rectification_returned"]
    assert principal.notifications.first().url == reverse("supervision:rectification_detail", args=[rect.pk])


def test_notify_is_idempotent_and_emails_where_configured(settings, principal):
    settings.EMAIL_NOTIFICATIONS = "1"
    principal.email = "head@example.cn"
    principal.save()
    for _ in range(2):
        notify(users=[principal], kind="urge", message="请回复整改。", key="k1", url="/x/")
    assert principal.notifications.count() == 1 and len(mail.outbox) == 1
    settings.EMAIL_NOTIFICATIONS = "0"
    notify(users=[principal], kind="urge", message="再次提醒。", key="k2")
    assert len(mail.outbox) == 1


def test_header_shows_the_unread_count_and_the_messages_page_marks_read(client, principal):
    notify(users=[principal], kind="urge", message="请回复整改。", key="k1", url="/x/")
    client.force_login(principal)
    home = client.get(reverse("home:home")).content.decode()
    assert 'data-testid="unread-count">1<' in home
    page = client.get(reverse("home:notifications"))
    assert "请回复整改。" in page.content.decode()
    client.post(reverse("home:notifications"))
    assert 'data-testid="unread-count"' not in client.get(reverse("home:home")).content.decode()


ISO_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")


def test_messages_write_dates_as_a_chinese_bureau_does(client, district, principal, sup):
    # given a rectification and a hazard due 2019-07-10, and a red notice on the rectification
    with translation.override("zh-hans"):
        rect = visit_with_rectification(sup, district.school, deadline=dt.date(2019, 7, 10))
        hazard(district.school, actor=sup, source=None, deadline=dt.date(2019, 7, 10))
        supervision.rectification_urge(actor=sup, rectification=rect, today=dt.date(2019, 7, 12))
    # when the principal reads the messages page in Chinese
    client.force_login(principal)
    html = client.get(reverse("home:notifications"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # then every date is written 2019年7月10日, none as an ISO date (the message or its time)
    messages = list(Notification.objects.filter(user=principal).values_list("message", flat=True))
    assert len(messages) == 3 and all(re.search(r"2019年7月\d{1,2}日", m) for m in messages), messages
    assert html.count("2019年7月10日") >= 2 and "2019年6月28日" in html  # the sent times too
    assert not ISO_DATE.findall(html), ISO_DATE.findall(html)


def test_the_same_message_in_english_writes_an_english_date(district, principal, sup):
    with translation.override("en"):
        visit_with_rectification(sup, district.school, deadline=dt.date(2019, 7, 10))
    message = Notification.objects.get(user=principal).message
    assert "July 10, 2019" in message and "2019-07-10" not in message
