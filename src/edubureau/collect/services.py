"""Data-collection writes: forms and their versions, assignments to schools, submissions and their review.

Every service is keyword-only, transactional, takes the acting user (``actor``) and records its event in
the audit log with a ``collect.*`` code. Who may act:

* the **bureau side** of a form: who may change forms in the form's county (department staff, a system
  administrator) — defines forms, assigns them, accepts or returns submissions;
* the **school side** of a submission: who may change it (the school's principal; the bureau side too,
  entering a paper or Excel reply for a school) — saves drafts and submits, until it is accepted.

Anyone else gets ``Http404``, the same answer as for an object that does not exist.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from edubureau.accounts.models import User
from edubureau.accounts.roles import Role
from edubureau.collect import definition as defn
from edubureau.collect.choices import SubmissionStatus as S
from edubureau.collect.models import Assignment, Form, FormVersion, Submission, SubmissionFile
from edubureau.core import audit, clock
from edubureau.core.models import Notification
from edubureau.core.notifications import notify
from edubureau.registry.models import Area, Department, School

# The submission workflow as one table: action → (states it starts from, state it ends in, whose it is).
SCHOOL, BUREAU = "school", "bureau"
TRANSITIONS: dict[str, tuple[frozenset[str], str, str]] = {
    "save": (frozenset({S.PENDING, S.DRAFT, S.RETURNED}), S.DRAFT, SCHOOL),
    "submit": (frozenset({S.PENDING, S.DRAFT, S.RETURNED}), S.SUBMITTED, SCHOOL),
    "accept": (frozenset({S.SUBMITTED}), S.ACCEPTED, BUREAU),
    "return": (frozenset({S.SUBMITTED}), S.RETURNED, BUREAU),
}


# --- who may act ---------------------------------------------------------------------------------------


def is_bureau_side(user, form: Form) -> bool:
    return (
        bool(user and user.is_authenticated)
        and Form.objects.restrict(user, "change").filter(pk=form.pk).exists()
    )


def is_school_side(user, submission: Submission) -> bool:
    return (
        bool(user and user.is_authenticated)
        and Submission.objects.restrict(user, "change").filter(pk=submission.pk).exists()
    )


def roles_of(user, submission: Submission) -> set[str]:
    roles = set()
    if is_school_side(user, submission):
        roles.add(SCHOOL)
    if is_bureau_side(user, submission.assignment.form):
        roles.add(BUREAU)
    return roles


def may_create_form(user, county: Area) -> bool:
    """Who may add forms in ``county``: a grant to add forms on the county (or everywhere)."""
    if not (user and user.is_authenticated):
        return False
    scope = user.get_scope()
    if scope.everything:
        return True
    paths, _schools = scope.places("add", "collect.form")
    return any(county.path.startswith(p) for p in paths)


def _require_bureau(actor, form: Form) -> None:
    if actor is not None and not is_bureau_side(actor, form):
        raise Http404


def _problems_error(problems: list[defn.Problem]) -> ValidationError:
    return ValidationError([p.message for p in problems], code="invalid_values")


# --- forms ---------------------------------------------------------------------------------------------


def _definition(definition) -> dict:
    try:
        return defn.definition_check(definition)
    except defn.DefinitionError as error:
        raise ValidationError({"definition": error.messages}) from None


@transaction.atomic
def form_create(
    *,
    actor,
    county: Area,
    code: str,
    title: str,
    definition: dict,
    description: str = "",
    frequency: str = "monthly",
    lead_department: Department | None = None,
) -> Form:
    """A new form with its first version."""
    clean = _definition(definition)
    if actor is not None and not may_create_form(actor, county):
        raise Http404
    if Form.objects.filter(county=county, code=code).exists():
        raise ValidationError(
            {"code": _("There is already a form with the code “{code}”.").format(code=code)}
        )
    form = Form(
        county=county,
        code=code,
        title=title.strip(),
        description=description.strip(),
        frequency=frequency,
        lead_department=lead_department,
    )
    form.full_clean()
    form.save()
    FormVersion.objects.create(form=form, number=1, definition=clean, created_by=_user(actor))
    audit.record(
        actor=actor, action="collect.form.create", obj=form, after={"code": code, "definition": clean}
    )
    return form


def _user(actor):
    return actor if actor is not None and actor.is_authenticated else None


def current_version(form: Form) -> FormVersion:
    return form.versions.order_by("-number").first()


@transaction.atomic
def form_define(*, actor, form: Form, definition: dict) -> FormVersion:
    """Change a form's fields. While no school has saved figures on the current version it is changed in
    place; after that a new version starts, and the submissions already filled in keep theirs (the ones
    not yet started move to the new version)."""
    _require_bureau(actor, form)
    clean = _definition(definition)
    version = FormVersion.objects.select_for_update().filter(form=form).order_by("-number").first()
    if version.definition == clean:
        return version
    used = version.submissions.exclude(status=S.PENDING).exists()
    before = {"definition": version.definition, "version": version.number}
    if used:
        version = FormVersion.objects.create(
            form=form, number=version.number + 1, definition=clean, created_by=_user(actor)
        )
        Submission.objects.filter(assignment__form=form, status=S.PENDING).update(form_version=version)
        action = "collect.form.version"
    else:
        version.definition = clean
        version.save(update_fields=["definition", "updated_at", "version"])
        action = "collect.form.define"
    audit.record(
        actor=actor,
        action=action,
        obj=form,
        before=before,
        after={"definition": clean, "version": version.number},
    )
    return version


# --- assignments ---------------------------------------------------------------------------------------


def assignment_schools(
    *, form: Form, kinds: Iterable[str] = (), towns: Iterable[Area] = (), schools: Iterable[School] = ()
):
    """The schools of the form's county that are of one of ``kinds``, in one of ``towns`` or named in
    ``schools``; all of the county's schools when nothing is given."""
    kinds, towns, schools = list(kinds), list(towns), list(schools)
    qs = School.objects.filter(county=form.county)
    if kinds or towns or schools:
        q = Q(pk__in=[s.pk for s in schools])
        if kinds:
            q |= Q(kind__in=kinds)
        for town in towns:
            q |= Q(area__path__startswith=town.path)
        qs = qs.filter(q)
    return qs.order_by("code")


