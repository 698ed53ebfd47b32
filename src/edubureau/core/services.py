"""Generic audited writes. Domain services call these so that every change lands in the audit log."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from edubureau.core import audit
from edubureau.core.models import BaseModel

# Kept by the save itself, never compared: a row is "changed" by what people edit.
_BOOKKEEPING = {"created_at", "updated_at"}


def _action(obj: models.Model, verb: str) -> str:
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"


@transaction.atomic
def object_create(*, actor, obj: models.Model) -> models.Model:
    """Validate, save and audit a new object."""
    obj.full_clean()
    obj.save()
    audit.record(actor=actor, action=_action(obj, "create"), obj=obj, after=audit.snapshot(obj))
    return obj


class StaleVersionError(ValidationError):
    """An edit made on a version of the row that someone else has changed since it was read."""

    def __init__(self):
        super().__init__(
            _("This record has been changed by someone else; reload it and try again."), code="stale"
        )


@transaction.atomic
def object_update(*, actor, obj: models.Model, data: dict, version: int | None = None) -> models.Model:
    """Apply ``data`` to ``obj``, validate, save the fields that changed, and audit before/after.

    The row is read again under a lock (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite's IMMEDIATE
    transactions hold the write lock already), so concurrent edits of one row run one after another and
    a field this edit does not change keeps what someone else wrote meanwhile: only changed fields are
    saved, and ``obj`` comes back as the row now stored. ``version`` is the version the editor read (the
    API's If-Match, the edit page's hidden field): if the row has moved on since, ``StaleVersionError``
    and nothing is written. Nothing is written either when nothing changes.
    """
    model = type(obj)
    current = model._base_manager.select_for_update().get(pk=obj.pk)
    versioned = issubclass(model, BaseModel)
    if version is not None and versioned and current.version != version:
        raise StaleVersionError
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    bookkeeping = _BOOKKEEPING | {"version"} if versioned else _BOOKKEEPING
    for field in fields:
        if field.name not in data:
            setattr(obj, field.attname, getattr(current, field.attname))
    for name, value in data.items():
        setattr(obj, name, value)
    obj.full_clean()
    changed = [
        f.name
        for f in fields
        if f.name not in bookkeeping and getattr(obj, f.attname) != getattr(current, f.attname)
    ]
    if not changed:
        return obj
    changed += [f.name for f in fields if f.name in bookkeeping - {"created_at"}]
    obj.save(update_fields=changed)  # BaseModel.save counts the version on from the current one
    before, after = audit.snapshot(current), audit.snapshot(obj)
    audit.record(actor=actor, action=_action(obj, "update"), obj=obj, before=before, after=after)
    return obj


@transaction.atomic
def object_delete(*, actor, obj: models.Model) -> None:
    audit.record(actor=actor, action=_action(obj, "delete"), obj=obj, before=audit.snapshot(obj))
    obj.delete()
