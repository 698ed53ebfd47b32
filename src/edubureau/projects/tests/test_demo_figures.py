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
