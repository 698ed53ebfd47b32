"""A round from draft to published: computed, imported and expert scores, review, tiers, publication; each
total explained to the leaf; a school sees only its own sheet; an expert never scores their own school."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.evaluation import choices as c
from edubureau.evaluation import imports, selectors, services
from edubureau.evaluation.models import Criterion, RoundExpert, RoundSchool, Score
from edubureau.evaluation.selectors import school_coefficient
from edubureau.evaluation.tests.conftest import xlsx
from edubureau.evaluation.tests.factories import scheme_for
from edubureau.indicators.models import IndicatorValue
from edubureau.registry.testing.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def expert(district):
    """A third-party evaluator of the county who teaches at ``district.school``."""
    user = UserFactory(username="expert")
    role_assign(actor=None, user=user, role=Role.EVALUATOR, area=district.county)
    return user


def _class_size(school, value):
    IndicatorValue.objects.create(
        indicator="class_size", period="2019-2020", scope_type="school", scope_code=school.code,
        county=school.county, area=school.area, school=school, value=value, numerator=value, denominator=1,
        computed_at=timezone.now(),
    )  # fmt: skip


@pytest.fixture
def scored(district, staff, expert):
    """A round in 评分中 with every leaf scored: computed, imported, typed by the expert (for the other
    school) and by a second expert for the expert's own school."""
    scheme = scheme_for(district.county)
    rnd = services.round_create(actor=staff, scheme=scheme, name="2019年学校年度考评", year=2019,
                                school_year="2019-2020", schools=[district.school, district.other_school])  # fmt: skip
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.COLLECTING)
    services.expert_add(actor=staff, round=rnd, user=expert, home_school=district.school)
    _class_size(district.school, Decimal("45.5"))  # halfway between 35 (100) and 56 (0): 50 points
    assert services.round_compute(actor=staff, round=rnd) == 4  # A1 and B1 for two schools
    own, other = (
        RoundSchool.objects.get(round=rnd, school=s) for s in (district.school, district.other_school)
    )
    outcome = imports.round_scores_import(
        actor=staff, round=rnd, filename="满意度.xlsx",
        fh=xlsx([("学校标识码", "指标编码", "得分", "评语"), (district.school.code, "C1", 92, ""),
                 (district.other_school.code, "C1", "78.5", "家长问卷")]),
    )  # fmt: skip
    assert outcome.ok, outcome.errors
    a2 = Criterion.objects.get(scheme=scheme, code="A2")
    services.expert_score(actor=expert, sheet=other, criterion=a2, score=70, comment="校园文化建设有特色")
    second = UserFactory(username="expert2")
    role_assign(actor=None, user=second, role=Role.EVALUATOR, area=district.county)
    services.expert_add(actor=staff, round=rnd, user=second)
    services.expert_score(actor=second, sheet=own, criterion=a2, score=85, comment="环境整洁")
    return rnd, own, other


def test_every_total_is_explained_to_the_leaf(scored):
    rnd, own, other = scored
    for sheet in (own, other):
        sheet.refresh_from_db()
        explained = selectors.sheet_explained(sheet)
        assert explained["missing"] == []
        assert explained["leaf_sum"] == explained["total"] == sheet.total
    # own: A1 50 × 0.24 + A2 85 × 0.16 + B1 100 × 0.30 (no rectification due) + C1 92 × 0.30
    assert own.total == Decimal("83.2000")
    rows = {r["c"].code: r for r in selectors.sheet_explained(own)["rows"]}
    assert rows["A1"]["s"].raw == Decimal("45.5") and "指标“班额”2019-2020" in rows["A1"]["s"].origin
    assert rows["A2"]["s"].entered_by.username == "expert2" and rows["A2"]["s"].comment == "环境整洁"
    assert "无到期整改事项" in rows["B1"]["s"].origin
    # other: no class-size value — 0 points, and the sheet says so
    other_rows = {r["c"].code: r for r in selectors.sheet_explained(other)["rows"]}
    assert other_rows["A1"]["s"].score == 0 and other_rows["A1"]["s"].origin == "无数据，按0分计"


