"""The three rounds of 工作岗位竞聘 as a staff member runs them one after another, over plain data.

- Round 1 校内竞聘: at each post the teachers who hold it, by score (DA* restricted to the school, ``compete``
  with the holder's own post as her only choice); those beyond the post's places are 落聘. A holder who listed
  another school above her own is a *volunteer*: she keeps her post for now and goes on to round 2.
- Round 2 跨校竞聘: deferred acceptance of the 落聘 and the volunteers over the places the stayers left, each
  keeping the status-quo priority at her own post, then the exchange pass (``exchange``: cycles of teachers
  each moving up to the next one's post, within one 分档). Rounds 1 and 2 together give exactly the DA* result of
  ``compete`` over everyone (a stayer is within her post's places by score among its holders, so nobody can
  displace her); ``tests/test_rounds.py`` checks this, with the exchange pass, against ``instances.allocate``.
- Round 3 组织调剂: whoever is left, to the places left, by minimum-cost assignment (``assign``): only a post
  of her subject and 学段, cheaper the higher she listed its school, then her own town.

``post_outcomes`` and ``explain`` turn a result into the numbers that decided it: for every post a teacher
ranked above the one she got, its places and the lowest score it took (stability makes that score higher
than hers, or its holders were kept first).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass

from edubureau.staffing.allocation.assign import assign
from edubureau.staffing.allocation.compete import Applicant, compete


@dataclass(frozen=True)
class Contender:
    """A teacher in the competition: her post now (None: new, no post), her 志愿 (posts, best first)."""

    id: Hashable
    score: float
    tiebreak: int
    home: Hashable | None
    choices: tuple[Hashable, ...]

    @property
    def volunteer(self) -> bool:
        """She ranked another post above her own (her own post closes her list when she did not name it)."""
        if self.home is None:
            return False
        return bool(self.choices) and self.choices[0] != self.home


@dataclass
class RoundOne:
    kept: dict[Hashable, Hashable]  # id → own post (stayers and volunteers)
    lost: list[Hashable]  # 落聘


def round_in_school(contenders: Iterable[Contender], places: Mapping[Hashable, int]) -> RoundOne:
    holders = [c for c in contenders if c.home is not None]
    result = compete(
        [Applicant(id=c.id, score=c.score, choices=(), holds=c.home, tiebreak=c.tiebreak) for c in holders],
        places,
    )
    kept = {k: v for k, v in result.placed.items() if v is not None}
    return RoundOne(kept=kept, lost=[c.id for c in holders if c.id not in kept])


def round_cross_school(
    contenders: Iterable[Contender], places: Mapping[Hashable, int], first: RoundOne
) -> dict[Hashable, Hashable | None]:
    """Post (or None) of every teacher who takes part in round 2: the 落聘, the volunteers, the new."""
    contenders = list(contenders)
    by_id = {c.id: c for c in contenders}
    stayers = {i for i, post in first.kept.items() if not by_id[i].volunteer}
    left = dict(places)
    for i in stayers:
        left[first.kept[i]] -= 1
    moving = [c for c in contenders if c.id not in stayers]
    result = compete(
        [
            Applicant(id=c.id, score=c.score, choices=c.choices, holds=c.home, tiebreak=c.tiebreak)
            for c in moving
        ],
        left,
    )
    return dict(result.placed)


def round_assignment(
    unplaced: list[Contender],
    left: Mapping[Hashable, int],
    fits: Callable[[Contender, Hashable], bool],
    near: Callable[[Contender, Hashable], bool] = lambda c, p: False,
) -> dict[Hashable, Hashable | None]:
    """组织调剂: each unplaced teacher's post among those left, or None (待岗)."""
    by_id = {c.id: c for c in unplaced}

    def cost(teacher: Hashable, post: Hashable) -> float | None:
        c = by_id[teacher]
        if not fits(c, post):
            return None
        base = c.choices.index(post) if post in c.choices else len(c.choices) + 1
        return 2 * base + (0 if near(c, post) else 1)

    return assign([c.id for c in unplaced], {p: n for p, n in left.items() if n > 0}, cost)


