"""The one audit mechanism: services call ``record`` for every change and workflow event."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from edubureau.core.models import AuditEntry

# Never written to the audit log, even encrypted: the log is readable by more people than the registry.
SECRET_FIELDS = {"id_number_encrypted", "id_number_hash", "password"}


def _json(value):
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    return value


def snapshot(obj: models.Model) -> dict:
    """The object's concrete field values as JSON-ready data (foreign keys as ids)."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name in {"created_at", "updated_at"}:
            continue
        value = getattr(obj, f.attname)
        if isinstance(f, models.DecimalField) and value is not None:
            # "5000" typed and "5000.0" read back are the same amount: compare at the field's precision.
            value = decimal.Decimal(value).quantize(decimal.Decimal(1).scaleb(-f.decimal_places))
        data[f.name] = _json(value)
    return data


def record(*, actor, action: str, obj: models.Model, before: dict | None = None, after: dict | None = None):
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=before,
        after=after,
    )


def record_many(*, actor, action: str, objs: Iterable[models.Model], batch_size: int = 2000) -> int:
    """One entry per created object, written in bulk (imports, the demo generator)."""
    objs = list(objs)
    if not objs:
        return 0
    ct = ContentType.objects.get_for_model(objs[0], for_concrete_model=True)
    actor = actor if actor is not None and actor.is_authenticated else None
    AuditEntry.objects.bulk_create(
        (
            AuditEntry(
                actor=actor,
                action=action,
                content_type=ct,
                object_id=str(o.pk),
                object_repr=str(o)[:200],
                after=snapshot(o),
            )
            for o in objs
        ),
        batch_size=batch_size,
    )
    return len(objs)


def history(obj: models.Model):
    """The audit entries of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
