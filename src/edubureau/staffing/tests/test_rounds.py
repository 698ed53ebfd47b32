"""The rounds as staff run them one after another (``allocation.rounds``): rounds 1 and 2 together are the
DA* result of the command line's ``allocate`` on the same instance; round 1 never moves a holder within her
post's places by score; round 3 fills only places left, of the teacher's subject; every line of an
explanation names a post that had no place for her, kept its holders first, or took only higher scores."""

from hypothesis import given, settings

from edubureau.staffing.allocation import rounds as alg
from edubureau.staffing.allocation.exchange import DEFAULT_BAND_WIDTH, band, exchange
from edubureau.staffing.allocation.instances import allocate
from edubureau.staffing.tests.test_instances import instances


def _contenders(data):
    order = {t["id"]: k for k, t in enumerate(sorted(data["teachers"], key=lambda t: t["id"]))}
    out = []
    for t in data["teachers"]:
        home = (t["school"], t["subject"]) if t["school"] is not None else None
        out.append(
            alg.Contender(
                id=t["id"], score=t["score"], tiebreak=order[t["id"]], home=home,
                choices=tuple((s, t["subject"]) for s in t.get("prefs", [])),
            )
        )  # fmt: skip
    places = {(s["id"], sub): n for s in data["schools"] for sub, n in s["posts"].items()}
    return out, places


def _run(data):
    """Rounds 1 and 2 as staff run them, round 2 with its exchange pass (in the instance's 分档 width)."""
    contenders, places = _contenders(data)
    first = alg.round_in_school(contenders, places)
    second = alg.round_cross_school(contenders, places, first)
    placed = {**first.kept, **second}
    width = data.get("band", DEFAULT_BAND_WIDTH)
    if width is not None:
        placed, _moves = exchange(contenders, placed, band_width=width)
    return contenders, places, first, placed


@settings(max_examples=200, deadline=None)
@given(instances())
def test_rounds_one_and_two_are_the_command_lines_da_star(data):
    contenders, places, first, placed = _run(data)
    cli = {a["teacher"]: (a["school"], a["round"]) for a in allocate(data)["assignments"]}
    for x in contenders:
        school, rnd = cli[x.id]
        if rnd in (1, 2):
            assert placed[x.id] is not None and placed[x.id][0] == school
        else:
            assert placed[x.id] is None


@settings(max_examples=200, deadline=None)
@given(instances())
def test_round_one_keeps_the_best_holders_and_capacities(data):
    contenders, places, first, placed = _run(data)
    for post, n in places.items():
        holders = sorted((x for x in contenders if x.home == post), key=lambda x: (-x.score, x.tiebreak))
        assert {x.id for x in holders[:n]} == {i for i, p in first.kept.items() if p == post}
        assert sum(1 for p in placed.values() if p == post) <= n
    # a stayer (kept, not a volunteer) is not moved by round 2
    for x in contenders:
        if x.id in first.kept and not x.volunteer:
            assert placed[x.id] == x.home


@settings(max_examples=200, deadline=None)
@given(instances())
def test_round_three_fills_only_places_left_of_her_subject(data):
    contenders, places, first, placed = _run(data)
    left = dict(places)
    for p in placed.values():
        if p is not None:
            left[p] -= 1
    unplaced = [x for x in contenders if placed[x.id] is None]
    subject = {t["id"]: t["subject"] for t in data["teachers"]}
    third = alg.round_assignment(unplaced, left, lambda x, post: post[1] == subject[x.id])
    for tid, post in third.items():
        if post is not None:
            assert post[1] == subject[tid]
    for post, n in left.items():
        assert sum(1 for p in third.values() if p == post) <= max(n, 0)
    # as many placed as the command line's round 3
    cli = allocate(data)["rounds"]
    assert sum(1 for p in third.values() if p is not None) == cli["3"]


