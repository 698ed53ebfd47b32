"""Benchmark: school-place projection and capacity (the seats page, ``projects.selectors.seat_balance``).

Budgets (DESIGN §9, 2-core machine): a district < 1 s; a province (84 counties, 7 M pupils) on PostgreSQL
< 60 s.

``--scale district`` (default): the demo district (``edubureau demo --scale district``, ≈74,000 pupils a
year, two school years, plus the 36 projects of plan task 20) in a fresh SQLite database in a temporary
directory; ``seat_balance`` for a user who sees everything is timed, the median of ``--runs``. Baseline
("per-town-orm"): the simple way — for each town, one COUNT query per school year, level and grade, the
population and the schools read per town, then the same projection — timed in the same process.

``--scale province --database-url postgres://…``: a synthetic province, since generating the province demo
(≈20 min, ≈8 GB) is beyond a shared 2-core machine: an UNLOGGED table ``bench_projection_pupil`` of one row
per pupil and school year (7,000,000 pupils a year × 2 years over 84 counties × 10 towns × 20 schools, the
demo's shares by level and grade), a population table by town and single year of age, and a school table
with capacities. Timed: the same GROUP BY the selector issues (town, school, year, level, grade), the
population and capacity reads, and the projection and capacity arithmetic of every one of the 840 towns
(``projection.project``, ``selectors._capacity_by_level``). The tables are dropped at the end.

    .venv/bin/python bench/projection.py [--scale district] [--runs 5]
    createdb -h 127.0.0.1 -U postgres eb_bench && .venv/bin/python bench/projection.py --scale province \\
        --database-url postgres://postgres@127.0.0.1:5432/eb_bench

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


def setup(var_dir: Path, database_url: str | None) -> None:
    os.environ["EDUBUREAU_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edubureau.settings"
    os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")
    if database_url:
        os.environ["EDUBUREAU_DATABASE_URL"] = database_url
    else:
        os.environ.pop("EDUBUREAU_DATABASE_URL", None)
    import django

    django.setup()


# --- district: the real selector on the demo -----------------------------------------------------------


def district(runs: int) -> dict:
    from django.core.management import call_command

    from edubureau.accounts.models import User
    from edubureau.demo.projects import projects_demo_play
    from edubureau.projects import selectors
    from edubureau.registry.models import Enrollment

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    call_command("demo", scale="district", verbosity=0)
    projects_demo_play()
    print(f"demo district and its projects loaded in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    user = User.objects.create(username="bench", is_superuser=True)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = selectors.seat_balance(user=user)
        times.append(time.perf_counter() - start)
    towns = len(result["towns"])
    print(f"seat_balance: {towns} towns, runs {[round(t, 3) for t in times]}", file=sys.stderr)
    start = time.perf_counter()
    naive = per_town_orm()
    baseline = time.perf_counter() - start
    assert naive == {t["town"].pk: t["rows"][1]["cells"][1]["demand"] for t in result["towns"]}, (
        "baseline differs"
    )
    print(f"baseline per-town-orm: {baseline:.3f} s", file=sys.stderr)
    seconds = statistics.median(times)
    return {
        "bench": "projection",
        "scale": "district",
        "database": "sqlite",
        "pupils": Enrollment.objects.count(),
        "towns": towns,
        "seconds": round(seconds, 3),
        "budget_seconds": 1.0,
        "baseline": "per-town-orm",
        "baseline_seconds": round(baseline, 3),
        "ratio": round(baseline / seconds, 2),
    }


def per_town_orm() -> dict[int, int]:
    """The simple way: per town, a COUNT per (school year, level, grade); the next year's primary pupils."""
    from edubureau.projects import projection
    from edubureau.registry.choices import AreaKind, EnrollmentStatus
    from edubureau.registry.models import Area, Enrollment, Population

    out = {}
    years = sorted(set(Enrollment.objects.values_list("school_year", flat=True)))
    for town in Area.objects.filter(kind=AreaKind.TOWN).order_by("code"):
        history = {}
        for sy in years:
            counts = {}
            for level, n in projection.CHAIN.items():
                for grade in range(1, n + 1):
                    counts[(level, grade)] = Enrollment.objects.filter(
                        school__area=town, school_year=sy, level=level, grade=grade,
                        status=EnrollmentStatus.ENROLLED,
                    ).count()  # fmt: skip
            history[int(sy[:4])] = counts
        if not any(any(c.values()) for c in history.values()):
            continue
        pop = {(p.year, p.age): p.count for p in Population.objects.filter(area=town, group="")}
        future = projection.project(history, pop, 5)
        out[town.pk] = projection.by_level(future[min(future)])["primary"]
    return out


# --- province: a synthetic per-pupil table on PostgreSQL -------------------------------------------------

COUNTIES, TOWNS_PER_COUNTY, SCHOOLS_PER_TOWN = 84, 10, 20
PUPILS_PER_YEAR = 7_000_000
# shares of the pupils by (level, grade), roughly the demo's: 3 preschool, 6 primary, 3 junior, 3 senior
GRADES = [("preschool", g) for g in (1, 2, 3)] + [("primary", g) for g in range(1, 7)] + \
         [("junior", g) for g in (1, 2, 3)] + [("senior", g) for g in (1, 2, 3)]  # fmt: skip


