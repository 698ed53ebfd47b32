"""Who leads a task: a member of a lead unit, and only within the scope of their role (issue 17)."""

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.planning import services
from edubureau.planning.tests.tracking.factories import PlanFactory, TaskFactory
from edubureau.registry.testing.factories import DepartmentFactory, UserFactory


def test_a_lead_unit_member_leads_only_the_tasks_their_role_reaches(district, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast users
    unit = DepartmentFactory(county=district.county, name="综合股")
    task = TaskFactory(plan=PlanFactory(county=district.county), lead_units=[unit])
    member = UserFactory(username="member", department=unit)
    assert not services.is_lead(member, task)  # in the unit, but no role: nothing in scope
    role_assign(actor=None, user=member, role=Role.DEPARTMENT_STAFF, area=district.county)
    assert services.is_lead(User.objects.get(pk=member.pk), task)
    outsider = UserFactory(
        username="outsider", department=DepartmentFactory(county=district.county, name="督导室")
    )
    role_assign(actor=None, user=outsider, role=Role.DEPARTMENT_STAFF, area=district.county)
    assert not services.is_lead(outsider, task)
