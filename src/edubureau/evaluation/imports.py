"""Imports of the evaluation app, all-or-nothing with a row-level report (row, column, value, reason, fix):

- exam results (.xlsx: 学籍号 or 身份证件号, 科目, 成绩, 考试名称, 考试日期), linked to the registry's pupils by
  the keyed hash of the ID number — the number itself is never queried. The national 学籍号 of a pupil
  with a resident ID is “G” + the 18-character ID number (全国中小学生学籍信息管理系统), so it hashes the same;
- third-party scores of a round (.xlsx: 学校标识码, 指标编码, 得分, 评语).

The workbook is read by the registry import's reader (the same archive bounds, header finding, cell clean-up).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from edubureau.core import audit, clock, crypto
from edubureau.core.periods import SchoolYear
from edubureau.core.services import object_create
from edubureau.evaluation import choices as c
from edubureau.evaluation import services
from edubureau.evaluation.models import Criterion, Exam, ExamScore, Round, RoundSchool, Score
from edubureau.registry.imports.reader import CellError, WorkbookError, header_key, parse_date, read_table
from edubureau.registry.imports.validate import RowError, row_error
from edubureau.registry.models import Enrollment, Student

MAX_ERRORS = 500


@dataclass
class ImportOutcome:
    errors: list[RowError] = field(default_factory=list)
    written: int = 0
    exams: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _index(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(a): key for key, names in aliases.items() for a in names}


EXAM_COLUMNS = {
    "cnssis": ("学籍号", "全国学籍号", "学生学籍号"),
    "id_number": ("身份证件号", "身份证号", "身份证号码", "证件号码", "公民身份号码"),
    "subject": ("科目", "考试科目", "学科"),
    "score": ("成绩", "分数", "得分"),
    "exam": ("考试名称", "考试"),
    "held_on": ("考试日期", "日期"),
}


#: The problems of a score cell, for an exam result and for a third-party score.
SCORE_PROBLEMS = {  # lazy: read in the language of the request
    "exam": {
        "empty": gettext_lazy("The result is empty"),
        "text": gettext_lazy("The result “{value}” is not a number"),
        "nan": gettext_lazy("The result is not a number"),
        "range": gettext_lazy("The result {value} is outside 0–{full} points"),
    },
    "third_party": {
        "empty": gettext_lazy("The score is empty"),
        "text": gettext_lazy("The score “{value}” is not a number"),
        "nan": gettext_lazy("The score is not a number"),
        "range": gettext_lazy("The score {value} is outside 0–{full} points"),
    },
}


def _score(value: object, full: Decimal, kind: str = "exam") -> Decimal:
    problems = SCORE_PROBLEMS[kind]
    if isinstance(value, bool) or value is None:
        raise CellError(
            str(problems["empty"]), _("Enter the score; delete the whole row of a subject the pupil missed")
        )
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        raise CellError(
            str(problems["text"]).format(value=str(value)[:20]),
            _("Enter a number only (such as 87.5), no words"),
        ) from None
    if not number.is_finite():
        raise CellError(str(problems["nan"]), _("Enter a number only"))
    if number < 0 or number > full:
        full_text = f"{full.normalize():f}"
        raise CellError(
            str(problems["range"]).format(value=number, full=full_text),
            _("Check the score; the full mark of this exam is {full} points").format(full=full_text),
        )
    return number.quantize(Decimal("0.1"))


def _id_from(data: dict, titles: dict) -> tuple[str, str, str]:
    """(normalised ID number, column, raw) from the ID-number cell, else from the 学籍号 (G + ID number)."""
    raw = data.get("id_number")
    column = titles.get("id_number", "身份证件号")
    if raw is None:
        raw = data.get("cnssis")
        column = titles.get("cnssis", "学籍号")
        if raw is None:
            raise CellError(
                _("No student number and no ID number"), _("Each row needs a student number or an ID number")
            )
        text = crypto.normalise_id_number(str(raw))
        if text[:1] in ("G", "g") and len(text) == 19:
            text = text[1:]
        else:
            raise CellError(
                _("A student number is G followed by the 18-character ID number"),
                _("Check the student number, or enter the ID number instead"),
            )
    else:
        text = crypto.normalise_id_number(str(raw))
    problem = crypto.id_number_problem(text)
    if problem:
        raise CellError(problem, _("Check the ID number (18 characters, the last may be X)"))
    return text, column, str(raw)


def _missing_column(label: str) -> RowError:
    reason = _("The column “{column}” is missing").format(column=label)
    return RowError(
        None, label, "", reason, _("Add the column “{column}” to the header").format(column=label)
    )


def exam_import(
    *, actor, county, fh, full_mark: Decimal = Decimal(150), visible_students=None
) -> ImportOutcome:
    """Read, check every row, and write the scores only if no row is wrong (one transaction).

    ``visible_students``: the pupils the actor may see (``Student.objects.restrict(actor, "view")``); a pupil
    outside them is reported as unknown, like one not in the registry at all."""
    out = ImportOutcome()
    try:
        table = read_table(fh, _index(EXAM_COLUMNS), expected="学籍号、科目、成绩、考试名称、考试日期")
    except WorkbookError as error:
        out.errors.append(RowError(None, "", "", str(error)))
        return out
    titles = table.header.titles
    for key, label in (("subject", "科目"), ("score", "成绩"), ("exam", "考试名称"), ("held_on", "考试日期")):
        if key not in table.header.columns:
            out.errors.append(_missing_column(label))
    if "id_number" not in table.header.columns and "cnssis" not in table.header.columns:
        out.errors.append(
            RowError(
                None, "学籍号", "", _("The column “学籍号” or “身份证件号” is missing"), _("Add one of them")
            )
        )
    if out.errors:
        return out
    existing = {e.name: e for e in Exam.objects.filter(county=county)}
    new_exams: dict[str, dt.date] = {}
    parsed = []  # (row, exam name, held_on, hash, subject, score)
    seen: dict[tuple[str, str, str], int] = {}
    for number, data in table.rows:
        if len(out.errors) >= MAX_ERRORS:
            break
        column = titles.get("exam", "考试名称")
        try:
            name = str(data.get("exam") or "").strip()
            if not name:
                raise CellError(_("The exam name is empty"), _("Enter the exam name, such as “2019年中考”"))
            column = titles.get("held_on", "考试日期")
            held_on = parse_date(data.get("held_on")) if data.get("held_on") is not None else None
            if held_on is None:
                raise CellError(_("The exam date is empty"), _("Enter the exam date, such as 2019-06-16"))
            exam = existing.get(name)
            if exam is not None and exam.held_on != held_on:
                raise CellError(
                    _("The exam “{name}” already exists, dated {date}").format(
                        name=name, date=clock.written(exam.held_on)
                    ),
                    _("Exams of one name have one date; check the date or the exam name"),
                )
            if new_exams.setdefault(name, held_on) != held_on:
                raise CellError(
                    _("“{name}” has two dates in this file").format(name=name), _("Check the exam dates")
                )
            column = titles.get("subject", "科目")
            subject = str(data.get("subject") or "").strip()
            if not subject or len(subject) > 20:
                raise CellError(_("The subject is empty or too long"), _("Enter the subject, such as “语文”"))
            column = titles.get("score", "成绩")
            score = _score(data.get("score"), exam.full_mark if exam else full_mark)
            column = titles.get("id_number") or titles.get("cnssis", "学籍号")
            id_number, column, raw = _id_from(data, titles)
        except CellError as error:
            secret = column in (titles.get("id_number"), titles.get("cnssis"))
            value = (
                data.get("id_number") or data.get("cnssis") if secret else data.get(_key_of(titles, column))
            )
            out.errors.append(row_error(number, column, value or "", error.reason, error.fix, secret=secret))
            continue
        digest = crypto.keyed_hash(id_number)
        key = (name, digest, subject)
        if key in seen:
            reason = _("Repeats row {row} (same exam, same pupil, same subject)").format(row=seen[key])
            fix = _("One row per pupil and subject; delete the repeated row")
            out.errors.append(row_error(number, column, raw, reason, fix, secret=True))
            continue
        seen[key] = number
        parsed.append((number, name, held_on, digest, subject, score, column, raw))
    if out.errors:
        return out
    hashes = sorted({p[3] for p in parsed})
    students_qs = visible_students if visible_students is not None else Student.objects.all()
    students: dict[str, tuple[int, int]] = {}
    for i in range(0, len(hashes), 2000):
        for pk, h, school_id in students_qs.filter(id_number_hash__in=hashes[i : i + 2000]).values_list(
            "pk", "id_number_hash", "school_id"
        ):
            students[h] = (pk, school_id)
    for number, _name, _held, digest, _subject, _sc, column, raw in parsed:
        if digest not in students and len(out.errors) < MAX_ERRORS:
            out.errors.append(row_error(number, column, raw, _("This pupil is not in the student registry"),
                                        _("Check the student number or ID number; register a pupil who moved in first"), secret=True))  # fmt: skip
    already = set()
    for name, exam in existing.items():
        if name in new_exams:
            already |= set(ExamScore.objects.filter(exam=exam).values_list("student_id", "subject"))
    for number, name, _held, digest, subject, _s, column, raw in parsed:
        if digest in students and name in existing and (students[digest][0], subject) in already:
            reason = _("This pupil's “{subject}” result is already imported into “{exam}”").format(
                subject=subject, exam=name
            )
            fix = _("A result already imported cannot be imported again; delete this row")
            out.errors.append(row_error(number, column, raw, reason, fix, secret=True))
    if out.errors:
        return out
    with transaction.atomic():
        exams = {}
        for name, held_on in new_exams.items():
            exams[name] = existing.get(name) or object_create(
                actor=actor, obj=Exam(county=county, name=name, held_on=held_on, full_mark=full_mark)
            )
        school_at = _schools_at(parsed, students, exams)
        rows = [
            ExamScore(exam=exams[name], student_id=students[digest][0], school_id=school_at[(name, students[digest][0])],
                      county_id=county.pk, subject=subject, score=score)
            for _n, name, _h, digest, subject, score, _c, _r in parsed
        ]  # fmt: skip
        ExamScore.objects.bulk_create(rows, batch_size=2000)
        for name, exam in exams.items():
            n = sum(1 for p in parsed if p[1] == name)
            audit.record(actor=actor, action="evaluation.exam.import", obj=exam, after={"rows": n})
    out.written = len(rows)
    out.exams = sorted(exams)
    return out


def _key_of(titles: dict, column: str) -> str:
    return next((k for k, t in titles.items() if t == column), "")


def _schools_at(parsed, students, exams) -> dict[tuple[str, int], int]:
    """The school each pupil attended in the school year of the exam (their 学籍 that year), else their
    current school."""
    out = {}
    for name, exam in exams.items():
        ids = {students[p[3]][0] for p in parsed if p[1] == name}
        year = str(SchoolYear.of(exam.held_on))
        found = {}
        id_list = sorted(ids)
        for i in range(0, len(id_list), 2000):
            found.update(
                Enrollment.objects.filter(student_id__in=id_list[i : i + 2000], school_year=year).values_list(
                    "student_id", "school_id"
                )
            )
        current = {pk: school for pk, school in students.values()}
        for pk in ids:
            out[(name, pk)] = found.get(pk, current[pk])
    return out


# --- third-party scores of a round ----------------------------------------------------------------------

SCORE_COLUMNS = {
    "school_code": ("学校标识码", "学校代码"),
    "code": ("指标编码", "编码"),
    "score": ("得分", "分数", "成绩"),
    "comment": ("评语", "说明", "备注"),
}


def round_scores_import(*, actor, round: Round, fh, filename: str = "") -> ImportOutcome:
    """Third-party scores (0–100) of the round's 第三方评估 leaves; all rows or none."""
    out = ImportOutcome()
    if Round.objects.filter(pk=round.pk).values_list("status", flat=True).first() not in c.SCORING:
        out.errors.append(RowError(None, "", "", _("Scores are imported only into a round that is scoring.")))
        return out
    try:
        table = read_table(fh, _index(SCORE_COLUMNS), expected="学校标识码、指标编码、得分")
    except WorkbookError as error:
        out.errors.append(RowError(None, "", "", str(error)))
        return out
    titles = table.header.titles
    for key, label in (("school_code", "学校标识码"), ("code", "指标编码"), ("score", "得分")):
        if key not in table.header.columns:
            out.errors.append(_missing_column(label))
    if out.errors:
        return out
    sheets = {s.school.code: s for s in RoundSchool.objects.filter(round=round).select_related("school")}
    leaves = {
        cr.code: cr
        for cr in Criterion.objects.filter(scheme=round.scheme, source=c.Source.IMPORT, children__isnull=True)
    }
    seen: dict[tuple[str, str], int] = {}
    rows = []
    with services.record_language():
        stamp = _("Third-party import ({file}, {date})").format(
            file=filename or _("file"), date=clock.written(clock.today())
        )
    for number, data in table.rows:
        code = str(data.get("school_code") or "").strip()
        crit = str(data.get("code") or "").strip()
        if code not in sheets:
            out.errors.append(
                row_error(
                    number,
                    titles["school_code"],
                    code,
                    _("This school is not evaluated in this round"),
                    _("Check the school identification code"),
                )
            )
            continue
        if crit not in leaves:
            codes = pgettext("list separator", ", ").join(sorted(leaves)) or _("none")
            reason = _("Not a leaf criterion of this scheme scored by third-party evaluation")
            out.errors.append(
                row_error(
                    number, titles["code"], crit, reason, _("Codes you may use: {codes}").format(codes=codes)
                )
            )
            continue
        try:
            score = _score(data.get("score"), Decimal(100), "third_party")
        except CellError as error:
            out.errors.append(
                row_error(
                    number,
                    titles["score"],
                    data.get("score") or "",
                    error.reason,
                    error.fix,
                )
            )
            continue
        if (code, crit) in seen:
            out.errors.append(
                row_error(
                    number,
                    titles["code"],
                    crit,
                    _("Repeats row {row}").format(row=seen[(code, crit)]),
                    _("One row per school and criterion"),
                )
            )
            continue
        seen[(code, crit)] = number
        rows.append(Score(sheet=sheets[code], criterion=leaves[crit], score=score, raw=score,
                          origin=stamp[:300], comment=str(data.get("comment") or "")[:1000], entered_by=actor))  # fmt: skip
    if out.errors:
        return out
    with transaction.atomic():
        try:
            out.written = services.write_imported(actor=actor, round=round, rows=rows)
        except ValidationError as error:
            out.errors.append(RowError(None, "", "", " ".join(error.messages)))
    return out
