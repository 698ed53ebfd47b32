"""The API base (core.api), the token endpoint, and the schema and docs pages."""

import re

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory, force_authenticate

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.api import (
    ACTION_BY_METHOD,
    RestrictedActionPermission,
    RestrictedDeletableModelViewSet,
    RestrictedModelSerializer,
    RestrictedModelViewSet,
    StandardPagination,
)
from edubureau.core.models import AuditEntry
from edubureau.registry.models import Department, School
from edubureau.registry.testing.factories import DepartmentFactory, UserFactory
from edubureau.registry.testing.fixtures import PASSWORD

pytestmark = pytest.mark.django_db
rf = APIRequestFactory()


class _SchoolSerializer(RestrictedModelSerializer):
    class Meta:
        model = School
        fields = ("id", "name", "area")


class _Schools(RestrictedModelViewSet):
    queryset = School.objects.all()
    serializer_class = _SchoolSerializer


class _Departments(RestrictedDeletableModelViewSet):
    queryset = Department.objects.all()
    serializer_class = type(
        "_DepartmentSerializer",
        (RestrictedModelSerializer,),
        {"Meta": type("Meta", (), {"model": Department, "fields": ("id", "name")})},
    )


def _view(viewset, method: str, user, *, action: str = "list", **kwargs):
    request = getattr(rf, method.lower())("/", **kwargs)
    force_authenticate(request, user=user)
    view = viewset()
    view.action = action
    view.action_map = {}
    view.request = view.initialize_request(request)
    view.format_kwarg = None
    return view


@pytest.fixture
def deputy(district):
    """A deputy director who is also the principal of one school: sees the county, writes one school."""
    user = UserFactory(username="deputy")
    role_assign(actor=None, user=user, role=Role.LEADER, area=district.county)
    role_assign(actor=None, user=user, role=Role.PRINCIPAL, school=district.school)
    return user


# --- the scoping action follows the HTTP method


@pytest.mark.parametrize(
    ("method", "expected"),
    [("GET", {"school", "other"}), ("POST", {"school"}), ("PATCH", {"school"}), ("PUT", {"school"})],
)
def test_queryset_is_restricted_for_the_methods_action(district, deputy, method, expected):
    names = {district.school.pk: "school", district.other_school.pk: "other"}

    queryset = _view(_Schools, method, deputy).get_queryset()

    assert {names[pk] for pk in queryset.values_list("pk", flat=True)} == expected


def test_every_method_has_an_action():
    assert ACTION_BY_METHOD == {
        "GET": "view",
        "HEAD": "view",
        "OPTIONS": "view",
        "POST": "add",
        "PUT": "change",
        "PATCH": "change",
        "DELETE": "delete",
    }


def test_list_ordering_is_total(district):
    queryset = _view(_Schools, "GET", UserFactory(is_superuser=True)).get_queryset()

    assert list(queryset.query.order_by)[-1] == "pk"


# --- the permission class


def test_permission_needs_the_action_somewhere(district, leader, principal):
    permission = RestrictedActionPermission()
    view = _Schools()
    for method in ("get", "post", "patch", "delete"):  # as if routed; unrouted methods are left to 405
        setattr(view, method, lambda *args, **kwargs: None)

    def allowed(user, method):
        request = _view(_Schools, method, user).request
        return permission.has_permission(request, view)

    assert allowed(leader, "GET")
    assert not allowed(leader, "POST")
    assert not allowed(leader, "PATCH")
    assert allowed(principal, "POST")
    assert not allowed(principal, "DELETE")
    assert not allowed(AnonymousUser(), "GET")


def test_methods_without_an_action_are_refused_and_unoffered_ones_left_to_405(district, sysadmin):
    request = _view(_Schools, "GET", sysadmin).request
    request._request.method = "TRACE"
    view = _Schools()

    assert RestrictedActionPermission().has_permission(request, view)  # no handler: 405 follows
    view.trace = lambda *args, **kwargs: None
    assert not RestrictedActionPermission().has_permission(request, view)


# --- related objects named in input


def test_related_inputs_accept_only_objects_in_view_scope(district, principal):
    request = _view(_Schools, "POST", principal).request
    serializer = _SchoolSerializer(context={"request": request})

    assert not serializer.fields["area"].queryset.exists()  # principals see no areas

    request = _view(_Schools, "POST", UserFactory(is_superuser=True)).request
    serializer = _SchoolSerializer(context={"request": request})
    assert serializer.fields["area"].queryset.count() >= 3


# --- deletion, where a viewset allows it


def test_deletion_is_audited_and_scoped(district, sysadmin, staff):
    department = DepartmentFactory(county=district.county)
    destroy = _Departments.as_view({"delete": "destroy"})

    refused = rf.delete("/")
    force_authenticate(refused, user=staff)  # department staff hold no delete grant
    assert destroy(refused, pk=department.pk).status_code == 403

    missing = rf.delete("/")
    force_authenticate(missing, user=sysadmin)
    assert destroy(missing, pk=999_999).status_code == 404

    request = rf.delete("/")
    force_authenticate(request, user=sysadmin)
    assert destroy(request, pk=department.pk).status_code == 204
    assert not Department.objects.filter(pk=department.pk).exists()
    entry = AuditEntry.objects.get(action="registry.department.delete")
    assert entry.before["name"] == department.name
    assert entry.actor == sysadmin


