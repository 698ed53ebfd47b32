"""The pages: the teacher's own page (志愿 form, result explained in Chinese with its numbers, appeal), her
colleagues' pages out of reach, the staff's competition page and actions, the results list at a pinned number
of queries, and the .xlsx and GB/T 9704 .docx publications."""

import datetime as dt
import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from edubureau.core import clock
from edubureau.core.models import AuditEntry
from edubureau.staffing import choices as c
from edubureau.staffing import services
from edubureau.staffing.models import Appeal, Preference
from edubureau.staffing.tests.factories import competition_for, entry_for, post_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(district, teacher_user):
    competition = competition_for(district.county, [district.school, district.other_school])
    own, other = post_for(district.school, posts=2), post_for(district.other_school, posts=2)
    entry_for(competition, district.school, score=90)
    mine = entry_for(competition, district.school, score=84, user=teacher_user)
    entry_for(competition, district.other_school, score=70)
    rival = entry_for(competition, district.school, score="86.5")
    Preference.objects.create(entry=rival, rank=1, post=other)
    return competition, mine, own, other


def test_the_teacher_submits_choices_on_her_page(client, world, teacher_user):
    competition, mine, own, other = world
    competition.stage = c.Stage.OPEN
    competition.save(update_fields=["stage"])
    client.force_login(teacher_user)
    url = reverse("staffing:entry_detail", args=[mine.pk])
    with clock.frozen(dt.datetime(2019, 6, 12, 10)):
        page = client.get(url)
        assert page.status_code == 200 and "提交志愿" in page.content.decode()
        gap = client.post(url, {"action": "choices", "choice_1": "", "choice_2": str(other.pk)})
        assert "不要留空" in gap.content.decode()
        response = client.post(url, {"action": "choices", "choice_1": str(other.pk), "choice_2": str(own.pk)})
    assert response.status_code == 302
    assert list(mine.preferences.values_list("post_id", flat=True)) == [other.pk, own.pk]


def test_the_teacher_reads_her_result_explained_and_appeals(client, world, teacher_user, staff):
    competition, mine, own, other = world
    Preference.objects.create(entry=mine, rank=1, post=other)
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    client.force_login(staff)
    action = reverse("staffing:competition_action", args=[competition.pk])
    for n in (1, 2, 3):
        assert client.post(action, {"action": "round", "number": n}).status_code == 302
    client.post(action, {"action": "advance", "stage": c.Stage.PUBLISHED})
    client.force_login(teacher_user)
    url = reverse("staffing:entry_detail", args=[mine.pk])
    with clock.frozen(dt.datetime(2019, 6, 22, 10)):
        text = client.get(url).content.decode()
        assert "南埔中心小学 数学 2 个岗位，录取最低分 86.5，你的分数 84.0" in text
        assert "泉港一中附小 数学" in text  # where she landed
        client.post(url, {"action": "appeal", "reason": "请公开南埔中心小学的评分明细。"})
    appeal = Appeal.objects.get(entry=mine)
    client.force_login(staff)
    client.post(
        action,
        {
            "action": "decide",
            "appeal": appeal.pk,
            "status": "dismissed",
            "decision": "评分明细已公开，结果无误。",
        },
    )
    appeal.refresh_from_db()
    assert appeal.status == c.AppealStatus.DISMISSED
    assert AuditEntry.objects.filter(action="staffing.appeal.decide", actor=staff).exists()


def test_a_teacher_reaches_only_her_own_entry(client, world, teacher_user):
    competition, mine, own, other = world
    colleague = competition.entries.exclude(pk=mine.pk).filter(school=mine.school).first()
    client.force_login(teacher_user)
    assert client.get(reverse("staffing:entry_detail", args=[colleague.pk])).status_code == 404
    assert client.get(reverse("staffing:competition_detail", args=[competition.pk])).status_code == 404
    assert client.get(reverse("staffing:home")).url == reverse("staffing:my")
    assert client.get(reverse("staffing:my")).url == reverse("staffing:entry_detail", args=[mine.pk])


