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


#: Added to a holder's band at her own post: holders come first whatever the band (bands stay below it).
_HOLDER = 1e9


@dataclass
class _Instance:
    """The teachers coded as integers: posts numbered, each list a list of post numbers (-1: no post)."""

    lists: list[list[int]]
    home: list[int]
    bands: list[float]
    post_of: list[int]
    at: list[int]  # where she sits in her list: the posts before it are the ones she would rather have
    order: list[int]  # teachers from the lowest-ranked (score, then tie-break) up
    posts: int


def _code(teachers: list, placed: Mapping, band_width: float) -> tuple[_Instance, list]:
    number: dict[Hashable, int] = {}
    lists, home, post_of = [], [], []
    for t in teachers:
        lst = [number.setdefault(p, len(number)) for p in t.choices]
        h = -1 if t.home is None else number.setdefault(t.home, len(number))
        if h >= 0 and h not in lst:
            lst.append(h)
        lists.append(lst)
        home.append(h)
        p = placed.get(t.id)
        post_of.append(-1 if p is None else number.setdefault(p, len(number)))
    at = [lst.index(p) if p in lst else len(lst) for lst, p in zip(lists, post_of, strict=True)]
    order = sorted(range(len(teachers)), key=lambda i: (teachers[i].score, -teachers[i].tiebreak))
    bands = [band(t.score, band_width) for t in teachers]
    return _Instance(lists, home, bands, post_of, at, order, len(number)), list(number)


def exchange(
    teachers: Iterable[Teacher], placed: Mapping[Hashable, Hashable | None], *, band_width: float
) -> tuple[dict[Hashable, Hashable | None], list[Move]]:
    """The placement after every allowed exchange, and the moves made (cycle by cycle)."""
    teachers = list(teachers)
    x, posts = _code(teachers, placed, band_width)
    moves: list[tuple] = []
    while True:
        found = _sweep(x, moves[-1][-2] + 1 if moves else 0)
        if not found:
            break
        moves.extend(found)
    ids = [t.id for t in teachers]
    return (
        {t.id: (posts[p] if p >= 0 else None) for t, p in zip(teachers, x.post_of, strict=True)},
        [
            Move(teacher=ids[k], frm=posts[frm], to=posts[to], replaces=ids[nxt], successor=ids[prev],
                 cycle=cycle, size=size)
            for k, frm, to, nxt, prev, cycle, size in moves
        ],
    )  # fmt: skip


def _sweep(x: _Instance, cycles_before: int) -> list[tuple]:
    n, lists, home, bands, post_of, at = len(x.lists), x.lists, x.home, x.bands, x.post_of, x.at
    # the highest coarse priority (holder of the post, then 分档) among those who want each post and do not
    # have it: an entrant must have it (ties within the band allowed), so nobody is passed over by a lower band
    top = [-math.inf] * x.posts
    for i in range(n):
        b, h = bands[i], home[i]
        for p in lists[i][: at[i]]:
            key = b + _HOLDER if p == h else b
            if key > top[p]:
                top[p] = key
    # who may move: placed, below the top of her list; a post gives up its lowest-ranked of them first
    occupants: list[list[int]] = [[] for _ in range(x.posts)]
    for i in x.order:
        if post_of[i] >= 0 and at[i] > 0:
            occupants[post_of[i]].append(i)
    first = [0] * x.posts  # the post's lowest occupant still in the search
    out = [False] * n  # stays put (no post to enter) or already moved in this sweep
    pointer = [0] * n
    moves: list[tuple] = []
    number = cycles_before

    def target(i: int) -> int:
        lst, b, h, k, stop = lists[i], bands[i], home[i], pointer[i], at[i]
        while k < stop:
            p = lst[k]
            people = occupants[p]
            if people and (b + _HOLDER if p == h else b) >= top[p]:
                f = first[p]
                while f < len(people) and out[people[f]]:
                    f += 1
                first[p] = f
                if f < len(people) and bands[people[f]] <= b:
                    pointer[i] = k
                    return people[f]
            k += 1
        pointer[i] = k
        return -1

    on_path = [-1] * n
    for start in range(n):
        if out[start] or post_of[start] < 0 or at[start] == 0:
            continue
        path = [start]
        on_path[start] = 0
        while path:
            i = path[-1]
            j = target(i)
            if j < 0:
                out[i] = True
                on_path[i] = -1
                path.pop()
            elif on_path[j] >= 0:
                cycle = path[on_path[j] :]
                del path[on_path[j] :]
                size = len(cycle)
                before = [post_of[k] for k in cycle]
                for pos, k in enumerate(cycle):
                    nxt = cycle[(pos + 1) % size]
                    post_of[k] = before[(pos + 1) % size]
                    at[k] = lists[k].index(post_of[k])
                    moves.append((k, before[pos], post_of[k], nxt, cycle[pos - 1], number, size))
                    out[k] = True
                    on_path[k] = -1
                number += 1
            else:
                on_path[j] = len(path)
                path.append(j)
    return moves
