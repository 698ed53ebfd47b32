"""The one audit mechanism: services call ``record`` for every change and workflow event."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Sequence

from django.contrib.contenttypes.models import ContentType
from django.db import models

from edubureau.core import bulk, clock
from edubureau.core.models import AuditEntry

# Never written to the audit log, even encrypted: the log is readable by more people than the registry.
SECRET_FIELDS = {"id_number_encrypted", "id_number_hash", "password"}


def _json(value):
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.UTC).isoformat()  # one zone, so before and after compare
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return None
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile: its stored name
        return value.name or None
    return value


def snapshot(obj: models.Model) -> dict:
    """The object's concrete field values as JSON-ready data (foreign keys as ids)."""
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or f.name in {"created_at", "updated_at", "version"}:
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


_COLUMNS = ("actor_id", "at", "action", "content_type_id", "object_id", "object_repr", "before", "after")


def record_many(*, actor, action: str, objs: Iterable[models.Model]) -> int:
    """One entry per created object (its snapshot as "after"), written in multi-row INSERTs (imports)."""
    return record_changes(actor=actor, action=action, changes=[(o, None, snapshot(o)) for o in objs])


def record_changes(
    *, actor, action: str, changes: Sequence[tuple[models.Model, dict | None, dict | None]]
) -> int:
    """One entry per (object, before, after), written in multi-row INSERTs (bulk updates and creations)."""
    if not changes:
        return 0
    ct = ContentType.objects.get_for_model(changes[0][0], for_concrete_model=True)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = clock.now()
    rows = [(actor_id, now, action, ct.pk, str(o.pk), str(o)[:200], b, a) for o, b, a in changes]
    bulk.insert_rows(AuditEntry, _COLUMNS, rows, return_pks=False)
    return len(rows)


def history(obj: models.Model):
    """The audit entries of one object, newest first."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(obj.pk)).select_related("actor")
