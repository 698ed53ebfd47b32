"""A scheme's arithmetic without the database: weights checked, totals explained to the leaf, tiers."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.evaluation.scoring import (
    Node,
    bands,
    explain,
    flatten,
    linear_score,
    tiers_by_quota,
    tiers_by_threshold,
    weight_problems,
)

D = Decimal


def tree():
    return [
        Node(1, None, "A", "办学条件", D(40)),
        Node(2, 1, "A1", "班额", D(60)),
        Node(3, 1, "A2", "文化", D(40)),
        Node(4, None, "B", "督导", D(60)),
        Node(5, 4, "B1", "整改", D("33.33")),
        Node(6, 4, "B2", "到校", D("66.67")),
    ]


def test_a_sound_tree_has_no_problems_and_a_bad_one_names_the_node_and_the_fix():
    assert weight_problems(tree()) == []
    bad = [
        *tree()[:2],
        Node(3, 1, "A2", "文化", D(30)),
        *tree()[3:5],
        Node(6, 4, "B2", "到校", D(70), is_leaf_source=False),
    ]
    problems = weight_problems(bad)
    assert any("“A 办学条件”的下级指标权重合计为90%，应为100%" in p for p in problems)
    assert any("“B 督导”的下级指标权重合计为103.33%" in p for p in problems)
    assert any("末级指标“B2 到校”没有评分来源" in p for p in problems)
    assert weight_problems([]) == ["方案还没有评价指标：请先添加一级指标。"]


def test_the_total_is_the_sum_of_the_leaves_points_and_each_parent_the_sum_of_its_children():
    scores = {2: D(80), 3: D(90), 5: D(100), 6: D("55.5")}
    roots, total = explain(tree(), scores)
    leaves = [e for e in flatten(roots) if e.leaf]
    assert sum(e.contribution for e in leaves) == total
    # 0.4·0.6·80 + 0.4·0.4·90 + 0.6·0.3333·100 + 0.6·0.6667·55.5 = 19.2 + 14.4 + 19.998 + 22.20111
    assert total == D("75.7991")
    a = roots[0]
    assert a.contribution == D("33.6000") and a.score == D("84.00")
    assert [e.node.code for e in flatten(roots)] == ["A", "A1", "A2", "B", "B1", "B2"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=4, max_size=4))
def test_explained_parts_add_up_to_the_total_for_any_scores(values):
    scores = dict(zip((2, 3, 5, 6), values, strict=True))
    roots, total = explain(tree(), scores)
    assert sum(e.contribution for e in flatten(roots) if e.leaf) == total
    assert sum(r.contribution for r in roots) == total
    assert D(0) <= total <= D(100)


def test_a_missing_leaf_contributes_nothing():
    roots, total = explain(tree(), {2: D(100)})
    assert total == D("24.0000")


@pytest.mark.parametrize(
    ("raw", "best", "worst", "expected"),
    [
        (35, 35, 56, 100),
        (56, 35, 56, 0),
        (45.5, 35, 56, 50),
        (30, 35, 56, 100),
        (70, 35, 56, 0),
        (75, 100, 0, 75),
    ],
)
def test_linear_score_runs_from_worst_to_best_and_is_clipped(raw, best, worst, expected):
    assert linear_score(raw, best=D(best), worst=D(worst)) == D(expected)


def test_tiers_by_quota_round_down_and_ties_share_the_better_tier():
    totals = {i: D(100 - i) for i in range(10)} | {"tie": D(98)}  # 11 schools, one tied with the 3rd
    tiers = tiers_by_quota(totals, excellent=20, good=30, improve=10)
    assert [tiers[i] for i in range(3)] == ["excellent", "excellent", "good"]
    assert tiers["tie"] == tiers[2]
    assert tiers[9] == "improve"
    assert list(tiers.values()).count("improve") == 1
    with pytest.raises(ValueError, match="合计不超过100%"):
        tiers_by_quota(totals, excellent=60, good=30, improve=20)


def test_tiers_by_threshold():
    tiers = tiers_by_threshold(
        {"a": D(91), "b": D(80), "c": D(60), "d": D("59.99")}, excellent=90, good=80, passing=60
    )
    assert tiers == {"a": "excellent", "b": "good", "c": "pass", "d": "improve"}
    with pytest.raises(ValueError):
        tiers_by_threshold({}, excellent=70, good=80, passing=60)


def test_bands_are_quartiles_of_the_totals():
    b = bands({i: D(i) for i in range(8)})
    assert [b[i] for i in range(8)] == [4, 4, 3, 3, 2, 2, 1, 1]
