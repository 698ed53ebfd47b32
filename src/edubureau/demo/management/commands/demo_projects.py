"""`edubureau demo_projects [--seed N] [--if-fresh]`: the 36 building projects of plan task 20 in the demo
district, in their stages of late June 2019. ``--if-fresh`` does nothing once any project exists, so that
``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.projects import projects_demo_play, projects_is_fresh


class Command(BaseCommand):
    help = "Load the building projects of plan task 20 into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if projects exist")

    def handle(self, *args, seed, if_fresh, **options):
        if not projects_is_fresh():
            if if_fresh:
                if options["verbosity"] > 1:
                    self.stdout.write("已有基建项目，跳过项目演示（--if-fresh）。")
                return
            raise CommandError("已有基建项目，不能重复加载；新库中运行，或加 --if-fresh 跳过。")
        result = projects_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区，跳过项目演示（先运行 edubureau demo）。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"基建项目演示（合成数据）：项目 {result['projects']} 个，已交付 {result['delivered']} 个，"
                f"拨付 {result['payments']} 笔，逾期节点 {result['late']} 个，计划任务专项资金 {result['earmarks']} 项"
            )
        )
