"""`edubureau demo_plan_activity [--seed N] [--if-fresh]`: half a year of 督查督办 on the 2019 plan.

Plays the published 2019 plan (泉港教综〔2019〕55号) from its issue up to today (``EDUBUREAU_TODAY``,
2019-06-28 under ``make run``) through the planning services: staff logins for the lead units, signing,
monthly reports, closures, a return, an extension, overdue tasks with urge notices (see
``edubureau.demo.plan_activity``). ``--if-fresh`` does nothing once any task has left "assigned", so that
``make run`` can call it every time.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.plan_activity import (
    LIGHT_NAMES,
    STATUS_NAMES,
    demo_plan,
    plan_activity_play,
    plan_activity_summary,
    plan_is_fresh,
)
from edubureau.demo.services import DEFAULT_SEED
from edubureau.planning.choices import TaskStatus


class Command(BaseCommand):
    help = (
        "Play January–June 2019 on the published 2019 work plan (signing, reports, closures, urge notices)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same activity")
        parser.add_argument(
            "--if-fresh", action="store_true", help="do nothing if any task of the plan has left “assigned”"
        )

    def handle(self, *args, seed, if_fresh, verbosity, **options):
        plan = demo_plan()
        if plan is None:
            if if_fresh:
                self.stdout.write(
                    "没有已发布的2019年工作要点，跳过督查督办演示（先运行 plan_import --publish）。"
                )
                return
            raise CommandError("没有已发布的2019年工作要点：先运行 edubureau plan_import --publish。")
        if not plan_is_fresh(plan):
            if if_fresh:
                if verbosity >= 1:
                    self.stdout.write(f"“{plan.title}”已有办理记录，跳过督查督办演示（--if-fresh）。")
                return
            raise CommandError(
                f"“{plan.title}”已有签收或办理记录，不能重复模拟；新库中运行，或加 --if-fresh 跳过。"
            )
        try:
            result = plan_activity_play(plan=plan, seed=seed)
        except ValidationError as error:
            raise CommandError("；".join(error.messages)) from error
        if verbosity < 1:
            return
        s = plan_activity_summary(plan)
        w = self.stdout.write
        w(
            self.style.SUCCESS(
                f"督查督办演示（合成数据）：{plan.title}，模拟至 {result.as_of:%Y-%m-%d}，seed={seed}，"
                f"{result.events} 个事件"
            )
        )
        statuses = "，".join(f"{STATUS_NAMES[st]} {s['status'][st]}" for st in TaskStatus if s["status"][st])
        lights = "，".join(
            f"{name} {s['light'][code]}" for code, name in LIGHT_NAMES.items() if s["light"][code]
        )
        w(f"  任务 {s['tasks']} 项：{statuses}")
        w(f"  红黄绿灯：{lights}")
        notices = s["notices"]
        w(
            f"  进展报告 {s['reports']} 份；督办单 {sum(notices.values())} 张（蓝 {notices[1]}、橙 {notices[2]}、"
            f"红 {notices[3]}）；延期申请 {sum(s['extensions'].values())} 项（批准 {s['extensions']['approved']}）；"
            f"退回重办 {s['returned']} 次"
        )
        if result.accounts:
            names = "、".join(f"{u.username}（{u.department}）" for u in result.accounts)
            w(f"  新建股室账号 {len(result.accounts)} 个，密码同演示账号：{names}")
