"""The History tab reads as Chinese: event names, field labels, choice labels, local times and dates as
a bureau writes them, lists in words."""

import datetime as dt
import pathlib
import re

import pytest
from django.utils import translation

from edubureau.core import audit
from edubureau.core.tests.test_chinese_pages import VisibleText
from edubureau.planning import workflow as planning_workflow
from edubureau.planning.tests.tracking.factories import TaskFactory
from edubureau.supervision import workflow as supervision_workflow

SRC = pathlib.Path(__file__).resolve().parents[2]
CODE = re.compile(
    r'"((?:accounts|registry|planning|supervision|indicators|demo|core|reports)\.[a-z_]+\.[a-z_]+)"'
)


def written_action_codes() -> set[str]:
    """Every audit code the services write: literals in the source and the workflows' transition codes."""
    codes = set()
    for path in SRC.rglob("*.py"):
        if "tests" not in path.parts and "migrations" not in path.parts:
            codes.update(CODE.findall(path.read_text(encoding="utf-8")))
    codes.update(t.code for t in planning_workflow.TRANSITIONS.values())
    codes.update(t.code for t in supervision_workflow.TRANSITIONS.values())
    return codes


def test_every_action_code_has_a_chinese_event_name():
    codes = written_action_codes()
    assert "planning.urge.issue" in codes and "registry.school.update" in codes  # the scan finds them
    with translation.override("zh-hans"):
        names = {code: audit.action_label(code) for code in codes}
    unnamed = sorted(code for code, name in names.items() if name is None)
    english = sorted(
        f"{code}: {name}" for code, name in names.items() if name and re.search(r"[a-z]{3}", name)
    )
    assert unnamed == []
    assert english == []


@pytest.mark.django_db
def test_history_tab_shows_words_labels_and_local_times(client, district, leader):
    # given: a task whose log holds a reminder (lists of codes), an urge notice and a signed-for time
    task = TaskFactory(plan__county=district.county)
    audit.record(
        actor=None,
        action="planning.task.remind",
        obj=task,
        after={"kind": "overdue", "recipients": ["张三"], "channels": ["in_app", "email"]},
    )
    audit.record(actor=leader, action="planning.urge.issue", obj=task, after={"urge_level": 2, "level": 2})
    signed = dt.datetime(2019, 6, 28, 6, 5, tzinfo=dt.UTC)
    audit.record(
        actor=leader,
        action="planning.task.sign",
        obj=task,
        before={"status": "assigned"},
        after={"status": "signed", "signed_at": signed.isoformat()},
    )
    audit.record(
        actor=leader,
        action="planning.task.deadline",
        obj=task,
        before={"due": "2019-12-31"},
        after={"due": "2019-09-30", "note": "节点"},
    )
    client.force_login(leader)
    # when
    html = client.get(f"/plan/tasks/{task.pk}/?tab=history", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # then
    for words in (
        "发送提醒",
        "站内消息、电子邮件",
        "逾期",
        "发送方式",
        "发出催（督）办单",
        "橙色督办单",
        "签收任务",
    ):
        assert words in html
    assert "2019年6月28日 14:05" in html  # 06:05 UTC is 14:05 in Asia/Shanghai
    assert "2019年12月31日" in html and "2019年9月30日" in html  # dates of the log as a bureau writes them
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for raw in ("planning.", "in_app", "+00:00", "channels", "urge_level", "['"):
        assert raw not in text


@pytest.mark.django_db
def test_task_page_names_the_urge_notice(client, district, leader):
    task = TaskFactory(plan__county=district.county, urge_level=2)
    client.force_login(leader)
    html = client.get(f"/plan/tasks/{task.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "橙色督办单" in html
    assert "等级 2" not in html and "等级：2" not in html
