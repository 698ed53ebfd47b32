"""Work-plan forms: the source of a plan, the review formsets, and the workflow forms of the task page.

The review formsets turn back into the parser's own dataclasses (``reviewed_plan``), so that publishing
takes exactly what the parser gives, as corrected by a person.
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from decimal import Decimal
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import StyledFormMixin, style_form
from edubureau.planning.choices import Comparator, ScoreRuleCode, UrgeLevel
from edubureau.planning.parser import Item, ParsedPlan, PreamblePart, Section, Target, tables
from edubureau.planning.parser.sources import PlanReadError, read_file
from edubureau.planning.services import split_units
from edubureau.registry.models import Department

PLAN_FILE_EXTENSIONS = (".txt", ".docx", ".xlsx", ".pdf", ".html", ".htm")


def read_error_message(code: str) -> str:
    """Why a plan file was refused (``sources.PlanReadError.code``), in words for the page."""
    messages = {
        "pdf_no_text": _(
            "This PDF has no text layer (it is probably a scan); text recognition (OCR) is not supported. "
            "Upload the original Word or Excel file, or a PDF whose text can be copied."
        ),
        "pdf_encrypted": _(
            "This PDF is encrypted and cannot be read. Remove the password and upload it again, or upload "
            "the original Word or Excel file."
        ),
        "xlsx_no_header": _(
            "No table header was found in the Excel file: a row of column names is needed, with at least "
            "序号, the task (工作任务, 目标与任务 or 具体内容) and one of 牵头单位, 配合单位, 分管领导 or 完成时限."
        ),
        "unsupported": _(
            "This file type is not supported. Upload the plan as .txt, .docx, .xlsx, .pdf or .html "
            "(save an old .doc or .xls in the new format first)."
        ),
    }
    return messages.get(code) or _(
        "The file could not be read; it may be damaged. Save it again and upload it."
    )


def check_plan_size(size: int) -> None:
    """One limit for a plan, uploaded (file bytes) or pasted (UTF-8 bytes): ``PLAN_TEXT_MAX_BYTES``."""
    limit = settings.PLAN_TEXT_MAX_BYTES
    if size > limit:
        raise forms.ValidationError(
            _(
                "The plan is {size} MB; the limit is {limit} MB. Remove what is not the plan "
                "(annexes, tables of figures) or import it in parts."
            ).format(size=megabytes(size), limit=megabytes(limit)),
            code="too_large",
        )


def megabytes(size: int) -> str:
    """Bytes as MB with one decimal, rounded up: a plan one byte over 5 MB reads 5.1, not 5."""
    return f"{math.ceil(size / 1024 / 1024 * 10) / 10:g}"


_WARNINGS = (
    (re.compile(r"row (\d+) \(line (\d+)\): the (task|content) cell starts mid-word"), "mid_word"),
    (re.compile(r"row (\d+) \(line (\d+)\): the (task|content) cell repeats a sentence"), "repeated"),
    (re.compile(r"line (\d+): table row without a number, not read: (.*)$", re.S), "no_number"),
    (re.compile(r"columns not recognised, kept in each task's body: (.*)$", re.S), "unknown_columns"),
    (re.compile(r"item (\d+) ends mid-sentence"), "truncated"),
)


#: How the review page names the role a table column is read in.
COLUMN_ROLE_LABELS = {
    "number": _("Number"),
    "task": _("Task"),
    "content": _("Details (joined to the task text)"),
    "lead": _("Lead units"),
    "co": _("Co-units"),
    "leader": _("Responsible leaders"),
    "due": _("Deadline"),
    "note": _("Remarks"),
    "other": _("Not read (kept in the task's body)"),
}
_MAPPABLE = [(role, COLUMN_ROLE_LABELS[role]) for role in tables.MAPPABLE_ROLES]
_MAX_COLUMNS = 60  # the .xlsx reader's column bound


def review_columns(parsed: ParsedPlan) -> list[dict]:
    """A table plan's columns for the review page: name as written, the role read, and whether the
    reviewer may change it (序号 and the task column define the header and stay as found)."""
    return [
        {
            "index": k,
            "name": name,
            "role": role,
            "label": COLUMN_ROLE_LABELS.get(role, role),
            "mappable": role not in ("number", "task"),
            "choices": _MAPPABLE,
        }
        for k, (name, role) in enumerate(zip(parsed.table_columns, parsed.table_roles, strict=False))
        if name
    ]


def column_roles(data) -> dict[str, str]:
    """A reviewer's column mapping from the review form (``column_name`` / ``column_role`` pairs); roles
    outside the mappable ones are dropped."""
    names = data.getlist("column_name")[:_MAX_COLUMNS]
    roles = data.getlist("column_role")[:_MAX_COLUMNS]
    return {
        name[:50]: role for name, role in zip(names, roles, strict=False) if role in tables.MAPPABLE_ROLES
    }


def warning_text(warning: str) -> str:
    """A parser warning (plain English, the parser has no translations) in words for the review page."""
    for rx, kind in _WARNINGS:
        m = rx.match(warning)
        if not m:
            continue
        g = m.groups()
        if kind == "mid_word":
            return _(
                "Row {number} (line {line}): the task text seems to start mid-word (the copy may have lost "
                "its beginning); it is kept as written, please check it against the original."
            ).format(number=g[0], line=g[1])
        if kind == "repeated":
            return _(
                "Row {number} (line {line}): the task text repeats a sentence (a copy defect?); it is kept "
                "as written, please check it against the original."
            ).format(number=g[0], line=g[1])
        if kind == "no_number":
            return _("Line {line}: a table row without a number was not read: {text}").format(
                line=g[0], text=g[1]
            )
        if kind == "unknown_columns":
            return _("Columns not recognised, kept in each task's body: {names}").format(names=g[0])
        return _("Task {number} ends mid-sentence: the document looks truncated.").format(number=g[0])
    return warning


class PlanSourceForm(StyledFormMixin, forms.Form):
    """Step one of importing: the county, and the plan as a file (.txt, .docx) or pasted text."""

    county = forms.ModelChoiceField(label=_("County"), queryset=None)
    file = forms.FileField(
        label=_("Plan file"),
        required=False,
        help_text=_("Plain text (UTF-8 or GB18030), Word .docx, Excel .xlsx, PDF or a web page (.html)"),
    )
    text = forms.CharField(
        label=_("Or paste the plan text"), required=False, widget=forms.Textarea(attrs={"rows": 12})
    )

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        if counties.count() == 1:
            self.fields["county"].initial = counties.first()

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload is None:
            return None
        if Path(upload.name).suffix.lower() not in PLAN_FILE_EXTENSIONS:
            raise forms.ValidationError(read_error_message("unsupported"))
        check_plan_size(upload.size)
        return upload

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload is None and not text:
            raise forms.ValidationError(_("Upload the plan or paste its text."))
        if upload is not None:
            try:
                data["source_text"] = _read_upload(upload)
            except PlanReadError as exc:
                raise forms.ValidationError(read_error_message(exc.code), code=exc.code) from exc
            except Exception as exc:  # a damaged .docx or an undecodable file: say so on the form
                raise forms.ValidationError(
                    _("The file could not be read ({error}). Save it again as .docx or plain text.").format(
                        error=exc.__class__.__name__
                    )
                ) from exc
        else:
            check_plan_size(len(text.encode("utf-8")))
            data["source_text"] = text
        return data


def _read_upload(upload) -> str:
    suffix = Path(upload.name).suffix.lower()
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        return read_file(tmp.name)


# --- review --------------------------------------------------------------------------------------------


class PlanHeaderForm(StyledFormMixin, forms.Form):
    county = forms.ModelChoiceField(label=_("County"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=200)
    issuer = forms.CharField(label=_("Issuer"), max_length=100, required=False)
    doc_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    date = forms.DateField(
        label=_("Issued on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    recipients = forms.CharField(label=_("Recipients"), required=False, help_text=_("separated by 、"))
    cc = forms.CharField(label=_("Copied to"), required=False, help_text=_("separated by 、"))
    supervising_department = forms.ModelChoiceField(
        label=_("Supervising department"),
        queryset=None,
        required=False,
        help_text=_("Closes, returns and urges tasks together with the bureau leaders (e.g. 综合股)."),
    )
    notice_title = forms.CharField(widget=forms.HiddenInput, required=False)
    preamble = forms.CharField(widget=forms.HiddenInput, required=False)
    source_text = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, *args, counties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties
        self.fields["supervising_department"].queryset = Department.objects.filter(county__in=counties)


class SectionForm(forms.Form):
    number = forms.IntegerField(
        label=_("No."), min_value=1, widget=forms.NumberInput(attrs={"style": "width:5rem"})
    )
    numeral = forms.CharField(
        label=_("Numeral"), max_length=6, widget=forms.TextInput(attrs={"style": "width:5rem"})
    )
    title = forms.CharField(label=_("Title"), max_length=200)


class TaskForm(forms.Form):
    number = forms.IntegerField(
        label=_("No."), min_value=1, widget=forms.NumberInput(attrs={"style": "width:5rem"})
    )
    section = forms.CharField(
        label=_("Section"),
        max_length=6,
        required=False,
        widget=forms.TextInput(attrs={"style": "width:5rem"}),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    body = forms.CharField(label=_("Body"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    lead_units = forms.CharField(label=_("Lead units"), required=False, help_text=_("separated by 、"))
    co_units = forms.CharField(label=_("Co-units"), required=False)
    responsible_leaders = forms.CharField(label=_("Responsible leaders"), max_length=200, required=False)
    due = forms.CharField(label=_("Deadline"), max_length=20, required=False, help_text=_("blank: year end"))
    subsection = forms.CharField(widget=forms.HiddenInput, required=False)
    #: The table row the task was read from (cells joined by " | "), shown beside it; not edited.
    source_row = forms.CharField(widget=forms.HiddenInput, required=False)


class TargetForm(forms.Form):
    task = forms.IntegerField(
        label=_("Task"),
        min_value=1,
        required=False,
        help_text=_("blank: a target of the preamble"),
        widget=forms.NumberInput(attrs={"style": "width:5rem"}),
    )
    indicator = forms.CharField(label=_("Indicator"), max_length=200)
    comparator = forms.ChoiceField(
        label=_("Comparator"), choices=[("", "—"), *Comparator.choices], required=False
    )
    value = forms.DecimalField(label=_("Value"), max_digits=20, decimal_places=4, required=False)
    unit = forms.CharField(
        label=_("Unit"), max_length=20, required=False, widget=forms.TextInput(attrs={"style": "width:5rem"})
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"style": "width:6rem"}),
    )
    due = forms.CharField(
        label=_("Deadline"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"style": "width:6rem"}),
    )
    text = forms.CharField(label=_("Text"), max_length=300, required=False)


SectionFormSet = forms.formset_factory(SectionForm, extra=1, can_delete=True, max_num=50)
TaskFormSet = forms.formset_factory(TaskForm, extra=1, can_delete=True, max_num=300)
TargetFormSet = forms.formset_factory(TargetForm, extra=1, can_delete=True, max_num=1000)


def _plain(value):
    """A Decimal value as the parser gives it: 6650 rather than 6650.0000."""
    if value is None:
        return None
    value = Decimal(value).normalize()
    return int(value) if value == value.to_integral_value() else float(value)


def review_initial(parsed: ParsedPlan, *, county, source_text: str) -> dict:
    """The review page's initial data from a parse."""
    from edubureau.planning.services import plan_year

    header = {
        "county": county,
        "year": plan_year(parsed),
        "title": parsed.title,
        "issuer": parsed.issuer,
        "doc_number": parsed.doc_number,
        "date": parsed.date,
        "recipients": "、".join(parsed.recipients),
        "cc": "、".join(parsed.cc),
        "notice_title": parsed.notice_title,
        "preamble": json.dumps(
            [{"label": p.label, "text": p.text} for p in parsed.preamble], ensure_ascii=False
        ),
        "source_text": source_text,
    }
    sections = [{"number": s.number, "numeral": s.numeral, "title": s.title} for s in parsed.sections]
    tasks = [
        {
            "number": i.number,
            "section": i.section or "",
            "title": i.title,
            "body": i.body,
            "lead_units": "、".join(i.lead_units),
            "co_units": "、".join(i.co_units),
            "responsible_leaders": "、".join(i.responsible_leaders),
            "source_row": " | ".join(i.source_row),
            "due": i.due or "",
            "subsection": i.subsection or "",
        }
        for i in parsed.items
    ]
    targets = [_target_initial(None, t) for t in parsed.preamble_targets] + [
        _target_initial(i.number, t) for i in parsed.items for t in i.targets
    ]
    return {"header": header, "sections": sections, "tasks": tasks, "targets": targets}


