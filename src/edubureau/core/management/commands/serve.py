"""`edubureau serve`: the web server and the background-task worker in one command (the embedded default)."""

import atexit
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the app on HOST:PORT with a background-task worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        worker = subprocess.Popen([sys.executable, "-m", "edubureau.cli", "run_huey", "--workers", "1"])  # noqa: S603
        atexit.register(worker.terminate)
        self.stdout.write(f"edubureau: http://{host}:{port}/  (Ctrl-C to stop)")
        call_command("runserver", f"{host}:{port}", use_reloader=False, insecure_serving=True)
