"""Load test: 50 signed-in sessions over the home, indicator, plan and supervision pages for 60 s, served
by ``edubureau serve`` (the production server ``make run`` starts: gunicorn with threaded workers and the task
worker) on loopback.

Budget (DESIGN §9): p95 < 200 ms and zero errors on the district, 50 concurrent users for 60 s, on a 2-core
machine, on SQLite (WAL) and on PostgreSQL.

What it does, all bounded in time and cleaned up afterwards:

1. loads the demo (``edubureau demo --scale district``) and the 2019 plan (``plan_import --publish``) into a
   fresh SQLite database in a temporary directory — or into the PostgreSQL database of ``--database-url``
   (an empty one is migrated and loaded; one that already holds schools is reused as it is) — and computes
   the indicators unless they are stored already; ``--supervision-demo`` loads the visits too (minutes);
2. creates ``--users`` (50) leader accounts of the county (``bench-leader-01`` …; deleted again on
   PostgreSQL) and starts ``edubureau serve`` on a free loopback port;
3. signs each account in through the login form (one session per client);
4. runs ``--clients`` (50) closed-loop clients — Python threads with ``http.client``, a new connection per
   request, no think time unless ``--think`` — each picking (seeded) among ``/``, ``/indicators/``,
   ``/plan/`` and ``/supervision/`` for ``--seconds`` (60) after a short warm-up; then, as the baseline of the
   same run, the same clients for ``--baseline-seconds`` (20) on the login page (no query but the session's):
   what the machine and the server give before any page's own work. Only the HTML is requested: a browser
   fetches the static files once and caches them, and whitenoise serves those without Django.

Latency is measured from sending the request to reading the whole response. With no think time every client
waits only for its own responses, so 50 clients keep 50 requests in flight: p95 is then roughly
50 ÷ throughput, the harshest reading of "50 concurrent users". On a shared machine the CPU the server got is
printed beside it (the load average before and after).

    .venv/bin/python bench/dashboard_load.py [--seconds 60] [--clients 50] [--threads 8] [--workers N]
    .venv/bin/python bench/dashboard_load.py --database-url postgres://postgres@127.0.0.1:5432/NAME

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

SRC = Path(__file__).resolve().parents[1] / "src"
HOST = "127.0.0.1"
PASSWORD = "Bench-load-2019!"  # noqa: S105 (a throwaway account of the benchmark database)
USER_PREFIX = "bench-leader-"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- data --------------------------------------------------------------------------------------------


def prepare(
    var_dir: Path,
    database_url: str | None,
    scale: str,
    n_users: int,
    *,
    plan: bool = False,
    supervision: bool = False,
) -> dict:
    """Migrate, load the demo (and the plan, the supervision visits) and compute the indicators if needed;
    create the leader accounts."""
    os.environ["EDUBUREAU_VAR_DIR"] = str(var_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "edubureau.settings"
    os.environ["EDUBUREAU_TASKS_IMMEDIATE"] = "1"
    os.environ.pop("EDUBUREAU_DEBUG", None)
    if database_url:
        os.environ["EDUBUREAU_DATABASE_URL"] = database_url
    else:
        os.environ.pop("EDUBUREAU_DATABASE_URL", None)
    sys.path.insert(0, str(SRC))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from edubureau.accounts.models import User
    from edubureau.accounts.roles import Role
    from edubureau.accounts.services import role_assign
    from edubureau.indicators.models import IndicatorValue
    from edubureau.indicators.services import indicators_compute_all
    from edubureau.registry.choices import AreaKind
    from edubureau.registry.models import Area, School

    call_command("migrate", verbosity=0)
    if School.objects.exists():
        log(f"reusing the schools already in the database ({School.objects.count():,})")
    else:
        start = time.perf_counter()
        call_command("demo", scale=scale, verbosity=0)
        log(f"demo --scale {scale} loaded in {time.perf_counter() - start:.1f} s")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
    if plan:
        start = time.perf_counter()
        call_command("plan_import", publish=True, if_absent=True, verbosity=0)
        if supervision:
            call_command("demo_supervision", if_fresh=True, verbosity=0)
        log(f"plan (and supervision) demos in {time.perf_counter() - start:.1f} s")
    if not IndicatorValue.objects.exists():
        start = time.perf_counter()
        indicators_compute_all(actor=None)
        log(f"indicators computed in {time.perf_counter() - start:.1f} s")
    county = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code").first()
    # One password hash for every account: creating 20 users should not cost 20 PBKDF2 runs.
    probe = User(username="probe")
    probe.set_password(PASSWORD)
    names = [f"{USER_PREFIX}{i:02d}" for i in range(1, n_users + 1)]
    for name in names:
        user, created = User.objects.get_or_create(
            username=name, defaults={"display_name": name, "password": probe.password}
        )
        if created:
            role_assign(actor=None, user=user, role=Role.LEADER, area=county)
    from django.db import connections

    connections.close_all()
    return {"county": county.code, "usernames": names}


def drop_users(usernames: list[str]) -> None:
    """Remove the benchmark accounts from a database that outlives the run (PostgreSQL)."""
    from django.contrib.sessions.models import Session
    from django.db import connections

    from edubureau.accounts.models import User

    try:
        users = User.objects.filter(username__in=usernames)
        ids = {str(pk) for pk in users.values_list("pk", flat=True)}
        stale = [s.pk for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") in ids]
        Session.objects.filter(pk__in=stale).delete()
        users.delete()
    except Exception as error:  # noqa: BLE001 (cleanup reports, never hides the result)
        log(f"could not delete the benchmark accounts: {error}")
    connections.close_all()


# --- the server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def stop(server: subprocess.Popen) -> None:
    """SIGTERM to the gunicorn master started here (its workers follow), SIGKILL after 10 s."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