def _target_initial(number, t: Target) -> dict:
    return {
        "task": number,
        "indicator": t.indicator,
        "comparator": t.comparator or "",
        "value": t.value,
        "unit": t.unit or "",
        "period": t.period or "",
        "due": t.due or "",
        "text": t.text,
    }


class ReviewForms:
    """The header form and the three formsets of the review page, bound or initial, as one unit."""

    def __init__(self, *, counties, data=None, initial: dict | None = None):
        initial = initial or {}
        self.header = PlanHeaderForm(data, initial=initial.get("header"), counties=counties, prefix="plan")
        self.sections = SectionFormSet(data, initial=initial.get("sections"), prefix="sections")
        self.tasks = TaskFormSet(data, initial=initial.get("tasks"), prefix="tasks")
        self.targets = TargetFormSet(data, initial=initial.get("targets"), prefix="targets")
        for formset in (self.sections, self.tasks, self.targets):
            for form in [*formset.forms, formset.empty_form]:
                style_form(form)

    def is_valid(self) -> bool:
        return all(f.is_valid() for f in (self.header, self.sections, self.tasks, self.targets))

    @staticmethod
    def _rows(formset) -> list[dict]:
        # An untouched extra form is valid and empty: it has no cleaned data.
        return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]

    def reviewed_plan(self) -> ParsedPlan:
        """The reviewed plan as the parser's dataclasses (after ``is_valid``)."""
        h = self.header.cleaned_data
        try:
            preamble = [
                PreamblePart(label=p.get("label"), text=p.get("text", ""))
                for p in json.loads(h["preamble"] or "[]")
            ]
        except (ValueError, AttributeError):
            preamble = []
        targets_by_task: dict[int | None, list[Target]] = {}
        for row in self._rows(self.targets):
            targets_by_task.setdefault(row.get("task"), []).append(
                Target(
                    text=row.get("text") or row["indicator"],
                    indicator=row["indicator"],
                    value=_plain(row.get("value")),
                    unit=row.get("unit") or None,
                    comparator=row.get("comparator") or None,
                    period=row.get("period") or None,
                    due=row.get("due") or None,
                )
            )
        items = [
            Item(
                number=row["number"],
                section=row.get("section") or None,
                title=row["title"],
                body=row.get("body") or "",
                lead_units=split_units(row.get("lead_units")),
                co_units=split_units(row.get("co_units")),
                responsible_leaders=split_units(row.get("responsible_leaders")),
                targets=targets_by_task.get(row["number"], []),
                subsection=row.get("subsection") or None,
                due=row.get("due") or None,
            )
            for row in sorted(self._rows(self.tasks), key=lambda r: r["number"])
        ]
        sections = [
            Section(number=row["number"], numeral=row["numeral"], title=row["title"])
            for row in sorted(self._rows(self.sections), key=lambda r: r["number"])
        ]
        return ParsedPlan(
            title=h["title"],
            issuer=h.get("issuer") or None,
            doc_number=h.get("doc_number") or None,
            date=h["date"].isoformat() if h.get("date") else None,
            recipients=split_units(h.get("recipients")),
            cc=split_units(h.get("cc")),
            notice_title=h.get("notice_title") or None,
            preamble=preamble,
            preamble_targets=targets_by_task.get(None, []),
            sections=sections,
            items=items,
        )

    def orphan_targets(self, plan: ParsedPlan) -> list[int]:
        """Task numbers named by targets that no task has."""
        numbers = {i.number for i in plan.items}
        return sorted(
            {r["task"] for r in self._rows(self.targets) if r.get("task") and r["task"] not in numbers}
        )


