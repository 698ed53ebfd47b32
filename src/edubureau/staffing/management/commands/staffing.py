"""``edubureau staffing allocate INSTANCE.json [--json]`` and ``edubureau staffing dispatch INSTANCE.json [--json]``.

INSTANCE is a file path or ``-`` for standard input; its size is bounded before it is parsed. A bad instance
gets one message naming the item and a non-zero exit; nothing is written (the commands only compute).
"""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from edubureau.staffing.allocation.instances import UNFILLED_COST, InstanceError, allocate, dispatch_instance

MAX_INSTANCE_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = "区管校聘 post competitions and turnover-pool dispatch over a JSON instance."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        for name, text in (("allocate", "工作岗位竞聘（三轮）"), ("dispatch", "周转池顶岗调配")):
            p = sub.add_parser(name, help=text)
            p.add_argument("instance", help="JSON file, or - for standard input")
            p.add_argument("--json", action="store_true", help="print the result as JSON")
        sub.choices["dispatch"].add_argument(
            "--unfilled", type=float, default=UNFILLED_COST, help="cost of a vacancy left unfilled"
        )

    def handle(self, *args, action, instance, **options):
        data = self.read(instance)
        try:
            if action == "allocate":
                result = allocate(data)
            else:
                result = dispatch_instance(data, unfilled=options["unfilled"])
        except InstanceError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        elif action == "allocate":
            r = result["rounds"]
            self.stdout.write(
                f"校内竞聘留任 {r['1']} 人，跨校竞聘 {r['2']} 人，组织调剂 {r['3']} 人，未安排 {r['unplaced']} 人。"
            )
        else:
            self.stdout.write(
                f"顶岗 {len(result['dispatches'])} 个，未安排 {len(result['unfilled'])} 个，"
                f"总代价 {result['total_cost']:,.1f}。"
            )

    def read(self, path: str) -> object:
        try:
            if path == "-":
                raw = sys.stdin.buffer.read(MAX_INSTANCE_BYTES + 1)
            else:
                with open(path, "rb") as fh:
                    raw = fh.read(MAX_INSTANCE_BYTES + 1)
        except OSError as error:
            raise CommandError(f"无法读取“{path}”：{error.strerror}") from None
        if len(raw) > MAX_INSTANCE_BYTES:
            raise CommandError(f"“{path}”超过 {MAX_INSTANCE_BYTES // 1024 // 1024} MB，请拆分后再算")
        try:
            return json.loads(raw)
        except UnicodeDecodeError:
            raise CommandError(f"“{path}”不是 UTF-8 编码的文本") from None
        except json.JSONDecodeError as error:
            raise CommandError(
                f"“{path}”不是合法的 JSON：第 {error.lineno} 行第 {error.colno} 列附近有语法错误"
            ) from None
