"""Indicator formulas as pure functions over plain numbers: no ORM, no settings, testable without a database.

The engine (``indicators.engine``) reads aggregated inputs with grouped SQL queries and hands them here.
Every rule cited below is in ``reference/domain-rules.md``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence

from edubureau.registry.class_size import STANDARD_SIZE_BY_LEVEL, SizeBand, size_band

# --- rates ------------------------------------------------------------------------------------------


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator ÷ denominator, None when the denominator is missing or zero."""
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def percent(numerator: float | None, denominator: float | None) -> float | None:
    """A rate in per cent (the plan writes its targets in per cent: 入园率98%)."""
    r = ratio(numerator, denominator)
    return None if r is None else 100 * r


def per_hundred(numerator: float | None, denominator: float | None) -> float | None:
    """每百名学生拥有 … (优质均衡 indicators 1–3 and 7)."""
    return percent(numerator, denominator)


def population_in_ages(by_age: Mapping[int, int], low: int, high: int) -> int:
    """People aged ``low``…``high`` inclusive (学前三年 = 3–5; 高中阶段 = 15–17, domain-rules §5)."""
    return sum(n for age, n in by_age.items() if low <= age <= high)


# --- 差异系数 ---------------------------------------------------------------------------------------


def weighted_cv(pupils: Sequence[float], resources: Sequence[float]) -> float | None:
    """Enrolment-weighted 差异系数 (domain-rules §4c; 教督〔2017〕6号 uses it for every resource indicator).

    x_i = resource_i / P_i; x̄ = Σ resource / Σ P; S = sqrt(Σ (P_i/P)(x_i − x̄)²); CV = S / x̄.
    Schools without pupils carry no weight and are left out. None when nothing is left or x̄ is 0.
    """
    pairs = [(p, r) for p, r in zip(pupils, resources, strict=True) if p and p > 0]
    total = sum(p for p, _ in pairs)
    if not pairs or not total:
        return None
    mean = sum(r for _, r in pairs) / total
    if mean == 0:
        return None
    variance = sum((p / total) * (r / p - mean) ** 2 for p, r in pairs)
    return math.sqrt(variance) / mean


# 优质均衡 county thresholds of the 校际差异系数 (教督〔2017〕6号): 小学 ≤ 0.50, 初中 ≤ 0.45.
CV_LIMIT = {"primary": 0.50, "junior": 0.45}


# --- 优质均衡 resource indicators ------------------------------------------------------------------

# The 7 resource indicators (教督〔2017〕6号 资源配置), standards for 小学 / 初中.
BALANCE_STANDARDS: dict[str, dict[str, float]] = {
    "qualified_teachers": {"primary": 4.2, "junior": 5.3},  # per 100 pupils, 高于规定学历
    "backbone_teachers": {"primary": 1.0, "junior": 1.0},  # per 100 pupils, 县级以上骨干
    "sports_arts_teachers": {"primary": 0.9, "junior": 0.9},  # per 100 pupils, 体育、艺术专任教师
    "floor_area": {"primary": 4.5, "junior": 5.8},  # m² per pupil, 教学及辅助用房
    "sports_area": {"primary": 7.5, "junior": 10.2},  # m² per pupil, 体育运动场馆
    "equipment": {"primary": 2000.0, "junior": 2500.0},  # yuan per pupil, 教学仪器设备值
    "multimedia_rooms": {"primary": 2.3, "junior": 2.4},  # per 100 pupils, 网络多媒体教室
}
PER_HUNDRED = {"qualified_teachers", "backbone_teachers", "sports_arts_teachers", "multimedia_rooms"}
# A school meets the resource standard with ≥ 6 of 7 met and each other one at ≥ 85 % of its standard.
BALANCE_MIN_MET, BALANCE_NEAR_SHARE = 6, 0.85
# Combined schools split their resources by weighted pupils (九年一贯制 小:初 = 1:1.1; 完全中学 初:高 = 1:1.2).
LEVEL_WEIGHT = {"primary": 1.0, "junior": 1.1}
COMPLETE_SECONDARY_WEIGHT = {"junior": 1.0, "senior": 1.2}
# 优质均衡 leaves out 教学点 (``School.is_teaching_point``) with fewer than 50 pupils (教督〔2017〕6号); a
# section of an ordinary school is assessed however few its pupils.
BALANCE_MIN_PUPILS = 50


