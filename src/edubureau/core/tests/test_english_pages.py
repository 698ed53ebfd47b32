"""English throughout, the mirror of ``test_chinese_pages``: the pages of the newer modules (evaluation,
campus safety, capital projects, data collection) with English active show no Chinese that the code wrote.

Three checks, each failing when one string of the interface goes back to literal Chinese:

- every page of the URL walk under those modules, as every role, in English: the visible text, once the
  data of the walk's world is taken out (school names, round names, the form definitions' labels — every
  text stored in the database), holds no Chinese character but the few Chinese words an English page
  shows on purpose (``CHINESE_WORDS``);
- the templates of those modules hold no Chinese outside ``{% translate %}``/``{% blocktranslate %}``
  (branches the walk does not reach: import errors, an unfinished scheme, a closed round);
- the gettext messages of their Python code are English (``CHINESE_WORDS`` aside), so that
  ``_("<Chinese>")`` cannot come back.

The Chinese pages stay as they were: ``test_chinese_pages`` finds no English on them, and
``test_evaluation_pages_read_the_same_in_chinese`` pins sentences of the evaluation pages in both languages.
"""

from __future__ import annotations

import ast
import pathlib
import re

import pytest
from django.apps import apps
from django.db import models

from edubureau.core.tests.test_chinese_pages import (  # noqa: F401
    ROLES,
    VisibleText,
    _page_urls,
    role_user,
)
from edubureau.core.tests.test_translations import GETTEXT, PGETTEXT
from edubureau.core.tests.test_url_walk import world  # noqa: F401

pytestmark = pytest.mark.django_db

SRC = pathlib.Path(__file__).resolve().parents[2]
MODULES = ("evaluation", "safety", "projects", "collect")
# Han characters, CJK punctuation and full-width forms.
CHINESE = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]+")
# Chinese an English page shows on purpose: the language switch names Chinese in Chinese, and the column
# headers (and sample values) of the bureau's Chinese import files are what the file must carry.
CHINESE_WORDS = {
    "中文",
    *("学校标识码", "指标编码", "得分", "评语"),  # third-party scores of an evaluation round
    *("学籍号", "身份证件号", "科目", "成绩", "考试名称", "考试日期", "2019年中考", "语文"),  # exam results
}


def _strings(value):
    """Every string inside a stored value (JSON definitions and answers included)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def stored_texts() -> list[str]:
    """Every Chinese text stored in the database, longest first (so that a name goes before its parts)."""
    found = set()
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        if not fields:
            continue
        for row in model._base_manager.values_list(*fields):
            for value in row:
                found.update(s.strip() for s in _strings(value) if CHINESE.search(s))
    return sorted(found, key=len, reverse=True)


def chinese_in(html: str, data: list[str]) -> list[str]:
    """The Chinese runs of a page's visible text that no stored text and no allowed word accounts for."""
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in data:
        text = text.replace(value, " ")
    for word in sorted(CHINESE_WORDS, key=len, reverse=True):
        text = text.replace(word, " ")
    return sorted(set(CHINESE.findall(text)))


def _module_urls(world):  # noqa: F811
    prefixes = tuple(f"/{m}/" for m in MODULES)
    return [url for url in dict.fromkeys(_page_urls(world)) if url.startswith(prefixes)]


@pytest.mark.parametrize("role_user", ROLES, indirect=True)
def test_module_pages_in_english_show_no_chinese_but_data(client, role_user, world):  # noqa: F811
    client.force_login(role_user)
    data = stored_texts()
    found, scanned = {}, 0
    for url in _module_urls(world):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if not response.get("Content-Type", "").startswith("text/html") or not response.content:
            continue
        scanned += 1
        runs = chinese_in(response.content.decode(), data)
        if runs:
            found[url] = runs
    print(f"{role_user}: {scanned} pages scanned")
    report = "\n".join(f"{url}: {' '.join(runs)}" for url, runs in found.items())
    assert not found, f"{len(found)} English pages show Chinese the code wrote:\n{report}"
    assert scanned >= 10  # the walk reached the modules' pages (lists, details, error pages)


def test_the_scan_sees_a_template_string_in_chinese():
    """The scan's own check: literal Chinese in a page is found, data and allowed words are not."""
    html = "<h1>Evaluation</h1><p>演示中学</p><p>Columns: 学校标识码</p><td>位次区间</td>"
    assert chinese_in(html, ["演示中学"]) == ["位次区间"]


# --- templates and messages, every branch ---------------------------------------------------------------

