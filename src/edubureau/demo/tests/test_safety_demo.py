"""The safety demo: 40 hazards in every state (some escalated), 30 training centres, bullying cases the
demo principal handles, 平安校园 grades; played through the services; the command is idempotent."""

import pytest
from django.core.management import call_command

from edubureau.accounts.models import User
from edubureau.demo.services import PRINCIPAL_SCHOOL
from edubureau.registry.testing.factories import SchoolFactory
from edubureau.safety.choices import HazardStatus
from edubureau.safety.models import BullyingCase, CampusGrade, Hazard, HazardUrge, TrainingCentre

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(settings):
    settings.TODAY = "2019-06-28"


def test_demo_safety(district):
    school = SchoolFactory(area=district.town, name=PRINCIPAL_SCHOOL)
    for i in range(40):
        SchoolFactory(area=district.town if i % 2 else district.other_town, name=f"演示学校{i}")
    call_command("demo_safety", "--if-fresh", verbosity=0)
    assert Hazard.objects.count() == 40
    assert set(Hazard.objects.values_list("status", flat=True)) == set(HazardStatus.values)
    assert set(Hazard.objects.values_list("level", flat=True)) == {"general", "larger", "major"}
    assert HazardUrge.objects.filter(level=3).exists()
    assert Hazard.objects.filter(school=school).count() >= 4
    assert TrainingCentre.objects.count() == 30
    principal = User.objects.get(username="principal")
    assert BullyingCase.objects.restrict(principal).count() == 3
    assert BullyingCase.objects.restrict(User.objects.get(username="admin")).count() == 0
    assert CampusGrade.objects.count() == 20
    call_command("demo_safety", "--if-fresh", verbosity=0)
    assert Hazard.objects.count() == 40
