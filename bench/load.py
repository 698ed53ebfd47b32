"""Load test: 50 signed-in sessions reading and writing for 60 s against ``edubureau serve``.

Budget (issue 8, item 11; DESIGN §9): zero errors — no 5xx, no reset or refused connection, no timeout —
with 50 concurrent sessions for 60 s on a 2-core machine; p50/p95 reported.

What it does, bounded in time and cleaned up afterwards (the demo set-up is ``bench/dashboard_load.py``'s):

1. loads the demo district into a fresh SQLite database in a temporary directory (or the PostgreSQL database
   of ``--database-url``), with the 2019 plan (and with ``--supervision-demo`` the visits), and creates ``--sessions`` (50)
   department-staff accounts of the county (``bench-staff-01`` …; deleted again on PostgreSQL);
2. starts ``edubureau serve`` (gunicorn, threaded workers, and the task worker) on a free loopback port and
   signs every account in through the login form: one session per client;
3. runs one closed-loop client per session for ``--seconds`` (60), each picking at random (seeded) among
   reads — home, indicators, plan, tasks, supervision, school list and page, API lists — and writes:
   a PATCH of a school through the API with the ``If-Match`` of the version it just read (412 when
   another session saved it in between: a detected conflict, not an error), and a PATCH without
   ``If-Match`` (never refused: only the changed field is written);
4. then, for ``--baseline-seconds`` (30; 0 to skip), the same clients against Django's ``runserver``, the
   server ``edubureau serve`` ran before.

A new connection per request, no think time: every client keeps one request in flight.

    .venv/bin/python bench/load.py [--seconds 60] [--sessions 50] [--baseline-seconds 30]
    .venv/bin/python bench/load.py --database-url postgres://postgres@127.0.0.1:5432/NAME

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from dashboard_load import HOST, PASSWORD, SRC, drop_users, free_port, log, log_in, prepare, request, stop

USER_PREFIX = "bench-staff-"
WRITE_SHARE = 0.2  # one action in five is a write
CONFLICT_SCHOOLS = 10  # writes go to a few schools, so that sessions do collide


# --- data ----------------------------------------------------------------------------------------------


def prepare_load(var_dir: Path, database_url: str | None, n_sessions: int, supervision_demo: bool) -> dict:
    """The demo (through ``dashboard_load.prepare``), the plan and supervision demos, the staff accounts,
    and the ids the clients pick from."""
    info = prepare(var_dir, database_url, "district", 0)
    from django.core.management import call_command
    from django.db import connections

    from edubureau.accounts.models import User
    from edubureau.accounts.roles import Role
    from edubureau.accounts.services import role_assign
    from edubureau.registry.models import Area, School

    start = time.perf_counter()
    call_command("plan_import", publish=True, if_absent=True, verbosity=0)
    if supervision_demo:  # eight minutes on the 2-core machine: the supervision pages are read without it
        call_command("demo_supervision", if_fresh=True, verbosity=0)
    log(f"plan (and supervision) demos in {time.perf_counter() - start:.1f} s")
    county = Area.objects.get(code=info["county"])
    probe = User(username="probe")
    probe.set_password(PASSWORD)
    names = [f"{USER_PREFIX}{i:02d}" for i in range(1, n_sessions + 1)]
    for name in names:
        user, created = User.objects.get_or_create(
            username=name, defaults={"display_name": name, "password": probe.password}
        )
        if created:
            role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=county)
    schools = list(School.objects.filter(county=county).order_by("pk").values_list("pk", flat=True))
    connections.close_all()
    return {"county": info["county"], "usernames": names, "schools": schools}


# --- servers -------------------------------------------------------------------------------------------


def start_server(cmd: list[str], port: int, var_dir: Path, label: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("EDUBUREAU_TASKS_IMMEDIATE", None)  # the served app queues tasks for its worker, as in production
    with open(var_dir / f"{label}.log", "ab") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "edubureau.cli", *cmd],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            start_new_session=True,
        )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"{label} exited ({server.returncode}); see {var_dir / f'{label}.log'}")
        try:
            if request(port, "GET", "/accounts/login/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop_group(server)
    raise SystemExit(f"{label} did not answer within 120 s")


def stop_group(server: subprocess.Popen) -> None:
    """Stop the server started here and what it started (the task worker): SIGTERM, then its group."""
    stop(server)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)


# --- HTTP ----------------------------------------------------------------------------------------------


def call(port: int, method: str, path: str, cookies: dict, *, body=None, headers=None):
    """(status, ETag) of one request on a fresh loopback connection; JSON body; CSRF header on writes."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    sent = {
        "Host": f"{HOST}:{port}",
        "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        "Accept": "application/json" if path.startswith("/api/") else "text/html",
        **(headers or {}),
    }
    data = None
    if body is not None:
        data = json.dumps(body)
        sent["Content-Type"] = "application/json"
        sent["X-CSRFToken"] = cookies.get("csrftoken", "")
    try:
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        response.read()
        return response.status, response.getheader("ETag")
    finally:
        conn.close()


