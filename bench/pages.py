"""The slowest page: every page of the URL walk, as each demo role, on the district demo.

Budget (issue 10): the slowest page of the URL walk answers in < 300 ms on the demo.

What it does:

1. sets up a fresh SQLite database in a temporary directory as ``make run`` does: the demo district, the
   2019 plan published and half a year of work on it, a year of supervision, the indicators computed;
2. for each demo login (局领导, 股室, 校长, 责任督学, 系统管理员) walks every GET route of the URL walk
   (``core/tests/test_url_walk.py``): a route with a ``pk`` gets the first object of its model that the
   user may see, so every page is measured with real data in scope; file downloads (.xlsx, .docx) count
   too, as a user clicks them;
3. times each page in-process with Django's test client (``--repeat`` runs after one warm-up; the median
   is kept), prints the ten slowest HTML pages and the ten slowest downloads, and compares the slowest
   page with the plain home page of the same run. The budget is for pages; downloads are reported beside.
   It also reports the page with the most table rows: lists of more than 200 rows must page.

    .venv/bin/python bench/pages.py [--scale district] [--repeat 3]

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

ROOT = Path(__file__).resolve().parents[1]
ROLES = ("leader", "staff_zonghe", "principal", "supervisor", "admin")
BUDGET_SECONDS = 0.3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def prepare(var_dir: Path, scale: str) -> None:
    os.environ.update(
        EDUBUREAU_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="edubureau.settings",
        EDUBUREAU_TASKS_IMMEDIATE="1",
        EDUBUREAU_TODAY=os.environ.get("EDUBUREAU_TODAY", "2019-06-28"),
        EDUBUREAU_DATABASE_URL="",
    )
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("demo", scale=scale, verbosity=0)
    for name, args, options in [
        ("plan_import", [], {"publish": True}),
        ("demo_plan_activity", [], {}),
        ("demo_supervision", [], {}),
        ("demo_collect", [], {}),
        ("demo_projects", [], {}),
        ("demo_safety", [], {}),
        ("demo_staffing", [], {}),
        ("demo_pool", [], {}),
        ("indicators", ["compute"], {}),
        ("demo_evaluation", [], {}),
    ]:
        call_command(name, *args, stdout=open(os.devnull, "w"), **options)  # noqa: SIM115
    log(f"demo --scale {scale} set up as make run does in {time.perf_counter() - start:.1f} s")


def pages_of(user) -> list[str]:
    """Every GET page of the URL walk with its pk filled by an object in the user's scope."""
    from edubureau.core.tests.test_url_walk import _fill, _params, model_of, routes

    urls = []
    for route, callback, name in routes():
        if route.startswith("api/") or name in {"accounts:logout", "i18n"}:
            continue
        params = [a or b for a, b in _params(route)]
        values = {}
        if params:
            model = model_of(callback, name)
            if model is None or params != ["pk"]:
                continue
            manager = model._default_manager
            qs = manager.restrict(user, "view") if hasattr(manager, "restrict") else manager.none()
            pk = qs.order_by("pk").values_list("pk", flat=True).first()
            if pk is None:
                continue
            values["pk"] = pk
        urls.append(_fill(route, values))
    return urls


def time_page(client, url: str, repeat: int) -> tuple[float, int, bool, int]:
    response = client.get(url)  # warm-up (template and query caches)
    rows = response.content.count(b"<tr") if not hasattr(response, "streaming_content") else 0
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        if hasattr(response, "streaming_content"):
            b"".join(response.streaming_content)
        runs.append(time.perf_counter() - start)
    is_page = response.get("Content-Type", "").startswith("text/html")
    return statistics.median(runs), response.status_code, is_page, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="district")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="edubureau-pages-") as tmp:
        prepare(Path(tmp), args.scale)
        from django.test import Client

        from edubureau.accounts.models import User

        results = []
        for username in ROLES:
            user = User.objects.get(username=username)
            client = Client(HTTP_HOST="127.0.0.1")
            client.force_login(user)
            for url in pages_of(user):
                seconds, status, is_page, rows = time_page(client, url, args.repeat)
                results.append((seconds, username, url, status, is_page, rows))
        errors = [r for r in results if r[3] >= 500]
        results.sort(reverse=True)
        pages = [r for r in results if r[4] and r[3] == 200]
        files = [r for r in results if not r[4] and r[3] == 200]
        for title, rows in (("pages", pages), ("downloads (.xlsx, .docx)", files)):
            log(f"the ten slowest {title}:")
            for seconds, username, url, status, *_ in rows[:10]:
                log(f"{seconds * 1000:8.1f} ms  {status}  {username:13} {url}")
        home = [r[0] for r in results if r[2] == "/" and r[1] == "leader"]
        slowest = pages[0]
        longest = max(pages, key=lambda r: r[5])
        log(f"the longest page: {longest[5]} table rows, {longest[2]} as {longest[1]}")
        print(
            json.dumps(
                {
                    "bench": "pages",
                    "scale": args.scale,
                    "pages": len(pages),
                    "downloads": len(files),
                    "slowest_download_seconds": round(files[0][0], 4) if files else None,
                    "slowest_download": files[0][2] if files else None,
                    "seconds": round(slowest[0], 4),
                    "page": slowest[2],
                    "role": slowest[1],
                    "budget_seconds": BUDGET_SECONDS,
                    "errors": len(errors),
                    "most_table_rows": longest[5],
                    "most_table_rows_page": longest[2],
                    "baseline": "home page",
                    "baseline_seconds": round(home[0], 4) if home else None,
                    "ratio": round(slowest[0] / home[0], 2) if home else None,
                },
                ensure_ascii=False,
            )
        )


if __name__ == "__main__":
    main()
