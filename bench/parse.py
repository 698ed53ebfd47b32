"""Benchmark: parse the 20 kB 2019 Quangang plan (budget < 0.5 s on 2 cores, DESIGN §9).

Baseline: cn2an's own ``transform(text, "cn2an")`` over the whole text — the peer package's one pass that
only rewrites Chinese numerals, no structure, leads or targets. The ratio is baseline / parser, so a ratio
below 1 means the parser costs that many times a bare cn2an pass.

Usage: ``.venv/bin/python bench/parse.py [FILE] [--runs N]``. The last line printed is the JSON result.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings
from pathlib import Path

from edubureau.planning.parser import parse_plan

DEFAULT = Path(__file__).resolve().parents[1] / "src/edubureau/planning/tests/data/quangang-2019.txt"
BUDGET_SECONDS = 0.5


def median_seconds(fn, runs: int) -> float:
    fn()  # warm-up: imports, regular-expression compilation
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    text = Path(args.file).read_text(encoding="utf-8")

    import cn2an

    def baseline() -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # cn2an warns on every numeral-like word it cannot convert
            cn2an.transform(text, "cn2an")

    plan = parse_plan(text)
    seconds = median_seconds(lambda: parse_plan(text), args.runs)
    baseline_seconds = median_seconds(baseline, args.runs)
    print(
        f"{Path(args.file).name}: {len(text.encode('utf-8')) / 1024:.1f} kB, {len(plan.items)} items, "
        f"{len(plan.preamble_targets) + sum(len(i.targets) for i in plan.items)} targets; "
        f"median {seconds * 1000:.1f} ms over {args.runs} runs (budget {BUDGET_SECONDS * 1000:.0f} ms)"
    )
    result = {
        "bench": "parse_plan",
        "seconds": round(seconds, 4),
        "baseline": "cn2an-transform",
        "baseline_seconds": round(baseline_seconds, 4),
        "ratio": round(baseline_seconds / seconds, 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
