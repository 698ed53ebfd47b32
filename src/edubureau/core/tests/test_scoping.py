import pytest
from django.http import Http404

from edubureau.core.scoping import get_scoped_or_404
from edubureau.registry.models import Area, School, Student
from edubureau.registry.testing.factories import StudentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_principal_sees_only_own_school(district, principal):
    assert list(School.objects.restrict(principal)) == [district.school]
    with pytest.raises(Http404):
        get_scoped_or_404(School.objects, principal, pk=district.other_school.pk)


def test_area_scope_covers_descendants(district, leader, town_staff):
    assert set(School.objects.restrict(leader)) == {district.school, district.other_school}
    assert list(School.objects.restrict(town_staff)) == [district.school]
    assert set(Area.objects.restrict(leader)) >= {district.town, district.other_town, district.county}


def test_leader_cannot_change(district, leader, staff):
    assert not School.objects.restrict(leader, "change").exists()
    assert School.objects.restrict(staff, "change").count() == 2


def test_anonymous_and_unassigned_see_nothing(district):
    from django.contrib.auth.models import AnonymousUser

    StudentFactory(school=district.school)
    assert not Student.objects.restrict(AnonymousUser()).exists()
    assert not Student.objects.restrict(UserFactory(username="nobody")).exists()


def test_view_personal_needs_explicit_flag(district, principal):
    from edubureau.accounts.roles import Role
    from edubureau.accounts.services import role_assign

    assert not principal.get_scope().allows("view_personal", "registry.student")
    clerk = UserFactory(username="clerk")
    role_assign(actor=None, user=clerk, role=Role.PRINCIPAL, school=district.school, can_view_personal=True)
    StudentFactory(school=district.school)
    StudentFactory(school=district.other_school)
    assert Student.objects.restrict(clerk, "view_personal").count() == 1
