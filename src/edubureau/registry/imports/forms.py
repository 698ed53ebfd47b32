from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import StyledFormMixin
from edubureau.core.periods import SchoolYear, school_year_choices
from edubureau.registry.imports.schemas import ImportKind

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ImportForm(StyledFormMixin, forms.Form):
    """The upload of one import kind; students also name the school year their enrollments are for."""

    file = forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    school_year = forms.ChoiceField(label=_("School year"), choices=())
    dry_run = forms.BooleanField(label=_("Only check the file, import nothing"), required=False)

    def __init__(self, *args, kind: ImportKind, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind.per_school_year:
            self.fields["school_year"].choices = school_year_choices()
            self.fields["school_year"].initial = str(SchoolYear.current())
        else:
            del self.fields["school_year"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if name.endswith(".xls"):
            raise forms.ValidationError(
                _(
                    "This is an Excel 97-2003 (.xls) file. Save it as .xlsx in Excel or WPS and upload it again."
                )
            )
        if not name.endswith(".xlsx"):
            raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 50 MB; split it into several workbooks."))
        return upload
