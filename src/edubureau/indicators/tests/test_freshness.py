"""Indicators follow their data: a registry edit or an import queues a debounced recomputation of the
county; pages say when the values stand and that newer data is being recomputed."""

import datetime as dt

import pytest

from edubureau.core import clock
from edubureau.core.services import object_update
from edubureau.indicators import engine, freshness
from edubureau.indicators.models import Freshness, IndicatorValue
from edubureau.indicators.services import forget_inputs, indicators_compute_all, school_years_present
from edubureau.indicators.tests.test_engine import Y, small  # noqa: F401 (fixture)
from edubureau.registry.imports.services import import_run
from edubureau.registry.imports.tests.workbooks import STUDENT_HEADER, student_row, write_xlsx

pytestmark = [pytest.mark.django_db, pytest.mark.urls("edubureau.indicators.tests.urls")]

T0 = dt.datetime(2019, 6, 28, 1, 0, tzinfo=dt.UTC)  # 09:00 in 泉州


def _at(minutes: float):
    return clock.frozen(T0 + dt.timedelta(minutes=minutes))


@pytest.fixture
def computed(small):  # noqa: F811
    with _at(0):
        indicators_compute_all(actor=None, years=[Y])
    return small


@pytest.fixture
def queued(monkeypatch):
    """The tasks queued (county id, delay) instead of run: the debounce seen from outside."""
    calls = []
    monkeypatch.setattr(freshness, "_queue", lambda county_id, seconds: calls.append((county_id, seconds)))
    return calls


def test_a_school_moving_town_recomputes_its_values(computed, staff, django_capture_on_commit_callbacks):
    school = computed.school
    assert (
        IndicatorValue.objects.filter(school=school, scope_type="school").first().area_id == computed.town.pk
    )
    # when the school changes town (tests run the task at once: no debounce delay)
    with _at(5), django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=school, data={"area": computed.other_town})
    # then its values stand in the new town, and the county is up to date as of the recomputation
    moved = IndicatorValue.objects.filter(school=school, scope_type="school")
    assert moved.exists() and {v.area_id for v in moved} == {computed.other_town.pk}
    fresh = Freshness.objects.get(county=computed.county)
    assert fresh.changed_at == T0 + dt.timedelta(minutes=5) and fresh.computed_at >= fresh.changed_at
    assert not fresh.pending and not fresh.queued


def test_many_edits_in_the_window_give_one_recomputation(
    computed, staff, settings, queued, django_capture_on_commit_callbacks
):
    settings.INDICATORS_RECOMPUTE_DELAY = 30
    county = computed.county
    # ten edits, each its own transaction, ten seconds apart
    for i in range(10):
        moment = T0 + dt.timedelta(minutes=1, seconds=10 * i)
        with clock.frozen(moment), django_capture_on_commit_callbacks(execute=True):
            object_update(actor=staff, obj=computed.school, data={"name": f"泉港一中附小{i}"})
    assert queued == [(county.pk, 30)]  # one task, queued by the first edit
    fresh = Freshness.objects.get(county=county)
    assert fresh.pending and fresh.changed_at == T0 + dt.timedelta(minutes=1, seconds=90)
    # the task comes 30 s after the first edit: the county is not quiet yet, it waits for the rest
    with clock.frozen(T0 + dt.timedelta(minutes=1, seconds=30)):
        assert freshness.recompute_due(county.pk) is False
    assert queued[-1] == (county.pk, 90 - 30 + 30)
    # quiet for the window: one recomputation, and the values know the last name
    with clock.frozen(T0 + dt.timedelta(minutes=1, seconds=120)):
        assert freshness.recompute_due(county.pk) is True
    fresh.refresh_from_db()
    assert not fresh.pending and not fresh.queued
    # a task that comes when the values are already current does nothing
    with _at(10):
        assert freshness.recompute_due(county.pk) is False


def test_edits_that_never_stop_are_recomputed_after_the_longest_wait(
    computed, staff, settings, queued, django_capture_on_commit_callbacks
):
    settings.INDICATORS_RECOMPUTE_DELAY, settings.INDICATORS_RECOMPUTE_MAX_WAIT = 30, 300
    with _at(1), django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=computed.school, data={"name": "甲"})
    with _at(6), django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=computed.school, data={"name": "乙"})
    with _at(6.1):  # changed 6 s ago, but queued 5 minutes ago
        assert freshness.recompute_due(computed.county.pk) is True


def test_an_import_marks_its_county_changed(
    computed, staff, tmp_path, queued, django_capture_on_commit_callbacks
):
    path = write_xlsx(tmp_path / "s.xlsx", [STUDENT_HEADER, student_row(computed.school.code, 1)])
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        assert import_run(actor=staff, kind="students", source=path, school_year=str(Y)).ok
    fresh = Freshness.objects.get(county=computed.county)
    assert fresh.pending and fresh.changed_at == T0 + dt.timedelta(minutes=3)
    assert queued == [(computed.county.pk, 0)]


