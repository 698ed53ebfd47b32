"""Every allowed and every forbidden rectification transition, in the table and through the services."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import translation

from edubureau.core.audit import history
from edubureau.supervision import services, workflow
from edubureau.supervision.choices import RectificationStatus as S
from edubureau.supervision.models import Rectification, RectificationUrge
from edubureau.supervision.tests.conftest import TODAY
from edubureau.supervision.tests.factories import visit_with_rectification

ALLOWED = {
    ("answer", S.OPEN): S.ANSWERED,
    ("answer", S.RETURNED): S.ANSWERED,
    ("close", S.ANSWERED): S.CLOSED,
    ("return", S.ANSWERED): S.RETURNED,
    ("urge", S.OPEN): S.OPEN,
    ("urge", S.RETURNED): S.RETURNED,
}
PAIRS = list(itertools.product(workflow.TRANSITIONS, S.values))


@pytest.mark.parametrize(("action", "status"), PAIRS)
def test_table(action, status):
    if (action, status) in ALLOWED:
        assert workflow.next_status(action, status) == ALLOWED[(action, status)]
    else:
        with pytest.raises(workflow.TransitionError) as error:
            workflow.check(action, status)
        assert (
            "not possible while the rectification is" in str(error.value)
            or "不能" in str(error.value)
            or error.value.code == "not_allowed"
        )


def test_unknown_action():
    with pytest.raises(workflow.TransitionError):
        workflow.check("delete", S.OPEN)


def _do(action, rect, *, sup, principal):
    if action == "answer":
        return services.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    if action == "close":
        return services.rectification_close(actor=sup, rectification=rect)
    if action == "return":
        return services.rectification_return(actor=sup, rectification=rect, reason="照片不清楚")
    return services.rectification_urge(actor=sup, rectification=rect, today=TODAY)


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "status"), PAIRS)
def test_service_every_pair(action, status, district, sup, principal):
    # given a rectification in ``status`` (deadline passed so that urging is due)
    rect = visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 10))
    extra = {"closed_at": rect.created_at} if status == S.CLOSED else {}
    Rectification.objects.filter(pk=rect.pk).update(status=status, **extra)
    rect.refresh_from_db()
    # when / then
    if (action, status) in ALLOWED:
        _do(action, rect, sup=sup, principal=principal)
        rect.refresh_from_db()
        assert rect.status == ALLOWED[(action, status)]
        assert history(rect).filter(action=f"supervision.rectification.{action}").exists()
    else:
        with pytest.raises(ValidationError) as error:
            _do(action, rect, sup=sup, principal=principal)
        assert error.value.messages  # a sentence a person can read
        rect.refresh_from_db()
        assert rect.status == status


@pytest.mark.django_db
def test_wrong_side_is_404(district, sup, principal, other_principal, other_sup):
    rect = visit_with_rectification(sup, district.school)
    with pytest.raises(Http404):  # another school does not answer
        services.rectification_answer(actor=other_principal, rectification=rect, actions="x")
    with pytest.raises(Http404):  # the supervisor does not answer for the school
        services.rectification_answer(actor=sup, rectification=rect, actions="x")
    services.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    with pytest.raises(Http404):  # the school does not verify its own answer
        services.rectification_close(actor=principal, rectification=rect)
    with pytest.raises(Http404):  # another school's supervisor neither
        services.rectification_close(actor=other_sup, rectification=rect)


@pytest.mark.django_db
def test_return_needs_reason_and_counts(district, sup, principal):
    rect = visit_with_rectification(sup, district.school)
    services.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    with pytest.raises(ValidationError):
        services.rectification_return(actor=sup, rectification=rect, reason="  ")
    rect = services.rectification_return(actor=sup, rectification=rect, reason="照片不清楚")
    assert (rect.status, rect.returned_count, rect.return_reason) == (S.RETURNED, 1, "照片不清楚")
    services.rectification_answer(actor=principal, rectification=rect, actions="补充照片")
    rect = services.rectification_close(actor=sup, rectification=rect)
    assert rect.status == S.CLOSED and rect.closed_by == sup and rect.answers.count() == 2


@pytest.mark.django_db
def test_daily_escalation_ladder(district, sup, principal):
    rect = visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 10))
    # day 1 overdue: blue; within the answer time nothing more; after it orange, then red
    assert [u.level for u in services.urges_escalate(today=dt.date(2019, 6, 11))] == [1]
    assert services.urges_escalate(today=dt.date(2019, 6, 14)) == []
    assert [u.level for u in services.urges_escalate(today=dt.date(2019, 6, 17))] == [2]
    assert [u.level for u in services.urges_escalate(today=dt.date(2019, 6, 23))] == [3]
    assert services.urges_escalate(today=dt.date(2019, 6, 30)) == []
    numbers = list(RectificationUrge.objects.order_by("number").values_list("number", flat=True))
    assert numbers == [1, 2, 3]
    assert RectificationUrge.objects.get(number=3).doc_number == "督整〔2019〕3号"
    rect.refresh_from_db()
    assert rect.urge_level == 3
    # the school's answer resolves the open notices
    services.rectification_answer(actor=principal, rectification=rect, actions="已清理")
    assert not RectificationUrge.objects.filter(resolved_at__isnull=True).exists()


def test_a_refusal_names_the_action_and_the_status():
    with translation.override("en"):
        with pytest.raises(workflow.TransitionError) as refused:
            workflow.check("close", S.OPEN)
        assert refused.value.code == "not_allowed"
        assert refused.value.messages == [
            f"“Verify and close” is not possible while the rectification is {S.OPEN.label}."
        ]
        with pytest.raises(workflow.TransitionError) as unknown:
            workflow.check("delete", S.OPEN)
        assert unknown.value.code == "unknown_action"
        assert unknown.value.messages == ["Unknown action “delete”."]
    assert workflow.TRANSITIONS["answer"].code == "supervision.rectification.answer"


def test_allowed_is_split_by_side():
    school = {t.action for t in workflow.allowed(S.RETURNED, roles={workflow.SCHOOL})}
    supervisor = {t.action for t in workflow.allowed(S.RETURNED, roles={workflow.SUPERVISOR})}
    both = {t.action for t in workflow.allowed(S.ANSWERED, roles={workflow.SCHOOL, workflow.SUPERVISOR})}
    assert (school, supervisor, both) == ({"answer"}, {"urge"}, {"close", "return"})
    assert workflow.allowed(S.CLOSED, roles={workflow.SCHOOL, workflow.SUPERVISOR}) == []
