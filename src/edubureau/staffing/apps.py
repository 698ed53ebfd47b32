"""Staffing (区管校聘): posts, the two competitions, the turnover pool and rotation (DESIGN §3)."""

from django.apps import AppConfig


class StaffingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "edubureau.staffing"
    label = "staffing"
    verbose_name = "区管校聘与教师调配"

    def ready(self):
        # 开展区管校聘的中小学校占比 joins the indicator library, so plan task 5's "50%以上" target binds to it.
        from edubureau.indicators import library

        library.register(
            library.Indicator(
                code="staffing_competition_school_share",
                name_zh="开展区管校聘的中小学校占比",
                name_en="Share of primary and secondary schools in the post competition",
                group="staffing",
                definition="本年度工作岗位竞聘（区管校聘）参与学校中的公办中小学校数 ÷ 全区公办中小学校数 × 100%"
                "（中小学校：小学、初中、九年一贯制、完全中学、普通高中；不含幼儿园、中职、特教）。"
                "对照计划第5项“2019年在全区50%以上的中小学校开展区管校聘工作”。",
                formula="count(School in Competition.schools, public primary/secondary) / count(School: public "
                "primary/secondary) × 100",
                unit="%",
                direction=library.UP,
                scopes=(library.DISTRICT,),
                period=library.CALENDAR_YEAR,
                threshold=50,
                comparator=">=",
            ),
            binds=("开展区管校聘", "区管校聘"),
        )
