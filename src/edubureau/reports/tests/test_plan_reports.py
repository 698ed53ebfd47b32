"""The monthly 通报 and the year-end summary of a work plan: downloaded through the views, read back with
python-docx; their builders' query counts; scope; the pure wording and numbering rules."""

import datetime as dt
import io
from urllib.parse import quote

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.planning.tests.tracking.factories import PlanFactory
from edubureau.registry.models import Area
from edubureau.registry.testing.factories import UserFactory
from edubureau.reports import builders
from edubureau.reports.builders import wording
from edubureau.reports.builders.plan_tasks import doc_prefix

from .plans import TODAY, plan_with_tasks, quangang_plan

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BULLETIN_TITLE = "泉港区教育局关于2019年6月重点工作推进情况的通报"
SUMMARY_TITLE = "2019年泉港区教育工作要点完成情况的报告"


@pytest.fixture(autouse=True)
def report_urls(settings, monkeypatch):
    settings.ROOT_URLCONF = "edubureau.reports.tests.urls"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TODAY = TODAY.isoformat()


@pytest.fixture
def plan(district):
    return quangang_plan(district.county)


@pytest.fixture
def abroad_staff(db):
    county = Area.objects.create(name="惠安县", code="350521", kind="county")
    user = UserFactory(username="huian")
    role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=county)
    return user


def _download(client, url, title):
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == DOCX
    assert f"filename*=UTF-8''{quote(title + '.docx')}" in response["Content-Disposition"]
    return docx.Document(io.BytesIO(response.content))


def _bulletin(client, plan, month="2019-06"):
    url = reverse("reports:plan_bulletin", args=[plan.pk]) + (f"?month={month}" if month else "")
    return client.get(url)