def test_pages_say_as_of_when_and_that_newer_data_is_being_recomputed(
    client, computed, leader, staff, queued, django_capture_on_commit_callbacks
):
    client.force_login(leader)
    pages = (
        "/indicators/",
        "/indicators/class-size/",
        "/indicators/balance/",
        "/indicators/data-quality/",
        "/indicators/library/",
        "/indicators/library/class_size/",
    )
    for url in pages:
        html = client.get(url, {"year": str(Y)}, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "截至 2019年6月28日 09:00" in html, url
        assert "正在重新计算" not in html
    quality = client.get("/indicators/data-quality/", {"year": str(Y)}).content.decode()
    assert 'data-testid="checked"' in quality and "尚未重新核对" not in quality
    # when the registry changes
    with _at(20), django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=computed.school, data={"name": "新名"})
    for url in pages:
        html = client.get(url, {"year": str(Y)}).content.decode()
        assert "数据已更新，正在重新计算" in html and "截至 2019年6月28日 09:00" in html, url
    quality = client.get("/indicators/data-quality/", {"year": str(Y)}).content.decode()
    assert "尚未重新核对" in quality and "2019年6月28日 09:20" in quality


def test_a_county_never_computed_is_left_alone(district, staff, queued, django_capture_on_commit_callbacks):
    # loaders and fixtures save row by row before anyone computes: nothing goes stale, nothing is queued
    with django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=district.school, data={"name": "新名"})
    assert queued == [] and not Freshness.objects.exists()


def _fixture_committed() -> None:
    """The changes the fixtures made count as committed before the computation (in a test transaction
    their on-commit callbacks never run)."""
    freshness._pending.ids, freshness._pending.schools = set(), {}


def _import_into(school, tmp_path, n: int, staff, first: int = 100):
    rows = [student_row(school.code, first + i, klass="9班") for i in range(n)]
    path = write_xlsx(tmp_path / f"s{n}.xlsx", [STUDENT_HEADER, *rows])
    assert import_run(actor=staff, kind="students", source=path, school_year=str(Y)).ok


def _values(county) -> dict:
    return {
        (v.indicator, v.period, v.scope_type, v.scope_code): (v.value, v.numerator, v.denominator)
        for v in IndicatorValue.objects.filter(county=county)
    }


def test_after_an_import_into_one_school_only_that_school_is_read_again(
    computed, staff, tmp_path, queued, monkeypatch, django_capture_on_commit_callbacks
):
    # given values of every school year computed in this process, and 3 pupils imported into one school
    _fixture_committed()
    with _at(1):
        indicators_compute_all(actor=None)
    years = len(school_years_present())
    school = computed.school
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        _import_into(school, tmp_path, 3, staff)
    assert Freshness.objects.get(county=computed.county).changed_schools == [school.pk]
    reads = []
    real = engine.load_inputs_many
    monkeypatch.setattr(
        engine, "load_inputs_many", lambda **kw: reads.append(kw.get("school_ids")) or real(**kw)
    )
    # when the recomputation runs
    with _at(10):
        assert freshness.recompute_due(computed.county.pk)
    # then it read that school's rows only (in each school year), and stored what a full computation gives
    assert reads == [[school.pk]] * years
    fresh = Freshness.objects.get(county=computed.county)
    assert not fresh.pending and fresh.changed_schools == []
    incremental = _values(computed.county)
    assert incremental[("entrants_primary", str(Y), "district", computed.county.code)][0] == 57 + 46 + 3
    with _at(20):
        results = indicators_compute_all(actor=None)
    assert {(r.created, r.changed, r.removed) for r in results} == {(0, 0, 0)}
    assert _values(computed.county) == incremental


def test_an_edit_or_inputs_not_kept_mean_the_whole_county_is_read(
    computed, staff, tmp_path, queued, monkeypatch, django_capture_on_commit_callbacks
):
    _fixture_committed()
    with _at(1):
        indicators_compute_all(actor=None)
    years = len(school_years_present())
    reads = []
    real = engine.load_inputs_many
    monkeypatch.setattr(
        engine, "load_inputs_many", lambda **kw: reads.append(kw.get("school_ids")) or real(**kw)
    )
    # an edit through a form: which rows it touches is not tracked, so the county is read whole
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=computed.school, data={"name": "改名小学"})
    assert Freshness.objects.get(county=computed.county).changed_schools is None
    with _at(10):
        assert freshness.recompute_due(computed.county.pk)
    assert reads == [None] * years
    # an import, but this process did not keep the inputs (another worker computed them): read whole
    with _at(13), django_capture_on_commit_callbacks(execute=True):
        _import_into(computed.school, tmp_path, 2, staff)
    forget_inputs()
    with _at(20):
        assert freshness.recompute_due(computed.county.pk)
    assert reads == [None] * 2 * years
    assert Freshness.objects.get(county=computed.county).changed_schools == []


