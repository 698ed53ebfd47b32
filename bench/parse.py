"""Benchmark: parse the 20 kB 2019 Quangang plan (budget < 0.5 s on 2 cores, DESIGN §9), and the same plan
grown to 2k/4k/8k/16k lines (budget: time linear in size up to 16k lines).

Baseline: cn2an's own ``transform(text, "cn2an")`` over the whole text — the peer package's one pass that
only rewrites Chinese numerals, no structure, leads or targets. The ratio is baseline / parser, so a ratio
below 1 means the parser costs that many times a bare cn2an pass.

Scaling: ``long_plan(lines)`` (the seed's items repeated, renumbered, 100 to a section; 16k lines ≈ 5.8 MB)
is parsed at each size, and so is ``repeated_plan(lines)`` (the seed repeated verbatim: one huge last
item); ``linearity`` is t(16k) / t(2k), 8 for a linear parser. ``five_mb_seconds`` is the
plan cut at the 5 MB upload limit (``PLAN_TEXT_MAX_BYTES``). These are CPU seconds (see ``CPU``).

Tables: ``table_plan(rows, layout)`` (a 重点工作任务分解表) of 200 and 500 rows in each text lay-out
(budget: 200 rows < 0.5 s); ``table_seconds`` in the JSON.

Usage: ``.venv/bin/python bench/parse.py [FILE] [--runs N] [--scale-runs N]``. The last line printed is the
JSON result.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import warnings
from pathlib import Path

from edubureau.planning.parser import parse_plan
from edubureau.planning.tests.synthetic import long_plan, repeated_plan, table_plan

DEFAULT = Path(__file__).resolve().parents[1] / "src/edubureau/planning/tests/data/quangang-2019.txt"
BUDGET_SECONDS = 0.5
SCALE_LINES = (2000, 4000, 8000, 16000)
FIVE_MB = 5 * 1024 * 1024
#: The scaling runs are timed in CPU seconds of this process (the parser is single-threaded): on a machine
#: shared with other jobs, wall time measures the neighbours as much as the parser.
CPU = time.process_time
SHAPES = {"plan": long_plan, "repeated": repeated_plan}


def median_seconds(fn, runs: int, clock=time.perf_counter) -> float:
    fn()  # warm-up: imports, regular-expression compilation
    times = []
    for _ in range(runs):
        start = clock()
        fn()
        times.append(clock() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file", nargs="?", default=str(DEFAULT))
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--scale-runs", type=int, default=3)
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
    scale = {name: {} for name in SHAPES}
    for name, make in SHAPES.items():
        for lines in SCALE_LINES:
            grown = make(lines)
            t = median_seconds(lambda grown=grown: parse_plan(grown), args.scale_runs, CPU)
            scale[name][lines] = t
            print(
                f"{name} {lines} lines, {len(grown.encode('utf-8')) / 1e6:.1f} MB: {t:.3f} s, "
                f"{t / lines * 1e6:.0f} µs a line"
            )
    five_mb = long_plan(16000).encode("utf-8")[:FIVE_MB].decode("utf-8", errors="ignore")
    five_mb_seconds = median_seconds(lambda: parse_plan(five_mb), args.scale_runs, CPU)
    linearity = {name: times[SCALE_LINES[-1]] / times[SCALE_LINES[0]] for name, times in scale.items()}
    print(
        f"5 MB: {five_mb_seconds:.3f} s; t(16k)/t(2k) = "
        + ", ".join(f"{r:.1f} ({name})" for name, r in linearity.items())
        + " (8 is linear)"
    )
    tables = {}
    for layout in ("rows", "bar", "blank"):
        for rows in (200, 500):
            grown = table_plan(rows, layout)
            t = median_seconds(lambda grown=grown: parse_plan(grown), args.scale_runs, CPU)
            tables[f"{layout}_{rows}"] = round(t, 4)
            print(f"table ({layout}) {rows} rows: {len(parse_plan(grown).items)} items, {t:.3f} s")
    result = {
        "bench": "parse_plan",
        "seconds": round(seconds, 4),
        "baseline": "cn2an-transform",
        "baseline_seconds": round(baseline_seconds, 4),
        "ratio": round(baseline_seconds / seconds, 2),
        "lines_seconds": {str(n): round(t, 3) for n, t in scale["plan"].items()},
        "linearity": round(linearity["plan"], 2),
        "repeated_lines_seconds": {str(n): round(t, 3) for n, t in scale["repeated"].items()},
        "repeated_linearity": round(linearity["repeated"], 2),
        "five_mb_seconds": round(five_mb_seconds, 3),
        "table_seconds": tables,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
