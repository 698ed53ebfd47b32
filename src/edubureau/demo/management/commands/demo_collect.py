"""`edubureau demo_collect [--seed N] [--if-fresh]`: spring 2019 of data collection in the demo district
(the monthly safety report and the teacher training record), played through the services.
``--if-fresh`` does nothing once any form exists, so that ``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.collect import collect_demo_play, collect_is_fresh


class Command(BaseCommand):
    help = "Load spring 2019 of school data collection into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if forms exist")

    def handle(self, *args, seed, if_fresh, **options):
        if not collect_is_fresh():
            if if_fresh:
                self.stdout.write("已有填报表单，跳过数据填报演示（--if-fresh）。")
                return
            raise CommandError("已有填报表单，不能重复模拟；新库中运行，或加 --if-fresh 跳过。")
        result = collect_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区，跳过数据填报演示（先运行 edubureau demo）。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"数据填报演示（合成数据）：表单 {result['forms']} 张，填报任务 {result['assignments']} 个，"
                f"安全月报已报送 {result['sent']} 份（逾期 {result['late']}，退回 {result['returned']}，"
                f"缺报 {result['missing']}），应急演练 {result['drills']} 次，名师大讲堂 {result['lectures']} 期"
            )
        )
