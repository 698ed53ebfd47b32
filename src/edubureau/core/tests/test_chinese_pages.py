"""Chinese throughout: every page of the URL walk, as every role, in zh-hans, shows no English word and no
ISO date (a Chinese bureau writes 2019年7月10日, not 2019-07-10).

The walk reuses ``test_url_walk`` (its routes and its ``world`` of one object per model). Each HTML page a
role may open is reduced to the text a person sees (no scripts, styles or markup; ``title``,
``placeholder``, ``aria-label`` and button values kept) and every Latin word not in ``ALLOWED`` and every
ISO date is an offender, reported with its URL. Dates kept for machines (``<input type="date">`` values,
``data-*`` and ``<time datetime>`` attributes, links) are markup, not text, and stay ISO. Error pages (404, 403, 500) are checked the same way.

Codes set in ``<code>`` (indicator codes that targets, exports and the API carry) are identifiers, not
prose, and are not read. The people of the walk get Chinese names, as real accounts have.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client, override_settings
from django.urls import path

from edubureau.accounts.models import User
from edubureau.core.tests.test_url_walk import _fill, _params, _values, model_of, routes, world  # noqa: F401
from edubureau.indicators.library import LIBRARY
from edubureau.registry.models import School
from edubureau.supervision.models import Supervisor, Visit

pytestmark = pytest.mark.django_db

# Latin words a Chinese reader of these pages expects: file formats, codes and standard abbreviations,
# units, and the product's own name.
ALLOWED = {
    "edubureau",
    "English",  # the language switch names the other language in that language
    "Excel",
    "xlsx",
    "docx",
    "csv",
    "CSV",
    "pdf",
    "PDF",
    "Word",
    "API",
    "OpenAPI",
    "JSON",
    "ID",
    "GB",
    "kg",
    "km",
    "jpg",
    "png",
    "QR",
    "UTF",  # UTF-8, an encoding's name
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_.]*[A-Za-z]")
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
HIDDEN = {"script", "style", "template", "code"}
SEEN_ATTRIBUTES = {"title", "placeholder", "aria-label"}
ROLES = ["leader", "staff", "principal", "supervisor", "town_staff", "sysadmin"]


class VisibleText(HTMLParser):
    """The text of a page as a person sees it."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self._hidden += 1
        attrs = dict(attrs)
        for name in SEEN_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in {"submit", "button"}:
            self.parts.append(attrs.get("value") or "")

    def handle_endtag(self, tag):
        if tag in HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def prose(html: str) -> str:
    """The visible text of ``html`` without the URLs, e-mail addresses and file names it shows as data."""
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\S+@\S+|https?://\S+|\S+\.(?:xlsx|docx|pdf|jpg|png|csv)\b", " ", " ".join(parser.parts))


def latin_words(html: str, also_allowed: frozenset[str] = frozenset()) -> list[str]:
    return sorted({w for w in LATIN_WORD.findall(prose(html)) if w not in ALLOWED and w not in also_allowed})


def iso_dates(html: str) -> list[str]:
    return sorted(set(ISO_DATE.findall(prose(html))))


def offenders_of(client: Client, url: str, also_allowed: frozenset[str] = frozenset()) -> list[str] | None:
    """The English words and ISO dates of the page at ``url``; None when it is no HTML page (a file, a
    redirect)."""
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
    if not response.get("Content-Type", "").startswith("text/html") or not response.content:
        return None
    html = response.content.decode()
    return latin_words(html, also_allowed) + iso_dates(html)


def _page_urls(world):  # noqa: F811
    """One URL per page route (with the principal's object where there is one, else the other)."""
    for route, callback, name in routes():
        if route.startswith("api/") or name == "accounts:logout":
            continue
        params = {a or b for a, b in _params(route)}
        if not params or params == {"kind"}:
            yield _fill(route, {"kind": "students"})
        elif "<str:app_label>" in route:
            for model in (School, Visit):
                own, other = world[model]
                yield _fill(route, _values(route, own or other, model))
        elif "code" in params:
            yield from (_fill(route, {"code": code}) for code in LIBRARY)
        else:
            model = model_of(callback, name)
            own, other = world.get(model, (None, None))
            for obj in (own, other):
                if obj is not None:
                    yield _fill(route, _values(route, obj, model))
        if name == "planning:task_detail" or name == "registry:school_detail":
            model = model_of(callback, name)
            own, other = world[model]
            yield _fill(route, _values(route, own or other, model)) + "?tab=history"


@pytest.fixture
def role_user(request, district, leader, staff, principal, town_staff, sysadmin, world):  # noqa: F811
    for number, user in enumerate(User.objects.order_by("pk"), start=1):
        user.display_name = f"用户{number}"
        user.save(update_fields=["display_name"])
    for number, supervisor in enumerate(Supervisor.objects.order_by("pk"), start=1):
        supervisor.certificate_number = f"2019{number:04d}"
        supervisor.save(update_fields=["certificate_number"])
    if request.param == "supervisor":
        return User.objects.get(username="walk-sup-own")
    return {"leader": leader, "staff": staff, "principal": principal, "town_staff": town_staff}.get(
        request.param, sysadmin
    )