@transaction.atomic
def assignment_create(
    *,
    actor,
    form: Form,
    period: str,
    due_on: dt.date,
    kinds: Iterable[str] = (),
    towns: Iterable[Area] = (),
    schools: Iterable[School] = (),
    note: str = "",
) -> Assignment:
    """填报任务: send the form to a set of schools for ``period``; every school gets its (pending)
    submission at once, and its principals a message."""
    _require_bureau(actor, form)
    period = period.strip()
    if not period:
        raise ValidationError({"period": _("Give the period, for example 2019-03.")})
    if Assignment.objects.filter(form=form, period=period).exists():
        raise ValidationError(
            {
                "period": _("The form is already assigned for {period}; open that assignment.").format(
                    period=period
                )
            }
        )
    targets = list(assignment_schools(form=form, kinds=kinds, towns=towns, schools=schools))
    if not targets:
        raise ValidationError({"schools": _("No school matches: choose kinds, towns or schools.")})
    assignment = Assignment(
        form=form, period=period, due_on=due_on, note=note.strip(), created_by=_user(actor)
    )
    assignment.full_clean()
    assignment.save()
    version = current_version(form)
    Submission.objects.bulk_create(
        [Submission(assignment=assignment, school=s, form_version=version) for s in targets], batch_size=1000
    )
    audit.record(
        actor=actor,
        action="collect.assignment.create",
        obj=assignment,
        after={"period": period, "due_on": due_on.isoformat(), "schools": len(targets)},
    )
    principals = User.objects.filter(
        role_assignments__role=Role.PRINCIPAL, role_assignments__school__in=targets
    ).distinct()
    notify(
        users=principals,
        kind=Notification.Kind.TASK_ASSIGNED,
        message=_("Please fill in “{form}” for {period} by {due}.").format(
            form=form.title, period=period, due=clock.written(due_on)
        ),
        key=f"collect_assigned:{assignment.pk}",
        url=reverse("collect:my_submissions"),
    )
    return assignment


# --- submissions ---------------------------------------------------------------------------------------


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("assignment__form", "form_version")
        .get(pk=submission.pk)
    )


