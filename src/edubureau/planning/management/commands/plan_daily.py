"""`edubureau plan_daily [--today YYYY-MM-DD]`: the daily run for cron.

Recomputes every task's light, sends the T−3 and overdue reminders (in-app, and email when a mail
backend is configured and the user has an address) and climbs the escalation ladder (蓝 → 橙 → 红).
Running it twice on one day does nothing the second time.
"""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from edubureau.planning import services


class Command(BaseCommand):
    help = "Recompute plan-task lights, send reminders and issue urge notices (run daily)."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as of this date (YYYY-MM-DD), for catching up or testing")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must be YYYY-MM-DD") from exc
        result = services.plan_daily(today=today)
        self.stdout.write(
            "lights changed: {lights_changed}, reminders: {reminders}, urge notices: {urge_notices}".format(
                **result
            )
        )
