"""`edubureau safety_daily [--date YYYY-MM-DD]`: escalate overdue hazards (蓝 → 橙 → 红, the red notice to
the 安全保卫股), numbered per county and year. Run once a day (cron, or the task worker)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from edubureau.safety import services


class Command(BaseCommand):
    help = "Issue the next urge notice on every overdue hazard the school has not fixed."

    def add_arguments(self, parser):
        parser.add_argument("--date", type=dt.date.fromisoformat, default=None, help="act as of this day")

    def handle(self, *args, date, **options):
        result = services.safety_daily(today=date)
        text = _("{urges} hazard urge notices, {reminders} reminders of overdue bullying cases")
        self.stdout.write(text.format(urges=result["urges"], reminders=result["case_reminders"]))
