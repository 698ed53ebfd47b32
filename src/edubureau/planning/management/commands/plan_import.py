"""`edubureau plan_import [FILE] [--publish] [--year 2019] [--county CODE] [--if-absent]`.

Without ``--publish`` the plan is parsed and summarised (tasks, targets, lead units matched or unknown);
nothing is written. With ``--publish`` it is published as the review page would, creating the
departments the plan names that the county lacks (a command line has no one to ask; it prints them).
``--if-absent`` makes it idempotent: a plan already published for the county (same 文号, else same title
and year) is left alone. FILE defaults to the 2019 Quangang plan shipped in the package.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edubureau.planning import services
from edubureau.planning.parser import parse_plan
from edubureau.planning.parser.sources import PlanReadError, read_file
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area

BUILTIN = Path(__file__).resolve().parents[2] / "data" / "2019-quangang-education-work-plan.txt"


class Command(BaseCommand):
    help = "Parse an annual work plan and, with --publish, publish it (tasks, targets, milestones)."

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default=str(BUILTIN), help="plan as .txt, .docx, .xlsx, .pdf or .html"
        )
        parser.add_argument("--publish", action="store_true", help="publish (otherwise only summarise)")
        parser.add_argument("--year", type=int, help="the plan's year (default: read from its title)")
        parser.add_argument("--county", help="administrative code of the county (default: from the issuer)")
        parser.add_argument("--if-absent", action="store_true", help="do nothing if already published")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"no such file: {path}")
        size, limit = path.stat().st_size, settings.PLAN_TEXT_MAX_BYTES
        if size > limit:
            raise CommandError(
                f"{path} is {size} bytes; the limit for a plan is {limit} (PLAN_TEXT_MAX_BYTES)"
            )
        try:
            source_text = read_file(path)
        except PlanReadError as exc:
            raise CommandError(exc.message) from exc
        parsed = parse_plan(source_text)
        year = options["year"] or services.plan_year(parsed)
        if not year:
            raise CommandError("the plan's year could not be read; pass --year")
        county = self._county(options["county"], parsed)
        matched = services.department_match(
            county=county, names=[n for i in parsed.items for n in [*i.lead_units, *i.co_units]]
        )
        unknown = [name for name, d in matched.items() if d is None]
        targets = len(parsed.preamble_targets) + sum(len(i.targets) for i in parsed.items)
        self.stdout.write(
            f"{parsed.title} ({parsed.doc_number or '—'}), {year}, {county.name}: "
            f"{len(parsed.sections)} sections, {len(parsed.items)} tasks, {targets} targets, "
            f"{len(matched)} lead/co units ({len(unknown)} unknown)"
        )
        for warning in parsed.warnings:
            self.stdout.write(self.style.WARNING(f"  ! {warning}"))
        if not options["publish"]:
            if unknown:
                self.stdout.write("  unknown units: " + "、".join(unknown))
            return
        existing = services.plan_find(county=county, parsed=parsed, year=year)
        if existing is not None:
            if options["if_absent"]:
                self.stdout.write(f"already published (plan #{existing.pk}); nothing done")
                return
            raise CommandError(f"already published as plan #{existing.pk}; use --if-absent to skip")
        try:
            plan = services.plan_publish(
                actor=None,
                county=county,
                parsed=parsed,
                source_text=source_text,
                year=year,
                create_units=unknown,
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        if unknown:
            self.stdout.write("  departments created: " + "、".join(unknown))
        self.stdout.write(self.style.SUCCESS(f"published plan #{plan.pk}: {plan.tasks.count()} tasks"))

    def _county(self, code, parsed) -> Area:
        counties = Area.objects.filter(kind=AreaKind.COUNTY)
        if code:
            county = counties.filter(code=code).first()
            if county is None:
                raise CommandError(f"no county with code {code}")
            return county
        named = [c for c in counties if any(c.name in (text or "") for text in (parsed.issuer, parsed.title))]
        if len(named) == 1:
            return named[0]
        if not named and counties.count() == 1:
            return counties.get()
        if not counties.exists():
            raise CommandError("no county in the registry yet: load the demo district (edubureau demo) first")
        raise CommandError("cannot tell which county the plan is for; pass --county CODE")
