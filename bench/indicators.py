"""Benchmark: recompute every indicator of the demo data (both school years).

Budgets (DESIGN §9, 2-core machine): < 0.5 s for the district; < 30 s for the province (7 M students) on
PostgreSQL; after an import into one school, the recomputation that follows < 0.2 s for a district. Each run computes and stores all indicators of every county for every school year present
through ``indicators.services.indicators_compute_all``; the median of the runs is reported (on a fresh
database the first run inserts every value, the later ones are recomputations that upsert them).

Data: by default the demo (``edubureau demo --scale …``) is loaded into a fresh SQLite database in a
temporary directory. With ``--database-url postgres://…`` the given PostgreSQL database is used: an empty one
is migrated, loaded with the demo of ``--scale`` and ANALYZEd (a bulk load leaves the planner without
statistics); one that already holds schools is reused as it is, so the slow scales are generated once:

    createdb -h 127.0.0.1 -U postgres ind_city
    .venv/bin/python bench/indicators.py --scale city --database-url postgres://postgres@127.0.0.1:5432/ind_city
    dropdb -h 127.0.0.1 -U postgres ind_city

``--scale city`` is 11 counties (≈857,000 students, ≈2 min to generate on PostgreSQL); ``--scale province``
is 84 counties (≈7.4 million students, 8.0 GB; 400 s CPU in Python and 358 s in the server to generate,
24.5 min on the wall clock at load 8–10 on the shared machine). The database is never dropped by this
script.

``--workers`` (default 2) is what ``indicators compute --workers`` passes: a run of more than 16 counties on
PostgreSQL computes each school year in a worker process of its own. After the timed runs one run in a
single process is timed too (``one_process_seconds``), the baseline of the same run. The CPU reported is
this process's and its workers', not the database server's.

Province, 2026-12-04 (PostgreSQL 15, 943,894 values over two school years, ``nice -n 10``, load average
8–13 from other engineers' suites on the 2 cores): before, runs 249.6 (the first, inserting), 134.3,
126.8 s, 13.9 s CPU; now — ``work_mem`` 256 MB and JIT off for the province's read, no county filter when
every county is asked for, a school year per worker — runs 87.6, 86.2, 78.1 s at load 8.3–8.5, median
86.2 s, spread 9.5 s, 15.3 s CPU, the same values; one process in the same run: 83.3 s at load 6.0 (two
workers buy nothing without a free core; the gain is the queries'). Again at load 3.5–5: runs 41.7, 45.4,
45.3 s, median 45.3 s, spread 3.7 s, 14.7 s CPU; one process 55.3 s at load 4.1. The rest is the server's (``EXPLAIN (ANALYZE, BUFFERS)``
of the enrolment and class-size queries in ``docs/scale.md``: 27.3 → 19.9 s and 12.1 → 9.1 s).

Province, 2026-12-05, on the quiet machine (nothing else running, load 2.0–2.4 from the bench and its
server), after the enrolment gained its pupil's birth year and disability (``registry.triggers``: no join
with the 7.37 M pupils) and the class sizes were counted on the enrolments alone: **runs 46.8 (the first,
inserting every value), 16.1, 16.0 s, median 16.1 s**, 13.9 s CPU; one process in the same run 26.5 s. The
enrolment aggregate 19.9 → 3.7 s and the class sizes 9.1 → 3.0 s a year (``docs/scale.md``).

Baseline ("per-school-orm"): the simple way — for each school, its own queries for enrolment, classes
(one COUNT per class), teachers and finance, then the same formulas — timed in the same process, once.
pandas is not installed in the venv, so this is the baseline of the same run. It is skipped by default for
the province (hours of per-class queries); ``--baseline`` forces it, ``--no-baseline`` skips it.

    .venv/bin/python bench/indicators.py [--scale district] [--runs 3]

Incremental: after the timed runs, 45 pupils are imported into one primary school (``import_run``) and the
recomputation the import queues is run and timed (``freshness.recompute_due``: only that school's rows are
read again, ``services.indicators_compute_schools``); then the same kind of import is followed by a full
recomputation of the county (what that task did before), ``--runs`` times each, alternating. Once, untimed,
a full recomputation that compares with the database (nothing kept) checks that the incremental one left
every value as it would have: no value created, changed or removed.

``--profile DIR`` writes cProfile statistics (CPU time) of the timed full runs after the first and of the
incremental ones to ``DIR/full.pstats`` and ``DIR/incremental.pstats`` and prints their top; the figures of a
profiled run are not the code's (the profiler doubles the Python part).

Where the time goes (district, SQLite, 2 school years, cProfile, 2026-12-04): the eight grouped queries are
most of it, and a third of the whole was ``django_date_extract`` — Django's SQLite ``ExtractYear`` calls a
Python function per row (150,000 enrolments): the birth year was then read in SQL, 0.62 → 0.42 s CPU, and
is now a column of the enrolment that the database copies from the pupil (``registry.triggers``). Evaluating the formulas is 15–60 ms a year; storing reads the county's stored values to
write only the changed ones (their ``computed_at`` only for the values superseded).

Incremental, profiled again (cProfile, 2026-12-04, load average 7–9 on the 2 cores, so CPU figures run
high): of 0.43 s CPU, storing was 58 % — reading the county's ~6,000 stored values of each school year
with their three decimals converted per row, and rounding ~16,000 new numbers to compare them —, the whole
county's evaluation 22 %, the school's rows 17 %. Now the process keeps, beside the inputs, the rows it
stored (as evaluated, before rounding) and the county's ``Freshness.values_version`` after that write; every
write of the county's values moves it (``indicators_compute``, a value saved one by one), so while it is
unchanged the rows kept are what the database holds and only the rows that differ from them are rounded and
looked up. Incremental 0.432 → 0.217 s CPU, full recomputation of the county 0.97 → 0.81 s CPU.

Third pass (``--profile``, CPU time, 2026-12-04, load average 6–10). The full run (0.40 s CPU a run): the
enrolment query ≈ 0.08 s a school year (72,000 enrolments joined to their pupils for the birth year and
disability, then sorted for a five-column GROUP BY — the join itself is 0.02 s, the same with a covering
index), classes 0.01–0.02 s, teachers 0.007 s, the rest of the SQL under 0.002 s each; Django's conversion
of the ~10,000 stored values a year (three decimals a row) about a sixth; evaluating 0.03 s a year. The
incremental run (0.105 s CPU): evaluating the whole county again 37 % (班额 summaries of every school, 7
优质均衡 values of each school, ≈3,800 school rows a year made and compared), storing 33 % (of it the ORM's
compilation of the INSERTs of the ~90 changed values and their history), reading the school's rows 24 %
(building ~10 small queries, not running them). Changes:

- an incremental run evaluates only the scopes the changed schools affect (``engine.Scopes``): those schools
  and their classes, their towns, the district and its levels, and the 编制 of every school and town (the
  county's norm shared out by pupils moves with any school's pupils). Town and district figures are sums
  over the schools' parts; the other schools' parts (class summaries, 优质均衡 values) are kept from the
  last evaluation with the inputs (``Inputs.memo``), and the 差异系数 is worked out again from every
  school's kept values. The stored rows outside those scopes stand as kept. Schools are read and merged
  in one order (by code) and the 编制 shares summed by school id, so every float comes out to the last bit
  as in a full evaluation (``test_an_evaluation_of_some_scopes_gives_their_rows_as_a_full_evaluation…``,
  ``test_an_incremental_recomputation_evaluates_the_changed_schools_scopes…``);
- a full recomputation in a process that kept the county's stored rows, still current, compares with them
  as the incremental one does (the task worker, the dashboard's button); one that kept nothing reads the
  stored numbers unconverted (``services._same``) and converts only those it supersedes;
- before (the previous code, run just after) → after, median of 3, CPU; two pairs of runs, at load average
  9–10 and 11–17: full 0.476 → 0.310 s and 0.487 → 0.394 s (wall 1.21 → 0.69 s and 1.42 → 1.24 s),
  incremental 0.116 → 0.074 s and 0.122 → 0.086 s (wall 0.45 → 0.22 s and 0.40 → 0.26 s), full after an
  import 0.427 → 0.328 s and 0.438 → 0.358 s; per-school-orm baseline 9.0 and 11.4 s. A third pair at
  load 5–7: full 0.424 → 0.391 s, incremental 0.165 → 0.091 s (wall 0.34 → 0.27 s), full after an import
  0.411 → 0.359 s — but the full runs' wall clock went the other way there (0.93 → 1.10–1.47 s), the load
  rising during the run: on this machine the wall clock is the neighbours' as much as the code's. The median of 3
  includes the first run, which inserts every value; runs 2 and 3 were 0.303–0.325 s CPU. A full run in a
  fresh process (the CLI, nothing kept) is ≈ 0.39 s CPU: the SQL, 0.22 s of it, is what remains.

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup(var_dir: Path, scale: str, database_url: str | None) -> dict:
    """Django on the benchmark database, loaded with the demo if it holds no schools; its size."""
    os.environ["EDUBUREAU_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edubureau.settings"
    if database_url:
        os.environ["EDUBUREAU_DATABASE_URL"] = database_url
    else:
        os.environ.pop("EDUBUREAU_DATABASE_URL", None)
    os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from edubureau.registry.choices import AreaKind
    from edubureau.registry.models import Area, Enrollment, School, Student

    call_command("migrate", verbosity=0)
    if database_url and School.objects.exists():
        print("reusing the data already in the database", file=sys.stderr)
    else:
        start = time.perf_counter()
        call_command("demo", scale=scale, verbosity=0)
        print(f"demo --scale {scale} loaded in {time.perf_counter() - start:.1f} s", file=sys.stderr)
        if connection.vendor == "postgresql":
            start = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            print(f"ANALYZE in {time.perf_counter() - start:.1f} s", file=sys.stderr)
    size = {
        "database": connection.vendor,
        "counties": Area.objects.filter(kind=AreaKind.COUNTY).count(),
        "schools": School.objects.count(),
        "students": Student.objects.count(),
        "enrollments": Enrollment.objects.count(),
    }
    print(
        f"{size['database']}: {size['counties']} counties, {size['schools']:,} schools,"
        f" {size['students']:,} students, {size['enrollments']:,} enrolments",
        file=sys.stderr,
    )
    return size


class Profile:
    """cProfile of some of the timed calls (``--profile DIR``): ``DIR/<name>.pstats`` and the top of it on
    stderr; without a directory, nothing."""

    def __init__(self, directory: Path | None, name: str):
        import cProfile

        self.directory, self.name = directory, name
        # CPU time: the machine is shared
        self.profile = cProfile.Profile(time.process_time) if directory else None

    def __enter__(self):
        if self.profile:
            self.profile.enable()

    def __exit__(self, *exc):
        if self.profile:
            self.profile.disable()

    def report(self, lines: int = 30) -> None:
        if not self.profile or not self.profile.getstats():  # nothing profiled (no incremental run: province)
            return
        import io
        import pstats

        self.directory.mkdir(parents=True, exist_ok=True)
        self.profile.dump_stats(self.directory / f"{self.name}.pstats")
        for order in ("tottime", "cumulative"):
            text = io.StringIO()
            pstats.Stats(self.profile, stream=text).sort_stats(order).print_stats(lines)
            print(f"--- profile {self.name}, by {order}", text.getvalue(), sep="\n", file=sys.stderr)


def run_engine(profile: Profile | None = None, workers: int = 1) -> float:
    from edubureau.indicators.services import indicators_compute_all

    start = time.perf_counter()
    with profile or Profile(None, ""):
        indicators_compute_all(actor=None, workers=workers)
    return time.perf_counter() - start


def children_cpu() -> float:
    """CPU seconds of the worker processes that have ended (``workers`` > 1 forks them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_incremental(
    tmp: Path, runs: int, profile: Profile | None = None
) -> tuple[list[float], list[float], float, float]:
    """After an import of 45 pupils into one school: (seconds of the recomputation that follows —
    ``freshness.recompute_due``, which reads that school again only —, seconds of a full recomputation of
    the county after the same kind of import), ``runs`` of each, alternating."""
    import datetime as dt

    from django.conf import settings

    from edubureau.indicators import freshness
    from edubureau.indicators.models import Freshness
    from edubureau.indicators.services import forget_inputs, indicators_compute_all
    from edubureau.registry.imports.services import import_run
    from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, student_row, write_xlsx
    from edubureau.registry.models import Enrollment, School
    from edubureau.registry.testing.factories import make_id_number

    settings.INDICATORS_RECOMPUTE_DELAY = 0  # no debounce wait: the task runs as soon as it is called
    school = School.objects.filter(kind="primary").order_by("code").first()
    year = Enrollment.objects.order_by("-school_year").values_list("school_year", flat=True).first()
    queued = freshness._queue
    freshness._queue = lambda county_id, seconds: None  # the bench calls the task itself, timed
    batch = 0

    def import_into_school() -> None:
        nonlocal batch
        batch += 1
        rows = []
        for i in range(45):
            n = batch * 1000 + i
            birth = dt.date(2013, 1, 1) + dt.timedelta(days=batch)
            row = student_row(school.code, n, klass=f"{90 + batch}班")
            row[STUDENT_HEADER.index("出生日期")] = birth.isoformat()
            row[STUDENT_HEADER.index("身份证件号")] = make_id_number(i, birth, region="359999")
            rows.append(row)
        path = write_xlsx(tmp / f"incremental{batch}.xlsx", [STUDENT_HEADER, *rows])
        result = import_run(actor=None, kind="students", source=path, school_year=year)
        assert result.ok, result.errors[:3]

    incremental, full, incremental_cpu, full_cpu = [], [], [], []
    try:
        indicators_compute_all(actor=None)  # this process now holds the inputs, as the task worker would
        for _ in range(runs):
            import_into_school()
            assert Freshness.objects.get(county_id=school.county_id).changed_schools == [school.pk]
            start, cpu = time.perf_counter(), time.process_time()
            with profile or Profile(None, ""):
                assert freshness.recompute_due(school.county_id)
            incremental.append(time.perf_counter() - start)
            incremental_cpu.append(time.process_time() - cpu)
            assert Freshness.objects.get(county_id=school.county_id).changed_schools == []
            if not full:
                # once, untimed: a full recomputation that compares with the database (nothing kept) finds
                # every value as the incremental one left it
                forget_inputs()
                again = indicators_compute_all(actor=None, county_code=school.county.code)
                assert {(r.created, r.changed, r.removed) for r in again} == {(0, 0, 0)}, again
            import_into_school()
            start, cpu = time.perf_counter(), time.process_time()
            indicators_compute_all(actor=None, county_code=school.county.code)
            full.append(time.perf_counter() - start)
            full_cpu.append(time.process_time() - cpu)
    finally:
        freshness._queue = queued
    print(
        f"CPU: incremental {statistics.median(incremental_cpu):.3f} s, full {statistics.median(full_cpu):.3f} s",
        file=sys.stderr,
    )
    return incremental, full, statistics.median(incremental_cpu), statistics.median(full_cpu)


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
    parser.add_argument("--database-url", help="postgres://… (default: SQLite in a temporary directory)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--workers",
        type=int,
        default=2,
        help="worker processes of a many-county run (a school year each, PostgreSQL only); after the timed"
        " runs, one run with a single process is timed too when this is more than 1",
    )
    parser.add_argument(
        "--baseline",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="run the per-school ORM baseline (default: yes, except for the province)",
    )
    parser.add_argument(
        "--profile", type=Path, help="write cProfile statistics of the full and incremental runs here"
    )
    args = parser.parse_args()
    run_baseline_too = args.baseline if args.baseline is not None else args.scale != "province"
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    with tempfile.TemporaryDirectory(prefix="bench-indicators-") as tmp:
        size = setup(Path(tmp), args.scale, args.database_url)
        times, cpu_times = [], []
        full_profile = Profile(args.profile, "full")
        incremental_profile = Profile(args.profile, "incremental")
        for i in range(args.runs):
            cpu = time.process_time() + children_cpu()
            # the first run inserts every value: the profile is of the recomputations that follow
            seconds = run_engine(full_profile if i else None, args.workers)
            cpu_times.append(time.process_time() + children_cpu() - cpu)
            times.append(seconds)
            print(
                f"run {i + 1}: {seconds:.3f} s wall, {cpu_times[-1]:.3f} s CPU (this process and its workers),"
                f" load average {os.getloadavg()[0]:.2f}",
                file=sys.stderr,
            )
        seconds = statistics.median(times)
        one_process = None
        if args.workers > 1 and size["counties"] > 16:
            cpu = time.process_time()
            one_process = run_engine(workers=1)
            print(
                f"one process: {one_process:.3f} s wall, {time.process_time() - cpu:.3f} s CPU,"
                f" load average {os.getloadavg()[0]:.2f}",
                file=sys.stderr,
            )
        incremental = full = incremental_cpu = full_cpu = None
        if args.scale != "province":
            incremental, full, incremental_cpu, full_cpu = run_incremental(
                Path(tmp), args.runs, incremental_profile
            )
            print(
                f"after an import into one school: incremental {statistics.median(incremental):.3f} s"
                f" (runs {', '.join(f'{t:.3f}' for t in incremental)}), full recomputation of the county"
                f" {statistics.median(full):.3f} s (runs {', '.join(f'{t:.3f}' for t in full)})",
                file=sys.stderr,
            )
        full_profile.report()
        incremental_profile.report()
        baseline = run_baseline() if run_baseline_too else None
        if baseline is not None:
            print(f"baseline per-school-orm: {baseline:.3f} s", file=sys.stderr)
        from django.db import connections

        connections.close_all()
    budget = 30.0 if args.scale == "province" else 0.5 if args.scale == "district" else None
    if budget is not None:
        cpu = statistics.median(cpu_times)
        print(
            f"budget < {budget:g} s: {'met' if seconds < budget else 'MISSED'} on the wall clock,"
            f" {'met' if cpu < budget else 'MISSED'} in CPU time ({cpu:.3f} s)",
            file=sys.stderr,
        )
    result = {
        "bench": "indicators",
        "scale": args.scale,
        "seconds": round(seconds, 3),
        "baseline": "per-school-orm",
        "baseline_seconds": None if baseline is None else round(baseline, 3),
        "ratio": None if baseline is None else round(baseline / seconds, 2),
        "runs": [round(t, 3) for t in times],
        "spread": round(max(times) - min(times), 3),
        "cpu_seconds": round(statistics.median(cpu_times), 3),
        "workers": args.workers,
        "one_process_seconds": None if one_process is None else round(one_process, 3),
        "load_average": round(os.getloadavg()[0], 2),
        "incremental_seconds": None if incremental is None else round(statistics.median(incremental), 3),
        "incremental_runs": None if incremental is None else [round(t, 3) for t in incremental],
        "full_after_import_seconds": None if full is None else round(statistics.median(full), 3),
        "incremental_cpu_seconds": None if incremental_cpu is None else round(incremental_cpu, 3),
        "full_after_import_cpu_seconds": None if full_cpu is None else round(full_cpu, 3),
        "incremental_ratio": None
        if not incremental
        else round(statistics.median(full) / statistics.median(incremental), 2),
        **size,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
