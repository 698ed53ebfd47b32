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

from edubureau.evaluation.valueadded import ScoresError, read_scores, report

MAX_BYTES = 500 * 1024 * 1024


class Command(BaseCommand):
    help = "增值评价：edubureau evaluation value-added SCORES.csv --json"
    requires_system_checks = []  # pure computation over a file: no database, no keys

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("value-added", help="学校增值评价（经验贝叶斯）")
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
            "well_above": "明显高于",
            "above": "高于",
            "average": "相当",
            "below": "低于",
            "well_below": "明显低于",
        }
        for s in result["schools"]:
            self.stdout.write(
                f"{s['school']}\t{s['n']}人\t平均{s['raw_mean']:.1f}\t增值{s['va']:+.2f}"
                f"（{s['low']:+.2f}～{s['high']:+.2f}）\t{labels[s['band']]}"
            )
        self.stdout.write(
            f"学校{len(result['schools'])}所，排除缺成绩的行{result['excluded']}行，用时{result['seconds']}秒。"
        )

    @staticmethod
    def message(error: Exception, path: str) -> str:
        if isinstance(error, OSError):
            return f"无法读取“{path}”：{error.strerror or error}"
        if isinstance(error, UnicodeDecodeError):
            return f"“{path}”不是 UTF-8 编码的文本"
        if isinstance(error, ScoresError):
            return str(error)
        return f"无法计算增值：{error}"

    @staticmethod
    def read(path: str):
        if path == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            with open(path, "rb") as fh:
                raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise ScoresError(f"文件超过 {MAX_BYTES // 1024 // 1024} MB")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ScoresError(f"“{path}”不是 UTF-8 编码的文本") from None
        return read_scores(io.StringIO(text, newline=""))
