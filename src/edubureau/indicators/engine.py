"""The indicator engine: grouped SQL aggregates in, indicator values out.

``load_inputs`` runs one grouped query per input (enrolment by school, level, grade and birth year;
class sizes; teachers by school; population by area and age; finance lines; schools; towns) — never one
query per school — so the cost does not grow with the number of schools beyond the rows returned. ``evaluate``
then combines those aggregates (a few thousand numbers for a district) with the pure formulas of
``indicators.calculators`` into ``Row`` values for every scope. A city or a province (7 M students) is the
same queries for all its counties at once, grouped by county as well (``load_inputs_many``).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Case, Count, F, Q, Sum, When

from edubureau.core.periods import SchoolYear
from edubureau.indicators import calculators as calc
from edubureau.indicators.library import BALANCE_LEVELS, BALANCE_NAMES, FUNDING_TYPES, LEVEL_NAMES
from edubureau.projects.selectors import indicator_figures
from edubureau.registry.choices import (
    SPORTS_ARTS_SUBJECTS,
    TEACHER_STATUSES_IN_POST,
    THREE_DISABILITY_TYPES,
    AffordableStatus,
    AreaKind,
    BackboneLevel,
    Education,
    EnrollmentStatus,
    Ownership,
    PopulationGroup,
    SchoolKind,
    StaffCategory,
    TeacherStatus,
    TitleRank,
)
from edubureau.registry.models import (
    Area,
    Enrollment,
    FinanceRecord,
    Population,
    School,
    SchoolClass,
    Teacher,
)

ENROLLED = EnrollmentStatus.ENROLLED
# 在籍: on a school's register this year — 在读 and 休学 (a suspended pupil keeps the 学籍); 转出, 辍学, 毕业 and
# 死亡 are not. The 三类残疾 入学率 counts 在籍 pupils, as the 残联/教育 statistics do (domain-rules §5).
ON_REGISTER = (EnrollmentStatus.ENROLLED, EnrollmentStatus.SUSPENDED)
# Classes counted for 班额: 普通中小学 (kindergartens, 中职 and 特教 have other standards).
CLASS_LEVELS = ("primary", "junior", "senior")
# The sections whose 大班额 figures are held to their own rules: 义务教育 (小学, 初中 — including the 小学部/初中部
# of 九年一贯制 and the 初中部 of 完全中学, since a class has its level) under 国发〔2016〕40号 and the 教育部
# 2018–2020 消除大班额 plan (≤5 %, no class of 66+); 普通高中 under the 高中阶段教育普及攻坚计划 2017–2020.
CLASS_SECTIONS = {"compulsory": ("primary", "junior"), "senior": ("senior",)}


@dataclass(slots=True)
class Row:
    """One computed value, before it is stored."""

    indicator: str
    period: str
    scope_type: str
    scope_code: str
    area_id: int
    value: float | None
    numerator: float | None = None
    denominator: float | None = None
    school_id: int | None = None
    class_id: int | None = None


@dataclass
class Inputs:
    """What the formulas need for one county and one school year, as plain aggregated data."""

    county: dict
    year: SchoolYear
    towns: list[dict]
    schools: list[dict]
    # (school id, level, grade, birth year) → (在读 pupils, 在籍 三类残疾 pupils: 在读 or 休学)
    enrolment: dict[tuple[int, str, int, int | None], tuple[int, int]]
    # classes of this year and last: dicts with id, school_id, school_year, level, size
    classes: list[dict]
    # school where they work → counts of 教职工 in post (``TEACHER_STATUSES_IN_POST``; 交流轮岗 at the school
    # they teach at): staff (every category), total (专任教师), carers (专任教师 + 保育员) and the 专任教师 who
    # are backbone, senior title, 专科+ / 本科+, PE and arts teachers
    teachers: dict[int, dict]
    # area id → age → people
    population: dict[int, dict[int, int]]
    # area id → age → 三类残疾 children registered by the 残联 (PopulationGroup.THREE_DISABILITY)
    disabled_population: dict[int, dict[int, int]] = field(default_factory=dict)
    # finance rows of this calendar year and the one before
    finance: list[dict] = field(default_factory=list)
    # school id → figures ``evaluate`` worked out for that school alone from these inputs (its classes'
    # summaries, its 优质均衡 values), so that an incremental evaluation works out only the changed schools'
    # again (``merge_inputs`` keeps the others'); filled by ``evaluate``
    memo: dict[int, dict] = field(default_factory=dict, repr=False, compare=False)


# Indicators whose school and town figures depend on every school of the county: 编制 is the county's norm
# allocated to its schools by their pupils (``_staffing``), so one school's pupils move every school's share.
COUNTY_WIDE = frozenset({"staffing_norm", "staffing_shortfall"})


@dataclass(frozen=True)
class Scopes:
    """What an incremental evaluation gives rows for: the schools whose inputs changed (and their classes),
    their towns (before and after, should one have moved), the district and its levels, and every school
    and town for the ``COUNTY_WIDE`` indicators. No other row depends on those schools' inputs: it is as
    the last evaluation left it."""

    schools: frozenset[int]
    towns: frozenset[int]

    def covers(self, indicator: str, scope_type: str, area_id: int, school_id: int | None) -> bool:
        """Whether the row of this indicator and scope (placed in ``area_id``, of ``school_id``) is one an
        evaluation with these scopes gives, when it exists."""
        if scope_type in ("district", "level"):
            return True
        if scope_type == "town":
            return area_id in self.towns or indicator in COUNTY_WIDE
        if scope_type == "school" and indicator in COUNTY_WIDE:
            return True
        return school_id in self.schools  # a school's or a class's row


# The SQL side (the loaders, ``project_rows`` and ``compute``) is not mutated by ``make mutation``: its tests
# need the database for every mutant. The formulas below (``evaluate`` and its parts) are.
# pragma: no mutate start
def load_inputs(*, county: Area, year: SchoolYear) -> Inputs:
    """Read the aggregates for ``county`` in ``year`` (eight queries, whatever the number of schools)."""
    return load_inputs_many(counties=[county], year=year)[county.pk]


def load_inputs_many(
    *, counties: list[Area], year: SchoolYear, school_ids: list[int] | None = None
) -> dict[int, Inputs]:
    """The aggregates of several counties in ``year``, by county id (``_load_inputs_many``).

    A province's read (more than ``_MANY`` counties, PostgreSQL) runs in a transaction of its own with
    ``work_mem`` at 256 MB and JIT off. Measured on the 84 counties (``EXPLAIN (ANALYZE, BUFFERS)`` in
    ``docs/scale.md``): at the default 4 MB the enrolment query's hash join of 7 million enrolments with
    7 million students ran in 128 batches on disk and the class sizes merge-joined the whole enrolment table
    through an index; JIT compiled for 1–2 s per query and saved nothing. With every county of the registry
    asked for, the county filter is left out: ``county_id IN (84 ids)`` made PostgreSQL read the enrolments
    through the county index, row by row, instead of scanning them.
    """
    counties = list(counties)
    if connection.vendor != "postgresql" or len(counties) <= _MANY or school_ids is not None:
        return _load_inputs_many(counties=counties, year=year, school_ids=school_ids)
    every = set(Area.objects.filter(kind=AreaKind.COUNTY).values_list("id", flat=True)) == {
        c.pk for c in counties
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute("SET LOCAL jit = off")
        return _load_inputs_many(counties=counties, year=year, school_ids=None, every=every)


_MANY = 16  # more counties than a city: a province


def _load_inputs_many(
    *, counties: list[Area], year: SchoolYear, school_ids: list[int] | None = None, every: bool = False
) -> dict[int, Inputs]:
    """The aggregates of several counties in ``year``, by county id: the same eight queries for all of them.

    Each input is one grouped scan whatever the number of counties (grouped by county as well). The
    enrolment count reads the pupil's birth year and disability from the enrolment row, where the database
    copies them (``registry.triggers``): joined to the pupils, it was most of a province's time.

    ``school_ids`` reads the school-level inputs (schools, enrolment, classes, teachers) of those schools only
    — an incremental recomputation merges them into the inputs read before (``merge_inputs``); towns,
    population and finance, a few hundred rows, are read whole.
    """
    counties = list(counties)
    if not counties:
        return {}
    ids = [c.pk for c in counties]
    in_counties = Q() if every else Q(county__in=ids)  # ``every``: all the registry's counties
    paths = sorted(((c.path, c.pk) for c in counties), key=lambda p: -len(p[0]))

    @functools.cache  # a few thousand areas, read for every population row (a province: 105,000)
    def county_of(path: str) -> int | None:
        return next((cid for prefix, cid in paths if path.startswith(prefix)), None)

    under_counties = Q()
    for c in counties:
        under_counties |= Q(path__startswith=c.path)
    towns: dict[int, list[dict]] = defaultdict(list)
    for t in Area.objects.filter(under_counties, kind=AreaKind.TOWN).values("id", "code", "name", "path"):
        cid = county_of(t.pop("path"))
        if cid is not None:
            towns[cid].append(t)
    schools: dict[int, list[dict]] = defaultdict(list)
    only = Q() if school_ids is None else Q(school_id__in=school_ids)
    for s in (
        School.objects.filter(in_counties & (Q() if school_ids is None else Q(pk__in=school_ids)))
        .order_by("code")  # the order ``merge_inputs`` keeps: sums of floats add up in one order
        .values(
            "id",
            "county_id",
            "code",
            "name",
            "kind",
            "ownership",
            "affordable",
            "area_id",
            "teaching_floor_area",
            "sports_area",
            "equipment_value",
            "multimedia_rooms",
            "is_teaching_point",
        )
    ):
        schools[s.pop("county_id")].append(s)
    three = [str(d) for d in THREE_DISABILITY_TYPES]
    enrolment: dict[int, dict] = defaultdict(dict)
    for r in (
        Enrollment.objects.filter(only, in_counties, school_year=str(year), status__in=ON_REGISTER)
        .values("county_id", "school_id", "level", "grade", "birth_year")  # the pupil's (registry.triggers)
        .annotate(n=Count("id", filter=Q(status=ENROLLED)), n3=Count("id", filter=Q(disability__in=three)))
        .order_by()
    ):
        enrolment[r["county_id"]][(r["school_id"], r["level"], r["grade"], r["birth_year"])] = (
            r["n"],
            r["n3"],
        )
    # class sizes counted on the enrolments alone, then given to the classes: joined to the classes, the count
    # was a hash join of every enrolment (a province: 5.4 s a year against 2.9 s)
    sizes = dict(
        Enrollment.objects.filter(only, in_counties, status=ENROLLED, school_class__isnull=False)
        .values_list("school_class_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    classes: dict[int, list[dict]] = defaultdict(list)
    for r in SchoolClass.objects.filter(
        only, in_counties, school_year__in=[str(year), str(year.previous())], level__in=CLASS_LEVELS
    ).values("id", "county_id", "school_id", "school_year", "level"):
        r["size"] = sizes.get(r["id"], 0)
        classes[r.pop("county_id")].append(r)
    backbone = [b for b in BackboneLevel.values if b]
    teachers: dict[int, dict[int, dict]] = defaultdict(dict)
    teaching = Q(staff_category=StaffCategory.FULL_TIME_TEACHER)
    for r in (
        Teacher.objects.filter(
            only | (Q() if school_ids is None else Q(teaching_school_id__in=school_ids)),
            in_counties,
            status__in=TEACHER_STATUSES_IN_POST,
        )
        .values(
            "county_id",
            works_at=Case(
                When(
                    status=TeacherStatus.ROTATING, teaching_school__isnull=False, then=F("teaching_school_id")
                ),
                default=F("school_id"),
            ),
        )
        .annotate(
            staff=Count("id"),
            total=Count("id", filter=teaching),
            carers=Count(
                "id", filter=Q(staff_category__in=[StaffCategory.FULL_TIME_TEACHER, StaffCategory.CHILDCARE])
            ),
            backbone=Count("id", filter=teaching & Q(backbone_level__in=backbone)),
            senior_title=Count(
                "id", filter=teaching & Q(title_rank__in=[TitleRank.SENIOR, TitleRank.SENIOR_PROFESSOR])
            ),
            associate_plus=Count(
                "id",
                filter=teaching
                & Q(education__in=[Education.ASSOCIATE, Education.BACHELOR, Education.POSTGRADUATE]),
            ),
            bachelor_plus=Count(
                "id", filter=teaching & Q(education__in=[Education.BACHELOR, Education.POSTGRADUATE])
            ),
            sports_arts=Count("id", filter=teaching & Q(main_subject__in=SPORTS_ARTS_SUBJECTS)),
        )
        .order_by()
    ):
        r["school_id"] = r.pop("works_at")
        if school_ids is None or r["school_id"] in school_ids:
            teachers[r.pop("county_id")][r["school_id"]] = r
    under_area = Q()
    for c in counties:
        under_area |= Q(area__path__startswith=c.path)
    population: dict[str, dict[int, dict[int, dict[int, int]]]] = {
        g: defaultdict(lambda: defaultdict(dict)) for g in PopulationGroup.values
    }
    for r in (
        Population.objects.filter(under_area, year=year.start_year)
        .values("area_id", "area__path", "age", "group")
        .annotate(n=Sum("count"))
        .order_by()
    ):
        cid = county_of(r["area__path"])
        if cid is not None:
            population[r["group"]][cid][r["area_id"]][r["age"]] = r["n"]
    finance: dict[int, list[dict]] = defaultdict(list)
    for r in FinanceRecord.objects.filter(under_area, year__in=[year.start_year, year.start_year - 1]).values(
        "year",
        "area_id",
        "area__path",
        "school_id",
        "general_budget_education",
        "public_funding_per_student",
        "enrolment",
    ):
        cid = county_of(r.pop("area__path"))
        if cid is not None:
            finance[cid].append(r)
    return {
        c.pk: Inputs(
            county={"id": c.pk, "code": c.code},
            year=year,
            towns=towns.get(c.pk, []),
            schools=schools.get(c.pk, []),
            enrolment=enrolment.get(c.pk, {}),
            classes=classes.get(c.pk, []),
            teachers=teachers.get(c.pk, {}),
            population={k: dict(v) for k, v in population[PopulationGroup.ALL].get(c.pk, {}).items()},
            disabled_population={
                k: dict(v) for k, v in population[PopulationGroup.THREE_DISABILITY].get(c.pk, {}).items()
            },
            finance=finance.get(c.pk, []),
        )
        for c in counties
    }


# pragma: no mutate end
def merge_inputs(before: Inputs, part: Inputs, school_ids) -> Inputs:
    """``before`` with the school-level inputs of ``school_ids`` replaced by ``part``'s (read with
    ``load_inputs_many(school_ids=…)``) and the area-level ones (towns, population, finance) taken from it;
    the other schools' figures worked out before (``Inputs.memo``) kept. Schools stay in the order of a full
    read (by code), so that sums of floats over them come out to the last bit as a full evaluation's."""
    mine = set(school_ids)
    return Inputs(
        county=part.county,
        year=part.year,
        towns=part.towns,
        schools=sorted(
            [s for s in before.schools if s["id"] not in mine] + part.schools, key=lambda s: s["code"]
        ),
        enrolment={k: v for k, v in before.enrolment.items() if k[0] not in mine} | part.enrolment,
        classes=[c for c in before.classes if c["school_id"] not in mine] + part.classes,
        teachers={k: v for k, v in before.teachers.items() if k not in mine} | part.teachers,
        population=part.population,
        disabled_population=part.disabled_population,
        finance=part.finance,
        memo={sid: v for sid, v in before.memo.items() if sid not in mine},
    )


