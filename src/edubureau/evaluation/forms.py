"""Forms of the evaluation pages; the schools, exams and people offered are those the user may see."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import StyledFormMixin, style_form
from edubureau.core.periods import school_year_choices
from edubureau.evaluation import choices as c
from edubureau.evaluation.models import Criterion
from edubureau.registry.choices import SchoolKind


class SchemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("方案名称"), max_length=80, initial="学校年度考评")
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


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
            label=_("指标"),
            required=False,
            choices=[("", "—")] + [(d.code, f"{d.name_zh}（{d.unit}）") for d in school_level],
            help_text=_("指标库中按学校计算的指标；计分取考评轮次所在学年（按年度的指标取考评年度）的值。"),
        )
        style_form(self)


class CopyForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("用于年度"), min_value=2000, max_value=2100)


class RoundForm(StyledFormMixin, forms.Form):
    scheme = forms.ModelChoiceField(label=_("评价方案"), queryset=None)
    name = forms.CharField(label=_("轮次名称"), max_length=80)
    year = forms.IntegerField(label=_("考评年度"), min_value=2000, max_value=2100)
    school_year = forms.ChoiceField(label=_("学年"), choices=())
    kinds = forms.MultipleChoiceField(
        label=_("参评学校类型"), choices=SchoolKind.choices, widget=forms.CheckboxSelectMultiple,
        help_text=_("所选类型中、您管辖范围内的全部在办学校参评。"),
    )  # fmt: skip

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["school_year"].choices = school_year_choices()


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=c.RoundStatus.choices)


class TierForm(StyledFormMixin, forms.Form):
    method = forms.ChoiceField(label=_("划分方式"), choices=c.TierMethod.choices)
    excellent = forms.DecimalField(
        label=_("优秀（比例%或分数线）"), min_value=0, max_value=100, initial=Decimal(20)
    )
    good = forms.DecimalField(
        label=_("良好（比例%或分数线）"), min_value=0, max_value=100, initial=Decimal(30)
    )
    improve = forms.DecimalField(
        label=_("待改进比例（%，按比例时）"), min_value=0, max_value=100, initial=Decimal(10), required=False
    )
    passing = forms.DecimalField(
        label=_("合格分数线（按分数线时）"), min_value=0, max_value=100, initial=Decimal(60), required=False
    )


class ExpertForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("专家"), queryset=None)
    home_school = forms.ModelChoiceField(label=_("所在学校（回避）"), queryset=None, required=False)

    def __init__(self, *args, users, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users
        self.fields["home_school"].queryset = schools


class ExpertScoreForm(StyledFormMixin, forms.Form):
    criterion = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    score = forms.DecimalField(label=_("得分"), min_value=0, max_value=100, decimal_places=2)
    comment = forms.CharField(label=_("评语"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criterion"].queryset = criteria


class UploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("电子表格文件"), help_text="Excel（.xlsx）")


class ExamUploadForm(UploadForm):
    full_mark = forms.DecimalField(
        label=_("单科满分（新考试）"), min_value=1, max_value=1000, initial=Decimal(150)
    )


class ValueAddedForm(StyledFormMixin, forms.Form):
    prior = forms.ModelChoiceField(label=_("起点考试"), queryset=None)
    outcome = forms.ModelChoiceField(label=_("终点考试"), queryset=None)
    subject = forms.ChoiceField(label=_("科目"), required=False)

    def __init__(self, *args, exams, subjects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["prior"].queryset = exams
        self.fields["outcome"].queryset = exams
        self.fields["subject"].choices = [("", _("总分"))] + [(s, s) for s in subjects]