def read_paths(schools: list[int]) -> list[str]:
    school = schools[len(schools) // 2]
    return [
        "/",
        "/indicators/",
        "/plan/",
        "/plan/tasks/",
        "/supervision/",
        "/supervision/rectifications/",
        "/registry/schools/",
        f"/registry/schools/{school}/",
        "/api/registry/schools/?page_size=50",
        f"/api/registry/classes/?school={school}",
        "/api/planning/tasks/",
    ]


def usable(port: int, cookies: dict, paths: list[str]) -> list[str]:
    """The read paths that answer 200 to a staff session (a page this demo lacks is left out, and said)."""
    kept = []
    for path in paths:
        status, _ = call(port, "GET", path, cookies)
        if status == 200:
            kept.append(path)
        else:
            log(f"left out {path}: HTTP {status}")
    return kept


# --- load ----------------------------------------------------------------------------------------------


def run_load(port: int, sessions: list[dict], reads: list[str], schools: list[int], seconds: float) -> dict:
    """One closed-loop client per session for ``seconds``; every request timed and classified."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    errors: Counter = Counter()
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds
    targets = schools[:CONFLICT_SCHOOLS]

    def timed(mine: list, tally: Counter, bad: Counter, method: str, path: str, cookies: dict, **kw):
        t0 = time.monotonic()
        try:
            status, etag = call(port, method, path, cookies, **kw)
        except (OSError, http.client.HTTPException) as error:
            bad[type(error).__name__] += 1
            return None, None
        mine.append(time.monotonic() - t0)
        tally[f"{method} {status}"] += 1
        if status >= 500:
            bad[f"HTTP {status}"] += 1
        return status, etag

    def client(index: int, cookies: dict) -> None:
        rng = random.Random(index)  # noqa: S311 (a reproducible mix, not a secret)
        mine: list[float] = []
        tally: Counter = Counter()
        bad: Counter = Counter()
        while time.monotonic() < stop_at:
            if rng.random() >= WRITE_SHARE:
                timed(mine, tally, bad, "GET", rng.choice(reads), cookies)
                continue
            url = f"/api/registry/schools/{rng.choice(targets)}/"
            if rng.random() < 0.5:
                _, etag = timed(mine, tally, bad, "GET", url, cookies)
                if etag:
                    change = {"books": rng.randrange(10_000, 90_000)}
                    timed(mine, tally, bad, "PATCH", url, cookies, body=change, headers={"If-Match": etag})
            else:
                timed(mine, tally, bad, "PATCH", url, cookies, body={"computers": rng.randrange(50, 500)})
        with lock:
            latencies.extend(mine)
            statuses.update(tally)
            errors.update(bad)

    threads = [threading.Thread(target=client, args=pair, daemon=True) for pair in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 120)
    ordered = sorted(latencies) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered)) - 1))] * 1000, 1)

    return {
        "requests": len(latencies),
        "errors": sum(errors.values()),
        "error_kinds": dict(errors),
        "conflicts_412": statuses["PATCH 412"],
        "writes_ok": statuses["PATCH 200"],
        "p50_ms": pct(50),
        "p95_ms": pct(95),
        "max_ms": round(ordered[-1] * 1000, 1),
        "rps": round(len(latencies) / seconds, 1),
        "statuses": dict(statuses),
    }


def measure(label: str, cmd: list[str], var_dir: Path, info: dict, seconds: float) -> dict:
    port = free_port()
    bind = [f"{HOST}:{port}"] if label == "runserver" else ["--port", str(port)]
    server = start_server([*cmd, *bind], port, var_dir, label)
    try:
        sessions = [log_in(port, name) for name in info["usernames"]]
        reads = usable(port, sessions[0], read_paths(info["schools"]))
        log(f"{label} on {HOST}:{port}: {len(sessions)} sessions, {len(reads)} read paths, {seconds:g} s")
        result = run_load(port, sessions, reads, info["schools"], seconds)
    finally:
        stop_group(server)
    log(
        f"{label:<10} {result['requests']:>6} requests, {result['errors']} errors {result['error_kinds']},"
        f" {result['writes_ok']} writes, {result['conflicts_412']} conflicts (412): p50 {result['p50_ms']} ms,"
        f" p95 {result['p95_ms']} ms, max {result['max_ms']} ms, {result['rps']} req/s"
    )
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--database-url", help="postgres://… (default: SQLite in a temporary directory)")
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--baseline-seconds", type=float, default=30.0, help="0: no runserver baseline")
    parser.add_argument("--workers", type=int, help="edubureau serve --workers (default: its own)")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--supervision-demo", action="store_true", help="load the visits demo too (slow)")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-load-"))
    info = None
    try:
        info = prepare_load(var_dir, args.database_url, args.sessions, args.supervision_demo)
        serve = ["serve", "--host", HOST, "--threads", str(args.threads)]
        if args.workers:
            serve += ["--workers", str(args.workers)]
        result = measure("serve", serve, var_dir, info, args.seconds)
        baseline = None
        if args.baseline_seconds > 0:
            runserver = ["runserver", "--noreload", "--insecure"]
            baseline = measure("runserver", runserver, var_dir, info, args.baseline_seconds)
    finally:
        if args.database_url and info is not None:
            drop_users(info["usernames"])
        shutil.rmtree(var_dir, ignore_errors=True)
    log(f"budget zero errors: {'met' if result['errors'] == 0 else 'MISSED'}")
    print(
        json.dumps(
            {
                "bench": "load",
                "scale": "district",
                "p50_ms": result["p50_ms"],
                "p95_ms": result["p95_ms"],
                "rps": result["rps"],
                "errors": result["errors"],
                "baseline": "runserver" if baseline else None,
                "baseline_p95_ms": baseline["p95_ms"] if baseline else None,
                "baseline_errors": baseline["errors"] if baseline else None,
                "baseline_rps": baseline["rps"] if baseline else None,
                "requests": result["requests"],
                "writes_ok": result["writes_ok"],
                "conflicts_412": result["conflicts_412"],
                "max_ms": result["max_ms"],
                "sessions": args.sessions,
                "seconds": args.seconds,
                "baseline_seconds": args.baseline_seconds,
                "database": "postgresql" if args.database_url else "sqlite",
            }
        )
    )


if __name__ == "__main__":
    main()