def balance_value(key: str, resource: float, pupils: int) -> float | None:
    """A school's value of one resource indicator: per pupil, or per 100 pupils."""
    return per_hundred(resource, pupils) if key in PER_HUNDRED else ratio(resource, pupils)


def level_shares(pupils_by_level: Mapping[str, int], weights: Mapping[str, float]) -> dict[str, float]:
    """The share of a combined school's resources each level gets: weighted pupils over their sum."""
    weighted = {lvl: n * weights.get(lvl, 1.0) for lvl, n in pupils_by_level.items() if n}
    total = sum(weighted.values())
    return {lvl: w / total for lvl, w in weighted.items()} if total else {}


def balance_school_result(values: Mapping[str, float | None], level: str) -> tuple[int, bool]:
    """(indicators met, whether the school meets the standard: ≥ 6 of 7, the rest ≥ 85 %)."""
    met, near = 0, True
    for key, standards in BALANCE_STANDARDS.items():
        value, standard = values.get(key), standards[level]
        if value is not None and value >= standard:
            met += 1
        elif value is None or value < BALANCE_NEAR_SHARE * standard:
            near = False
    return met, met >= BALANCE_MIN_MET and near


# --- 班额 -----------------------------------------------------------------------------------------


_BANDS = tuple(SizeBand.values)  # ``.values`` builds a new list on every call


def band_counts(sizes: Iterable[int]) -> dict[str, int]:
    """Classes per MoE band (≤45, 46–55, 56–65 大班额, ≥66 超大班额)."""
    counts = dict.fromkeys(_BANDS, 0)
    for n in sizes:
        counts[size_band(n)] += 1
    return counts


def class_size_summary(classes: Iterable[tuple[int, str]]) -> dict[str, int]:
    """Counts over (pupils, level) classes: all, per band, 56+ (大班额 as the plan counts it), 66+,
    51–55 (over the 50 standard, under the 大班额 threshold) and over the level standard (45/50)."""
    classes_, pupils, large, very_large, size_51_55, over = 0, 0, 0, 0, 0, 0
    bands = dict.fromkeys(_BANDS, 0)
    for n, level in classes:
        classes_ += 1
        pupils += n
        bands[size_band(n)] += 1
        large += n >= 56
        very_large += n >= 66
        size_51_55 += 51 <= n <= 55
        limit = STANDARD_SIZE_BY_LEVEL.get(level)
        over += limit is not None and n > limit
    return {"classes": classes_, "pupils": pupils, "large": large, "very_large": very_large,
            "size_51_55": size_51_55, "over_standard": over, **bands}  # fmt: skip


# --- 编制 ----------------------------------------------------------------------------------------

# 教职工:学生 (中央编办发〔2014〕72号): 高中 1:12.5, 初中 1:13.5, 小学 1:19. Kindergarten (教师〔2013〕1号,
# full day 1:5–1:7): the lenient end, 1:7. 中职 follows 高中 here (no separate norm in the rules).
STAFF_RATIO = {
    "preschool": 7.0,
    "primary": 19.0,
    "junior": 13.5,
    "senior": 12.5,
    "vocational": 12.5,
}


def staffing_norm(pupils_by_level: Mapping[str, int]) -> int:
    """编制 = Σ ceil(在校生 / ratio) over the levels with a ratio (special schools are staffed otherwise).

    Given the county's pupils per level this is the county norm as it is approved; a school's figure is
    its allocation of that (``allocate``), not a rounding of its own."""
    return sum(
        math.ceil(n / STAFF_RATIO[lvl]) for lvl, n in pupils_by_level.items() if lvl in STAFF_RATIO and n
    )


