"""System checks: ``edubureau check`` — and every command, ``serve`` and ``migrate`` — run these first."""

from django.core.checks import Error, register
from django.db import DatabaseError
from django.utils import translation

from edubureau.core import crypto


@register()
def field_key_check(app_configs=None, databases=None, **kwargs) -> list[Error]:
    """edubureau.E001: the field key is malformed, missing or wrong for the stored ID numbers.

    Why an error that stops commands: with another key reveal and export cannot decrypt, and a re-import
    hashes the same ID number differently and registers the students a second time. Shown in Chinese and
    English, for whoever reads the terminal.
    """
    try:
        with translation.override("en"):
            english = crypto.field_key_problem()
        if english is None:
            return []
        with translation.override("zh-hans"):
            chinese = crypto.field_key_problem()
    except DatabaseError:
        return []  # no database yet: migrate and Django's own checks say so
    return [Error(f"{chinese}\n{english}", id="edubureau.E001")]