def test_an_expert_cannot_score_their_own_school(scored, expert):
    rnd, own, _ = scored
    a2 = Criterion.objects.get(scheme=rnd.scheme, code="A2")
    before = Score.objects.get(sheet=own, criterion=a2).score
    with pytest.raises(ValidationError, match="回避"):
        services.expert_score(actor=expert, sheet=own, criterion=a2, score=100, comment="本校")
    assert Score.objects.get(sheet=own, criterion=a2).score == before


def test_only_experts_of_the_round_type_scores_and_only_on_expert_leaves(scored, staff, expert):
    rnd, own, other = scored
    a2 = Criterion.objects.get(scheme=rnd.scheme, code="A2")
    with pytest.raises(ValidationError, match="只有本轮评审专家"):
        services.expert_score(actor=staff, sheet=other, criterion=a2, score=60, comment="x")
    c1 = Criterion.objects.get(scheme=rnd.scheme, code="C1")
    with pytest.raises(ValidationError):
        services.expert_score(actor=expert, sheet=other, criterion=c1, score=60, comment="x")
    with pytest.raises(ValidationError, match="0–100"):
        services.expert_score(actor=expert, sheet=other, criterion=a2, score=101, comment="x")
    with pytest.raises(ValidationError):
        services.expert_score(actor=expert, sheet=other, criterion=a2, score=60, comment=" ")


def test_publish_fixes_bands_tiers_feed_the_staffing_coefficient(scored, staff, district):
    rnd, own, other = scored
    assert school_coefficient(district.school, 2019) == Decimal("1.00")  # nothing published yet
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.REVIEW)
    services.round_tiers(actor=staff, round=rnd, method=c.TierMethod.THRESHOLD,
                         params={"excellent": 90, "good": 80, "passing": 60})  # fmt: skip
    assert school_coefficient(district.school, 2019) == Decimal("1.00")  # tiers count once published
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.PUBLISHED)
    own.refresh_from_db()
    other.refresh_from_db()
    assert (own.tier, own.band) == (c.Tier.GOOD, 1)
    assert other.band == 3  # two schools: the lower total is in the second half
    assert school_coefficient(district.school, 2019) == Decimal("1.05")
    assert school_coefficient(district.school.pk, 2020) == Decimal("1.00")
    with pytest.raises(ValidationError):
        services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.COLLECTING)


def test_an_incomplete_round_cannot_go_to_review(district, staff):
    scheme = scheme_for(district.county)
    rnd = services.round_create(actor=staff, scheme=scheme, name="r", year=2019, school_year="2019-2020",
                                schools=[district.school])  # fmt: skip
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.COLLECTING)
    with pytest.raises(ValidationError, match="未评完"):
        services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.REVIEW)


def test_a_scheme_with_bad_weights_cannot_start_a_round_and_a_used_one_is_locked(district, staff, scored):
    scheme = scheme_for(district.county, name="另一方案")
    Criterion.objects.filter(scheme=scheme, code="A1").update(weight=50)
    with pytest.raises(ValidationError, match="合计为90%"):
        services.round_create(actor=staff, scheme=scheme, name="r", year=2019, school_year="2019-2020",
                              schools=[district.school])  # fmt: skip
    rnd, *_ = scored
    with pytest.raises(ValidationError, match="复制为新版本"):
        services.criterion_add(actor=staff, scheme=rnd.scheme, code="D", name="新", weight=Decimal(10))
    copy = services.scheme_copy(actor=staff, scheme=rnd.scheme, year=2020)
    assert (copy.year, copy.version) == (2020, 1)
    assert (
        Criterion.objects.filter(scheme=copy).count() == Criterion.objects.filter(scheme=rnd.scheme).count()
    )
    assert not selectors.scoring.weight_problems(selectors.scheme_nodes(copy))


