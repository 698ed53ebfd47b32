"""A competition end to end through the services: participation (and its indicator), posts from need,
scores line by line, entering teachers, 志愿 only by the teacher inside the window, the rounds in order and
stored, the result explained with its numbers, appeals inside their window, decided and audited."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from edubureau.core import clock
from edubureau.core.models import AuditEntry
from edubureau.indicators.models import IndicatorValue
from edubureau.registry.testing.factories import SchoolClassFactory, SchoolFactory, TeacherFactory
from edubureau.staffing import choices as c
from edubureau.staffing import selectors, services
from edubureau.staffing.models import Entry, Round, RoundResult, SchoolEvaluation, TeacherScore, WorkPost
from edubureau.staffing.tests.factories import YEAR, competition_for, entry_for, post_for

pytestmark = pytest.mark.django_db

IN_WINDOW = dt.datetime(2019, 6, 12, 10, 0)


def test_participation_is_stored_as_the_plan_indicator(district, service):
    # given: three public primary schools, two take part
    third = SchoolFactory(area=district.town)
    competition = competition_for(district.county, [])
    # when
    services.participation_set(actor=service, competition=competition, schools=[district.school, third])
    # then
    value = IndicatorValue.objects.get(indicator="staffing_competition_school_share", period="2019")
    assert (value.numerator, value.denominator, value.value) == (2, 3, Decimal("66.67"))
    assert AuditEntry.objects.filter(action="staffing.competition.participation").exists()


def test_participation_refuses_a_kindergarten_by_name(district, service):
    kg = SchoolFactory(area=district.town, kind="kindergarten", name="实验幼儿园")
    competition = competition_for(district.county, [])
    with pytest.raises(ValidationError, match="实验幼儿园"):
        services.participation_set(actor=service, competition=competition, schools=[kg])


def test_posts_from_need_show_classes_times_periods_over_load(district, service):
    for n in range(6):
        SchoolClassFactory(
            school=district.school, school_year=YEAR, level="primary", grade=n + 1, name=f"{n + 1}(1)"
        )
    competition = competition_for(district.county, [district.school])
    services.workposts_generate(actor=service, competition=competition)
    chinese = WorkPost.objects.get(school=district.school, subject="语文")
    # 6 classes × 7 periods ÷ 12 = 3.5
    assert (chinese.classes, chinese.need, chinese.posts) == (6, Decimal("3.5"), 4)
    services.workpost_set(actor=service, post=chinese, posts=3)
    chinese.refresh_from_db()
    assert (chinese.posts, chinese.need) == (3, Decimal("3.5"))
    with pytest.raises(ValidationError):
        services.workpost_set(actor=service, post=chinese, posts=-1)


def test_the_score_is_explained_line_by_line(district, service):
    competition = competition_for(district.county, [district.school])
    teacher = TeacherFactory(
        school=district.school, title_rank="first", backbone_level="county", work_start=dt.date(2007, 8, 1)
    )
    SchoolEvaluation.objects.create(scheme=competition.scheme, school=district.school, grade="优秀")
    TeacherScore.objects.create(
        scheme=competition.scheme,
        teacher=teacher,
        appraisal=Decimal("85"),
        award_points=Decimal(3),
        exchange_years=1,
    )
    services.scores_compute(actor=service, scheme=competition.scheme)
    score = TeacherScore.objects.get(teacher=teacher)
    # record: 12 years + 一级 20 + 县级骨干 10 + awards 3 + exchange 5 = 50; (85×60 + 50×40)/100 × 1.05 = 74.55
    assert score.record_points == Decimal(50)
    assert score.total == Decimal("74.55")
    lines = selectors.score_lines(score)
    assert [x["points"] for x in lines["record"]] == ["12", "20", "10", "3", "5"]
    assert "74.55" in lines["formula"] and "1.05" in lines["formula"]


def _open(competition):
    competition.stage = c.Stage.OPEN
    competition.save(update_fields=["stage"])


def test_choices_only_by_herself_inside_the_window_and_fitting(district, service, teacher_user):
    competition = competition_for(district.county, [district.school, district.other_school])
    own_post, other_post = post_for(district.school), post_for(district.other_school)
    chinese = post_for(district.other_school, subject="语文")
    mine = entry_for(competition, district.school, score=84, user=teacher_user)
    _open(competition)
    with clock.frozen(IN_WINDOW):
        with pytest.raises(ValidationError, match="本人|herself"):
            services.entry_choices_set(actor=service, entry=mine, posts=[other_post])
        with pytest.raises(ValidationError, match="语文|数学"):
            services.entry_choices_set(actor=teacher_user, entry=mine, posts=[chinese])
        with pytest.raises(ValidationError):
            services.entry_choices_set(actor=teacher_user, entry=mine, posts=[other_post, other_post])
        services.entry_choices_set(actor=teacher_user, entry=mine, posts=[other_post, own_post])
    assert [p.post_id for p in selectors.entry_preferences(mine)] == [other_post.pk, own_post.pk]
    with clock.frozen(dt.datetime(2019, 6, 18, 9)), pytest.raises(ValidationError):
        services.entry_choices_set(actor=teacher_user, entry=mine, posts=[own_post])
    assert AuditEntry.objects.filter(action="staffing.entry.choices").count() == 1


def _competition_with_rounds(district, service, teacher_user):
    """数学: 泉港一中附小 1 post held by 90 and by the teacher (84); 南埔 2 posts held by one (70).
    The teacher ranks 南埔 first and loses her own post; a newcomer (86.5) ranks 南埔 too."""
    competition = competition_for(district.county, [district.school, district.other_school])
    own, other = post_for(district.school, posts=1), post_for(district.other_school, posts=2)
    entry_for(competition, district.school, score=90)
    mine = entry_for(competition, district.school, score=84, user=teacher_user)
    entry_for(competition, district.other_school, score=70)
    rival = entry_for(competition, district.school, score="86.5", subject="数学")
    WorkPost.objects.filter(pk=own.pk).update(posts=2)  # rival also holds at 一中附小: 3 holders, 2 posts
    from edubureau.staffing.models import Preference

    Preference.objects.create(entry=mine, rank=1, post=other)
    Preference.objects.create(entry=rival, rank=1, post=other)
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    return competition, mine, own, other


def test_the_rounds_run_in_order_are_stored_and_explained(district, service, teacher_user):
    competition, mine, own, other = _competition_with_rounds(district, service, teacher_user)
    with pytest.raises(ValidationError, match="1"):
        services.round_run(actor=service, competition=competition, number=2)
    services.round_run(actor=service, competition=competition, number=1)
    mine.refresh_from_db()
    assert mine.result_post_id is None  # 84 is third of three holders of two posts: 落聘
    assert RoundResult.objects.get(entry=mine, round__number=1).outcome == c.Outcome.LOST
    services.round_run(actor=service, competition=competition, number=2)
    services.round_run(actor=service, competition=competition, number=3)
    assert Round.objects.filter(competition=competition).count() == 3
    with pytest.raises(ValidationError):
        services.round_run(actor=service, competition=competition, number=3)
    mine.refresh_from_db()
    rival = Entry.objects.get(competition=competition, score=Decimal("86.5"))
    # 南埔 has 2 posts: its holder (70) and the better of the two applicants, 86.5; the teacher is then
    # back at her own school, in the place the volunteer freed there
    assert rival.result_post_id == other.pk and rival.result_round == 2
    assert (mine.result_post_id, mine.result_round) == (own.pk, 2)  # 落聘 in round 1, placed again in round 2
    explained = selectors.entry_explanation(mine)
    (line,) = explained["lines"]
    assert line["reason"] == "score" and line["cutoff_score"] == 86.5
    assert AuditEntry.objects.filter(action="staffing.round.run").count() == 3


def test_appeals_inside_the_window_decided_and_audited(district, service, teacher_user):
    competition, mine, own, other = _competition_with_rounds(district, service, teacher_user)
    for n in (1, 2, 3):
        services.round_run(actor=service, competition=competition, number=n)
    with pytest.raises(ValidationError):  # not published yet
        services.appeal_submit(actor=teacher_user, entry=mine, reason="请复核我的考核分数。")
    services.competition_advance(actor=service, competition=competition, stage=c.Stage.PUBLISHED)
    with clock.frozen(dt.datetime(2019, 6, 25, 10)):
        with pytest.raises(ValidationError):
            services.appeal_submit(actor=service, entry=mine, reason="请复核我的考核分数。")
        appeal = services.appeal_submit(actor=teacher_user, entry=mine, reason="请复核我的考核分数。")
        with pytest.raises(ValidationError):
            services.appeal_submit(actor=teacher_user, entry=mine, reason="再次申诉，请复核。")
    with clock.frozen(dt.datetime(2019, 7, 6, 10)), pytest.raises(ValidationError):
        services.appeal_submit(actor=teacher_user, entry=mine, reason="逾期的申诉理由。")
    with pytest.raises(ValidationError):
        services.appeal_decide(actor=service, appeal=appeal, status=c.AppealStatus.UPHELD, decision=" ")
    services.appeal_decide(
        actor=service, appeal=appeal, status=c.AppealStatus.DISMISSED, decision="考核分无误。"
    )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.decided_by) == (c.AppealStatus.DISMISSED, service)
    with pytest.raises(ValidationError):
        services.appeal_decide(actor=service, appeal=appeal, status=c.AppealStatus.UPHELD, decision="改判。")
    assert list(
        AuditEntry.objects.filter(action__startswith="staffing.appeal").values_list("action", flat=True)
    ) == [
        "staffing.appeal.decide",
        "staffing.appeal.submit",
    ]


def test_publishing_needs_round_three_and_follows_the_flow(district, service, teacher_user):
    competition, *_ = _competition_with_rounds(district, service, teacher_user)
    with pytest.raises(ValidationError):
        services.competition_advance(actor=service, competition=competition, stage=c.Stage.PUBLISHED)
    with pytest.raises(ValidationError):
        services.competition_advance(actor=service, competition=competition, stage=c.Stage.OPEN)


def test_enrol_takes_scored_teachers_in_post_of_competed_subjects(district, service):
    competition = competition_for(district.county, [district.school])
    scored = TeacherFactory(school=district.school, main_subject="数学")
    on_leave = TeacherFactory(school=district.school, main_subject="数学", status="202")
    unscored = TeacherFactory(school=district.school, main_subject="数学")
    for t in (scored, on_leave):
        TeacherScore.objects.create(scheme=competition.scheme, teacher=t, appraisal=80, total=80)
    assert services.competition_enrol(actor=service, competition=competition) == 1
    assert list(Entry.objects.values_list("teacher_id", flat=True)) == [scored.pk]
    assert unscored.pk not in set(Entry.objects.values_list("teacher_id", flat=True))


def test_a_title_competition_appoints_within_quota_and_explains(district, service):
    from edubureau.staffing.models import TitleQuota

    competition = competition_for(
        district.county, [district.school], kind=c.CompetitionKind.TITLE, name="职称岗位竞聘"
    )
    TitleQuota.objects.create(
        county=district.county, school=district.school, school_year=YEAR, senior=1, intermediate=1, junior=0
    )
    for score, rank in ((90, "senior"), (85, "senior"), (88, "first")):
        t = TeacherFactory(school=district.school, main_subject="数学", title_rank=rank)
        TeacherScore.objects.create(scheme=competition.scheme, teacher=t, appraisal=score, total=score)
    assert services.competition_enrol(actor=service, competition=competition) == 3
    competition.stage = c.Stage.CLOSED
    competition.save(update_fields=["stage"])
    services.round_run(actor=service, competition=competition, number=1)
    with pytest.raises(ValidationError):
        services.round_run(actor=service, competition=competition, number=2)
    lowered = Entry.objects.get(competition=competition, score=85)
    assert (lowered.title_grade, lowered.result_grade) == ("senior", "")
    assert RoundResult.objects.get(entry=lowered).outcome == c.Outcome.UNPLACED
    texts = [x["text"] for x in selectors.entry_explanation(lowered)["lines"]]
    assert len(texts) == 3 and "90.0" in texts[0] and "88.0" in texts[1]
    services.competition_advance(actor=service, competition=competition, stage=c.Stage.PUBLISHED)


def test_recomputed_scores_reach_the_entries_of_a_competition_in_preparation(district, service):
    # given: a teacher entered with 80, then her school's 考核 is corrected to 95
    competition = competition_for(district.county, [district.school])
    teacher = TeacherFactory(school=district.school, main_subject="数学")
    score = TeacherScore.objects.create(scheme=competition.scheme, teacher=teacher, appraisal=80, total=80)
    services.competition_enrol(actor=service, competition=competition)
    TeacherScore.objects.filter(pk=score.pk).update(appraisal=95)
    # when
    services.scores_compute(actor=service, scheme=competition.scheme)
    # then: the entry competes with the recomputed total, not the one she was entered with
    score.refresh_from_db()
    assert score.total != 80
    assert Entry.objects.get(teacher=teacher).score == score.total