def _check(actor, submission: Submission, action: str) -> str:
    sources, target, by = TRANSITIONS[action]
    if actor is not None and by not in roles_of(actor, submission):
        raise Http404
    if submission.status not in sources:
        raise ValidationError(
            _("“{action}” is not possible while the submission is {status}.").format(
                action=ACTION_LABELS()[action], status=S(submission.status).label
            ),
            code="not_allowed",
        )
    return target


def ACTION_LABELS() -> dict[str, str]:  # noqa: N802 - a table, read like one
    return {"save": _("Save draft"), "submit": _("Submit"), "accept": _("Accept"), "return": _("Return")}


def _write(*, actor, submission: Submission, action: str, changes: dict, after_extra: dict | None = None):
    before = {"status": submission.status}
    if "values" in changes:
        before["values"] = submission.values
    for name, value in changes.items():
        setattr(submission, name, value)
    submission.save(update_fields=[*changes, "updated_at"])  # read under its row lock (``_locked``)
    after = {"status": submission.status, **({"values": submission.values} if "values" in changes else {})}
    after.update(after_extra or {})
    audit.record(
        actor=actor, action=f"collect.submission.{action}", obj=submission, before=before, after=after
    )
    return submission


def numbers_refresh(*, assignments) -> None:
    """Recompute the collected indicators of the counties and calendar years of ``assignments`` (after the
    figures that feed them changed), so that a plan target bound to them moves at once."""
    from edubureau.collect import sources

    done = set()
    for a in assignments:
        year = a.period[:4]
        key = (a.form.county_id, year)
        if year.isdigit() and key not in done and a.form.code in sources.FORMS:
            done.add(key)
            sources.collect_indicators_compute(actor=None, county=a.form.county, year=int(year))


# --- photos and files ----------------------------------------------------------------------------------

#: What a school may attach: photos from a phone, and scanned or office documents; ≤ 10 MB each.
#: Each extension with the first bytes its content must start with (a renamed file is refused).
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".webp": (b"RIFF",),
    ".heic": (b"",),  # ISO media: "ftyp" at byte 4, checked below
    ".pdf": (b"%PDF",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".ofd": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}
IMAGE_EXTENSIONS = {".jpg", ".jpeg", ".png", ".webp", ".heic"}
FILE_MAX_BYTES = 10 * 1024 * 1024
FILE_ACCEPT = ",".join(sorted(FILE_SIGNATURES))


def file_problem(*, label: str, name: str, size: int, head: bytes) -> str | None:
    """Why an uploaded file cannot be attached to field ``label`` (a sentence with the fix), or None.
    ``head`` is the file's first bytes: the content must be what the extension says."""
    ext = os.path.splitext(name)[1].lower()
    if ext not in FILE_SIGNATURES:
        return _(
            "“{field}”: “{name}” is not a photo or document this form takes; attach a photo "
            "(jpg, png, webp, heic) or a PDF, Word, Excel or OFD file."
        ).format(field=label, name=name[:60])
    if size > FILE_MAX_BYTES:
        return _(
            "“{field}”: “{name}” is {size} MB; attach a file of at most {max} MB (a smaller photo)."
        ).format(
            field=label, name=name[:60], size=round(size / 1024 / 1024, 1), max=FILE_MAX_BYTES // 1024 // 1024
        )
    ok = head[4:8] == b"ftyp" if ext == ".heic" else any(head.startswith(sig) for sig in FILE_SIGNATURES[ext])
    if ext == ".webp":
        ok = ok and head[8:12] == b"WEBP"
    if not ok:
        return _(
            "“{field}”: “{name}” is not really a {ext} file (its content says otherwise); attach the "
            "original photo or document."
        ).format(field=label, name=name[:60], ext=ext[1:])
    return None


def _field_label(definition: dict, path: str) -> str:
    """The label of the field a file answers: "photo", or "drills.2.photo" (a table's row, 0-based)."""
    parts = path.split(".")
    if len(parts) == 3 and parts[1].isdigit():
        table = next((f for f in defn.fields_of(definition) if f["key"] == parts[0]), None)
        column = defn.field_get(definition, f"{parts[0]}.{parts[2]}")
        if table and column:
            return _("{table} row {row}, {column}").format(
                table=table["label"], row=int(parts[1]) + 1, column=column["label"]
            )
    field = defn.field_get(definition, parts[0])
    return field["label"] if field else path