def province(database_url: str, runs: int) -> dict:
    from django.db import connection

    from edubureau.projects import projection, selectors

    if connection.vendor != "postgresql":
        sys.exit("--scale province needs --database-url postgres://…")
    towns = COUNTIES * TOWNS_PER_COUNTY
    schools = towns * SCHOOLS_PER_TOWN
    levels = "ARRAY[" + ",".join(f"'{lv}'" for lv, _ in GRADES) + "]"
    grades = "ARRAY[" + ",".join(str(g) for _, g in GRADES) + "]"
    start = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute(
            "DROP TABLE IF EXISTS bench_projection_pupil, bench_projection_pop, bench_projection_school"
        )
        cur.execute(
            "CREATE UNLOGGED TABLE bench_projection_pupil (county int, town int, school int, "
            "school_year text, level text, grade int)"
        )
        for year, growth in ((2018, 0), (2019, 7)):
            # pupil i of a year: school i % schools (so every school has pupils of every grade), its
            # (level, grade) by i / schools % 15; a later year has a little more of the younger grades
            cur.execute(
                f"""INSERT INTO bench_projection_pupil
                SELECT s / {SCHOOLS_PER_TOWN * TOWNS_PER_COUNTY}, s / {SCHOOLS_PER_TOWN}, s,
                       '{year}-{year + 1}', ({levels})[k + 1], ({grades})[k + 1]
                FROM (SELECT i % {schools} AS s, (i / {schools}) % {len(GRADES)} AS k
                      FROM generate_series(0, {PUPILS_PER_YEAR + growth * 1000} - 1) AS i) AS p"""  # noqa: S608 (the module's own integer constants)
            )
        cur.execute(
            "CREATE UNLOGGED TABLE bench_projection_pop AS SELECT t AS town, y AS year, a AS age, "  # noqa: S608 (constants)
            f"{PUPILS_PER_YEAR // len(GRADES) // towns} + (t % 7) * 3 AS count "
            f"FROM generate_series(0, {towns} - 1) t, generate_series(2017, 2020) y, generate_series(0, 18) a"
        )
        cur.execute(
            "CREATE UNLOGGED TABLE bench_projection_school AS SELECT s AS id, s / "  # noqa: S608 (constants)
            f"{SCHOOLS_PER_TOWN} AS area_id, CASE s % 4 WHEN 0 THEN 'kindergarten' WHEN 1 THEN 'primary' "
            "WHEN 2 THEN 'junior' ELSE 'nine_year' END AS kind, 320 + (s % 5) * 10 AS capacity "
            f"FROM generate_series(0, {schools} - 1) s"
        )
        cur.execute("ANALYZE bench_projection_pupil")
    print(f"synthetic province ({2 * PUPILS_PER_YEAR:,} pupil-years) written in "
          f"{time.perf_counter() - start:.1f} s", file=sys.stderr)  # fmt: skip

    def once() -> int:
        with connection.cursor() as cur:
            cur.execute(
                "SELECT town, school, school_year, level, grade, count(*) FROM bench_projection_pupil "
                "WHERE level IN ('preschool', 'primary', 'junior') GROUP BY 1, 2, 3, 4, 5"
            )
            raw = cur.fetchall()
            cur.execute("SELECT town, year, age, count FROM bench_projection_pop")
            pops = cur.fetchall()
            cur.execute("SELECT id, area_id, kind, capacity FROM bench_projection_school")
            school_rows = [dict(zip(("id", "area_id", "kind", "capacity"), r, strict=True)) for r in cur]
        history: dict[int, dict[int, dict]] = {}
        by_school: dict[tuple[int, str], int] = {}
        latest = max(int(r[2][:4]) for r in raw)
        for town, school, sy, level, grade, n in raw:
            t = int(sy[:4])
            counts = history.setdefault(town, {}).setdefault(t, {})
            counts[(level, grade)] = counts.get((level, grade), 0) + n
            if t == latest:
                by_school[(school, level)] = by_school.get((school, level), 0) + n
        pop: dict[int, dict] = {}
        for town, year, age, count in pops:
            pop.setdefault(town, {})[(year, age)] = count
        capacity = selectors._capacity_by_level(school_rows, by_school)
        shortfall = 0
        for town, hist in history.items():
            future = projection.project(hist, pop.get(town, {}), 5)
            for counts in future.values():
                for level, demand in projection.by_level(counts).items():
                    shortfall += max(0, demand - round(capacity.get((town, level), 0)))
        return shortfall

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        shortfall = once()
        times.append(time.perf_counter() - start)
    print(f"province projection: 840 towns, runs {[round(t, 2) for t in times]}, "
          f"summed shortfall {shortfall:,}", file=sys.stderr)  # fmt: skip
    with connection.cursor() as cur:
        cur.execute("DROP TABLE bench_projection_pupil, bench_projection_pop, bench_projection_school")
    return {
        "bench": "projection",
        "scale": "province-synthetic",
        "database": "postgresql",
        "pupils": 2 * PUPILS_PER_YEAR,
        "towns": towns,
        "seconds": round(statistics.median(times), 3),
        "budget_seconds": 60.0,
        "baseline": None,
        "baseline_seconds": None,
        "ratio": None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("district", "province"), default="district")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-projection-") as tmp:
        setup(Path(tmp), args.database_url if args.scale == "province" else None)
        result = district(args.runs) if args.scale == "district" else province(args.database_url, args.runs)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