def post_outcomes(
    contenders: Iterable[Contender],
    places: Mapping[Hashable, int],
    placed: Mapping[Hashable, Hashable | None],
) -> dict[Hashable, dict]:
    """Each post's places, how many it filled in rounds 1–2, and the last teacher it took (her score, and
    whether she held the post: holders are kept before anyone else)."""
    taken: dict[Hashable, list[Contender]] = {p: [] for p in places}
    for c in contenders:
        post = placed.get(c.id)
        if post is not None:
            taken[post].append(c)
    out = {}
    for post, n in places.items():
        people = taken[post]
        last = min(people, key=lambda c: (c.home == post, c.score, -c.tiebreak), default=None)
        outsiders = [c.score for c in people if c.home != post]
        out[post] = {
            "places": n,
            "filled": len(people),
            "cutoff_score": last.score if last else None,
            "cutoff_holder": bool(last and last.home == post),
            "holders": sum(1 for c in people if c.home == post),
            "lowest_outsider": min(outsiders) if outsiders else None,
        }
    return out


def explain(contender: Contender, got: Hashable | None, outcomes: Mapping[Hashable, dict]) -> list[dict]:
    """One line per post she ranked above ``got`` (her own post counted where she lost it in round 1): why it
    did not take her. ``reason``: ``no_places`` (the post had none), ``holders`` (its places all went to its
    own holders first), ``score`` (it was full, and the teachers it took beyond its holders — or, at her own
    post, the holders it kept — scored at least as high: ``cutoff_score`` is the lowest of them), ``band`` (as
    ``score``, but the lowest of them came in by the exchange pass, in a 分档 at least as high as hers)."""
    lst = list(contender.choices)
    if contender.home is not None and contender.home not in lst:
        lst.append(contender.home)
    upto = lst.index(got) if got in lst else len(lst)
    lines = []
    for rank, post in enumerate(lst[:upto], start=1):
        o = dict(outcomes.get(post) or {"places": 0, "filled": 0, "cutoff_score": None, "holders": 0})
        own = post == contender.home
        if not o["places"]:
            reason = "no_places"
        elif not own and o.get("holders", 0) >= o["places"]:
            reason = "holders"
        else:
            reason = "score"
            if not own:  # its holders came first; she competed for the rest, whose last score is this
                o["cutoff_score"] = o.get("lowest_outsider")
            if o["cutoff_score"] is not None and o["cutoff_score"] < contender.score:
                reason = "band"  # a teacher of her 分档 came in by the exchange pass (``exchange``)
        lines.append({"post": post, "rank": rank, "own": own, "reason": reason, **o})
    return lines


# --- 职称岗位竞聘 ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TitleCandidate:
    """A teacher in a title-post competition at her school: the grade her title entitles her to (0 the
    highest), her score and tie-break number."""

    id: Hashable
    school: Hashable
    grade: int
    score: float
    tiebreak: int


def title_round(
    candidates: Iterable[TitleCandidate], quotas: Mapping[tuple[Hashable, int], int], grades: int = 3
) -> tuple[dict[Hashable, int | None], dict[tuple[Hashable, int], dict]]:
    """职称岗位竞聘 within each school's quota: from the highest grade down, the teachers entitled to a grade
    and those not appointed at the grade above compete for its posts by score; the first ``quota`` are
    appointed, the rest go down one grade (低聘); below the lowest grade they are not appointed. Returns each
    teacher's grade (or None) and, per (school, grade), places, filled and the lowest score appointed."""
    by_school: dict[Hashable, list[TitleCandidate]] = {}
    for x in candidates:
        by_school.setdefault(x.school, []).append(x)
    result: dict[Hashable, int | None] = {}
    outcomes: dict[tuple[Hashable, int], dict] = {}
    for school, people in by_school.items():
        waiting: list[TitleCandidate] = []
        for grade in range(grades):
            pool = sorted(
                waiting + [x for x in people if x.grade == grade], key=lambda x: (-x.score, x.tiebreak)
            )
            n = max(quotas.get((school, grade), 0), 0)
            taken, waiting = pool[:n], pool[n:]
            for x in taken:
                result[x.id] = grade
            outcomes[(school, grade)] = {
                "places": n,
                "filled": len(taken),
                "cutoff_score": taken[-1].score if len(taken) == n and taken else None,
            }
        for x in waiting:
            result[x.id] = None
    return result, outcomes
