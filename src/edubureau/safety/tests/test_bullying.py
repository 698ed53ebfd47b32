"""校园欺凌: a case exists only for its named handlers (every route walked as every other kind of user:
404), every opening is logged, and the steps and time limits of 教督〔2017〕10号 (10 days to investigate,
15 days for the county's review)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from edubureau.core.models import AuditEntry, Notification
from edubureau.registry.testing.fixtures import _user
from edubureau.safety import services
from edubureau.safety.choices import BullyingStatus as B
from edubureau.safety.models import BullyingCase, BullyingHandler
from edubureau.safety.tests.factories import case
from edubureau.safety.urls import urlpatterns

pytestmark = pytest.mark.django_db


def _case_routes(pk):
    """Every safety route that names a bullying case, filled with ``pk``."""
    names = [p.name for p in urlpatterns if p.name.startswith("bullying_") and "<int:pk>" in str(p.pattern)]
    assert len(names) >= 3
    return [reverse(f"safety:{n}", args=[pk]) for n in names]


def _get_or_post(client, url):
    response = client.get(url)
    return client.post(url) if response.status_code == 405 else response


def test_case_is_invisible_to_everyone_but_its_handlers(
    client, district, principal, officer, leader, staff, sysadmin, town_staff, school_supervisor
):
    # given a case at the principal's school handled by the principal and the safety officer
    c = case(district.school, actor=principal, handlers=[officer])
    colleague = _user("deputy", "principal", school=district.school)  # same school, not named
    history = reverse("core:history", args=["safety", "bullyingcase", c.pk])
    # then every route of the case, and the generic history page, answer 404 to all others
    for user in (leader, staff, sysadmin, town_staff, school_supervisor, colleague):
        client.force_login(user)
        for url in [*_case_routes(c.pk), history]:
            assert _get_or_post(client, url).status_code == 404, (user.username, url)
        assert "课间" not in client.get("/safety/bullying/").content.decode()
    # and the handlers see it
    for user in (principal, officer):
        client.force_login(user)
        page = client.get(f"/safety/bullying/{c.pk}/").content.decode()
        assert "张小明" in page
        assert client.get(history).status_code == 200
        assert f'data-pk="{c.pk}"' in client.get("/safety/bullying/").content.decode()
    # and the selector's queryset agrees
    assert not BullyingCase.objects.restrict(sysadmin, "view").exists()
    assert BullyingCase.objects.restrict(officer, "view").count() == 1


def test_every_view_is_logged(client, district, principal):
    c = case(district.school, actor=principal, handlers=[])
    client.force_login(principal)
    client.get(f"/safety/bullying/{c.pk}/")
    client.get(f"/safety/bullying/{c.pk}/?tab=history")
    views = AuditEntry.objects.filter(action="safety.bullyingcase.view", object_id=str(c.pk))
    assert views.count() == 2 and views.first().actor == principal


def test_list_shows_no_pupil_name(client, district, principal):
    case(district.school, actor=principal, handlers=[])
    client.force_login(principal)
    page = client.get("/safety/bullying/").content.decode()
    assert "张小明" not in page and "李某某" not in page


def test_process_with_time_limits_and_appeal(district, principal, officer):
    c = case(district.school, actor=principal, handlers=[officer])
    c = services.bullying_investigate(actor=principal, case=c, started_on=dt.date(2019, 6, 4))
    assert c.status == B.INVESTIGATING and c.investigation_due == dt.date(2019, 6, 14)
    assert c.is_overdue(dt.date(2019, 6, 15)) and not c.is_overdue(dt.date(2019, 6, 14))
    c = services.bullying_determine(
        actor=principal, case=c, is_bullying=True, severity="serious", measures="批评教育、家长约谈、心理辅导"
    )
    assert c.status == B.DETERMINED and c.police_reported is False
    c = services.bullying_appeal(actor=officer, case=c, note="家长认为处理过轻")
    c = services.bullying_review(actor=officer, case=c, started_on=dt.date(2019, 6, 20))
    assert c.review_due == dt.date(2019, 7, 5)
    c = services.bullying_conclude(actor=officer, case=c, result="维持学校认定")
    assert c.status == B.CLOSED and c.closed_on == dt.date(2019, 6, 28)
    codes = list(
        AuditEntry.objects.filter(object_id=str(c.pk), action__startswith="safety.bullyingcase")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert codes == [
        "safety.bullyingcase.report", "safety.bullyingcase.investigate", "safety.bullyingcase.determine",
        "safety.bullyingcase.appeal", "safety.bullyingcase.review", "safety.bullyingcase.conclude",
    ]  # fmt: skip


def test_criminal_severity_means_police(district, principal):
    c = case(district.school, actor=principal, handlers=[])
    services.bullying_investigate(actor=principal, case=c)
    c = services.bullying_determine(
        actor=principal, case=c, is_bullying=True, severity="criminal", measures="报警"
    )
    assert c.police_reported


def test_bullying_needs_a_severity_and_steps_keep_order(district, principal):
    c = case(district.school, actor=principal, handlers=[])
    with pytest.raises(ValidationError):
        services.bullying_close(actor=principal, case=c)
    services.bullying_investigate(actor=principal, case=c)
    with pytest.raises(ValidationError) as err:
        services.bullying_determine(actor=principal, case=c, is_bullying=True, measures="x")
    assert "severity" in err.value.error_dict
    assert BullyingCase._base_manager.get(pk=c.pk).status == B.INVESTIGATING


def test_a_non_handler_cannot_act_even_as_admin(district, principal, sysadmin):
    c = case(district.school, actor=principal, handlers=[])
    with pytest.raises(Http404):
        services.bullying_investigate(actor=sysadmin, case=c)


def test_adding_a_handler(client, district, principal, officer, other_principal):
    c = case(district.school, actor=principal, handlers=[])
    client.force_login(principal)
    client.post(f"/safety/bullying/{c.pk}/handlers/", {"username": officer.username})
    assert Notification.objects.filter(user=officer, key=f"bullying_handler:{c.pk}").exists()
    # a principal of another school cannot be named
    client.post(f"/safety/bullying/{c.pk}/handlers/", {"username": other_principal.username})
    assert set(c.handlers.values_list("user__username", flat=True)) == {"principal", officer.username}
    client.force_login(officer)
    assert client.get(f"/safety/bullying/{c.pk}/").status_code == 200


def test_report_through_the_page_with_another_handler(client, district, principal, officer):
    client.force_login(principal)
    response = client.post(
        "/safety/bullying/new/",
        {"school": district.school.pk, "reported_on": "2019-06-27", "source": "student", "summary": "被索要财物",
         "victims": "陈某", "perpetrators": "林某", "handlers": officer.username},
    )  # fmt: skip
    c = BullyingCase._base_manager.get()
    assert response.status_code == 302 and response["Location"] == f"/safety/bullying/{c.pk}/"
    assert set(c.handlers.values_list("user", flat=True)) == {principal.pk, officer.pk}
    # an unknown login name is named back, nothing written
    response = client.post(
        "/safety/bullying/new/",
        {"school": district.school.pk, "reported_on": "2019-06-27", "source": "student", "summary": "x",
         "victims": "a", "perpetrators": "b", "handlers": "nobody"},
    )  # fmt: skip
    assert response.status_code == 400 and "nobody" in response.content.decode()
    assert BullyingCase._base_manager.count() == 1


def test_the_page_walks_the_steps(client, district, principal):
    c = case(district.school, actor=principal, handlers=[])
    client.force_login(principal)
    url = f"/safety/bullying/{c.pk}/action/"
    client.post(url, {"action": "investigate"})
    client.post(url, {"action": "determine", "is_bullying": "1", "severity": "minor", "text": "批评教育"})
    client.post(url, {"action": "close", "text": "已归档"})
    assert BullyingCase._base_manager.get(pk=c.pk).status == B.CLOSED


def test_who_handles_a_case_is_private_too(client, district, principal, officer, sysadmin):
    c = case(district.school, actor=principal, handlers=[officer])
    handler = c.handlers.get(user=officer)
    assert not BullyingHandler.objects.restrict(sysadmin).exists()
    assert BullyingHandler.objects.restrict(principal).count() == 2
    client.force_login(sysadmin)
    assert (
        client.get(reverse("core:history", args=["safety", "bullyinghandler", handler.pk])).status_code == 404
    )


def test_list_query_count(client, district, principal, django_assert_max_num_queries):
    for _ in range(30):
        case(district.school, actor=principal, handlers=[])
    client.force_login(principal)
    with django_assert_max_num_queries(10):
        response = client.get("/safety/bullying/")
    assert response.content.decode().count("data-pk=") == 30


def test_handlers_are_reminded_once_when_a_step_is_late(district, principal, officer):
    c = case(district.school, actor=principal, handlers=[officer])
    services.bullying_investigate(actor=principal, case=c, started_on=dt.date(2019, 6, 4))
    assert services.bullying_deadlines_remind(today=dt.date(2019, 6, 14)) == 0
    assert services.bullying_deadlines_remind(today=dt.date(2019, 6, 15)) == 2
    assert services.bullying_deadlines_remind(today=dt.date(2019, 6, 16)) == 0
    note = Notification.objects.get(user=officer, kind="overdue")
    assert (
        "张小明" not in note.message and "2019年6月14日" in note.message and "2019-06-14" not in note.message
    )


def test_two_verifications_at_once_verify_once(district, principal, officer):
    from edubureau.safety.tests.factories import hazard

    h = hazard(district.school, actor=principal)
    services.hazard_fix(actor=principal, hazard=h, actions="已整改")
    stale = type(h).objects.get(pk=h.pk)  # read before the first verification
    services.hazard_verify(actor=officer, hazard=h)
    with pytest.raises(ValidationError):
        services.hazard_verify(actor=officer, hazard=stale)
    assert AuditEntry.objects.filter(action="safety.hazard.verify").count() == 1
