"""Forms of the evaluation pages; the schools, exams and people offered are those the user may see."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from edubureau.core.forms import StyledFormMixin, style_form
from edubureau.core.periods import school_year_choices
from edubureau.evaluation import choices as c
from edubureau.evaluation.models import Criterion
from edubureau.registry.choices import SchoolKind


class SchemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Scheme name"), max_length=80, initial=_("Annual school evaluation"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


#: Units of the indicator library, in the UI language.
UNITS = {
    "人": pgettext_lazy("unit", "persons"),
    "元": pgettext_lazy("unit", "yuan"),
    "个": pgettext_lazy("unit", "items"),
}


def _indicator_label(d) -> str:
    unit = UNITS.get(d.unit, d.unit)
    return str(_("{name} ({unit})").format(name=d.name, unit=unit)) if unit else d.name


class CriterionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["parent", "code", "name", "weight", "order", "source", "indicator", "measure",
                  "prior_exam", "outcome_exam", "best", "worst", "guidance"]  # fmt: skip
        widgets = {"guidance": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, scheme, exams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Criterion.objects.filter(scheme=scheme)
        self.fields["parent"].required = False
        self.fields["prior_exam"].queryset = exams
        self.fields["outcome_exam"].queryset = exams
        from edubureau.indicators import library

        school_level = sorted(
            (d for d in library.LIBRARY.values() if library.SCHOOL in d.scopes), key=lambda d: d.code
        )
        self.fields["indicator"] = forms.ChoiceField(
            label=_("Indicator"),
            required=False,
            choices=[("", "—")] + [(d.code, _indicator_label(d)) for d in school_level],
            help_text=_(
                "An indicator of the library computed per school; scoring takes its value in the round's school year (yearly indicators: the evaluation year)."
            ),
        )
        style_form(self)


class CopyForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("For the year"), min_value=2000, max_value=2100)


class RoundForm(StyledFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(label=pgettext_lazy("evaluation", "Evaluation scheme"), queryset=None)
    name = forms.CharField(label=_("Round name"), max_length=80)
    year = forms.IntegerField(label=_("Evaluation year"), min_value=2000, max_value=2100)
    school_year = forms.ChoiceField(label=_("School year"), choices=())
    kinds = forms.MultipleChoiceField(
        label=_("Kinds of school evaluated"), choices=SchoolKind.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("Every open school of the chosen kinds within your remit is evaluated."),
    )  # fmt: skip

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["school_year"].choices = school_year_choices()


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=c.RoundStatus.choices)


class TierForm(StyledFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("Tier method"), choices=c.TierMethod.choices)
    excellent = forms.DecimalField(
        label=_("Excellent (quota % or threshold)"), min_value=0, max_value=100, initial=Decimal(20)
    )
    good = forms.DecimalField(
        label=_("Good (quota % or threshold)"), min_value=0, max_value=100, initial=Decimal(30)
    )
    improve = forms.DecimalField(
        label=_("Needs improvement quota (%, by quota)"),
        min_value=0,
        max_value=100,
        initial=Decimal(10),
        required=False,
    )
    passing = forms.DecimalField(
        label=_("Pass threshold (by score threshold)"),
        min_value=0,
        max_value=100,
        initial=Decimal(60),
        required=False,
    )


class ExpertForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Expert"), queryset=None)
    home_school = forms.ModelChoiceField(label=_("Home school (recused)"), queryset=None, required=False)

    def __init__(self, *args, users, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["home_school"].queryset = schools


class ExpertScoreForm(StyledFormMixin, forms.Form):
    criterion = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("Score"), min_value=0, max_value=100, decimal_places=2)
    comment = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("Spreadsheet file"), help_text=_("Excel (.xlsx)"))


class ExamUploadForm(UploadForm):
    full_mark = forms.DecimalField(
        label=_("Full mark per subject (new exams)"), min_value=1, max_value=1000, initial=Decimal(150)
    )


class ValueAddedForm(StyledFormMixin, forms.Form):
    prior = forms.ModelChoiceField(label=_("Baseline exam"), queryset=None)
    outcome = forms.ModelChoiceField(label=_("Outcome exam"), queryset=None)
    subject = forms.ChoiceField(label=pgettext_lazy("evaluation", "Subject"), required=False)

    def __init__(self, *args, exams, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prior"].queryset = exams
        self.fields["outcome"].queryset = exams
        self.fields["subject"].choices = [("", _("Total score"))] + [(s, s) for s in subjects]