def test_a_bad_third_party_file_writes_nothing_and_names_each_row(scored, staff, district):
    rnd, own, _ = scored
    before = list(Score.objects.filter(sheet__round=rnd).values_list("pk", "score"))
    outcome = imports.round_scores_import(
        actor=staff, round=rnd,
        fh=xlsx([("学校标识码", "指标编码", "得分"), ("9999999999", "C1", 80), (district.school.code, "C1", "优"),
                 (district.school.code, "A1", 80), (district.other_school.code, "C1", 120),
                 (district.other_school.code, "C1", 90), (district.other_school.code, "C1", 91)]),
    )  # fmt: skip
    reasons = {e.row: e.reason for e in outcome.errors}
    assert reasons[2] == "该学校不在本轮参评学校中"
    assert "不是数字" in reasons[3]
    assert "第三方评估的末级指标" in reasons[4]
    assert "超出0–100分" in reasons[5]
    assert "与第6行重复" in reasons[7]
    assert list(Score.objects.filter(sheet__round=rnd).values_list("pk", "score")) == before


# --- pages ----------------------------------------------------------------------------------------------


def test_a_school_sees_its_own_sheet_once_published_and_never_another(client, scored, staff, principal):
    rnd, own, other = scored
    client.force_login(principal)
    assert client.get(f"/evaluation/sheets/{own.pk}/").status_code == 404  # not yet published
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.REVIEW)
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.PUBLISHED)
    page = client.get(f"/evaluation/sheets/{own.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "前25%" in text and "83.20" in text and "环境整洁" in text
    assert client.get(f"/evaluation/sheets/{other.pk}/").status_code == 404
    assert client.get(f"/evaluation/rounds/{rnd.pk}/").status_code == 404  # no league table
    index = client.get("/evaluation/").content.decode()
    assert district_name(own) in index and district_name(other) not in index


def district_name(sheet):
    return sheet.school.name


def test_expert_pages_leave_out_the_experts_own_school(client, scored, expert):
    rnd, own, other = scored
    client.force_login(expert)
    listing = client.get(f"/evaluation/rounds/{rnd.pk}/expert/").content.decode()
    assert other.school.name in listing and f"/evaluation/sheets/{own.pk}/expert/" not in listing
    assert client.get(f"/evaluation/sheets/{own.pk}/expert/").status_code == 404
    a2 = Criterion.objects.get(scheme=rnd.scheme, code="A2")
    post = {"prefix": "x", "x-criterion": a2.pk, "x-score": "99", "x-comment": "本校"}
    assert client.post(f"/evaluation/sheets/{own.pk}/expert/", post).status_code == 404
    assert client.get(f"/evaluation/sheets/{other.pk}/expert/").status_code == 200
    response = client.post(f"/evaluation/sheets/{other.pk}/expert/", {**post, "x-comment": "复评"})
    assert response.status_code == 302
    assert Score.objects.get(sheet=other, criterion=a2).score == Decimal(99)
    assert client.get(f"/evaluation/rounds/{rnd.pk}/").status_code == 404  # an expert sees no totals


def test_an_expert_of_another_round_sees_nothing_of_this_one(client, scored, district):
    rnd, own, other = scored
    outsider = UserFactory(username="outsider")
    role_assign(actor=None, user=outsider, role=Role.EVALUATOR, area=district.county)
    client.force_login(outsider)
    assert client.get(f"/evaluation/rounds/{rnd.pk}/expert/").status_code == 404
    assert client.get(f"/evaluation/sheets/{other.pk}/expert/").status_code == 404
    assert not RoundExpert.objects.filter(user=outsider).exists()


def test_bureau_round_page_notice_and_export(client, scored, staff, django_assert_max_num_queries):
    rnd, own, other = scored
    services.round_transition(actor=staff, round=rnd, to=c.RoundStatus.REVIEW)
    client.force_login(staff)
    response = client.post(f"/evaluation/rounds/{rnd.pk}/tiers/",
                           {"method": "quota", "excellent": "50", "good": "0", "improve": "50"})  # fmt: skip
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.tier == c.Tier.EXCELLENT
    with django_assert_max_num_queries(25):
        page = client.get(f"/evaluation/rounds/{rnd.pk}/")
    assert page.status_code == 200 and "优秀" in page.content.decode()
    notice = client.get(f"/evaluation/rounds/{rnd.pk}/notice/")
    assert notice.status_code == 200 and notice["Content-Type"].startswith("application/vnd.openxmlformats")
    from io import BytesIO

    import docx

    text = "\n".join(p.text for p in docx.Document(BytesIO(notice.content)).paragraphs)
    assert "关于2019年学校年度考评结果的通报" in text and own.school.name in text
    export = client.get(f"/evaluation/rounds/{rnd.pk}/results/")
    assert export.status_code == 200
    with django_assert_max_num_queries(15):  # the lists of rounds, schemes and exams: no query per row
        index = client.get("/evaluation/")
    assert rnd.name in index.content.decode()


def test_scheme_pages_build_a_tree_and_check_the_weights(client, district, staff):
    client.force_login(staff)
    response = client.post("/evaluation/schemes/new/", {"name": "学校年度考评", "year": 2020})
    assert response.status_code == 302
    pk = int(response["Location"].rstrip("/").split("/")[-1])
    client.post(
        f"/evaluation/schemes/{pk}/criteria/", {"code": "A", "name": "办学条件", "weight": "100", "order": 1}
    )
    a = Criterion.objects.get(scheme_id=pk, code="A")
    page = client.get(f"/evaluation/schemes/{pk}/").content.decode()
    assert "没有评分来源" in page
    client.post(f"/evaluation/schemes/{pk}/criteria/", {"parent": a.pk, "code": "A1", "name": "班额", "weight": "100",
                                                        "order": 1, "source": "indicator", "indicator": "class_size",
                                                        "best": "35", "worst": "56"})  # fmt: skip
    page = client.get(f"/evaluation/schemes/{pk}/").content.decode()
    assert 'data-testid="weights-ok"' in page
    bad = client.post(f"/evaluation/schemes/{pk}/criteria/", {"parent": a.pk, "code": "A2", "name": "x", "weight": "10",
                                                              "order": 2, "source": "indicator", "indicator": "nope"},
                      follow=True)  # fmt: skip
    assert "指标：" in bad.content.decode()  # not a code of the library
    assert not Criterion.objects.filter(scheme_id=pk, code="A2").exists()


def test_a_round_is_run_from_its_pages(client, district, staff, expert):
    scheme = scheme_for(district.county)
    client.force_login(staff)
    response = client.post("/evaluation/rounds/new/", {"scheme": scheme.pk, "name": "2019年学校年度考评", "year": 2019,
                                                       "school_year": "2019-2020", "kinds": [district.school.kind]})  # fmt: skip
    assert response.status_code == 302
    rnd = scheme.rounds.get()
    assert set(rnd.sheets.values_list("school_id", flat=True)) == {
        district.school.pk,
        district.other_school.pk,
    }
    base = f"/evaluation/rounds/{rnd.pk}"
    client.post(f"{base}/status/", {"to": "collecting"})
    client.post(f"{base}/compute/")
    assert Score.objects.filter(sheet__round=rnd).count() == 4
    upload = xlsx(
        [
            ("学校标识码", "指标编码", "得分"),
            (district.school.code, "C1", 90),
            (district.other_school.code, "C1", 80),
        ]
    )
    client.post(f"{base}/import/", {"file": upload})
    assert Score.objects.filter(sheet__round=rnd, criterion__code="C1").count() == 2
    client.post(f"{base}/experts/", {"user": expert.pk, "home_school": district.school.pk})
    assert RoundExpert.objects.get(round=rnd).home_school == district.school
    refused = client.post(f"{base}/status/", {"to": "review"}, follow=True).content.decode()
    assert "未评完" in refused
    bad = xlsx([("学校标识码", "指标编码", "得分"), (district.school.code, "C1", "很好")])
    page = client.post(f"{base}/import/", {"file": bad}, follow=True).content.decode()
    assert "第2行" in page and "未导入任何得分" in page
