"""Benchmark: the bureau uploads 200 schools' filled templates of the monthly safety form at once.

Budget (issue 15): the bulk upload validates in < 10 s on a 2-core machine. The district (one county,
seven towns, 200 schools), the form (the demo's 月度安全工作报表: eight fields and a drills table) and its
March assignment are made once on a fresh SQLite database; the 200 templates are written by
``collect.workbook.template_bytes`` pre-filled with each school's figures (one to three drills each), as a
school downloads and fills them. Each run starts from a copy of that database and times:

* ``validate``: every file read (``read_filled``: size and archive checks, the ``_meta`` sheet, the main
  sheet and the drills sheet) and judged (``_file_problems``: form, period, version, scope, every value),
  writing nothing;
* ``upload``: ``services.submissions_upload`` as the upload page calls it — the same reading and checks,
  then each file's submission written and audited (all-or-nothing per file), and the collected
  indicators recomputed once at the end.

Baseline ("per-file-refresh"): the simple way, one upload per file with the indicators recomputed after
every file (what a page uploading files one by one does), in the same process on the same files.

    .venv/bin/python bench/collect_upload.py [--schools 200] [--runs 3]

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path


def setup_django(var_dir: Path) -> None:
    os.environ["EDUBUREAU_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edubureau.settings"
    os.environ.pop("EDUBUREAU_DATABASE_URL", None)
    os.environ.setdefault("EDUBUREAU_TASKS_IMMEDIATE", "1")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def make_district(n_schools: int):
    """The county, its towns and schools, a bureau staff member, the form and its March assignment."""
    from edubureau.accounts.models import User
    from edubureau.accounts.roles import Role
    from edubureau.accounts.services import role_assign
    from edubureau.collect import services
    from edubureau.demo.collect import SAFETY
    from edubureau.registry import choices as c
    from edubureau.registry.models import Area, School

    county = Area.objects.create(name="泉港区", code="350505", kind=c.AreaKind.COUNTY)
    towns = [
        Area.objects.create(name=name, code=f"350505{100 + i:03d}", kind=c.AreaKind.TOWN, parent=county)
        for i, name in enumerate(["山腰街道", "南埔镇", "界山镇", "后龙镇", "峰尾镇", "前黄镇", "涂岭镇"])
    ]
    School.objects.bulk_create(
        School(code=f"{3135000000 + i}", name=f"学校{i}", kind=c.SchoolKind.PRIMARY, area=towns[i % 7],
               county=county)
        for i in range(n_schools)
    )  # fmt: skip
    staff = User.objects.create_user(username="staff_anquan", password=None)
    role_assign(actor=None, user=staff, role=Role.DEPARTMENT_STAFF, area=county)
    form = services.form_create(
        actor=None, county=county, code="safety_monthly", title="月度安全工作报表", definition=SAFETY
    )
    assignment = services.assignment_create(
        actor=None, form=form, period="2019-03", due_on=dt.date(2019, 4, 5)
    )
    return staff, assignment


def filled_templates(assignment) -> list[tuple[str, bytes]]:
    """Each school's template, filled in as the school would (seeded, so every run reads the same)."""
    from edubureau.collect import workbook

    rng = random.Random(2019)
    files = []
    for s in assignment.submissions.select_related("school", "form_version").order_by("school__code"):
        drills = [{"date": f"2019-03-{rng.randint(3, 28):02d}", "kind": rng.choice(["消防疏散", "防震", "防溺水"]),
                   "participants": rng.randint(200, 1500)} for _ in range(rng.randint(1, 3))]  # fmt: skip
        values = {"lesson_hours": rng.randint(1, 4), "platform_rate": round(rng.uniform(80, 100), 1),
                  "drill_held": True, "drills": drills, "hazards_found": rng.randint(0, 3), "hazards_fixed": 0,
                  "topics": ["防溺水", "消防安全"], "note": "本月安全工作正常"}  # fmt: skip
        meta = {"form": "safety_monthly", "version": s.form_version.number, "school": s.school.code,
                "period": assignment.period}  # fmt: skip
        content = workbook.template_bytes(definition=s.form_version.definition, meta=meta, values=values)
        files.append((f"{s.school.code}.xlsx", content))
    return files


