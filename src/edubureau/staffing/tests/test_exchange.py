"""The exchange pass (TO-BE) after round 2 against its stated rule, on random instances: places respected, no
teacher worse off than after round 2 and every mover strictly better, no school worse off by 分档, nobody
passed over (still stable by the round's priorities), a second pass changes nothing; and hand-made two- and
three-way exchanges carried out, one blocked by a teacher it would pass over."""

from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.staffing.allocation import rounds as alg
from edubureau.staffing.allocation.exchange import band, exchange
from edubureau.staffing.allocation.instances import allocate
from edubureau.staffing.tests.test_instances import instances


@st.composite
def cases(draw, max_posts=5, max_teachers=6):
    """Teachers with holdings and lists over a few posts, scores in a narrow range, then rounds 1–2 as staff
    run them. Random lists rarely leave an exchange undone, so most cases also plant one: k holders of one
    band each ranking the next one's post first, and a teacher of the same band without a post asking for
    all of them (DA* then sends everyone home) — among random others who may spoil it."""
    posts = [f"P{j}" for j in range(draw(st.integers(2, max_posts)))]
    places = {p: draw(st.integers(0, 3)) for p in posts}
    teachers = []
    k = min(draw(st.sampled_from([0, 2, 2, 3, 4])), len(posts))
    if k >= 2:
        planted = posts[:k]
        for j, post in enumerate(planted):
            places[post] = 1
            teachers.append(
                alg.Contender(
                    id=f"C{j}", score=draw(st.sampled_from([80, 81.5, 83, 84.5])), tiebreak=len(teachers),
                    home=post, choices=(planted[(j + 1) % k],),
                )
            )  # fmt: skip
        teachers.append(
            alg.Contender(id="X", score=84.9, tiebreak=len(teachers), home=None, choices=tuple(planted))
        )
    for i in range(draw(st.integers(0, max_teachers))):
        choices = tuple(draw(st.permutations(posts))[: draw(st.integers(0, len(posts)))])
        teachers.append(
            alg.Contender(
                id=f"T{i:02d}", score=draw(st.integers(74, 90)) + draw(st.sampled_from([0, 0.5])),
                tiebreak=len(teachers), home=draw(st.one_of(st.none(), st.sampled_from(posts))),
                choices=choices,
            )
        )  # fmt: skip
    width = draw(st.sampled_from([0, 2, 5, 5, 5, 10]))
    first = alg.round_in_school(teachers, places)
    placed = {**first.kept, **alg.round_cross_school(teachers, places, first)}
    return teachers, places, placed, width


def _lists(t):
    return t.choices + ((t.home,) if t.home is not None and t.home not in t.choices else ())


def _position(t, post):
    lst = _lists(t)
    return lst.index(post) if post in lst else len(lst)


def _blocking_pairs(teachers, places, placed, width):
    """A teacher and a post she ranked above her own, which has a free place or a teacher of lower priority by
    the round's priority counted in bands (its holders first, then 分档)."""

    def priority(t, post):
        return (t.home == post, band(t.score, width))

    for t in teachers:
        lst = _lists(t)
        for post in lst[: _position(t, placed[t.id])]:
            there = [u for u in teachers if placed[u.id] == post]
            if places.get(post, 0) > len(there) or any(priority(t, post) > priority(u, post) for u in there):
                yield t.id, post


@settings(max_examples=300, deadline=None)
@given(cases())
def test_the_pass_keeps_its_promises(case):
    teachers, places, before, width = case
    after, moves = exchange(teachers, before, band_width=width)
    by_id = {t.id: t for t in teachers}
    # places respected, the same teachers placed
    for post, n in places.items():
        assert (
            sum(1 for p in after.values() if p == post) == sum(1 for p in before.values() if p == post) <= n
        )
    # no teacher worse off; a teacher who moved is strictly better off, at a post on her list
    for t in teachers:
        assert _position(t, after[t.id]) <= _position(t, before[t.id])
        if after[t.id] != before[t.id]:
            assert after[t.id] in _lists(t) and _position(t, after[t.id]) < _position(t, before[t.id])
    assert {m.teacher for m in moves} >= {t.id for t in teachers if after[t.id] != before[t.id]}
    # no school worse off: its teachers' bands, best first, are each at least as high as before
    for post in places:
        old = sorted((band(t.score, width) for t in teachers if before[t.id] == post), reverse=True)
        new = sorted((band(t.score, width) for t in teachers if after[t.id] == post), reverse=True)
        assert all(b >= a for a, b in zip(old, new, strict=True))
    # every move replaces someone of a band no higher, who leaves that post
    for m in moves:
        assert band(by_id[m.teacher].score, width) >= band(by_id[m.replaces].score, width)
    # nobody is passed over by a lower band: the result is still stable by the banded priority
    assert list(_blocking_pairs(teachers, places, before, width)) == []
    assert list(_blocking_pairs(teachers, places, after, width)) == []
    # a second pass changes nothing
    assert exchange(teachers, after, band_width=width) == (after, [])


