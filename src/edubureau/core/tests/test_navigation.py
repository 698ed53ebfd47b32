"""The main menu groups its entries so that it fits a desktop screen, and never shows a one-entry group."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from edubureau.core.navigation import nav_items

pytestmark = pytest.mark.django_db


def _menu(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    with translation.override("zh-hans"):
        return [
            (str(i["label"]), [str(c["label"]) for c in i.get("children", [])], i["active"])
            for i in nav_items(request)
        ]


def test_staff_see_groups_of_the_entries_they_may_open(staff):
    menu = _menu(staff, path="/registry/teachers/")
    labels = [label for label, _, _ in menu]
    assert len(labels) <= 10 and labels[0] == "首页"
    registry = next(m for m in menu if m[0] == "基础数据")
    assert registry[1][:4] == ["学校", "班级", "教师", "学生"] and registry[2]  # the group of the open page
    plan = next(m for m in menu if m[0] == "计划督办")
    assert plan[1] == ["工作要点", "我的任务", "督查督办"] and not plan[2]
    assert sum(len(children) or 1 for _, children, _ in menu) >= 15  # every entry is still reachable


def test_a_group_with_one_entry_the_user_may_open_is_that_entry(principal):
    menu = dict((label, children) for label, children, _ in _menu(principal))
    assert "待填报" in menu and menu["待填报"] == []  # 数据填报 holds only the school's own forms
    assert "计划督办" not in menu and "工作要点" not in menu