def copy_database(source: Path, target: Path) -> None:
    """Copy the SQLite file with every connection closed (closing checkpoints the WAL into the file)."""
    from django.db import connections

    connections.close_all()
    for suffix in ("-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copy(source, target)


def _as_uploads(files):
    return [(name, io.BytesIO(content), len(content)) for name, content in files]


def run_validate(staff, assignment, files) -> float:
    """Read and judge every file, writing nothing (the checks of the upload, on their own)."""
    from edubureau.collect import services, workbook
    from edubureau.collect.models import Submission

    start = time.perf_counter()
    definition = services.current_version(assignment.form).definition
    mine = Submission.objects.restrict(staff, "change").filter(assignment=assignment)
    mine = {s.school.code: s for s in mine.select_related("form_version", "school")}
    bad = 0
    for _name, fh, size in _as_uploads(files):
        filled = workbook.read_filled(fh, definition=definition, size=size)
        _submission, problems = services._file_problems(assignment=assignment, mine=mine, filled=filled)
        bad += bool(problems)
    seconds = time.perf_counter() - start
    assert bad == 0, f"{bad} files refused"
    return seconds


def run_upload(staff, assignment, files) -> float:
    from edubureau.collect import services

    start = time.perf_counter()
    reports = services.submissions_upload(actor=staff, assignment=assignment, files=_as_uploads(files))
    seconds = time.perf_counter() - start
    refused = [r for r in reports if not r.ok]
    assert not refused, refused[:3]
    return seconds


def run_baseline(staff, assignment, files) -> float:
    from edubureau.collect import services

    start = time.perf_counter()
    for upload in _as_uploads(files):
        (report,) = services.submissions_upload(actor=staff, assignment=assignment, files=[upload])
        assert report.ok, report.problems
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="edubureau-bench-") as tmp:
        tmp_dir = Path(tmp)
        setup_django(tmp_dir / "var")
        from django.conf import settings

        from edubureau.collect.models import Assignment, Submission
        from edubureau.indicators.models import IndicatorValue

        staff, assignment = make_district(args.schools)
        start = time.perf_counter()
        files = filled_templates(assignment)
        size = sum(len(c) for _n, c in files)
        print(f"templates: {len(files)} files, {size / 1e6:.1f} MB in {time.perf_counter() - start:.1f} s")
        db = Path(settings.DATABASES["default"]["NAME"])
        template = tmp_dir / "template.sqlite3"
        copy_database(db, template)

        def fresh():
            copy_database(template, db)
            return Assignment.objects.get(pk=assignment.pk)

        validate, upload = [], []
        for run in range(args.runs):
            a = fresh()
            validate.append(run_validate(staff, a, files))
            upload.append(run_upload(staff, a, files))
            assert Submission.objects.filter(assignment=a, status="submitted").count() == len(files)
            assert IndicatorValue.objects.filter(
                indicator="collect_drills_held", scope_type="school"
            ).count() == len(files)
            print(
                f"run {run + 1}: validate {validate[-1]:.2f} s, upload (validate + write) {upload[-1]:.2f} s"
            )

        a = fresh()
        baseline = run_baseline(staff, a, files)
        print(f"baseline: one upload per file, numbers recomputed after each: {baseline:.2f} s")

        seconds = statistics.median(upload)
        print(
            json.dumps(
                {
                    "bench": "collect_upload",
                    "schools": len(files),
                    "seconds": round(seconds, 2),
                    "validate_seconds": round(statistics.median(validate), 2),
                    "runs": [round(t, 2) for t in upload],
                    "budget_seconds": 10,
                    "baseline": "per-file-refresh",
                    "baseline_seconds": round(baseline, 2),
                    "ratio": round(baseline / seconds, 2),
                }
            )
        )
        sys.stdout.flush()


if __name__ == "__main__":
    main()