def _f(value) -> float | None:
    return None if value is None else float(value)


class _Out:
    """Collects rows for the scopes of one evaluation (``only``: of those scopes alone)."""

    def __init__(self, inputs: Inputs, only: Scopes | None = None):
        self.only = only
        self.rows: list[Row] = []
        self.period = str(inputs.year)
        self.fiscal = str(inputs.year.start_year)
        self.county = inputs.county
        self.town_code = {t["id"]: t["code"] for t in inputs.towns}

    def district(self, code: str, value, numerator=None, denominator=None, *, fiscal: bool = False) -> None:
        period = self.fiscal if fiscal else self.period
        self.rows.append(
            Row(
                code,
                period,
                "district",
                self.county["code"],
                self.county["id"],
                value,
                numerator,
                denominator,
            )
        )

    def wants(self, school_id: int) -> bool:
        """Whether the rows of this school (other than the ``COUNTY_WIDE`` ones) and its classes are given."""
        return self.only is None or school_id in self.only.schools

    def wants_town(self, town_id: int) -> bool:
        """Whether the rows of this town (other than the ``COUNTY_WIDE`` ones) are given."""
        return town_id in self.town_code and (self.only is None or town_id in self.only.towns)

    def town(self, code: str, town_id: int, value, numerator=None, denominator=None) -> None:
        if self.only is not None and town_id not in self.only.towns and code not in COUNTY_WIDE:
            return
        self.rows.append(
            Row(code, self.period, "town", self.town_code[town_id], town_id, value, numerator, denominator)
        )

    def school(
        self, code: str, school: dict, value, numerator=None, denominator=None, *, fiscal=False
    ) -> None:
        if self.only is not None and school["id"] not in self.only.schools and code not in COUNTY_WIDE:
            return
        period = self.fiscal if fiscal else self.period
        self.rows.append(
            Row(code, period, "school", school["code"], school["area_id"], value, numerator, denominator,
                school["id"])
        )  # fmt: skip

    def level(self, code: str, level: str, value, numerator=None, denominator=None) -> None:
        scope = f"{self.county['code']}:{level}"
        self.rows.append(
            Row(code, self.period, "level", scope, self.county["id"], value, numerator, denominator)
        )

    def each(
        self, code: str, by_school: dict[int, tuple], schools: dict[int, dict], by_town, district
    ) -> None:
        """Rows for the district, each town and each school from (value, numerator, denominator) tuples."""
        for sid, triple in by_school.items():
            self.school(code, schools[sid], *triple)
        for tid, triple in by_town.items():
            if tid in self.town_code:
                self.town(code, tid, *triple)
        self.district(code, *district)


