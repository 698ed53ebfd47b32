"""Into numbers: form fields (or an aggregate of them) as indicators of the indicator library.

A ``Source`` names a form by its code, a field (``lessons``; a table ``sessions``; a table column
``sessions.participants``), an aggregate and, for tables, a filter on one column ("kind = 名师大讲堂").
Values are per calendar year (the plan's year) from the submissions sent (submitted or accepted) for
assignments whose period starts with that year:

* ``sum``: the field summed over a school's submissions; town and district add the schools up;
* ``count_rows``: the rows of a table (matching the filter), added up the same way;
* ``mean``: a school's sum as for ``sum``; town and district the mean over the schools that reported
  (numerator the total, denominator the schools) — "安全教育课时 per school ≥ 12";
* ``latest``: a school's figure in its latest submission of the year (a rate reported each month); town
  and district the mean over the schools that reported;
* ``share_yes``: 100 for a school that answered yes in any submission of the year, else 0; town and
  district the share of reporting schools with yes (%);
* ``share_min``: 100 for a school whose year's sum (as for ``sum``) reaches ``minimum``, else 0; town and
  district the share of reporting schools that reach it (%) — "每校全年不少于12课时".

A school that sent nothing has no value (missing data, never zero), and is not in any denominator.
The aggregation (``aggregate``) is a pure function over plain rows; ``collect_indicators_compute``
reads the submissions and stores the values as ``IndicatorValue`` rows like the engine's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from edubureau.core import audit, clock
from edubureau.indicators.library import CALENDAR_YEAR, DISTRICT, NONE, SCHOOL, TOWN, UP, Indicator
from edubureau.indicators.models import IndicatorValue, IndicatorValueHistory

SUM, COUNT_ROWS, MEAN, SHARE_YES, LATEST, SHARE_MIN = (
    "sum", "count_rows", "mean", "share_yes", "latest", "share_min",
)  # fmt: skip
SAFETY_FORM, TRAINING_FORM = "safety_monthly", "training_record"


@dataclass(frozen=True)
class Source:
    code: str
    form: str
    field: str
    aggregate: str
    name_zh: str
    name_en: str
    unit: str
    definition: str
    where: tuple[str, str] | None = None  # (table column key, value) rows must have
    minimum: Decimal | None = None  # share_min: the year's sum a school must reach
    threshold: float | None = None
    comparator: str = ""
    binds: tuple[str, ...] = field(default=())

    def indicator(self) -> Indicator:
        where = f" where {self.where[0]} = {self.where[1]}" if self.where else ""
        return Indicator(
            code=self.code,
            name_zh=self.name_zh,
            name_en=self.name_en,
            group="collected",
            definition=self.definition,
            formula=f"{self.aggregate}(form {self.form}: {self.field}{where}; submitted or accepted, calendar year)",
            unit=self.unit,
            direction=UP if self.threshold is not None else NONE,
            scopes=(DISTRICT, TOWN, SCHOOL),
            period=CALENDAR_YEAR,
            threshold=self.threshold,
            comparator=self.comparator,
        )


SOURCES: tuple[Source, ...] = (
    Source(
        code="collect_lecture_sessions",
        form=TRAINING_FORM,
        field="sessions",
        aggregate=COUNT_ROWS,
        where=("kind", "名师大讲堂"),
        name_zh="名师大讲堂场次",
        name_en="Master-teacher lecture sessions",
        unit="期",
        definition="学校报送的《教师培训记录》中类别为“名师大讲堂”的行数（每期一行），按年合计；未报送的学校为缺报，"
        "不计为零。工作要点第16条：开设“笔架山•名师大讲堂”，邀请国内名师到我区开设讲堂，每年10期。",
        # the plan's target reads “邀请国内名师到我区开设讲堂 … 每年10期” (indicator “邀请国内名师到我区开设讲堂”)
        binds=("名师大讲堂", "名师到我区开设讲堂"),
    ),
    Source(
        code="collect_safety_platform_rate",
        form=SAFETY_FORM,
        field="platform_rate",
        aggregate=LATEST,
        name_zh="安全教育平台完成率（校均）",
        name_en="Safety-education platform completion rate",
        unit="%",
        definition="学校在《月度安全工作报表》中最近一次报送的“安全教育平台完成率”；镇街和全区为已报送学校的平均值，"
        "未报送的学校为缺报，不计入。工作要点第24条：学校安全教育平台各项核心指标完成率达100%。",
        threshold=100,
        comparator=">=",
        binds=("安全教育平台",),
    ),
    Source(
        code="collect_safety_lesson_hours",
        form=SAFETY_FORM,
        field="lesson_hours",
        aggregate=MEAN,
        name_zh="安全教育课时（校均）",
        name_en="Safety-education lessons per school",
        unit="课时",
        definition="学校每月报送的《月度安全工作报表》中“安全教育课时”的全年合计；镇街和全区为已报送学校的平均值，"
        "未报送的学校为缺报，不计入。工作要点第24条：每校每年不少于12课时。",
        threshold=12,
        comparator=">=",
        # after the platform's: the plan's target is written “确保全年安全教育不少于12课时” (indicator “安全教育”)
        binds=("安全教育",),
    ),
    Source(
        code="collect_safety_lesson_schools_meeting",
        form=SAFETY_FORM,
        field="lesson_hours",
        aggregate=SHARE_MIN,
        minimum=Decimal(12),
        name_zh="全年安全教育达12课时的学校占比",
        name_en="Schools with at least 12 safety lessons in the year",
        unit="%",
        definition="《月度安全工作报表》中“安全教育课时”全年合计不少于12课时的学校 ÷ 已报送的学校 × 100%；"
        "未报送的学校为缺报，不计入。工作要点第24条：确保全年安全教育不少于12课时（每校）。",
        threshold=100,
        comparator=">=",
    ),
    Source(
        code="collect_drills_held",
        form=SAFETY_FORM,
        field="drills",
        aggregate=COUNT_ROWS,
        name_zh="开展应急演练次数",
        name_en="Emergency drills held",
        unit="次",
        definition="学校每月报送的《月度安全工作报表》“应急演练”表中的行数（每次演练一行），按年合计；"
        "未报送的学校为缺报，不计为零。工作要点第24条：加强应急演练。",
    ),
    Source(
        code="collect_drill_share",
        form=SAFETY_FORM,
        field="drill_held",
        aggregate=SHARE_YES,
        name_zh="开展应急演练的学校占比",
        name_en="Schools that held an emergency drill",
        unit="%",
        definition="全年至少有一个月在《月度安全工作报表》中报“本月开展应急演练：是”的学校 ÷ 已报送的学校 × 100%。",
        threshold=100,
        comparator=">=",
        binds=("应急演练",),
    ),
    Source(
        code="collect_hazards_found",
        form=SAFETY_FORM,
        field="hazards_found",
        aggregate=SUM,
        name_zh="排查发现安全隐患数",
        name_en="Safety hazards found in school checks",
        unit="处",
        definition="学校每月报送的《月度安全工作报表》中“排查发现隐患数”的全年合计。",
    ),
)
BY_CODE = {s.code: s for s in SOURCES}
FORMS = {s.form for s in SOURCES}


def indicators() -> list[tuple[Indicator, tuple[str, ...]]]:
    return [(s.indicator(), s.binds) for s in SOURCES]


# --- the aggregation (pure) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sent:
    """One sent submission as plain data."""

    school_id: int
    town_id: int
    values: dict


def _number(value) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None


def measure(source: Source, values: dict) -> Decimal | bool | None:
    """What one submission says for ``source``: a number, a yes/no, or None (not answered)."""
    key, _, column = source.field.partition(".")
    value = values.get(key)
    if source.aggregate == SHARE_YES:
        return value if isinstance(value, bool) else None
    if isinstance(value, list):
        rows = [r for r in value if source.where is None or r.get(source.where[0]) == source.where[1]]
        if source.aggregate == COUNT_ROWS:
            return Decimal(len(rows))
        numbers = [n for n in (_number(r.get(column)) for r in rows) if n is not None]
        return sum(numbers, Decimal(0)) if numbers else None
    if source.aggregate == COUNT_ROWS:
        return None
    return _number(value)


@dataclass
class Value:
    scope: str  # school / town / district
    key: int  # school id, town id, or 0 for the district
    value: Decimal
    numerator: Decimal
    denominator: Decimal


def aggregate(source: Source, sent: list[Sent]) -> list[Value]:
    """The school, town and district values of ``source`` over the sent submissions of one year."""
    per_school: dict[int, Decimal | bool] = {}
    town_of: dict[int, int] = {}
    for s in sent:
        m = measure(source, s.values)
        if m is None:
            continue
        town_of[s.school_id] = s.town_id
        if isinstance(m, bool):
            per_school[s.school_id] = bool(per_school.get(s.school_id)) or m
        elif source.aggregate == LATEST:
            per_school[s.school_id] = m  # ``sent`` comes in the order of the assignments' due dates
        else:
            per_school[s.school_id] = per_school.get(s.school_id, Decimal(0)) + m
    out: list[Value] = []
    groups: dict[tuple[str, int], list[Decimal | bool]] = defaultdict(list)
    if source.aggregate == SHARE_MIN:
        per_school = {k: Decimal(m) >= source.minimum for k, m in per_school.items()}
    for school_id, m in per_school.items():
        if source.aggregate in (SHARE_YES, SHARE_MIN):
            out.append(Value(SCHOOL, school_id, Decimal(100 if m else 0), Decimal(int(m)), Decimal(1)))
        else:
            out.append(Value(SCHOOL, school_id, Decimal(m), Decimal(m), Decimal(1)))
        groups[(TOWN, town_of[school_id])].append(m)
        groups[(DISTRICT, 0)].append(m)
    for (scope, key), items in sorted(groups.items()):
        n = Decimal(len(items))
        if source.aggregate in (SHARE_YES, SHARE_MIN):
            yes = Decimal(sum(1 for m in items if m))
            out.append(Value(scope, key, (yes * 100 / n).quantize(Decimal("0.000001")), yes, n))
        elif source.aggregate in (MEAN, LATEST):
            total = sum(items, Decimal(0))
            out.append(Value(scope, key, (total / n).quantize(Decimal("0.000001")), total, n))
        else:
            total = sum(items, Decimal(0))
            out.append(Value(scope, key, total, total, n))
    return out


# --- storing -------------------------------------------------------------------------------------------


def collect_indicators_compute(*, actor, county, year: int) -> dict[str, int]:
    """Compute the collected indicators of ``county`` for calendar ``year`` and store them (upsert on the
    scope; a changed or vanished value goes to the history first, as ``indicators_compute`` does)."""
    from edubureau.collect.choices import SENT
    from edubureau.collect.models import Submission
    from edubureau.registry.models import Area, School

    rows = (
        Submission.objects.filter(
            assignment__form__county=county, assignment__period__startswith=str(year), status__in=SENT
        )
        .values_list("assignment__form__code", "school_id", "school__area_id", "values")
        .order_by("assignment__due_on", "id")
    )
    by_form: dict[str, list[Sent]] = defaultdict(list)
    for form_code, school_id, town_id, values in rows:
        by_form[form_code].append(Sent(school_id, town_id, values or {}))
    schools = {s.pk: s for s in School.objects.filter(county=county).select_related("area")}
    towns = {a.pk: a for a in Area.objects.filter(path__startswith=county.path)}
    now, period = clock.now(), str(year)
    fresh: dict[tuple, dict] = {}
    for source in SOURCES:
        for v in aggregate(source, by_form.get(source.form, [])):
            if v.scope == SCHOOL:
                school = schools[v.key]
                place = {"scope_code": school.code, "area": school.area, "school": school}
            elif v.scope == TOWN:
                place = {"scope_code": towns[v.key].code, "area": towns[v.key], "school": None}
            else:
                place = {"scope_code": county.code, "area": county, "school": None}
            fresh[(source.code, v.scope, place["scope_code"])] = {
                **place, "value": v.value, "numerator": v.numerator, "denominator": v.denominator,
            }  # fmt: skip
    with transaction.atomic():
        existing = {
            (o.indicator, o.scope_type, o.scope_code): o
            for o in IndicatorValue.objects.filter(county=county, period=period, indicator__in=BY_CODE)
        }
        history, stale = [], []
        for key, old in existing.items():
            new = fresh.get(key)
            if new is None or (old.value, old.numerator, old.denominator) != (
                new["value"], new["numerator"], new["denominator"],
            ):  # fmt: skip
                history.append(
                    IndicatorValueHistory(
                        indicator=old.indicator, period=period, scope_type=old.scope_type,
                        scope_code=old.scope_code, value=old.value, numerator=old.numerator,
                        denominator=old.denominator, computed_at=old.computed_at, superseded_at=now,
                    )
                )  # fmt: skip
                if new is None:
                    stale.append(old.pk)
        IndicatorValueHistory.objects.bulk_create(history)
        IndicatorValue.objects.filter(pk__in=stale).delete()
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator=code, period=period, scope_type=scope, county=county, computed_at=now, **data
                )
                for (code, scope, _code), data in fresh.items()
                if (old := existing.get((code, scope, _code))) is None
                or (old.value, old.numerator, old.denominator)
                != (data["value"], data["numerator"], data["denominator"])
            ],
            update_conflicts=True,
            unique_fields=["indicator", "period", "scope_type", "scope_code"],
            update_fields=["county", "area", "school", "value", "numerator", "denominator", "computed_at"],
        )
        result = {"values": len(fresh), "changed": len(history), "removed": len(stale)}
        audit.record(
            actor=actor, action="collect.indicators.compute", obj=county, after={"period": period, **result}
        )
    return result
