"""Load test: the indicators dashboard under 20 concurrent users, served by gunicorn on loopback.

Budget (DESIGN §9): p95 < 300 ms on the district with 20 concurrent users, on a 2-core machine.

What it does, all bounded in time and cleaned up afterwards:

1. loads the demo (``edubureau demo --scale district``) into a fresh SQLite database in a temporary directory
   — or into the PostgreSQL database of ``--database-url`` (an empty one is migrated and loaded; one that
   already holds schools is reused as it is) — and computes the indicators (``edubureau indicators
   compute``) unless they are stored already;
2. creates ``--users`` (20) leader accounts scoped to the district (``bench-leader-01`` …; on PostgreSQL they
   are deleted again at the end) and starts gunicorn on 127.0.0.1 with ``--workers`` (3) sync workers;
3. logs each account in through the login form (``--users`` sessions, one per client: not one shared session);
4. runs ``--clients`` (20) closed-loop clients — Python threads with ``http.client``, a new connection per
   request as a sync gunicorn worker closes it, no think time unless ``--think`` — against the dashboard
   ``/indicators/`` for ``--seconds`` (20) after a short warm-up, then the same against the plain home page
   ``/`` as the baseline of the same run. Only the HTML is requested: a browser fetches the static files
   (ECharts, CSS) once and caches them, and whitenoise serves those without touching Django.

Latency is measured from sending the request to reading the whole response. With no think time every
client waits only for its own responses, so 20 clients keep 20 requests in flight: p95 is then roughly
20 ÷ throughput, the harshest reading of "20 concurrent users".

    .venv/bin/python bench/dashboard_load.py [--scale district] [--seconds 20] [--clients 20] [--workers 3]
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


def prepare(var_dir: Path, database_url: str | None, scale: str, n_users: int) -> dict:
    """Migrate, load the demo and compute the indicators if needed; create the leader accounts."""
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


def start_gunicorn(port: int, workers: int, var_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    cmd = [
        sys.executable, "-m", "gunicorn", "edubureau.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(workers), "--worker-class", "sync",
        "--timeout", "60", "--graceful-timeout", "5",
        "--error-logfile", str(var_dir / "gunicorn.log"), "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited ({server.returncode}); see {var_dir / 'gunicorn.log'}")
        try:
            status, _, _ = request(port, "GET", "/accounts/login/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    stop(server)
    raise SystemExit("gunicorn did not answer within 60 s")


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


def run_load(port: int, path: str, sessions: list[dict], *, seconds: float, warmup: float, think: float):
    """Closed-loop clients, one per session, for ``warmup`` + ``seconds``; latencies of the measured part."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + seconds

    def client(cookies: dict) -> None:
        mine, bad = [], []
        while True:
            t0 = time.monotonic()
            if t0 >= stop_at:
                break
            try:
                status, _, body = request(port, "GET", path, cookies=cookies)
                ok = status == 200 and len(body) > 0
            except OSError as error:
                status, ok = str(error), False
            t1 = time.monotonic()
            if t0 >= measure_from and t1 <= stop_at:
                if ok:
                    mine.append(t1 - t0)
                else:
                    bad.append(str(status))
            if think:
                time.sleep(think)
        with lock:
            latencies.extend(mine)
            errors.extend(bad)

    threads = [threading.Thread(target=client, args=(c,), daemon=True) for c in sessions]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=warmup + seconds + 60)
    if not latencies:
        raise SystemExit(f"no successful request on {path} (errors: {errors[:5]})")
    ordered = sorted(latencies)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(round(p / 100 * len(ordered))) - 1)] * 1000

    return {
        "requests": len(ordered),
        "errors": len(errors),
        "p50_ms": round(statistics.median(ordered) * 1000, 1),
        "p95_ms": round(pct(95), 1),
        "max_ms": round(ordered[-1] * 1000, 1),
        "rps": round(len(ordered) / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", default="district", choices=["tiny", "district", "city", "province"])
    parser.add_argument("--database-url", help="postgres://… (default: SQLite in a temporary directory)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument(
        "--users", type=int, default=20, help="accounts signed in (clients share them round-robin)"
    )
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (2–4 on 2 cores)")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured time per page")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--think", type=float, default=0.0, help="seconds a client waits between requests")
    parser.add_argument("--path", default="/indicators/")
    parser.add_argument("--baseline-path", default="/")
    args = parser.parse_args()

    var_dir = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    server = None
    info = None
    try:
        info = prepare(var_dir, args.database_url, args.scale, args.users)
        port = free_port()
        server = start_gunicorn(port, args.workers, var_dir)
        log(f"gunicorn on {HOST}:{port}, {args.workers} workers; county {info['county']}")
        sessions = [log_in(port, name) for name in info["usernames"]]
        clients = [sessions[i % len(sessions)] for i in range(args.clients)]
        log(f"{len(sessions)} users signed in; {args.clients} clients, {args.seconds:g} s per page")
        results = {}
        for label, path in (("dashboard", args.path), ("baseline", args.baseline_path)):
            results[label] = r = run_load(
                port, path, clients, seconds=args.seconds, warmup=args.warmup, think=args.think
            )
            log(
                f"{path:<14} {r['requests']:>6} requests, {r['errors']} errors: p50 {r['p50_ms']:.1f} ms,"
                f" p95 {r['p95_ms']:.1f} ms, max {r['max_ms']:.1f} ms, {r['rps']:.1f} req/s"
            )
    finally:
        if server is not None:
            stop(server)
        if args.database_url and info is not None:
            drop_users(info["usernames"])
        shutil.rmtree(var_dir, ignore_errors=True)
    d, b = results["dashboard"], results["baseline"]
    budget = 300.0
    log(f"budget p95 < {budget:g} ms: {'met' if d['p95_ms'] < budget else 'MISSED'}")
    print(
        json.dumps(
            {
                "bench": "dashboard_load",
                "scale": args.scale,
                "p50_ms": d["p50_ms"],
                "p95_ms": d["p95_ms"],
                "rps": d["rps"],
                "baseline": "home",
                "baseline_p95_ms": b["p95_ms"],
                "max_ms": d["max_ms"],
                "errors": d["errors"],
                "baseline_p50_ms": b["p50_ms"],
                "baseline_rps": b["rps"],
                "clients": args.clients,
                "users": len(info["usernames"]),
                "workers": args.workers,
                "seconds": args.seconds,
                "think_s": args.think,
            }
        )
    )


if __name__ == "__main__":
    main()
