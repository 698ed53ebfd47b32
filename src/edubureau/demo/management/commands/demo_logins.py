"""`edubureau demo_logins`: the demo accounts — username, role, scope and password — as a table."""

import unicodedata

from django.core.management.base import BaseCommand

from edubureau.demo.selectors import demo_login_list


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


class Command(BaseCommand):
    help = "Print the demo logins (one per role) with their scope and the shared demo password."

    def handle(self, *args, **options):
        logins = demo_login_list()
        if not logins:
            self.stdout.write("没有演示账号：先运行 edubureau demo。")
            return
        header = ("用户名 username", "姓名", "角色 role", "范围 scope", "密码 password")
        rows = [(x.username, x.display_name, x.role, x.scope, x.password) for x in logins]
        widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
        line = "  ".join("-" * w for w in widths)
        self.stdout.write("演示账号（合成数据，仅供演示）")
        self.stdout.write("  ".join(_pad(h, w) for h, w in zip(header, widths, strict=True)).rstrip())
        self.stdout.write(line)
        for row in rows:
            self.stdout.write("  ".join(_pad(str(v), w) for v, w in zip(row, widths, strict=True)).rstrip())
