"""The generic History page and partial: any scoped object the user may view, nothing else."""

import pytest
from django.urls import reverse

from edubureau.core.services import object_update
from edubureau.registry.testing.factories import StudentFactory

pytestmark = pytest.mark.django_db


def _url(obj):
    return reverse("core:history", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def test_history_lists_changes_with_labels(client, district, staff):
    # given a school renamed, moved to another town and made private
    object_update(
        actor=staff,
        obj=district.school,
        data={"name": "新名称", "area": district.other_town, "ownership": "private"},
    )
    client.force_login(staff)
    # when
    response = client.get(_url(district.school), HTTP_ACCEPT_LANGUAGE="en")
    # then: the newest entry first; foreign keys by name, choices by label
    assert response.status_code == 200
    rows = response.context["history"].rows
    assert rows[0]["code"] == "registry.school.update"
    assert rows[0]["entry"].actor == staff
    changes = {c["field"]: (c["before"], c["after"]) for c in rows[0]["changes"]}
    assert changes["name"] == ("泉港一中附小", "新名称")
    assert changes["town"] == ("山腰街道", "南埔镇")
    assert changes["ownership"] == ("public", "private")
    html = response.content.decode()
    assert "新名称" in html and "<del" in html


def test_history_is_scoped(client, district, principal):
    object_update(actor=None, obj=district.other_school, data={"name": "改名"})
    client.force_login(principal)
    assert client.get(_url(district.school)).status_code == 200
    assert client.get(_url(district.other_school)).status_code == 404


def test_history_of_unknown_or_unscoped_models_is_404(client, district, sysadmin, staff):
    client.force_login(sysadmin)
    assert client.get(reverse("core:history", args=["registry", "nosuchmodel", 1])).status_code == 404
    # users are not scoped rows: their history is on the user administration page only
    assert client.get(reverse("core:history", args=["accounts", "user", staff.pk])).status_code == 404
    assert client.get(reverse("core:history", args=["registry", "school", "x"])).status_code == 404


def test_history_partial_for_htmx(client, district, staff):
    client.force_login(staff)
    response = client.get(_url(district.school), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'data-testid="history"' in html and "<html" not in html


def test_anonymous_is_sent_to_login(client, district):
    response = client.get(_url(district.school))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_history_never_shows_secrets(client, district, staff):
    student = StudentFactory(school=district.school)
    object_update(actor=staff, obj=student, data={"name": "新名字"})
    client.force_login(staff)
    html = client.get(_url(student)).content.decode()
    assert "新名字" in html
    assert student.id_number not in html and student.id_number_encrypted not in html
    assert student.id_number_hash not in html
