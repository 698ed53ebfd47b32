"""Benchmark: recompute every indicator of the demo district (both school years), on a fresh SQLite database.

Budget (DESIGN §9): < 2 s for the district on a 2-core machine. The demo is loaded once into a temporary
directory (``edubureau demo --scale district``); each run computes and stores all indicators for every
school year present through ``indicators.services.indicators_compute_all``; the median of the runs is
reported.

Baseline ("per-school-orm"): the simple way — for each school, its own queries for enrolment, classes
(one COUNT per class), teachers and finance, then the same formulas — timed in the same process, once.
pandas is not installed in the venv, so this is the baseline of the same run.

    .venv/bin/python bench/indicators.py [--scale district] [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup(var_dir: Path, scale: str) -> None:
    os.environ["EDUBUREAU_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edubureau.settings"
    os.environ.pop("EDUBUREAU_DATABASE_URL", None)
    os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("demo", scale=scale, verbosity=0)
    print(f"demo loaded in {time.perf_counter() - start:.1f} s", file=sys.stderr)


def run_engine() -> float:
    from edubureau.indicators.services import indicators_compute_all

    start = time.perf_counter()
    indicators_compute_all(actor=None)
    return time.perf_counter() - start


def run_baseline() -> float:
    """Per school: entrants, class sizes and bands, staffing, 7 balance figures, finance headcount check."""
    from edubureau.indicators import calculators as calc
    from edubureau.indicators.services import school_years_present
    from edubureau.registry.models import Enrollment, FinanceRecord, School, SchoolClass, Teacher

    start = time.perf_counter()
    out = {}
    for year in school_years_present():
        for school in School.objects.all():
            enrolled = Enrollment.objects.filter(school=school, school_year=str(year), status="enrolled")
            pupils = {lvl: enrolled.filter(level=lvl).count() for lvl in school.levels}
            entrants = {lvl: enrolled.filter(level=lvl, grade=1).count() for lvl in school.levels}
            sizes = [
                (k.enrollments.filter(status="enrolled").count(), k.level)
                for k in SchoolClass.objects.filter(school=school, school_year=str(year))
            ]
            teachers = list(Teacher.objects.filter(school=school))
            n = sum(pupils.values())
            finance = FinanceRecord.objects.filter(school=school, year=year.start_year).first()
            out[(school.pk, str(year))] = {
                "entrants": entrants,
                "bands": calc.class_size_summary(sizes),
                "per_teacher": calc.ratio(n, len(teachers)),
                "norm": calc.staffing_norm(pupils),
                "backbone": calc.per_hundred(sum(bool(t.backbone_level) for t in teachers), n),
                "floor": calc.ratio(float(school.teaching_floor_area), n),
                "rooms": calc.per_hundred(school.multimedia_rooms, n),
                "headcount_gap": finance.enrolment - n if finance else None,
            }
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", default="district", choices=["tiny", "district", "city", "province"])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory(prefix="bench-indicators-") as tmp:
        setup(Path(tmp), args.scale)
        times = []
        for i in range(args.runs):
            seconds = run_engine()
            times.append(seconds)
            print(f"run {i + 1}: {seconds:.3f} s", file=sys.stderr)
        seconds = statistics.median(times)
        baseline = None if args.no_baseline else run_baseline()
        if baseline is not None:
            print(f"baseline per-school-orm: {baseline:.3f} s", file=sys.stderr)
        from django.db import connections

        connections.close_all()
    result = {
        "bench": "indicators",
        "scale": args.scale,
        "seconds": round(seconds, 3),
        "baseline": "per-school-orm",
        "baseline_seconds": None if baseline is None else round(baseline, 3),
        "ratio": None if baseline is None else round(baseline / seconds, 2),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
