"""The schema keeps the sharding plan of docs/scale.md possible: the large tables are distributed on the
county, and on a distributed database (Citus) a table that refers to a distributed table must be
distributed too, co-located, with the county in the foreign key. So every table that refers — directly or
through another — to a large table carries the county column, filled from its parent."""

import pytest
from django.apps import apps
from django.db import models

from edubureau.registry.testing.factories import TeacherFactory
from edubureau.staffing.models import TeacherScore
from edubureau.staffing.tests.factories import scheme_for

#: The large tables, distributed on ``county_id`` (docs/scale.md, "Shard by county").
DISTRIBUTED = {
    "registry.Student",
    "registry.Enrollment",
    "registry.Teacher",
    "registry.SchoolClass",
    "indicators.IndicatorValue",
}


def _distributed_closure() -> set[type[models.Model]]:
    tables = set(apps.get_model(label) for label in DISTRIBUTED)
    grown = True
    while grown:
        grown = False
        for model in apps.get_models():
            if model in tables or model._meta.proxy:
                continue
            targets = {
                f.related_model for f in model._meta.concrete_fields if isinstance(f, models.ForeignKey)
            }
            if targets & tables:
                tables.add(model)
                grown = True
    return tables


def test_every_table_referring_to_a_distributed_table_carries_the_county():
    tables = _distributed_closure()
    missing = sorted(
        m._meta.label
        for m in tables
        if not any(f.name == "county" and f.related_model._meta.label == "registry.Area"
                   for f in m._meta.concrete_fields)
    )  # fmt: skip
    assert missing == [], f"add core.models.CountyColumn to {missing} (docs/scale.md)"
    # the closure reaches beyond the seeds: staffing entries, their appeals, exam scores
    labels = {m._meta.label for m in tables}
    assert {"staffing.Entry", "staffing.Appeal", "evaluation.ExamScore"} <= labels


@pytest.mark.django_db
def test_a_row_saved_without_its_county_takes_its_parents(district):
    teacher = TeacherFactory(school=district.school)
    score = TeacherScore.objects.create(scheme=scheme_for(district.county), teacher=teacher, appraisal=80)
    assert score.county_id == teacher.county_id == district.county.pk
