"""One clock, frozen on a day: the main journeys of every role leave no other date in the database or pages.

The demo (tiny district, the 2019 plan, half a year of 督查督办 and of supervision) is loaded on
2019-06-28, then a lead unit signs and reports, a supervisor records a visit with a finding, the principal
answers it, the leader exports the ledger and an administrator opens an import. Every date and time the
database then holds is on or before that day (a time stamp after "now" is impossible), none is the real
date, and no page says the real date.
"""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from edubureau.accounts.models import User
from edubureau.core import clock
from edubureau.core.models import AuditEntry
from edubureau.planning.choices import TaskStatus
from edubureau.planning.models import Task
from edubureau.supervision.models import Rectification

SHANGHAI = ZoneInfo("Asia/Shanghai")
DAY = dt.date(2019, 6, 28)
#: The end of the frozen day: nothing can have happened after it.
END = dt.datetime.combine(DAY, dt.time(23, 59, 59), tzinfo=SHANGHAI)
#: Dates a 2019 plan year may legitimately name ahead (deadlines, the school year's end).
LATEST_PLANNED = dt.date(2020, 12, 31)
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def _real_date_texts() -> set[str]:
    real = dt.datetime.now(SHANGHAI).date()
    return {real.isoformat(), real.strftime("%Y%m%d"), f"{real.year}年{real.month}月{real.day}日"}


def _visit(school_pk: int) -> dict:
    data = {
        "client_id": "clock-walk-1",
        "school": school_pk,
        "visited_at": "2019-06-28T00:00",  # the journeys run at the real time of day: any is after 00:00
        "kind": "routine",
        "methods": ["tour"],
        "feedback_at": "2019-06-28T11:30",
        "submit_report": "on",
        "finding_item": "6",
        "finding_description": "消防通道堆放杂物",
        "finding_requirement": "清理消防通道",
        "finding_deadline": "2019-07-10",
        "files": SimpleUploadedFile("现场.png", PNG, content_type="image/png"),
    }
    data |= {f"rating_{n}": "good" for n in range(1, 9)} | {f"note_{n}": "" for n in range(1, 9)}
    return data


def _journeys(client) -> dict[str, str]:
    """Walk the main journeys through the pages; the pages' texts."""
    pages = {}
    # a lead unit signs an assigned task and reports progress on it
    lead = User.objects.get(username="staff_zonghe")
    task = Task.objects.filter(status=TaskStatus.ASSIGNED).first() or Task.objects.first()
    lead.department = task.lead_units.first()
    lead.save(update_fields=["department"])
    client.force_login(lead)
    client.post(reverse("planning:task_action", args=[task.pk]), {"action": "sign"})
    client.post(reverse("planning:task_report", args=[task.pk]), {"text": "召开专题会议", "percent": "30"})
    pages["task"] = client.get(reverse("planning:task_detail", args=[task.pk])).content.decode()
    # a supervisor records a visit with a finding, from the form's defaults
    supervisor = User.objects.get(username="supervisor")
    client.force_login(supervisor)
    form = client.get(reverse("supervision:visit_create"))
    pages["visit form"] = form.content.decode()
    school = form.context["form"].fields["school"].queryset.first()
    response = client.post(reverse("supervision:visit_create"), _visit(school.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    # the school answers the rectification
    rect = Rectification.objects.filter(school=school).order_by("-pk").first()
    principal = User.objects.get(username="principal")
    principal.role_assignments.filter(school__isnull=False).update(school=school)
    principal._scope_cache = None
    client.force_login(principal)
    client.post(
        reverse("supervision:rectification_action", args=[rect.pk]), {"action": "answer", "text": "已清理"}
    )
    pages["rectification"] = client.get(
        reverse("supervision:rectification_detail", args=[rect.pk])
    ).content.decode()
    # the leader exports the ledger and reads the plan
    client.force_login(User.objects.get(username="leader"))
    ledger = client.get(reverse("planning:task_export"))
    pages["ledger"] = ledger["Content-Disposition"]
    pages["tasks"] = client.get(reverse("planning:task_list")).content.decode()
    # an administrator opens an import
    client.force_login(User.objects.get(username="admin"))
    pages["import"] = client.get(reverse("registry:import_new", args=["students"])).content.decode()
    pages["school"] = client.get(reverse("registry:school_detail", args=[school.pk])).content.decode()
    return pages


#: Security times run on the real clock: a pinned demo day must not keep sessions or lockouts alive.
REAL_TIME_APPS = {"sessions", "axes"}


def _date_columns():
    for model in apps.get_models():
        if model._meta.app_label in REAL_TIME_APPS:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField | models.DateField):
                yield model, field


@pytest.mark.django_db
def test_a_frozen_day_leaves_no_other_date(client, settings, tmp_path):
    settings.TODAY = DAY.isoformat()
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    out = io.StringIO()
    # given the demo loaded and played on the day, and the journeys walked on it at 18:30
    with clock.frozen(dt.datetime.combine(DAY, dt.time(18, 30), tzinfo=SHANGHAI)):
        for name, args, options in [
            ("demo", [], {"scale": "tiny"}),
            ("plan_import", [], {"publish": True}),
            ("demo_plan_activity", [], {}),
            ("demo_supervision", [], {}),
            ("indicators", ["compute"], {}),
            ("plan_daily", [], {}),
            ("supervision_daily", [], {}),
        ]:
            call_command(name, *args, stdout=out, **options)
    pages = _journeys(client)  # at the real time of day on the pinned day
    # then no stored time is after the day, and no date is the real one
    later = []
    for model, field in _date_columns():
        limit = END if isinstance(field, models.DateTimeField) else LATEST_PLANNED
        rows = model._default_manager.filter(**{f"{field.name}__gt": limit})
        later += [f"{model._meta.label}.{field.name}={getattr(r, field.attname)}" for r in rows[:3]]
    assert later == [], later
    assert AuditEntry.objects.filter(at__date=DAY).exists()
    # nor does the audit log's before/after, nor any page, name the real date
    texts = _real_date_texts()
    audit_text = " ".join(str(e.before) + str(e.after) for e in AuditEntry.objects.filter(at__date=DAY))
    assert not [t for t in texts if t in audit_text]
    assert not [t for t in texts for page in pages.values() if t in page]
    assert "2019-06-28T" in pages["visit form"]  # the visit time and the feedback button default to the day
    assert "20190628" in pages["ledger"]  # the ledger's file name
    assert 'value="2018-2019" selected' in pages["import"] or "2018-2019学年</option>" in pages["import"]
