"""Post competitions (工作岗位竞聘) as deferred acceptance with the status quo (DA*).

Teachers propose to posts in the order of their 志愿; a post keeps the best applicants up to its number of
places and releases the others, who go on to their next choice. Priority at a post: first the teachers who
hold it now (a teacher who keeps her post is never worse off than before the competition, so long as the post
keeps places for its holders), then the higher 三考评 score, then the lower tie-break number (a number drawn
or published before the round, e.g. seniority rank). The result is stable — no teacher prefers a post that
either has a free place or took someone of lower priority — and no stable result is better for any teacher
(Gale & Shapley 1962; Combe, Tercieux & Terrier, REStud 89(6) 2022 for the status-quo variant used in
French teacher assignment). Proposals are at most the total length of all lists; each costs O(log places).

An exchange pass (TO-BE) follows round 2 (``exchange``): with exact scores it would be vacuous — a school
would have to receive a teacher scored at least as high as the one it loses all round a cycle, so equal scores
— and DA* is already the best stable result for every teacher; it finds its cycles by treating scores within a
分档 (a band the bureau sets) as equal, for the schools and for everyone passed over.
"""

from __future__ import annotations

import heapq
from collections import deque
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Applicant:
    """A teacher in a competition: her 志愿 in order, her score, the post she holds (if any)."""

    id: Hashable
    score: float
    choices: tuple[Hashable, ...]
    holds: Hashable | None = None
    tiebreak: int = 0


@dataclass(frozen=True, eq=True)
class Rank:
    """A teacher's priority at one post; smaller is better."""

    holder: bool
    score: float
    tiebreak: int

    def __lt__(self, other: Rank) -> bool:  # "ranks before": holder first, then score, then tie-break
        return (not self.holder, -self.score, self.tiebreak) < (
            not other.holder,
            -other.score,
            other.tiebreak,
        )


@dataclass
class Result:
    """Who got which post, the priority of the last teacher each full post took, and who is unplaced."""

    placed: dict[Hashable, Hashable | None] = field(default_factory=dict)
    cutoff: dict[Hashable, Rank] = field(default_factory=dict)  # only for posts that were full

    def unplaced(self) -> list[Hashable]:
        return [a for a, post in self.placed.items() if post is None]

    def why_not(self, applicant: Applicant) -> list[tuple[Hashable, Rank | None]]:
        """For each post she ranked above the one she got: the rank of the last teacher it took (None: the
        post had no place for her at all). Stability makes every one of those ranks better than hers."""
        got = self.placed.get(applicant.id)
        choices = _choices(applicant)
        upto = choices.index(got) if got in choices else len(choices)
        return [(post, self.cutoff.get(post)) for post in choices[:upto]]


def rank(applicant: Applicant, post: Hashable) -> Rank:
    return Rank(applicant.holds == post, applicant.score, applicant.tiebreak)


def _choices(applicant: Applicant) -> tuple[Hashable, ...]:
    # A holder may always stay: her own post closes her list when she did not name it.
    if applicant.holds is not None and applicant.holds not in applicant.choices:
        return (*applicant.choices, applicant.holds)
    return applicant.choices


def compete(applicants: Iterable[Applicant], places: Mapping[Hashable, int]) -> Result:
    """Deferred acceptance with the status quo; ``places`` is the number of places per post."""
    applicants = list(applicants)
    ids = [a.id for a in applicants]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate applicant id")
    if len({(a.score, a.tiebreak) for a in applicants}) != len(applicants):
        raise ValueError("two applicants share score and tie-break; draw distinct tie-break numbers")
    lists = [_choices(a) for a in applicants]
    holds = [a.holds for a in applicants]
    # Heap entries (holder, score, -tiebreak, i): the smallest is the lowest priority, the first let go.
    keys = [(a.score, -a.tiebreak) for a in applicants]
    admitted: dict[Hashable, list] = {post: [] for post in places}
    nxt = [0] * len(applicants)
    free = deque(range(len(applicants)))
    while free:
        i = free.popleft()
        choices = lists[i]
        while nxt[i] < len(choices):
            post = choices[nxt[i]]
            nxt[i] += 1
            heap = admitted.get(post)
            if heap is None or places[post] <= 0:
                continue
            entry = (holds[i] == post, *keys[i], i)
            if len(heap) < places[post]:
                heapq.heappush(heap, entry)
                break
            if entry > heap[0]:  # better than the worst it holds
                out = heapq.heapreplace(heap, entry)[-1]
                free.append(out)
                break
    result = Result(placed={a.id: None for a in applicants})
    for post, heap in admitted.items():
        for entry in heap:
            result.placed[applicants[entry[-1]].id] = post
        if heap and len(heap) >= places[post]:
            result.cutoff[post] = rank(applicants[heap[0][-1]], post)
    return result