def _sum_by(items: dict[int, float], key) -> dict:
    out: dict = defaultdict(float)
    for k, v in items.items():
        out[key(k)] += v
    return out


def evaluate(inputs: Inputs, only: Scopes | None = None) -> list[Row]:
    """Every library indicator for the county, its towns, schools, classes and levels; ``only``: the rows
    of those scopes (an incremental evaluation: the other schools' figures are taken from ``inputs.memo``
    where it has them, and their rows are left out)."""
    out = _Out(inputs, only)
    schools = {s["id"]: s for s in inputs.schools}
    town_of = {sid: s["area_id"] for sid, s in schools.items()}
    y0 = inputs.year.start_year

    # pupils by school and level; entrants; ages
    pupils: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    entrants: dict[str, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    by_age: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))  # town → age → enrolled
    three_disabled: dict[int, int] = defaultdict(int)  # town → enrolled 三类残疾 aged 6–15
    for (sid, level, grade, born), (n, n3) in inputs.enrolment.items():
        if n:
            pupils[sid][level] += n
            if grade == 1:
                entrants[level][sid] += n
        if born is not None:
            age = y0 - born
            if n:
                by_age[town_of[sid]][age] += n
            if 6 <= age <= 15 and n3:
                three_disabled[town_of[sid]] += n3

    _enrolment(out, inputs, schools, town_of, pupils, entrants, by_age, three_disabled)
    _class_size(out, inputs, schools, town_of)
    _staffing(out, inputs, schools, town_of, pupils)
    _balance(out, inputs, schools, town_of, pupils)
    _preschool(out, inputs, schools, town_of, pupils)
    _funding(out, inputs, schools, pupils)
    _quality(out, inputs, schools, town_of, pupils)
    return out.rows


