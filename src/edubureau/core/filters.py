"""The base of every list filter (pages and API): numbers a client types must be whole and fit the database.

django-filter's ``NumberFilter`` takes any decimal (``?town=1e20``) and its ``ModelChoiceFilter`` looks up any
integer, so a number past the database's 64-bit range reached SQLite as an ``OverflowError`` (500). Here an
id or count that is not a whole number within that range is a form error: the API answers 400 naming the
parameter, a page ignores that filter and shows the message by its field.
"""

from __future__ import annotations

import django_filters as df
from django import forms
from django.db import models
from django_filters.filterset import FILTER_FOR_DBFIELD_DEFAULTS

# The widest integer column every supported database holds (SQLite INTEGER, PostgreSQL bigint).
DB_INT_MIN, DB_INT_MAX = -(2**63), 2**63 - 1


class DbIntegerField(forms.IntegerField):
    """A whole number a database integer column can hold."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", DB_INT_MIN)
        kwargs.setdefault("max_value", DB_INT_MAX)
        super().__init__(*args, **kwargs)


class DbModelChoiceField(forms.ModelChoiceField):
    """A model choice whose key is checked to be a storable whole number before it is looked up."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        key = str(value).strip()
        if not (key.lstrip("-").isdigit() and DB_INT_MIN <= int(key) <= DB_INT_MAX):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(key)


class IntegerFilter(df.NumberFilter):
    """``?school=3``: an id or a count."""

    field_class = DbIntegerField


class ModelChoiceFilter(df.ModelChoiceFilter):
    field_class = DbModelChoiceField


def _integer_defaults() -> dict:
    defaults = dict(FILTER_FOR_DBFIELD_DEFAULTS)
    for db_field, spec in FILTER_FOR_DBFIELD_DEFAULTS.items():
        if issubclass(db_field, models.IntegerField | models.AutoField):
            defaults[db_field] = {**spec, "filter_class": IntegerFilter}
        elif spec["filter_class"] is df.ModelChoiceFilter:
            defaults[db_field] = {**spec, "filter_class": ModelChoiceFilter}
    return defaults


class FilterSet(df.FilterSet):
    """A FilterSet whose generated filters for integer and foreign-key fields are the bounded ones."""

    FILTER_DEFAULTS = _integer_defaults()
