"""A plan target's value: its actual, where the actual comes from, its gap and its light — one answer that
every page, export and document shows (``planning.selectors.target_values`` gathers the inputs).

The rules, in one place:

- **The computed value wins.** A target bound to a library indicator (``Target.indicator_code``) takes the
  indicator's district value for the plan's year (the school year that starts in it, or the calendar year
  for finance indicators). A value a lead unit reported by hand is then shown only as a note beside it;
  it is the actual only when no computed value exists (unbound target, or not computed yet).
- **只增不减** ("逐年只增不减", 国发〔2018〕82号 “两个只增不减”): the actual is the year's amount, the gap is
  the change against the previous year (amount and per cent), and the light is green only when the change
  is ≥ 0 for every year the target names (the plan's year when it names none).
- **The light** is ``indicators.calculators.target_light`` (green met, yellow close, red missed, grey no
  actual); a target is met when its light is green.

Pure: no ORM. The inputs are plain values.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from edubureau.core.templatetags.chinese import DECIMALS_BY_UNIT, RATIO_DECIMALS
from edubureau.indicators import calculators as calc

INDICATOR, REPORT = "indicator", "report"

#: Target kinds: how a target is worded and measured.
EQUAL, AT_LEAST, AT_MOST, ABOUT = "equal", "at_least", "at_most", "about"
REDUCE_BY, INCREASE_BY, NO_DECREASE, DESCRIPTIVE = "reduce_by", "increase_by", "no_decrease", "descriptive"
KIND_BY_COMPARATOR = {
    "=": EQUAL,
    ">=": AT_LEAST,
    "<=": AT_MOST,
    "approx": ABOUT,
    "reduce_by": REDUCE_BY,
    "increase_by": INCREASE_BY,
}
_YEAR = re.compile(r"(20\d\d)年")


def target_kind(*, comparator: str, value, text: str = "", indicator_code: str = "") -> str:
    """The kind of a target: 只增不减 (no figure, or the words), a comparison, or a target in words only."""
    if "只增不减" in text or (value is None and indicator_code.endswith("_change")):
        return NO_DECREASE
    if value is None:
        return DESCRIPTIVE
    return KIND_BY_COMPARATOR.get(comparator, EQUAL)


def named_years(text: str, *, plan_year: int) -> tuple[int, ...]:
    """The years a 只增不减 target names (“2019年、2020年…”), else the plan's year."""
    years = sorted({int(y) for y in _YEAR.findall(text)})
    return tuple(years) or (plan_year,)


@dataclass(frozen=True)
class Computed:
    """A stored indicator value: the value and, where the definition has them, numerator and denominator
    (for a ``*_change`` indicator: this year's and last year's amounts)."""

    code: str
    period: str
    value: Decimal | None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    computed_at: dt.datetime | None = None


@dataclass(frozen=True)
class YearChange:
    """One year of a 只增不减 target: the change against the year before, amount and per cent."""

    year: int
    amount: Decimal | None  # this year's total
    change: Decimal | None
    percent: Decimal | None


@dataclass(frozen=True)
class TargetValue:
    """What a target's value is, for every surface that shows it."""

    target_id: int
    kind: str
    unit: str  # the target's unit, else its indicator's
    actual: Decimal | None
    source: str  # INDICATOR, REPORT or ""
    indicator_code: str = ""
    period: str = ""  # the indicator's period when the actual is computed
    computed_at: dt.datetime | None = None
    reported: Decimal | None = None  # the value reported by hand, where there is one
    reported_by: str = ""
    reported_at: dt.datetime | None = None
    gap: Decimal | None = None  # actual − target; for 只增不减 the change on the previous year
    change_percent: Decimal | None = None  # 只增不减: the change in per cent of the previous year
    years: tuple[YearChange, ...] = field(default=())
    light: str = calc.GREY
    progress: float | None = None  # percent of the target met (``schedule.target_progress``)

    @property
    def met(self) -> bool | None:
        """True (green), False (yellow or red), None (no actual yet)."""
        return None if self.light == calc.GREY else self.light == calc.GREEN

    @property
    def computed(self) -> bool:
        return self.source == INDICATOR

    @property
    def report_note(self) -> bool:
        """A reported value to show beside a computed actual (never as the actual)."""
        return self.source == INDICATOR and self.reported is not None


