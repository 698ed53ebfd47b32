"""Generic audited writes. Domain services call these so that every change lands in the audit log."""

from __future__ import annotations

from django.db import models, transaction

from edubureau.core import audit


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


@transaction.atomic
def object_create(*, actor, obj: models.Model) -> models.Model:
    """Validate, save and audit a new object."""
    obj.full_clean()
    obj.save()
    audit.record(actor=actor, action=_action(obj, "create"), obj=obj, after=audit.snapshot(obj))
    return obj


@transaction.atomic
def object_update(*, actor, obj: models.Model, data: dict) -> models.Model:
    """Apply ``data`` to ``obj``, validate, save, and audit before/after (nothing is written if unchanged)."""
    before = audit.snapshot(type(obj).objects.get(pk=obj.pk))
    for field, value in data.items():
        setattr(obj, field, value)
    obj.full_clean()
    after = audit.snapshot(obj)
    if after != before:
        obj.save()
        audit.record(actor=actor, action=_action(obj, "update"), obj=obj, before=before, after=after)
    return obj


@transaction.atomic
def object_delete(*, actor, obj: models.Model) -> None:
    audit.record(actor=actor, action=_action(obj, "delete"), obj=obj, before=audit.snapshot(obj))
    obj.delete()
