"""Benchmark: school value-added for a city — 1,000,000 pupil scores in 2,000 schools — end to end as the
command line does it (``edubureau evaluation value-added SCORES.csv --json``): read the CSV, fit the closed-form
empirical-Bayes model (docs/algorithms.md §4), write the JSON. Budget (DESIGN §9): < 5 s.

Baseline, in the same run on the same data: statsmodels' ``MixedLM`` (REML random-intercept model, the peer
package), when statsmodels is installed (it is not a dependency: ``pip install statsmodels``); its estimates
are compared with ours. Without statsmodels the baseline is the same estimator written school by school in
Python (a per-school loop), and the output says so.

    .venv/bin/python bench/value_added.py [--pupils 1000000] [--schools 2000] [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import tempfile
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


def write_csv(path: str, school, prior, score) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("student,school,prior,outcome\n")
        buf = io.StringIO()
        for i, (s, p, o) in enumerate(zip(school.tolist(), prior.tolist(), score.tolist(), strict=True)):
            buf.write(f"P{i:07d},S{s:04d},{p:.1f},{o:.1f}\n")
        fh.write(buf.getvalue())


def end_to_end(path: str) -> dict:
    from edubureau.evaluation.valueadded import read_scores, report

    with open(path, encoding="utf-8", newline="") as fh:
        result = report(*read_scores(fh))
    json.dumps(result, ensure_ascii=False)
    return result


def per_school_loop(school, prior, score) -> dict:
    """The same estimator, school by school in Python (what a first version would write)."""
    groups: dict[int, list[tuple[float, float]]] = {}
    for s, x, y in zip(school.tolist(), prior.tolist(), score.tolist(), strict=True):
        groups.setdefault(s, []).append((x, y))
    sxy = sxx = 0.0
    means = {}
    for s, rows in groups.items():
        mx = sum(r[0] for r in rows) / len(rows)
        my = sum(r[1] for r in rows) / len(rows)
        means[s] = (mx, my, len(rows))
        for x, y in rows:
            sxy += (x - mx) * (y - my)
            sxx += (x - mx) ** 2
    slope = sxy / sxx
    return {s: my - slope * mx for s, (mx, my, _) in means.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pupils", type=int, default=1_000_000)
    parser.add_argument("--schools", type=int, default=2_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    school, prior, score, effects = simulate(args.pupils, args.schools)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "scores.csv")
        write_csv(path, school, prior, score)
        size = os.path.getsize(path)
        runs = []
        for _ in range(args.runs):
            start = time.perf_counter()
            result = end_to_end(path)
            runs.append(time.perf_counter() - start)
    seconds = statistics.median(runs)
    va = {int(s["school"][1:]): s["va"] for s in result["schools"]}
    order = sorted(va)
    corr = float(np.corrcoef([va[j] for j in order], effects[order])[0, 1])
    inside = np.mean([s["low"] <= effects[int(s["school"][1:])] <= s["high"] for s in result["schools"]])
    print(f"CSV {size / 1e6:.1f} MB, {args.pupils:,} pupils, {args.schools:,} schools")
    print(f"edubureau (read CSV → EB fit → JSON): median {seconds:.3f} s of {[round(t, 3) for t in runs]}")
    print(f"  correlation with the planted effects {corr:.3f}; 95 % intervals hold {inside:.1%} of them")

    try:
        import pandas as pd
        import statsmodels.formula.api as smf
    except ImportError:
        pd = smf = None
    if smf is not None:
        frame = pd.DataFrame({"school": school, "prior": prior, "score": score})
        start = time.perf_counter()
        model = smf.mixedlm("score ~ prior", frame, groups=frame["school"]).fit(reml=True)
        base = time.perf_counter() - start
        blup = {int(k): float(v.iloc[0]) for k, v in model.random_effects.items()}
        agree = float(np.corrcoef([va[j] for j in order], [blup[j] for j in order])[0, 1])
        print(f"statsmodels MixedLM (fit only, data already in memory): {base:.3f} s; "
              f"correlation of its BLUPs with ours {agree:.4f}; slope {model.fe_params['prior']:.4f} "
              f"vs ours {result['slope']:.4f}; τ² {float(model.cov_re.iloc[0, 0]):.3f} vs ours {result['tau2']:.3f}")  # fmt: skip
        baseline = "statsmodels-MixedLM"
    else:
        start = time.perf_counter()
        per_school_loop(school, prior, score)
        base = time.perf_counter() - start
        agree = None
        print(f"statsmodels is not installed: baseline is a per-school Python loop (fit only), {base:.3f} s")
        baseline = "per-school-loop"
    print(
        json.dumps(
            {
                "bench": "value_added",
                "pupils": args.pupils,
                "schools": args.schools,
                "seconds": round(seconds, 3),
                "runs": [round(t, 3) for t in runs],
                "correlation_with_truth": round(corr, 3),
                "interval_coverage": round(float(inside), 3),
                "baseline": baseline,
                "baseline_seconds": round(base, 3),
                "baseline_agreement": round(agree, 4) if agree is not None else None,
                "ratio": round(base / seconds, 1),
            }
        )
    )


if __name__ == "__main__":
    main()