def _enrolment(out, inputs, schools, town_of, pupils, entrants, by_age, three_disabled) -> None:
    for level in LEVEL_NAMES:
        by_school = {sid: (n, n) for sid, n in entrants.get(level, {}).items()}
        by_town = _sum_by({sid: n for sid, (n, _) in by_school.items()}, town_of.get)
        total = sum(n for n, _ in by_school.values())
        out.each(
            f"entrants_{level}", by_school, schools, {t: (n, n) for t, n in by_town.items()}, (total, total)
        )

    town_pupils: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sid, levels in pupils.items():
        for level, n in levels.items():
            town_pupils[town_of[sid]][level] += n
    # Population rows are kept per town; a county-level row is used only where no town has any.
    town_ids = [t["id"] for t in inputs.towns]
    pop_towns = {tid: inputs.population.get(tid, {}) for tid in town_ids}
    county_pop: dict[int, int] = defaultdict(int)
    for ages in pop_towns.values():
        for age, n in ages.items():
            county_pop[age] += n
    if not county_pop:
        county_pop.update(inputs.population.get(inputs.county["id"], {}))

    def rates(pop: dict[int, int], levels: dict[str, int], ages: dict[int, int]) -> dict[str, tuple]:
        compulsory_6_11 = sum(n for a, n in ages.items() if 6 <= a <= 11)
        compulsory_12_14 = sum(n for a, n in ages.items() if 12 <= a <= 14)
        triples = {
            "preschool_gross_enrolment_rate": (
                levels.get("preschool", 0),
                calc.population_in_ages(pop, 3, 5),
            ),
            "primary_age_enrolment_rate": (compulsory_6_11, calc.population_in_ages(pop, 6, 11)),
            "junior_age_enrolment_rate": (compulsory_12_14, calc.population_in_ages(pop, 12, 14)),
            "senior_gross_enrolment_rate": (
                levels.get("senior", 0) + levels.get("vocational", 0),
                calc.population_in_ages(pop, 15, 17),
            ),
        }
        return {code: (calc.percent(num, den), num, den) for code, (num, den) in triples.items()}

    # Rates are district-only (issue 9, item 6): pupils are counted where their school is and population
    # where people live, and many pupils study in another town's school (a town 高中阶段毛入学率 of 214 %
    # beside one of 55 %). The registry keeps no residence town of a pupil, so no town rate is stored.
    county_levels: dict[str, int] = defaultdict(int)
    county_ages: dict[int, int] = defaultdict(int)
    for tid in town_ids:
        for level, n in town_pupils.get(tid, {}).items():
            county_levels[level] += n
        for age, n in by_age.get(tid, {}).items():
            county_ages[age] += n
        out.town("three_disability_enrolled", tid, three_disabled.get(tid, 0), three_disabled.get(tid, 0))
    for code, triple in rates(county_pop, county_levels, county_ages).items():
        out.district(code, *triple)
    total3 = sum(three_disabled.values())
    out.district("three_disability_enrolled", total3, total3)
    disabled_total = sum(calc.population_in_ages(ages, 6, 15) for ages in inputs.disabled_population.values())
    if disabled_total:
        out.district(
            "three_disability_enrolment_rate", calc.percent(total3, disabled_total), total3, disabled_total
        )