TRANSLATED = re.compile(
    r"{%\s*blocktranslate\b.*?{%\s*endblocktranslate\s*%}|{%\s*translate\b.*?%}|{%\s*comment\s*%}.*?"
    r"{%\s*endcomment\s*%}|{#.*?#}",
    re.S,
)
# Inside a tag or a value attribute Chinese is data a form posts or compares (a yes/no answer as stored).
DATA_IN_MARKUP = re.compile(r"{%.*?%}|\bvalue=\"[^\"]*\"", re.S)


def template_chinese(text: str) -> list[str]:
    text = DATA_IN_MARKUP.sub(" ", TRANSLATED.sub(" ", text))
    return CHINESE.findall(text)


def test_module_templates_have_no_chinese_outside_translate():
    templates = [p for m in MODULES for p in sorted((SRC / m / "templates").rglob("*.html"))]
    assert len(templates) > 30
    found = {str(p.relative_to(SRC)): runs for p in templates if (runs := template_chinese(p.read_text()))}
    assert found == {}


def test_template_scan_finds_a_literal():
    assert template_chinese('<th>{% translate "School" %}</th><th>学校</th>') == ["学校"]
    assert template_chinese("{% blocktranslate with n=n %}{{ n }} 所{% endblocktranslate %}") == []
    assert template_chinese('<input value="是" {% if v == "是" %}checked{% endif %}>') == []


def module_messages():
    """(file, msgid) of every literal gettext call in the modules' code, outside tests and migrations."""
    for module in MODULES:
        for path in sorted((SRC / module).rglob("*.py")):
            if {"tests", "migrations"} & set(path.parts):
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                    continue
                position = 0 if node.func.id in GETTEXT else 1 if node.func.id in PGETTEXT else None
                if position is None or len(node.args) <= position:
                    continue
                arg = node.args[position]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield path.relative_to(SRC), arg.value


def test_module_messages_are_english():
    found = list(module_messages())
    assert len(found) > 400  # the walk does read the modules
    chinese = []
    for path, msgid in found:
        text = msgid
        for word in sorted(CHINESE_WORDS, key=len, reverse=True):
            text = text.replace(word, " ")
        if CHINESE.search(text.replace("“", " ").replace("”", " ").replace("–", " ")):
            chinese.append(f"{path}: {msgid!r}")
    assert chinese == []


# --- the Chinese pages read as before ---------------------------------------------------------------------

SENTENCES = [
    # (url name, object key, Chinese as the page read before its strings became English msgids, English)
    ("evaluation:index", None, "管办评分离 · 学校年度考评 · 增值评价",
     "Separate management, running and evaluation · Annual school evaluation · Value-added"),
    ("evaluation:scheme_detail", "scheme", "权重校验通过：各级指标权重合计均为100%，每个末级指标都有评分来源。",
     "Weights check out: the weights add up to 100% at every level"),
    ("evaluation:round_detail", "round", "第三方评估表的列：学校标识码、指标编码、得分（0–100）、评语。整表检查，有任何一处问题则不导入。",
     "Columns of the third-party score sheet: 学校标识码, 指标编码, 得分 (0–100), 评语."),
    ("evaluation:round_detail", "round", "改为“评分中”", "Change to “Scoring”"),
    ("evaluation:sheet_detail", "sheet", "只显示本校所处区间，不公布排名", "Only your school's band is shown; no ranking is published"),
    ("evaluation:sheet_detail", "sheet", "合计（各末级指标计入总分之和）", "Total (the points of the leaf criteria added up)"),
    ("evaluation:exam_list", None, "每行一名学生一个科目：学籍号（或身份证件号）、科目、成绩、考试名称、考试日期。",
     "One row per pupil and subject: 学籍号 (or 身份证件号), 科目, 成绩, 考试名称, 考试日期."),
    ("evaluation:value_added", None, "需要至少两场考试的成绩（起点考试和终点考试）：请先导入考试成绩。",
     "Results of at least two exams are needed (a baseline exam and an outcome exam): import exam results first."),
]  # fmt: skip


def test_evaluation_pages_read_the_same_in_chinese(client, district, staff):
    from django.urls import reverse

    from edubureau.evaluation import choices as c
    from edubureau.evaluation.tests.factories import fill, round_for, scheme_for

    scheme = scheme_for(district.county)
    rnd = round_for(scheme, [district.school, district.other_school], status=c.RoundStatus.REVIEW)
    fill(rnd)
    objects = {"scheme": scheme, "round": rnd, "sheet": rnd.sheets.first()}
    client.force_login(staff)
    for name, key, chinese, english in SENTENCES:
        url = reverse(name, args=[objects[key].pk] if key else [])
        zh = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        en = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert chinese in zh, (url, chinese)
        assert english in en and chinese not in en, (url, english)
