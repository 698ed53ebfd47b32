"""`edubureau demo_pool [--seed N] [--if-fresh]`: the demo district's 周转池 (40 teachers, this year's leaves,
confirmed and proposed dispatch runs) and its 2019-2020 校际交流 proposal. ``--if-fresh`` does nothing once any
pool teacher exists, so that ``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from edubureau.demo.pool import pool_demo_play, pool_is_fresh


class Command(BaseCommand):
    help = "Load the turnover pool and the rotation proposal into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if the pool has teachers")

    def handle(self, *args, seed, if_fresh, **options):
        if not pool_is_fresh():
            if if_fresh:
                if options["verbosity"] > 1:
                    self.stdout.write("周转池已有教师，跳过周转池演示（--if-fresh）。")
                return
            raise CommandError("周转池已有教师，不能重复加载；新库中运行，或加 --if-fresh 跳过。")
        with transaction.atomic():
            result = pool_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区，跳过周转池演示（先运行 edubureau demo）。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"周转池演示（合成数据）：学校定位 {result['placed']} 所，池内教师 {result['pool']} 人，"
                f"空缺 {result['leaves']} 个，已派顶岗 {result['confirmed']} 次（已评价 {result['rated']} 次），"
                f"今日待确认拟派 {result['proposed']} 个、未派 {result['unfilled']} 个；"
                f"2019-2020 学年交流方案 {result['moves']} 人"
            )
        )
