"""Supervision forms: the phone visit record, a finding, the rectification actions, the schedule and the
cycle planner. Forms only read input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core import clock
from edubureau.core.forms import StyledFormMixin, style_form
from edubureau.supervision.choices import Item, Method, Rating, Severity, VisitKind

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class FindingForm(StyledFormMixin, forms.Form):
    """问题 and, with a requirement, its rectification."""

    item = forms.TypedChoiceField(label=_("Item"), choices=Item.choices, coerce=int)
    description = forms.CharField(label=_("What was found"), widget=forms.Textarea(attrs={"rows": 2}))
    severity = forms.ChoiceField(label=_("Severity"), choices=Severity.choices, initial=Severity.GENERAL)
    rectify = forms.BooleanField(label=_("Open a rectification"), required=False, initial=True)
    requirement = forms.CharField(
        label=_("What the school must do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)


class VisitForm(StyledFormMixin, forms.Form):
    """督导记录 on a phone: the visit, the 8 items with a rating and a note each, files and photos,
    feedback, the report, and optionally one finding (more can be added on the record's page)."""

    client_id = forms.CharField(required=False, widget=forms.HiddenInput)
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    visited_at = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    kind = forms.ChoiceField(label=_("Kind"), choices=VisitKind.choices, initial=VisitKind.ROUTINE)
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Method.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    summary = forms.CharField(label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(
        label=_("Photos and files"),
        widget=MultipleFileInput(attrs={"accept": "image/*,.pdf,.doc,.docx,.xls,.xlsx"}),
    )
    feedback_at = forms.DateTimeField(
        label=_("On-the-spot feedback given at"), required=False, widget=DATETIME
    )
    feedback_note = forms.CharField(
        label=_("Feedback to the school"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    submit_report = forms.BooleanField(
        label=_("Submit the report to the supervision office now"), required=False
    )
    finding_item = forms.TypedChoiceField(
        label=_("Finding: item"),
        choices=[("", "—"), *Item.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    finding_description = forms.CharField(
        label=_("Finding: what was found"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    finding_severity = forms.ChoiceField(
        label=_("Finding: severity"), choices=Severity.choices, initial=Severity.GENERAL, required=False
    )
    finding_requirement = forms.CharField(
        label=_("Rectification: what the school must do"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    finding_deadline = forms.DateField(label=_("Rectification deadline"), required=False, widget=DATE)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.initial.setdefault("visited_at", clock.local(clock.now()).replace(second=0, microsecond=0))
        for item in Item:
            n = int(item)
            self.fields[f"rating_{n}"] = forms.ChoiceField(
                label=item.label, choices=Rating.choices, initial=Rating.NOT_CHECKED, widget=forms.RadioSelect
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label=_("Note"), required=False, max_length=500, widget=forms.TextInput()
            )
        style_form(self)  # the rows added here

    def field_for(self, name: str | None) -> str | None:
        """The field of this form a service's error about ``name`` belongs to (the finding's fields carry a
        ``finding_`` prefix here), or None for the form as a whole."""
        return next((f for f in (name, f"finding_{name}") if f in self.fields), None)

    def checklist_rows(self):
        return [(item, self[f"rating_{int(item)}"], self[f"note_{int(item)}"]) for item in Item]

    def checklist(self) -> dict[int, tuple[str, str]]:
        d = self.cleaned_data
        return {int(i): (d[f"rating_{int(i)}"], d[f"note_{int(i)}"]) for i in Item}

    def findings(self) -> list[dict]:
        d = self.cleaned_data
        if not d.get("finding_item") or not (d.get("finding_description") or "").strip():
            return []
        return [
            {
                "item": d["finding_item"],
                "description": d["finding_description"],
                "severity": d.get("finding_severity") or Severity.GENERAL,
                "requirement": d.get("finding_requirement") or "",
                "deadline": d.get("finding_deadline"),
                "rectify": True,
            }
        ]


class RectificationActionForm(forms.Form):
    """Answer (actions + evidence), close (note), return (reason) or urge a rectification."""

    ACTIONS = ("answer", "close", "return", "urge")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    text = forms.CharField(required=False)
    files = MultipleFileField()


class PlannedVisitForm(StyledFormMixin, forms.Form):
    planned_on = forms.DateField(label=_("Planned on"), widget=DATE)
    supervisor = forms.ModelChoiceField(label=_("Supervisor"), queryset=None, required=False)

    def __init__(self, *args, supervisors, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["supervisor"].queryset = supervisors


class CycleForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    first_year = forms.IntegerField(label=_("First year"), min_value=2000, max_value=2100)
    years = forms.IntegerField(label=_("Years"), min_value=3, max_value=5, initial=3)


class SlotMoveForm(forms.Form):
    year = forms.IntegerField()