def _dec(value) -> Decimal | None:
    """A Decimal without trailing zeros (6692.000000 → 6692, 97.50 → 97.5), never in exponent form."""
    if value is None:
        return None
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return number.quantize(Decimal(1))
    return number.normalize()


def _shown(value: Decimal | None, unit: str) -> Decimal | None:
    """The value rounded as every page shows it (``core.templatetags.chinese.DECIMALS_BY_UNIT``: rates to
    0.1 %, 元 to the yuan), so that a page, a spreadsheet and a document all carry the same figure."""
    if value is None:
        return None
    places = abs(DECIMALS_BY_UNIT.get(unit, RATIO_DECIMALS if not unit else 2))
    return _dec(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _percent(change: Decimal | None, base: Decimal | None) -> Decimal | None:
    if change is None or not base:
        return None
    return (Decimal(100) * change / base).quantize(Decimal("0.1"))


def evaluate(
    *,
    target_id: int,
    comparator: str,
    value,
    unit: str,
    text: str,
    indicator_code: str,
    indicator_unit: str,
    computed: dict[str, Computed],
    reported=None,
    reported_by: str = "",
    reported_at: dt.datetime | None = None,
    years: tuple[str, ...] = (),
    year_periods: dict[int, str] | None = None,
    progress_of=None,
) -> TargetValue:
    """A target's value from its fields, the computed values of its indicator (by period) and its report.

    ``years``/``year_periods``: for a 只增不减 target, the named years and each one's period; ``computed``
    holds the indicator's values by period. ``progress_of(actual)`` gives the percent met.
    """
    kind = target_kind(comparator=comparator, value=value, text=text, indicator_code=indicator_code)
    unit = unit or indicator_unit
    comparable = bool(indicator_code) and (not unit or unit == indicator_unit)
    target = None if value is None else float(value)
    reported = _shown(_dec(reported), unit)
    common = {
        "target_id": target_id,
        "kind": kind,
        "unit": unit,
        "indicator_code": indicator_code,
        "reported": reported,
        "reported_by": reported_by,
        "reported_at": reported_at,
    }
    if kind == NO_DECREASE and comparable and year_periods:
        changes, raw = [], []  # the light reads the changes as computed, not as rounded for display
        for year in sorted(year_periods):
            row = computed.get(year_periods[year])
            change = _dec(row.value) if row else None
            raw.append(change)
            changes.append(
                YearChange(
                    year=year,
                    amount=_shown(_dec(row.numerator), unit) if row else None,
                    change=_shown(change, unit),
                    percent=_percent(change, _dec(row.denominator) if row else None),
                )
            )
        last = changes[-1]
        row = computed.get(year_periods[last.year])
        if any(c is not None and c < 0 for c in raw):
            light = calc.RED
        elif all(c is not None for c in raw):
            light = calc.GREEN
        else:
            light = calc.GREY
        if last.change is not None:
            return TargetValue(
                **common,
                actual=last.amount,
                source=INDICATOR,
                period=year_periods[last.year],
                computed_at=row.computed_at if row else None,
                gap=last.change,
                change_percent=last.percent,
                years=tuple(changes),
                light=light,
                progress=None if light == calc.GREY else (100.0 if light == calc.GREEN else 0.0),
            )
    row = next(iter(computed.values()), None) if comparable and kind != NO_DECREASE else None
    if row is not None and row.value is not None:
        actual, source, period, at = _shown(_dec(row.value), unit), INDICATOR, row.period, row.computed_at
    elif reported is not None:
        actual, source, period, at = reported, REPORT, "", None
    else:
        return TargetValue(**common, actual=None, source="")
    if kind == NO_DECREASE:  # a change reported by hand
        light = calc.GREEN if actual >= 0 else calc.RED
        return TargetValue(**common, actual=actual, source=source, gap=actual, light=light)
    light = calc.target_light(comparator=comparator, target=target, actual=float(actual), unit=unit)
    gap = calc.target_gap(comparator=comparator, target=target, actual=float(actual))
    return TargetValue(
        **common,
        actual=actual,
        source=source,
        period=period,
        computed_at=at,
        gap=None if gap is None or target is None else _dec(actual - Decimal(str(value))),
        light=light,
        progress=progress_of(actual) if progress_of else None,
    )
