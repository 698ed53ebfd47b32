from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from edubureau.core.forms import StyledFormMixin
from edubureau.core.periods import SchoolYear, school_year_choices
from edubureau.registry.imports.schemas import ImportKind

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def xlsx_field() -> forms.FileField:
    return forms.FileField(
        label=_("Workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


def checked_xlsx(upload, *, max_bytes: int, too_large: str):
    """``upload`` if it is an .xlsx workbook of at most ``max_bytes``, checked before anything reads it."""
    name = upload.name.lower()
    if name.endswith(".xls"):
        raise forms.ValidationError(
            _("This is an Excel 97-2003 (.xls) file. Save it as .xlsx in Excel or WPS and upload it again.")
        )
    if not name.endswith(".xlsx"):
        raise forms.ValidationError(_("Upload an Excel workbook (.xlsx)."))
    if upload.size > max_bytes:
        raise forms.ValidationError(too_large)
    return upload


class ImportForm(StyledFormMixin, forms.Form):
    """The upload of one import kind; students also name the school year their enrollments are for."""

    file = xlsx_field()
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
        return checked_xlsx(
            self.cleaned_data["file"],
            max_bytes=MAX_UPLOAD_BYTES,
            too_large=_("The file is larger than 50 MB; split it into several workbooks."),
        )
