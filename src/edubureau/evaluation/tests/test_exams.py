"""Exam results in, linked to the registry's pupils by the keyed hash of the ID number (or the 学籍号, G + ID),
all rows or none; the value-added page and the CLI on top."""

import datetime as dt
import io
import json
from decimal import Decimal

import numpy as np
import pytest
from django.core.management import call_command

from edubureau.evaluation import selectors
from edubureau.evaluation.imports import exam_import
from edubureau.evaluation.models import Exam, ExamScore
from edubureau.evaluation.tests.conftest import xlsx
from edubureau.registry import choices as rc
from edubureau.registry.models import Student
from edubureau.registry.testing.factories import make_id_number, pupils_bulk

pytestmark = pytest.mark.django_db
HEADER = ("学籍号", "身份证件号", "科目", "成绩", "考试名称", "考试日期")


@pytest.fixture
def pupils(district):
    a = pupils_bulk(district.school, 4, level=rc.Level.JUNIOR, grade=3, school_year="2018-2019")
    b = pupils_bulk(district.other_school, 3, level=rc.Level.JUNIOR, grade=3, school_year="2018-2019")
    return [Student.objects.get(pk=s.pk) for s in a + b]


def test_a_good_file_links_pupils_by_id_number_or_national_student_number(district, staff, pupils):
    rows = [HEADER]
    for i, p in enumerate(pupils):
        cnssis, idn = (f"G{p.id_number}", None) if i % 2 else (None, p.id_number)
        rows.append((cnssis, idn, "语文", 100 + i, "2019年中考", "2019-06-16"))
        rows.append((cnssis, idn, "数学", "95.5", "2019年中考", dt.date(2019, 6, 16)))
    out = exam_import(actor=staff, county=district.county, fh=xlsx(rows))
    assert out.ok, out.errors
    assert out.written == 14 and out.exams == ["2019年中考"]
    exam = Exam.objects.get(name="2019年中考")
    assert exam.held_on == dt.date(2019, 6, 16) and exam.full_mark == 150
    assert ExamScore.objects.filter(exam=exam, school=district.other_school).count() == 6
    assert ExamScore.objects.get(exam=exam, student=pupils[3], subject="语文").score == Decimal(103)


def test_a_bad_file_is_refused_whole_with_a_report_per_row(district, staff, pupils):
    stranger = make_id_number(99999, dt.date(2005, 1, 1))
    p0, p1 = pupils[0].id_number, pupils[1].id_number
    rows = [
        HEADER,
        (None, p0, "语文", 120, "2019年中考", "2019-06-16"),  # good
        (None, stranger, "语文", 90, "2019年中考", "2019-06-16"),  # not in the registry
        (None, p0, "语文", 121, "2019年中考", "2019-06-16"),  # duplicate of row 2
        (None, p1, "语文", 151, "2019年中考", "2019-06-16"),  # above the full mark
        (None, p1, "数学", "缺考", "2019年中考", "2019-06-16"),  # text in a score cell
        (f"L{p1}", None, "英语", 80, "2019年中考", "2019-06-16"),  # not G + ID
        (
            None,
            p1[:17] + ("0" if p1[17] != "0" else "1"),
            "物理",
            80,
            "2019年中考",
            "2019-06-16",
        ),  # check digit
    ]
    out = exam_import(actor=staff, county=district.county, fh=xlsx(rows))
    reasons = {e.row: e.reason for e in out.errors}
    assert not out.ok and out.written == 0
    assert "与第2行重复" in reasons[4]
    assert "超出0–150分" in reasons[5]
    assert "不是数字" in reasons[6]
    assert "学籍号应为G加18位身份证件号" in reasons[7]
    assert 8 in reasons
    assert ExamScore.objects.count() == 0 and not Exam.objects.exists()
    # the unknown pupil is reported once the rest is right (the registry is read after the cells)
    out = exam_import(actor=staff, county=district.county, fh=xlsx(rows[:3]))
    assert [e.reason for e in out.errors] == ["学籍库中没有这名学生"]
    assert all(stranger not in e.value for e in out.errors)  # the number is masked in the report
    assert ExamScore.objects.count() == 0


def test_scores_already_imported_are_refused(district, staff, pupils):
    rows = [HEADER, (None, pupils[0].id_number, "语文", 100, "2019年中考", "2019-06-16")]
    assert exam_import(actor=staff, county=district.county, fh=xlsx(rows)).ok
    again = exam_import(actor=staff, county=district.county, fh=xlsx(rows))
    assert "已导入" in again.errors[0].reason and ExamScore.objects.count() == 1


