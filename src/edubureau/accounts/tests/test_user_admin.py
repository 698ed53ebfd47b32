"""User administration: system administrators only; others get 404, anonymous users the login page."""

import pytest
from django.urls import reverse

from edubureau.accounts.models import RoleAssignment, User
from edubureau.accounts.roles import Role
from edubureau.core.audit import history
from edubureau.registry.testing.factories import UserFactory
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db

STRONG = "Quangang-2019-edu!"


def _urls(target: User, assignment_pk: int = 1) -> list[tuple[str, str]]:
    return [
        ("get", reverse("accounts:user_list")),
        ("get", reverse("accounts:user_create")),
        ("get", reverse("accounts:user_detail", args=[target.pk])),
        ("post", reverse("accounts:user_role_assign", args=[target.pk])),
        ("post", reverse("accounts:user_role_revoke", args=[target.pk, assignment_pk])),
        ("post", reverse("accounts:user_unlock", args=[target.pk])),
        ("post", reverse("accounts:user_set_active", args=[target.pk])),
    ]


def test_only_sysadmins(client, district, sysadmin, staff, leader, principal):
    target = UserFactory(username="target")
    client.force_login(sysadmin)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    for user in (staff, leader, principal):
        client.force_login(user)
        for method, url in _urls(target):
            assert getattr(client, method)(url).status_code == 404, (user, url)
    client.logout()
    for method, url in _urls(target):
        response = getattr(client, method)(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
    assert User.objects.get(pk=target.pk).is_active


def test_nav_link_for_sysadmins_only(client, district, sysadmin, staff):
    client.force_login(sysadmin)
    assert 'data-testid="nav-users"' in client.get(reverse("home:home")).content.decode()
    client.force_login(staff)
    assert 'data-testid="nav-users"' not in client.get(reverse("home:home")).content.decode()


def test_create_user_applies_password_validators(client, district, sysadmin):
    client.force_login(sysadmin)
    url = reverse("accounts:user_create")
    weak = {"username": "lin", "display_name": "林老师", "password1": "12345678", "password2": "12345678"}
    response = client.post(url, weak)
    assert response.status_code == 200
    assert "password1" in response.context["form"].errors
    assert not User.objects.filter(username="lin").exists()
    mismatch = {**weak, "password1": STRONG, "password2": STRONG + "x"}
    assert "password2" in client.post(url, mismatch).context["form"].errors
    response = client.post(url, {**weak, "password1": STRONG, "password2": STRONG})
    user = User.objects.get(username="lin")
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:user_detail", args=[user.pk]
    )
    assert user.check_password(STRONG)
    assert history(user).first().action == "accounts.user.create"
    # and the username is unique
    assert (
        "username"
        in client.post(url, {**weak, "password1": STRONG, "password2": STRONG}).context["form"].errors
    )


def test_assign_and_revoke_roles(client, district, sysadmin):
    target = UserFactory(username="target")
    client.force_login(sysadmin)
    url = reverse("accounts:user_role_assign", args=[target.pk])
    # an area role
    assert client.post(url, {"role": Role.DEPARTMENT_STAFF, "area": district.town.pk}).status_code == 302
    # a school role with the personal-data permission
    response = client.post(
        url, {"role": Role.PRINCIPAL, "school": district.school.pk, "can_view_personal": "on"}
    )
    assert response.status_code == 302
    # neither, or both: refused with a message on the fields
    response = client.post(url, {"role": Role.PRINCIPAL})
    assert response.status_code == 200 and "area" in response.context["role_form"].errors
    response = client.post(
        url, {"role": Role.PRINCIPAL, "area": district.town.pk, "school": district.school.pk}
    )
    assert "school" in response.context["role_form"].errors
    roles = {(a.role, a.area_id, a.school_id, a.can_view_personal) for a in target.role_assignments.all()}
    assert roles == {
        (Role.DEPARTMENT_STAFF, district.town.pk, None, False),
        (Role.PRINCIPAL, None, district.school.pk, True),
    }
    # revoke
    assignment = target.role_assignments.get(role=Role.DEPARTMENT_STAFF)
    client.post(reverse("accounts:user_role_revoke", args=[target.pk, assignment.pk]))
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    detail = client.get(reverse("accounts:user_detail", args=[target.pk])).content.decode()
    assert district.school.name in detail


def test_unlock_a_locked_account(client, district, sysadmin, settings):
    # given: "target" locked by failures on the login page
    settings.AXES_FAILURE_LIMIT = 2
    target = UserFactory(username="target")
    for address in ("10.0.0.1", "10.0.0.2"):  # the count is per username, whatever the address
        client.post(
            reverse("accounts:login"), {"username": "target", "password": "wrong-one"}, REMOTE_ADDR=address
        )
    client.force_login(sysadmin)
    detail = client.get(reverse("accounts:user_detail", args=[target.pk])).content.decode()
    assert 'data-testid="unlock"' in detail and "锁定至" in detail
    assert "已锁定" in client.get(reverse("accounts:user_list")).content.decode()
    # when
    client.post(reverse("accounts:user_unlock", args=[target.pk]))
    # then
    detail = client.get(reverse("accounts:user_detail", args=[target.pk])).content.decode()
    assert 'data-testid="unlock"' not in detail
    entry = history(target).first()
    assert entry.actor == sysadmin and entry.action == "accounts.user.unlock"
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "target", "password": PASSWORD})
    assert response.status_code == 302


def test_deactivate_and_reactivate(client, district, sysadmin):
    target = UserFactory(username="target")
    client.force_login(sysadmin)
    client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "0"})
    assert not User.objects.get(pk=target.pk).is_active
    client.post(reverse("accounts:user_set_active", args=[target.pk]), {"active": "1"})
    assert User.objects.get(pk=target.pk).is_active
    # not oneself
    client.post(reverse("accounts:user_set_active", args=[sysadmin.pk]), {"active": "0"})
    assert User.objects.get(pk=sysadmin.pk).is_active


def test_user_list_search(client, district, sysadmin):
    UserFactory(username="wang", display_name="王校长")
    UserFactory(username="li", display_name="李老师")
    client.force_login(sysadmin)
    names = [
        u.username for u in client.get(reverse("accounts:user_list"), {"q": "王"}).context["object_list"]
    ]
    assert names == ["wang"]
