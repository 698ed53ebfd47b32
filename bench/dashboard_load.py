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
4. runs ``--clients`` (50) closed-loop clients — Python threads with ``http.client``, each keeping one
   keep-alive connection as a browser does (opened again past gunicorn's 2 s keep-alive), each picking
   (seeded) among ``/``, ``/indicators/``, ``/plan/`` and ``/supervision/`` — twice, ``--seconds`` (60) each
   after a short warm-up, then, as the baseline of the same run, for ``--baseline-seconds`` (20) on the
   login page (no query but the session's): what the machine and the server give before any page's own
   work. Only the HTML is requested: a browser fetches the static files once and caches them, and
   whitenoise serves those without Django.

The two readings of "50 concurrent users":

- **saturation** (no think time): every client sends its next request the moment the last one is read,
  so 50 requests are always in flight and p95 is roughly 50 ÷ throughput. It is the server's capacity, not
  what 50 people do; it stays the harshest figure.
- **think** (the budget's reading): each client reads the page for a uniform random 1–5 s
  (``--think 1,5``, Locust's ``between(1, 5)``) before the next click, and the clients start spread over the
  first 5 s. A director reads a dashboard's lights and figures before clicking on; 3 s on average is short
  for a page of figures, so 50 such users ask ≈ 16 pages/s, which is what the budget means by 50 users
  working at once.

Latency is measured from sending the request to reading the whole response. Each phase prints the CPU
seconds the server's processes used per request (gunicorn master, workers, task worker, from /proc) and
the load generator's own CPU per request (it must stay small beside the server's: it shares the 2 cores),
and the load average before and after: other engineers share the machine.

Measured 2026-12-04 (district, 2 cores shared, load average 10–20 during the runs):

- SQLite: saturation p95 1,157 ms at 89.4 req/s (8,661 ms at 15.2 req/s before the pages kept their
  county-wide figures), think p95 182 ms at 15.9 req/s — met; 0 errors; server CPU 12.6 ms a page against
  10.5 ms for the login page; the load generator 0.3–0.7 ms a request. Login baseline p95 1,987 ms at
  59.5 req/s.
- PostgreSQL: saturation p95 1,514 ms at 89.4 req/s (3,655 ms at 27.4 req/s before), think p95 94.6 ms at
  16.1 req/s — met; 0 errors; server CPU 10.6 ms a page against 6.3 ms for the login page. Login baseline
  p95 726 ms at 166 req/s.

Both runs with ``--supervision-demo`` (8,371 visits). Saturation misses 200 ms on both: a page now costs
about the login page's per-request cost, which two cores shared with other work cannot serve 250 times a
second.

    .venv/bin/python bench/dashboard_load.py [--seconds 60] [--clients 50] [--think 1,5] [--threads 8] [--workers N]
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
#: Seconds a person reads a page before the next click (uniform, as Locust's ``between(1, 5)``).
THINK = (1.0, 5.0)
#: gunicorn closes a connection idle this long (its ``keepalive``, 2 s): a client idle longer reconnects.
KEEPALIVE_S = 1.5


class Client:
    """One browser: a keep-alive connection (as a browser keeps one), opened again when the server may have
    closed it (idle past gunicorn's keep-alive) or closed it under us."""

    def __init__(self, port: int, cookies: dict):
        self.port, self.conn, self.last = port, None, 0.0
        self.headers = {
            "Host": f"{HOST}:{port}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
            "Connection": "keep-alive",
        }

    def get(self, path: str) -> tuple[int, int]:
        for attempt in (1, 2):
            fresh = self.conn is None or time.monotonic() - self.last > KEEPALIVE_S
            if fresh:
                self.close()
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
            try:
                self.conn.request("GET", path, headers=self.headers)
                response = self.conn.getresponse()
                body = response.read()
                self.last = time.monotonic()
                if response.getheader("Connection", "").lower() == "close":
                    self.close()
                return response.status, len(body)
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.close()
                if fresh or attempt == 2:  # a new connection refused: an error, not a stale one
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None


def server_cpu_seconds(session: int) -> float:
    """CPU seconds (user + system) of every process of the server's session (gunicorn's master, its
    workers, the task worker), including children they have reaped."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session:  # field 6 of stat: the session id
            total += sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    return total / tick


def run_load(
    port: int,
    paths,
    sessions: list[dict],
    *,
    seconds: float,
    warmup: float,
    think: tuple[float, float] | None,
    server_session: int,
    seed=2019,
):
    """Closed-loop clients, one per session, each picking among ``paths`` (seeded) and, with ``think``,
    waiting a uniform random time in that range after each page, for ``warmup`` + ``seconds``; the
    latencies of the measured part, in all and per path, and the CPU the server and this process used."""
    import random

    latencies: dict[str, list[float]] = {p: [] for p in paths}
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds
    cpu = {}

    def client(n: int, cookies: dict) -> None:
        rng = random.Random(seed + n)
        browser = Client(port, cookies)
        mine: dict[str, list[float]] = {p: [] for p in paths}
        bad = []
        if think:  # people do not all arrive in the same second
            time.sleep(rng.uniform(0, think[1]))
        while True:
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            path = rng.choice(paths)
            try:
                status, size = browser.get(path)
                ok = status == 200 and size > 0
            except OSError as error:
                status, ok = str(error), False
            t1 = time.monotonic()
            if t0 >= measure_from and t1 <= stop_at:
                if ok:
                    mine[path].append(t1 - t0)
                else:
                    bad.append(f"{path} {status}")
            if think:
                time.sleep(min(rng.uniform(*think), max(0.0, stop_at - time.monotonic())))
        browser.close()
        with lock:
            for p, values in mine.items():
                latencies[p].extend(values)
            errors.extend(bad)

    def mark() -> None:
        cpu["server"], cpu["client"] = server_cpu_seconds(server_session), time.process_time()

    threads = [threading.Thread(target=client, args=(n, c), daemon=True) for n, c in enumerate(sessions)]
    for t in threads:
        t.start()
    timer = threading.Timer(max(0.0, measure_from - time.monotonic()), mark)
    timer.start()
    for t in threads:
        t.join(timeout=warmup + seconds + 60)
    timer.join()
    server_cpu = server_cpu_seconds(server_session) - cpu["server"]
    client_cpu = time.process_time() - cpu["client"]
    everything = sorted(v for values in latencies.values() for v in values)
    if not everything:
        raise SystemExit(f"no successful request (errors: {errors[:5]})")
    result = summary(everything, seconds)
    result["errors"] = len(errors)
    result["error_samples"] = errors[:5]
    result["pages"] = {p: summary(sorted(v), seconds) for p, v in latencies.items() if v}
    # Both include the clients' last requests after the clock stopped: a slight overestimate per request.
    result["server_cpu_ms_per_request"] = round(1000 * server_cpu / len(everything), 1)
    result["client_cpu_ms_per_request"] = round(1000 * client_cpu / len(everything), 1)
    result["server_cpu_share"] = round(server_cpu / seconds / (os.cpu_count() or 1), 2)
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
    parser.add_argument(
        "--think",
        default=f"{THINK[0]:g},{THINK[1]:g}",
        help="MIN,MAX seconds a person reads a page (uniform) in the think-time reading; 0 skips it",
    )
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
        think = tuple(float(x) for x in args.think.split(",")) if args.think not in ("", "0") else None
        phases = [("saturation", PAGES, args.seconds, args.warmup, None)]
        if think:
            phases.append(("think", PAGES, args.seconds, args.warmup, think))
        if args.baseline_seconds > 0:
            phases.append(("baseline", ("/accounts/login/",), args.baseline_seconds, 2, None))
        results, loads = {}, {}
        for label, paths, seconds, warmup, wait in phases:
            before = os.getloadavg()[0]
            results[label] = run_load(
                port, paths, clients, seconds=seconds, warmup=warmup, think=wait, server_session=server.pid
            )
            loads[label] = (round(before, 1), round(os.getloadavg()[0], 1))
        for label, r in results.items():
            log(
                f"{label:<10} {r['requests']:>6} requests, {r['errors']} errors: p50 {r['p50_ms']:.1f} ms,"
                f" p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms, {r['rps']:.1f} req/s;"
                f" CPU a request: server {r['server_cpu_ms_per_request']:.1f} ms,"
                f" load generator {r['client_cpu_ms_per_request']:.1f} ms;"
                f" load average {loads[label][0]} → {loads[label][1]}"
            )
            for path, p in r["pages"].items():
                log(
                    f"    {path:<18} {p['requests']:>6} requests: p50 {p['p50_ms']:.1f} ms, p95 {p['p95_ms']:.1f} ms"
                )
            if r["error_samples"]:
                log(f"    errors, first ones: {r['error_samples']}")
        log(f"on {os.cpu_count()} cores")
    finally:
        if server is not None:
            stop_group(server)
        if args.database_url and info is not None:
            drop_users(info["usernames"])
        shutil.rmtree(var_dir, ignore_errors=True)
    budget = 200.0
    for label in ("saturation", "think"):
        if label in results:
            r = results[label]
            verdict = "met" if r["p95_ms"] < budget and r["errors"] == 0 else "MISSED"
            log(f"budget p95 < {budget:g} ms and zero errors, {label}: {verdict}")

    def brief(r: dict) -> dict:
        keys = ("p50_ms", "p95_ms", "max_ms", "rps", "errors", "requests", "server_cpu_ms_per_request")
        return {k: r[k] for k in (*keys, "client_cpu_ms_per_request")} | {
            "pages": {p: v["p95_ms"] for p, v in r["pages"].items()}
        }

    d, t, b = results["saturation"], results.get("think"), results.get("baseline")
    print(
        json.dumps(
            {
                "bench": "dashboard_load",
                "scale": args.scale,
                "server": "edubureau serve",
                "database": "postgresql" if args.database_url else "sqlite",
                "p95_ms": d["p95_ms"],
                "rps": d["rps"],
                "errors": d["errors"],
                "saturation": brief(d),
                "think": brief(t) | {"think_s": list(think)} if t else None,
                "baseline": "login page",
                "baseline_p95_ms": b["p95_ms"] if b else None,
                "baseline_rps": b["rps"] if b else None,
                "baseline_server_cpu_ms_per_request": b["server_cpu_ms_per_request"] if b else None,
                "ratio": round(d["p95_ms"] / b["p95_ms"], 2) if b else None,
                "clients": args.clients,
                "users": len(info["usernames"]),
                "threads": args.threads,
                "workers": args.workers,
                "seconds": args.seconds,
                "load_average": loads,
                "cores": os.cpu_count(),
            }
        )
    )


if __name__ == "__main__":
    main()
