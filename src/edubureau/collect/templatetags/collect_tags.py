"""Small helpers for the fill-in page: a table cell's input name, a row's value, a value as shown."""

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

register = template.Library()


@register.simple_tag
def cell_name(table: str, row: int, column: str) -> str:
    return f"{table}.{row}.{column}"


@register.filter
def get_item(row, key):
    return row.get(key) if isinstance(row, dict) else None


@register.filter
def shown(value):
    if value is None or value == "" or value == []:
        return "—"
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    if isinstance(value, list):
        return pgettext("list separator", ", ").join(str(v) for v in value)
    return value


@register.simple_tag
def file_of(files, value):
    """The stored file (``SubmissionFile``) a file field's value names, from the page's files by id."""
    return files.get(value) if isinstance(files, dict) and isinstance(value, int) else None
