#!/usr/bin/env python3
"""Rerun the changes issue 17 found the tests did not catch, one at a time: each must now be caught.

Each mutant is an exact text replacement in one source file (it must match once). The script applies it,
runs the test files that guard that code, restores the file (always, even on Ctrl-C) and prints
``caught`` (the tests failed) or ``survived`` (they passed). The last line is JSON with the totals.

    .venv/bin/python tools/known_mutants.py                # all of them, on SQLite
    .venv/bin/python tools/known_mutants.py E3 V4          # some of them
    .venv/bin/python tools/known_mutants.py --list

Exit status 0 only when every mutant was caught. The unmutated tests are run first (``--no-baseline``
skips that): a test that fails without any change would make every mutant look caught.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "edubureau"


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str  # relative to src/edubureau
    old: str
    new: str
    tests: tuple[str, ...]  # relative to src/edubureau
    what: str


CALC = ("indicators/tests/test_calculators.py",)
ENGINE = ("indicators/tests/test_engine_rules.py",)
CRYPTO = ("core/tests/test_crypto.py",)
VALIDATE = ("registry/imports/tests/test_messages.py", "registry/imports/tests/test_validate.py")
TARGETS = ("planning/tests/test_targets.py",)

MUTANTS = (
    # --- indicators/engine.py
    Mutant("E1", "indicators/engine.py",
           'n=Count("id", filter=Q(status=ENROLLED)),',
           'n=Count("id"),',
           ENGINE, "在读 status filter dropped (transferred and graduated pupils counted)"),
    Mutant("E2", "indicators/engine.py", "if 6 <= age <= 15 and n3:", "if 6 <= age <= 14 and n3:",
           ENGINE, "三类残疾 age band shrunk to 6–14"),
    Mutant("E3", "indicators/engine.py", '"shortfall": max(0, norm - staff),', '"shortfall": norm - staff,',
           ENGINE, "max(0, …) removed on the staffing shortfall"),
    Mutant("E4", "indicators/engine.py",
           'if s.get("is_teaching_point") and sum(levels.values()) < calc.BALANCE_MIN_PUPILS:',
           'if s.get("is_teaching_point") and sum(levels.values()) <= calc.BALANCE_MIN_PUPILS:',
           ENGINE, "< → <= on the 教学点 50-pupil rule"),
    Mutant("E5", "indicators/engine.py", "below = sum(1 for v, floor in standards if v < floor)",
           "below = sum(1 for v, floor in standards if v <= floor)",
           ENGINE, "< → <= on the funding floor"),
    Mutant("E6", "indicators/engine.py",
           't[2] += n if s["ownership"] == Ownership.PUBLIC or s["affordable"] in affordable else 0',
           't[2] += n if s["affordable"] == AffordableStatus.AFFORDABLE_PRIVATE else 0',
           ENGINE, "public kindergartens no longer counted as 普惠"),
    Mutant("E7", "indicators/engine.py",
           'if school["ownership"] != Ownership.PUBLIC:\n        return None',
           'if False:\n        return None', ENGINE, "private schools held to the funding floor"),
    Mutant("E8", "indicators/engine.py",
           'if f["year"] != year:\n            continue\n        s = schools.get',
           'if False:\n            continue\n        s = schools.get',
           ENGINE, "last year's school finance rows no longer skipped"),
    Mutant("E9", "indicators/engine.py",
           '"large_classes_reduction", previous_large - summary["large"],',
           '"large_classes_reduction", summary["large"] - previous_large,',
           ENGINE, "the sign of the large-class reduction"),
    # --- indicators/calculators.py
    Mutant("C1", "indicators/calculators.py", "BALANCE_MIN_MET, BALANCE_NEAR_SHARE = 6, 0.85",
           "BALANCE_MIN_MET, BALANCE_NEAR_SHARE = 6, 0.80", CALC, "the 85 % near-the-standard boundary"),
    Mutant("C1b", "indicators/calculators.py", "elif value is None or value < BALANCE_NEAR_SHARE * standard:",
           "elif value is None or value <= BALANCE_NEAR_SHARE * standard:", CALC, "85 % itself counts as near"),
    Mutant("C2", "indicators/calculators.py", 'out["size_51_55"] += 51 <= n <= 55',
           'out["size_51_55"] += 50 <= n <= 55', CALC, "the 51–55 band as 50–55"),
    Mutant("C3", "indicators/calculators.py", "YELLOW if actual <= target * 1.05",
           "YELLOW if actual <= target * 1.10", CALC, "the yellow band 1.05 → 1.10"),
    Mutant("C4", "indicators/calculators.py", "PLAN_TOLERANCE, PLAN_RISK = 0.05, 0.10",
           "PLAN_TOLERANCE, PLAN_RISK = 0.06, 0.10", CALC, "the ±5 % tolerance"),
    Mutant("C4b", "indicators/calculators.py", "GREEN if off <= PLAN_TOLERANCE",
           "GREEN if off < PLAN_TOLERANCE", CALC, "exactly 5 % off is no longer green"),
    Mutant("C5", "indicators/calculators.py", "YELLOW if actual >= target * 0.98",
           "YELLOW if actual >= target * 0.95", CALC, "0.98 → 0.95"),
    # --- core/crypto.py
    Mutant("K1", "core/crypto.py", "    if len(number) != 18:\n        return f\"身份证件号应为18位",
           "    if len(number) not in (18, 19):\n        return f\"身份证件号应为18位", CRYPTO,
           "19-character IDs accepted"),
    Mutant("K2", "core/crypto.py", '    if len(number) != 18:\n        return "*" * len(number)',
           '    if len(number) < 10:\n        return number\n    if len(number) != 18:\n'
           '        return "*" * len(number)', CRYPTO, "IDs shorter than 10 characters returned unmasked"),
    # --- registry/imports/validate.py
    Mutant("V1", "registry/imports/validate.py",
           'if isinstance(birth, dt.date) and value[6:14] != birth.strftime("%Y%m%d"):', "if False:",
           VALIDATE, "the birth-date vs ID-number check removed"),
    Mutant("V2", "registry/imports/validate.py", "birth > ctx.today", "birth >= ctx.today",
           VALIDATE, "a birth date of today rejected"),
    Mutant("V3", "registry/imports/validate.py", '"居民身份证", "身份证", ', '"居民身份证", ',
           VALIDATE, "身份证 dropped from the resident ID types (check digit skipped)"),
    Mutant("V4", "registry/imports/validate.py",
           "shown = crypto.mask_id_number(crypto.normalise_id_number(shown)) if secret and shown else scrub(shown)",
           "shown = scrub(shown)", VALIDATE, "bad ID values no longer masked in error reports"),
    Mutant("V5", "registry/imports/validate.py", r'_ID_LIKE = re.compile(r"\d{14,17}[\dXx]?")',
           r'_ID_LIKE = re.compile(r"\d{17}[\dXx]")', VALIDATE,
           "masking narrowed to 18 characters (15–17-digit numbers shown)"),
    Mutant("V6", "registry/imports/validate.py", "if known and known[1:] != (level, grade):", "if False:",
           VALIDATE, "class vs registered grade check removed"),
    Mutant("V7", "registry/imports/validate.py", "if first[1:] != (level, grade):", "if False:",
           VALIDATE, "class vs earlier row's grade check removed"),
    Mutant("V8", "registry/imports/validate.py", "if len(found) == 1:\n            return found[0]",
           "if len(found) >= 1:\n            return found[0]", VALIDATE,
           "an ambiguous school name resolves to the first school"),
    # --- planning/parser/targets.py
    Mutant("P1", "planning/parser/targets.py", "if cn_value is None or cn_value <= 0:",
           "if cn_value is None:", TARGETS, "新建零所 as a 0-valued target"),
    Mutant("P2", "planning/parser/targets.py", "_RECURRING = re.compile(r\"每个?(?:半年|学年|学期|季度", "_RECURRING = re.compile(r\"每个?(?:半年|学年|季度",
           TARGETS, "the recurring duty 每学期家访 lost"),
    Mutant("P3", "planning/parser/targets.py", 'return m.group(1) or "年底"', "return m.group(1)",
           TARGETS, "the 年底 due-date fallback removed"),
    Mutant("P4", "planning/parser/targets.py", "2 <= len(indicator) <= 4", "2 <= len(indicator) <= 3",
           TARGETS, "the 4-character sibling name (初级中学)"),
    # --- planning/services.py, supervision/services.py
    Mutant("S1", "planning/services.py",
           'if not user.department_id or not Task.objects.restrict(user, "change").filter(pk=task.pk).exists():',
           "if not user.department_id:", ("planning/tests/test_lead_scope.py",),
           "is_lead without the user's scope"),
    Mutant("S2", "supervision/services.py",
           'and School.objects.restrict(user, "view").filter(pk=school.pk).exists()\n', "\n",
           ("supervision/tests/test_rules.py",), "an assigned supervisor without the school scope check"),
    Mutant("S3", "supervision/services.py",
           "if deadline < timezone.localtime(finding.visit.visited_at).date():",
           "if deadline < timezone.localtime(finding.visit.visited_at).date() - dt.timedelta(days=1):",
           ("supervision/tests/test_rules.py",), "a deadline before the visit accepted"),
)  # fmt: skip


def env(database_url: str) -> dict[str, str]:
    return {
        **os.environ,
        "EDUBUREAU_TODAY": "",
        "EDUBUREAU_VAR_DIR": str(ROOT / "var" / "test"),
        "EDUBUREAU_TASKS_IMMEDIATE": "1",
        "EDUBUREAU_DATABASE_URL": database_url,
    }


def pytest(tests: tuple[str, ...], database_url: str) -> int:
    cmd = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
           *(str(SRC / t) for t in tests)]  # fmt: skip
    done = subprocess.run(cmd, cwd=ROOT, env=env(database_url), capture_output=True, check=False)  # noqa: S603
    return done.returncode


def run(mutant: Mutant, database_url: str) -> str:
    path = SRC / mutant.file
    original = path.read_text()
    count = original.count(mutant.old)
    if count != 1:
        return f"stale (the text occurs {count} times)"
    try:
        path.write_text(original.replace(mutant.old, mutant.new))
        code = pytest(mutant.tests, database_url)
    finally:
        path.write_text(original)
    # 1: tests failed. 0: passed. Anything else (2 interrupted, 4 usage, 5 no tests) is not a verdict.
    return {0: "survived", 1: "caught"}.get(code, f"error (pytest exit {code})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ids", nargs="*", help="mutant ids (all when none)")
    parser.add_argument("--list", action="store_true", help="list the mutants and exit")
    parser.add_argument("--no-baseline", action="store_true", help="skip the run without mutants")
    parser.add_argument("--database-url", default="", help="EDUBUREAU_DATABASE_URL (empty: SQLite)")
    args = parser.parse_args()
    chosen = [m for m in MUTANTS if not args.ids or m.id in args.ids]
    if args.list:
        for m in chosen:
            print(f"{m.id:4} {m.file:32} {m.what}")
        return 0
    if not args.no_baseline:
        tests = tuple(dict.fromkeys(t for m in chosen for t in m.tests))
        if pytest(tests, args.database_url) != 0:
            print("the tests fail without any mutant; fix them first", file=sys.stderr)
            return 2
    totals = {"caught": 0, "survived": 0, "error": 0}
    started = time.monotonic()
    for m in chosen:
        t0 = time.monotonic()
        verdict = run(m, args.database_url)
        totals[verdict if verdict in totals else "error"] += 1
        print(f"{m.id:4} {verdict:9} {time.monotonic() - t0:5.1f}s  {m.file}: {m.what}", flush=True)
    total = len(chosen)
    summary = {**totals, "total": total, "score": round(totals["caught"] / total, 3) if total else None,
               "seconds": round(time.monotonic() - started, 1)}  # fmt: skip
    print(json.dumps(summary))
    return 0 if totals["caught"] == total else 1


if __name__ == "__main__":
    sys.exit(main())
