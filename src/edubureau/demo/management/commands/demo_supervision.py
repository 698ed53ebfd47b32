"""`edubureau demo_supervision [--seed N] [--if-fresh]`: a year of 责任督学挂牌督导 for the demo district
(supervisors, zones, assignments, visits, findings in every state), played through the services.
``--if-fresh`` does nothing once any visit exists, so that ``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.supervision import supervision_demo_play, supervision_is_fresh


class Command(BaseCommand):
    help = "Load a year of responsible-supervision activity into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if visits exist")

    def handle(self, *args, seed, if_fresh, **options):
        if not supervision_is_fresh():
            if if_fresh:
                self.stdout.write("已有督导记录，跳过挂牌督导演示（--if-fresh）。")
                return
            raise CommandError("已有督导记录，不能重复模拟；新库中运行，或加 --if-fresh 跳过。")
        result = supervision_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区，跳过挂牌督导演示（先运行 edubureau demo）。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"挂牌督导演示（合成数据）：督学 {result['supervisors']} 名，挂牌 {result['assignments']} 所，"
                f"督导记录 {result['visits']} 份，整改 {result['rectifications']} 项"
            )
        )