def _file_field(definition: dict, path: str) -> bool:
    parts = path.split(".")
    if len(parts) == 1:
        field = defn.field_get(definition, parts[0])
    elif len(parts) == 3 and parts[1].isdigit():
        field = defn.field_get(definition, f"{parts[0]}.{parts[2]}")
    else:
        return False
    return bool(field) and field["type"] == defn.FILE


def _attach(*, actor, submission: Submission, values: dict, files: Mapping) -> list[SubmissionFile]:
    """Store the uploaded ``files`` ({field path: uploaded file}) of the submission and put their ids in
    ``values`` at their paths. Every file is checked before any is stored; a bad one raises
    ValidationError naming the field and the fix."""
    definition = submission.form_version.definition
    problems = []
    for path, upload in files.items():
        if not _file_field(definition, path):
            continue
        head = upload.read(16)
        upload.seek(0)
        problem = file_problem(
            label=_field_label(definition, path), name=upload.name or "", size=upload.size or 0, head=head
        )
        if problem:
            problems.append(problem)
    if problems:
        raise ValidationError(problems, code="bad_file")
    stored = []
    for path, upload in files.items():
        if not _file_field(definition, path):
            continue
        ext = os.path.splitext(upload.name)[1].lower()
        f = SubmissionFile(
            submission=submission,
            path=path,
            name=os.path.basename(upload.name)[:200],
            size=upload.size,
            is_image=ext in IMAGE_EXTENSIONS,
            uploaded_by=_user(actor),
        )
        f.file.save(f"{clock.now():%Y%m%d%H%M%S}{ext}", upload, save=False)
        f.save()
        stored.append(f)
        audit.record(
            actor=actor,
            action="collect.submission.attach",
            obj=submission,
            after={"file": f.name, "field": path, "size": f.size},
        )
        parts = path.split(".")
        if len(parts) == 1:
            values[parts[0]] = f.pk
        else:
            rows = values.setdefault(parts[0], [])
            while len(rows) <= int(parts[1]):
                rows.append({})
            rows[int(parts[1])][parts[2]] = f.pk
    return stored


def _own_files(submission: Submission, clean: dict) -> list[defn.Problem]:
    ids = defn.file_ids(submission.form_version.definition, clean)
    if ids and SubmissionFile.objects.filter(submission=submission, pk__in=ids).count() != len(ids):
        return [
            defn.Problem(
                "", _("A photo or file named in the figures is not this submission's: attach it again.")
            )
        ]
    return []


def _with_files(actor, submission: Submission, values: dict, files: Mapping | None, work):
    """Run ``work(values)`` after attaching ``files``; the stored files are removed again if it fails."""
    stored = _attach(actor=actor, submission=submission, values=values, files=files or {})
    try:
        return work(values)
    except Exception:
        for f in stored:
            f.file.delete(save=False)
        raise


@transaction.atomic
def submission_save(
    *, actor, submission: Submission, values: dict, files: Mapping | None = None
) -> Submission:
    """Keep a draft: values of the wrong kind are refused, missing ones are fine until submitting.
    ``files`` ({field path: uploaded file}) are photos or files for the file fields."""
    submission = _locked(submission)
    target = _check(actor, submission, "save")
    return _with_files(actor, submission, dict(values), files, lambda v: _save(actor, submission, v, target))


def _save(actor, submission: Submission, values: dict, target: str) -> Submission:
    clean, problems = defn.validate(submission.form_version.definition, values, complete=False)
    problems += _own_files(submission, clean)
    if problems:
        raise _problems_error(problems)
    return _write(
        actor=actor, submission=submission, action="save", changes={"values": clean, "status": target}
    )


@transaction.atomic
def submission_submit(
    *,
    actor,
    submission: Submission,
    values: dict | None = None,
    files: Mapping | None = None,
    refresh: bool = True,
) -> Submission:
    """Send the figures to the bureau; every required field filled in and every value valid."""
    submission = _locked(submission)
    target = _check(actor, submission, "submit")
    values = dict(submission.values if values is None else values)
    submission = _with_files(
        actor, submission, values, files, lambda v: _submit(actor, submission, v, target)
    )
    if refresh:
        numbers_refresh(assignments=[submission.assignment])  # sent figures count at once
    return submission


