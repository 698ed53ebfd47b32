import pytest
from django.urls import reverse

from edubureau.core.models import AuditEntry
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_then_home(client, principal):
    # given / when
    response = client.post(reverse("accounts:login"), {"username": "principal", "password": PASSWORD})
    # then
    assert response.status_code == 302 and response.url == reverse("home:home")
    assert client.get(reverse("home:home")).status_code == 200


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home:home"))
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


def _login(client, username: str, password: str, **extra):
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **extra)


def test_lock_after_repeated_failures(client, principal, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        page = _login(client, "principal", "wrong-one")
        assert page.status_code == 200 and "用户名或密码错误" in page.content.decode()
    _login(client, "principal", "wrong-one")
    # the right password no longer works while locked
    page = _login(client, "principal", PASSWORD)
    assert page.status_code == 200 and "登录失败次数过多" in page.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEntry.objects.filter(action="accounts.user.locked").count() == 1


def test_unknown_username_locks_like_a_real_one(client, principal, settings):
    """No user enumeration: an unknown username gets the same answers, lock included."""
    settings.AXES_FAILURE_LIMIT = 3
    pages = {}
    for username in ("principal", "nobody"):
        # from a different address each, so that only the per-username count decides
        address = {"REMOTE_ADDR": "10.0.0.1" if username == "principal" else "10.0.0.2"}
        answers = [_login(client, username, "wrong-one", **address).content.decode() for _ in range(4)]
        pages[username] = [("用户名或密码错误" in a, "登录失败次数过多" in a) for a in answers]
    assert pages["nobody"] == pages["principal"] == [(True, False)] * 2 + [(False, True)] * 2


def test_one_address_guessing_many_usernames_is_locked(client, principal, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for name in ("a", "b", "c"):
        _login(client, name, "wrong-one")
    assert "登录失败次数过多" in _login(client, "principal", PASSWORD).content.decode()
    # another address is not affected
    assert _login(client, "principal", PASSWORD, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_admin_login_is_the_login_page(client, principal, settings):
    """/django-admin/login/ checks no password of its own: it sends to the login page, under the lock."""
    settings.AXES_FAILURE_LIMIT = 3
    principal.is_staff = principal.is_superuser = True
    principal.save()
    admin_login = reverse("admin:login")
    for _ in range(3):
        response = client.post(admin_login, {"username": "principal", "password": PASSWORD})
        assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert "_auth_user_id" not in client.session
    # locked on the login page → the admin gives no way around it
    for _ in range(3):
        _login(client, "principal", "wrong-one")
    client.post(admin_login, {"username": "principal", "password": PASSWORD})
    assert client.get(reverse("admin:index")).status_code == 302
    page = _login(client, "principal", PASSWORD, QUERY_STRING="next=/django-admin/")
    assert "登录失败次数过多" in page.content.decode()


def test_every_password_check_passes_the_lock(rf, principal, settings):
    """Any other authenticate(request=…) — Django's AuthenticationForm, DRF's — is refused while locked."""
    from django.contrib.auth.forms import AuthenticationForm
    from django.contrib.sessions.backends.db import SessionStore

    settings.AXES_FAILURE_LIMIT = 2
    for _ in range(2):
        request = rf.post("/", {"username": "principal", "password": "wrong"})
        request.session = SessionStore()
        AuthenticationForm(request, data=request.POST).is_valid()
    request = rf.post("/", {"username": "principal", "password": PASSWORD})
    request.session = SessionStore()
    assert not AuthenticationForm(request, data=request.POST).is_valid()


def test_open_redirect_refused(client, principal):
    url = reverse("accounts:login") + "?next=https://evil.example/"
    response = client.post(url, {"username": "principal", "password": PASSWORD})
    assert response.url == reverse("home:home")


def test_logout_needs_post(client, principal):
    client.force_login(principal)
    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert client.get(reverse("home:home")).status_code == 302


def test_english_available(client, principal):
    client.force_login(principal)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Overview" in client.get(reverse("home:home")).content.decode()


def test_client_address_behind_a_proxy_is_what_the_proxy_saw(client, principal, settings):
    """Behind nginx (PROXY_COUNT=1) the lock counts the address nginx appended, not one the client wrote."""
    settings.AXES_FAILURE_LIMIT = 2
    settings.PROXY_COUNT = 1
    for spoofed in ("1.1.1.1", "2.2.2.2"):
        _login(
            client,
            "nobody",
            "wrong-one",
            HTTP_X_FORWARDED_FOR=f"{spoofed}, 10.1.1.1",
            REMOTE_ADDR="127.0.0.1",
        )
    # 10.1.1.1 is locked whatever it claims; another client behind the same proxy is not
    locked = _login(client, "principal", PASSWORD, HTTP_X_FORWARDED_FOR="3.3.3.3, 10.1.1.1")
    assert "登录失败次数过多" in locked.content.decode()
    assert _login(client, "principal", PASSWORD, HTTP_X_FORWARDED_FOR="10.2.2.2").status_code == 302
