"""Benchmark: a district's 跨校竞聘 (deferred acceptance with the status quo) and its 组织调剂 (least-cost
assignment), at sizes a 区 and a city have (docs/algorithms.md §1–2: a 区 has a few thousand to 10k teachers,
50–200 schools, 3–10 choices each).

Preferences are correlated (a popular school is popular with most) and each teacher holds a post, as in a
real competition. Baseline ("sorted-list DA"): the same algorithm with each post's admitted list re-sorted on
every proposal instead of kept as a heap, what a first version would write.

    .venv/bin/python bench/allocation.py [--teachers 10000] [--posts 600] [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time


def instance(teachers: int, posts: int, seed: int = 7):
    from edubureau.staffing.allocation.compete import Applicant

    rnd = random.Random(seed)
    names = [f"P{j}" for j in range(posts)]
    appeal = [rnd.random() ** 2 for _ in names]  # a few schools everyone wants
    places = {p: 0 for p in names}
    applicants = []
    for i in range(teachers):
        holds = names[rnd.randrange(posts)]
        places[holds] += 1
        choices = sorted(rnd.sample(names, 10), key=lambda p: -(appeal[int(p[1:])] + rnd.random() * 0.3))
        score = round(rnd.uniform(60, 100), 2)
        applicants.append(Applicant(id=i, score=score, choices=tuple(choices), holds=holds, tiebreak=i))
    for p in names:  # a tenth of the places are cut, as when enrolment falls
        places[p] = max(0, places[p] - (places[p] // 10))
    return applicants, places


def sorted_list_da(applicants, places):
    from edubureau.staffing.allocation.compete import _choices

    admitted = {p: [] for p in places}
    nxt = {a.id: 0 for a in applicants}
    by_id = {a.id: a for a in applicants}
    free = [a.id for a in applicants]
    while free:
        a = by_id[free.pop()]
        lst = _choices(a)
        while nxt[a.id] < len(lst):
            post = lst[nxt[a.id]]
            nxt[a.id] += 1
            if places[post] <= 0:
                continue
            group = sorted([*admitted[post], a], key=lambda b: (b.holds != post, -b.score, b.tiebreak))
            admitted[post] = group[: places[post]]
            if a in admitted[post]:
                free.extend(b.id for b in group[places[post] :])
                break
    return admitted


def timed(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=10_000)
    parser.add_argument("--posts", type=int, default=600)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from edubureau.staffing.allocation.assign import assign
    from edubureau.staffing.allocation.compete import compete

    applicants, places = instance(args.teachers, args.posts)
    seconds, runs = timed(lambda: compete(applicants, places), args.runs)
    result = compete(applicants, places)
    left = result.unplaced()
    print(
        f"compete: {len(applicants):,} teachers, {len(places)} posts, {len(left):,} unplaced, {seconds:.3f} s"
    )
    base, _ = timed(lambda: sorted_list_da(applicants, places), 1)
    same = {a.id: p for p, group in sorted_list_da(applicants, places).items() for a in group}
    assert same == {a: p for a, p in result.placed.items() if p is not None}, "baseline disagrees"
    print(f"baseline sorted-list DA: {base:.3f} s")

    rnd = random.Random(3)
    spare = {f"V{j}": rnd.randint(1, 3) for j in range(len(left) // 2 + 1)}
    costs = {(t, v): (None if rnd.random() < 0.2 else rnd.uniform(0, 40)) for t in left for v in spare}
    start = time.perf_counter()
    placed = assign(left, spare, lambda t, v: costs[t, v])
    assign_seconds = time.perf_counter() - start
    filled = sum(1 for v in placed.values() if v is not None)
    print(
        f"assign: {len(left):,} teachers to {sum(spare.values()):,} places, {filled:,} filled, {assign_seconds:.3f} s"
    )
    print(
        json.dumps(
            {
                "bench": "allocation",
                "teachers": len(applicants),
                "posts": len(places),
                "seconds": round(seconds, 4),
                "runs": [round(t, 4) for t in runs],
                "baseline": "sorted-list-da",
                "baseline_seconds": round(base, 3),
                "ratio": round(base / seconds, 1),
                "assign_teachers": len(left),
                "assign_seconds": round(assign_seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
