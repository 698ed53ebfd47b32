"""`edubureau registry import students|teachers|schools|population FILE`: import a workbook as the system.

Exit status 0 when the workbook was imported (or, with --dry-run, would be), 1 when any row has a
problem — then nothing is written. ``--json`` prints ``{"imported": N, "errors": [{"row", "column",
"value", "reason", "fix"}], …}`` for scripts; otherwise one line per problem.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edubureau.registry.imports.schemas import KINDS
from edubureau.registry.imports.services import import_run


class Command(BaseCommand):
    help = "Registry tasks. `registry import KIND FILE` imports a workbook (all rows or none)."

    def add_arguments(self, parser):
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        imp = actions.add_parser("import", help="import an .xlsx workbook into the registry")
        imp.add_argument("kind", choices=sorted(KINDS), help="what the workbook holds")
        imp.add_argument("file", help="the .xlsx workbook")
        imp.add_argument("--school-year", help="school year of student enrollments, e.g. 2019-2020")
        imp.add_argument("--dry-run", action="store_true", help="check every row, write nothing")
        imp.add_argument("--json", action="store_true", help="print the result as one JSON object")

    def handle(self, *args, **options):
        as_json = options["json"]
        show_progress = not as_json and self.stderr.isatty()

        def progress(done: int, total: int) -> None:
            self.stderr.write(f"\r{done}/{total}", ending="")

        result = import_run(
            actor=None,
            kind=options["kind"],
            source=options["file"],
            school_year=options["school_year"],
            dry_run=options["dry_run"],
            progress=progress if show_progress else None,
        )
        if show_progress:
            self.stderr.write("")
        if as_json:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False))
        else:
            self._human(result)
        if not result.ok:
            raise CommandError(
                _("%(n)s problem(s); nothing was imported.") % {"n": len(result.errors)}, returncode=1
            )

    def _human(self, result) -> None:
        for e in result.errors:
            where = f"第{e.row}行" if e.row else "文件"
            column = f" [{e.column}]" if e.column else ""
            value = f" “{e.value}”" if e.value else ""
            fix = f" → {e.fix}" if e.fix else ""
            self.stdout.write(f"{where}{column}{value}: {e.reason}{fix}")
        if result.ok and result.dry_run:
            message = _("%(rows)s rows checked, no problems (dry run: nothing written).")
            self.stdout.write(self.style.SUCCESS(message % {"rows": result.rows}))
        elif result.ok:
            message = _("%(imported)s created, %(updated)s updated, from %(rows)s rows.")
            self.stdout.write(self.style.SUCCESS(message % result.as_json()))
