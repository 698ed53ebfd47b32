"""Benchmark: the 校际交流 proposal (issue 12 §6) at a district's and a city's size.

Eligible teachers (≥ 6 years at one school) at 义务教育 schools spread over a county; schools over or under
their 编制 and rich or poor in 骨干. Ours: ``allocation.rotation.rotate``, the 0-1 programme on HiGHS
(``scipy.optimize.milp``) with the 10 % / 20 % side constraints. Baseline, in the same run: the simple way, a
greedy pass (cheapest move first while the counts and capacities allow), which gives no optimality guarantee;
its total disruption is printed beside ours (ours is never larger).

    .venv/bin/python bench/pool.py [--teachers 2000] [--schools 100] [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from edubureau.staffing.allocation.rotation import (  # noqa: E402
    OVER,
    OVER_STEPS,
    Candidate,
    Site,
    move_cost,
    rotate,
    targets,
)


def instance(teachers: int, schools: int, seed: int = 11):
    rnd = random.Random(seed)
    sites = [
        Site(
            j,
            25.0 + rnd.random() * 0.3,
            118.7 + rnd.random() * 0.3,
            rnd.choice(["urban", "town", "rural"]),
            ("primary",) if j % 3 else ("junior",),
            surplus=rnd.randint(-6, 6),
            backbone_gap=rnd.randint(-3, 3),
        )
        for j in range(schools)
    ]
    cands = [
        Candidate(i, rnd.randrange(schools), rnd.random() < 0.18, rnd.randint(6, 25), rnd.random() < 0.3)
        for i in range(teachers)
    ]
    return cands, sites


def price(n: int, cap: int) -> float:
    """What ``n`` teachers cost beyond a capacity of ``cap`` (the convex steps of ``OVER_STEPS``)."""
    over, total = max(0, n - cap), 0.0
    for size, factor in OVER_STEPS:
        take = min(over, size)
        total, over = total + take * OVER * factor, over - take
    return total


def greedy(cands, sites, movers, backbone):
    """Cheapest allowed move first (骨干 first until their count is met), over capacity at the same price."""
    by_id = {s.id: s for s in sites}
    senders = {s.id for s in sites if s.sends > 0}
    receivers = [s for s in sites if s.takes > 0]
    options = []
    for t in cands:
        if t.school in senders:
            for r in receivers:
                if r.id != t.school and set(by_id[t.school].levels) & set(r.levels):
                    options.append((move_cost(t, by_id[t.school], r, 6)[1], t.backbone, t.id, t.school, r.id))
    options.sort()
    sent, took, moved, total, n, nb = {}, {}, set(), 0.0, 0, 0
    for pass_backbone in (True, False):
        for cost, bb, tid, s, r in options:
            if n >= movers or tid in moved or (pass_backbone and (not bb or nb >= backbone)):
                continue
            extra = price(sent.get(s, 0) + 1, by_id[s].sends) - price(sent.get(s, 0), by_id[s].sends)
            extra += price(took.get(r, 0) + 1, by_id[r].takes) - price(took.get(r, 0), by_id[r].takes)
            moved.add(tid)
            sent[s], took[r] = sent.get(s, 0) + 1, took.get(r, 0) + 1
            total, n, nb = total + cost + extra, n + 1, nb + bb
    return total


def ours_total(moves, sites):
    sent, took, total = {}, {}, 0.0
    by_id = {s.id: s for s in sites}
    for m in moves:
        sent[m.from_school] = sent.get(m.from_school, 0) + 1
        took[m.to_school] = took.get(m.to_school, 0) + 1
        total += m.cost
    total += sum(price(n, by_id[s].sends) for s, n in sent.items())
    total += sum(price(n, by_id[r].takes) for r, n in took.items())
    return total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--teachers", type=int, default=2000)
    parser.add_argument("--schools", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    cands, sites = instance(args.teachers, args.schools)
    movers, backbone = targets(len(cands), 10, 20)
    runs, base_runs = [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        moves = rotate(cands, sites, movers=movers, backbone_movers=backbone)
        runs.append(time.perf_counter() - start)
        start = time.perf_counter()
        base_total = greedy(cands, sites, movers, backbone)
        base_runs.append(time.perf_counter() - start)
    seconds, base = statistics.median(runs), statistics.median(base_runs)
    total = ours_total(moves, sites)
    print(f"交流方案 {args.teachers} 名符合条件教师 × {args.schools} 所学校：交流 {len(moves)} 人"
          f"（骨干 {sum(cands[m.teacher].backbone for m in moves)}），用时 {seconds:.3f} 秒，总扰动 {total:.1f}")  # fmt: skip
    print(
        f"贪心基线：用时 {base:.3f} 秒，总扰动 {base_total:.1f}（高出 {100 * (base_total / total - 1):.1f}%）"
    )
    print(
        json.dumps(
            {
                "bench": "rotation",
                "scale": f"{args.teachers}x{args.schools}",
                "seconds": round(seconds, 4),
                "baseline": "greedy",
                "baseline_seconds": round(base, 4),
                "ratio": round(base / seconds, 3),
                "disruption": round(total, 1),
                "baseline_disruption": round(base_total, 1),
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
