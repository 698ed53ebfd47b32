"""Benchmark: 区管校聘 and the turnover pool at a city's size (issue 12 §9, docs/algorithms.md §1–2).

1. Allocation: 10,000 teachers × 500 schools, lists of 10 schools, preferences correlated (a few schools
   everyone wants), every teacher holding a post and a tenth of the posts cut. Ours: ``staffing allocate``'s
   three rounds on the JSON instance (DA with the status quo, then the least-cost 组织调剂). Baseline: the
   `matching` package's HospitalResident, resident-optimal, on the same rounds-1–2 instance (build + solve
   timed), the library the reference measured. Budget: < 1 s and ≥ 50× faster.
2. Dispatch: 1,000 vacancies × 5,000 pool teachers inside a county, end to end from the JSON instance.
   Budget: < 2 s.

    .venv/bin/python bench/staffing.py [--teachers 10000] [--schools 500] [--runs 3] [--skip-baseline]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import threading
import time
import warnings

SUBJECTS = ["语文", "数学", "英语", "科学", "体育"]


def allocate_instance(teachers: int, schools: int, seed: int = 7) -> dict:
    rnd = random.Random(seed)
    ids = [f"S{j:04d}" for j in range(schools)]
    appeal = [rnd.random() ** 2 for _ in ids]
    posts = {s: dict.fromkeys(SUBJECTS, 0) for s in ids}
    rows = []
    for i in range(teachers):
        home, subject = rnd.choice(ids), rnd.choice(SUBJECTS)
        posts[home][subject] += 1
        prefs = sorted(rnd.sample(ids, 10), key=lambda s: -(appeal[int(s[1:])] + rnd.random() * 0.3))
        rows.append(
            {
                "id": f"T{i:05d}",
                "school": home,
                "subject": subject,
                "score": round(rnd.uniform(60, 100), 1),
                "prefs": prefs,
            }
        )
    for s in ids:
        for subject in SUBJECTS:
            posts[s][subject] -= posts[s][subject] // 10
    return {"schools": [{"id": s, "posts": posts[s]} for s in ids], "teachers": rows}


def dispatch_instance(vacancies: int, pool: int, seed: int = 5) -> dict:
    rnd = random.Random(seed)

    def where():
        return {"lat": 25.05 + rnd.random() * 0.3, "lon": 118.75 + rnd.random() * 0.35}

    return {
        "vacancies": [
            {
                "id": f"V{i}",
                "school": f"S{i % 200}",
                "subject": rnd.choice(SUBJECTS),
                "level": "小学",
                "start": f"2019-03-{rnd.randint(1, 9):02d}",
                "end": f"2019-04-{rnd.randint(10, 30):02d}",
                **where(),
            }
            for i in range(vacancies)
        ],
        "pool": [
            {
                "id": f"P{i}",
                "subjects": rnd.sample(SUBJECTS, 2),
                "levels": ["小学", "初中"],
                "available_from": "2019-03-01",
                "available_to": f"2019-{rnd.randint(4, 7):02d}-30",
                **where(),
            }
            for i in range(pool)
        ],
    }


def matching_baseline(data: dict) -> float:
    """HospitalResident on the same priorities (own teachers first, then score, then id)."""
    from matching.games import HospitalResident

    places = {f"{s['id']}|{sub}": n for s in data["schools"] for sub, n in s["posts"].items() if n > 0}
    residents, by_id = {}, {}
    for t in data["teachers"]:
        listed = t["prefs"] + ([t["school"]] if t["school"] not in t["prefs"] else [])
        residents[t["id"]] = [f"{s}|{t['subject']}" for s in listed if f"{s}|{t['subject']}" in places]
        by_id[t["id"]] = t
    applicants: dict[str, list[str]] = {}
    for r, posts in residents.items():
        for p in posts:
            applicants.setdefault(p, []).append(r)
    hospitals = {
        p: sorted(rs, key=lambda r: (by_id[r]["school"] != p.split("|")[0], -by_id[r]["score"], r))
        for p, rs in applicants.items()
    }
    residents = {r: p for r, p in residents.items() if p}
    out = {}

    def run():
        start = time.perf_counter()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            game = HospitalResident.create_from_dictionaries(
                residents, hospitals, {h: places[h] for h in hospitals}
            )
            game.solve(optimal="resident")
        out["seconds"] = time.perf_counter() - start

    # The package deep-copies its player graph recursively (RecursionError at 5,000 residents otherwise).
    sys.setrecursionlimit(1_000_000)
    threading.stack_size(512 * 1024 * 1024)
    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return out["seconds"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--teachers", type=int, default=10_000)
    parser.add_argument("--schools", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-baseline", action="store_true", help="skip the slow `matching` baseline")
    args = parser.parse_args()
    from edubureau.staffing.allocation.instances import allocate
    from edubureau.staffing.allocation.instances import dispatch_instance as dispatch

    data = allocate_instance(args.teachers, args.schools)
    runs = []
    for _ in range(args.runs):
        start = time.perf_counter()
        out = allocate(data)
        runs.append(time.perf_counter() - start)
    seconds = statistics.median(runs)
    print(
        f"allocate: {args.teachers:,} teachers × {args.schools} schools in {seconds:.3f} s; rounds {out['rounds']}"
    )
    base = None if args.skip_baseline else matching_baseline(data)
    if base is not None:
        print(f"baseline matching.HospitalResident (build + solve): {base:.2f} s")

    pool = dispatch_instance(1_000, 5_000)
    dispatch_runs = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = dispatch(json.loads(json.dumps(pool)))
        dispatch_runs.append(time.perf_counter() - start)
    dispatch_seconds = statistics.median(dispatch_runs)
    print(
        f"dispatch: 1,000 vacancies × 5,000 pool in {dispatch_seconds:.2f} s; {len(result['unfilled'])} unfilled"
    )
    print(
        json.dumps(
            {
                "bench": "staffing",
                "teachers": args.teachers,
                "schools": args.schools,
                "seconds": round(seconds, 3),
                "runs": [round(t, 3) for t in runs],
                "baseline": "matching.HospitalResident",
                "baseline_seconds": None if base is None else round(base, 2),
                "ratio": None if base is None else round(base / seconds, 1),
                "dispatch_seconds": round(dispatch_seconds, 3),
                "budget_ok": seconds < 1 and (base is None or base / seconds >= 50) and dispatch_seconds < 2,
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
