"""Binding a target to an indicator: publishing binds the high-confidence matches (as the system), the
wording suggests the others, a person confirms or revokes, unknown codes are refused."""

import pytest
from django.core.exceptions import ValidationError

from edubureau.core.models import AuditEntry
from edubureau.planning import binding, selectors, services
from edubureau.planning.choices import AUDIT_ACTIONS
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


def test_publish_binds_the_high_confidence_targets_as_the_system(plan):
    # given: the 2019 plan just published (the ``plan`` fixture)
    targets = list(plan.targets.select_related("task"))
    bound = [t for t in targets if t.indicator_code]

    # then: every preamble target and the measured targets of tasks 5 (区管校聘, the staffing app), 11 (大班额),
    # 16 (名师大讲堂, from the schools' training records), 20 (基建项目), 21 (经费) and 24 (安全教育, from the
    # schools' forms) are bound, each recorded as bound by the system (no person), under a label of its own
    assert len(targets) == 37 and len(bound) == 21
    assert all(t.indicator_code for t in targets if t.task is None)
    assert {t.task.number for t in bound if t.task} == {5, 11, 16, 20, 21, 24}
    assert {t.indicator_code for t in bound if t.task} == {
        "staffing_competition_school_share",
        "large_classes_reduction_compulsory",
        "projects_delivered",
        "project_places_added",
        "collect_safety_platform_rate",
        "collect_safety_lesson_hours",
        "collect_lecture_sessions",
        "education_spending_change",
        "education_spending_per_student_change",
        "public_funding_min_kindergarten",
        "public_funding_min_senior",
    }
    entries = AuditEntry.objects.filter(action="planning.target.autobind")
    assert entries.count() == 21 and not entries.filter(actor__isnull=False).exists()
    assert {e.object_id for e in entries} == {str(t.pk) for t in bound}
    assert str(AUDIT_ACTIONS["planning.target.autobind"]) != "planning.target.autobind"


def test_a_person_can_revoke_a_binding_made_by_the_system(plan):
    target = plan.targets.get(indicator="大班额班级数")
    services.target_bind(actor=None, target=target, indicator_code="")
    target.refresh_from_db()
    assert target.indicator_code == ""
    assert AuditEntry.objects.filter(action="planning.target.bind", object_id=str(target.pk)).exists()
    # its wording still suggests the indicator; only a person's confirmation binds it again
    assert indicator_choices(target)["suggested"] == "large_classes_reduction_compulsory"


@pytest.mark.parametrize(
    ("indicator", "text", "unit", "value", "expected"),
    [
        (
            "初中学龄人口入学率",
            "小学、初中学龄人口入学率分别达到100%和98%以上",
            "%",
            98,
            ("junior_age_enrolment_rate", "high"),
        ),
        (
            "一般公共预算教育支出",
            "确保一般公共预算教育支出逐年只增不减",
            "",
            None,
            ("education_spending_change", "high"),
        ),
        ("小学学龄人口入学率", "", "人", 100, ("primary_age_enrolment_rate", "low")),  # units differ
        (
            "某项工作",
            "按小学学龄人口入学率统计",
            "",
            None,
            ("primary_age_enrolment_rate", "low"),
        ),  # only in the text
        ("名师工作室", "发挥12个名师工作室作用", "个", 12, None),
    ],
)
def test_match_confidence(indicator, text, unit, value, expected):
    found = binding.match(indicator=indicator, text=text, unit=unit, value=value)
    assert (found and (found.code, found.confidence)) == expected


def test_target_values_reads_a_fixed_number_of_queries(plan, leader, django_assert_num_queries):
    # given: the user's scope read once (as a request does)
    leader.get_scope()
    targets = list(plan.targets.select_related("actual_by"))
    # when / then: the values of all 37 targets in one query, and the targets themselves in one more
    with django_assert_num_queries(1):
        values = selectors.target_values(plan=plan, user=leader, targets=targets)
    with django_assert_num_queries(2):
        assert selectors.target_values(plan=plan, user=leader) == values
    assert len(values) == 37


def test_api_gives_each_target_the_value_every_page_shows(plan, leader, client):
    # given: a value reported by hand for a bound target (no indicator values computed here)
    target = plan.targets.get(indicator="大班额班级数")
    plan.targets.filter(pk=target.pk).update(actual_value=12)
    client.force_login(leader)
    # when
    rows = client.get(f"/api/planning/targets/?plan={plan.pk}&page_size=100").json()["results"]
    one = client.get(f"/api/planning/targets/{target.pk}/").json()
    # then: the reported value is the actual while nothing is computed, and the answer is the selector's
    by_id = {r["id"]: r for r in rows}
    assert by_id[target.pk]["measured"] == one["measured"]
    assert (one["measured"]["actual"], one["measured"]["source"]) == (12, "report")
    assert one["measured"]["indicator_code"] == "large_classes_reduction_compulsory"
