"""`edubureau collect export FORM --period P [--county CODE] [--json]`: every school's submission of one
assignment (state, times, values), non-submissions included as ``pending`` with no values."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from edubureau.collect.models import Assignment


class Command(BaseCommand):
    help = "Data collection: export the submissions of a form for one period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="command", required=True)
        export = sub.add_parser("export", help="the submissions of FORM (its code) for --period")
        export.add_argument("form")
        export.add_argument("--period", required=True)
        export.add_argument("--county", default="", help="the county's area code, when there are several")
        export.add_argument("--json", action="store_true")
        remind = sub.add_parser("remind", help="remind schools that have not sent (run daily)")
        remind.add_argument("--json", action="store_true")
        compute = sub.add_parser("compute", help="recompute the indicators fed by forms for a calendar year")
        compute.add_argument("--year", type=int, required=True)
        compute.add_argument("--json", action="store_true")

    def handle(self, *args, command, json: bool = False, **options):
        if command == "compute":
            return self.compute(options["year"], json)
        if command == "remind":
            from edubureau.collect.services import collect_remind

            result = collect_remind()
            self.stdout.write(
                _dumps(result)
                if json
                else _("Reminders: {due_soon} schools due soon, {overdue} schools overdue").format(
                    due_soon=result["due_soon"], overdue=result["overdue"]
                )
            )
            return None
        return self.export(options["form"], options["period"], options["county"], json)

    def compute(self, year: int, as_json: bool):
        from edubureau.collect.sources import collect_indicators_compute
        from edubureau.registry.choices import AreaKind
        from edubureau.registry.models import Area

        results = {}
        for county in Area.objects.filter(kind=AreaKind.COUNTY).order_by("code"):
            results[county.code] = collect_indicators_compute(actor=None, county=county, year=year)
        if as_json:
            self.stdout.write(_dumps({"year": year, "counties": results}))
        else:
            for code, r in results.items():
                text = _(
                    "{county} {year}: {values} indicator values from the forms ({changed} changed, {removed} removed)"
                )
                self.stdout.write(
                    text.format(
                        county=code, year=year, values=r["values"], changed=r["changed"], removed=r["removed"]
                    )
                )

    def export(self, form: str, period: str, county: str, json: bool):
        qs = Assignment.objects.filter(form__code=form, period=period).select_related("form__county")
        if county:
            qs = qs.filter(form__county__code=county)
        assignments = list(qs[:2])
        if not assignments:
            raise CommandError(
                _(
                    "No assignment of the form “{form}” for “{period}”; check the form code and the period."
                ).format(form=form, period=period)
            )
        if len(assignments) > 1:
            raise CommandError(_("Several counties have this form; name the county code with --county."))
        a = assignments[0]
        rows = [
            {
                "school_code": s.school.code,
                "school": s.school.name,
                "status": s.status,
                "version": s.form_version.number,
                "submitted_at": s.submitted_at.isoformat() if s.submitted_at else None,
                "late": s.is_late(),
                "values": s.values if s.submitted_at else None,
            }
            for s in a.submissions.select_related("school", "form_version").order_by("school__code")
        ]
        result = {"form": a.form.code, "title": a.form.title, "period": a.period,
                  "due_on": a.due_on.isoformat(), "county": a.form.county.code, "submissions": rows}  # fmt: skip
        if json:
            self.stdout.write(_dumps(result))
            return
        sent = sum(1 for r in rows if r["status"] in ("submitted", "accepted"))
        self.stdout.write(
            _("{form} {period}: {schools} schools, {sent} submitted, {missing} not submitted").format(
                form=a.form.title, period=a.period, schools=len(rows), sent=sent, missing=len(rows) - sent
            )
        )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1)
