"""校际交流: which eligible teachers move to which schools this year, at the least disruption.

教师〔2014〕4号 asks each year for ≥ 10 % of the eligible teachers to move and ≥ 20 % of the movers to be 骨干,
from schools over their need or rich in 骨干 to schools short of them, urban → rural first. As a 0–1 programme
(HiGHS through ``scipy.optimize.milp``; a transportation problem plus two side constraints):

    min Σ c(t, r)·x(t, r) + Σ price(over_out(s)) + Σ price(over_in(r))   (price convex: the excess spreads)
    Σ_r x(t, r) ≤ 1                              each teacher moves at most once
    Σ_{t at s} Σ_r x(t, r) ≤ send(s) + over_out(s)   a school sends what it has over (its surplus and 骨干 beyond
                                                 the 1-per-100-pupils standard), more only at a price
    Σ_t x(t, r) ≤ take(r) + over_in(r)           a school takes what it lacks, more only at a price
    Σ x = movers;  Σ_{t 骨干} x ≥ backbone_movers

c(t, r) is the disruption of the move: great-circle km, a step for each move not towards the country
(城区 → 乡村 costs nothing extra), a 班主任 costs more to move, a long stay at one school a little less, a PE or
arts teacher less to a school short of them. A school may both send (staff over its 编制) and take (骨干 it
lacks); nobody moves to her own school.
Pure: plain data in, plain data out, no database.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from edubureau.staffing.allocation.dispatch import great_circle_km

LOCALITY_RANK = {"urban": 0, "town": 1, "rural": 2}
BASE_COST = 20.0  # every move disrupts a class; keeps every cost positive
TOWARDS_COUNTRY = {2: 0.0, 1: 5.0}  # rank steps towards the country → extra cost; otherwise WRONG_WAY
WRONG_WAY = 15.0
HEAD_TEACHER = 10.0
YEAR_BONUS, YEAR_BONUS_CAP = 0.5, 10
OVER = 40.0  # a teacher beyond a school's surplus or need: the first two each, then twice, then four times
OVER_STEPS = (
    (2.0, 1.0),
    (3.0, 2.0),
    (np.inf, 4.0),
)  # (teachers in the step, price × OVER): spreads the excess
SUBJECT_FIT = 8.0  # a PE/arts teacher to a school short of them (or away from one that has enough)
NEAREST = 12  # receiving schools considered per teacher (the cheapest)


class RotationError(ValueError):
    """The rules cannot be met with these teachers and schools; the message says what is missing."""


@dataclass(frozen=True)
class Site:
    """A school as the rotation sees it: where it is, its levels, and what it has over or lacks."""

    id: int
    lat: float
    lon: float
    locality: str
    levels: tuple[str, ...]
    surplus: int  # staff − 编制 norm: > 0 over its need, < 0 short
    backbone_gap: int  # 骨干 standard (1 per 100 pupils, rounded up) − 骨干 in post: > 0 short, < 0 rich
    sports_arts_short: bool | None = (
        None  # 体育/艺术 teachers under the 0.9 per 100 pupils standard (None: unknown)
    )

    @property
    def sends(self) -> int:
        return max(self.surplus, 0) + max(-self.backbone_gap, 0)

    @property
    def takes(self) -> int:
        return max(-self.surplus, 0) + max(self.backbone_gap, 0)


@dataclass(frozen=True)
class Candidate:
    """An eligible teacher: at ``school`` for ``years`` years."""

    id: int
    school: int
    backbone: bool
    years: int
    head_teacher: bool = False
    sports_arts: bool = False


@dataclass(frozen=True)
class Move:
    teacher: int
    from_school: int
    to_school: int
    km: float
    cost: float


def targets(eligible: int, share: int, backbone_share: int) -> tuple[int, int]:
    """(movers, 骨干 among them): ≥ share % of the eligible, ≥ backbone_share % of the movers, rounded up."""
    movers = math.ceil(eligible * share / 100)
    return movers, math.ceil(movers * backbone_share / 100)


def move_cost(t: Candidate, s: Site, r: Site, min_years: int) -> tuple[float, float]:
    """(km, disruption cost) of moving teacher ``t`` from ``s`` to ``r``."""
    km = float(great_circle_km(s.lat, s.lon, r.lat, r.lon))
    step = LOCALITY_RANK.get(r.locality, 0) - LOCALITY_RANK.get(s.locality, 0)
    cost = BASE_COST + km + TOWARDS_COUNTRY.get(step, WRONG_WAY)
    cost += HEAD_TEACHER if t.head_teacher else 0.0
    cost -= YEAR_BONUS * min(max(t.years - min_years, 0), YEAR_BONUS_CAP)
    if t.sports_arts and r.sports_arts_short is not None:
        cost += -SUBJECT_FIT if r.sports_arts_short else SUBJECT_FIT
    return km, cost


def rotate(
    candidates: Sequence[Candidate],
    sites: Sequence[Site],
    *,
    movers: int,
    backbone_movers: int,
    min_years: int = 6,
) -> list[Move]:
    """The moves of least total disruption meeting the counts; ``RotationError`` when none can."""
    if movers <= 0:
        return []
    by_id = {s.id: s for s in sites}
    senders = {s.id for s in sites if s.sends > 0}
    # a school may send what it has over and take what it lacks (surplus staff but short of 骨干, say)
    receivers = [s for s in sites if s.takes > 0]
    if not receivers:
        raise RotationError("没有缺编或骨干不足的学校可以接收交流教师")
    pairs: list[tuple[int, int, float, float]] = []  # (candidate index, receiver index, km, cost)
    for i, t in enumerate(candidates):
        home = by_id.get(t.school)
        if home is None or t.school not in senders:
            continue
        options = []
        for j, r in enumerate(receivers):
            if r.id != home.id and set(home.levels) & set(r.levels):
                km, cost = move_cost(t, home, r, min_years)
                options.append((cost, j, km))
        for cost, j, km in sorted(options)[:NEAREST]:
            pairs.append((i, j, km, cost))
    movable = {p[0] for p in pairs}
    if len(movable) < movers:
        raise RotationError(
            f"需交流 {movers} 人，但超编或骨干富余学校中只有 {len(movable)} 名符合条件的教师可派往缺编学校"
        )
    if sum(candidates[i].backbone for i in movable) < backbone_movers:
        raise RotationError(f"需交流骨干 {backbone_movers} 人，但可交流的骨干教师不足")
    send_ids = sorted({candidates[i].school for i in movable})
    send_row = {sid: k for k, sid in enumerate(send_ids)}
    n_pairs, n_send, n_recv = len(pairs), len(send_ids), len(receivers)
    steps = len(OVER_STEPS)
    n_vars = n_pairs + steps * (
        n_send + n_recv
    )  # x, then per step: over_out of each sender, over_in of each receiver
    price = np.concatenate([np.full(n_send + n_recv, OVER * f) for _n, f in OVER_STEPS])
    cost = np.concatenate([np.array([p[3] for p in pairs]), price])

    def slack(k: int, step: int) -> int:  # k: sender row, or n_send + receiver index
        return n_pairs + step * (n_send + n_recv) + k

    rows, cols, vals, lo, hi = [], [], [], [], []
    row = 0

    def add(entries, low, high):
        nonlocal row
        for c, v in entries:
            rows.append(row)
            cols.append(c)
            vals.append(v)
        lo.append(low)
        hi.append(high)
        row += 1

    by_teacher: dict[int, list[int]] = {}
    by_sender: dict[int, list[int]] = {}
    by_receiver: dict[int, list[int]] = {}
    for k, (i, j, _km, _c) in enumerate(pairs):
        by_teacher.setdefault(i, []).append(k)
        by_sender.setdefault(send_row[candidates[i].school], []).append(k)
        by_receiver.setdefault(j, []).append(k)
    for ks in by_teacher.values():
        add([(k, 1.0) for k in ks], 0, 1)
    for srow, ks in by_sender.items():
        cap = by_id[send_ids[srow]].sends
        add([(k, 1.0) for k in ks] + [(slack(srow, st), -1.0) for st in range(steps)], -np.inf, cap)
    for j, ks in by_receiver.items():
        add(
            [(k, 1.0) for k in ks] + [(slack(n_send + j, st), -1.0) for st in range(steps)],
            -np.inf,
            receivers[j].takes,
        )
    add([(k, 1.0) for k in range(n_pairs)], movers, movers)
    add([(k, 1.0) for k, p in enumerate(pairs) if candidates[p[0]].backbone], backbone_movers, np.inf)
    matrix = coo_matrix((vals, (rows, cols)), shape=(row, n_vars)).tocsr()
    integrality = np.concatenate([np.ones(n_pairs), np.zeros(steps * (n_send + n_recv))])
    upper = np.concatenate([np.ones(n_pairs), *[np.full(n_send + n_recv, n) for n, _f in OVER_STEPS]])
    constraints = LinearConstraint(matrix, lo, hi)
    bounds = Bounds(np.zeros(n_vars), upper)
    # The transportation part is totally unimodular, so the LP relaxation is most often integral already;
    # only when the 骨干 side constraint makes it fractional is the 0-1 programme solved (branch and bound).
    result = milp(cost, constraints=constraints, bounds=bounds)
    if result.x is None:
        raise RotationError("在现有学校和教师中找不到满足比例要求的交流方案")
    x = result.x[:n_pairs]
    if np.any(np.minimum(x, 1 - x) > 1e-6):
        result = milp(
            cost, constraints=constraints, integrality=integrality, bounds=bounds, options={"time_limit": 120}
        )
        if result.x is None:
            raise RotationError(
                "在限定时间内未能算出满足比例要求的交流方案，请缩小范围（按学段分别编制）后再算"
            )
    moves = []
    for k, (i, j, km, c) in enumerate(pairs):
        if result.x[k] > 0.5:
            t = candidates[i]
            moves.append(Move(teacher=t.id, from_school=t.school, to_school=receivers[j].id, km=km, cost=c))
    return moves
