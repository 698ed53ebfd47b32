"""`edubureau safety_daily`: the daily job — overdue hazards get the next urge notice (蓝 → 橙 → 红)."""

from django.core.management.base import BaseCommand

from edubureau.safety.services import safety_daily


class Command(BaseCommand):
    help = "Escalate overdue hazards (urge notices)."

    def handle(self, *args, **options):
        result = safety_daily()
        self.stdout.write(f"隐患催办单：{result['urges']} 份")
