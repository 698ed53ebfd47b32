"""The preparation pages over real HTTP: a new competition (and its refusals in Chinese), a 三考评 scheme whose
weights must sum to 100, the schools' grades, the score computed, the 考核 score workbook (template
downloaded, filled, uploaded; a bad file reported row by row with nothing written), one score typed, and
every page out of reach for another county's staff and a school."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from edubureau.accounts.roles import Role
from edubureau.accounts.services import role_assign
from edubureau.core.crypto import id_check_digit
from edubureau.core.models import AuditEntry
from edubureau.registry.choices import AreaKind, BackboneLevel, TeacherStatus, TitleRank
from edubureau.registry.models import Area
from edubureau.registry.testing.factories import AreaFactory, SchoolFactory, TeacherFactory, UserFactory
from edubureau.staffing import choices as c
from edubureau.staffing.models import Competition, EvaluationScheme, SchoolEvaluation, TeacherScore
from edubureau.staffing.tests.factories import YEAR, competition_for, scheme_for

pytestmark = pytest.mark.django_db


def _id(first17: str) -> str:
    return first17 + id_check_digit(first17)


ID_A = _id("35050519850501001")


@pytest.fixture
def teachers(district):
    """Two teachers of the county with a known record: 教龄 from 2009, 一级, 县级骨干."""
    common = {"work_start": dt.date(2009, 9, 1), "title_rank": TitleRank.FIRST,
              "backbone_level": BackboneLevel.COUNTY}  # fmt: skip
    a = TeacherFactory(school=district.school, name="张晓红", id_number=ID_A, **common)
    b = TeacherFactory(
        school=district.other_school,
        name="李建国",
        staff_number="QG0002",
        id_number=_id("35050519860502002"),
        **common,
    )
    return a, b


@pytest.fixture
def scheme(district):
    return scheme_for(district.county)


@pytest.fixture
def other_county_staff(db):
    county = Area.objects.create(code="350583", name="南安市", kind=AreaKind.COUNTY)
    town = AreaFactory(code="350583100", name="溪美街道", parent=county)
    SchoolFactory(area=town, name="溪美中心小学")
    user = UserFactory(username="nanan")
    role_assign(actor=None, user=user, role=Role.DEPARTMENT_STAFF, area=county)
    return user


def _post_competition(client, scheme, **over):
    data = {
        "name": "2020年区管校聘", "kind": c.CompetitionKind.WORK, "school_year": YEAR, "scheme": scheme.pk,
        "choices_open": "2019-06-10T08:00", "choices_close": "2019-06-17T18:00", "appeals_close": "2019-07-05T18:00", "band_width": "3",
    } | over  # fmt: skip
    return client.post(reverse("staffing:competition_create"), data)


# --- a competition ------------------------------------------------------------------------------------------


def test_staff_create_a_competition_from_the_home_page(client, staff, scheme):
    client.force_login(staff)
    home = client.get(reverse("staffing:home")).content.decode()
    assert reverse("staffing:competition_create") in home and "新建竞聘" in home
    assert client.get(reverse("staffing:competition_create")).status_code == 200

    response = _post_competition(client, scheme)

    competition = Competition.objects.get(name="2020年区管校聘")
    assert response.status_code == 302
    assert response["Location"] == reverse("staffing:competition_detail", args=[competition.pk])
    assert (competition.county, competition.scheme, competition.stage, competition.band_width) == (
        scheme.county,
        scheme,
        c.Stage.DRAFT,
        Decimal(3),
    )
    page = client.get(response["Location"]).content.decode()
    assert "2019年6月10日 08:00" in page and "2019-06-10" not in page  # Chinese dates, bureau time
    assert AuditEntry.objects.filter(
        action="staffing.competition.create", object_id=str(competition.pk)
    ).exists()


def test_a_bad_competition_form_says_what_to_change_in_chinese(client, staff, scheme, district):
    client.force_login(staff)
    backwards = _post_competition(client, scheme, choices_close="2019-06-01T18:00")
    assert backwards.status_code == 400
    assert "志愿填报截止时间须晚于开始时间（2019年6月10日 08:00）" in backwards.content.decode()
    appeals = _post_competition(client, scheme, appeals_close="2019-06-17T17:00")
    assert "申诉截止时间须晚于志愿填报截止时间（2019年6月17日 18:00）" in appeals.content.decode()
    other_year = scheme_for(district.county, school_year="2018-2019", name="2018年方案")
    wrong = _post_competition(client, other_year)
    assert "三考评方案“2018年方案”用于2018-2019学年，请选择2019-2020学年的方案" in wrong.content.decode()
    missing = _post_competition(client, scheme, choices_open="")
    assert missing.status_code == 400 and "必填项" in missing.content.decode()
    assert not Competition.objects.exists()

    assert _post_competition(client, scheme).status_code == 302
    twin = _post_competition(client, scheme, name="2020年区管校聘（二）")
    assert twin.status_code == 400
    assert (
        "本县区2019-2020学年已有工作岗位竞聘（“2020年区管校聘”），请打开它继续办理" in twin.content.decode()
    )
    same_name = _post_competition(client, scheme, kind=c.CompetitionKind.TITLE)
    assert "已有名为“2020年区管校聘”的竞聘，请换一个名称。" in same_name.content.decode()
    assert Competition.objects.count() == 1


# --- a scheme ----------------------------------------------------------------------------------------------


def _scheme_data(**over):
    return {
        "name": "2019年三考评方案", "school_year": YEAR, "weight_appraisal": "70", "weight_record": "30",
        "coefficient_excellent": "1.06", "coefficient_good": "1.00", "coefficient_pass": "0.96",
        "coefficient_fail": "0.90",
    } | over  # fmt: skip


def test_staff_create_and_edit_a_scheme_whose_weights_sum_to_100(client, staff, district):
    client.force_login(staff)
    url = reverse("staffing:scheme_create")
    assert "两项权重应合计为100%。" in client.get(url).content.decode()
    bad = client.post(url, _scheme_data(weight_record="20"))
    assert bad.status_code == 400
    assert "两项权重合计为90%，应合计为100%（例如60和40）。" in bad.content.decode()
    assert not EvaluationScheme.objects.exists()

    response = client.post(url, _scheme_data())

    scheme = EvaluationScheme.objects.get()
    assert response["Location"] == reverse("staffing:scheme_detail", args=[scheme.pk])
    assert (scheme.county, scheme.weight_appraisal, scheme.weight_record) == (district.county, 70, 30)
    assert scheme.coefficient("优秀") == Decimal("1.06") and scheme.coefficient("不合格") == Decimal("0.90")
    page = client.get(response["Location"]).content.decode()
    assert "得分 =（学校考核分 × 70% + 个人档案分 × 30%）÷ 100 × 学校评价系数" in page
    assert "每年1分，最多30分" in page  # the record items, stated
    assert scheme.name in client.get(reverse("staffing:scheme_list")).content.decode()

    edit = reverse("staffing:scheme_edit", args=[scheme.pk])
    assert client.get(edit).status_code == 200
    assert client.post(edit, _scheme_data(weight_appraisal="55.5", weight_record="44.5")).status_code == 302
    scheme.refresh_from_db()
    assert (scheme.weight_appraisal, scheme.weight_record) == (Decimal("55.5"), Decimal("44.5"))
    again = client.post(edit, _scheme_data(weight_appraisal="50", weight_record="60"))
    assert "两项权重合计为110%" in again.content.decode()


def test_the_grades_and_the_compute_button_give_the_stated_score(client, staff, scheme, teachers, district):
    a, b = teachers
    TeacherScore.objects.create(scheme=scheme, teacher=a, appraisal=Decimal("90"))
    TeacherScore.objects.create(scheme=scheme, teacher=b, appraisal=Decimal("80"))
    client.force_login(staff)
    action = reverse("staffing:scheme_action", args=[scheme.pk])

    client.post(action, {"action": "grades", f"grade_{district.school.pk}": "优秀",
                         f"grade_{district.other_school.pk}": "合格"})  # fmt: skip
    client.post(action, {"action": "compute"})

    assert SchoolEvaluation.objects.get(scheme=scheme, school=district.school).grade == "优秀"
    # record: 教龄 10 + 一级 20 + 县级骨干 10 = 40; (90×60 + 40×40)/100 × 1.05 = 73.50; (80×60+40×40)/100×0.97
    assert TeacherScore.objects.get(teacher=a).total == Decimal("73.50")
    assert TeacherScore.objects.get(teacher=b).total == Decimal("62.08")
    page = client.get(reverse("staffing:scheme_detail", args=[scheme.pk])).content.decode()
    assert "73.50" in page and "62.08" in page


# --- the score workbook ------------------------------------------------------------------------------------


def _upload(client, scheme, content: bytes, name="考核分数.xlsx"):
    return client.post(
        reverse("staffing:scheme_action", args=[scheme.pk]),
        {"action": "import", "file": SimpleUploadedFile(name, content)},
    )


def _workbook(rows) -> bytes:
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_the_template_round_trips(client, staff, scheme, teachers):
    a, b = teachers
    client.force_login(staff)
    template = client.get(reverse("staffing:scheme_template", args=[scheme.pk]))
    assert template.status_code == 200 and "filename*=UTF-8''" in template["Content-Disposition"]
    wb = load_workbook(io.BytesIO(template.content))
    sheet = wb.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == ["教师姓名", "身份证件号", "教职工号", "学校", "考核分数", "获奖加分", "交流年限"]
    sheet.append(["张晓红", a.id_number, None, "泉港一中附小", 88.5, 4, 1])
    sheet.append(["李建国", None, "QG0002", "南埔中心小学", 91, None, None])
    buf = io.BytesIO()
    wb.save(buf)

    response = _upload(client, scheme, buf.getvalue())

    assert response.status_code == 302
    sa, sb = TeacherScore.objects.get(teacher=a), TeacherScore.objects.get(teacher=b)
    assert (sa.appraisal, sa.award_points, sa.exchange_years) == (Decimal("88.5"), 4, 1)
    # record 10 + 20 + 10 + awards 4 + exchange 5 = 49: (88.5×60 + 49×40)/100 = 72.70 (良好, 1.00)
    assert sa.total == Decimal("72.70") and sb.total == Decimal("70.60")
    entry = AuditEntry.objects.get(action="staffing.teacherscore.import")
    assert entry.after["created"] == 2 and entry.after["file"] == "考核分数.xlsx"
    page = client.get(reverse("staffing:scheme_detail", args=[scheme.pk])).content.decode()
    assert "已导入：新增2人，更新0人；总分已重新计算。" in page

    wb.worksheets[0].cell(row=3, column=5, value=95)  # a second file corrects one score
    buf = io.BytesIO()
    wb.save(buf)
    assert _upload(client, scheme, buf.getvalue()).status_code == 302
    assert TeacherScore.objects.get(teacher=b).appraisal == 95
    assert TeacherScore.objects.get(teacher=a).award_points == 4  # blank cells keep what is stored
    assert AuditEntry.objects.filter(action="staffing.teacherscore.import").latest("pk").after["updated"] == 1


def test_the_list_of_teachers_round_trips(client, staff, scheme, teachers, district):
    a, b = teachers
    TeacherScore.objects.create(scheme=scheme, teacher=b, appraisal=Decimal("77.5"))
    TeacherFactory(school=district.school, status=TeacherStatus.LONG_SICK_LEAVE)  # not competing: no row
    client.force_login(staff)
    download = client.get(reverse("staffing:scheme_template", args=[scheme.pk]) + "?teachers=1")
    wb = load_workbook(io.BytesIO(download.content))
    sheet = wb.worksheets[0]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2)]
    assert rows == [["张晓红", None, None, "泉港一中附小", None, None, None],
                    ["李建国", None, "QG0002", "南埔中心小学", 77.5, 0, 0]]  # fmt: skip
    sheet.cell(row=2, column=2, value=a.id_number)
    sheet.cell(row=2, column=5, value=86)
    sheet.cell(row=3, column=5, value=79)
    buf = io.BytesIO()
    wb.save(buf)

    assert _upload(client, scheme, buf.getvalue()).status_code == 302

    assert dict(TeacherScore.objects.values_list("teacher__name", "appraisal")) == {
        "张晓红": 86,
        "李建国": 79,
    }


def test_a_bad_file_is_reported_row_by_row_and_nothing_is_written(client, staff, scheme, teachers):
    a, b = teachers
    client.force_login(staff)
    header = ["教师姓名", "身份证件号", "教职工号", "学校", "考核分数", "获奖加分", "交流年限"]
    rows = [
        header,
        ["张晓红", a.id_number, None, None, 88, None, None],  # row 2: good
        ["李建国", None, "QG0002", "南埔中心小学", "优", None, None],  # row 3: not a number
        ["王某", _id("35050519900101003"), None, None, 80, None, None],  # row 4: not in the registry
        [
            "张小红",
            a.id_number[:17] + ("1" if a.id_number[17] != "1" else "2"),
            None,
            None,
            80,
            None,
            None,
        ],  # row 5
        ["李四", None, "QG0002", "南埔中心小学", 80, None, None],  # row 6: another name
        ["张晓红", a.id_number, None, None, 120, None, 1.5],  # row 7: out of range, half a year
        ["张晓红", a.id_number, None, None, 70, None, None],  # row 8: repeated teacher
        ["李建国", None, "QG0002", None, 70, None, None],  # row 9: staff number without school
    ]

    response = _upload(client, scheme, _workbook(rows))

    assert response.status_code == 400
    text = response.content.decode()
    assert "共8处问题，未导入任何得分。" in text
    for expected in (
        "第3行</td><td>考核分数</td><td>优</td><td>“优”不是数字</td><td>考核分数只填数字，0至100（如88.5）。",
        "第4行</td><td>身份证件号</td><td>350505************</td><td>教师库中您的管理范围内没有该身份证件号的教师",
        "第5行</td><td>身份证件号</td><td>350505************</td><td>身份证件号校验码错误",
        "第6行</td><td>教师姓名</td><td>李四</td><td>教师库中该教师的姓名为“李建国”",
        "第7行</td><td>考核分数</td><td>120</td><td>120超出0–100的范围</td><td>请核对考核分数：应在0至100之间。",
        "第7行</td><td>交流年限</td><td>1.5</td><td>1.5不是整年数",
        "第8行</td><td>身份证件号</td><td>350505************</td><td>与第2行是同一名教师",
        "第9行</td><td>学校</td><td>—</td><td>学校为空",
    ):
        assert expected in text, expected
    assert a.id_number not in text  # ID numbers are masked in the report
    assert not TeacherScore.objects.exists()
    assert not AuditEntry.objects.filter(action="staffing.teacherscore.import").exists()


def test_a_file_that_is_no_score_workbook_is_refused_before_reading(client, staff, scheme):
    client.force_login(staff)
    old = _upload(client, scheme, b"\xd0\xcf\x11\xe0" + b"0" * 100, name="考核.xls")
    assert old.status_code == 400 and "另存为" in old.content.decode()
    big = _upload(client, scheme, b"PK\x03\x04" + b"0" * (5 * 1024 * 1024), name="考核.xlsx")
    assert big.status_code == 400 and "文件超过5 MB" in big.content.decode()
    no_header = _upload(client, scheme, _workbook([["姓名"], ["张晓红"]]))
    assert "找不到表头" in no_header.content.decode()
    no_score = _upload(client, scheme, _workbook([["教师姓名", "身份证件号"], ["张晓红", ID_A]]))
    assert "缺少“考核分数”列" in no_score.content.decode()
    assert not TeacherScore.objects.exists()


def test_one_score_typed_on_the_page(client, staff, scheme, teachers):
    a, b = teachers
    client.force_login(staff)
    action = reverse("staffing:scheme_action", args=[scheme.pk])
    wrong = client.post(action, {"action": "score", "name": "李四", "staff_number": "QG0002",
                                 "school": "南埔中心小学", "appraisal": "85"})  # fmt: skip
    assert wrong.status_code == 400 and "教师库中该教师的姓名为“李建国”" in wrong.content.decode()
    neither = client.post(action, {"action": "score", "name": "李建国", "appraisal": "85"})
    assert "请填写教师的身份证件号，或教职工号和学校。" in neither.content.decode()
    assert not TeacherScore.objects.exists()

    ok = client.post(action, {"action": "score", "name": "李建国", "staff_number": "QG0002",
                              "school": "南埔中心小学", "appraisal": "85", "award_points": "2"})  # fmt: skip

    assert ok.status_code == 302
    score = TeacherScore.objects.get(teacher=b)
    assert (score.appraisal, score.award_points, score.total) == (Decimal(85), Decimal(2), Decimal("67.80"))
    assert "李建国：考核分数85.00，总分67.80。" in client.get(ok["Location"]).content.decode()


def test_a_scheme_in_use_past_preparation_no_longer_changes(client, staff, scheme, teachers, district):
    competition_for(district.county, [district.school], scheme=scheme, stage=c.Stage.OPEN)
    client.force_login(staff)
    page = client.get(reverse("staffing:scheme_detail", args=[scheme.pk])).content.decode()
    assert "权重和得分保持不变" in page and 'value="import"' not in page
    response = client.post(reverse("staffing:scheme_edit", args=[scheme.pk]), _scheme_data())
    assert "已过准备阶段" in response.content.decode()
    assert _upload(client, scheme, _workbook([["教师姓名", "身份证件号", "考核分数"], ["张晓红", ID_A, 80]]))
    assert not TeacherScore.objects.exists()
    scheme.refresh_from_db()
    assert scheme.weight_appraisal == 60


# --- scope -------------------------------------------------------------------------------------------------


def test_another_county_and_a_school_reach_none_of_it(
    client, scheme, teachers, other_county_staff, principal
):
    urls = [reverse(name, args=[scheme.pk]) for name in ("staffing:scheme_detail", "staffing:scheme_edit",
                                                          "staffing:scheme_template")]  # fmt: skip
    action = reverse("staffing:scheme_action", args=[scheme.pk])
    for user in (other_county_staff, principal):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)
        assert client.post(action, {"action": "compute"}).status_code == 404
        assert client.post(urls[1], _scheme_data()).status_code == 404
    assert client.get(reverse("staffing:competition_create")).status_code == 404  # the principal
    assert client.get(reverse("staffing:scheme_list")).status_code == 404
    assert client.get(reverse("staffing:scheme_create")).status_code == 404

    client.force_login(other_county_staff)  # their own county: our scheme is no choice of theirs
    response = _post_competition(client, scheme)
    assert response.status_code == 400 and "选择一个有效的选项" in response.content.decode()
    assert not Competition.objects.exists()
    listed = client.get(reverse("staffing:scheme_list")).content.decode()
    assert reverse("staffing:scheme_detail", args=[scheme.pk]) not in listed


def test_the_scheme_page_reads_in_the_same_queries_for_3_or_30_scores(client, staff, scheme, district):
    client.force_login(staff)
    url = reverse("staffing:scheme_detail", args=[scheme.pk])

    def queries(n):
        for _ in range(n):
            TeacherScore.objects.create(
                scheme=scheme, teacher=TeacherFactory(school=district.school), appraisal=80
            )
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    assert queries(3) == queries(27)
