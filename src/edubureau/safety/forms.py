"""Safety forms. Forms only read input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import StyledFormMixin
from edubureau.safety.choices import (
    BullyingSeverity,
    BullyingSource,
    HazardCategory,
    HazardLevel,
    InspectionResult,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 2})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class HazardForm(StyledFormMixin, forms.Form):
    """隐患登记 on a phone: what, where, how serious, by when, with photos."""

    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    title = forms.CharField(label=_("Hazard"), max_length=120)
    category = forms.ChoiceField(label=_("Category"), choices=HazardCategory.choices)
    place = forms.CharField(label=_("Place"), max_length=100)
    level = forms.ChoiceField(label=_("Level"), choices=HazardLevel.choices)
    found_on = forms.DateField(label=_("Found on"), widget=DATE)
    deadline = forms.DateField(label=_("Deadline"), widget=DATE)
    responsible = forms.CharField(label=_("Person responsible"), max_length=50, required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXT)
    photos = MultipleFileField(label=_("Photos"))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class HazardActionForm(forms.Form):
    ACTIONS = ("assign", "fix", "verify", "return", "urge")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    text = forms.CharField(required=False, max_length=2000)
    deadline = forms.DateField(required=False)
    files = MultipleFileField()


class BullyingCaseForm(StyledFormMixin, forms.Form):
    """欺凌事件报告: who reported it, what happened, the pupils, and who else handles the case."""

    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE)
    source = forms.ChoiceField(label=_("Reported by"), choices=BullyingSource.choices)
    summary = forms.CharField(label=_("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    victims = forms.CharField(label=_("Students bullied"), max_length=200)
    perpetrators = forms.CharField(label=_("Students accused"), max_length=200)
    handlers = forms.CharField(
        label=_("Other handlers"),
        required=False,
        help_text=_("Login names, separated by spaces; only they and you will see the case."),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class BullyingActionForm(forms.Form):
    ACTIONS = ("investigate", "determine", "appeal", "review", "conclude", "close")
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    text = forms.CharField(required=False, max_length=4000)
    is_bullying = forms.BooleanField(required=False)
    severity = forms.ChoiceField(required=False, choices=[("", "")] + BullyingSeverity.choices)
    police_reported = forms.BooleanField(required=False)


class HandlerForm(forms.Form):
    username = forms.CharField(max_length=150)


class CentreForm(StyledFormMixin, forms.Form):
    area = forms.ModelChoiceField(label=_("Town"), queryset=None)
    name = forms.CharField(label=_("Name"), max_length=100)
    licence_number = forms.CharField(label=_("Licence number"), max_length=40)
    address = forms.CharField(label=_("Address"), max_length=200)
    organiser = forms.CharField(label=_("Organiser"), max_length=100)
    subjects = forms.CharField(label=_("Subjects"), max_length=200, help_text=_("separated by commas"))
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas


class InspectionForm(StyledFormMixin, forms.Form):
    inspected_on = forms.DateField(label=_("Inspected on"), widget=DATE)
    inspectors = forms.CharField(label=_("Inspectors"), max_length=100)
    findings = forms.CharField(label=_("Findings"), required=False, widget=TEXT)
    result = forms.ChoiceField(label=_("Result"), choices=InspectionResult.choices)
    requirement = forms.CharField(label=_("What must be done"), required=False, widget=TEXT)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)


class ComplaintForm(StyledFormMixin, forms.Form):
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    complainant = forms.CharField(label=_("Complainant"), max_length=50, required=False)
    content = forms.CharField(label=_("Complaint"), widget=TEXT)


class ReplyForm(forms.Form):
    reply = forms.CharField(max_length=2000)


class SchemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    cycle = forms.CharField(label=_("Cycle"), max_length=20)
    criteria = forms.CharField(
        label=_("Criteria"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One a line: the title, a space, its full marks."),
    )

    def clean_criteria(self):
        rows = []
        for line in self.cleaned_data["criteria"].splitlines():
            if line.strip():
                title, _sep, maximum = line.strip().rpartition(" ")
                rows.append((title or maximum, maximum if title else ""))
        return rows