def _whole_reads(queries) -> int:
    """SELECTs of the county's stored values that name neither scopes nor ids: reads of them all."""
    return sum(
        q["sql"].startswith("SELECT")
        and 'FROM "indicators_indicatorvalue"' in q["sql"]
        and '"scope_code" IN' not in q["sql"]
        and '"id" IN' not in q["sql"]
        for q in queries
    )


def test_a_recomputation_compares_with_what_it_stored_until_another_write_of_the_values(
    computed, staff, tmp_path, queued, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # given values of every school year computed (and kept) in this process
    _fixture_committed()
    with _at(1):
        indicators_compute_all(actor=None)
    county, school = computed.county, computed.school
    # a recomputation after an import reads the stored values that differ from what it stored, not all
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        _import_into(school, tmp_path, 3, staff)
    stored = IndicatorValue.objects.filter(county=county).count()
    with _at(10), CaptureQueriesContext(connection) as ctx:
        assert freshness.recompute_due(county.pk)
    assert _whole_reads(ctx.captured_queries) == 0
    incremental = _values(county)
    # when a value is saved by someone else (the admin), and another import comes
    other = IndicatorValue.objects.filter(county=county, scope_type="school").exclude(school=school).first()
    right = other.value
    other.value = right + 1000
    other.save()
    with _at(13), django_capture_on_commit_callbacks(execute=True):
        _import_into(school, tmp_path, 2, staff, first=200)
    with _at(20), CaptureQueriesContext(connection) as ctx:
        assert freshness.recompute_due(county.pk)
    # then that recomputation read the stored values whole and put the figure right
    other.refresh_from_db()
    assert other.value == right
    assert stored > 0 and _whole_reads(ctx.captured_queries) == len(school_years_present())
    with _at(30):
        results = indicators_compute_all(actor=None)
    assert {(r.created, r.changed, r.removed) for r in results} == {(0, 0, 0)}
    assert _values(county) != incremental  # the import of 2 moved them on


def test_an_incremental_recomputation_evaluates_the_changed_schools_scopes_and_stores_a_full_ones_values(
    computed, staff, tmp_path, queued, monkeypatch, django_capture_on_commit_callbacks
):
    from edubureau.indicators import services

    # given values of every school year computed (and kept) in this process, and 15 pupils imported into
    # one primary school of 山腰: of the county's 11 小学 编制 (194 → 209 pupils at 1:19) it now gets one
    # more, and the 教学点 in the same town, whose pupils did not change, one fewer (3 → 2)
    _fixture_committed()
    with _at(1):
        indicators_compute_all(actor=None)
    county, school = computed.county, computed.school
    point = ("staffing_norm", str(Y), "school", computed.other_school.code)
    assert _values(county)[point][0] == 3
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        _import_into(school, tmp_path, 15, staff)
    evaluated = []
    real = engine.evaluate
    monkeypatch.setattr(
        engine,
        "evaluate",
        lambda inputs, only=None: evaluated.append((only, real(inputs, only))) or real(inputs, only),
    )
    # when the recomputation runs
    with _at(10):
        assert freshness.recompute_due(county.pk)
    # then each school year was evaluated for that school, its town, the district and its levels, and
    # the 编制 of every school and town (the county's norm shared out), not for the other schools
    assert len(evaluated) == len(school_years_present())
    for only, rows in evaluated:
        assert only == engine.Scopes(frozenset({school.pk}), frozenset({school.area_id}))
        others = {
            (r.scope_type, r.indicator)
            for r in rows
            if (r.scope_type in ("school", "class") and r.school_id != school.pk)
            or (r.scope_type == "town" and r.area_id != school.area_id)
        }
        assert others and {i for _, i in others} <= engine.COUNTY_WIDE
        assert {t for t, _ in others} == {"school", "town"}
    kept = {year: s.rows for year, s in services._kept[county.pk].stored.items()}
    incremental = _values(county)
    # and every row it keeps as stored is, to the last bit, what a full evaluation of the county gives,
    # and so is every stored value after a full recomputation in a process that kept nothing
    for year in school_years_present():
        full = engine.evaluate(engine.load_inputs(county=county, year=year))
        full += engine.project_rows(county=county, year=year)
        assert kept[str(year)] == {
            (r.indicator, r.period, r.scope_type, r.scope_code): services._raw(r) for r in full
        }
    forget_inputs()
    with _at(20):
        results = indicators_compute_all(actor=None)
    assert {(r.created, r.changed, r.removed) for r in results} == {(0, 0, 0)}
    assert _values(county) == incremental
    assert incremental[("entrants_primary", str(Y), "school", school.code)][0] == 57 + 15
    assert incremental[point][0] == 2


def test_after_another_process_computed_the_county_only_the_schools_changed_since_the_kept_inputs_are_read(
    computed, staff, tmp_path, queued, monkeypatch, django_capture_on_commit_callbacks
):
    from edubureau.indicators import services
    from edubureau.indicators.models import SchoolChange

    # given values of every school year computed (and the inputs kept) in this process
    _fixture_committed()
    with _at(1):
        indicators_compute_all(actor=None)
    years = len(school_years_present())
    county, first, second = computed.county, computed.school, computed.other_school
    # an import into one school, then another process (the CLI, a second worker: its own memory) computes
    # the county, then an import into another school
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        _import_into(first, tmp_path, 3, staff)
    ours = dict(services._kept)
    forget_inputs()
    with _at(5):
        indicators_compute_all(actor=None)
    services._kept.clear()
    services._kept.update(ours)
    with _at(7), django_capture_on_commit_callbacks(execute=True):
        _import_into(second, tmp_path, 2, staff, first=300)
    assert Freshness.objects.get(county=county).changed_schools == [second.pk]
    assert set(SchoolChange.objects.filter(county=county).values_list("school_id", flat=True)) == {
        first.pk,
        second.pk,
    }
    reads = []
    real = engine.load_inputs_many
    monkeypatch.setattr(
        engine, "load_inputs_many", lambda **kw: reads.append(kw.get("school_ids")) or real(**kw)
    )
    # when this process recomputes
    with _at(10):
        assert freshness.recompute_due(county.pk)
    # then it read again only the two schools changed since its inputs (not the whole county), and stored
    # what a full computation gives
    assert [sorted(r) for r in reads] == [sorted([first.pk, second.pk])] * years
    incremental = _values(county)
    forget_inputs()
    with _at(20):
        results = indicators_compute_all(actor=None)
    assert {(r.created, r.changed, r.removed) for r in results} == {(0, 0, 0)}
    assert _values(county) == incremental
    # a county-wide change (an edit) since the inputs this process kept means the county is read whole,
    # even when another process computed it in between and only an import came after (the stamps older
    # than the edit are pruned)
    with _at(23), django_capture_on_commit_callbacks(execute=True):
        object_update(actor=staff, obj=first, data={"name": "改名小学"})
    assert not SchoolChange.objects.filter(county=county).exists()
    forget_inputs()
    with _at(24):
        indicators_compute_all(actor=None)
    with _at(25), django_capture_on_commit_callbacks(execute=True):
        _import_into(second, tmp_path, 1, staff, first=400)
    assert Freshness.objects.get(county=county).changed_schools == [second.pk]
    reads.clear()
    services._kept.clear()
    services._kept.update(ours)  # this process's inputs, from before the edit
    with _at(30):
        assert freshness.recompute_due(county.pk)
    assert reads == [None] * years


def test_a_write_of_the_values_after_the_kept_rows_were_trusted_makes_the_recomputation_a_full_one(
    computed, staff, tmp_path, queued, monkeypatch, django_capture_on_commit_callbacks
):
    from edubureau.indicators import services

    # given values computed and kept in this process, and an import into one school
    _fixture_committed()
    with _at(1):
        indicators_compute_all(actor=None)
    county, school = computed.county, computed.school
    with _at(3), django_capture_on_commit_callbacks(execute=True):
        _import_into(school, tmp_path, 3, staff)
    other = IndicatorValue.objects.filter(county=county, scope_type="school").exclude(school=school).first()
    right = other.value
    real = services._trusted

    def trusted_then_overwritten(county_id):
        kept = real(county_id)  # the kept rows are current when checked ...
        other.value = right + 1000  # ... and another process writes a value of the county right after
        other.save()
        return kept

    monkeypatch.setattr(services, "_trusted", trusted_then_overwritten)
    # when the recomputation runs
    with _at(10):
        assert freshness.recompute_due(county.pk)
    # then the write was seen inside the transaction that stores: the county was computed in full, against
    # the database, and the overwritten figure put right
    other.refresh_from_db()
    assert other.value == right
    monkeypatch.setattr(services, "_trusted", real)
    forget_inputs()
    with _at(20):
        results = indicators_compute_all(actor=None)
    assert {(r.created, r.changed, r.removed) for r in results} == {(0, 0, 0)}
