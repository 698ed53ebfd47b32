"""Form helpers shared by every app's pages."""

from __future__ import annotations

from django import forms


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """Give each widget the Tabler (Bootstrap 5) class it needs, so that templates stay generic."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect):  # radios and checkbox lists too
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        existing = widget.attrs.get("class", "")
        if css not in existing.split():
            widget.attrs["class"] = f"{existing} {css}".strip()
    return form


class StyledFormMixin:
    """A form whose widgets carry the Tabler classes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
