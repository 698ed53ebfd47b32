"""`edubureau serve`: gunicorn and the background-task worker in one command, as in production.

The web server is gunicorn with threaded workers (``gthread``): a worker per CPU plus one, each serving
``--threads`` requests at a time, behind gunicorn's listen backlog, so that a few dozen people opening
pages at once are queued and answered rather than refused. SQLite (the embedded default) takes the
concurrent writes one at a time: WAL, IMMEDIATE transactions and a busy timeout (``settings.DATABASES``).
"""

import atexit
import os
import subprocess
import sys

from django.core.management.base import BaseCommand
from django.db import connections
from gunicorn.app.base import BaseApplication


def default_workers() -> int:
    return (os.cpu_count() or 1) + 1


class WebServer(BaseApplication):
    """gunicorn run in this process (its documented "custom application"), serving ``edubureau.wsgi``."""

    def __init__(self, settings: dict):
        self.settings = settings
        super().__init__()

    def load_config(self):
        for key, value in self.settings.items():
            self.cfg.set(key, value)

    def load(self):
        from edubureau.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve the app on HOST:PORT (gunicorn, threaded workers) with a background-task worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")
        parser.add_argument(
            "--workers", type=int, default=default_workers(), help="web processes (default: CPUs + 1)"
        )
        parser.add_argument("--threads", type=int, default=8, help="requests each web process serves at once")
        parser.add_argument("--timeout", type=int, default=120, help="seconds before a stuck worker restarts")
        parser.add_argument(
            "--task-workers",
            type=int,
            default=1,
            help="background-task threads (0: run the worker elsewhere)",
        )

    def handle(self, *args, host, port, workers, threads, timeout, task_workers, **options):
        if task_workers:
            worker = subprocess.Popen(  # noqa: S603 (our own console script, fixed arguments)
                [sys.executable, "-m", "edubureau.cli", "run_huey", "--workers", str(task_workers)]
            )
            atexit.register(worker.terminate)
        connections.close_all()  # the web processes fork from this one: no connection may be shared
        self.stdout.write(
            f"edubureau: http://{host}:{port}/  ({workers} workers × {threads} threads; Ctrl-C to stop)"
        )
        self.stdout.flush()
        WebServer(
            {
                "bind": f"{host}:{port}",
                "worker_class": "gthread",
                "workers": workers,
                "threads": threads,
                "timeout": timeout,
                "graceful_timeout": 10,
                "errorlog": "-",
                "loglevel": "warning",
            }
        ).run()
