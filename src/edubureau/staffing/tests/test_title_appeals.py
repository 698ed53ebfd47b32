"""职称岗位竞聘: the results list, the .xlsx and the notice show the grade each teacher is appointed at; an
upheld appeal appoints her at the grade her title entitles her to — over the school's quota when it is full,
flagged — and frees her place at the lower grade; a teacher already at her title's grade has nothing to
correct."""

import datetime as dt
import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from edubureau.core import clock
from edubureau.core.models import AuditEntry
from edubureau.staffing import choices as c
from edubureau.staffing import services
from edubureau.staffing.models import Entry, TitleQuota
from edubureau.staffing.tests.factories import YEAR, competition_for, entry_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def title_appeal(district, teacher_user, staff):
    """One post of each grade at the school. Two teachers of a 高级 title (90, 85) and one of a 一级 title
    (88): 90 takes the 高级 post, 88 the 中级 post, and 85 is lowered to the 初级 post. She appeals."""
    competition = competition_for(
        district.county, [district.school], kind=c.CompetitionKind.TITLE, name="职称岗位竞聘",
        stage=c.Stage.CLOSED,
    )  # fmt: skip
    TitleQuota.objects.create(
        county=district.county, school=district.school, school_year=YEAR, senior=1, intermediate=1, junior=1
    )
    entry_for(competition, district.school, score=90)
    mine = entry_for(competition, district.school, score=85, user=teacher_user)
    entry_for(competition, district.school, score=88)
    Entry.objects.filter(competition=competition, score=88).update(title_grade="intermediate")
    Entry.objects.filter(competition=competition).exclude(score=88).update(title_grade="senior")
    services.round_run(actor=staff, competition=competition, number=1)
    services.competition_advance(actor=staff, competition=competition, stage=c.Stage.PUBLISHED)
    mine.refresh_from_db()
    with clock.frozen(dt.datetime(2019, 6, 22, 10)):
        appeal = services.appeal_submit(
            actor=teacher_user, entry=mine, reason="请复核：我的考核分数漏计一项。"
        )
    return competition, mine, appeal


def test_upheld_title_appeal_appoints_her_grade_over_the_quota_and_everything_shows_it(
    client, title_appeal, staff
):
    competition, mine, appeal = title_appeal
    before = mine.result_grade
    assert before == "junior"
    client.force_login(staff)
    page = client.get(reverse("staffing:competition_detail", args=[competition.pk])).content.decode()
    assert 'data-testid="remedy-grade"' in page and "按其职称聘在高级岗位" in page
    data = {"action": "decide", "appeal": appeal.pk, "status": "upheld", "decision": "复核属实，予以改正。"}
    client.post(reverse("staffing:competition_action", args=[competition.pk]), data)
    appeal.refresh_from_db()
    mine.refresh_from_db()
    assert (appeal.status, appeal.previous_grade) == (c.AppealStatus.UPHELD, before)
    assert (mine.result_grade, mine.placed_on_appeal, mine.over_posts) == ("senior", True, True)
    assert Entry.objects.filter(competition=competition, result_grade="senior").count() == 2
    change = AuditEntry.objects.get(action="staffing.entry.appeal_result", object_id=str(mine.pk))
    assert (change.before["grade"], change.after["grade"]) == (before, "senior")
    # the results page, the .xlsx and the notice read the corrected grade
    results = client.get(reverse("staffing:competition_results", args=[competition.pk])).content.decode()
    assert results.count("高级岗位") == 2 and results.count('data-testid="over-posts"') == 1
    assert "中级岗位" in results and "申诉改正" in results
    xlsx = client.get(reverse("staffing:competition_results_xlsx", args=[competition.pk]))
    cells = [c for row in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.values for c in row]
    assert "高级岗位（超岗）" in cells
    docx = client.get(reverse("staffing:competition_notice", args=[competition.pk]))
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "专业技术岗位结构比例" in xml and "高级岗位（超岗）" in xml and "经申诉改正1人" in xml
    assert "三轮完成" not in xml


def test_a_title_appeal_at_her_grade_already_has_nothing_to_correct(title_appeal, staff):
    competition, mine, appeal = title_appeal
    Entry.objects.filter(pk=mine.pk).update(result_grade="senior")
    with pytest.raises(ValidationError, match="没有更高的等级"):
        services.appeal_decide(actor=staff, appeal=appeal, status=c.AppealStatus.UPHELD, decision="改正。")
    appeal.refresh_from_db()
    assert appeal.status == c.AppealStatus.SUBMITTED


def test_an_upheld_title_appeal_with_a_free_place_is_within_the_quota(title_appeal, staff):
    competition, mine, appeal = title_appeal
    TitleQuota.objects.filter(school=mine.school).update(senior=2)
    services.appeal_decide(actor=staff, appeal=appeal, status=c.AppealStatus.UPHELD, decision="改正。")
    mine.refresh_from_db()
    assert (mine.result_grade, mine.over_posts) == ("senior", False)
