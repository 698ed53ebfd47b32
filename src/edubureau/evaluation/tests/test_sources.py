"""The raw values of computed leaves: supervision (visits, findings, rectifications closed on time) and data
reporting (forms submitted by their due date), counted for the round's year up to the day of computation."""

import datetime as dt

import pytest
from django.utils import timezone

from edubureau.collect.models import Submission
from edubureau.collect.tests.factories import assign, safety_form
from edubureau.core import clock
from edubureau.evaluation import choices as c
from edubureau.evaluation.models import Criterion
from edubureau.evaluation.selectors import raw_values
from edubureau.evaluation.tests.factories import round_for, scheme_for
from edubureau.supervision.choices import RectificationStatus
from edubureau.supervision.models import Rectification
from edubureau.supervision.tests.factories import supervisor_for, visit_with_rectification

pytestmark = pytest.mark.django_db


def _leaf(scheme, measure, source):
    return Criterion(scheme=scheme, code="X", name="x", weight=100, source=source, measure=measure)


def test_supervision_measures(district):
    sup = supervisor_for(district.school, username="sup")
    on_time = visit_with_rectification(sup, district.school, deadline=dt.date(2019, 6, 20))
    late = visit_with_rectification(sup, district.school, deadline=dt.date(2019, 7, 1))
    visit_with_rectification(
        sup, district.school, deadline=dt.date(2020, 1, 10)
    )  # due after the day: not counted
    Rectification.objects.filter(pk=on_time.pk).update(
        status=RectificationStatus.CLOSED, closed_at=timezone.make_aware(dt.datetime(2019, 6, 19, 10)))  # fmt: skip
    Rectification.objects.filter(pk=late.pk).update(
        status=RectificationStatus.CLOSED, closed_at=timezone.make_aware(dt.datetime(2019, 7, 3, 10)))  # fmt: skip
    scheme = scheme_for(district.county)
    rnd = round_for(scheme, [district.school, district.other_school])
    ids = [district.school.pk, district.other_school.pk]
    with clock.frozen(dt.date(2019, 12, 1)):
        rect = raw_values(_leaf(scheme, c.Measure.RECTIFIED_ON_TIME, c.Source.SUPERVISION), rnd, ids)
        visits = raw_values(_leaf(scheme, c.Measure.VISITS, c.Source.SUPERVISION), rnd, ids)
        findings = raw_values(_leaf(scheme, c.Measure.FINDINGS, c.Source.SUPERVISION), rnd, ids)
    assert rect[district.school.pk] == (50.0, "2019年到期整改2项，按期销号1项")
    assert rect[district.other_school.pk][0] == 100.0
    assert visits[district.school.pk][0] == 3 and visits[district.other_school.pk][0] == 0
    assert findings[district.school.pk][0] == 3


def test_forms_on_time(district):
    form = safety_form(district.county)
    first = assign(form, period="2019-03", due=dt.date(2019, 3, 31))
    assign(form, period="2019-04", due=dt.date(2019, 4, 30))
    Submission.objects.filter(assignment=first, school=district.school).update(
        submitted_at=timezone.make_aware(dt.datetime(2019, 3, 30, 9)))  # fmt: skip
    scheme = scheme_for(district.county)
    rnd = round_for(scheme, [district.school])
    with clock.frozen(dt.date(2019, 12, 1)):
        values = raw_values(
            _leaf(scheme, c.Measure.FORMS_ON_TIME, c.Source.COLLECT), rnd, [district.school.pk]
        )
    assert values[district.school.pk] == (50.0, "2019年应报送2项，按时报送1项")