@settings(max_examples=200, deadline=None)
@given(cases())
def test_every_explanation_still_holds_after_the_pass(case):
    # a post she ranked higher took, by score, only teachers scored at least as high, or by exchange one of a
    # band at least as high (the line says so)
    teachers, places, before, width = case
    after, _moves = exchange(teachers, before, band_width=width)
    outcomes = alg.post_outcomes(teachers, places, after)
    for t in teachers:
        for line in alg.explain(t, after[t.id], outcomes):
            if line["reason"] == "score":
                assert line["cutoff_score"] >= t.score
            elif line["reason"] == "band":
                assert line["cutoff_score"] < t.score
                assert band(line["cutoff_score"], width) >= band(t.score, width)


@settings(max_examples=150, deadline=None)
@given(instances(max_schools=4, max_teachers=12))
def test_the_command_line_reports_the_pass_in_round_two(data):
    out = allocate(data)
    assert out["rounds"]["exchange"] >= 0
    if out["rounds"]["exchange"]:
        assert out["rounds"]["exchange_cycles"] >= 1
    assert sum(out["rounds"][k] for k in ("1", "2", "3", "unplaced")) == len(data["teachers"])


def _pair(outsider=84):
    # 甲 holds A and ranks B first; 乙 holds B and ranks A first; 丙 (no post) asks for A; one place each.
    # 80, 82 and 84 share the band 80–84.99 of width 5.
    return [
        alg.Contender(id="甲", score=82, tiebreak=1, home="A", choices=("B",)),
        alg.Contender(id="乙", score=80, tiebreak=2, home="B", choices=("A",)),
        alg.Contender(id="丙", score=outsider, tiebreak=3, home=None, choices=("A",)),
    ], {"A": 1, "B": 1}


def _rounds(teachers, places):
    first = alg.round_in_school(teachers, places)
    return {**first.kept, **alg.round_cross_school(teachers, places, first)}


def test_a_two_way_exchange_is_carried_out():
    teachers, places = _pair()
    placed = _rounds(teachers, places)
    # DA*: A takes 丙 over 乙, 乙 goes back to B and sends 甲 back to A, which keeps its holder before 丙
    assert placed == {"甲": "A", "乙": "B", "丙": None}
    after, moves = exchange(teachers, placed, band_width=5)
    assert after == {"甲": "B", "乙": "A", "丙": None}
    assert {(m.teacher, m.frm, m.to, m.replaces, m.successor, m.size) for m in moves} == {
        ("甲", "A", "B", "乙", "乙", 2),
        ("乙", "B", "A", "甲", "甲", 2),
    }
    # 丙 is told A took a teacher of her band by exchange (80, below her 84)
    (line,) = alg.explain(teachers[2], None, alg.post_outcomes(teachers, places, after))
    assert (line["post"], line["reason"], line["cutoff_score"]) == ("A", "band", 80)
    # with exact scores (width 0) or bands of 2 (80–81.99 and 82–83.99) A would give up 82 for 80: no exchange
    assert exchange(teachers, placed, band_width=0) == (placed, [])
    assert exchange(teachers, placed, band_width=2) == (placed, [])


def test_an_exchange_that_would_pass_over_a_higher_band_is_not_made():
    # 丙 at 95 asked for A: 乙 (80) may not take A by exchange over a teacher of a higher band
    teachers, places = _pair(outsider=95)
    placed = _rounds(teachers, places)
    assert placed == {"甲": "A", "乙": "B", "丙": None}
    assert exchange(teachers, placed, band_width=5) == (placed, [])
    assert exchange(teachers, placed, band_width=20) != (placed, [])  # 80–99.99 is one band of 20


def test_a_three_way_exchange_is_carried_out():
    # 甲 at A wants B, 乙 at B wants C, 丙 at C wants A; 丁 (no post, 84) asks for all three, which sends
    # everyone home in DA*; no pair would swap, the three-way cycle does
    teachers = [
        alg.Contender(id="甲", score=80, tiebreak=1, home="A", choices=("B",)),
        alg.Contender(id="乙", score=81, tiebreak=2, home="B", choices=("C",)),
        alg.Contender(id="丙", score=82, tiebreak=3, home="C", choices=("A",)),
        alg.Contender(id="丁", score=84, tiebreak=4, home=None, choices=("A", "B", "C")),
    ]
    places = {"A": 1, "B": 1, "C": 1}
    placed = _rounds(teachers, places)
    assert placed == {"甲": "A", "乙": "B", "丙": "C", "丁": None}
    after, moves = exchange(teachers, placed, band_width=5)
    assert after == {"甲": "B", "乙": "C", "丙": "A", "丁": None}
    assert {m.teacher: (m.replaces, m.successor) for m in moves} == {
        "甲": ("乙", "丙"),
        "乙": ("丙", "甲"),
        "丙": ("甲", "乙"),
    }
    assert {m.size for m in moves} == {3} and len({m.cycle for m in moves}) == 1
    assert exchange(teachers, after, band_width=5) == (after, [])


def test_bands():
    assert band(84.99, 5) == band(80, 5) == 16 and band(85, 5) == 17
    assert band(85.3, 0.1) == 853 and band(84.5, 0) == 84.5
