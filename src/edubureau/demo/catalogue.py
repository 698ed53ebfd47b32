"""Which schools a county has: 泉港区's named ones from the 2019 plan, and generated ones for the rest.

A draft carries a relative size per level (pupils per grade, ``weights``): the generator shares each
cohort among the schools of a level in proportion to these. ``crowded`` ranks the schools whose classes
run large (1 first); ``opened`` is the first school year with pupils (锦川实验小学 opens in 2019).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from edubureau.demo.places import QUANGANG, CountySpec, TownSpec
from edubureau.registry.choices import AffordableStatus, Level, Locality, Ownership, SchoolKind

PRE, PRI, JUN, SEN, VOC, SPE = (
    Level.PRESCHOOL.value,
    Level.PRIMARY.value,
    Level.JUNIOR.value,
    Level.SENIOR.value,
    Level.VOCATIONAL.value,
    Level.SPECIAL.value,
)
KG, PRIMARY, JUNIOR, NINE, COMPLETE, SENIOR, VOCATIONAL, SPECIAL = (
    SchoolKind.KINDERGARTEN.value,
    SchoolKind.PRIMARY.value,
    SchoolKind.JUNIOR.value,
    SchoolKind.NINE_YEAR.value,
    SchoolKind.COMPLETE_SECONDARY.value,
    SchoolKind.SENIOR.value,
    SchoolKind.VOCATIONAL.value,
    SchoolKind.SPECIAL.value,
)
PUBLIC, PRIVATE = Ownership.PUBLIC.value, Ownership.PRIVATE.value
URBAN, TOWN, RURAL = Locality.URBAN.value, Locality.TOWN.value, Locality.RURAL.value
AFF_PUBLIC, AFF_PRIVATE, AFF_NONE = (
    AffordableStatus.PUBLIC.value,
    AffordableStatus.AFFORDABLE_PRIVATE.value,
    AffordableStatus.PRIVATE.value,
)

_KG_BRAND_TEXT = (
    "童乐 育才 小太阳 蓝天 启智 金苹果 贝贝 爱心 星星 七彩 阳光 博文 新星 快乐 智多星 小天鹅 乐乐 春蕾 希望 "
    "晨光 小精灵 童心 英才 小博士 金太阳 百灵鸟 彩虹 天使 新苗 东方 育英 海燕 明星 好孩子 雏鹰 小白鸽 "
    "启明星 小叮当 蓓蕾 向日葵 小海豚 欣欣 童趣 知音 立德"
)
_KG_BRANDS = tuple(_KG_BRAND_TEXT.split())
_PRIVATE_SCHOOL_BRANDS = ("育英", "培元", "英才", "博文", "立人", "明德", "启明", "树人")


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (as in 晋江十二中 or 小十二班), for 1 ≤ n ≤ 99."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


@dataclass
class SchoolDraft:
    name: str
    kind: str
    ownership: str
    town: int
    locality: str
    weights: dict[str, float]
    affordable: str = ""
    crowded: int = 0
    opened: int = 0
    tiny: bool = False
    ethnic: str = ""
    funding_gap: bool = False
    village: str = ""
    extra: dict = field(default_factory=dict)


def town_short(name: str) -> str:
    for suffix in ("街道", "镇", "乡"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _quangang_core() -> list[SchoolDraft]:
    """泉港区's secondary schools, central primaries and district kindergartens; names from the 2019 plan."""
    d = SchoolDraft
    return [
        d("泉港一中", COMPLETE, PUBLIC, 0, URBAN, {JUN: 300, SEN: 720}, crowded=1, tiny=True),
        d("泉港二中", COMPLETE, PUBLIC, 3, TOWN, {JUN: 250, SEN: 560}, crowded=2),
        d("泉港五中", SENIOR, PUBLIC, 5, TOWN, {SEN: 360}, funding_gap=True),
        d("圭峰中学", COMPLETE, PUBLIC, 4, TOWN, {JUN: 300, SEN: 200}),
        d("泉港区育英中学", COMPLETE, PRIVATE, 0, URBAN, {JUN: 120, SEN: 160}),
        d("泉港区职业中专学校", VOCATIONAL, PUBLIC, 0, URBAN, {VOC: 600}, tiny=True),
        d("泉港区特殊教育学校", SPECIAL, PUBLIC, 0, URBAN, {SPE: 14}, tiny=True),
        d("惠华中学", JUNIOR, PUBLIC, 0, URBAN, {JUN: 420}, crowded=1, tiny=True),
        d("三川中学", JUNIOR, PUBLIC, 5, TOWN, {JUN: 240}),
        d("坝头中学", JUNIOR, PUBLIC, 5, RURAL, {JUN: 160}, village="坝头"),
        d("南埔中学", JUNIOR, PUBLIC, 1, TOWN, {JUN: 300}, crowded=3),
        d("界山中学", JUNIOR, PUBLIC, 2, TOWN, {JUN: 260}),
        d("后龙中学", JUNIOR, PUBLIC, 3, TOWN, {JUN: 280}, crowded=3),
        d("峰尾中学", JUNIOR, PUBLIC, 4, TOWN, {JUN: 220}),
        d("涂岭中学", JUNIOR, PUBLIC, 6, TOWN, {JUN: 260}),
        d("土坑中学", JUNIOR, PUBLIC, 3, RURAL, {JUN: 140}, village="土坑"),
        d("诚平中学", JUNIOR, PUBLIC, 4, RURAL, {JUN: 130}, village="诚平"),
        d("樟脚中学", JUNIOR, PUBLIC, 6, RURAL, {JUN: 110}, village="樟脚"),
        d("泉港区实验学校", NINE, PUBLIC, 0, URBAN, {PRI: 200, JUN: 150}, crowded=2, tiny=True),
        d("驿坂学校", NINE, PUBLIC, 6, RURAL, {PRI: 45, JUN: 50}, village="驿坂"),
        d("东张学校", NINE, PUBLIC, 2, RURAL, {PRI: 50, JUN: 50}, village="东张"),
        d("沙格学校", NINE, PUBLIC, 1, RURAL, {PRI: 55, JUN: 50}, village="沙格"),
        d("益海实小", PRIMARY, PUBLIC, 0, URBAN, {PRI: 420}, crowded=1, tiny=True),
        d("锦川实验小学", PRIMARY, PUBLIC, 0, URBAN, {PRI: 220}, opened=2019),
        d("山腰中心小学", PRIMARY, PUBLIC, 0, URBAN, {PRI: 300}, crowded=2),
        d("南埔中心小学", PRIMARY, PUBLIC, 1, TOWN, {PRI: 260}, crowded=2, tiny=True),
        d("界山中心小学", PRIMARY, PUBLIC, 2, TOWN, {PRI: 200}),
        d("界山小学", PRIMARY, PUBLIC, 2, RURAL, {PRI: 110}),
        d("后龙中心小学", PRIMARY, PUBLIC, 3, TOWN, {PRI: 240}, crowded=3),
        d("峰尾中心小学", PRIMARY, PUBLIC, 4, TOWN, {PRI: 240}, crowded=3),
        d("前黄中心小学", PRIMARY, PUBLIC, 5, TOWN, {PRI: 220}),
        d("涂岭中心小学", PRIMARY, PUBLIC, 6, TOWN, {PRI: 220}, crowded=3),
        d("蒙古族小学", PRIMARY, PUBLIC, 6, RURAL, {PRI: 70}, ethnic="蒙古族", tiny=True),
        d("泉港区英才学校", PRIMARY, PRIVATE, 0, URBAN, {PRI: 110}),
        d("泉港区博文小学", PRIMARY, PRIVATE, 3, TOWN, {PRI: 90}),
        d("泉港区实验幼儿园", KG, PUBLIC, 0, URBAN, {PRE: 180}, affordable=AFF_PUBLIC, tiny=True),
        d("泉港区机关幼儿园", KG, PUBLIC, 0, URBAN, {PRE: 120}, affordable=AFF_PUBLIC),
        d("泉港区第二实验幼儿园", KG, PUBLIC, 0, URBAN, {PRE: 150}, affordable=AFF_PUBLIC),
    ]


