"""The exchange pass after 跨校竞聘 (TO-BE, teacher-optimal block exchange; Combe, Tercieux & Terrier, REStud
2022; the 对调/互换 a bureau otherwise arranges by telephone).

DA* leaves exchanges undone: 甲 holds a post at school A and ranks B higher, 乙 holds B's post and ranks A
higher, and 丙 (no post, a better score) asks for A too. A prefers 丙 to 乙, 乙 falls back on her own post at
B, which sends 甲 back to A, which keeps its holder 甲 before 丙: everyone ends where she started although 甲
and 乙 would both rather swap. The pass finds such cycles among the teachers placed after rounds 1–2 (甲 →
乙's post, 乙 → 丙's post, …, the last → 甲's post) and carries them out.

When a cycle is allowed — the rule a bureau can defend to everyone it concerns:

- **the teacher**: each teacher in it moves to a post she ranked strictly higher in her 志愿 (same subject
  and 学段: she lists only her own), so no teacher is ever worse off than after round 2;
- **the school**: a school judges teachers by 分档, score bands of a width the bureau sets on the
  competition (``band_width``, e.g. 5 points: 80–84.99 is one band; width 0 means the exact score). A school
  is no worse off when every teacher it receives is in a band at least as high as the one it gives up.
  Exact scores cannot be the school's yardstick: with one score shared by all schools, the scores gained and
  lost around a cycle sum to zero, so a cycle would need equal scores all round and the pass would change
  nothing. Within a band a few tenths of a point are noise of the 考核, and the bureau says so by the width.
  Around a cycle the bands can then only be equal: every school keeps the same mix of bands, and its
  teachers are the ones who wanted to come;
- **everyone else**: the teacher who comes in must be, by the round's priority counted in bands (the post's
  own holders first, then the 分档), at least as high as every teacher who asked for that post and did not
  get it. So nobody is passed over by a lower band: the result stays stable by the banded priority (the
  stable improvement cycles of Erdil & Ergin, AER 2008), and a teacher who asks why a post she ranked higher
  took someone scored a little below her is told it went by exchange within her own band. The exact score
  cannot be the yardstick here either: DA* is already the best stable result for every teacher (Gale &
  Shapley), so any exchange passes over someone by exact score.

The search (teacher-optimal, top-trading-cycles style, as TO-BE): each teacher points at the post she ranks
highest among those she may enter, and through it at the teacher she would replace — the post's lowest-scored
occupant still able to move (a school gives up its lowest-ranked teacher first); a teacher with no such post
stays and drops out of the search, which may redirect those pointing at her to the next occupant or post.
Following the pointers finds a cycle, which is carried out; its teachers sit out the rest of the sweep. A
sweep costs O(N + n + P) for N the total length of the 志愿 lists, n teachers, P posts (every pointer only
moves forward). Sweeps repeat until one finds no cycle (usually two or three; at most 1 + N/2, since each
cycle lifts at least two teachers at least one place), so the result is a fixed point: a second pass changes
nothing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

#: The 分档 width a competition starts with (points); the bureau sets its own on the competition.
DEFAULT_BAND_WIDTH = 5.0


class Teacher(Protocol):
    id: Hashable
    score: float
    tiebreak: int
    home: Hashable | None
    choices: tuple[Hashable, ...]


@dataclass(frozen=True)
class Move:
    """One teacher's move in an exchange: from her post to the one ``replaces`` held, whose place she takes;
    ``successor`` takes hers (the same teacher in a two-way exchange)."""

    teacher: Hashable
    frm: Hashable
    to: Hashable
    replaces: Hashable
    successor: Hashable
    cycle: int
    size: int


def band(score: float, width: float) -> float:
    """The 分档 of a score: ⌊score ÷ width⌋ (the exact score when the width is 0)."""
    if width <= 0:
        return score
    return math.floor(round(score / width, 9))


def _lists(teachers: list) -> list[tuple]:
    out = []
    for t in teachers:
        lst = tuple(t.choices)
        if t.home is not None and t.home not in lst:
            lst = (*lst, t.home)
        out.append(lst)
    return out


def exchange(
    teachers: Iterable[Teacher], placed: Mapping[Hashable, Hashable | None], *, band_width: float
) -> tuple[dict[Hashable, Hashable | None], list[Move]]:
    """The placement after every allowed exchange, and the moves made (cycle by cycle)."""
    teachers = list(teachers)
    lists = _lists(teachers)
    bands = [band(t.score, band_width) for t in teachers]
    post_of = [placed.get(t.id) for t in teachers]
    moves: list[Move] = []
    while True:
        found = _sweep(teachers, lists, bands, post_of, moves[-1].cycle + 1 if moves else 0)
        if not found:
            break
        moves.extend(found)
    return {t.id: post_of[i] for i, t in enumerate(teachers)}, moves


def _sweep(teachers, lists, bands, post_of, cycles_before: int) -> list[Move]:
    n = len(teachers)
    # where she sits in her list (posts before it are the ones she would rather have)
    at = [lists[i].index(post_of[i]) if post_of[i] in lists[i] else len(lists[i]) for i in range(n)]
    # the highest coarse priority (holder of the post, then 分档) among those who want each post and do not
    # have it: an entrant must have it (ties within the band allowed), so nobody is passed over by a lower band
    top: dict[Hashable, tuple] = {}
    for i, t in enumerate(teachers):
        for post in lists[i][: at[i]]:
            key = (t.home == post, bands[i])
            if post not in top or key > top[post]:
                top[post] = key
    occupants: dict[Hashable, list[int]] = {}
    for i in sorted(
        (i for i in range(n) if post_of[i] is not None),
        key=lambda i: (teachers[i].score, -teachers[i].tiebreak),
    ):
        occupants.setdefault(post_of[i], []).append(i)  # lowest-ranked first
    first = dict.fromkeys(occupants, 0)  # the post's lowest occupant still in the search
    out = [False] * n  # stays put (no post to enter) or already moved in this sweep
    pointer = [0] * n
    moves: list[Move] = []
    number = cycles_before

    def target(i: int) -> int | None:
        lst = lists[i]
        while pointer[i] < at[i]:
            post = lst[pointer[i]]
            if post in occupants and (teachers[i].home == post, bands[i]) >= top[post]:
                people, k = occupants[post], first[post]
                while k < len(people) and out[people[k]]:
                    k += 1
                first[post] = k
                if k < len(people) and bands[people[k]] <= bands[i]:
                    return people[k]
            pointer[i] += 1
        return None

    on_path = [-1] * n
    for start in range(n):
        if out[start] or post_of[start] is None:
            continue
        path = [start]
        on_path[start] = 0
        while path:
            i = path[-1]
            j = target(i)
            if j is None:
                out[i] = True
                on_path[i] = -1
                path.pop()
            elif on_path[j] >= 0:
                cycle = path[on_path[j] :]
                del path[on_path[j] :]
                size = len(cycle)
                before = [post_of[k] for k in cycle]
                for pos, k in enumerate(cycle):
                    nxt, prev = cycle[(pos + 1) % size], cycle[pos - 1]
                    post_of[k] = before[(pos + 1) % size]
                    moves.append(
                        Move(
                            teacher=teachers[k].id, frm=before[pos], to=post_of[k],
                            replaces=teachers[nxt].id, successor=teachers[prev].id, cycle=number, size=size,
                        )
                    )  # fmt: skip
                for k in cycle:
                    out[k] = True
                    on_path[k] = -1
                number += 1
            else:
                on_path[j] = len(path)
                path.append(j)
    return moves
