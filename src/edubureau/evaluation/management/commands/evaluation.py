"""``edubureau evaluation value-added SCORES.csv --json``: school value-added from a CSV of
``student,school,prior,outcome`` (one row per student), printed as JSON:

    {"schools": [{"school", "n", "raw_mean", "va", "se", "low", "high", "band"}], "excluded": N,
     "tau2", "sigma2", "slope", "seconds"}

``va`` is the shrunken empirical-Bayes estimate in outcome-score points (``valueadded.fit``). A row missing
its prior or outcome score is left out and counted in ``excluded``. Bad input exits non-zero; with ``--json``
the error is printed as ``{"error": "…"}``. No database is touched.
"""

from __future__ import annotations

import io
import json
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from edubureau.evaluation.valueadded import ScoresError, read_scores, report

MAX_BYTES = 500 * 1024 * 1024


class Command(BaseCommand):
    help = _("Value-added: edubureau evaluation value-added SCORES.csv --json")
    requires_system_checks = []  # pure computation over a file: no database, no keys

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("value-added", help=_("Value-added of schools (empirical Bayes)"))
        p.add_argument("scores", help="CSV file (student,school,prior,outcome), or - for standard input")
        p.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args, action, scores, **options):
        start = time.perf_counter()
        try:
            result = report(*self.read(scores))
        except (ScoresError, ValueError, OSError) as error:
            message = self.message(error, scores)
            if options["json"]:
                self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
                sys.exit(2)
            raise CommandError(message) from None
        result["seconds"] = round(time.perf_counter() - start, 3)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        labels = {
            "well_above": pgettext("value-added band", "well above"),
            "above": pgettext("value-added band", "above"),
            "average": pgettext("value-added band", "as expected"),
            "below": pgettext("value-added band", "below"),
            "well_below": pgettext("value-added band", "well below"),
        }
        line = _("{school}\t{n} pupils\tmean {mean}\tvalue-added {va} ({low} to {high})\t{band}")
        for s in result["schools"]:
            self.stdout.write(
                line.format(school=s["school"], n=s["n"], mean=f"{s['raw_mean']:.1f}", va=f"{s['va']:+.2f}",
                            low=f"{s['low']:+.2f}", high=f"{s['high']:+.2f}", band=labels[s["band"]])
            )  # fmt: skip
        summary = _("{schools} schools, {excluded} rows without both scores left out, {seconds} seconds.")
        self.stdout.write(
            summary.format(
                schools=len(result["schools"]), excluded=result["excluded"], seconds=result["seconds"]
            )
        )

    @staticmethod
    def message(error: Exception, path: str) -> str:
        if isinstance(error, OSError):
            return _("Cannot read “{path}”: {error}").format(path=path, error=error.strerror or error)
        if isinstance(error, UnicodeDecodeError):
            return _("“{path}” is not text in UTF-8").format(path=path)
        if isinstance(error, ScoresError):
            return str(error)
        return _("Cannot compute value-added: {error}").format(error=error)

    @staticmethod
    def read(path: str):
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ScoresError(_("The file is larger than {size} MB").format(size=MAX_BYTES // 1024 // 1024))
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScoresError(_("“{path}” is not text in UTF-8").format(path=path)) from None
        return read_scores(io.StringIO(text, newline=""))
