"""`edubureau demo_evaluation [--seed N] [--if-fresh]`: two exams for the demo's junior pupils with planted
school effects (2016 六年级 monitoring, 2019 中考) and a published 2019 学校年度考评 round with tiers. Run it
after ``indicators compute`` so that the 班额 leaf has its values. ``--if-fresh`` does nothing once any exam
or scheme exists, so that ``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.evaluation import evaluation_demo_play, evaluation_is_fresh
from edubureau.evaluation.choices import Tier


class Command(BaseCommand):
    help = "Load exams with planted school effects and a published 2019 school evaluation round."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if exams or schemes exist")

    def handle(self, *args, seed, if_fresh, **options):
        if not evaluation_is_fresh():
            if if_fresh:
                if options["verbosity"] > 1:
                    self.stdout.write("已有考试或评价方案，跳过综合评价演示（--if-fresh）。")
                return
            raise CommandError("已有考试或评价方案，不能重复加载；新库中运行，或加 --if-fresh 跳过。")
        result = evaluation_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区或初三学生，跳过综合评价演示（先运行 edubureau demo）。")
            return
        tiers = "，".join(f"{Tier(t).label}{n}所" for t, n in result["tiers"].items() if t)
        self.stdout.write(
            self.style.SUCCESS(
                f"综合评价演示（合成数据）：考生 {result['pupils']} 人，成绩 {result['scores']} 条，"
                f"2019年学校年度考评 {result['schools']} 所学校已发布（{tiers}）"
            )
        )