def allocate(total: int, shares: Mapping) -> dict:
    """``total`` whole units split in proportion to ``shares`` by the largest-remainder method: the parts
    add up to ``total`` exactly (ties go to the smaller key, so the result is deterministic)."""
    weight = sum(shares.values())
    if not total or weight <= 0:
        return dict.fromkeys(shares, 0)
    exact = {k: total * w / weight for k, w in shares.items()}
    out = {k: math.floor(v) for k, v in exact.items()}
    rest = total - sum(out.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - out[k]), k))[:rest]:
        out[k] += 1
    return out


# --- funding ------------------------------------------------------------------------------------

# 生均公用经费 floors (yuan): 公办幼儿园 450 and 公办普通高中 900 (plan task 21, 泉港教综〔2019〕55号);
# 义务教育 东部 基准定额 小学 650, 初中 850 (2016, domain-rules §5). A nine-year school gets the 小学 floor.
FUNDING_FLOOR = {
    "kindergarten": 450,
    "primary": 650,
    "nine_year": 650,
    "junior": 850,
    "senior": 900,
    "complete_secondary": 900,
}
# The floor of each section of a combined school (九年一贯制 小学部/初中部, 完全中学 初中部/高中部).
SECTION_FLOOR = {"primary": 650, "junior": 850, "senior": 900}
COMBINED_SECTIONS = {"nine_year": ("primary", "junior"), "complete_secondary": ("junior", "senior")}


def funding_floor(kind: str, pupils_by_level: Mapping[str, int]) -> float:
    """The 生均公用经费 floor a school of funding type ``kind`` is held to. A combined school's floor is its
    sections' floors weighted by their pupils (九年一贯制 650/850, 完全中学 850/900); without pupils the
    lowest section floor (the type's listed floor)."""
    sections = COMBINED_SECTIONS.get(kind)
    if not sections:
        return FUNDING_FLOOR[kind]
    n = {lvl: pupils_by_level.get(lvl, 0) for lvl in sections}
    total = sum(n.values())
    if not total:
        return min(SECTION_FLOOR[lvl] for lvl in sections)
    return sum(SECTION_FLOOR[lvl] * k for lvl, k in n.items()) / total


def change(current: float | None, previous: float | None) -> float | None:
    """Year-on-year change (只增不减 holds when it is ≥ 0)."""
    if current is None or previous is None:
        return None
    return current - previous


# --- targets ------------------------------------------------------------------------------------

GREEN, YELLOW, RED, GREY = "green", "yellow", "red", "grey"
# A planned enrolment (计划招生 N 人) is met within ±5 %, at risk within ±10 %.
PLAN_TOLERANCE, PLAN_RISK = 0.05, 0.10


def target_light(*, comparator: str, target: float | None, actual: float | None, unit: str = "") -> str:
    """红黄绿灯 of a measured target: green met, yellow close (within 5 % of the way), red missed."""
    if actual is None:
        return GREY
    if comparator in ("reduce_by", "increase_by"):
        if target is None:
            return GREEN if actual >= 0 else RED
        return GREEN if actual >= target else YELLOW if actual >= 0.5 * target else RED
    if target is None:  # 只增不减: the actual is the change on last year
        return GREEN if actual >= 0 else RED
    if comparator == "<=":
        return GREEN if actual <= target else YELLOW if actual <= target * 1.05 else RED
    if comparator in ("=", "approx") and unit == "人":
        off = abs(actual - target) / target if target else abs(actual)
        return GREEN if off <= PLAN_TOLERANCE else YELLOW if off <= PLAN_RISK else RED
    # ">=", and "达到 N%" / "达到 N 元": at least the target.
    return GREEN if actual >= target else YELLOW if actual >= target * 0.98 else RED


def target_gap(*, comparator: str, target: float | None, actual: float | None) -> float | None:
    """actual − target (for reduce/increase targets: achieved change − promised change)."""
    if actual is None:
        return None
    if target is None:
        return actual if comparator in (">=", "reduce_by", "increase_by") else None
    return actual - target
