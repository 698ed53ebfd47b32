"""`edubureau supervision_daily [--date YYYY-MM-DD]`: escalate overdue rectifications (蓝 → 橙 → 红 to the
督导室), numbered per county and year. Run once a day (cron, or the task worker)."""

import datetime as dt

from django.core.management.base import BaseCommand

from edubureau.supervision import services


class Command(BaseCommand):
    help = "Issue the next urge notice on every overdue rectification the school has not answered."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="act as of this day")

    def handle(self, *args, date, **options):
        result = services.supervision_daily(today=date)
        self.stdout.write(f"整改催办单 {result['urges']} 张")
