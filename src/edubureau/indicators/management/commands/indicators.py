"""``edubureau indicators compute [--year Y] [--scope CODE]`` and ``edubureau indicators export [--year Y] --json``."""

from __future__ import annotations

import json
import time

from django.core.management.base import BaseCommand, CommandError

from edubureau.core.periods import SchoolYear
from edubureau.indicators import selectors, services


class Command(BaseCommand):
    help = "Compute the indicator library from the registry, or print the stored values."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        compute = sub.add_parser("compute", help="compute and store every indicator")
        compute.add_argument(
            "--year", help="school year such as 2019-2020 (default: every year with enrolments)"
        )
        compute.add_argument("--scope", help="a county's area code (default: every county)")
        compute.add_argument(
            "--workers",
            type=int,
            default=2,
            help="worker processes for more than 16 counties on PostgreSQL, a school year each (default 2)",
        )
        export = sub.add_parser("export", help="print the stored values")
        export.add_argument("--year", help="school year such as 2019-2020 (default: all)")
        export.add_argument("--json", action="store_true", help="a JSON list (the only format for now)")

    def handle(self, *args, action, **options):
        self.verbosity = options.get("verbosity", 1)
        years = None
        if options.get("year"):
            try:
                years = [SchoolYear.parse(options["year"])]
            except ValueError as error:
                raise CommandError(str(error)) from None
        if action == "compute":
            if options["workers"] < 1:
                raise CommandError("--workers 至少为 1")
            self.compute(years, options.get("scope"), options["workers"])
        else:
            self.export(years)

    def compute(self, years, scope, workers: int = 1) -> None:
        if scope and not services.counties(scope).exists():
            raise CommandError(f"没有区县代码为“{scope}”的区县")
        start = time.perf_counter()
        # The counter redraws itself with "\r": only on a terminal (in a log it read "1/22/2").
        counting = bool(self.verbosity) and self.stderr.isatty()

        def progress(done: int, total: int) -> None:
            if counting:
                self.stderr.write(f"\r{done}/{total}", ending="")

        results = services.indicators_compute_all(
            actor=None, years=years, county_code=scope, progress=progress, workers=workers
        )
        if counting:
            self.stderr.write("")
        for r in results:
            self.stdout.write(
                f"{r.county} {r.period}: {r.values} values ({r.created} new, {r.changed} changed, {r.removed} removed)"
            )
        self.stdout.write(f"{time.perf_counter() - start:.2f} s")

    def export(self, years) -> None:
        periods = None
        if years:
            periods = [str(years[0]), str(years[0].start_year)]
        self.stdout.write(json.dumps(selectors.export_rows(periods=periods), ensure_ascii=False))
