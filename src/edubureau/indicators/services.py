"""Writes of the indicators app: compute a school year's values and store them, keeping superseded ones."""

from __future__ import annotations

import multiprocessing
import operator
import threading
from collections import OrderedDict, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, connections, transaction
from django.db.models import Max, Min

from edubureau.core import audit, clock
from edubureau.core.periods import SchoolYear
from edubureau.indicators import engine, freshness, library
from edubureau.indicators.models import Freshness, IndicatorValue, IndicatorValueHistory, SchoolChange
from edubureau.registry.choices import AreaKind
from edubureau.registry.models import Area, Enrollment

_Q = Decimal("0.000001")
BATCH = 2000


def _dec(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(repr(float(value))).quantize(_Q) if not isinstance(value, int) else Decimal(value)


@dataclass
class ComputeResult:
    county: str
    period: str
    values: int
    created: int
    changed: int
    removed: int

    def as_json(self) -> dict:
        return self.__dict__.copy()


def school_years_present() -> list[SchoolYear]:
    """The school years the registry has enrolments for, oldest first."""
    # one index lookup per school year (``enrollment_year_school_idx`` begins with it), not a DISTINCT
    # over every enrolment: 13 ms of an incremental recomputation for a district's 144,000
    years, last = [], ""
    while (
        y := Enrollment.objects.filter(school_year__gt=last).aggregate(y=Min("school_year"))["y"]
    ) is not None:
        years.append(y)
        last = y
    return [SchoolYear.parse(y) for y in years]


def latest_school_year() -> SchoolYear:
    y = Enrollment.objects.aggregate(y=Max("school_year"))["y"]
    return SchoolYear.parse(y) if y else SchoolYear.current()


def counties(code: str | None = None):
    qs = Area.objects.filter(kind=AreaKind.COUNTY).order_by("code")
    return qs.filter(code=code) if code else qs


def indicators_compute(
    *,
    actor,
    year: SchoolYear,
    county: Area,
    progress: Callable[[int, int], None] | None = None,
    rows: list[engine.Row] | None = None,
    stored: Stored | None = None,
    keep: dict | None = None,
    only: engine.Scopes | None = None,
    expect: int | None = None,
) -> ComputeResult:
    """Compute every library indicator of ``county`` for ``year`` and store it.

    Values are upserted on (indicator, period, scope); a value that changed, or a scope that no longer
    exists, is copied to ``IndicatorValueHistory`` first. The periods written are the school year and
    the calendar year it starts in (the finance indicators); only those periods of this county are
    touched. One audit entry per run (the county, what was written), not one per value.

    Only new, changed and moved rows (a school now in another town) are written; an unchanged value is left
    as it is, ``computed_at`` included, which is the time the figure was computed as it stands — so a value
    and its superseded ones cover time without gaps. Upserting every row made a recomputation slower than
    the first computation (PostgreSQL, city: 13.6–25.9 s against 12.6 s), and refreshing ``computed_at`` of
    the unchanged rows alone cost 3.1 s of it (an UPDATE rewrites the row and every index entry).

    ``stored``: the rows this process stored last time for these periods, when they are still what the
    database holds (``Stored.current``): only the rows that differ from them are compared with the stored
    values — reading and converting the county's values was half of an incremental recomputation. ``keep``
    gets this run's ``Stored``. ``expect``: the county's ``values_version`` that makes ``stored`` current, checked
    under the row's lock in the transaction that writes (``KeptRowsStale`` or a comparison with the database
    if another write came since).

    ``only`` (with ``stored``): ``rows`` are those of these scopes alone (``engine.evaluate(only=…)``); the
    stored rows outside them stand as they are, and a row of these scopes that ``rows`` lacks is removed.
    """
    if rows is None:
        rows = engine.compute(county=county, year=year)
    if progress:
        progress(1, 3)
    now = clock.now()
    periods = {str(year), str(year.start_year)}
    unique: dict[tuple, engine.Row] = {}
    for r in rows:
        unique.setdefault((r.indicator, r.period, r.scope_type, r.scope_code), r)
    raw = {k: _raw(r) for k, r in unique.items()} if stored is not None or keep is not None else {}
    compare = unique
    every = unique.keys()  # the rows of the periods after this run
    if only is not None:
        assert stored is not None, "an evaluation of some scopes is compared with the rows stored"
        raw = {k: v for k, v in stored.rows.items() if not only.covers(k[0], k[2], v[3], v[4])} | raw
        every = raw.keys()
    if stored is not None:
        compare = {k: r for k, r in unique.items() if stored.rows.get(k) != raw[k]}
    with transaction.atomic():
        if stored is not None and freshness.values_version(county.pk, lock=True) != expect:
            # another process wrote the county's values after the check that trusted them: compare with the
            # database (an evaluation of some scopes cannot stand alone, and is run again in full)
            if only is not None:
                raise KeptRowsStale
            stored, compare = None, unique
        if stored is None:
            existing = _stored_values(county, periods)
        else:
            existing = _stored_values(county, periods, compare.keys() | (stored.rows.keys() - every))
        # computed_at only for the values superseded (history keeps it): reading it for every value, a
        # datetime parsed per row on SQLite, was a fifth of an incremental recomputation.
        objs, history = [], []
        created = changed = 0
        for key, r in compare.items():
            value, num, den = _dec(r.value), _dec(r.numerator), _dec(r.denominator)
            old = existing.get(key)
            place = (r.area_id, r.school_id, r.class_id)
            if old is None:
                created += 1
            elif not (
                _same(old["value"], value) and _same(old["numerator"], num) and _same(old["denominator"], den)
            ):
                changed += 1
                history.append(old)
            elif (old["area_id"], old["school_id"], old["school_class_id"]) == place:
                continue  # unchanged and in the same place: nothing to write
            objs.append(
                IndicatorValue(
                    indicator=r.indicator,
                    period=r.period,
                    scope_type=r.scope_type,
                    scope_code=r.scope_code,
                    county=county,
                    area_id=r.area_id,
                    school_id=r.school_id,
                    school_class_id=r.class_id,
                    value=value,
                    numerator=num,
                    denominator=den,
                    computed_at=now,
                )
            )
        stale = [v for k, v in existing.items() if k not in every]
        history += stale
        superseded = _superseded(history, county=county, periods=periods)
        history = [_history({**v, **superseded[v["id"]]}, now) for v in history]
        IndicatorValueHistory.objects.bulk_create(history, batch_size=BATCH)
        if stale:
            IndicatorValue.objects.filter(pk__in=[v["id"] for v in stale]).delete()
        if progress:
            progress(2, 3)
        IndicatorValue.objects.bulk_create(
            objs,
            batch_size=BATCH,
            update_conflicts=True,
            unique_fields=["indicator", "period", "scope_type", "scope_code"],
            update_fields=["county", "area", "school", "school_class", "value", "numerator", "denominator", "computed_at"],
        )  # fmt: skip
        version = freshness.values_written(county.pk)
        result = ComputeResult(county.code, str(year), len(every), created, changed, len(stale))
        audit.record(actor=actor, action="indicators.compute", obj=county, after=result.as_json())
    if keep is not None:
        keep[str(year)] = Stored(version, raw)
    if progress:
        progress(3, 3)
    return result


class KeptRowsStale(Exception):
    """The rows this process kept are no longer what the database holds (``indicators_compute``)."""


@dataclass
class Stored:
    """The rows a process stored for a county and school year, as evaluated (before rounding), and the
    county's ``values_version`` after that write."""

    version: int
    rows: dict[tuple, tuple]


# a row as evaluated: its numbers before rounding and its place
_raw = operator.attrgetter("value", "numerator", "denominator", "area_id", "school_id", "class_id")


_FIELDS = ("id", "indicator", "period", "scope_type", "scope_code", "value", "numerator", "denominator",
           "area_id", "school_id", "school_class_id")  # fmt: skip
_FEW = 900  # scope codes to name in one query; more, and the county's values are read whole


def _stored_values(county, periods, keys=None) -> dict:
    """(indicator, period, scope type, scope code) → the stored value's fields, of the county's values in
    ``periods`` (those of other apps left out); of ``keys`` only when given. The numbers as the database
    returns them, unconverted (``_same``): Django's conversion of three decimals a row, for the ~10,000 values
    of a district's school year, was a sixth of a full recomputation."""
    qs = IndicatorValue.objects.filter(county=county, period__in=periods).exclude(
        indicator__in=library.EXTERNAL
    )
    if keys is not None:
        if not keys:
            return {}
        codes = {k[3] for k in keys}
        if len(codes) <= _FEW:
            qs = qs.filter(indicator__in={k[0] for k in keys}, scope_code__in=codes)
    sql, params = qs.order_by().values_list(*_FIELDS).query.sql_with_params()
    with connections[qs.db].cursor() as cursor:
        cursor.execute(sql, params)
        values = [dict(zip(_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    out = {(v["indicator"], v["period"], v["scope_type"], v["scope_code"]): v for v in values}
    return out if keys is None else {k: v for k, v in out.items() if k in keys}


def _same(stored, new: Decimal | None) -> bool:
    """Whether a stored number, as the database returned it (SQLite: the float or integer it keeps for a
    decimal, which it receives as text; PostgreSQL: a Decimal), is the one storing ``new`` would leave."""
    if stored is None or new is None:
        return stored is None and new is None
    return stored == (new if isinstance(stored, Decimal) else float(new))


def _superseded(values: list[dict], *, county, periods) -> dict:
    """id → the stored numbers (converted) and computed_at of ``values``, for the history (a few by id;
    many, as in a first recomputation, in one scan)."""
    if not values:
        return {}
    qs = IndicatorValue.objects.filter(county=county, period__in=periods)
    if len(values) <= 500:
        qs = qs.filter(pk__in=[v["id"] for v in values])
    return {v.pop("id"): v for v in qs.values("id", "value", "numerator", "denominator", "computed_at")}


def _history(old: dict, now) -> IndicatorValueHistory:
    return IndicatorValueHistory(
        indicator=old["indicator"],
        period=old["period"],
        scope_type=old["scope_type"],
        scope_code=old["scope_code"],
        value=old["value"],
        numerator=old["numerator"],
        denominator=old["denominator"],
        computed_at=old["computed_at"],
        superseded_at=now,
    )


def indicators_compute_all(
    *,
    actor,
    years: list[SchoolYear] | None = None,
    county_code: str | None = None,
    progress=None,
    workers: int = 1,
) -> list[ComputeResult]:
    """Compute every county (or one) for the given school years (default: every year with enrolments).

    The inputs of a school year are read for all the counties at once (``engine.compute_many``), then each
    county is evaluated and stored in its own transaction. Results come county by county, oldest year first.
    A county whose stored rows this process kept, still current (``_trusted``), is compared with them, as an
    incremental recomputation is: only the values that differ are read from the database.

    ``workers`` > 1: more counties than a process keeps inputs for (a province) are computed a school year
    per worker process, on PostgreSQL (``_compute_years_apart``).
    """
    started = clock.now()  # what is read from here on is in these values (changes before it, at least)
    every_year = not years  # only a computation of every year brings a county up to date
    years = years or school_years_present()
    targets = list(counties(county_code))
    results = []
    done, total = 0, len(targets) * len(years)
    read: dict[str, dict[int, engine.Inputs]] = {}
    keep = every_year and len(targets) <= _KEPT_COUNTIES
    stored: dict[int, dict[str, Stored]] = defaultdict(dict)
    trusted = {c.pk: _trusted(c.pk) for c in targets} if keep else {}
    # the values_version each county is at while the rows kept stand: the one the trust was checked against,
    # then the one this run's own write of the county leaves
    expect = {pk: max(s.version for s in kept.values()) for pk, kept in trusted.items() if kept}
    if not keep and workers > 1 and len(years) > 1 and _may_fork():
        results = _compute_years_apart(actor, years, county_code, progress, workers)
        years = []  # done
    for year in years:
        kept = read.setdefault(str(year), {}) if keep else None
        for county, rows in engine.compute_many(counties=targets, year=year, keep=kept):
            mine = stored[county.pk] if keep else None
            before = (trusted.get(county.pk) or {}).get(str(year))
            results.append(
                indicators_compute(
                    actor=actor,
                    year=year,
                    county=county,
                    rows=rows,
                    stored=before,
                    keep=mine,
                    expect=expect.get(county.pk),
                )
            )
            if mine is not None:
                expect[county.pk] = mine[str(year)].version
            done += 1
            if progress:
                progress(done, total)
    for county in targets if every_year else ():
        freshness.computed(county, started)
        if keep:
            _remember(county, started, {year: read[year][county.pk] for year in read}, stored[county.pk])
    order = {c.code: i for i, c in enumerate(targets)}
    results.sort(key=lambda r: (order[r.county], r.period))
    return results


def _may_fork() -> bool:
    """Worker processes need PostgreSQL (SQLite takes one writer at a time) and no open transaction (they
    would not see its rows)."""
    return (
        connection.vendor == "postgresql"
        and not connection.in_atomic_block
        and "fork" in multiprocessing.get_all_start_methods()
    )


def _compute_years_apart(actor, years, county_code, progress, workers: int) -> list[ComputeResult]:
    """Each school year in a worker process of its own (forked; a connection each), all the counties.

    Why by year and not by a slice of the counties: each worker then runs the queries the sequential run
    runs for its year — one scan of the enrolments and the students for all 84 counties —, where slices of
    counties would each scan the student table again. Two years, two workers: the two cores of a bureau's
    server each read and evaluate one year. Their writes touch different periods; a county's ``Freshness``
    row (``values_written``) is locked by one of them at a time, one county per transaction.
    """
    total = counties(county_code).count() * len(years)
    connections.close_all()  # not shared with the children: each opens its own
    results: list[ComputeResult] = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(
        max_workers=min(workers, len(years)), mp_context=context, initializer=_set_inherited_connections_aside
    ) as pool:
        pending = [pool.submit(_compute_year, actor, year, county_code) for year in years]
        for future in as_completed(pending):
            results += future.result()
            if progress:
                progress(len(results), total)
    return results


_inherited: list = []


def _set_inherited_connections_aside() -> None:
    """In a forked worker: a connection the parent still had open (another thread's context, a test's
    live server) is neither used — its answers would go to whichever process reads first — nor closed,
    which would end the parent's session on the socket they share. It is kept, unused, until the worker
    exits; the worker opens its own."""
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            _inherited.append(conn.connection)
            conn.connection = None


def _compute_year(actor, year: SchoolYear, county_code: str | None) -> list[ComputeResult]:
    try:
        return indicators_compute_all(actor=actor, years=[year], county_code=county_code)
    finally:
        connections.close_all()


# --------------------------------------------------------------------------- incremental recomputation
#
# After an import into one school, reading the whole county again is most of a recomputation's time. The
# process that computed a county keeps the inputs it read (``engine.Inputs`` per school year, a few thousand
# aggregates for a district), stamped with the time its values stand as of (``Freshness.computed_at``).
# When the changes since then are confined to some schools (``Freshness.changed_schools``, which imports
# fill), only those schools' rows are read again and merged in. While the rows this process stored are what
# the database holds (``Stored``), only the scopes the changed schools affect are evaluated again
# (``engine.Scopes``: those schools and their classes, their towns, the district and its levels, and the 编制
# of every school, which is the county's norm shared out): the town and district figures are sums over the
# schools' parts, the other schools' parts (class summaries, 优质均衡 values) kept from the last evaluation
# (``Inputs.memo``), and the 差异系数 is worked out again from the schools' values. Otherwise every value is
# evaluated and compared with the stored ones. Only the values that changed are written.

_KEPT_COUNTIES = 16  # a city's counties; a province's inputs are not kept (hundreds of MB)


@dataclass
class _Kept:
    stamp: object  # the time the values stand as of (``Freshness.computed_at``)
    inputs: dict[str, engine.Inputs]  # by school year
    stored: dict[str, Stored] | None  # by school year; None: another write came between this run's


_kept: OrderedDict[int, _Kept] = OrderedDict()  # by county id
_kept_lock = threading.Lock()  # a threaded server may run two computations at once


def _remember(county: Area, stamp, inputs: dict[str, engine.Inputs], stored: dict[str, Stored]) -> None:
    versions = sorted(s.version for s in stored.values())
    # this run's writes follow one another (no other write of the county between them): what they stored
    # is what the database holds as long as the county's values_version stays at the last of them
    alone = bool(versions) and versions == list(range(versions[0], versions[0] + len(versions)))
    with _kept_lock:
        _kept[county.pk] = _Kept(stamp, inputs, stored if alone else None)
        _kept.move_to_end(county.pk)
        while len(_kept) > _KEPT_COUNTIES:
            _kept.popitem(last=False)


def _trusted(county_id: int) -> dict[str, Stored] | None:
    """The rows this process stored for the county, by school year, while no other write of its values came
    since (``Freshness.values_version``); None otherwise."""
    with _kept_lock:
        kept = _kept.get(county_id)
    stored = kept.stored if kept is not None else None
    if stored and freshness.values_version(county_id) == max(s.version for s in stored.values()):
        return stored
    return None


def forget_inputs() -> None:
    """Drop the inputs kept for incremental recomputation (tests; after a restore)."""
    with _kept_lock:
        _kept.clear()


def indicators_compute_schools(*, actor, county: Area) -> list[ComputeResult] | None:
    """Recompute ``county`` reading again only the rows of the schools changed since the inputs this process
    kept (``SchoolChange``), whoever computed the county in between; None (nothing done) unless it kept
    them for every school year and no county-wide change came since (``Freshness.wide_changed_at``).

    The values it stored with them are compared against instead of the database's when no other write of
    the county's values came since (``Freshness.values_version``)."""
    with _kept_lock:
        kept = _kept.get(county.pk)
    years = school_years_present()
    if kept is None or any(str(y) not in kept.inputs for y in years):
        return None
    # under the lock ``freshness._flush`` stamps under: no stamp older than ``started`` is written later
    with transaction.atomic():
        fresh = Freshness.objects.select_for_update().filter(county=county).first()
        started = clock.now()
        if fresh is None or (fresh.wide_changed_at is not None and fresh.wide_changed_at >= kept.stamp):
            return None
        changed = SchoolChange.objects.filter(county=county, changed_at__gte=kept.stamp)
        school_ids = sorted(set(changed.values_list("school_id", flat=True)))
    try:
        return _compute_schools(actor, county, kept, years, school_ids, started)
    except KeptRowsStale:
        with _kept_lock:
            _kept.pop(county.pk, None)
        return None


def _compute_schools(actor, county, kept, years, school_ids, started) -> list[ComputeResult]:
    stored = _trusted(county.pk)
    expect = max(s.version for s in stored.values()) if stored else None
    results, inputs, keep = [], {}, {}
    for year in years:
        was = kept.inputs[str(year)]
        part = engine.load_inputs_many(counties=[county], year=year, school_ids=school_ids)[county.pk]
        inputs[str(year)] = now = engine.merge_inputs(was, part, school_ids)
        before = (stored or {}).get(str(year))
        only = None
        if before is not None:
            mine = set(school_ids)
            towns = {s["area_id"] for s in (*was.schools, *now.schools) if s["id"] in mine}
            only = engine.Scopes(frozenset(school_ids), frozenset(towns))
        rows = engine.evaluate(now, only) + engine.project_rows(county=county, year=year)
        results.append(
            indicators_compute(
                actor=actor,
                year=year,
                county=county,
                rows=rows,
                stored=before,
                keep=keep,
                only=only,
                expect=expect,
            )
        )
        expect = keep[str(year)].version
    freshness.computed(county, started)
    _remember(county, started, inputs, keep)
    return results
