import pytest
from django.urls import reverse

from edubureau.core.models import AuditEntry
from edubureau.core.testing.fixtures import PASSWORD

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


def test_lock_after_repeated_failures(client, principal, settings):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        page = client.post(reverse("accounts:login"), {"username": "principal", "password": "wrong-one"})
        assert page.status_code == 200
    # the right password no longer works while locked
    page = client.post(reverse("accounts:login"), {"username": "principal", "password": PASSWORD})
    assert page.status_code == 200 and "锁定" in page.content.decode()
    assert AuditEntry.objects.filter(action="accounts.user.locked").count() == 1


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
