"""Indicators follow their data: a registry change queues a debounced recomputation of its county.

What triggers it (in a county whose values have been computed once): a saved or deleted registry row (school — its town, its facilities —, class, teacher,
student, enrolment, finance record, population, area), through the model signals, and an import, through
``registry.signals.data_changed`` (imports write in bulk, without model signals). The county's
``Freshness.changed_at`` moves on when the transaction commits.

Debounce: the first change queues one task, ``INDICATORS_RECOMPUTE_DELAY`` seconds later; changes while it
waits only move ``changed_at``, and the task waits again until the county has been quiet for the whole
window (at most ``INDICATORS_RECOMPUTE_MAX_WAIT``), so a session of edits or an import in batches gives one
recomputation. The recomputation is of that county only, every school year it has (the engine reads the
inputs of one county). Pages read ``state`` to say "正在重新计算" and "截至 <time>".
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F, Max

from edubureau.core import clock
from edubureau.indicators.models import Freshness, IndicatorValue, SchoolChange
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area

logger = logging.getLogger(__name__)

_pending = threading.local()
ANY = None  # "some county, which one is not known": every county


def delay() -> float:
    return float(getattr(settings, "INDICATORS_RECOMPUTE_DELAY", 30))


def max_wait() -> float:
    return float(getattr(settings, "INDICATORS_RECOMPUTE_MAX_WAIT", 300))


def changed(county_ids, schools: dict[int, set[int]] | None = None) -> None:
    """Note that the registry of these counties (an iterable of ids, or ``None``: any) changes in the current
    transaction; when it commits, their values become due for recomputation. Cheap: called on every save.

    ``schools`` (county id → school ids) says that a county's change is confined to those schools (an
    import names the schools of its rows); a county without an entry may have changed anywhere."""
    ids = getattr(_pending, "ids", None)
    if ids is None:
        ids = _pending.ids = set()
        _pending.schools = {}
    if county_ids is None:
        ids.add(ANY)
    else:
        for i in county_ids:
            if not i:
                continue
            first = i not in ids
            ids.add(i)
            mine = (schools or {}).get(i)
            known = set() if first else _pending.schools.get(i)
            _pending.schools[i] = None if mine is None or known is None else known | set(mine)
    transaction.on_commit(_flush)


def _flush() -> None:
    ids = getattr(_pending, "ids", None)
    if not ids:
        return
    scoped = getattr(_pending, "schools", {})
    _pending.ids, _pending.schools = set(), {}
    counties = Area.objects.filter(kind=AreaKind.COUNTY)
    if ANY not in ids:
        counties = counties.filter(pk__in=ids)
    county_ids = set(counties.values_list("pk", flat=True))
    # A county never computed has no values to go stale: its first computation is someone's decision
    # (``edubureau indicators compute``, the dashboard's button), not every save of a loader.
    done = set(
        Freshness.objects.filter(county_id__in=county_ids, computed_at__isnull=False).values_list(
            "county_id", flat=True
        )
    )
    county_ids = [
        i for i in sorted(county_ids) if i in done or IndicatorValue.objects.filter(county_id=i).exists()
    ]
    if not county_ids:
        return
    Freshness.objects.bulk_create([Freshness(county_id=i) for i in county_ids], ignore_conflicts=True)
    with transaction.atomic():
        locked = list(Freshness.objects.select_for_update().filter(county_id__in=county_ids).order_by("pk"))
        # the time of the change taken under the rows' lock: a recomputation that reads the school stamps
        # under it too (``services.indicators_compute_schools``) sees every stamp older than its start
        now = clock.now()
        for fresh in locked:
            mine = None if ANY in ids else scoped.get(fresh.county_id)
            before = fresh.changed_schools if fresh.pending else []
            schools = None if mine is None or before is None else sorted(set(before) | mine)
            Freshness.objects.filter(pk=fresh.pk).update(changed_at=now, changed_schools=schools)
            # the stamps a process that kept the county's inputs reads (``services.indicators_compute_schools``)
            if mine is None:
                Freshness.objects.filter(pk=fresh.pk).update(wide_changed_at=now)
                SchoolChange.objects.filter(county_id=fresh.county_id, changed_at__lt=now).delete()
            else:
                SchoolChange.objects.bulk_create(
                    [
                        SchoolChange(county_id=fresh.county_id, school_id=i, changed_at=now)
                        for i in sorted(mine)
                    ],
                    update_conflicts=True,
                    unique_fields=["county", "school"],
                    update_fields=["changed_at"],
                )
    for county_id in county_ids:
        # The one that turns ``queued`` on queues the task; the others find it queued.
        if Freshness.objects.filter(county_id=county_id, queued=False).update(queued=True):
            Freshness.objects.filter(county_id=county_id).update(queued_at=now)
            _queue(county_id, delay())


def _queue(county_id: int, seconds: float) -> None:
    from edubureau.indicators.tasks import recompute_task

    if seconds > 0:
        recompute_task.schedule(args=(county_id,), delay=seconds)
    else:
        recompute_task(county_id)


def recompute_due(county_id: int) -> bool:
    """The queued task: recompute the county once it has been quiet for the window; True if it ran."""
    from edubureau.indicators.services import indicators_compute_all, indicators_compute_schools

    fresh = Freshness.objects.select_related("county").get(county_id=county_id)
    if not fresh.pending:  # computed meanwhile (``edubureau indicators compute``, the dashboard's button)
        Freshness.objects.filter(pk=fresh.pk).update(queued=False)
        return False
    now = clock.now()
    quiet = (now - fresh.changed_at).total_seconds() if fresh.changed_at else delay()
    waited = (now - fresh.queued_at).total_seconds() if fresh.queued_at else 0
    if quiet < delay() and waited < max_wait():
        _queue(county_id, delay() - quiet)
        return False
    Freshness.objects.filter(pk=fresh.pk).update(queued=False, started_at=now)
    try:
        # Confined to a few schools since the inputs this process kept: only those schools are read again.
        if (
            fresh.changed_schools is None
            or indicators_compute_schools(actor=None, county=fresh.county) is None
        ):
            indicators_compute_all(actor=None, county_code=fresh.county.code)
    except Exception:
        logger.exception("recomputation of county %s failed", county_id)
        raise
    return True


def computed(county, started: dt.datetime) -> None:
    """A computation of ``county`` that began reading at ``started`` has stored its values. The schools
    changed meanwhile are not known apart from those read: a change since ``started`` makes it the county."""
    with transaction.atomic():
        fresh, _ = Freshness.objects.select_for_update().get_or_create(county=county)
        changed_since = fresh.changed_at is not None and fresh.changed_at > started
        fresh.computed_at, fresh.changed_schools = started, None if changed_since else []
        fresh.save(update_fields=["computed_at", "changed_schools"])


def values_written(county_id: int) -> int:
    """Note, inside the transaction that writes values of the county, that they change; the county's
    ``values_version`` after this write (the row lock held until commit makes it this write's number)."""
    Freshness.objects.bulk_create([Freshness(county_id=county_id)], ignore_conflicts=True)
    Freshness.objects.filter(county_id=county_id).update(values_version=F("values_version") + 1)
    return Freshness.objects.filter(county_id=county_id).values_list("values_version", flat=True).get()


def values_version(county_id: int, *, lock: bool = False) -> int | None:
    """The county's ``values_version``; with ``lock`` (inside the transaction that writes its values) its row
    is locked until commit, so no other write of the county's values can come between the check and the
    write."""
    qs = Freshness.objects.select_for_update() if lock else Freshness.objects
    return qs.filter(county_id=county_id).values_list("values_version", flat=True).first()


@dataclass(frozen=True)
class State:
    """What the pages say: the time the values shown stand as of, and whether newer data waits."""

    as_of: dt.datetime | None
    pending: bool
    running: bool
    changed_at: dt.datetime | None


def state() -> State:
    """The freshness of the stored values (every county: a district has one, a city a handful)."""
    rows = list(Freshness.objects.all())
    pending = [f for f in rows if f.pending]
    as_of = min((f.computed_at for f in rows if f.computed_at), default=None)
    if as_of is None:  # values computed before freshness was kept
        as_of = IndicatorValue.objects.aggregate(t=Max("computed_at"))["t"]
    return State(
        as_of=as_of,
        pending=bool(pending),
        running=any(
            f.started_at and (f.computed_at is None or f.started_at > f.computed_at) for f in pending
        ),
        changed_at=max((f.changed_at for f in pending), default=None),
    )