def _class_counts(classes: list[dict]) -> dict:
    return calc.class_size_summary((c["size"], c["level"]) for c in classes)


def _plus(a: dict, b: dict) -> dict:
    return {k: v + b[k] for k, v in a.items()}


_NO_CLASSES = calc.class_size_summary(())


def _class_size(out, inputs, schools, town_of) -> None:
    """班额 figures of each school, town and the district. The summaries are counts, so a town's and the
    district's are the sums of their schools' (each class is summarised once, not once per scope)."""
    year, previous = str(inputs.year), str(inputs.year.previous())
    now = [c for c in inputs.classes if c["school_year"] == year]
    before = [c for c in inputs.classes if c["school_year"] == previous]
    for c in now:
        if not out.wants(c["school_id"]):
            continue
        school = schools[c["school_id"]]
        out.rows.append(
            Row("class_size", out.period, "class", str(c["id"]), school["area_id"], c["size"], c["size"], 1,
                school["id"], c["id"])
        )  # fmt: skip

    def summaries(classes, when: str) -> dict[int, dict]:
        """school id → {None: summary of its classes, section: summary of that section's}, in order; a
        school's summaries worked out once for these inputs (``Inputs.memo``)."""
        groups: dict[int, list[dict]] = defaultdict(list)
        for c in classes:
            groups[c["school_id"]].append(c)
        out_ = {}
        for sid, cls in groups.items():
            memo = inputs.memo.setdefault(sid, {})
            if when not in memo:
                memo[when] = {None: _class_counts(cls)} | {
                    sec: _class_counts([c for c in cls if c["level"] in levels])
                    for sec, levels in CLASS_SECTIONS.items()
                }
            out_[sid] = memo[when]
        return out_

    def total(parts) -> dict:
        out_: dict = {key: _NO_CLASSES for key in (None, *CLASS_SECTIONS)}
        for part in parts:
            out_ = {key: _plus(v, part[key]) for key, v in out_.items()}
        return out_

    def emit(emit_one, summary: dict, previous_large: int | None) -> None:
        n = summary["classes"]
        emit_one("class_size", calc.ratio(summary["pupils"], n), summary["pupils"], n)
        for band in ("standard", "above_standard"):
            emit_one(f"classes_{band}", summary[band], summary[band], n)
        emit_one("large_classes", summary["large"], summary["large"], n)
        emit_one("very_large_classes", summary["very_large"], summary["very_large"], n)
        emit_one("classes_51_55", summary["size_51_55"], summary["size_51_55"], n)
        emit_one("classes_over_standard", summary["over_standard"], summary["over_standard"], n)
        emit_one("large_class_share", calc.percent(summary["large"], n), summary["large"], n)
        emit_one("very_large_class_share", calc.percent(summary["very_large"], n), summary["very_large"], n)
        if previous_large is not None:
            emit_one(
                "large_classes_reduction", previous_large - summary["large"], previous_large, summary["large"]
            )

    def emit_all(emit_one, mine: dict, was: dict | None) -> None:
        """``emit`` of the classes, then the 大班额 figures of each section (义务教育, 普通高中) they have
        (issue 9, item 1); ``was``: last year's summaries (None: no reduction figures)."""
        emit(emit_one, mine[None], None if was is None else was[None]["large"])
        for section in CLASS_SECTIONS:
            summary = mine[section]
            n = summary["classes"]
            if not n:
                continue
            large, very = summary["large"], summary["very_large"]
            emit_one(f"large_classes_{section}", large, large, n)
            emit_one(f"very_large_classes_{section}", very, very, n)
            emit_one(f"large_class_share_{section}", calc.percent(large, n), large, n)
            emit_one(f"very_large_class_share_{section}", calc.percent(very, n), very, n)
            if was is not None:
                was_large = was[section]["large"]
                emit_one(f"large_classes_reduction_{section}", was_large - large, was_large, large)

    none = total(())
    now_by_school, before_by_school = summaries(now, "classes"), summaries(before, "classes_before")
    for sid, mine in now_by_school.items():
        if not out.wants(sid):
            continue
        one = lambda code, *a, s=schools[sid]: out.school(code, s, *a)  # noqa: E731
        emit_all(one, mine, before_by_school.get(sid, none))
    now_by_town: dict[int, list[dict]] = defaultdict(list)
    before_by_town: dict[int, list[dict]] = defaultdict(list)
    for table, by_town in ((now_by_school, now_by_town), (before_by_school, before_by_town)):
        for sid, mine in table.items():
            by_town[town_of[sid]].append(mine)
    for tid, parts in now_by_town.items():
        if out.wants_town(tid):
            one = lambda code, *a, t=tid: out.town(code, t, *a)  # noqa: E731
            emit_all(one, total(parts), total(before_by_town.get(tid, ())))
    if now:
        emit_all(
            out.district, total(now_by_school.values()), total(before_by_school.values()) if before else None
        )


