"""One value everywhere: every target of the demo plan (the 2019 plan of the corpus, published with
``plan_import``) shows the same actual, source and light on the plan's targets tab, its task's page, the
indicators dashboard, the targets ledger (.xlsx), the task ledger, the monthly 通报 and the year-end
summary — on a small district whose registry gives the bound indicators their values."""

import io
from decimal import Decimal
from io import StringIO

import docx
import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from lxml import html

from edubureau.indicators.services import indicators_compute
from edubureau.indicators.tests.test_engine import Y, small  # noqa: F401 (fixture)
from edubureau.planning import selectors
from edubureau.planning.choices import TARGET_LIGHT_LABELS
from edubureau.planning.models import Plan, Target
from edubureau.reports.builders import wording as w

pytestmark = [pytest.mark.django_db, pytest.mark.urls("edubureau.reports.tests.urls")]


@pytest.fixture
def demo_plan(small, settings):  # noqa: F811
    """The corpus plan published on the small district, its indicators computed, and two values reported
    by hand: one beside a computed value (the 幼儿园 funding target, 450 reported, 400 computed), one for a
    target no indicator measures (区管校聘, 32 %)."""
    settings.TODAY = "2019-06-20"
    indicators_compute(actor=None, year=Y, county=small.county)
    call_command("plan_import", publish=True, county=small.county.code, stdout=StringIO())
    plan = Plan.objects.get(county=small.county)
    Target.objects.filter(plan=plan, indicator__startswith="公办幼儿园生均公用经费").update(
        actual_value=Decimal(450)
    )
    Target.objects.filter(plan=plan, indicator="全区中小学校开展区管校聘工作").update(
        actual_value=Decimal(32)
    )
    return plan


def _page_values(content: bytes) -> dict[int, tuple[str, str]]:
    """(actual, light) by target id, from a page's rows (``data-pk``, ``data-actual``, ``data-light``)."""
    tree = html.fromstring(content.decode())
    values = {}
    for row in tree.xpath("//tr[@data-pk and @data-light]"):
        actual = row.xpath(".//*[@data-testid='actual']/@data-actual")
        values[int(row.get("data-pk"))] = (actual[0] if actual else "", row.get("data-light"))
    return values


def _docx_table(content: bytes) -> list[list[str]]:
    document = docx.Document(io.BytesIO(content))
    table = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["序号", "指标"])
    return [[c.text for c in row.cells] for row in table.rows[1:]]


def test_every_target_has_one_value_on_every_page_export_and_document(client, demo_plan, leader):
    # given: the plan's targets and their values as the selector answers
    client.force_login(leader)
    targets = selectors.plan_targets(plan=demo_plan)
    values = selectors.target_values(plan=demo_plan, user=leader, targets=targets)
    expected = {t.pk: ("" if values[t.pk].actual is None else str(values[t.pk].actual), values[t.pk].light)
                for t in targets}  # fmt: skip
    assert len(targets) == 37

    # then: the preamble targets and those of tasks 5 (区管校聘), 11 (大班额), 16 (名师大讲堂), 20 (基建),
    # 21 (经费) and 24 (安全教育) are bound; those the registry feeds (preamble, 11, 21) are computed from this
    # fixture (5, 16, 20 and 24 come from competitions, schools' records, projects and forms: it has none)
    bound = [t for t in targets if t.indicator_code]
    assert len(bound) == 21  # 10 preamble; tasks 5, 11, 16, 20 (2), 21 (4), 24 (2)
    assert {t.task.number for t in bound if t.task} == {5, 11, 16, 20, 21, 24}
    registry_fed = [t for t in bound if t.task is None or t.task.number in (11, 21)]
    assert all(values[t.pk].computed for t in registry_fed), [
        t.indicator for t in registry_fed if not values[t.pk].computed
    ]
    assert all(values[t.pk].actual is not None for t in registry_fed)
    funding = next(t for t in targets if t.indicator.startswith("公办幼儿园生均公用经费"))
    assert (values[funding.pk].actual, values[funding.pk].reported, values[funding.pk].light) == (
        400,
        450,
        "red",
    )
    spending = next(t for t in targets if t.indicator == "一般公共预算教育支出")
    v = values[spending.pk]
    assert (v.kind, v.actual, v.gap, v.change_percent, v.light) == (
        "no_decrease",
        990000,
        -10000,
        Decimal("-1.0"),
        "red",
    )

    # the plan's targets tab
    tab = client.get(reverse("planning:plan_detail", args=[demo_plan.pk]) + "?tab=targets")
    assert _page_values(tab.content) == expected
    assert all(expected[t.pk][0] for t in targets if t.task is None)  # no "—" for the preamble

    # each task's page
    for task in {t.task for t in targets if t.task}:
        page = client.get(reverse("planning:task_detail", args=[task.pk]))
        assert _page_values(page.content) == {t.pk: expected[t.pk] for t in targets if t.task == task}

    # the indicators dashboard: the preamble's and the bound targets
    dashboard = client.get("/indicators/?year=2019-2020")
    shown = _page_values(dashboard.content)
    assert set(shown) == {t.pk for t in targets if t.task is None or t.indicator_code}
    assert shown == {pk: expected[pk] for pk in shown}

    # the targets ledger (.xlsx), and the task ledger's targets column
    ledger = client.get(reverse("planning:plan_detail", args=[demo_plan.pk]) + "?tab=targets&export=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(ledger.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    actual_col, light_col = 5, 9  # planning.views.target_columns
    for t, row in zip(targets, rows[1:], strict=True):
        actual = values[t.pk].actual
        assert row[actual_col] == (None if actual is None else float(actual)), t.indicator
        assert row[light_col] == str(TARGET_LIGHT_LABELS[values[t.pk].light]), t.indicator
    tasks = client.get(reverse("planning:task_export"))
    task_sheet = openpyxl.load_workbook(io.BytesIO(tasks.content)).active
    cells = "\n".join(str(c) for row in task_sheet.iter_rows(values_only=True) for c in row if c)
    for t in registry_fed:
        if t.task:
            assert f"实际{values[t.pk].actual}{values[t.pk].unit}" in cells, t.indicator

    # the monthly 通报 (附表2) and the year-end summary (主要目标完成情况)
    bulletin = client.get(reverse("reports:plan_bulletin", args=[demo_plan.pk]) + "?month=2019-06")
    summary = client.get(reverse("reports:plan_summary", args=[demo_plan.pk]))
    for content in (bulletin.content, summary.content):
        table = _docx_table(content)
        assert len(table) == len(targets)
        for t, row in zip(targets, table, strict=True):
            actual = values[t.pk].actual
            assert row[3] == ("—" if actual is None else w.number(actual, values[t.pk].unit)), t.indicator
            if values[t.pk].computed:
                assert row[4] != "暂无实际值", t.indicator
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(summary.content)).paragraphs)
    assert "牵头单位填报值为450元" in text