def _generic_core(county: CountySpec, towns: list[TownSpec], rng: random.Random) -> list[SchoolDraft]:
    """The same shape as 泉港's core for another county, with generated names, scaled by its size."""
    f, short, n = county.factor, county.short, len(towns)
    d = SchoolDraft
    out: list[SchoolDraft] = []
    ordinal = (chinese_number(n) for n in range(1, 100))

    def t(i: int) -> int:
        return i % n

    for i in range(max(1, round(3 * f))):
        w = {JUN: rng.uniform(220, 320), SEN: rng.uniform(450, 720)}
        out.append(d(f"{short}{next(ordinal)}中", COMPLETE, PUBLIC, t(i * 2), URBAN if i == 0 else TOWN, w))
        out[-1].crowded = 1 if i == 0 else (2 if i == 1 else 0)
    for _ in range(max(1, round(f))):
        out.append(d(f"{short}{next(ordinal)}中", SENIOR, PUBLIC, t(1), TOWN, {SEN: rng.uniform(300, 420)}))
    out[-1].funding_gap = True
    for i in range(max(1, round(f))):
        brand = _PRIVATE_SCHOOL_BRANDS[i % len(_PRIVATE_SCHOOL_BRANDS)]
        w = {JUN: rng.uniform(90, 140), SEN: rng.uniform(120, 180)}
        out.append(d(f"{county.name}{brand}中学", COMPLETE, PRIVATE, 0, URBAN, w))
    for i in range(1 + (f > 1.5)):
        name = f"{county.name}{'第二' if i else ''}职业中专学校"
        out.append(d(name, VOCATIONAL, PUBLIC, t(i), URBAN, {VOC: 600 / (1 + (f > 1.5))}))
    out.append(d(f"{county.name}特殊教育学校", SPECIAL, PUBLIC, 0, URBAN, {SPE: 14}))
    for i, town in enumerate(towns):
        w = {JUN: 260 * town.share * n * rng.uniform(0.8, 1.2)}
        out.append(d(f"{town_short(town.name)}中学", JUNIOR, PUBLIC, i, URBAN if i == 0 else TOWN, w))
        out[-1].crowded = 1 if i == 0 else (3 if town.share * n > 1.1 else 0)
    out.append(d(f"{short}实验学校", NINE, PUBLIC, 0, URBAN, {PRI: 200, JUN: 150}, crowded=2))
    out.append(d(f"{short}实验小学", PRIMARY, PUBLIC, 0, URBAN, {PRI: 420}, crowded=1))
    if f > 1.2:
        out.append(d(f"{short}第二实验小学", PRIMARY, PUBLIC, 0, URBAN, {PRI: 360}, crowded=2))
    for i, town in enumerate(towns):
        w = {PRI: 240 * town.share * n * rng.uniform(0.8, 1.2)}
        out.append(d(f"{town_short(town.name)}中心小学", PRIMARY, PUBLIC, i, URBAN if i == 0 else TOWN, w))
        out[-1].crowded = 2 if i == 0 else (3 if town.share * n > 1.1 else 0)
    for i in range(max(1, round(2 * f))):
        brand = _PRIVATE_SCHOOL_BRANDS[(i + 2) % len(_PRIVATE_SCHOOL_BRANDS)]
        out.append(
            d(f"{county.name}{brand}学校", PRIMARY, PRIVATE, t(i * 3), URBAN, {PRI: rng.uniform(80, 120)})
        )
    for i in range(max(1, round(3 * f))):
        label = ("实验", "机关")[i] if i < 2 else f"第{chinese_number(i)}实验"  # 第二实验, 第三实验 …
        name = f"{county.name}{label}幼儿园"
        out.append(d(name, KG, PUBLIC, 0, URBAN, {PRE: rng.uniform(120, 180)}, affordable=AFF_PUBLIC))
    return out


