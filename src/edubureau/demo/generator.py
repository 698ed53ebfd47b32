"""The demo generator proper: one county's registry rows as plain tuples, deterministic for a seed.

Pure: no database, no settings. The service (``demo.services``) hands in the area ids and the first free
primary key of each table and writes what comes back; ID numbers come back in clear and are encrypted on
the way to the database, never stored elsewhere.

How the numbers are calibrated (《2019年泉港区教育工作要点》, DESIGN §7):

* ``COHORT[k]`` is the district's children who enter primary school in September of year k (born
  1 Sep k-7 … 31 Aug k-6). Every grade of every level in a school year is such a cohort times a
  participation rate (``LEVEL_RATE``), so a class of 2018-2019 moves up into 2019-2020 with the same
  children, and population by single year of age (``population_count``) is built from the same cohorts.
* The curve and rates are chosen so that the 2019-2020 entrants match the plan (幼儿园 6650, 小学 6300,
  初中 4425, 普通高中 2000, 中职 600, all within ±5 %) and the rates come out near its targets
  (学前三年毛入园率 ≈ 98 %, 小学 ≈ 100 %, 初中 ≈ 98 %, 高中阶段毛入学率 ≈ 97 %).
* 大班额 (≥ 56) classes: about 100 in 2018-2019 and 32 fewer in 2019-2020 (task 11: 比去年减少大班额
  班级数32个), a few of them ≥ 66; all other classes stay ≤ 55.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from edubureau.core.crypto import id_check_digit
from edubureau.demo import names
from edubureau.demo.catalogue import (
    AFF_PRIVATE,
    JUN,
    KG,
    PRE,
    PRI,
    PRIVATE,
    PUBLIC,
    RURAL,
    SEN,
    SPE,
    URBAN,
    VOC,
    SchoolDraft,
    build_catalogue,
    chinese_number,
    tiny_subset,
    town_short,
)
from edubureau.demo.places import (
    FUJIAN_OTHER_REGIONS,
    MIGRANT_REGIONS,
    QUANGANG,
    CountySpec,
    TownSpec,
    county_towns,
)
from edubureau.registry.choices import (
    LEVEL_GRADES,
    PRESCHOOL_GRADE_NAMES,
    THREE_DISABILITY_TYPES,
    BackboneLevel,
    Disability,
    Education,
    EnrollmentStatus,
    HukouType,
    LeftBehind,
    TeacherStatus,
    TitleRank,
    grade_name,
)

ENROLLED = EnrollmentStatus.ENROLLED.value
YEARS = (2018, 2019)  # school years 2018-2019 and 2019-2020
FINANCE_YEARS = (2017, 2018, 2019)
POPULATION_YEARS = (2017, 2018, 2019, 2020)

# Children of 泉港区 entering primary school in September of year k (see the module docstring).
COHORT = {
    2004: 2450, 2005: 2500, 2006: 2540, 2007: 2580, 2008: 2620, 2009: 2650, 2010: 2690,
    2011: 3350, 2012: 3950, 2013: 4500, 2014: 4900, 2015: 5250, 2016: 5600, 2017: 5900,
    2018: 6100, 2019: 6300, 2020: 6450, 2021: 6600, 2022: 6760, 2023: 6900, 2024: 6650,
    2025: 6300, 2026: 5900, 2027: 5450,
}  # fmt: skip
# Share of a cohort in each level (migrant children push 小学 and 初中 a little above 1).
LEVEL_RATE = {PRE: 0.99, PRI: 1.015, JUN: 1.02, SEN: 0.77, VOC: 0.23}
SPECIAL_PER_GRADE = 14  # pupils per grade of the 特殊教育学校 at district size

# Class-size standards: 小学 45, 初中/高中 50 (domain-rules §2); 小班 25, 中班 30, 大班 35.
LARGE, SUPER_LARGE = 56, 66
KG_STANDARD = {1: 25, 2: 30, 3: 35}
# 大班额 classes at district size: (all ≥ 56, of which ≥ 66) per school year.
LARGE_TARGETS = {2018: (100, 7), 2019: (68, 2)}

# Primary-equivalent grade (1 = 一年级) of a level's grade: 小班 = -2, 初一 = 7, 高一 = 10.
_EQ_OFFSET = {PRE: -3, PRI: 0, JUN: 6, SEN: 9, VOC: 9, SPE: 0}
_LEVEL_ORDER = (PRE, PRI, JUN, SEN, VOC, SPE)
# Where each level's new entrants come from: the final grade of the level below, a year earlier.
_FEEDER = {PRI: PRE, JUN: PRI, SEN: JUN, VOC: JUN}

# Columns of each table as the generator fills them; the writer adds created_at/updated_at and defaults,
# and turns the pseudo-column ``id_number`` into the encrypted, hashed and masked columns.
COLUMNS = {
    "school": (
        "id", "code", "name", "kind", "ownership", "affordable", "county_id", "area_id", "locality",
        "capacity", "teaching_floor_area", "sports_area", "equipment_value", "multimedia_rooms", "books",
        "computers", "address", "is_active",
    ),
    "teacher": (
        "id", "staff_number", "name", "gender", "birth_date", "id_number", "county_id", "school_id",
        "on_establishment", "post_grade", "title_rank", "main_subject", "subjects", "education",
        "backbone_level", "status", "joined_school_year", "work_start", "teaching_school_id",
    ),
    "schoolclass": ("id", "county_id", "school_id", "school_year", "level", "grade", "name", "head_teacher_id"),
    "student": (
        "id", "name", "gender", "birth_date", "ethnicity", "id_number", "hukou_type", "migrant_child",
        "left_behind", "disability", "inclusive_placement", "county_id", "school_id",
    ),
    "enrollment": (
        "id", "student_id", "county_id", "school_id", "school_class_id", "school_year", "level", "grade",
        "status", "entry_date", "birth_year", "disability",
    ),
    "population": ("id", "area_id", "year", "age", "count", "group"),
    "financerecord": (
        "id", "year", "area_id", "school_id", "general_budget_education", "public_funding_per_student",
        "public_funding_total", "enrolment",
    ),
}  # fmt: skip
TABLE_ORDER = ("school", "teacher", "schoolclass", "student", "enrollment", "population", "financerecord")


def school_year(start: int) -> str:
    return f"{start}-{start + 1}"


def cohort_key(year: int, level: str, grade: int) -> int:
    """The primary-entry year k of the children in ``level`` ``grade`` in school year ``year``."""
    return year - (_EQ_OFFSET[level] + grade - 1)


def population_count(year: int, age: int) -> float:
    """District residents aged ``age`` at the end of ``year``: two thirds of one cohort, a third of the next.

    Children born January–August belong to cohort year+6-age, those born September–December to the next.
    """
    k = year - age + 6
    return COHORT.get(k, COHORT[min(COHORT)]) * 2 / 3 + COHORT.get(k + 1, COHORT[max(COHORT)]) / 3


@dataclass
class CountyRows:
    """What ``generate_county`` returns: rows per table (``COLUMNS`` order) and a summary."""

    county: CountySpec
    rows: dict[str, list[tuple]] = field(default_factory=lambda: {t: [] for t in TABLE_ORDER})
    summary: dict = field(default_factory=dict)

    def checksum(self) -> str:
        digest = hashlib.sha256()
        for table in TABLE_ORDER:
            digest.update(table.encode())
            for row in self.rows[table]:
                digest.update(repr(row).encode())
        return digest.hexdigest()


class IdNumbers:
    """Valid, unique GB 11643 numbers without a registry shared between counties.

    The three-digit sequence code (its last digit odd for men) is split: people registered in this county
    use 900–999; anyone else's region code gets the county's slot as the first two digits (slot*10 …
    slot*10+9), so two counties of one run never produce the same number.
    """

    def __init__(self, own_region: str, slot: int, rng: random.Random):
        if not 0 <= slot < 90:
            raise ValueError("a run generates at most 90 counties")
        self.own, self.slot, self.rng, self.used = own_region, slot, rng, set()

    def make(self, region: str, birth: dt.date, gender: str) -> tuple[str, dt.date]:
        """A free number for this person; on the rare clash the birth date moves a day or two later."""
        parity = 1 if gender == "M" else 0
        ranges = [range(900 + parity, 1000, 2)] if region == self.own else []
        ranges.append(range(self.slot * 10 + parity, self.slot * 10 + 10, 2))
        for day in range(30):
            born = birth + dt.timedelta(days=day)
            for seqs in ranges:
                start = self.rng.randrange(len(seqs))
                for i in range(len(seqs)):
                    first17 = f"{region}{born:%Y%m%d}{seqs[(start + i) % len(seqs)]:03d}"
                    if first17 not in self.used:
                        self.used.add(first17)
                        return first17 + id_check_digit(first17), born
        raise ValueError(f"no free ID number near {region} {birth}")


def _largest_remainder(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` as integers that add up exactly."""
    wsum = sum(weights)
    if total <= 0 or wsum <= 0:
        return [0] * len(weights)
    raw = [total * w / wsum for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def _class_name(level: str, grade: int, index: int) -> str:
    if level == PRE:
        return f"{PRESCHOOL_GRADE_NAMES[grade][0]}{chinese_number(index)}班"
    return f"{grade_name(level, grade)}({index})班"


@dataclass
class _School:
    draft: SchoolDraft
    id: int
    code: str
    town: int
    levels: tuple[str, ...]
    typical: dict[str, float]  # usual class size per level


class _CountyGenerator:
    """One county's generation; the steps run in ``run`` in a fixed order so the output is repeatable."""

    def __init__(self, county: CountySpec, *, seed: int, area_ids: dict[str, int], next_ids: dict[str, int]):
        self.county, self.seed = county, seed
        self.rng = random.Random(f"edubureau-demo:{seed}:{county.code}")
        self.towns: list[TownSpec] = county_towns(county)
        self.county_id = area_ids[county.code]
        self.town_ids = [area_ids[t.code] for t in self.towns]
        self.ids = next_ids
        self.idnos = IdNumbers(county.code, county.slot, self.rng)
        self.out = CountyRows(county)
        # student record: [id, name, gender, birth, ethnicity, id_number, hukou, migrant, left_behind,
        #                  disability, inclusive, current school id]
        self.students: list[list] = []
        self.entries: dict[tuple[int, int], dt.date] = {}  # (student index, year) → entered that school
        self.groups: dict[tuple[int, str, int, int], list[int]] = {}  # (school idx, level, grade, year)
        self.class_sizes: dict[tuple[int, str, int, int], list[int]] = {}

    def _next_id(self, table: str) -> int:
        value = self.ids[table]
        self.ids[table] = value + 1
        return value

    # -- schools -------------------------------------------------------------------------------------
    def build_schools(self) -> None:
        drafts = build_catalogue(self.county, self.towns, self.rng)
        full_weight = {lvl: sum(d.weights.get(lvl, 0) for d in drafts) for lvl in _LEVEL_ORDER}
        if self.county.tiny:
            drafts = tiny_subset(drafts)
            shrink = 0.3
            self.level_factor = {
                lvl: shrink * sum(d.weights.get(lvl, 0) for d in drafts) / full_weight[lvl]
                if full_weight[lvl]
                else 0
                for lvl in _LEVEL_ORDER
            }
        else:
            self.level_factor = dict.fromkeys(_LEVEL_ORDER, self.county.factor)
        self.schools: list[_School] = []
        for i, d in enumerate(drafts):
            levels = tuple(lvl for lvl in _LEVEL_ORDER if d.weights.get(lvl))
            typical = {lvl: self._typical_size(d, lvl) for lvl in levels}
            code = f"3135{self.county.slot:03d}{i + 1:03d}"
            self.schools.append(_School(d, self._next_id("school"), code, d.town, levels, typical))

    def _typical_size(self, d: SchoolDraft, level: str) -> float:
        r = self.rng.uniform
        if level == PRE:
            return r(-5, 0) if d.ownership == PUBLIC else r(-3, 4)  # offset from the grade standard
        if level in (PRI, JUN):
            base = {URBAN: (44, 50), RURAL: (34, 44)}.get(d.locality, (40, 48))
            if d.crowded:
                base = (48, 53)
            return r(*base) + (3 if level == JUN else 0)
        if level == SEN:
            return r(48, 54)
        if level == VOC:
            return r(40, 50)
        return 10.0

    # -- enrolment -----------------------------------------------------------------------------------
    def _level_total(self, year: int, level: str, grade: int) -> int:
        if level == SPE:
            return round(SPECIAL_PER_GRADE * self.level_factor[SPE] * (0.75 + 0.05 * ((year + grade) % 10)))
        k = cohort_key(year, level, grade)
        return round(COHORT[k] * LEVEL_RATE[level] * self.level_factor[level])

    def _school_weight(self, s: _School, level: str, grade: int, year: int) -> float:
        d = s.draft
        if d.opened and year - d.opened + 1 < grade:  # a new school fills up from its first grade
            return 0.0
        k = cohort_key(year, level, grade)
        # A fixed jitter per school and cohort, so a school's cohort keeps its size as it moves up.
        jitter = random.Random(f"{self.seed}:{s.code}:{level}:{k}").uniform(0.9, 1.1)
        return d.weights[level] * jitter

    def enrol(self) -> None:
        for year in YEARS:
            shares: dict[tuple[int, str, int], int] = {}
            for level in _LEVEL_ORDER:
                offering = [i for i, s in enumerate(self.schools) if level in s.levels]
                if not offering:
                    continue
                for grade in range(1, LEVEL_GRADES[level] + 1):
                    total = self._level_total(year, level, grade)
                    weights = [self._school_weight(self.schools[i], level, grade, year) for i in offering]
                    for i, n in zip(offering, _largest_remainder(total, weights), strict=True):
                        shares[(i, level, grade)] = n
            self._plan_classes(year, shares)
            if year == YEARS[0]:
                self._first_year(year, shares)
            else:
                self._next_year(year, shares)

    def _first_year(self, year: int, shares: dict[tuple[int, str, int], int]) -> None:
        rng = self.rng
        for (i, level, grade), n in shares.items():
            first = year - grade + 1
            members = []
            for _ in range(n):
                # Most came in the level's first grade; one in ten transferred in later.
                entry = dt.date(first if rng.random() < 0.9 else rng.randint(first, year), 9, 1)
                members.append(self._new_student(i, level, grade, year, entry))
            self.groups[(i, level, grade, year)] = members

    def _next_year(self, year: int, shares: dict[tuple[int, str, int], int]) -> None:
        prev = year - 1
        # Pools of last year's leavers by town: 大班 → 小学, 六年级 → 初中, 初三 → 高中/中职.
        pools: dict[str, dict[int, list[int]]] = {}
        for level in (PRE, PRI, JUN):
            last = LEVEL_GRADES[level]
            by_town: dict[int, list[int]] = {}
            for i, s in enumerate(self.schools):
                for idx in self.groups.get((i, level, last, prev), []):
                    by_town.setdefault(s.town, []).append(idx)
            for members in by_town.values():
                self.rng.shuffle(members)
            pools[level] = by_town
        need: list[tuple[int, str, int, int]] = []
        autumn = dt.date(year, 9, 1)
        for (i, level, grade), n in shares.items():
            key = (i, level, grade, year)
            if grade > 1:
                stayers = [
                    idx
                    for idx in self.groups.get((i, level, grade - 1, prev), [])
                    if self.rng.random() > 0.012
                ]
                members = stayers[:n]
                for idx in members:
                    self.entries[(idx, year)] = self.entries[(idx, prev)]
                members += [self._new_student(i, level, grade, year, autumn) for _ in range(n - len(members))]
                self.groups[key] = members
            elif level in _FEEDER:
                self.groups[key] = []
                need.append((i, level, grade, n))
            else:
                self.groups[key] = [self._new_student(i, level, grade, year, autumn) for _ in range(n)]
        # Entrants: first from the school's own town, then from anywhere, then newcomers.
        for local in (True, False):
            for i, level, grade, n in need:
                key = (i, level, grade, year)
                pool = pools[_FEEDER[level]]
                towns = [self.schools[i].town] if local else sorted(pool)
                for town in towns:
                    members = pool.get(town, [])
                    while members and len(self.groups[key]) < n:
                        idx = members.pop()
                        self._move_student(idx, i, year)
                        self.groups[key].append(idx)
        for i, level, grade, n in need:
            key = (i, level, grade, year)
            missing = n - len(self.groups[key])
            self.groups[key] += [self._new_student(i, level, grade, year, autumn) for _ in range(missing)]

    def _move_student(self, idx: int, school: int, year: int) -> None:
        self.students[idx][11] = self.schools[school].id
        self.entries[(idx, year)] = dt.date(year, 9, 1)

    def _new_student(self, i: int, level: str, grade: int, year: int, entry: dt.date) -> int:
        rng, s = self.rng, self.schools[i]
        d = s.draft
        k = cohort_key(year, level, grade)
        start = dt.date(k - 7, 9, 1)
        if level == SPE:
            start = start.replace(year=start.year - rng.choice((0, 0, 1, 2)))
        elif rng.random() < 0.04:  # started school a year late
            start = start.replace(year=start.year - 1)
        birth = start + dt.timedelta(days=rng.randrange(365))
        gender = "M" if rng.random() < (0.62 if level == SPE else 0.53) else "F"
        migrant_p = 0.35 if d.ownership == PRIVATE else {URBAN: 0.2, RURAL: 0.05}.get(d.locality, 0.12)
        if level == SEN:
            migrant_p /= 4  # 中考 rules keep most migrant children out of 普通高中
        migrant = rng.random() < migrant_p
        outside = migrant and rng.random() < 0.8
        if outside:
            region = rng.choice(MIGRANT_REGIONS)
        elif migrant:
            region = rng.choice(FUJIAN_OTHER_REGIONS)
        elif rng.random() < 0.92:
            region = self.county.code
        else:
            region = rng.choice(("350521", "350322", *FUJIAN_OTHER_REGIONS))
        ethnicity = "汉族"
        if d.ethnic and rng.random() < 0.55:
            ethnicity = d.ethnic
        elif outside and rng.random() < 0.07:
            ethnicity = rng.choice(("土家族", "苗族", "彝族", "布依族", "壮族", "侗族", "回族"))
        if migrant:
            hukou = HukouType.AGRICULTURAL.value if rng.random() < 0.85 else HukouType.RESIDENT.value
        else:
            agricultural, resident = (0.3, 0.4) if d.locality == URBAN else (0.55, 0.3)
            x = rng.random()
            hukou = (
                HukouType.AGRICULTURAL.value
                if x < agricultural
                else HukouType.RESIDENT.value
                if x < agricultural + resident
                else HukouType.NON_AGRICULTURAL.value
            )
        left = LeftBehind.NO.value
        if not migrant and level in (PRE, PRI, JUN):
            p = {RURAL: 0.09, URBAN: 0.02}.get(d.locality, 0.05)
            if rng.random() < p:
                left = LeftBehind.BOTH_PARENTS.value if rng.random() < 0.4 else LeftBehind.ONE_PARENT.value
        disability, inclusive = Disability.NONE.value, False
        if level == SPE:
            disability = rng.choices(
                (Disability.INTELLECTUAL, Disability.HEARING, Disability.SPEECH, Disability.VISUAL)
                + (Disability.MENTAL, Disability.MULTIPLE),
                weights=(55, 15, 5, 5, 12, 8),
            )[0].value
        elif level in (PRI, JUN) and rng.random() < 0.004:
            disability = rng.choices(
                (Disability.INTELLECTUAL, Disability.HEARING, Disability.VISUAL, Disability.SPEECH)
                + (Disability.PHYSICAL,),
                weights=(45, 20, 15, 10, 10),
            )[0].value
            inclusive = True  # 随班就读
        idx = len(self.students)
        id_number, birth = self.idnos.make(region, birth, gender)
        name = names.person_name(rng, gender, adult=False, migrant=outside)
        self.students.append(
            [self._next_id("student"), name, gender, birth, ethnicity, id_number, hukou, migrant, left]
            + [disability, inclusive, s.id]
        )
        self.entries[(idx, year)] = entry
        return idx

    # -- classes -------------------------------------------------------------------------------------
    def _plan_classes(self, year: int, shares: dict[tuple[int, str, int], int]) -> None:
        """Class sizes per school, level and grade: ≤ 55 everywhere, except the 大班额 of crowded schools."""
        rng = self.rng
        for (i, level, grade), n in shares.items():
            if n:
                self.class_sizes[(i, level, grade, year)] = self._normal_split(
                    self.schools[i], level, grade, n
                )
        scale = self.level_factor[PRI]
        target, target_super = (round(v * scale) for v in LARGE_TARGETS[year])
        if scale > 0.01 and target_super == 0 and year == YEARS[0]:
            target_super = 1
        candidates = [
            (i, level, grade)
            for (i, level, grade), n in shares.items()
            if self.schools[i].draft.crowded and level in (PRI, JUN, SEN) and n >= LARGE
        ]

        def rank(key: tuple[int, str, int]) -> tuple[int, float]:
            # The same order every year, so the crowded schools stay the crowded ones.
            i, level, grade = key
            school = self.schools[i]
            return school.draft.crowded, random.Random(f"{self.seed}:{school.code}:{level}:{grade}").random()

        candidates.sort(key=rank)
        large, chosen = 0, []
        for i, level, grade in candidates:
            if large >= target:
                break
            n = shares[(i, level, grade)]
            # As many classes as keep every one at 56 or more, but none (yet) at 66.
            c = n // LARGE
            if c < 1 or math.ceil(n / (SUPER_LARGE - 1)) > c or large + c > target:
                continue
            self.class_sizes[(i, level, grade, year)] = _even(n, c)
            large += c
            chosen.append((i, level, grade))
        supers = 0
        for i, level, grade in chosen:
            if supers >= target_super:
                break
            sizes = self.class_sizes[(i, level, grade, year)]
            n, c = sum(sizes), len(sizes)
            first = SUPER_LARGE + rng.randint(0, 3)
            if c == 1 and n >= SUPER_LARGE:
                supers += 1
            elif c > 1 and (n - first) // (c - 1) >= LARGE:
                self.class_sizes[(i, level, grade, year)] = [first, *_even(n - first, c - 1)]
                supers += 1

    def _normal_split(self, s: _School, level: str, grade: int, n: int) -> list[int]:
        if level == PRE:
            standard = KG_STANDARD[grade]
            size, cap = standard + s.typical[PRE], standard + 8
        elif level == SPE:
            size, cap = 10, 14
        else:
            size, cap = s.typical[level], LARGE - 1
        c = max(1, round(n / size))
        while n / c > cap:
            c += 1
        sizes = _even(n, c)
        for _ in range(c // 2):  # classes are never quite equal
            a, b = self.rng.randrange(c), self.rng.randrange(c)
            moved = self.rng.randint(1, 2)
            if a != b and sizes[a] - moved >= 1 and sizes[b] + moved <= cap:
                sizes[a] -= moved
                sizes[b] += moved
        return sizes

    # -- teachers ------------------------------------------------------------------------------------
    def build_teachers(self) -> None:
        rng = self.rng
        self.school_teachers: dict[int, list[tuple[int, str]]] = {}
        for i, s in enumerate(self.schools):
            d = s.draft
            plan: list[str] = []
            for level in s.levels:
                pupils = sum(len(self.groups.get((i, level, g, YEARS[-1]), [])) for g in range(1, 10))
                classes = max(
                    sum(len(self.class_sizes.get((i, level, g, y), [])) for g in range(1, 10)) for y in YEARS
                )
                if not pupils and not classes:
                    continue
                ratio, per_class = _STAFFING[level]
                if d.ownership == PRIVATE:
                    ratio *= 1.2
                need = pupils / ratio * rng.uniform(1.0, 1.15) if ratio else classes * per_class
                need = max(need, classes * (per_class if d.locality != RURAL else per_class + 0.3))
                plan += [level] * max(2, round(need))
            self.school_teachers[i] = []
            for n, level in enumerate(plan, start=1):
                tid = self._new_teacher(s, level, n)
                self.school_teachers[i].append((tid, level))

    def _new_teacher(self, s: _School, level: str, n: int) -> int:
        rng, d = self.rng, s.draft
        public = d.ownership == PUBLIC
        if not public:
            age = round(rng.triangular(21, 52, 27))
        elif level == PRE:
            age = round(rng.triangular(21, 56, 30))
        else:
            age = round(rng.triangular(22, 59, 43))
        female_p = {PRE: 0.97, PRI: 0.72, JUN: 0.58, SEN: 0.48, VOC: 0.45, SPE: 0.75}[level]
        gender = "F" if rng.random() < female_p else "M"
        birth = dt.date(2019 - age, 1, 1) + dt.timedelta(days=rng.randrange(365))
        education = _teacher_education(rng, level, age)
        start_age = {"postgraduate": 25, "bachelor": 22, "associate": 21, "secondary": 19}[education]
        work_year = min(2019, birth.year + start_age + rng.choice((0, 0, 0, 1)))
        work_start = dt.date(work_year, 8, 1)
        service = 2019 - work_year
        at_school = rng.choices((1, 4, 8, 15, 25), weights=(25, 28, 25, 17, 5))[0]
        at_school = min(service, max(0, at_school + rng.randint(-1, 2)))
        title = _title(rng, service, level, public)
        post_grade = None
        if public and title:
            post_grade = rng.choices(*_POST_GRADES[title])[0]
        subjects_pool, weights = _SUBJECTS[level]
        if (
            level in (PRI, JUN) and d.locality == RURAL
        ):  # village schools are short of 体育/音乐/美术 teachers
            weights = [
                w * (0.6 if sub in ("体育", "音乐", "美术") else 1)
                for sub, w in zip(subjects_pool, weights, strict=True)
            ]
        subject = rng.choices(subjects_pool, weights=weights)[0]
        subjects = [subject]
        if rng.random() < (0.45 if d.locality == RURAL else 0.2):
            other = rng.choices(subjects_pool, weights=weights)[0]
            if other != subject:
                subjects.append(other)
        backbone = BackboneLevel.NONE.value
        p = (0.3 if d.locality == URBAN else 0.27 if d.locality != RURAL else 0.22) if public else 0.03
        if service >= 5 and rng.random() < p:
            backbone = rng.choices(_BACKBONE, weights=(60, 28, 8, 3, 1))[0]
        status = rng.choices(_STATUSES, weights=(955, 7, 8, 5, 20, 3, 2))[0]
        on_establishment = public and rng.random() < (0.65 if level == PRE else 0.93)
        if public and rng.random() < 0.85:
            region = "350521" if birth.year < 1984 and self.county.code == QUANGANG else self.county.code
        else:
            region = rng.choice(FUJIAN_OTHER_REGIONS if rng.random() < 0.9 else MIGRANT_REGIONS)
        tid = self._next_id("teacher")
        id_number, birth = self.idnos.make(region, birth, gender)
        self.out.rows["teacher"].append(
            (
                tid,
                f"{s.code[-6:]}{n:04d}",
                names.person_name(rng, gender, adult=True),
                gender,
                birth,
                id_number,
                self.county_id,
                s.id,
                on_establishment,
                post_grade,
                title,
                subject,
                ",".join(subjects),
                education,
                backbone,
                status,
                2019 - at_school,
                work_start,
                None,  # the 交流轮岗 host school, set by ``assign_rotation_hosts``
            )
        )
        return tid

    def assign_rotation_hosts(self) -> None:
        """Teachers on 交流轮岗 (205) at a public school teach at another public school of their level,
        rural ones first (城镇 → 乡村, 教师〔2014〕4号): a fixed pick by teacher id, no random draw, so the
        rest of the demo is unchanged."""
        col, status = (COLUMNS["teacher"].index(n) for n in ("teaching_school_id", "status"))
        at = {tid: (i, level) for i, pairs in self.school_teachers.items() for tid, level in pairs}
        hosts: dict[str, list[_School]] = {}
        for s in sorted(self.schools, key=lambda s: (s.draft.locality != RURAL, s.code)):
            if s.draft.ownership != PRIVATE:
                for level in s.levels:
                    hosts.setdefault(level, []).append(s)
        rows = self.out.rows["teacher"]
        for k, row in enumerate(rows):
            if row[status] != TeacherStatus.ROTATING.value or row[0] not in at:
                continue
            i, level = at[row[0]]
            if self.schools[i].draft.ownership == PRIVATE:
                continue
            choices = [h for h in hosts.get(level, []) if h.id != self.schools[i].id]
            if choices:
                rows[k] = (*row[:col], choices[row[0] % len(choices)].id, *row[col + 1 :])

    # -- rows ----------------------------------------------------------------------------------------
    def emit_classes_and_enrollments(self) -> None:
        """Classes with their 班主任, and one enrollment per pupil and year in class order."""
        t = {name: COLUMNS["teacher"].index(name) for name in ("status", "joined_school_year")}
        teachers = {row[0]: row for row in self.out.rows["teacher"]}
        head_pool: dict[tuple[int, str, int], list[int]] = {}
        for i, s in enumerate(self.schools):
            for level in s.levels:
                ids = [tid for tid, lvl in self.school_teachers.get(i, []) if lvl == level]
                random.Random(f"{self.seed}:heads:{s.code}:{level}").shuffle(ids)
                for year in YEARS:  # the same order both years: most classes keep their 班主任
                    head_pool[(i, level, year)] = [
                        tid
                        for tid in ids
                        if teachers[tid][t["status"]] == TeacherStatus.IN_POST.value
                        and teachers[tid][t["joined_school_year"]] <= year
                    ]
        for (i, level, grade, year), sizes in sorted(self.class_sizes.items(), key=_class_sort_key):
            s = self.schools[i]
            pool = head_pool[(i, level, year)]
            members = self.groups.get((i, level, grade, year), [])
            start = 0
            for c, size in enumerate(sizes, start=1):
                cid = self._next_id("schoolclass")
                head = pool.pop(0) if pool else None
                self.out.rows["schoolclass"].append(
                    (
                        cid,
                        self.county_id,
                        s.id,
                        school_year(year),
                        level,
                        grade,
                        _class_name(level, grade, c),
                        head,
                    )
                )
                enrollments = self.out.rows["enrollment"]
                sy = school_year(year)
                for idx in members[start : start + size]:
                    entry = self.entries[(idx, year)]
                    pupil = self.students[idx]
                    row = (self._next_id("enrollment"), pupil[0], self.county_id, s.id, cid, sy)
                    enrollments.append((*row, level, grade, ENROLLED, entry, pupil[3].year, pupil[9]))
                start += size

    def emit_students(self) -> None:
        for st in self.students:
            self.out.rows["student"].append((*st[:11], self.county_id, st[11]))

    def emit_schools(self) -> None:
        """School rows, with facilities set from 2019-2020 enrolment against the 优质均衡 standards."""
        rng = self.rng
        self.enrolment: dict[tuple[int, int], dict[str, int]] = {}
        for (i, level, _grade, year), members in self.groups.items():
            by_level = self.enrolment.setdefault((i, year), {})
            by_level[level] = by_level.get(level, 0) + len(members)
        for i, s in enumerate(self.schools):
            d = s.draft
            pupils = self.enrolment.get((i, YEARS[-1]), {})
            total = sum(pupils.values()) or 1
            per = {
                key: sum(pupils.get(lvl, 0) * _FACILITY[lvl][j] for lvl in pupils)
                for j, key in enumerate(_FAC_KEYS)
            }
            # Most schools meet the standards comfortably; about one in five falls short somewhere.
            quality = rng.uniform(0.72, 0.98) if rng.random() < 0.2 else rng.uniform(1.0, 1.6)
            space = quality * (rng.uniform(0.6, 0.9) if d.crowded else 1)

            def vary(value: float, q: float = quality) -> float:
                return value * q * rng.uniform(0.9, 1.1)

            town = self.towns[s.town]
            address = (
                f"{self.county.city_name}{self.county.name}{town.name}{d.village}村"
                if d.village
                else f"{self.county.city_name}{self.county.name}{town.name}{town_short(town.name)}路{rng.randint(1, 300)}号"
            )
            capacity = total * (rng.uniform(0.78, 0.95) if d.crowded else rng.uniform(0.95, 1.3))
            self.out.rows["school"].append(
                (
                    s.id,
                    s.code,
                    d.name,
                    d.kind,
                    d.ownership,
                    d.affordable,
                    self.county_id,
                    self.town_ids[s.town],
                    d.locality,
                    round(capacity / 10) * 10,
                    Decimal(round(vary(per["floor"], space), 1)).quantize(Decimal("0.1")),
                    Decimal(round(vary(per["sports"], space), 1)).quantize(Decimal("0.1")),
                    Decimal(round(vary(per["equipment"]), 2)).quantize(Decimal("0.01")),
                    max(1, round(vary(per["multimedia"] / 100))),
                    round(vary(per["books"])),
                    max(1, round(vary(per["computers"] / 100))),
                    address,
                    True,
                )
            )

    def emit_population(self) -> None:
        """适龄人口 by town and single year of age, 0–18, from the cohorts (scaled like the enrolment)."""
        rng = self.rng
        primary_weight = [0.0] * len(self.towns)
        for s in self.schools:
            primary_weight[s.town] += s.draft.weights.get(PRI, 0)
        total = sum(primary_weight) or 1
        shares = [0.5 * t.share + 0.5 * w / total for t, w in zip(self.towns, primary_weight, strict=True)]
        for year in POPULATION_YEARS:
            for age in range(0, 19):
                band = PRE if age < 6 else PRI if age < 12 else JUN if age < 15 else SEN
                factor = self.level_factor[band]
                district = population_count(year, age) * factor
                counts = _largest_remainder(round(district), [sh * rng.uniform(0.97, 1.03) for sh in shares])
                for t, count in enumerate(counts):
                    self.out.rows["population"].append(
                        (self._next_id("population"), self.town_ids[t], year, age, count, "")
                    )
        self.emit_disabled_population()

    def emit_disabled_population(self) -> None:
        """三类残疾 children aged 6–15 by town (the 残联's register): the pupils with those disabilities
        enrolled that year, plus about 3 % not in school, so that the rate lands near the plan's 96.5 %."""
        three = {d.value for d in THREE_DISABILITY_TYPES}
        town_of = {s.id: s.town for s in self.schools}
        for year in POPULATION_YEARS:
            school_year = min(max(year, YEARS[0]), YEARS[-1])  # the nearest generated school year
            counts: dict[tuple[int, int], int] = {}
            for idx, row in enumerate(self.students):
                age = year - row[3].year
                if row[9] in three and 6 <= age <= 15 and (idx, school_year) in self.entries:
                    key = (town_of[row[11]], age)
                    counts[key] = counts.get(key, 0) + 1
            for (town, age), n in sorted(counts.items()):
                count = n + (1 if self.rng.random() < 0.03 * n else 0)
                self.out.rows["population"].append(
                    (self._next_id("population"), self.town_ids[town], year, age, count, "three_disability")
                )

    def emit_finance(self) -> None:
        """经费 for 2017–2019 per school and for the county: spending rises, with the gaps the plan names."""
        rng = self.rng
        county_lines = {y: [Decimal(0), Decimal(0), 0] for y in FINANCE_YEARS}
        for i, s in enumerate(self.schools):
            d = s.draft
            mix = self.enrolment.get((i, YEARS[-1]), {})
            pupils_by_year = {y: sum(self.enrolment.get((i, y), {}).values()) for y in YEARS}
            pupils_by_year[2017] = round(pupils_by_year[2018] * rng.uniform(0.94, 0.99))
            for y in FINANCE_YEARS:
                pupils = pupils_by_year[y]
                if not pupils:  # not open yet
                    continue
                per_student, share = _funding_standard(d, mix, y)
                funded = pupils * share
                if d.ownership == PUBLIC and d.kind != KG and pupils < 100:
                    funded = 100  # small schools are funded as if they had 100 pupils (优质均衡 item 6)
                funding = (per_student * Decimal(round(funded))).quantize(Decimal("0.01"))
                general = funding
                if d.ownership == PUBLIC:  # salaries and running costs; private schools get the funding only
                    staff = len(self.school_teachers.get(i, [])) * (1 - 0.02 * (2019 - y))
                    running = staff * _SALARY[y] * rng.uniform(0.96, 1.04) + pupils * 320 * rng.uniform(
                        0.8, 1.2
                    )
                    general += Decimal(round(running, 2))
                general = general.quantize(Decimal("0.01"))
                row = (self._next_id("financerecord"), y, self.town_ids[s.town], s.id, general, per_student)
                self.out.rows["financerecord"].append((*row, funding, pupils))
                line = county_lines[y]
                line[0] += general
                line[1] += funding
                line[2] += pupils
        for y in FINANCE_YEARS:
            general, funding, pupils = county_lines[y]
            # Bureau-level spending (training, the building projects of task 20) on top of the schools'.
            capital = Decimal(_CAPITAL[y]) * Decimal(str(self.level_factor[PRI]))
            general = (general * Decimal("1.10") + capital).quantize(Decimal("0.01"))
            per_student = (funding / pupils).quantize(Decimal("0.01")) if pupils else Decimal(0)
            row = (self._next_id("financerecord"), y, self.county_id, None, general, per_student)
            self.out.rows["financerecord"].append((*row, funding, pupils))

    def summarise(self) -> None:
        rows = self.out.rows
        summary: dict = {
            "county": self.county.name,
            "schools": len(rows["school"]),
            "teachers": len(rows["teacher"]),
            "students": len(rows["student"]),
            "enrollments": len(rows["enrollment"]),
        }
        for year in YEARS:
            sizes = [size for (_, level, _, y), v in self.class_sizes.items() if y == year for size in v]
            school_sizes = [
                size
                for (_, level, _, y), v in self.class_sizes.items()
                if y == year and level in (PRI, JUN, SEN)
                for size in v
            ]
            summary[school_year(year)] = {
                "enrolled": sum(len(m) for (_, _, _, y), m in self.groups.items() if y == year),
                "classes": len(sizes),
                "large_classes": sum(1 for n in school_sizes if n >= LARGE),
                "super_large_classes": sum(1 for n in school_sizes if n >= SUPER_LARGE),
                "entrants": {
                    level: sum(
                        len(m)
                        for (_, lvl, g, y), m in self.groups.items()
                        if y == year and lvl == level and g == 1
                    )
                    for level in _LEVEL_ORDER
                },
            }
        self.out.summary = summary

    def run(self) -> CountyRows:
        self.build_schools()
        self.enrol()
        self.build_teachers()
        self.assign_rotation_hosts()
        self.emit_schools()
        self.emit_classes_and_enrollments()
        self.emit_students()
        self.emit_population()
        self.emit_finance()
        self.summarise()
        # Rows leave in primary-key order, as the writer expects.
        for table in ("schoolclass", "enrollment"):
            self.out.rows[table].sort(key=lambda r: r[0])
        return self.out


def _class_sort_key(item):
    (i, level, grade, year), _ = item
    return (year, i, _LEVEL_ORDER.index(level), grade)


def _even(n: int, c: int) -> list[int]:
    base, extra = divmod(n, c)
    return [base + (1 if j < extra else 0) for j in range(c)]


# (pupils per teacher, teachers per class at least): 编制 1:19 / 1:13.5 / 1:12.5 (domain-rules §3);
# kindergartens two 专任教师 per class; special schools by class.
_STAFFING = {
    PRE: (0, 2.0),
    PRI: (19 / 1.08, 1.5),
    JUN: (13.5 / 1.08, 2.4),
    SEN: (12.5 / 1.05, 2.6),
    VOC: (13, 2.2),
    SPE: (0, 2.5),
}
_SUBJECTS = {
    PRE: (("学前教育", "音乐", "美术", "体育"), (90, 5, 3, 2)),
    PRI: (
        ("语文", "数学", "英语", "体育", "音乐", "美术", "科学", "道德与法治", "信息技术", "综合实践"),
        (30, 25, 9, 9, 7, 7, 6, 4, 3, 2),
    ),
    JUN: (
        ("语文", "数学", "英语", "物理", "化学", "生物", "道德与法治", "历史", "地理", "体育", "音乐", "美术", "信息技术"),
        (15, 15, 14, 8, 6, 6, 8, 7, 6, 8, 4, 4, 2),
    ),
    SEN: (
        ("语文", "数学", "英语", "物理", "化学", "生物", "思想政治", "历史", "地理", "体育与健康", "音乐", "美术", "信息技术"),
        (13, 13, 13, 10, 9, 8, 7, 7, 7, 6, 2, 2, 3),
    ),
    VOC: (
        ("语文", "数学", "英语", "体育", "化工工艺", "机电技术应用", "计算机应用", "会计", "电子商务", "汽车运用与维修"),
        (10, 10, 8, 5, 15, 15, 12, 8, 8, 9),
    ),
    SPE: (("特殊教育", "康复训练", "体育", "音乐", "美术"), (70, 15, 5, 5, 5)),
}  # fmt: skip
_BACKBONE = tuple(
    b.value
    for b in (
        BackboneLevel.COUNTY,
        BackboneLevel.CITY,
        BackboneLevel.PROVINCE,
        BackboneLevel.SUBJECT_LEADER,
        BackboneLevel.FAMOUS,
    )
)
_STATUSES = tuple(
    s.value
    for s in (
        TeacherStatus.IN_POST,
        TeacherStatus.SECONDED,
        TeacherStatus.LONG_SICK_LEAVE,
        TeacherStatus.STUDYING,
        TeacherStatus.ROTATING,
        TeacherStatus.AWAITING_POST,
        TeacherStatus.OTHER,
    )
)
# 岗位等级 for a 职称: 正高 2–4, 副高 5–7, 中级 8–10, 初级 11–13 (domain-rules §7).
_POST_GRADES = {
    TitleRank.SENIOR_PROFESSOR.value: ((2, 3, 4), (1, 2, 4)),
    TitleRank.SENIOR.value: ((5, 6, 7), (1, 3, 6)),
    TitleRank.FIRST.value: ((8, 9, 10), (1, 3, 6)),
    TitleRank.SECOND.value: ((11, 12), (1, 2)),
    TitleRank.THIRD.value: ((13,), (1,)),
}
_SALARY = {2017: 96_000, 2018: 103_000, 2019: 111_000}
_CAPITAL = {2017: 135_000_000, 2018: 162_000_000, 2019: 205_000_000}
# Per pupil: (teaching floor m², sports ground m², equipment yuan, multimedia rooms per 100, books,
# computers per 100); 小学/初中 at the 优质均衡 standards (教督〔2017〕6号), the others plausible.
_FAC_KEYS = ("floor", "sports", "equipment", "multimedia", "books", "computers")
_FACILITY = {
    PRE: (6.0, 4.0, 800, 1.5, 10, 3),
    PRI: (4.5, 7.5, 2000, 2.3, 30, 12),
    JUN: (5.8, 10.2, 2500, 2.4, 40, 15),
    SEN: (6.5, 11.0, 3500, 2.5, 50, 18),
    VOC: (8.0, 9.0, 6000, 3.0, 40, 30),
    SPE: (20.0, 12.0, 9000, 8.0, 40, 20),
}
# 生均公用经费 standards by year (yuan): 小学 650 / 初中 850 (东部, 2016) rising; 公办幼儿园 ≥ 450 and
# 公办普通高中 900 in 2019 (plan task 21); 特教 6000 (domain-rules §5).
_FUNDING = {
    PRE: (300, 380, 450),
    PRI: (650, 650, 700),
    JUN: (850, 850, 900),
    SEN: (800, 850, 900),
    VOC: (900, 950, 1000),
    SPE: (6000, 6000, 7000),
}


def _funding_standard(d: SchoolDraft, mix: dict[str, int], year: int) -> tuple[Decimal, float]:
    """(生均公用经费 standard, share of the pupils it is paid for), blended over the school's levels."""
    j = FINANCE_YEARS.index(year)
    if d.kind == KG and d.ownership == PRIVATE:
        # 普惠性民办园 get a per-child subsidy; other private kindergartens nothing.
        return Decimal((150, 200, 250)[j] if d.affordable == AFF_PRIVATE else 0), 1.0
    total = sum(mix.values()) or 1
    if d.ownership == PRIVATE:
        # Private schools are paid the compulsory-education standard for their 小学/初中 pupils only.
        mix = {lvl: n for lvl, n in mix.items() if lvl in (PRI, JUN)}
    paid = sum(mix.values())
    if not paid:
        return Decimal(0), 0.0
    value = sum(_FUNDING[lvl][j] * n for lvl, n in mix.items()) / paid
    if d.funding_gap and year == FINANCE_YEARS[-1]:
        # The plan's gaps: a 公办高中 cut from 850 to 820 (below 900, breaking 只增不减), rural KGs at 400 (< 450).
        value = 820 if SEN in mix else 400
    return Decimal(round(value, 2)).quantize(Decimal("0.01")), paid / total


def _teacher_education(rng: random.Random, level: str, age: int) -> str:
    post, bachelor, associate = {
        PRE: (0.0, 0.35, 0.55),
        PRI: (0.01, 0.62, 0.33),
        JUN: (0.03, 0.85, 0.12),
        SEN: (0.1, 0.88, 0.02),
        VOC: (0.05, 0.8, 0.13),
        SPE: (0.02, 0.6, 0.35),
    }[level]
    if age > 48:  # the older generation came through 中师 and 专科
        bachelor, associate = bachelor * 0.7, associate + bachelor * 0.25
    x = rng.random()
    if x < post:
        return Education.POSTGRADUATE.value
    if x < post + bachelor:
        return Education.BACHELOR.value
    if x < post + bachelor + associate:
        return Education.ASSOCIATE.value
    return Education.SECONDARY.value


def _title(rng: random.Random, service: int, level: str, public: bool) -> str:
    t = TitleRank
    if service < 1:
        return t.NONE.value
    if not public:
        return rng.choices((t.NONE, t.SECOND, t.FIRST), weights=(50, 35, 15))[0].value
    if service <= 5:
        return rng.choices((t.SECOND, t.THIRD, t.NONE), weights=(75, 15, 10))[0].value
    if service <= 12:
        return rng.choices((t.SECOND, t.FIRST), weights=(45, 55))[0].value
    if service <= 20:
        return rng.choices((t.SECOND, t.FIRST, t.SENIOR), weights=(10, 70, 20))[0].value
    senior_share = 25 if level in (PRE, PRI) else 42
    professor = 1 if level in (JUN, SEN) else 0
    return rng.choices(
        (t.FIRST, t.SENIOR, t.SENIOR_PROFESSOR), weights=(75 - senior_share, senior_share, professor)
    )[0].value


def county_areas(county: CountySpec) -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code) of the county and its towns, for the service to create."""
    rows: list[tuple[str, str, str, str | None]] = [(county.code, county.name, "county", county.city_code)]
    rows += [(t.code, t.name, "town", county.code) for t in county_towns(county)]
    return rows


def generate_county(
    county: CountySpec, *, seed: int, area_ids: dict[str, int], next_ids: dict[str, int]
) -> CountyRows:
    """All registry rows of one county. ``next_ids`` (first free primary key per table) is advanced."""
    return _CountyGenerator(county, seed=seed, area_ids=area_ids, next_ids=next_ids).run()