def _texts(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def _between(document, start: str, end: str) -> str:
    texts = _texts(document)
    return "\n".join(texts[texts.index(start) + 1 : texts.index(end)])


def _title(document) -> str:
    return next(p.text for p in document.paragraphs if p.style.name == "GB Title").replace("\n", "")


def _table(document, header: str):
    return next(t for t in document.tables if t.rows[0].cells[0].text == header)


def _record(document) -> list[str]:
    """The 版记: the last table's lines (抄送, 印发)."""
    return [row.cells[0].text for row in document.tables[-1].rows]


# --- the monthly 通报 ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_bulletin_is_a_numbered_bulletin_of_the_month(client, plan, leader):
    # when
    client.force_login(leader)
    document = _download(
        client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-06", BULLETIN_TITLE
    )
    texts = _texts(document)

    # then: 标志, 文号 with 〔〕 numbered by month, title, 主送, dated today (the month is still running)
    assert texts[0] == "泉港区教育局文件"
    assert "泉港教督〔2019〕6号" in texts
    assert _title(document) == BULLETIN_TITLE
    assert "各股室、直属单位：" in texts
    headings = [t for t in texts if t[:2] in ("一、", "二、", "三、", "四、", "五、")]
    assert headings == [
        "一、总体情况",
        "二、进展较好的工作",
        "三、存在的问题",
        "四、督办情况",
        "五、下一步工作要求",
    ]
    assert texts[-3:-1] == ["泉港区教育局", "2019年6月20日"]


@pytest.mark.django_db
def test_bulletin_counts_tasks_by_light(client, plan, leader):
    client.force_login(leader)
    document = _download(
        client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-06", BULLETIN_TITLE
    )

    overview = _between(document, "一、总体情况", "二、进展较好的工作")

    assert (
        "确定的6项重点工作中，已办结1项，按序时推进（绿灯）1项，进度预警（黄灯）1项，逾期未办结（红灯）2项"
        in overview
    )
    assert "已撤销1项，办结率16.7%" in overview


@pytest.mark.django_db
def test_bulletin_lists_overdue_tasks_with_lead_units_under_problems(client, plan, leader):
    client.force_login(leader)
    document = _download(
        client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-06", BULLETIN_TITLE
    )

    good = _between(document, "二、进展较好的工作", "三、存在的问题")
    problems = _between(document, "三、存在的问题", "四、督办情况")

    # then: red tasks, longest overdue first, with their lead units, days overdue and reported problems
    assert (
        "1.全力推进项目攻坚（第4项）。牵头单位：基建办。原定完成时限2019年5月31日，已逾期20天。" in problems
    )
    assert "圭峰中学综合楼征地拆迁进度滞后，施工单位尚未进场。" in problems
    assert "2.提升教育信息化水平（第5项）。牵头单位：基建办、计财装备股。" in problems
    assert "已逾期10天" in problems
    assert "切实加强学校安全稳定工作（第3项）。牵头单位：安全保卫股。" in problems
    assert "距完成时限仅剩2天" in problems
    # the closed and the green task are good news, not problems; the cancelled one is neither
    assert "加强教育系统党的建设（第1项）" in good and "已于2019年5月20日办结" in good
    assert "推进义务教育优质均衡发展（第2项）。牵头单位：督导室。当前进度60%。已完成9所学校" in good
    for text in ("加强教育系统党的建设", "推进义务教育优质均衡发展", "筹建教育博物馆"):
        assert text not in problems
    assert "筹建教育博物馆" not in good


@pytest.mark.django_db
def test_bulletin_reports_the_months_urge_notices(client, plan, leader):
    client.force_login(leader)
    document = _download(
        client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-06", BULLETIN_TITLE
    )

    urging = _between(document, "四、督办情况", "五、下一步工作要求")

    assert "6月共发出催办（督办）单3份，其中蓝色催办单2份、橙色督办单1份。" in urging
    assert "督办〔2019〕3号（橙色督办单），2019年6月15日发出，督办第4项“全力推进项目攻坚”" in urging
    assert "督办〔2019〕1号" not in urging  # issued in May


@pytest.mark.django_db
def test_bulletin_table_has_a_row_per_task_and_the_record_block(client, plan, leader):
    client.force_login(leader)
    document = _download(
        client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-06", BULLETIN_TITLE
    )

    table = _table(document, "序号")
    rows = [[cell.text for cell in row.cells] for row in table.rows]

    assert rows[0] == ["序号", "重点工作", "牵头单位", "状态", "灯色"]
    assert len(rows) - 1 == plan.tasks.count() == 6
    assert rows[4] == ["4", "全力推进项目攻坚", "基建办", "办理中", "红灯"]
    assert rows[6] == ["6", "筹建教育博物馆", "综合股", "已撤销", "—"]
    assert _record(document) == ["抄送：局领导。", "泉港区教育局办公室\t2019年6月20日印发"]


@pytest.mark.django_db
def test_bulletin_of_a_past_month_speaks_as_of_its_last_day(client, plan, leader):
    client.force_login(leader)
    title = BULLETIN_TITLE.replace("6月", "5月")
    document = _download(client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-05", title)
    texts = _texts(document)
    overview = _between(document, "一、总体情况", "二、进展较好的工作")
    urging = _between(document, "四、督办情况", "五、下一步工作要求")

    # then: numbered and dated for May; task 4 (due 31 May) was not yet overdue on that day
    assert "泉港教督〔2019〕5号" in texts and "2019年5月31日" in texts
    assert "截至2019年5月31日" in overview and "逾期未办结（红灯）0项" in overview
    assert "5月共发出催办（督办）单1份" in urging and "督办〔2019〕1号" in urging
    assert _record(document)[-1].endswith("2019年5月31日印发")


@pytest.mark.django_db
def test_bulletin_of_an_earlier_month_rolls_back_closures_and_extensions(client, plan, leader):
    # given: task 1 was closed on 20 May; task 2 was due 31 May until extended on 25 May
    client.force_login(leader)
    title = BULLETIN_TITLE.replace("6月", "4月")

    # when
    document = _download(client, reverse("reports:plan_bulletin", args=[plan.pk]) + "?month=2019-04", title)
    overview = _between(document, "一、总体情况", "二、进展较好的工作")
    problems = _between(document, "三、存在的问题", "四、督办情况")

    # then: on 30 April nothing was closed, and task 2, with nothing reported, lagged its old due date
    assert "截至2019年4月30日" in overview and "已办结0项" in overview
    assert (
        "推进义务教育优质均衡发展（第2项）。牵头单位：督导室。完成时限2019年5月31日，当前进度0%" in problems
    )


@pytest.mark.django_db
def test_bulletin_default_month_is_the_month_being_reported(client, plan, leader):
    client.force_login(leader)

    response = _bulletin(client, plan, month=None)

    assert response.status_code == 200
    assert quote("2019年6月") in response["Content-Disposition"]


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["2019-07", "2018-12", "2019-13", "2019-02", "June", "2019-6-1"])
def test_bulletin_of_a_month_without_one_is_404(client, plan, leader, month):
    # given: the plan was issued on 28 March 2019 and today is 20 June 2019
    client.force_login(leader)

    assert _bulletin(client, plan, month).status_code == 404


# --- the year-end summary ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_summary_follows_the_plans_sections_then_targets_scores_and_closing(client, plan, leader):
    client.force_login(leader)
    document = _download(client, reverse("reports:plan_summary", args=[plan.pk]), SUMMARY_TITLE)
    texts = _texts(document)

    assert _title(document) == SUMMARY_TITLE
    assert "泉港教督〔2019〕13号" in texts
    assert "区委、区政府：" in texts
    headings = [t for t in texts if len(t) > 2 and t[1] == "、"]
    assert headings == [
        "一、聚焦全面从严治党，全力加强教育系统党的建设",
        "二、聚焦教育综合改革，全力提升教育质量",
        "三、聚焦项目建设提速，全力提高保障能力",
        "四、主要目标完成情况",
        "五、股室绩效考评情况",
        "六、存在问题和下一步打算",
    ]
    assert texts[-3:-1] == ["泉港区教育局", "2019年6月20日"]
    assert _record(document) == [
        "抄送：市委教育工委、市教育局，区委办、区政府办。",
        "泉港区教育局办公室\t2019年6月20日印发",
    ]


@pytest.mark.django_db
def test_summary_gives_each_task_its_status_and_targets_their_gap(client, plan, leader):
    client.force_login(leader)
    document = _download(client, reverse("reports:plan_summary", args=[plan.pk]), SUMMARY_TITLE)

    party = _between(
        document, "一、聚焦全面从严治党，全力加强教育系统党的建设", "二、聚焦教育综合改革，全力提升教育质量"
    )
    quality = _between(
        document, "二、聚焦教育综合改革，全力提升教育质量", "三、聚焦项目建设提速，全力提高保障能力"
    )
    projects = _between(document, "三、聚焦项目建设提速，全力提高保障能力", "四、主要目标完成情况")

    assert "1.加强教育系统党的建设。牵头单位：综合股。已于2019年5月20日办结。" in party
    assert "6.筹建教育博物馆。牵头单位：综合股。已撤销。" in party
    assert "目标：小学学龄人口入学率达到100%，实际99.5%（填报），差0.5个百分点。" in quality
    assert (
        "4.全力推进项目攻坚。牵头单位：基建办。未按期完成，原定完成时限2019年5月31日，已逾期20天" in projects
    )
    assert "目标：新增学位11000个，暂无实际值。" in projects

    targets = [[c.text for c in row.cells] for row in _table(document, "序号").rows]
    assert targets[0] == ["序号", "指标", "目标", "实际", "完成情况"]
    assert targets[1] == ["1", "幼儿园计划招生（主要目标）", "达到6650人", "6700人", "已达标"]
    assert targets[2] == ["2", "小学学龄人口入学率（第2项）", "达到100%", "99.5%", "差0.5个百分点"]
    assert targets[3] == ["3", "新增学位（第4项）", "新增11000个", "—", "暂无实际值"]
    goals = _between(document, "四、主要目标完成情况", "五、股室绩效考评情况")
    assert "实际值中，幼儿园计划招生由平台按指标口径计算，其余由牵头单位填报。" in goals
    assert len(targets) == 1 + 3


@pytest.mark.django_db
def test_summary_scores_every_department_best_first(client, plan, leader):
    client.force_login(leader)
    document = _download(client, reverse("reports:plan_summary", args=[plan.pk]), SUMMARY_TITLE)

    rows = [[c.text for c in row.cells] for row in _table(document, "排名").rows]

    assert rows[0] == ["排名", "单位", "得分", "加分", "减分", "计分依据"]
    assert len(rows) - 1 == 5  # 综合股, 督导室, 安全保卫股, 基建办, 计财装备股
    assert rows[1][1] == "综合股" and rows[1][2] == "100"
    assert rows[1][5] == "牵头任务按时办结×1（加2分）；未按月报送进展×2（减2分）"
    assert "蓝色催办单" not in rows[-1][5]  # worth 0 points: no reason to print
    totals = [float(r[2]) for r in rows[1:]]
    assert totals == sorted(totals, reverse=True)
    closing = _between(document, "六、存在问题和下一步打算", "泉港区教育局")
    assert "4项工作尚未办结" in closing and "第4项“全力推进项目攻坚”（基建办）" in closing


@pytest.mark.django_db
def test_plan_page_links_both_downloads(client, plan, leader):
    # given
    client.force_login(leader)

    # when
    page = client.get(reverse("planning:plan_detail", args=[plan.pk])).content.decode()

    # then: the buttons lead to the downloads (the 通报 of the month being reported on)
    for name in ("reports:plan_bulletin", "reports:plan_summary"):
        url = reverse(name, args=[plan.pk])
        assert f'href="{url}"' in page
        assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_plan_page_renders_before_the_project_includes_the_reports(client, plan, leader, settings):
    # given: the project's own URLs, which may not include the reports yet
    settings.ROOT_URLCONF = "edubureau.urls"
    client.force_login(leader)

    # then: the page does not fail on the missing route ({% url … as %} swallows it)
    assert client.get(f"/plan/{plan.pk}/").status_code == 200


# --- access ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, plan):
    for name in ("reports:plan_bulletin", "reports:plan_summary"):
        response = client.get(reverse(name, args=[plan.pk]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_out_of_scope_and_missing_plans_are_404(client, plan, abroad_staff, principal):
    for user in (abroad_staff, principal):
        client.force_login(user)
        for name in ("reports:plan_bulletin", "reports:plan_summary"):
            assert client.get(reverse(name, args=[plan.pk]) + "?month=2019-06").status_code == 404
            assert client.get(reverse(name, args=[987654]) + "?month=2019-06").status_code == 404


# --- queries -----------------------------------------------------------------------------------------


def _count(build) -> int:
    with CaptureQueriesContext(connection) as context:
        build()
    return len(context.captured_queries)


@pytest.mark.django_db
def test_builders_run_a_fixed_number_of_queries(district, leader, django_assert_max_num_queries):
    # given: the same plan at 3 and at 30 tasks
    small, large = plan_with_tasks(district.county, 3), plan_with_tasks(district.county, 30)

    def bulletin(plan):
        return lambda: builders.plan_bulletin_data(plan=plan, user=leader, year=2019, month=6, today=TODAY)

    def summary(plan):
        return lambda: builders.plan_summary_data(plan=plan, user=leader, today=TODAY)

    # when / then (the first call also loads the user's role assignments, once)
    for build in (bulletin, summary):
        build(small)()
        assert _count(build(small)) == _count(build(large))
    # tasks, their lead units, the month's notices, targets, their indicators' values
    with django_assert_max_num_queries(5):
        bulletin(large)()
    # sections, tasks, lead units, targets, bound indicators' values, and seven for department scores
    with django_assert_max_num_queries(12):
        data = summary(large)()
    assert len(data.tasks) == 30 and len(data.targets) == 30 and len(data.scores) == 30


# --- numbering and wording (no database) -------------------------------------------------------------


def test_doc_prefix_takes_the_bureaus_code_from_the_plan_number(settings):
    settings.REPORTS_DOC_PREFIX = ""
    assert doc_prefix(doc_number="泉港教综〔2019〕55号", county="泉港区") == "泉港教督"
    assert doc_prefix(doc_number="惠安教[2019]8号", county="惠安县") == "惠安教督"
    assert doc_prefix(doc_number="", county="泉港区") == "泉港教督"
    settings.REPORTS_DOC_PREFIX = "泉港教督查"
    assert doc_prefix(doc_number="泉港教综〔2019〕55号", county="泉港区") == "泉港教督查"


@pytest.mark.django_db
def test_bulletin_month_defaults_to_the_reporting_month_inside_the_plan_year(district):
    plan = PlanFactory(county=district.county, issued_on=dt.date(2019, 3, 28))

    assert builders.bulletin_month(plan, None, today=dt.date(2019, 7, 3)) == (2019, 6)
    assert builders.bulletin_month(plan, None, today=dt.date(2019, 7, 6)) == (2019, 7)
    assert builders.bulletin_month(plan, None, today=dt.date(2020, 2, 1)) == (2019, 12)
    assert builders.bulletin_month(plan, None, today=dt.date(2019, 3, 29)) == (2019, 3)
    assert builders.bulletin_month(plan, "2019-3", today=dt.date(2019, 7, 3)) == (2019, 3)
    assert builders.bulletin_month(plan, "2019-02", today=dt.date(2019, 7, 3)) is None


def test_titles_break_into_even_lines_of_at_most_twenty_characters():
    assert wording.title_lines(BULLETIN_TITLE) == "泉港区教育局关于2019年6月\n重点工作推进情况的通报"
    assert wording.title_lines(SUMMARY_TITLE) == SUMMARY_TITLE


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [
        (622_000_000, "元", "6.22亿元"),
        (1_500_000, "元", "150万元"),
        (98, "%", "98%"),
        ("300.0000", "人", "300人"),
    ],
)
def test_numbers_are_written_as_a_document_writes_them(value, unit, text):
    from decimal import Decimal

    assert wording.number(Decimal(str(value)), unit) == text


def test_heading_numerals():
    assert [wording.numeral(n) for n in (1, 5, 10, 11, 20, 24)] == [
        "一",
        "五",
        "十",
        "十一",
        "二十",
        "二十四",
    ]