def test_a_file_without_the_needed_columns_says_which(district, staff):
    out = exam_import(actor=staff, county=district.county, fh=xlsx([("身份证件号", "成绩"), ("x", 1)]))
    assert {e.column for e in out.errors} >= {"科目", "考试名称", "考试日期"}


def _planted(district, staff, n_per_school=40, effect=8.0):
    """Prior and outcome exams for two schools: the other school adds ``effect`` points."""
    rng = np.random.default_rng(7)
    own = pupils_bulk(district.school, n_per_school, level=rc.Level.JUNIOR, grade=3, school_year="2018-2019")
    other = pupils_bulk(district.other_school, 12, level=rc.Level.JUNIOR, grade=3, school_year="2018-2019")
    rows = [HEADER]
    for s, bonus in [(s, 0.0) for s in own] + [(s, effect) for s in other]:
        idn = Student.objects.get(pk=s.pk).id_number
        prior = float(rng.normal(70, 10))
        rows.append((None, idn, "数学", round(prior, 1), "2016年六年级质量监测", "2016-06-20"))
        rows.append(
            (
                None,
                idn,
                "数学",
                round(min(150, 20 + prior + bonus + rng.normal(0, 5)), 1),
                "2019年中考",
                "2019-06-16",
            )
        )
    assert exam_import(actor=staff, county=district.county, fh=xlsx(rows)).ok


def test_value_added_page_shows_both_charts_flags_small_schools_and_coverage(client, district, staff):
    _planted(district, staff)
    result = selectors.value_added(
        prior=Exam.objects.get(name__startswith="2016"), outcome=Exam.objects.get(name="2019年中考")
    )
    by_school = {r["school_id"]: r for r in result["schools"]}
    assert by_school[district.other_school.pk]["va"] > by_school[district.school.pk]["va"]
    assert by_school[district.other_school.pk]["small"] and not by_school[district.school.pk]["small"]
    assert result["coverage"] == 100
    client.force_login(staff)
    page = client.get("/evaluation/value-added/")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="chart-caterpillar"' in text and 'id="chart-scatter"' in text and "人数少" in text
    assert 'data-testid="coverage">100.0%' in text


def test_value_added_page_is_the_bureaus(client, principal):
    client.force_login(principal)
    assert client.get("/evaluation/value-added/").status_code == 404
    assert client.get("/evaluation/exams/").status_code == 404


def test_exam_upload_page_reports_rows(client, district, staff):
    client.force_login(staff)
    upload = xlsx([HEADER, (None, "350505200501010000", "语文", "abc", "2019年中考", "2019-06-16")])
    page = client.post("/evaluation/exams/", {"file": upload, "full_mark": "150"})
    text = page.content.decode()
    assert page.status_code == 200 and 'data-testid="import-errors"' in text and "不是数字" in text
    assert not Exam.objects.exists()


# --- the command line -----------------------------------------------------------------------------------


def _csv(tmp_path, text):
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_contract(tmp_path):
    rng = np.random.default_rng(8)
    lines = ["student,school,prior,outcome"]
    for i in range(600):
        school = f"S{i % 6}"
        prior = rng.normal(60, 10)
        lines.append(f"p{i},{school},{prior:.1f},{10 + prior + (i % 6) + rng.normal(0, 5):.1f}")
    lines += ["q1,S0,,70", "q2,S1,60,"]
    out = io.StringIO()
    call_command("evaluation", "value-added", _csv(tmp_path, "\n".join(lines)), "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) >= {"schools", "excluded", "tau2", "sigma2", "seconds"}
    assert data["excluded"] == 2
    assert set(data["schools"][0]) == {"school", "n", "raw_mean", "va", "se", "low", "high", "band"}
    assert data["schools"][0]["school"] == "S5" and data["schools"][-1]["school"] == "S0"
    assert sum(s["n"] for s in data["schools"]) == 600


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("student,school,prior\n1,a,2\n", "缺少列：outcome"),
        ("student,school,prior,outcome\n1,a,2,x\n", "第2行“outcome”列不是数字"),
        ("student,school,prior,outcome\n1,a,2,3\n1,b,2,3\n", "第3行的学生“1”重复"),
        ("", "文件是空的"),
        ("student,school,prior,outcome\n1,a,2,3\n", "无法计算增值"),
    ],
)
def test_cli_bad_input_exits_non_zero_with_a_json_error(tmp_path, text, message):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("evaluation", "value-added", _csv(tmp_path, text), "--json", stdout=out)
    assert exit_.value.code != 0
    assert message in json.loads(out.getvalue())["error"]