@settings(max_examples=200, deadline=None)
@given(instances())
def test_every_explanation_line_holds(data):
    contenders, places, first, placed = _run(data)
    outcomes = alg.post_outcomes(contenders, places, placed)
    for x in contenders:
        for line in alg.explain(x, placed[x.id], outcomes):
            if line["reason"] == "no_places":
                assert places[line["post"]] == 0
            elif line["reason"] == "holders":
                assert line["holders"] == line["places"] == line["filled"]
            elif line["reason"] == "score":  # full, and those it took in her class of priority scored higher
                assert line["filled"] == line["places"]
                assert line["cutoff_score"] is not None and line["cutoff_score"] >= x.score
            else:  # full, and the lowest came in by exchange from a band at least as high as hers
                assert line["reason"] == "band" and line["filled"] == line["places"]
                width = data.get("band", DEFAULT_BAND_WIDTH)
                assert line["cutoff_score"] < x.score
                assert band(line["cutoff_score"], width) >= band(x.score, width)


def test_a_worked_example_of_the_explanation():
    # 数学 at A: 1 post, held by T1 (90). T2 (84, holds B) ranks A first; B has 1 post.
    contenders = [
        alg.Contender(id="T1", score=90, tiebreak=1, home="A", choices=("A",)),
        alg.Contender(id="T2", score=84, tiebreak=2, home="B", choices=("A", "B")),
        alg.Contender(id="T3", score=86.5, tiebreak=3, home=None, choices=("C", "B")),
    ]
    places = {"A": 1, "B": 1, "C": 0}
    first = alg.round_in_school(contenders, places)
    assert first.kept == {"T1": "A", "T2": "B"} and first.lost == []
    placed = {**first.kept, **alg.round_cross_school(contenders, places, first)}
    assert placed == {"T1": "A", "T2": "B", "T3": None}  # T2 keeps B by holder priority over T3's 86.5
    outcomes = alg.post_outcomes(contenders, places, placed)
    t2 = alg.explain(contenders[1], "B", outcomes)
    assert [(x["post"], x["reason"], x["cutoff_score"]) for x in t2] == [("A", "holders", 90)]
    t3 = alg.explain(contenders[2], None, outcomes)
    assert [(x["post"], x["reason"]) for x in t3] == [("C", "no_places"), ("B", "holders")]


def test_title_posts_within_quota_and_the_rest_one_grade_lower():
    # one school: 1 高级 post, 1 中级, 0 初级; three 高级 titles (90, 85, 80) and one 一级 (88)
    people = [
        alg.TitleCandidate(id="A", school="S", grade=0, score=90, tiebreak=1),
        alg.TitleCandidate(id="B", school="S", grade=0, score=85, tiebreak=2),
        alg.TitleCandidate(id="C", school="S", grade=0, score=80, tiebreak=3),
        alg.TitleCandidate(id="D", school="S", grade=1, score=88, tiebreak=4),
    ]
    placed, outcomes = alg.title_round(people, {("S", 0): 1, ("S", 1): 1, ("S", 2): 0})
    # 高级: A; 中级: D (88) before the lowered B (85); B and C not appointed
    assert placed == {"A": 0, "D": 1, "B": None, "C": None}
    assert outcomes[("S", 0)]["cutoff_score"] == 90 and outcomes[("S", 1)]["cutoff_score"] == 88


@settings(max_examples=100, deadline=None)
@given(instances())
def test_title_quotas_are_never_exceeded(data):
    people = [
        alg.TitleCandidate(id=t["id"], school=t["school"] or "S0", grade=i % 3, score=t["score"], tiebreak=i)
        for i, t in enumerate(data["teachers"])
    ]
    quotas = {(s["id"], g): s["posts"]["数学"] for s in data["schools"] for g in range(3)}
    placed, outcomes = alg.title_round(people, quotas)
    for (school, grade), o in outcomes.items():
        got = [x for x in people if x.school == school and placed[x.id] == grade]
        assert len(got) == o["filled"] <= quotas.get((school, grade), 0)
        assert all(x.grade <= grade for x in got)  # nobody is appointed above her title
