"""Users change their own password (issue 8, item 5); passwords like the username are refused."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from edubureau.core.models import AuditEntry
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "Meizhou-Bay-2019!"


def _change(client, old: str, new: str, again: str | None = None):
    data = {"old_password": old, "new_password1": new, "new_password2": again or new}
    return client.post(reverse("accounts:password_change"), data)


def test_change_own_password_and_stay_signed_in(client, principal):
    # given
    client.force_login(principal)
    assert reverse("accounts:password_change") in client.get(reverse("home:home")).content.decode()
    # when
    response = _change(client, PASSWORD, NEW)
    # then
    assert response.status_code == 302
    assert client.get(reverse("home:home")).status_code == 200  # still signed in
    principal.refresh_from_db()
    assert principal.check_password(NEW) and not principal.check_password(PASSWORD)
    entry = AuditEntry.objects.get(action="accounts.user.password_change")
    assert entry.actor == principal and NEW not in str(entry.after)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("principal2019", "密码跟 用户名 太相似了。"),
        ("WangXiaoMing-1", "密码跟 显示名称 太相似了。"),
        ("Sh0rt!", "密码长度太短。密码必须包含至少 10 个字符。"),
    ],
)
def test_weak_new_password_refused_in_chinese(client, principal, password, message):
    principal.display_name = "wangxiaoming"
    principal.save()
    client.force_login(principal)

    page = _change(client, PASSWORD, password)

    assert page.status_code == 200
    assert message in page.content.decode()
    principal.refresh_from_db()
    assert principal.check_password(PASSWORD)


def test_wrong_current_password_counts_toward_the_lock(client, principal, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(principal)
    for _ in range(2):
        assert "旧密码不正确" in _change(client, "wrong-one", NEW).content.decode()
    _change(client, "wrong-one", NEW)

    page = _change(client, PASSWORD, NEW)

    assert "登录失败次数过多" in page.content.decode()
    principal.refresh_from_db()
    assert principal.check_password(PASSWORD)
    # the attempt records keep no password, old or new
    recorded = str(list(AccessAttempt.objects.values_list("post_data", flat=True)))
    assert "wrong-one" not in recorded and NEW not in recorded


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("accounts:password_change"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
