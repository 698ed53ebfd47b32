"""`edubureau plan parse FILE [--json]`: parse an annual work plan (工作要点) and print the result.

A file over ``PLAN_TEXT_MAX_BYTES`` (the import page's limit) is refused: exit status 3, and with --json a
JSON error ``{"error": "too_large", "message", "size_bytes", "max_bytes"}`` on standard output."""

import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from edubureau.planning.parser import cli


class Command(BaseCommand):
    help = "Work plan commands: parse FILE [--json]."

    def add_arguments(self, parser):
        parser.add_argument("verb", choices=["parse"])
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # argv: [prog, "plan", "parse", FILE, ...]; the parser CLI owns its own options.
        if len(argv) < 3 or argv[2] != "parse":
            raise CommandError("usage: edubureau plan parse FILE [--json]")
        sys.exit(cli.main(argv[3:], max_bytes=settings.PLAN_TEXT_MAX_BYTES))

    def handle(self, *args, **options):  # pragma: no cover - run_from_argv handles the CLI
        raise CommandError("usage: edubureau plan parse FILE [--json]")
