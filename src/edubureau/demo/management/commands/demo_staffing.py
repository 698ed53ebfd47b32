"""`edubureau demo_staffing [--seed N] [--if-fresh]`: the 2019 区管校聘 of the demo district (participating
schools, scores, 志愿, the three rounds, published results, appeals). ``--if-fresh`` does nothing once any
competition exists, so that ``make run`` can call it every time."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.staffing import staffing_demo_play, staffing_is_fresh


class Command(BaseCommand):
    help = "Load the 2019 post competition (区管校聘) into the demo district."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2019)
        parser.add_argument("--if-fresh", action="store_true", help="do nothing if a competition exists")

    def handle(self, *args, seed, if_fresh, **options):
        if not staffing_is_fresh():
            if if_fresh:
                if options["verbosity"] > 1:
                    self.stdout.write("已有区管校聘竞聘，跳过演示（--if-fresh）。")
                return
            raise CommandError("已有区管校聘竞聘，不能重复加载；新库中运行，或加 --if-fresh 跳过。")
        result = staffing_demo_play(seed=seed)
        if not result:
            self.stdout.write("没有演示学区，跳过区管校聘演示（先运行 edubureau demo）。")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"区管校聘演示（合成数据）：{result['schools']}/{result['eligible']} 所中小学校参加，"
                f"{result['teachers']} 名教师、{result['posts']} 个岗位；校内留任 {result['r1']} 人，"
                f"跨校竞聘 {result['r2']} 人（其中交换 {result['exchanged']} 人），组织调剂 {result['r3']} 人，待岗 {result['unplaced']} 人；"
                f"申诉 {result['appeals']} 件；职称岗位竞聘 {result['title']['teachers']} 人，按职称聘用 "
                f"{result['title']['kept']} 人，低聘 {result['title']['lowered']} 人，未聘 {result['title']['unplaced']} 人"
            )
        )