def _staffing(out, inputs, schools, town_of, pupils) -> None:
    """生师比 per level and in all, 编制 norms allocated from the county totals, and teacher shares.

    Teachers are those in post at the school where they work (``Inputs.teachers``). A combined school's
    teachers are split over its levels by the share of each level in its norm (pupils ÷ level ratio).
    """
    # 编制 is approved on the county's enrolment per level (中央编办发〔2014〕72号): the county norm is
    # Σ_level ceil(county pupils / ratio); each school's figure is its share of it (largest remainder).
    county_by_level: dict[str, int] = defaultdict(int)
    for levels in pupils.values():
        for level, n in levels.items():
            county_by_level[level] += n
    allocated: dict[int, int] = defaultdict(int)
    for level, ratio in calc.STAFF_RATIO.items():
        total = county_by_level.get(level, 0)
        if total:
            # by school id: the sum of the shares is the same to the last bit whatever order the rows came in
            shares = {
                sid: levels[level] / ratio for sid, levels in sorted(pupils.items()) if levels.get(level)
            }
            for sid, n in calc.allocate(calc.staffing_norm({level: total}), shares).items():
                allocated[sid] += n

    per_school: dict[int, dict] = {}
    per_level: dict[int, dict[str, list[float]]] = {}  # school → level → [pupils, teachers]
    for sid in schools:
        levels = pupils.get(sid, {})
        n = sum(levels.values())
        t = inputs.teachers.get(sid, {})
        staff = t.get("staff", 0)
        if not n and not staff:
            continue
        # 生师比 counts 专任教师; a kindergarten's are its 保教人员 (专任教师 + 保育员, 教师〔2013〕1号)
        teaching = (
            t.get("carers", 0) if schools[sid]["kind"] == SchoolKind.KINDERGARTEN else t.get("total", 0)
        )
        norm = allocated.get(sid, 0)
        per_school[sid] = {
            "pupils": n,
            "teachers": teaching,
            "staff": staff,
            "norm": norm,
            "shortfall": max(0, norm - staff),
            "backbone": t.get("backbone", 0),
            "senior_title": t.get("senior_title", 0),
            "full_time": t.get("total", 0),
        }
        split = calc.level_shares(
            {lvl: k for lvl, k in levels.items() if lvl in calc.STAFF_RATIO},
            {lvl: 1 / r for lvl, r in calc.STAFF_RATIO.items()},
        )
        per_level[sid] = {lvl: [levels[lvl], teaching * share] for lvl, share in split.items()}

    def emit(one, v: dict) -> None:
        one("students_per_teacher", calc.ratio(v["pupils"], v["teachers"]), v["pupils"], v["teachers"])
        one("staffing_norm", v["norm"], v["pupils"], None)
        one("staffing_shortfall", v["shortfall"], v["norm"], v["staff"])
        one(
            "backbone_teacher_share",
            calc.percent(v["backbone"], v["full_time"]),
            v["backbone"],
            v["full_time"],
        )
        one(
            "senior_title_share",
            calc.percent(v["senior_title"], v["full_time"]),
            v["senior_title"],
            v["full_time"],
        )

    def emit_levels(one, levels: dict[str, list[float]]) -> None:
        for lvl, (n, teachers) in levels.items():
            one(f"students_per_teacher_{lvl}", calc.ratio(n, teachers), n, round(teachers, 4))

    towns: dict[int, dict] = defaultdict(lambda: defaultdict(int))
    town_levels: dict[int, dict[str, list[float]]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0]))
    total: dict = defaultdict(int)
    total_levels: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for sid, v in per_school.items():
        one = lambda code, *a, s=schools[sid]: out.school(code, s, *a)  # noqa: E731
        emit(one, v)
        emit_levels(one, per_level[sid])
        for k, x in v.items():
            towns[town_of[sid]][k] += x
            total[k] += x
        for lvl, (n, teachers) in per_level[sid].items():
            for acc in (town_levels[town_of[sid]][lvl], total_levels[lvl]):
                acc[0] += n
                acc[1] += teachers
    for tid, v in towns.items():
        if tid in out.town_code:
            one = lambda code, *a, t=tid: out.town(code, t, *a)  # noqa: E731
            emit(one, v)
            emit_levels(one, town_levels[tid])
    if per_school:
        total["norm"] = calc.staffing_norm(county_by_level)
        emit(out.district, total)
        emit_levels(out.district, total_levels)