# --- task page -----------------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several evidence files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class ReportForm(StyledFormMixin, forms.Form):
    """进展报送: work done, problems, next steps, progress, a current value of a target, evidence."""

    text = forms.CharField(label=_("Work done"), widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(label=_("Problems"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    percent = forms.DecimalField(
        label=_("Progress (%)"), min_value=0, max_value=100, decimal_places=1, required=False
    )
    target = forms.ModelChoiceField(label=_("Target"), queryset=None, required=False)
    current_value = forms.DecimalField(
        label=_("Current value"), max_digits=20, decimal_places=4, required=False
    )
    files = MultipleFileField(label=_("Evidence files"), required=False)

    def __init__(self, *args, task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = task.targets.order_by("sort_order", "id")

    def clean(self):
        data = super().clean()
        if data.get("current_value") is not None and data.get("target") is None:
            self.add_error("target", _("Choose the target the current value is for."))
        return data


class TaskActionForm(StyledFormMixin, forms.Form):
    """A workflow step without a form of its own: sign, submit, close, return, cancel."""

    ACTIONS = ("sign", "submit", "close", "return", "cancel")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS], widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ExtensionForm(StyledFormMixin, forms.Form):
    new_due = forms.DateField(label=_("New due date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    progress_note = forms.CharField(
        label=_("Progress so far"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtensionDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Approve")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note"), required=False)


class UrgeForm(StyledFormMixin, forms.Form):
    level = forms.TypedChoiceField(label=_("Urge level"), choices=UrgeLevel.choices, coerce=int)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    respond_by = forms.DateField(
        label=_("Answer by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class TargetBindForm(StyledFormMixin, forms.Form):
    indicator_code = forms.CharField(label=_("Indicator code"), max_length=80, required=False)


class ScoreRulesForm(StyledFormMixin, forms.Form):
    """One points field per rule of a plan's scoring table."""

    def __init__(self, *args, rules, **kwargs):
        super().__init__(*args, **kwargs)
        order = list(ScoreRuleCode.values)
        for rule in sorted(rules, key=lambda r: order.index(r.code)):
            self.fields[rule.code] = forms.DecimalField(
                label=rule.get_code_display(), initial=rule.points, max_digits=6, decimal_places=2
            )
        style_form(self)