@pytest.mark.parametrize("role_user", ROLES, indirect=True)
def test_every_page_is_chinese(client, role_user, world):  # noqa: F811
    client.force_login(role_user)
    # Login names are Latin by nature (the user admin lists them): data, not interface text.
    logins = frozenset(
        w for name in User.objects.values_list("username", flat=True) for w in LATIN_WORD.findall(name)
    )
    found, scanned = {}, 0
    for url in dict.fromkeys(_page_urls(world)):
        words = offenders_of(client, url, logins)
        scanned += words is not None
        if words:
            found[url] = words
    print(f"{role_user}: {scanned} pages scanned")
    report = "\n".join(f"{url}: {' '.join(words)}" for url, words in found.items())
    assert not found, f"{len(found)} pages show English words or ISO dates:\n{report}"
    assert scanned >= 60  # the walk reached the pages (lists, details, indicator pages, error pages)


def test_the_scan_sees_an_iso_date_in_the_text_only():
    html = (
        '<td>2019-07-10</td><td title="2019-07-11 14:30">x</td><input type="date" value="2019-07-12">'
        '<tr data-due="2019-07-13"><time datetime="2019-07-14">2019年7月14日</time><a href="?d=2019-07-15">'
    )
    assert iso_dates(html) == ["2019-07-10", "2019-07-11"]


def _boom(request):
    raise RuntimeError("a failing view")


urlpatterns = [path("boom/", _boom)]


def test_error_pages_are_chinese_with_a_way_back(client, principal):
    principal.display_name = "林校长"
    principal.save(update_fields=["display_name"])
    client.force_login(principal)
    missing = client.get("/registry/schools/987654/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert missing.status_code == 404
    assert latin_words(missing.content.decode()) == []
    assert "页面不存在" in missing.content.decode()
    assert 'class="nav-link"' in missing.content.decode()  # the menu, to carry on from
    assert 'data-testid="error-home"' in missing.content.decode()


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_server_error_page_is_chinese():
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 500
    html = response.content.decode()
    assert latin_words(html) == []
    assert "服务器出错" in html
    assert 'href="/"' in html


# --- and English throughout where the English UI is done: no Chinese outside the data --------------------

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff01-\uff5e]")
#: Pages whose text is all English msgids (the 周转池 and 校际交流): checked in English as every role.
ENGLISH_ROUTES = ("staffing/pool/",)


def chinese_outside(html: str, data: list[str]) -> list[str]:
    """The Chinese of a page as a person sees it, once the data shown on it (names, reasons …) is taken
    out: each offending stretch of text with a little context."""
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    for value in data:  # longest first: a school's name before the town inside it
        text = text.replace(value, " ")
    return sorted({text[max(0, m.start() - 10) : m.end() + 10].strip() for m in CJK.finditer(text)})


def _data_values() -> list[str]:
    from edubureau.registry.models import Area, Teacher
    from edubureau.staffing.pool_models import PoolTeacher, RotationMove, Vacancy

    values = {
        *School.objects.values_list("name", flat=True),
        *Area.objects.values_list("name", flat=True),
        *Teacher.objects.values_list("name", flat=True),
        *Teacher.objects.values_list("main_subject", flat=True),
        *User.objects.values_list("display_name", flat=True),
        *RotationMove.objects.values_list("reason", flat=True),
        *Vacancy.objects.values_list("subject", flat=True),
        *Vacancy.objects.values_list("note", flat=True),
        *PoolTeacher.objects.values_list("subjects", flat=True),
        "中文",  # the language switch names the other language in that language
    }
    return sorted((v for v in values if v), key=len, reverse=True)


@pytest.mark.parametrize("role_user", ["staff", "principal", "sysadmin"], indirect=True)
def test_pool_and_rotation_pages_are_english(client, role_user, world, district):  # noqa: F811
    from edubureau.accounts.roles import Role
    from edubureau.accounts.services import role_assign

    if role_user.username == "staff":  # the 教师服务中心 runs the pool and the rotation
        role_assign(actor=None, user=role_user, role=Role.TEACHER_SERVICE, area=district.county)
    client.force_login(role_user)
    data = _data_values()
    found, scanned = {}, 0
    for url in dict.fromkeys(_page_urls(world)):
        if not url.lstrip("/").startswith(ENGLISH_ROUTES):
            continue
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code != 200:
            continue
        scanned += 1
        chinese = chinese_outside(response.content.decode(), data)
        if chinese:
            found[url] = chinese
    report = "\n".join(f"{url}: {' | '.join(words)}" for url, words in found.items())
    assert not found, f"{len(found)} pages show Chinese in English:\n{report}"
    assert scanned >= 2
