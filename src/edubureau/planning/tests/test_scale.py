"""Long inputs parse completely and exactly: a 16,000-line plan, 2.5 MB of prose, pathological clauses.

These are not timed (speed figures are in ``bench/parse.py``), but each input is one on which the parser
used to be quadratic — a clause with thousands of amounts took minutes — so a regression shows as a test
that does not finish. Each asserts what the parse must contain, item by item.
"""

import json
import re

import pytest

from edubureau.planning.parser import extract_targets, parse_plan
from edubureau.planning.tests.synthetic import ITEMS_PER_SECTION, SEED, long_plan, long_prose


@pytest.fixture(scope="module")
def seed():
    return parse_plan(SEED.read_text(encoding="utf-8"))


def test_a_16k_line_plan_is_its_items_repeated(seed):
    # given the 2019 plan grown to 16,000 lines: its 24 items over and over, 100 to a section
    text = long_plan(16_000)
    assert text.count("\n") + 1 == 16_000

    # when
    plan = parse_plan(text)

    # then every item is the seed item it copies: title, body, lead units and targets
    assert len(plan.items) == len(re.findall(r"(?m)^\d+\.", text)) > 7_900
    assert plan.title == seed.title and plan.doc_number == seed.doc_number and plan.cc == seed.cc
    assert len(plan.sections) == -(-len(plan.items) // ITEMS_PER_SECTION)
    for k, item in enumerate(plan.items):
        copied = seed.items[k % len(seed.items)]
        assert item.number == k % ITEMS_PER_SECTION + 1
        assert item.section == plan.sections[k // ITEMS_PER_SECTION].numeral
        assert (item.title, item.body, item.lead_units) == (copied.title, copied.body, copied.lead_units)
        assert item.targets == copied.targets
    assert plan.preamble_targets == seed.preamble_targets


def test_long_prose_gives_the_targets_of_each_paragraph():
    # given 4,000 paragraphs (2.5 MB) with no heading: one long preamble
    text = long_prose(4_000)
    lines = text.split("\n")

    # when
    plan = parse_plan(text)

    # then the first paragraph is taken for the title, and the targets are those of the others, in order
    per_paragraph = {line: extract_targets(line) for line in set(lines)}
    expected = [t for line in lines[1:] for t in per_paragraph[line]]
    assert len(expected) > 4_000
    assert plan.preamble_targets == expected


def test_a_clause_with_thousands_of_amounts():
    # given one item whose only clause holds 20,000 amounts (no punctuation anywhere)
    text = "2019年工作要点\n一、总体要求\n1.加强建设" + "投入1亿元在去年6所学校" * 10_000

    # when
    plan = parse_plan(text)

    # then each amount is one target, in order
    (item,) = plan.items
    values = [(t.value, t.unit) for t in item.targets]
    assert values == [(100_000_000, "元"), (6, "所")] * 10_000


def test_a_bracket_of_bare_amounts_names_each_from_its_neighbour():
    # given a bracket listing 10,000 bare amounts after one named project
    text = "2019年工作要点\n一、总体要求\n1.加强建设（综合楼建设，" + "，".join(["投资6亿元"] * 10_000) + "）"

    # when
    (item,) = parse_plan(text).items

    # then every amount borrows the name of the clause that opens the bracket
    assert len(item.targets) == 10_000
    assert {t.indicator for t in item.targets} == {"综合楼建设"}


def test_thousands_of_lead_unit_brackets_left_open():
    # given an item with 10,000 lead-unit brackets, each closed only on the line after
    text = (
        "2019年工作要点\n一、总体要求\n1.加强建设\n" + "（牵头单位：综合股\n（配合单位：德育股）\n" * 10_000
    )

    # when
    (item,) = parse_plan(text).items

    # then the units are read once each, and none of the statements is left in the body
    assert item.lead_units == ["综合股"]
    assert "牵头单位" not in item.body and "配合单位" not in item.body


def test_progress_rises_to_the_end():
    # given a plan of a thousand items, parsed with a progress callback (as the background job does)
    reports = []

    # when
    plan = parse_plan(long_plan(2_000), progress=lambda done, total: reports.append((done, total)))

    # then the reports rise steadily (at least one per 5% of the items) and end at total
    assert len(plan.items) > 900
    done = [d for d, _ in reports]
    assert done == sorted(done) and len(done) >= 20
    assert reports[-1] == (100, 100) and {t for _, t in reports} == {100}


@pytest.mark.parametrize("name", ["quangang-2019", "table", "three-levels", "truncated"])
def test_the_full_parse_survives_json(name):
    """What the background job stores (``as_json``) gives back the same parse (``from_json``)."""
    from edubureau.planning.parser import ParsedPlan
    from edubureau.planning.tests.conftest import DATA

    plan = parse_plan((DATA / f"{name}.txt").read_text(encoding="utf-8"))
    assert ParsedPlan.from_json(json.loads(json.dumps(plan.as_json()))) == plan
