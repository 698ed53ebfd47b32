"""The one audit mechanism: services call ``record`` for every change and workflow event."""

from __future__ import annotations

import datetime as dt
import decimal
import functools
import importlib
import operator
from collections.abc import Iterable, Sequence

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.utils.translation import pgettext_lazy

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


def record_created(
    *,
    actor,
    action: str,
    model: type[models.Model],
    attnames: Sequence[str],
    rows: Sequence[Sequence],
    pks: Sequence,
    repr_of=str,
) -> int:
    """One "create" entry per row that ``bulk.insert_values(model, attnames, rows)`` inserted with ``pks``:
    the entry ``record_many`` writes for the same object (its ``snapshot`` as "after"), built from the row
    tuples instead of model instances. ``repr_of(row)`` is the object's name (its ``str``)."""
    if not rows:
        return 0
    position = {name: i for i, name in enumerate(attnames)}
    fields = [
        f
        for f in model._meta.concrete_fields
        if f.name not in SECRET_FIELDS and f.name not in {"created_at", "updated_at", "version"}
    ]
    missing = [f.attname for f in fields if not f.primary_key and f.attname not in position]
    defaults = dict(zip(missing, bulk.column_defaults(model, missing), strict=True))
    # Per field: its index in the row, -1 for the primary key, or None for a default (the same every row).
    plan = []
    for f in fields:
        index = -1 if f.primary_key else position.get(f.attname)
        decimal_places = f.decimal_places if isinstance(f, models.DecimalField) else None
        plan.append((f.name, index, decimal_places, None if index is not None else defaults[f.attname]))
    if any(d is not None for _, _, d, _ in plan):  # decimals need snapshot()'s quantising: the slow way
        objs = []
        for row, pk in zip(rows, pks, strict=True):
            obj = model(**dict(zip(attnames, row, strict=True)))
            obj.pk = pk
            objs.append(obj)
        return record_many(actor=actor, action=action, objs=objs)
    constant = {name: _json(default) for name, index, _, default in plan if index is None}
    varying = [(name, index) for name, index, _, _ in plan if index is not None and index != -1]
    names = [name for name, _ in varying]
    values = operator.itemgetter(*[index for _, index in varying]) if varying else (lambda row: ())
    # Columns whose values json cannot take as they are (dates): converted once per distinct value.
    by_name = {f.name: f for f in fields}
    plain = (models.CharField, models.TextField, models.IntegerField, models.BooleanField, models.ForeignKey)
    converted = [name for name in names if not isinstance(by_name[name], plain)]
    pk_name = next((name for name, index, _, _ in plan if index == -1), None)
    connection = connections[router.db_for_write(AuditEntry)]
    ct = ContentType.objects.get_for_model(model, for_concrete_model=True)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    now = clock.now()
    entries = []
    shown: dict = {}
    for row, pk in zip(rows, pks, strict=True):
        got = values(row)
        after = dict(zip(names, got if len(names) > 1 else (got,), strict=True))
        for name in converted:
            value = after[name]
            if value is not None:
                try:
                    after[name] = shown[value]
                except KeyError:
                    after[name] = shown[value] = _json(value)
                except TypeError:  # unhashable (a JSON list or dict): as it is
                    after[name] = _json(value)
        if pk_name is not None:
            after[pk_name] = pk
        after.update(constant)
        json_after = connection.ops.adapt_json_value(after, None)
        entries.append((actor_id, now, action, ct.pk, str(pk), repr_of(row)[:200], None, json_after))
    bulk.insert_rows(AuditEntry, _COLUMNS, entries, return_pks=False, prepared=("after",))
    return len(entries)


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


# --- what entries read as ------------------------------------------------------------------------------
# Each app declares, in its ``choices.py``: ``AUDIT_ACTIONS`` (action code → event name), and optionally
# ``AUDIT_KEYS`` (a before/after key that is no model field → its label) and ``AUDIT_VALUES`` (key → the
# choices its codes are shown by). Plain ``<app>.<model>.create|update|delete`` read from the model's name.

GENERIC_ACTIONS = {
    "create": pgettext_lazy("audit event", "Created {model}"),
    "update": pgettext_lazy("audit event", "Changed {model}"),
    "delete": pgettext_lazy("audit event", "Deleted {model}"),
}


def _declared(name: str) -> dict:
    merged: dict = {}
    for config in django_apps.get_app_configs():
        if config.name.startswith("edubureau."):
            try:
                module = importlib.import_module(f"{config.name}.choices")
            except ModuleNotFoundError:
                continue
            merged.update(getattr(module, name, {}))
    return merged


@functools.cache
def action_labels() -> dict:
    return _declared("AUDIT_ACTIONS")


@functools.cache
def key_labels() -> dict:
    return _declared("AUDIT_KEYS")


@functools.cache
def value_labels() -> dict:
    return {key: dict(choices) for key, choices in _declared("AUDIT_VALUES").items()}


def action_label(code: str) -> str | None:
    """The event name of an action code, or None when nothing declares it."""
    if code in action_labels():
        return str(action_labels()[code])
    app_label, _, rest = code.partition(".")
    model_name, _, verb = rest.rpartition(".")
    if verb in GENERIC_ACTIONS:
        try:
            model = django_apps.get_model(app_label, model_name)
        except (LookupError, ValueError):
            return None
        return str(GENERIC_ACTIONS[verb]).format(model=model._meta.verbose_name)
    return None
