"""Binding a target to an indicator: the wording suggests one, a person confirms it, unknown codes are refused."""

import pytest
from django.core.exceptions import ValidationError

from edubureau.core.models import AuditEntry
from edubureau.planning import services
from edubureau.planning.templatetags.planning_tags import indicator_choices
from edubureau.planning.tests.tracking.factories import TargetFactory

pytestmark = pytest.mark.django_db


def test_wording_suggests_an_indicator_but_binds_nothing():
    target = TargetFactory(indicator="高中阶段毛入学率", text="高中阶段毛入学率达到97%以上")
    choices = indicator_choices(target)
    assert choices["suggested"] == choices["selected"] == "senior_gross_enrolment_rate"
    target.refresh_from_db()
    assert target.indicator_code == ""  # only a person's confirmation binds it


def test_bound_target_shows_its_code_and_no_suggestion():
    target = TargetFactory(indicator="高中阶段毛入学率", indicator_code="entrants_primary")
    assert indicator_choices(target)["suggested"] == ""
    assert indicator_choices(target)["selected"] == "entrants_primary"


def test_unknown_code_refused_and_known_one_audited():
    target = TargetFactory(indicator="某项目标")
    with pytest.raises(ValidationError):
        services.target_bind(actor=None, target=target, indicator_code="no_such_indicator")
    services.target_bind(actor=None, target=target, indicator_code="entrants_junior")
    target.refresh_from_db()
    assert target.indicator_code == "entrants_junior"
    assert AuditEntry.objects.filter(action="planning.target.bind", object_id=str(target.pk)).exists()