def _submit(actor, submission: Submission, values: dict, target: str) -> Submission:
    clean, problems = defn.validate(submission.form_version.definition, values, complete=True)
    problems += _own_files(submission, clean)
    if problems:
        raise _problems_error(problems)
    return _write(
        actor=actor,
        submission=submission,
        action="submit",
        changes={
            "values": clean,
            "status": target,
            "submitted_at": clock.now(),
            "submitted_by": _user(actor),
        },
    )


@transaction.atomic
def submission_accept(*, actor, submission: Submission, refresh: bool = True) -> Submission:
    """The bureau accepts the figures; from now on the school can no longer change them."""
    submission = _locked(submission)
    target = _check(actor, submission, "accept")
    submission = _write(
        actor=actor,
        submission=submission,
        action="accept",
        changes={"status": target, "reviewed_at": clock.now(), "reviewed_by": _user(actor)},
    )
    if refresh:
        numbers_refresh(assignments=[submission.assignment])
    return submission


@transaction.atomic
def submission_return(*, actor, submission: Submission, reason: str, refresh: bool = True) -> Submission:
    """退回: the bureau sends the figures back with a reason; the school corrects and submits again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the submission is returned.")})
    submission = _locked(submission)
    target = _check(actor, submission, "return")
    submission = _write(
        actor=actor,
        submission=submission,
        action="return",
        changes={
            "status": target,
            "reviewed_at": clock.now(),
            "reviewed_by": _user(actor),
            "returned_count": submission.returned_count + 1,
            "return_reason": reason,
        },
        after_extra={"reason": reason},
    )
    principals = User.objects.filter(
        role_assignments__role=Role.PRINCIPAL, role_assignments__school_id=submission.school_id
    ).distinct()
    notify(
        users=principals,
        kind=Notification.Kind.RETURNED,
        message=_("“{form}” for {period} was returned: {reason}").format(
            form=submission.assignment.form.title, period=submission.assignment.period, reason=reason[:120]
        ),
        key=f"collect_returned:{submission.pk}:{submission.returned_count}",
        url=reverse("collect:submission_detail", args=[submission.pk]),
    )
    if refresh:
        numbers_refresh(assignments=[submission.assignment])  # returned figures no longer count
    return submission


# --- Excel upload --------------------------------------------------------------------------------------


@dataclass
class FileReport:
    """The outcome of one uploaded file: ``ok`` (the submission it filled) or its problems, each naming
    the sheet and row."""

    name: str
    ok: bool
    school: str = ""
    problems: list[str] = field(default_factory=list)


def _file_problems(*, assignment: Assignment, mine: dict, filled) -> tuple[Submission | None, list[str]]:
    """What is wrong with one filled template; ``mine`` is the submissions of the assignment the uploader
    may change, by school code (one read for the whole upload)."""
    meta = filled.meta
    if meta.get("form") != assignment.form.code or meta.get("period") != assignment.period:
        return None, [
            _("This is the template of “{form}” for {period}, not of “{ours}” for {our_period}.").format(
                form=meta.get("form", "?"),
                period=meta.get("period", "?"),
                ours=assignment.form.code,
                our_period=assignment.period,
            )
        ]
    submission = mine.get(meta.get("school", ""))
    if submission is None:
        return None, [
            _("The school {code} is not in this assignment or not in your scope.").format(
                code=meta.get("school", "?")
            )
        ]
    if meta.get("version") != str(submission.form_version.number):
        return submission, [
            _("The template is of version {theirs} of the form, the school fills in version {ours}: "
              "download the template again.").format(theirs=meta.get("version", "?"), ours=submission.form_version.number)
        ]  # fmt: skip
    if submission.status not in TRANSITIONS["submit"][0]:
        return submission, [
            _("{school} has already sent this form ({status}); nothing was changed.").format(
                school=submission.school.name, status=S(submission.status).label
            )
        ]
    _clean, problems = defn.validate(submission.form_version.definition, filled.values, complete=True)
    out = []
    for p in problems:
        head = p.path.split(".")
        where = (
            filled.row_of.get(p.path) or filled.row_of.get(".".join(head[:2])) or filled.row_of.get(head[0])
        )
        out.append(_("{place}: {problem}").format(place=where, problem=p.message) if where else p.message)
    return submission, out


def submissions_upload(*, actor, assignment: Assignment, files) -> list[FileReport]:
    """Filled templates in bulk: each file (name, file object, size) is all-or-nothing — either its
    submission is filled in and submitted, or nothing of it is written and its report lists every problem."""
    from edubureau.collect import workbook

    reports = []
    current = current_version(assignment.form).definition
    mine = (
        Submission.objects.filter(assignment=assignment)
        if actor is None
        else Submission.objects.restrict(actor, "change").filter(assignment=assignment)
    )
    mine = {s.school.code: s for s in mine.select_related("form_version", "school")}
    for name, fh, size in files:
        try:
            filled = workbook.read_filled(fh, definition=current, size=size)
        except workbook.WorkbookError as error:
            reports.append(FileReport(name, False, problems=[str(error)]))
            continue
        submission, problems = _file_problems(assignment=assignment, mine=mine, filled=filled)
        if submission is not None and not problems and submission.form_version.definition != current:
            # Table sheets were read by the current version; read again by the submission's own.
            fh.seek(0)
            filled = workbook.read_filled(fh, definition=submission.form_version.definition, size=size)
            submission, problems = _file_problems(assignment=assignment, mine=mine, filled=filled)
        if problems:
            reports.append(
                FileReport(
                    name, False, school=submission.school.name if submission else "", problems=problems
                )
            )
            continue
        try:
            with transaction.atomic():
                submission_submit(actor=actor, submission=submission, values=filled.values, refresh=False)
                audit.record(
                    actor=actor,
                    action="collect.submission.upload",
                    obj=submission,
                    after={"file": name[:100]},
                )
        except ValidationError as error:
            reports.append(FileReport(name, False, school=submission.school.name, problems=error.messages))
            continue
        reports.append(FileReport(name, True, school=submission.school.name))
    if any(r.ok for r in reports):
        numbers_refresh(assignments=[assignment])
    return reports


# --- reminders -----------------------------------------------------------------------------------------

#: Days before the due date on which schools that have not sent are reminded.
REMIND_DAYS_BEFORE = 3


def collect_remind(*, today: dt.date | None = None) -> dict[str, int]:
    """Remind the principals of schools that have not sent: once when the due date is near
    (``REMIND_DAYS_BEFORE`` days or less), once when it has passed. Idempotent (one message per
    submission and kind), so it can run every day."""
    from edubureau.accounts.models import RoleAssignment

    today = today or clock.today()
    open_ = Submission.objects.filter(
        status__in=(S.PENDING, S.DRAFT, S.RETURNED),
        assignment__due_on__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE),
        assignment__due_on__gte=today - dt.timedelta(days=60),
    ).select_related("assignment__form")
    subs = list(open_)
    principals: dict[int, list] = {}
    for ra in RoleAssignment.objects.filter(
        role=Role.PRINCIPAL, school_id__in={s.school_id for s in subs}
    ).select_related("user"):
        principals.setdefault(ra.school_id, []).append(ra.user)
    sent = {"due_soon": 0, "overdue": 0}
    for s in subs:
        a = s.assignment
        users = principals.get(s.school_id, [])
        if not users:
            continue
        url = reverse("collect:submission_detail", args=[s.pk])
        if a.due_on >= today:
            message = _("“{form}” for {period} is due on {due}: please fill it in.").format(
                form=a.form.title, period=a.period, due=clock.written(a.due_on)
            )
            kind, key = Notification.Kind.DUE_SOON, f"collect_due:{s.pk}"
        else:
            message = _(
                "“{form}” for {period} was due on {due} and has not been sent: please send it."
            ).format(form=a.form.title, period=a.period, due=clock.written(a.due_on))
            kind, key = Notification.Kind.OVERDUE, f"collect_overdue:{s.pk}"
        if notify(users=users, kind=kind, message=message, key=key, url=url):
            sent["due_soon" if kind == Notification.Kind.DUE_SOON else "overdue"] += 1
    return sent