def balance_units(inputs: Inputs, pupils: dict[int, dict[str, int]]) -> list[dict]:
    """(school, level, pupils, resources) of every school taking part in the 优质均衡 assessment.

    Combined schools split each resource by weighted pupils (九年一贯制 1:1.1; 完全中学 初:高 = 1:1.2) and each
    section is held to its own level's standards; specials, vocational schools and 教学点 with fewer than 50
    pupils are left out (教督〔2017〕6号) — a small section of an ordinary school is not.
    """
    units = []
    for s in inputs.schools:
        levels = pupils.get(s["id"], {})
        if s.get("is_teaching_point") and sum(levels.values()) < calc.BALANCE_MIN_PUPILS:
            continue
        if s["kind"] == SchoolKind.NINE_YEAR:
            shares = calc.level_shares(
                {k: levels.get(k, 0) for k in ("primary", "junior")}, calc.LEVEL_WEIGHT
            )
        elif s["kind"] == SchoolKind.COMPLETE_SECONDARY:
            shares = calc.level_shares(
                {k: levels.get(k, 0) for k in ("junior", "senior")}, calc.COMPLETE_SECONDARY_WEIGHT
            )
        elif s["kind"] in (SchoolKind.PRIMARY, SchoolKind.JUNIOR):
            shares = {s["kind"]: 1.0}
        else:
            continue
        t = inputs.teachers.get(s["id"], {})
        for level in BALANCE_LEVELS:
            n, share = levels.get(level, 0), shares.get(level, 0.0)
            if not n or not share:
                continue
            qualified = t.get("associate_plus", 0) if level == "primary" else t.get("bachelor_plus", 0)
            resources = {
                "qualified_teachers": qualified,
                "backbone_teachers": t.get("backbone", 0),
                "sports_arts_teachers": t.get("sports_arts", 0),
                "floor_area": float(s["teaching_floor_area"]),
                "sports_area": float(s["sports_area"]),
                "equipment": float(s["equipment_value"]),
                "multimedia_rooms": s["multimedia_rooms"],
            }
            units.append(
                {
                    "school": s,
                    "level": level,
                    "pupils": n,
                    "resources": {k: v * share for k, v in resources.items()},
                }
            )
    return units


def _balance(out, inputs, schools, town_of, pupils) -> None:
    units = balance_units(inputs, pupils)
    for level in BALANCE_LEVELS:
        mine = [u for u in units if u["level"] == level]
        if not mine:
            continue
        met_schools: dict[int, bool] = {}
        for u in mine:
            sid = u["school"]["id"]
            memo = inputs.memo.setdefault(sid, {})
            if ("balance", level) not in memo:
                values = {k: calc.balance_value(k, r, u["pupils"]) for k, r in u["resources"].items()}
                memo["balance", level] = values, calc.balance_school_result(values, level)[1]
            values, ok = memo["balance", level]
            met_schools[sid] = ok
            if not out.wants(sid):
                continue
            for key, value in values.items():
                out.school(f"balance_{key}_{level}", u["school"], value, u["resources"][key], u["pupils"])
            # 100 (meets) or 0, as a share of one school: numerator 1 or 0, denominator 1 (issue 9, item 8);
            # how many of the 7 it meets is in the 7 values above
            out.school(f"balance_schools_meeting_{level}", u["school"], 100 if ok else 0, int(ok), 1)
        by_town: dict[int, list[dict]] = defaultdict(list)
        for u in mine:
            by_town[town_of[u["school"]["id"]]].append(u)
        for key in BALANCE_NAMES:
            for tid, group in by_town.items():
                if out.wants_town(tid):
                    r, p = sum(u["resources"][key] for u in group), sum(u["pupils"] for u in group)
                    out.town(f"balance_{key}_{level}", tid, calc.balance_value(key, r, p), r, p)
            r, p = sum(u["resources"][key] for u in mine), sum(u["pupils"] for u in mine)
            out.district(f"balance_{key}_{level}", calc.balance_value(key, r, p), r, p)
            cv = calc.weighted_cv([u["pupils"] for u in mine], [u["resources"][key] for u in mine])
            out.level(f"balance_cv_{key}_{level}", level, cv, None, len(mine))
        for tid, group in by_town.items():
            if tid in out.town_code:
                ok = sum(met_schools[u["school"]["id"]] for u in group)
                out.town(
                    f"balance_schools_meeting_{level}", tid, calc.percent(ok, len(group)), ok, len(group)
                )
        ok = sum(met_schools.values())
        out.district(f"balance_schools_meeting_{level}", calc.percent(ok, len(mine)), ok, len(mine))


