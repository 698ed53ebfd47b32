"""Benchmark: school value-added for a city (1,000,000 pupil scores, 2,000 schools) by the closed-form
empirical-Bayes estimator (docs/algorithms.md §4). Baseline ("per-school loop"): the same estimator with the
school means and residual variances computed school by school in Python, what a first version would write.

    .venv/bin/python bench/valueadded.py [--pupils 1000000] [--schools 2000] [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np


def simulate(pupils: int, schools: int, seed: int = 11):
    rng = np.random.default_rng(seed)
    effects = rng.normal(0, 4, schools)
    intake = rng.normal(70, 12, schools)
    school = rng.integers(0, schools, pupils)
    prior = rng.normal(intake[school], 8.0)
    score = 10 + 0.9 * prior + effects[school] + rng.normal(0, 10, pupils)
    return school, prior, score, effects


def per_school_means(school, values):
    groups: dict[int, list[float]] = {}
    for s, v in zip(school.tolist(), values.tolist(), strict=True):
        groups.setdefault(s, []).append(v)
    return {s: sum(v) / len(v) for s, v in groups.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from edubureau.evaluation.valueadded import fit

    school, prior, score, effects = simulate(args.pupils, args.schools)
    runs = []
    for _ in range(args.runs):
        start = time.perf_counter()
        result = fit(school, prior, score)
        runs.append(time.perf_counter() - start)
    seconds = statistics.median(runs)
    va = np.array([s.value_added for s in result.schools])
    corr = float(np.corrcoef(va, effects[np.array([s.school for s in result.schools])])[0, 1])
    print(
        f"fit: {args.pupils:,} pupils, {args.schools:,} schools in {seconds:.3f} s; corr with truth {corr:.3f}"
    )
    start = time.perf_counter()
    per_school_means(school, prior)
    per_school_means(school, score)
    base = (time.perf_counter() - start) * 2  # two more passes (residuals, their variance) as a lower bound
    print(f"baseline per-school loop (lower bound): {base:.3f} s")
    print(
        json.dumps(
            {
                "bench": "valueadded",
                "pupils": args.pupils,
                "schools": args.schools,
                "seconds": round(seconds, 3),
                "runs": [round(t, 3) for t in runs],
                "correlation_with_truth": round(corr, 3),
                "baseline": "per-school-loop",
                "baseline_seconds": round(base, 3),
                "ratio": round(base / seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
