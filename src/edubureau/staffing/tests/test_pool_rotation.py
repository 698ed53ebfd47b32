"""校际交流: the proposal meets 10 % / 20 %, moves urban → rural at least disruption, is editable line by line,
and shows the 优质均衡 teacher indicators before and after."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.periods import SchoolYear
from edubureau.registry import choices as rc
from edubureau.registry.models import Teacher
from edubureau.registry.testing.factories import SchoolFactory, TeacherFactory, UserFactory, pupils_bulk
from edubureau.staffing.allocation.rotation import Candidate, RotationError, Site, rotate, targets
from edubureau.staffing.pool import choices as pc
from edubureau.staffing.pool import rotation as rot
from edubureau.staffing.pool_models import RotationMove, RotationPlan
from edubureau.staffing.tests.pool_factories import place

# --- the pure proposal ------------------------------------------------------------------------------


def _sites():
    return [
        Site(1, 25.10, 118.80, "urban", ("primary",), surplus=6, backbone_gap=-3),
        Site(2, 25.20, 118.90, "rural", ("primary",), surplus=-4, backbone_gap=2),
        Site(3, 25.12, 118.81, "urban", ("primary",), surplus=-4, backbone_gap=1),  # near, but urban
        Site(4, 25.30, 118.70, "rural", ("junior",), surplus=-5, backbone_gap=3),  # wrong level
    ]


def test_targets_round_up():
    assert targets(95, 10, 20) == (10, 2)
    assert targets(100, 10, 20) == (10, 2)
    assert targets(0, 10, 20) == (0, 0)


def test_rotate_meets_the_counts_and_goes_to_the_country_first():
    cands = [Candidate(i, 1, backbone=i < 3, years=6 + i) for i in range(20)]
    moves = rotate(cands, _sites(), movers=4, backbone_movers=1)
    assert len(moves) == 4
    assert sum(cands[m.teacher].backbone for m in moves) >= 1
    assert {m.to_school for m in moves} == {2}  # rural first, though school 3 is nearer
    assert all(m.from_school == 1 for m in moves)
    # the longest-serving go first (the bonus for years beyond 6 stops at 10 more: i ≥ 10 tie)
    assert all(m.teacher >= 10 for m in moves if not cands[m.teacher].backbone)


def test_rotate_spills_over_to_the_next_school_at_a_price():
    cands = [Candidate(i, 1, backbone=False, years=8) for i in range(20)]
    moves = rotate(cands, _sites(), movers=8, backbone_movers=0)
    to = [m.to_school for m in moves]
    assert to.count(2) == 6 and to.count(3) == 2  # school 2 takes 4 + 2 (its need), school 3 the rest


def test_rotate_names_what_is_missing():
    cands = [Candidate(i, 1, backbone=False, years=8) for i in range(5)]
    with pytest.raises(RotationError, match="可交流的骨干教师不足"):
        rotate(cands, _sites(), movers=2, backbone_movers=1)
    with pytest.raises(RotationError, match="只有 5 名"):
        rotate(cands, _sites(), movers=6, backbone_movers=0)


# --- the plan in the app -----------------------------------------------------------------------------


@pytest.fixture
def centre(district):
    user = UserFactory(username="centre")
    role_assign(actor=None, user=user, role=Role.TEACHER_SERVICE, area=district.county)
    return user


@pytest.fixture
def two_schools(district):
    """An urban school over its 编制 and rich in 骨干; a rural one short of both."""
    urban = place(district.school, 25.10, 118.80)
    urban.locality = rc.Locality.URBAN
    urban.save(update_fields=["locality"])
    rural = place(district.other_school, 25.25, 118.95)
    rural.locality = rc.Locality.RURAL
    rural.save(update_fields=["locality"])
    pupils_bulk(urban, 380)  # 编制 20 of the county's 1:19
    pupils_bulk(rural, 570)  # 编制 30
    for i in range(30):
        TeacherFactory(
            school=urban,
            joined_school_year=2005 + i % 8,
            backbone_level=rc.BackboneLevel.COUNTY if i < 8 else "",
            main_subject="体育" if i in (10, 11) else "语文",
        )
    for _ in range(20):
        TeacherFactory(school=rural, joined_school_year=2016)
    return urban, rural


def test_propose_edit_and_confirm(client, centre, two_schools, django_assert_max_num_queries):
    urban, rural = two_schools
    client.force_login(centre)
    # when the centre proposes the 2019-2020 plan
    r = client.post("/staffing/pool/rotation/new/", {"school_year": "2019-2020"})
    plan = RotationPlan.objects.get()
    assert r["Location"] == f"/staffing/pool/rotation/{plan.pk}/"
    # then 10 % of the eligible (all 30 urban teachers: ≥ 6 years; the rural ones joined in 2016) move, 20 % 骨干
    assert plan.eligible == 30
    moves = list(plan.moves.all())
    assert len(moves) == 3 and sum(m.backbone for m in moves) >= 1
    assert {(m.from_school_id, m.to_school_id) for m in moves} == {(urban.pk, rural.pk)}
    assert "超编" in moves[0].reason and "缺编" in moves[0].reason and "公里" in moves[0].reason
    with django_assert_max_num_queries(30):
        page = client.get(f"/staffing/pool/rotation/{plan.pk}/").content.decode()
    assert "每百名学生拥有县级以上骨干教师数" in page and moves[0].teacher.name in page
    # the 骨干 indicator's 校际差异系数 falls: 骨干 move from the school that had them all
    rows = {(r["level"], r["name"]): r for r in rot.rotation_indicators(plan)}
    bb = rows[("小学", "每百名学生拥有县级以上骨干教师数")]
    assert bb["after"]["cv"] < bb["before"]["cv"]
    assert bb["after"]["value"] == pytest.approx(bb["before"]["value"])  # the district total is unchanged
    # editing: removing a line puts the plan under 10 %, and confirming is refused saying by how many
    client.post(f"/staffing/pool/rotation/lines/{moves[0].pk}/remove/")
    r = client.post(f"/staffing/pool/rotation/{plan.pk}/confirm/", follow=True)
    assert "还差 1 人" in r.content.decode()
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.DRAFT
    # adding a teacher by name who is not eligible is refused with the rule
    newcomer = TeacherFactory(school=rural, joined_school_year=2018, name="郑晓燕")
    r = client.post(
        f"/staffing/pool/rotation/{plan.pk}/add/", {"teacher": "郑晓燕", "to_school": urban.pk}, follow=True
    )
    assert "不符合交流条件" in r.content.decode()
    # adding an eligible one (a 骨干) to the same school is refused; to the rural school it is written
    pick = next(
        t
        for t in urban.teachers.filter(backbone_level=rc.BackboneLevel.COUNTY)
        if not plan.moves.filter(teacher=t).exists()
    )
    r = client.post(
        f"/staffing/pool/rotation/{plan.pk}/add/", {"teacher": pick.name, "to_school": urban.pk}, follow=True
    )
    assert "请选择另一所学校" in r.content.decode()
    client.post(f"/staffing/pool/rotation/{plan.pk}/add/", {"teacher": pick.name, "to_school": rural.pk})
    line = RotationMove.objects.get(plan=plan, teacher=pick)
    assert line.manual and line.backbone and line.to_school == rural
    # naming a teacher already on the list changes her line instead of adding one
    third = place(
        SchoolFactory(area=rural.area, name="后龙中心小学", locality=rc.Locality.RURAL), 25.3, 118.9
    )
    r = client.post(
        f"/staffing/pool/rotation/{plan.pk}/add/", {"teacher": pick.name, "to_school": third.pk}, follow=True
    )
    assert f"改为交流至 {third.name}" in r.content.decode()
    line.refresh_from_db()
    assert line.to_school == third and RotationMove.objects.filter(plan=plan, teacher=pick).count() == 1
    r = client.post(f"/staffing/pool/rotation/{plan.pk}/confirm/", follow=True)
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.CONFIRMED, r.content.decode()[-3000:]
    # a confirmed plan is not edited any more
    r = client.post(f"/staffing/pool/rotation/lines/{line.pk}/remove/", follow=True)
    assert "方案已确认" in r.content.decode() and RotationMove.objects.filter(pk=line.pk).exists()
    assert newcomer.pk not in set(plan.moves.values_list("teacher_id", flat=True))


def test_propose_bad_year_and_twice(centre, district, two_schools):
    with pytest.raises(ValidationError, match="2019-2020"):
        rot.rotation_propose(actor=centre, county=district.county, school_year="2019")
    rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    with pytest.raises(ValidationError, match="已有交流方案"):
        rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")


def test_nowhere_to_go_is_a_message_not_an_error(client, centre, district):
    place(district.school, 25.1, 118.8)
    pupils_bulk(district.school, 19)
    for _ in range(3):
        TeacherFactory(school=district.school, joined_school_year=2000)
    client.force_login(centre)
    r = client.post("/staffing/pool/rotation/new/", {"school_year": "2019-2020"}, follow=True)
    assert r.status_code == 200 and "只有 0 名符合条件的教师可派往缺编学校" in r.content.decode()
    assert not RotationPlan.objects.exists()


def test_other_county_plan_is_404(client, centre, district):
    from edubureau.registry.testing.factories import AreaFactory

    county = AreaFactory(code="350521", name="惠安县", kind=rc.AreaKind.COUNTY, parent=None)
    plan = RotationPlan.objects.create(county=county, school_year="2019-2020")
    SchoolFactory(area=AreaFactory(parent=county, code="350521100"))
    client.force_login(centre)
    assert client.get(f"/staffing/pool/rotation/{plan.pk}/").status_code == 404
    assert client.post(f"/staffing/pool/rotation/{plan.pk}/confirm/").status_code == 404


def test_rotation_list_sheet(client, centre, district, two_schools):
    import io

    from openpyxl import load_workbook

    plan = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    client.force_login(centre)
    response = client.get(f"/staffing/pool/rotation/{plan.pk}/xlsx/")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("姓名", "工号") and len(rows) == 1 + plan.moves.count()
    assert all("公里" in r[7] for r in rows[1:])
    english = client.get(f"/staffing/pool/rotation/{plan.pk}/xlsx/", HTTP_ACCEPT_LANGUAGE="en")
    header = next(load_workbook(io.BytesIO(english.content)).active.iter_rows(values_only=True))
    assert (
        header[:3] == ("Name", "Staff number", "Subject")
        and "rotation-list" in english["Content-Disposition"]
    )


# --- a confirmed plan moves the teachers in the registry ---------------------------------------------------


def _computed_once(county):
    """The county's indicators computed once (so a registry change makes them due), the fixtures' changes
    counted as committed before."""
    from edubureau.indicators import freshness
    from edubureau.indicators.services import indicators_compute_all

    indicators_compute_all(actor=None, years=[SchoolYear(2019)], county_code=county.code)
    freshness._pending.ids, freshness._pending.schools = set(), {}


def _value(county, code: str) -> float:
    from edubureau.indicators.models import IndicatorValue

    row = IndicatorValue.objects.get(
        county=county, indicator=code, period="2019-2020", scope_type__in=["district", "level"]
    )
    return float(row.value)


def test_confirming_moves_the_teachers_and_the_indicators_follow(
    client, centre, district, two_schools, django_capture_on_commit_callbacks
):
    from edubureau.core.models import AuditEntry
    from edubureau.indicators.models import Freshness

    urban, rural = two_schools
    plan = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    _computed_once(district.county)
    bb_cv_before = _value(district.county, "balance_cv_backbone_teachers_primary")
    predicted = {(r["level_code"], r["key"]): r for r in rot.rotation_indicators(plan)}
    moves = list(plan.moves.select_related("teacher"))
    client.force_login(centre)
    # when the centre confirms it, effective on the first day of the school year (long past)
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/staffing/pool/rotation/{plan.pk}/confirm/", {"effective_on": "2019-09-01"})
    assert r.status_code == 302
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.CONFIRMED and plan.applied_at is not None
    assert plan.effective_on == dt.date(2019, 9, 1)
    # then each teacher is on 交流轮岗 at her new school, her own school (人事关系) kept
    for m in moves:
        t = Teacher.objects.get(pk=m.teacher_id)
        assert (t.status, t.school_id, t.teaching_school_id) == (
            rc.TeacherStatus.ROTATING,
            urban.pk,
            m.to_school_id,
        )
    # one audit entry per teacher, with the fields before and after
    entries = AuditEntry.objects.filter(action="staffing.teacher.rotate")
    assert sorted(int(e.object_id) for e in entries) == sorted(m.teacher_id for m in moves)
    assert entries[0].before["status"] == rc.TeacherStatus.IN_POST
    assert entries[0].after == {"status": rc.TeacherStatus.ROTATING, "teaching_school": rural.pk}
    # the county's indicators were recomputed, and the plan's "after" is what they are now
    fresh = Freshness.objects.get(county=district.county)
    assert not fresh.pending and fresh.changed_at is not None
    after = _value(district.county, "balance_cv_backbone_teachers_primary")
    assert after != pytest.approx(bb_cv_before)
    for (level, key), row in predicted.items():
        assert _value(district.county, f"balance_cv_{key}_{level}") == pytest.approx(
            row["after"]["cv"], abs=1e-4
        )
        assert _value(district.county, f"balance_{key}_{level}") == pytest.approx(
            row["after"]["value"], abs=1e-3
        )
    # the plan page shows the figures kept at the move (not the moves applied a second time)
    shown = {(r["level_code"], r["key"]): r for r in rot.rotation_indicators(plan)}
    assert (
        shown[("primary", "backbone_teachers")]["after"]
        == predicted[("primary", "backbone_teachers")]["after"]
    )
    assert shown[("primary", "backbone_teachers")]["before"]["cv"] == pytest.approx(bb_cv_before, abs=1e-4)
    page = client.get(f"/staffing/pool/rotation/{plan.pk}/").content.decode()
    assert 'data-testid="plan-applied"' in page
    # the teacher's page says where she teaches now
    page = client.get(f"/registry/teachers/{moves[0].teacher_id}/").content.decode()
    assert 'data-testid="teaching-school"' in page and rural.name in page
    # confirming again changes nothing
    r = client.post(f"/staffing/pool/rotation/{plan.pk}/confirm/", follow=True)
    assert "不能再修改" in r.content.decode()
    assert AuditEntry.objects.filter(action="staffing.teacher.rotate").count() == len(moves)


def test_a_plan_effective_later_moves_its_teachers_that_morning(centre, district, two_schools):
    from edubureau.core import clock

    plan = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    moved = list(plan.moves.values_list("teacher_id", flat=True))
    with clock.frozen(dt.date(2019, 8, 20)):
        rot.rotation_confirm(actor=centre, plan=plan)
        plan.refresh_from_db()
        # confirmed in August: effective on 1 September, nobody moved yet
        assert plan.effective_on == dt.date(2019, 9, 1) and plan.applied_at is None
        assert not Teacher.objects.filter(pk__in=moved, status=rc.TeacherStatus.ROTATING).exists()
        assert rot.rotation_apply_due() == 0
    with clock.frozen(dt.date(2019, 9, 1)):
        assert rot.rotation_apply_due() == 1
        assert rot.rotation_apply_due() == 0  # once
    assert Teacher.objects.filter(pk__in=moved, status=rc.TeacherStatus.ROTATING).count() == len(moved)


def test_effective_date_outside_the_year_is_refused(centre, district, two_schools):
    plan = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    with pytest.raises(ValidationError, match="2019-2020"):
        rot.rotation_confirm(actor=centre, plan=plan, effective_on=dt.date(2021, 1, 4))
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.DRAFT


def test_a_teacher_who_left_her_school_refuses_the_confirmation(centre, district, two_schools):
    urban, rural = two_schools
    plan = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    line = plan.moves.select_related("teacher").first()
    Teacher.objects.filter(pk=line.teacher_id).update(status=rc.TeacherStatus.STUDYING)
    with pytest.raises(ValidationError, match=line.teacher.name):
        rot.rotation_confirm(actor=centre, plan=plan)
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.DRAFT
    assert not Teacher.objects.filter(status=rc.TeacherStatus.ROTATING).exists()


def test_a_discarded_plan_changes_nothing(client, centre, district, two_schools):
    plan = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    before = sorted(Teacher.objects.values_list("pk", "status", "school_id", "teaching_school_id", "version"))
    client.force_login(centre)
    r = client.post(f"/staffing/pool/rotation/{plan.pk}/discard/")
    assert r["Location"] == "/staffing/pool/rotation/"
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.DISCARDED
    # a discarded plan is not confirmed after all, and nobody moved
    client.post(f"/staffing/pool/rotation/{plan.pk}/confirm/")
    plan.refresh_from_db()
    assert plan.status == pc.PlanStatus.DISCARDED and plan.applied_at is None
    assert (
        sorted(Teacher.objects.values_list("pk", "status", "school_id", "teaching_school_id", "version"))
        == before
    )
    # discarding it again is refused on its page, with the reason
    r = client.post(f"/staffing/pool/rotation/{plan.pk}/discard/", follow=True)
    assert r.redirect_chain[-1][0] == f"/staffing/pool/rotation/{plan.pk}/"
    assert "不能再修改" in r.content.decode()
    # a bad effective date is named, and nothing is confirmed
    r = client.post(
        f"/staffing/pool/rotation/{plan.pk}/confirm/", {"effective_on": "2019-13-45"}, follow=True
    )
    assert "不是日期" in r.content.decode()
    # and the year may have a new proposal
    again = rot.rotation_propose(actor=centre, county=district.county, school_year="2019-2020")
    assert again.pk != plan.pk