def _preschool(out, inputs, schools, town_of, pupils) -> None:
    affordable = (AffordableStatus.PUBLIC, AffordableStatus.AFFORDABLE_PRIVATE)
    towns: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # all, public, affordable
    for sid, levels in pupils.items():
        n = levels.get("preschool", 0)
        if not n:
            continue
        s = schools[sid]
        t = towns[town_of[sid]]
        t[0] += n
        t[1] += n if s["ownership"] == Ownership.PUBLIC else 0
        t[2] += n if s["ownership"] == Ownership.PUBLIC or s["affordable"] in affordable else 0
    total = [sum(t[i] for t in towns.values()) for i in range(3)]
    for tid, (n, pub, aff) in towns.items():
        if tid in out.town_code:
            out.town("public_kindergarten_share", tid, calc.percent(pub, n), pub, n)
            out.town("affordable_kindergarten_coverage", tid, calc.percent(aff, n), aff, n)
    if total[0]:
        out.district("public_kindergarten_share", calc.percent(total[1], total[0]), total[1], total[0])
        out.district("affordable_kindergarten_coverage", calc.percent(total[2], total[0]), total[2], total[0])


def funding_type(school: dict) -> str | None:
    """Which 生均公用经费 floor a public school is held to (None: private, vocational, special)."""
    if school["ownership"] != Ownership.PUBLIC:
        return None
    kind = school["kind"]
    return kind if kind in FUNDING_TYPES else None


def _funding(out, inputs, schools, pupils) -> None:
    year = inputs.year.start_year
    by_type: dict[str, list[tuple[float, float]]] = defaultdict(list)  # (standard, the school's floor)
    county_lines = {}
    for f in inputs.finance:
        if f["school_id"] is None:
            if f["area_id"] == inputs.county["id"]:
                county_lines[f["year"]] = f
            continue
        if f["year"] != year:
            continue
        s = schools.get(f["school_id"])
        kind = funding_type(s) if s else None
        if kind is None:
            continue
        standard = float(f["public_funding_per_student"])
        by_type[kind].append((standard, calc.funding_floor(kind, pupils.get(s["id"], {}))))
        out.school(f"public_funding_min_{kind}", s, standard, None, None, fiscal=True)
    for kind, standards in by_type.items():
        below = sum(1 for v, floor in standards if v < floor)
        out.district(
            f"public_funding_min_{kind}", min(v for v, _ in standards), below, len(standards), fiscal=True
        )

    def per_student(line) -> float | None:
        return calc.ratio(_f(line["general_budget_education"]), line["enrolment"]) if line else None

    current, previous = county_lines.get(year), county_lines.get(year - 1)
    if current:
        out.district("education_spending_per_student", per_student(current),
                     _f(current["general_budget_education"]), current["enrolment"], fiscal=True)  # fmt: skip
    if current and previous:
        now_total, then_total = (
            _f(current["general_budget_education"]),
            _f(previous["general_budget_education"]),
        )
        out.district("education_spending_change", calc.change(now_total, then_total), now_total, then_total,
                     fiscal=True)  # fmt: skip
        now_ps, then_ps = per_student(current), per_student(previous)
        out.district("education_spending_per_student_change", calc.change(now_ps, then_ps), now_ps, then_ps,
                     fiscal=True)  # fmt: skip


def _quality(out, inputs, schools, town_of, pupils) -> None:
    year = inputs.year.start_year
    towns: dict[int, list[int]] = defaultdict(lambda: [0, 0])  # consistent, compared
    for f in inputs.finance:
        if f["school_id"] is None or f["year"] != year or f["school_id"] not in schools:
            continue
        s = schools[f["school_id"]]
        registry = sum(pupils.get(s["id"], {}).values())
        finance = f["enrolment"]
        out.school("headcount_consistency", s, finance - registry, finance, registry)
        t = towns[town_of[s["id"]]]
        t[0] += finance == registry
        t[1] += 1
    for tid, (ok, n) in towns.items():
        if tid in out.town_code:
            out.town("headcount_consistency", tid, calc.percent(ok, n), ok, n)
    if towns:
        ok, n = sum(t[0] for t in towns.values()), sum(t[1] for t in towns.values())
        out.district("headcount_consistency", calc.percent(ok, n), ok, n)


# pragma: no mutate start
def project_rows(*, county: Area, year: SchoolYear) -> list[Row]:
    """The capital-project indicators of the calendar year the school year starts in (plan task 20)."""
    towns = dict(Area.objects.filter(path__startswith=county.path, kind="town").values_list("id", "code"))
    rows = []
    for f in indicator_figures(county_id=county.pk, year=year.start_year):
        if f["town_id"] is None:
            rows.append(
                Row(f["indicator"], str(year.start_year), "district", county.code, county.pk, f["value"])
            )
        elif f["town_id"] in towns:
            code = towns[f["town_id"]]
            rows.append(Row(f["indicator"], str(year.start_year), "town", code, f["town_id"], f["value"]))
    return rows


def compute(*, county: Area, year: SchoolYear) -> list[Row]:
    return evaluate(load_inputs(county=county, year=year)) + project_rows(county=county, year=year)


def compute_many(*, counties: list[Area], year: SchoolYear, keep: dict | None = None):
    """(county, rows) for each county, the inputs read for all of them at once (``load_inputs_many``);
    ``keep`` gets each county's inputs by county id."""
    inputs = load_inputs_many(counties=counties, year=year)
    for county in counties:
        mine = inputs.pop(county.pk)
        if keep is not None:
            keep[county.pk] = mine
        yield county, evaluate(mine) + project_rows(county=county, year=year)


# pragma: no mutate end