# --- HTTP ----------------------------------------------------------------------------------------------


def request(port: int, method: str, path: str, *, cookies: dict | None = None, body: dict | None = None):
    """(status, headers, body) of one request on a fresh loopback connection."""
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    headers = {"Host": f"{HOST}:{port}"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = f"http://{HOST}:{port}{path}"
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        conn.close()


def set_cookies(headers) -> dict:
    out = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            out[key.strip()] = rest.split(";", 1)[0]
    return out


def log_in(port: int, username: str) -> dict:
    """The cookies of a session signed in through the login form (CSRF token included)."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    cookies = set_cookies(headers)
    match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    if status != 200 or not match:
        raise SystemExit(f"login page: HTTP {status}")
    form = {"csrfmiddlewaretoken": match.group(1).decode(), "username": username, "password": PASSWORD}
    status, headers, _ = request(port, "POST", "/accounts/login/", cookies=cookies, body=form)
    cookies.update(set_cookies(headers))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login of {username} failed: HTTP {status}")
    return cookies


# --- load ----------------------------------------------------------------------------------------------


PAGES = ("/", "/indicators/", "/plan/", "/supervision/")


def run_load(
    port: int, paths, sessions: list[dict], *, seconds: float, warmup: float, think: float, seed=2019
):
    """Closed-loop clients, one per session, each picking among ``paths`` (seeded), for ``warmup`` +
    ``seconds``; the latencies of the measured part, in all and per path."""
    import random

    latencies: dict[str, list[float]] = {p: [] for p in paths}
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    def client(n: int, cookies: dict) -> None:
        rng = random.Random(seed + n)
        mine: dict[str, list[float]] = {p: [] for p in paths}
        bad = []
        while True:
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            path = rng.choice(paths)
            try:
                status, _, body = request(port, "GET", path, cookies=cookies)
                ok = status == 200 and len(body) > 0
            except OSError as error:
                status, ok = str(error), False
            t1 = time.monotonic()
            if t0 >= measure_from and t1 <= stop_at:
                if ok:
                    mine[path].append(t1 - t0)
                else:
                    bad.append(f"{path} {status}")
            if think:
                time.sleep(think)
        with lock:
            for p, values in mine.items():
                latencies[p].extend(values)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(n, c), daemon=True) for n, c in enumerate(sessions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warmup + seconds + 60)
    everything = sorted(v for values in latencies.values() for v in values)
    if not everything:
        raise SystemExit(f"no successful request (errors: {errors[:5]})")
    result = summary(everything, seconds)
    result["errors"] = len(errors)
    result["error_samples"] = errors[:5]
    result["pages"] = {p: summary(sorted(v), seconds) for p, v in latencies.items() if v}
    return result


def summary(ordered: list[float], seconds: float) -> dict:
    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, max(0, int(round(p / 100 * len(ordered))) - 1))] * 1000

    return {
        "requests": len(ordered),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(pct(95), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "rps": round(len(ordered) / seconds, 1),
    }


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from load import start_server, stop_group  # the same way bench/load.py starts ``edubureau serve``

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="district", choices=["tiny", "district", "city", "province"])
    parser.add_argument("--database-url", help="postgres://… (default: SQLite in a temporary directory)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--users", type=int, default=50, help="accounts signed in (clients share them)")
    parser.add_argument("--workers", type=int, help="edubureau serve --workers (default: its own)")
    parser.add_argument("--threads", type=int, default=8, help="edubureau serve --threads")
    parser.add_argument("--seconds", type=float, default=60.0, help="measured time over the pages")
    parser.add_argument(
        "--baseline-seconds", type=float, default=20.0, help="measured time on the login page"
    )
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits between requests")
    parser.add_argument("--supervision-demo", action="store_true", help="load the visits demo too (slow)")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    server = None
    info = None
    try:
        info = prepare(
            var_dir, args.database_url, args.scale, args.users, plan=True, supervision=args.supervision_demo
        )
        port = free_port()
        serve = ["serve", "--host", HOST, "--port", str(port), "--threads", str(args.threads)]
        if args.workers:
            serve += ["--workers", str(args.workers)]
        server = start_server(serve, port, var_dir, "serve")
        log(f"edubureau serve on {HOST}:{port} ({' '.join(serve[1:])}); county {info['county']}")
        sessions = [log_in(port, name) for name in info["usernames"]]
        for path in PAGES:  # every page answers a leader before the clock starts
            status = request(port, "GET", path, cookies=sessions[0])[0]
            if status != 200:
                raise SystemExit(f"{path}: HTTP {status} to a leader")
        clients = [sessions[i % len(sessions)] for i in range(args.clients)]
        log(
            f"{len(sessions)} users signed in; {args.clients} clients for {args.seconds:g} s over {', '.join(PAGES)}"
        )
        load_before = os.getloadavg()
        results = {
            "pages": run_load(
                port, PAGES, clients, seconds=args.seconds, warmup=args.warmup, think=args.think
            )
        }
        load_after = os.getloadavg()
        if args.baseline_seconds > 0:
            results["baseline"] = run_load(
                port,
                ("/accounts/login/",),
                clients,
                seconds=args.baseline_seconds,
                warmup=2,
                think=args.think,
            )
        for label, r in results.items():
            log(
                f"{label:<9} {r['requests']:>6} requests, {r['errors']} errors: p50 {r['p50_ms']:.1f} ms,"
                f" p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms, {r['rps']:.1f} req/s"
            )
            for path, p in r["pages"].items():
                log(
                    f"    {path:<18} {p['requests']:>6} requests: p50 {p['p50_ms']:.1f} ms, p95 {p['p95_ms']:.1f} ms"
                )
            if r["error_samples"]:
                log(f"    errors, first ones: {r['error_samples']}")
        log(
            f"load average (1 min) before {load_before[0]:.1f}, after {load_after[0]:.1f}, on {os.cpu_count()} cores"
        )
    finally:
        if server is not None:
            stop_group(server)
        if args.database_url and info is not None:
            drop_users(info["usernames"])
        shutil.rmtree(var_dir, ignore_errors=True)
    d, b = results["pages"], results.get("baseline")
    budget = 200.0
    log(
        f"budget p95 < {budget:g} ms and zero errors: "
        f"{'met' if d['p95_ms'] < budget and d['errors'] == 0 else 'MISSED'}"
    )
    print(
        json.dumps(
            {
                "bench": "dashboard_load",
                "scale": args.scale,
                "server": "edubureau serve",
                "database": "postgresql" if args.database_url else "sqlite",
                "p50_ms": d["p50_ms"],
                "p95_ms": d["p95_ms"],
                "rps": d["rps"],
                "errors": d["errors"],
                "max_ms": d["max_ms"],
                "pages": {p: v["p95_ms"] for p, v in d["pages"].items()},
                "baseline": "login page",
                "baseline_p95_ms": b["p95_ms"] if b else None,
                "baseline_rps": b["rps"] if b else None,
                "ratio": round(d["p95_ms"] / b["p95_ms"], 2) if b else None,
                "clients": args.clients,
                "users": len(info["usernames"]),
                "threads": args.threads,
                "workers": args.workers,
                "seconds": args.seconds,
                "think_s": args.think,
                "load_average": [round(load_before[0], 1), round(load_after[0], 1)],
            }
        )
    )


if __name__ == "__main__":
    main()