# --- pagination


def test_page_size_is_capped():
    paginator = StandardPagination()

    assert paginator.get_page_size(Request(rf.get("/", {"page_size": 100_000}))) == 500
    assert paginator.get_page_size(Request(rf.get("/"))) == 50


# --- POST /api/token/


@pytest.fixture
def api():
    return APIClient()


def test_token_for_right_credentials_opens_the_api(api, principal):
    response = api.post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json")

    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(user=principal).key == key
    assert AuditEntry.objects.filter(action="accounts.user.token_issue", object_id=str(principal.pk)).exists()
    assert key not in str(list(AuditEntry.objects.values("object_id", "object_repr", "before", "after")))

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/registry/schools/").status_code == 200
    # the same token again, not a new one per call
    again = APIClient().post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json")
    assert again.json()["token"] == key


def test_wrong_password_counts_toward_the_lock(api, principal, settings):
    settings.AXES_FAILURE_LIMIT = 3

    for _ in range(2):
        response = api.post("/api/token/", {"username": "principal", "password": "wrong"}, format="json")
        assert response.status_code == 400
        assert response.json()["non_field_errors"] == ["用户名或密码错误。"]
    api.post("/api/token/", {"username": "principal", "password": "wrong"}, format="json")
    locked = api.post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json")

    assert locked.status_code == 400
    assert "token" not in locked.json()
    assert "锁定" in locked.json()["non_field_errors"][0]
    assert not Token.objects.filter(user=principal).exists()


def test_success_clears_earlier_failures(api, principal, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        api.post("/api/token/", {"username": "principal", "password": "wrong"}, format="json")
    api.post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json")
    for _ in range(2):
        api.post("/api/token/", {"username": "principal", "password": "wrong"}, format="json")

    # two failures before the success and two after: not locked, the success reset the count
    response = api.post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json")
    assert response.status_code == 200


def test_lock_expires(api, principal, settings):
    settings.AXES_FAILURE_LIMIT = 1
    api.post("/api/token/", {"username": "principal", "password": "wrong"}, format="json")
    assert (
        api.post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json").status_code
        == 400
    )
    AccessAttempt.objects.update(attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME)

    response = api.post("/api/token/", {"username": "principal", "password": PASSWORD}, format="json")

    assert response.status_code == 200


def test_unknown_user_and_inactive_user_get_no_token(api, principal):
    principal.is_active = False
    principal.save()

    for username in ("nobody", "principal"):
        response = api.post("/api/token/", {"username": username, "password": PASSWORD}, format="json")
        assert response.status_code == 400
        assert "token" not in response.json()


def test_token_request_needs_both_fields(api):
    assert api.post("/api/token/", {"username": "principal"}, format="json").status_code == 400


def test_bad_token_is_refused(api, district):
    api.credentials(HTTP_AUTHORIZATION="Token not-a-token")

    assert api.get("/api/registry/schools/").status_code in (401, 403)


# --- schema and docs


def test_schema_generates_and_validates_without_warnings(tmp_path):
    """The OpenAPI document is valid and drf-spectacular has nothing to warn about."""
    out = tmp_path / "schema.yaml"

    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(out),
    )

    text = out.read_text()
    assert "/api/registry/students/" in text
    assert "/api/token/" in text
    assert "id_number_encrypted" not in text
    assert "id_number_hash" not in text


def test_schema_needs_a_signed_in_user(api, principal):
    assert api.get("/api/schema/").status_code in (401, 403)

    api.force_login(principal)
    response = api.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert "/api/registry/schools/{id}/" in response.json()["paths"]


def test_docs_page_sends_anonymous_visitors_to_login(api):
    response = api.get("/api/docs/")

    assert response.status_code == 302
    assert "/accounts/" in response["Location"]


def test_docs_page_loads_nothing_from_outside(api, principal):
    """No CDN: every script, style and icon of the docs page is one of our static files."""
    api.force_login(principal)

    response = api.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert len(assets) >= 3
    for url in assets:
        assert url.startswith("/static/"), url
        assert finders.find(url.removeprefix("/static/")), url
    assert "https://" not in html and "http://" not in html
    assert '"validatorUrl": null' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_page_renders_in_a_browser_without_the_internet(page, live_server, principal):
    from edubureau.core.testing.browser import log_in, screenshot

    outside = []
    page.on("request", lambda r: r.url.startswith(live_server.url) or outside.append(r.url))
    log_in(page, "principal", PASSWORD)

    page.goto("/api/docs/")
    page.get_by_text("/api/registry/students/", exact=True).first.wait_for()

    screenshot(page, "api-docs")
    assert outside == []
    assert page.locator(".opblock").count() >= 9 * 4
