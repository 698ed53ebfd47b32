"""Forms of the preparation pages: a new competition, a 三考评 scheme, one teacher's score, the score upload.

Forms check the shape of what is typed; the rules (window order, one competition a year, weights summing to
100) are the services' (``staffing.preparation``), whose errors come back on the form's fields."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import StyledFormMixin, style_form
from edubureau.core.periods import SchoolYear, school_year_choices
from edubureau.registry.imports.forms import checked_xlsx, xlsx_field
from edubureau.staffing import choices as c

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
#: The score workbook is one row per teacher: a county's 5,000 teachers fit in well under a megabyte.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class CompetitionForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    kind = forms.ChoiceField(label=_("Kind"), choices=c.CompetitionKind.choices)
    school_year = forms.ChoiceField(label=_("School year"), choices=())
    scheme = forms.ModelChoiceField(label=_("Evaluation scheme"), queryset=None)
    choices_open = forms.DateTimeField(label=_("Choice window opens"), widget=DATETIME)
    choices_close = forms.DateTimeField(label=_("Choice window closes"), widget=DATETIME)
    appeals_close = forms.DateTimeField(
        label=_("Appeals close"),
        widget=DATETIME,
        help_text=_("Appeals are accepted from the publication of the results until this time."),
    )
    band_width = forms.DecimalField(
        label=_("score band for exchanges"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(20),
        decimal_places=1,
        initial=Decimal(5),
        help_text=_(
            "After round 2, teachers may exchange posts they both rank higher when their scores are in the "
            "same band of this many points (0: equal scores only; empty: no exchanges)."
        ),
    )

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = school_year_choices()
        self.fields["school_year"].initial = str(SchoolYear.current().next())
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].label_from_instance = lambda s: f"{s.name}（{s.school_year}）"


def _coefficient_field(grade) -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Coefficient for a school graded “{grade}”").format(grade=grade.label),
        min_value=Decimal("0.5"),
        max_value=Decimal("1.5"),
        decimal_places=2,
        initial=c.SCHOOL_GRADE_COEFFICIENT[grade.value],
    )


#: form field name → school grade (the grades are Chinese words; field names stay ASCII)
COEFFICIENT_FIELDS = {f"coefficient_{g.name.lower()}": g for g in c.SchoolGrade}


class SchemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80)
    school_year = forms.ChoiceField(label=_("School year"), choices=())
    weight_appraisal = forms.DecimalField(
        label=_("Weight of the school appraisal (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=60,
    )
    weight_record = forms.DecimalField(
        label=_("Weight of the teacher's record (%)"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        initial=40,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        for name, grade in COEFFICIENT_FIELDS.items():
            self.fields[name] = _coefficient_field(grade)
        self.fields["school_year"].choices = school_year_choices()
        self.fields["school_year"].initial = str(SchoolYear.current().next())
        if editing:
            del self.fields["school_year"]
        style_form(self)

    @classmethod
    def initial_of(cls, scheme) -> dict:
        data = {"name": scheme.name, "weight_appraisal": scheme.weight_appraisal,
                "weight_record": scheme.weight_record}  # fmt: skip
        for name, grade in COEFFICIENT_FIELDS.items():
            data[name] = scheme.coefficient(grade.value)
        return data

    def data_for_service(self) -> dict:
        d = self.cleaned_data
        out = {k: d[k] for k in ("name", "weight_appraisal", "weight_record") if k in d}
        if "school_year" in d:
            out["school_year"] = d["school_year"]
        out["coefficients"] = {grade.value: d[name] for name, grade in COEFFICIENT_FIELDS.items()}
        return out


class ScoreForm(StyledFormMixin, forms.Form):
    """One teacher's score typed on the page, the teacher named as in a row of the workbook."""

    name = forms.CharField(label=_("Teacher's name"), max_length=40)
    id_number = forms.CharField(label=_("ID number"), max_length=30, required=False)
    staff_number = forms.CharField(label=_("Staff number"), max_length=30, required=False)
    school = forms.CharField(
        label=_("School"), max_length=80, required=False, help_text=_("Needed with a staff number.")
    )
    appraisal = forms.DecimalField(label=_("Appraisal score"), min_value=0, max_value=100, decimal_places=2)
    award_points = forms.DecimalField(
        label=_("Award points"), min_value=0, max_value=100, decimal_places=2, required=False,
        help_text=_("Blank keeps what is stored."),
    )  # fmt: skip
    exchange_years = forms.IntegerField(
        label=_("Years of exchange service"), min_value=0, max_value=40, required=False,
        help_text=_("Blank keeps what is stored."),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        if not data.get("id_number") and not data.get("staff_number"):
            raise forms.ValidationError(_("Give the teacher's ID number, or her staff number and school."))
        return data

    def lookup(self) -> dict:
        """The fields as a workbook row has them (``imports.find_teacher``)."""
        d = self.cleaned_data
        return {"name": d["name"], "id_number": d.get("id_number") or None,
                "staff_number": d.get("staff_number") or None, "school": d.get("school") or None}  # fmt: skip


class ScoreUploadForm(StyledFormMixin, forms.Form):
    file = xlsx_field()

    def clean_file(self):
        return checked_xlsx(
            self.cleaned_data["file"],
            max_bytes=MAX_UPLOAD_BYTES,
            too_large=_(
                "The file is larger than 5 MB; a score workbook is one row per teacher: remove other sheets and pictures."
            ),
        )
