"""`edubureau demo_safety [--seed N] [--if-fresh]`: spring 2019 of school safety in the demo district
(hazards in every state, training centres with inspections and complaints, bullying cases, 平安校园
grades), played through the services. ``--if-fresh`` does nothing once any hazard or centre exists, so
that ``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.safety import safety_demo_play, safety_is_fresh


class Command(BaseCommand):
    help = "Load spring 2019 of school safety work into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if hazards or centres exist")

    def handle(self, *args, seed, if_fresh, **options):
        if not safety_is_fresh():
            if if_fresh:
                self.stdout.write("已有校园安全数据，跳过校园安全演示（--if-fresh）。")
                return
            raise CommandError("已有校园安全数据，不能重复模拟；新库中运行，或加 --if-fresh 跳过。")
        result = safety_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区，跳过校园安全演示（先运行 edubureau demo）。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"校园安全演示（合成数据）：隐患 {result['hazards']} 条，校外培训机构 {result['centres']} 家"
                f"（检查 {result['inspections']} 次，投诉 {result['complaints']} 件），"
                f"欺凌事件 {result['bullying']} 起，平安校园考评 {result['graded']} 所"
            )
        )
