"""Round 2's exchange pass as staff run it (stored with whom and from where, explained to each teacher), and
an upheld appeal that places the teacher at a post she ranked higher — over its number when it is full,
flagged, her former place freed — through the staff page, shown on her page and in the publications;
a dismissed appeal changes nothing; another county's staff cannot reach it."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core import clock
from edubureau.core.models import AuditEntry
from edubureau.registry import choices as rc
from edubureau.registry.testing.factories import AreaFactory, SchoolFactory, UserFactory
from edubureau.staffing import choices as c
from edubureau.staffing import selectors, services
from edubureau.staffing.models import Appeal, Entry, Preference, RoundResult
from edubureau.staffing.tests.factories import competition_for, entry_for, post_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def swap(district):
    """数学, one post at each of 泉港一中附小 (A) and 南埔中心小学 (B). 甲 (82) holds A and ranks B first, 乙
    (80) holds B and ranks A first, 丙 (84, at a school without a 数学 post) asks for A: DA* sends 甲 and 乙
    back home; 80, 82 and 84 share the band 80–84.99."""
    third = SchoolFactory(area=district.town, name="山腰中心小学")
    competition = competition_for(
        district.county, [district.school, district.other_school, third], stage=c.Stage.CLOSED
    )
    a, b = post_for(district.school), post_for(district.other_school)
    jia = entry_for(competition, district.school, score=82, name="甲老师")
    yi = entry_for(competition, district.other_school, score=80, name="乙老师")
    bing = entry_for(competition, third, score=84, name="丙老师")
    Preference.objects.create(entry=jia, rank=1, post=b)
    Preference.objects.create(entry=yi, rank=1, post=a)
    Preference.objects.create(entry=bing, rank=1, post=a)
    return competition, a, b, jia, yi, bing


def test_round_two_exchanges_stores_and_explains(swap, service):
    competition, a, b, jia, yi, bing = swap
    for n in (1, 2):
        services.round_run(actor=service, competition=competition, number=n)
    for e in (jia, yi, bing):
        e.refresh_from_db()
    assert (jia.result_post_id, jia.result_round, yi.result_post_id, yi.result_round) == (b.pk, 2, a.pk, 2)
    assert bing.result_post_id is None
    moved = RoundResult.objects.get(entry=jia, round__number=2)
    assert (moved.outcome, moved.from_post_id, moved.took_from_id, moved.gave_to_id) == (
        c.Outcome.EXCHANGED, a.pk, yi.pk, yi.pk,
    )  # fmt: skip
    run = AuditEntry.objects.filter(action="staffing.round.run").latest("pk")
    assert run.after["exchanged"] == 2 and run.after["exchange_cycles"] == 1
    with translation.override("zh-hans"):
        mine = selectors.entry_explanation(Entry.objects.select_related("competition").get(pk=jia.pk))
        assert mine["exchange"] == (
            "你经交换调动：你与乙老师对调岗位——你调入志愿更靠前的南埔中心小学，乙老师调入你在泉港一中附小的原岗位，"
            "那也是乙老师志愿更靠前的学校。"
        )
        (line,) = selectors.entry_explanation(Entry.objects.select_related("competition").get(pk=bing.pk))[
            "lines"
        ]
        assert line["text"] == (
            "泉港一中附小 数学 1 个岗位，最低分 80.0 为交换调入，与你同在 80.0–84.99 分一档（同档分数视为相同），"
            "你的分数 84.0"
        )
    # round 3 keeps the exchange: nothing left for 丙
    services.round_run(actor=service, competition=competition, number=3)
    jia.refresh_from_db()
    assert (
        jia.result_post_id == b.pk
        and not Entry.objects.filter(pk=bing.pk, result_post__isnull=False).exists()
    )


def test_no_exchange_when_the_bureau_sets_no_band(swap, service):
    competition, a, b, jia, yi, bing = swap
    competition.band_width = None
    competition.save(update_fields=["band_width"])
    for n in (1, 2):
        services.round_run(actor=service, competition=competition, number=n)
    jia.refresh_from_db()
    assert jia.result_post_id == a.pk
    assert not RoundResult.objects.filter(outcome=c.Outcome.EXCHANGED).exists()


@pytest.fixture
def appealed(district, teacher_user, staff):
    """Both schools have 2 数学 posts. The teacher (84) ranks 南埔 first, loses her post to 90 and 86.5 at
    her school in round 1; 86.5 takes 南埔's free place, and she is back at her own school in round 2. She
    appeals; 南埔 is full (70 and 86.5)."""
    competition = competition_for(district.county, [district.school, district.other_school])
    own, other = post_for(district.school, posts=2), post_for(district.other_school, posts=2)
    entry_for(competition, district.school, score=90)
    mine = entry_for(competition, district.school, score=84, user=teacher_user)
    entry_for(competition, district.other_school, score=70)
    rival = entry_for(competition, district.school, score="86.5")
    Preference.objects.create(entry=rival, rank=1, post=other)
    Preference.objects.create(entry=mine, rank=1, post=other)
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    for n in (1, 2, 3):
        services.round_run(actor=staff, competition=competition, number=n)
    services.competition_advance(actor=staff, competition=competition, stage=c.Stage.PUBLISHED)
    with clock.frozen(dt.datetime(2019, 6, 22, 10)):
        appeal = services.appeal_submit(
            actor=teacher_user, entry=mine, reason="请复核：我的考核分数漏计一项。"
        )
    mine.refresh_from_db()
    assert mine.result_post_id == own.pk
    return competition, mine, own, other, appeal


def _decide(client, competition, appeal, status, post=None):
    data = {"action": "decide", "appeal": appeal.pk, "status": status, "decision": "复核属实，予以改正。"}
    if post is not None:
        data["post"] = post.pk
    return client.post(reverse("staffing:competition_action", args=[competition.pk]), data, follow=True)


def test_an_upheld_appeal_places_her_over_a_full_post_and_everything_shows_it(
    client, appealed, staff, teacher_user
):
    competition, mine, own, other, appeal = appealed
    client.force_login(staff)
    page = client.get(reverse("staffing:competition_detail", args=[competition.pk])).content.decode()
    assert 'data-testid="remedy-post"' in page and "南埔中心小学 数学（2 个岗位）" in page
    # upheld without a post, or at one she did not rank above her result: refused, nothing changes
    assert "请选择改正后的岗位" in _decide(client, competition, appeal, "upheld").content.decode()
    assert "请选择改正后的岗位" in _decide(client, competition, appeal, "upheld", post=own).content.decode()
    appeal.refresh_from_db()
    mine.refresh_from_db()
    assert appeal.status == c.AppealStatus.SUBMITTED and mine.result_post_id == own.pk
    assert _decide(client, competition, appeal, "upheld", post=other).status_code == 200
    appeal.refresh_from_db()
    mine.refresh_from_db()
    assert (appeal.status, appeal.remedy_post_id, appeal.previous_post_id) == (
        c.AppealStatus.UPHELD, other.pk, own.pk,
    )  # fmt: skip
    assert (mine.result_post_id, mine.placed_on_appeal, mine.over_posts) == (other.pk, True, True)
    # her former place is free; 南埔 is one over its number
    assert Entry.objects.filter(competition=competition, result_post=own).count() == 1
    assert Entry.objects.filter(competition=competition, result_post=other).count() == 3
    change = AuditEntry.objects.get(action="staffing.entry.appeal_result")
    assert (change.actor, change.before["post"], change.after["post"]) == (staff, own.pk, other.pk)
    assert AuditEntry.objects.filter(action="staffing.appeal.decide", actor=staff).exists()
    # the results list, the .xlsx and the notice read the corrected result
    results = client.get(reverse("staffing:competition_results", args=[competition.pk])).content.decode()
    assert results.count('data-testid="over-posts"') == 1 and "申诉改正" in results
    docx = client.get(reverse("staffing:competition_notice", args=[competition.pk]))
    xml = zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode()
    assert "南埔中心小学（超岗）" in xml and "经申诉改正1人" in xml
    # her page: where she is now, flagged
    client.force_login(teacher_user)
    with clock.frozen(dt.datetime(2019, 6, 25, 10)):
        text = client.get(reverse("staffing:entry_detail", args=[mine.pk])).content.decode()
    assert "南埔中心小学 数学" in text and 'data-testid="over-posts"' in text and "组织人事股" in text


def test_a_dismissed_appeal_changes_nothing(client, appealed, staff):
    competition, mine, own, other, appeal = appealed
    client.force_login(staff)
    _decide(client, competition, appeal, "dismissed", post=other)
    appeal.refresh_from_db()
    mine.refresh_from_db()
    assert appeal.status == c.AppealStatus.DISMISSED and appeal.remedy_post_id is None
    assert (mine.result_post_id, mine.placed_on_appeal, mine.over_posts) == (own.pk, False, False)
    assert not AuditEntry.objects.filter(action="staffing.entry.appeal_result").exists()


def test_a_free_place_is_taken_within_the_number(appealed, staff):
    competition, mine, own, other, appeal = appealed
    Entry.objects.filter(competition=competition, score=Decimal(70)).update(result_post=None)
    services.appeal_decide(
        actor=staff, appeal=appeal, status=c.AppealStatus.UPHELD, decision="改正。", post=other
    )
    mine.refresh_from_db()
    assert (mine.result_post_id, mine.over_posts) == (other.pk, False)


def test_a_place_freed_later_brings_the_post_back_within_its_number(appealed, staff):
    competition, mine, own, other, appeal = appealed
    services.appeal_decide(
        actor=staff, appeal=appeal, status=c.AppealStatus.UPHELD, decision="改正。", post=other
    )
    # 南埔's own teacher (70) had ranked 一中附小 first; her appeal is upheld too: 南埔 is back to 2 of 2
    holder = Entry.objects.get(competition=competition, score=Decimal(70))
    Preference.objects.create(entry=holder, rank=1, post=own)
    second = Appeal.objects.create(entry=holder, reason="请按志愿改正。", submitted_at=clock.now())
    services.appeal_decide(
        actor=staff, appeal=second, status=c.AppealStatus.UPHELD, decision="改正。", post=own
    )
    mine.refresh_from_db()
    holder.refresh_from_db()
    assert (holder.result_post_id, holder.over_posts) == (own.pk, False)
    assert (mine.result_post_id, mine.over_posts) == (other.pk, False)


def test_another_countys_staff_cannot_decide(client, appealed):
    competition, mine, own, other, appeal = appealed
    county = AreaFactory(code="350521", name="惠安县", kind=rc.AreaKind.COUNTY, parent=None)
    stranger = UserFactory(username="huian_staff")
    role_assign(actor=None, user=stranger, role=Role.DEPARTMENT_STAFF, area=county)
    client.force_login(stranger)
    assert _decide(client, competition, appeal, "upheld", post=other).status_code == 404
    assert client.get(reverse("staffing:competition_detail", args=[competition.pk])).status_code == 404
    appeal.refresh_from_db()
    mine.refresh_from_db()
    assert appeal.status == c.AppealStatus.SUBMITTED and mine.result_post_id == own.pk