def build_catalogue(county: CountySpec, towns: list[TownSpec], rng: random.Random) -> list[SchoolDraft]:
    """Every school of a county: the core, then village schools and kindergartens by town share."""
    f = county.factor
    schools = _quangang_core() if county.code == QUANGANG else _generic_core(county, towns, rng)
    used_names = {s.name for s in schools}
    # A nine-year school is the village's primary school too.
    used_villages = {(PRIMARY if s.kind == NINE else s.kind, s.town, s.village) for s in schools if s.village}

    # Town central kindergartens (第二、第三中心幼儿园 where the town is big enough).
    for i, town in enumerate(towns):
        short = town_short(town.name)
        size = town.share * len(towns)
        for j, label in enumerate(("", "第二", "第三")[: 1 + (size > 0.7) + (size > 1.0)]):
            w = {PRE: rng.uniform(110, 160) * (0.65**j)}
            schools.append(
                SchoolDraft(f"{short}{label}中心幼儿园", KG, PUBLIC, i, URBAN if i == 0 else TOWN, w)
            )
            schools[-1].affordable = AFF_PUBLIC
            used_names.add(schools[-1].name)

    villages = [(i, v) for i, t in enumerate(towns) for v in t.villages]
    rng.shuffle(villages)

    def next_village(kind: str, suffix: str) -> tuple[int, str, str]:
        """(town, village, school name) for a village without a school of this kind yet."""
        for town, village in villages:
            name = f"{village}{suffix}"
            if (kind, town, village) not in used_villages and name not in used_names:
                used_villages.add((kind, town, village))
                used_names.add(name)
                return town, village, name
        raise ValueError(f"not enough villages for another {suffix}")  # places gives every county enough

    for _ in range(round(55 * f)):
        town, village, name = next_village(PRIMARY, "小学")
        size = rng.lognormvariate(4.0, 0.55)  # pupils per grade: median ≈ 55, a long tail to ≈ 180
        schools.append(
            SchoolDraft(name, PRIMARY, PUBLIC, town, RURAL, {PRI: min(size, 190)}, village=village)
        )
    for _ in range(round(15 * f)):
        town, village, name = next_village(KG, "幼儿园")
        w = {PRE: rng.uniform(25, 60)}
        schools.append(SchoolDraft(name, KG, PUBLIC, town, RURAL, w, affordable=AFF_PUBLIC, village=village))
    for count, affordable in ((round(50 * f), AFF_PRIVATE), (round(22 * f), AFF_NONE)):
        for _ in range(count):
            town = rng.choices(range(len(towns)), weights=[t.share for t in towns])[0]
            for _attempt in range(200):
                name = f"{town_short(towns[town].name)}{rng.choice(_KG_BRANDS)}幼儿园"
                if name not in used_names:
                    break
            else:
                name = f"{town_short(towns[town].name)}第{len(schools)}幼儿园"
            used_names.add(name)
            low, high = (40, 100) if affordable == AFF_PRIVATE else (30, 110)
            locality = URBAN if town == 0 else TOWN
            schools.append(
                SchoolDraft(
                    name, KG, PRIVATE, town, locality, {PRE: rng.uniform(low, high)}, affordable=affordable
                )
            )
    # Two public kindergartens still fall short of the 450-yuan per-child funding standard in 2019.
    rural_public_kg = [s for s in schools if s.kind == KG and s.ownership == PUBLIC and s.locality == RURAL]
    for s in rural_public_kg[:2]:
        s.funding_gap = True
    return schools


def tiny_subset(schools: list[SchoolDraft]) -> list[SchoolDraft]:
    """The schools of ``--scale tiny``: the named ones flagged tiny, one village primary, two private KGs."""
    keep = [s for s in schools if s.tiny]
    keep.append(next(s for s in schools if s.kind == PRIMARY and s.locality == RURAL and not s.tiny))
    keep.append(next(s for s in schools if s.affordable == AFF_PRIVATE))
    keep.append(next(s for s in schools if s.affordable == AFF_NONE))
    keep.append(next(s for s in schools if s.funding_gap and s.kind == KG))
    return keep