def test_results_are_not_shown_to_the_teacher_before_publication(client, world, teacher_user, staff):
    competition, mine, *_ = world
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    services.round_run(actor=staff, competition=competition, number=1)
    client.force_login(teacher_user)
    text = client.get(reverse("staffing:entry_detail", args=[mine.pk])).content.decode()
    assert 'data-testid="result"' not in text


def test_the_results_list_and_publications(client, world, staff, django_assert_max_num_queries):
    competition, *_ = world
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    for n in (1, 2, 3):
        services.round_run(actor=staff, competition=competition, number=n)
    for i in range(30):
        entry_for(competition, competition.schools.first(), score=60 + i / 10)
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        page = client.get(reverse("staffing:competition_results", args=[competition.pk]))
    assert page.status_code == 200
    xlsx = client.get(reverse("staffing:competition_results_xlsx", args=[competition.pk]))
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert rows[1][:3] == ("序号", "教师", "学校")
    assert len(rows) == 2 + competition.entries.count()
    docx = client.get(reverse("staffing:competition_notice", args=[competition.pk]))
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "关于2019年区管校聘结果的公示" in xml and "校内竞聘留任" in xml


def test_staff_pages_render_in_chinese(client, world, staff):
    competition, *_ = world
    client.force_login(staff)
    for name, args in (
        ("staffing:home", []),
        ("staffing:establishment", []),
        ("staffing:competition_detail", [competition.pk]),
        ("staffing:competition_posts", [competition.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 200, name
    text = client.get(reverse("staffing:competition_detail", args=[competition.pk])).content.decode()
    assert "参加学校" in text and "运行第" not in text  # rounds run only once choices have closed


def test_a_bad_post_figure_is_refused_with_the_school_named(client, world, staff):
    competition, mine, own, other = world
    client.force_login(staff)
    action = reverse("staffing:competition_action", args=[competition.pk])
    response = client.post(action, {"action": "post", "post": own.pk, "posts": "-3"}, follow=True)
    assert "泉港一中附小 数学" in response.content.decode()
    own.refresh_from_db()
    assert own.posts == 2


def test_the_teacher_page_and_the_competition_page_take_a_fixed_number_of_queries(
    client, world, teacher_user, staff, django_assert_max_num_queries
):
    competition, mine, *_ = world
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    for n in (1, 2, 3):
        services.round_run(actor=staff, competition=competition, number=n)
    for i in range(20):
        entry_for(competition, competition.schools.first(), score=50 + i)
    client.force_login(staff)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("staffing:competition_detail", args=[competition.pk])).status_code == 200
    client.force_login(teacher_user)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("staffing:entry_detail", args=[mine.pk])).status_code == 200


def test_a_school_sees_its_own_teachers_entries_only(client, world, principal, django_assert_max_num_queries):
    competition, mine, *_ = world
    client.force_login(principal)
    with django_assert_max_num_queries(12):
        text = client.get(reverse("staffing:home")).content.decode()
    assert mine.teacher.name in text
    other = competition.entries.exclude(school=mine.school).first()
    assert other.teacher.name not in text
    assert client.get(reverse("staffing:entry_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("staffing:entry_detail", args=[mine.pk])).status_code == 200


def test_the_school_reads_a_first_choice_result_about_the_teacher_not_to_itself(
    client, world, teacher_user, principal, staff
):
    competition, mine, own, _ = world
    Preference.objects.create(entry=mine, rank=1, post=own)
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    client.force_login(staff)
    action = reverse("staffing:competition_action", args=[competition.pk])
    for n in (1, 2, 3):
        client.post(action, {"action": "round", "number": n})
    client.post(action, {"action": "advance", "stage": c.Stage.PUBLISHED})
    url = reverse("staffing:entry_detail", args=[mine.pk])
    with clock.frozen(dt.datetime(2019, 6, 22, 10)):
        client.force_login(teacher_user)
        assert "你被第一志愿录取" in client.get(url).content.decode()
        client.force_login(principal)
        text = client.get(url).content.decode()
    # the principal was told "你被第一志愿录取" of her teacher's entry
    assert "第一志愿录取" in text and "你被" not in text
