"""Each role's home lists what it must do, each line linking to the page where it is acted on; a user
with several roles sees each section; the queries per section are pinned (no N+1)."""

import datetime as dt

import pytest
from django.urls import reverse

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.home import selectors
from edubureau.planning.models import ExtensionRequest, Task
from edubureau.registry.testing.factories import EnrollmentFactory, StudentFactory
from edubureau.registry.testing.fixtures import _user
from edubureau.supervision.models import Rectification
from edubureau.supervision.tests.factories import supervisor_for, visit_with_rectification

pytestmark = pytest.mark.django_db


def lines(response, role) -> dict:
    section = next(s for s in response.context["sections"] if s.role == role)
    return {line.key: line for line in section.lines}


def test_leader_home_lists_lights_and_decisions_waiting(client, plan, leader, lead):
    # given: one task submitted for closure, one red, one extension request waiting
    Task.objects.filter(plan=plan, number=2).update(status="review")
    Task.objects.filter(plan=plan, number=3).update(light="red")
    task = plan.tasks.get(number=4)
    ExtensionRequest.objects.create(
        task=task,
        requested_by=lead,
        reason="施工延误",
        current_due=task.due,
        new_due=task.due + dt.timedelta(30),
    )
    client.force_login(leader)
    # when
    todo = lines(client.get(reverse("home:home")), Role.LEADER)
    # then
    assert todo["closures"].count == 1
    assert todo["closures"].url == reverse("planning:task_list") + "?status=review"
    assert todo["extensions"].count == 1
    assert todo["red"].count == Task.objects.filter(plan=plan, light="red").count() >= 1
    assert todo["red"].url.endswith("?light=red")
    assert {"targets", "coverage", "overdue_rectifications", "yellow", "green"} <= set(todo)
    assert todo["targets"].url == reverse("planning:plan_detail", args=[plan.pk]) + "?tab=targets"
    assert todo["coverage"].label == "2019年6月责任督学已督导的学校"  # the month in words, not 2019-06


def test_staff_home_lists_tasks_to_sign_returned_and_reports_due(client, plan, lead):
    led = Task.objects.filter(plan=plan, lead_units=lead.department)
    returned = led.first()
    Task.objects.filter(pk=returned.pk).update(status="returned")
    client.force_login(lead)
    todo = lines(client.get(reverse("home:home")), Role.DEPARTMENT_STAFF)
    assert todo["to_sign"].count == led.filter(status="assigned").count() > 0
    assert todo["returned"].count == 1
    assert todo["reports_due"].count == led.count()  # nothing reported in 2019-06 yet
    assert todo["reports_due"].label == "本月（2019年6月）待报送进展的任务"
    assert todo["to_sign"].url == reverse("planning:my_tasks") + "?status=assigned"


def test_principal_home_lists_rectifications_open_and_overdue(client, district, principal, sup):
    visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 20))  # overdue on 28 June
    visit_with_rectification(sup, district.school, deadline=dt.date(2019, 7, 20))
    other = supervisor_for(district.other_school, username="sup2", name="陈督学")
    visit_with_rectification(other, district.other_school, deadline=dt.date(2019, 6, 20))  # not theirs
    client.force_login(principal)
    todo = lines(client.get(reverse("home:home")), Role.PRINCIPAL)
    assert todo["rectifications"].count == 2
    assert todo["overdue_rectifications"].count == 1
    assert todo["overdue_rectifications"].url.endswith("?status=overdue")
    assert {"large_classes", "staffing", "failed_imports"} <= set(todo)


def test_supervisor_home_lists_rectifications_to_verify_and_unvisited(client, district, sup):
    rect = visit_with_rectification(sup, district.school)  # visited on 3 June
    Rectification.objects.filter(pk=rect.pk).update(status="answered")
    client.force_login(sup)
    todo = lines(client.get(reverse("home:home")), Role.SUPERVISOR)
    assert todo["to_verify"].count == 1
    assert todo["to_verify"].url.endswith("?status=answered")
    assert todo["unvisited"].count == 0  # visited this month
    assert todo["unvisited"].label == "2019年6月尚未督导的挂牌学校"


def test_supervisor_home_counts_the_pupils_of_their_schools(client, district, sup):
    # given: a supervisor may not read pupils' records, yet the home shows how many attend
    for _ in range(3):
        EnrollmentFactory(student=StudentFactory(school=district.school), school_year="2019-2020")
    EnrollmentFactory(student=StudentFactory(school=district.other_school), school_year="2019-2020")
    client.force_login(sup)
    response = client.get(reverse("home:home"))
    assert response.context["students"] == 3


def test_a_user_with_several_roles_sees_each_section(client, district, principal):
    role_assign(actor=None, user=principal, role=Role.SUPERVISOR, school=district.school)
    client.force_login(principal)
    roles = [s.role for s in client.get(reverse("home:home")).context["sections"]]
    assert roles == [Role.PRINCIPAL, Role.SUPERVISOR]


def test_each_line_links_to_a_page_that_opens(client, plan, leader, lead, district, principal, sup):
    for user in (leader, lead, principal, sup):
        client.force_login(user)
        for section in selectors.home_sections(user=user):
            for line in section.lines:
                assert client.get(line.url).status_code == 200, (user.username, line.key, line.url)


@pytest.mark.parametrize(
    ("role", "queries"),
    [("leader", 8), ("staff", 2), ("principal", 4), ("supervisor", 3)],
)
def test_each_section_reads_a_fixed_number_of_queries(
    role, queries, plan, leader, lead, district, principal, sup, django_assert_num_queries
):
    # given: more rows than one, so a per-row query would show
    for deadline in (dt.date(2019, 6, 20), dt.date(2019, 7, 20), dt.date(2019, 8, 1)):
        visit_with_rectification(sup, district.school, deadline=deadline)
    user, lines_of = {
        "leader": (leader, selectors.leader_lines),
        "staff": (lead, selectors.staff_lines),
        "principal": (principal, selectors.principal_lines),
        "supervisor": (sup, selectors.supervisor_lines),
    }[role]
    user.get_scope()  # the scope is read once per request, before any section
    with django_assert_num_queries(queries):
        lines_of(user=user)


def test_no_section_for_a_role_without_a_to_do_list(client, district):
    teacher = _user("t1", Role.TEACHER, school=district.school)
    client.force_login(teacher)
    assert client.get(reverse("home:home")).context["sections"] == []
