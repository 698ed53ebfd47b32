"""Classes in natural order, grade filters by grade name, one name for the 46–55 band."""

import re

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from edubureau.indicators.library import LIBRARY
from edubureau.indicators.models import IndicatorValue
from edubureau.registry.class_size import SizeBand
from edubureau.registry.testing.factories import SchoolClassFactory

pytestmark = pytest.mark.django_db


def test_classes_sort_naturally(client, district, leader):
    for name in ("高一(10)", "高一(2)", "高一(1)"):
        SchoolClassFactory(school=district.school, level="senior", grade=1, name=name)
    client.force_login(leader)
    html = client.get("/registry/classes/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    shown = re.findall(r"高一\(\d+\)", html)
    assert shown == ["高一(1)", "高一(2)", "高一(10)"]


def test_grade_filter_offers_and_applies_grade_names(client, district, leader):
    first_senior = SchoolClassFactory(school=district.school, level="senior", grade=1, name="高一(1)")
    SchoolClassFactory(school=district.school, level="primary", grade=1, name="一年级(1)班")
    client.force_login(leader)
    html = client.get("/registry/classes/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<option value="senior-1">高一</option>' in html
    assert '<option value="primary-3">三年级</option>' in html
    listed = client.get("/registry/classes/", {"grade": "senior-1"}).content.decode()
    assert "高一(1)" in listed and "一年级(1)班" not in listed
    assert f"/registry/classes/{first_senior.pk}/" in listed


def test_the_46_to_55_band_has_one_name():
    with translation.override("zh-hans"):
        band = str(SizeBand.ABOVE_STANDARD.label)
    assert band.startswith("偏大班额")
    assert LIBRARY["classes_above_standard"].name_zh.startswith("偏大班额")


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [("entrants_primary", 12345, "12,345人"), ("preschool_gross_enrolment_rate", 85, "85.0%")],
)
def test_indicator_values_carry_separators_units_and_decimals(client, district, leader, code, value, shown):
    IndicatorValue.objects.create(
        indicator=code,
        period="2019-2020",
        scope_type="district",
        scope_code=district.county.code,
        county=district.county,
        area=district.county,
        value=value,
        numerator=value,
        denominator=1,
        computed_at=timezone.now(),
    )
    client.force_login(leader)
    html = client.get(f"/indicators/library/{code}/", {"year": "2019-2020"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert shown in html.content.decode()


def test_counts_are_grouped_by_thousands_in_chinese():
    page = Template("{% load humanize chinese %}{{ n|intcomma }} {{ n|with_unit:'人' }} {{ r|measure:'%' }}")
    with translation.override("zh-hans"):
        assert page.render(Context({"n": 12345, "r": 85})) == "12,345 12,345人 85.0%"


def test_shares_print_one_decimal_with_percent():
    page = Template('{% include "planning/_share.html" with share=share %}')
    assert "66.7%" in page.render(Context({"share": 200 / 3}))
