"""The demo's projects of plan task 20 add up to the plan's figures (no database: the tables themselves)."""

from edubureau.demo.projects import BUILD_622, DELIVER_2019, PREPARE_479


def test_groups_match_the_plan():
    assert (len(DELIVER_2019), len(BUILD_622), len(PREPARE_479)) == (11, 13, 12)
    assert sum(r[5] for r in BUILD_622) == 11000  # 新增幼儿园、中小学学位11000个
    assert sum(r[6] for r in BUILD_622) == 62200  # 投资6.22亿元 (万元)
    assert sum(r[6] for r in PREPARE_479) == 47900  # 投资4.79亿元
    named = [r[0] for g in (DELIVER_2019, BUILD_622, PREPARE_479) for r in g[:3]]
    assert named == ["圭峰中学综合楼", "三川中学综合楼", "益海实小二期扩建", "锦川实验小学", "行政核心区实验小学",
                     "惠华中学扩建", "界山小城镇实验小学", "南埔中心小学综合楼", "坝头中学扩建工程"]  # fmt: skip


def test_task_20_targets_bind_to_the_project_indicators():
    from edubureau.indicators.library import LIBRARY
    from edubureau.planning.binding import match

    def bind(text):
        return match(indicator=text).code

    # the parser's (indicator, text) of task 20, as the target page joins them for the suggestion
    assert bind("圭峰中学综合楼、三川中学综合楼、益海实小二期扩建等项目 加快建设圭峰中学综合楼、三川中学综合楼、益海实小二期扩建等11个项目") == "projects_delivered"  # fmt: skip
    assert bind("幼儿园、中小学学位 将新增幼儿园、中小学学位11000个") == "project_places_added"
    assert (
        bind("锦川实验小学、行政核心区实验小学、惠华中学扩建等项目 投资6.22亿元") == "project_investment_paid"
    )
    assert LIBRARY["project_investment_paid"].unit == "元"  # the parser reads 6.22亿元 as 622,000,000 元
