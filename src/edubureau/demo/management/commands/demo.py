"""`edubureau demo`: load the synthetic demo district (or a city or province for benchmarks)."""

from django.core.management.base import BaseCommand, CommandError

from edubureau.demo.places import SCALES
from edubureau.demo.services import DEFAULT_SEED, DEMO_PASSWORD, DemoDataExists, demo_generate

# The 2019 plan's entrants (招生计划), for the comparison printed at the end.
PLAN_ENTRANTS = {"preschool": 6650, "primary": 6300, "junior": 4425, "senior": 2000, "vocational": 600}
LEVEL_NAMES = {
    "preschool": "幼儿园",
    "primary": "小学",
    "junior": "初中",
    "senior": "普通高中",
    "vocational": "中职",
}


class Command(BaseCommand):
    help = (
        "Load synthetic demo data shaped like 泉港区: --scale district (≈200 schools, ≈75,000 students), "
        "city (11 counties of 泉州) or province (84 counties of 福建, ≈7 million students); tiny for tests."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=SCALES, default="district")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="same seed, same data")
        parser.add_argument(
            "--if-empty", action="store_true", help="do nothing if the database already has schools"
        )

    def handle(self, *args, scale, seed, if_empty, verbosity, **options):
        def progress(message: str) -> None:
            self.stdout.write(message)
            self.stdout.flush()  # a line per county as it is done, also into a log file

        try:
            run = demo_generate(
                scale=scale, seed=seed, if_empty=if_empty, progress=progress if verbosity >= 1 else None
            )
        except DemoDataExists as exc:
            raise CommandError(str(exc)) from None
        if run is None:
            if verbosity >= 1:
                self.stdout.write("已有学校数据，跳过演示数据载入（--if-empty）。")
            return
        if verbosity < 1:
            return
        w = self.stdout.write
        w(
            self.style.SUCCESS(
                f"演示数据（合成数据，非真实）已载入：scale={scale} seed={seed}，用时 {run.seconds:.1f} s"
            )
        )
        w(
            f"  学校 {run.total('schools'):,} | 教师 {run.total('teachers'):,} | 学生 {run.total('students'):,}"
            f" | 学籍记录 {run.total('enrollments'):,}"
        )
        for year in ("2018-2019", "2019-2020"):
            w(
                f"  {year}: 在校生 {run.year_total(year, 'enrolled'):,}，班级 {run.year_total(year, 'classes'):,}，"
                f"大班额(≥56) {run.year_total(year, 'large_classes')}，"
                f"超大班额(≥66) {run.year_total(year, 'super_large_classes')}"
            )
        entrants = {
            level: sum(c["2019-2020"]["entrants"][level] for c in run.counties) for level in PLAN_ENTRANTS
        }
        w(
            "  2019-2020 新生："
            + "，".join(f"{LEVEL_NAMES[lv]} {n:,}" for lv, n in entrants.items())
            + (
                "（计划 " + "/".join(str(n) for n in PLAN_ENTRANTS.values()) + "）"
                if scale == "district"
                else ""
            )
        )
        if run.accounts:
            w(f"  演示账号 {run.accounts} 个，密码均为 {DEMO_PASSWORD}（edubureau demo_logins 列出）")
