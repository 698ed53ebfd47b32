"""The registry changes that make indicator values due for recomputation (see ``indicators.freshness``)."""

from __future__ import annotations

from django.db.models import F
from django.db.models.signals import post_delete, post_save

from edubureau.indicators import freshness, library
from edubureau.indicators.models import Freshness, IndicatorValue
from edubureau.registry import signals as registry_signals
from edubureau.registry.models import (
    Area,
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Student,
    Teacher,
)

#: Rows that carry their county: a change there touches that county only.
WITH_COUNTY = (School, SchoolClass, Teacher, Student, Enrollment)
#: Rows placed by area (a county, a town): any county, resolved when the change commits.
BY_AREA = (FinanceRecord, Population, Area)


def _row_changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # fixtures being loaded
        return
    freshness.changed([instance.county_id] if sender in WITH_COUNTY else None)


def _value_saved(sender, instance, **kwargs) -> None:
    """A value saved one by one (the admin, another app): what a process kept as stored is no longer sure."""
    if not kwargs.get("raw") and instance.indicator not in library.EXTERNAL:
        Freshness.objects.filter(county_id=instance.county_id).update(values_version=F("values_version") + 1)


def _imported(sender, counties=None, schools=None, **kwargs) -> None:
    freshness.changed(counties, schools)


def connect() -> None:
    for model in (*WITH_COUNTY, *BY_AREA):
        uid = f"indicators:freshness:{model._meta.label_lower}"
        post_save.connect(_row_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_row_changed, sender=model, dispatch_uid=uid)
    post_save.connect(_value_saved, sender=IndicatorValue, dispatch_uid="indicators:freshness:value")
    registry_signals.data_changed.connect(_imported, dispatch_uid="indicators:freshness:import")
