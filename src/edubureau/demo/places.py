"""Places of the demo: 福建省, its cities and counties (real codes), 泉港区's towns, and the scales.

泉港区 (350505, under 泉州市 350500) has 1 街道 and 6 镇. The town codes follow the national pattern
(county code + 001 for a 街道, 1xx for a 镇); the village names are plausible, not a gazetteer. Other
counties get synthetic town and village names: their schools only need to look like a county's.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass

PROVINCE = ("350000", "福建省")

# (city code, city name, ((county code, county name), ...)) as of 2019.
FUJIAN: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    (
        "350100",
        "福州市",
        (
            ("350102", "鼓楼区"),
            ("350103", "台江区"),
            ("350104", "仓山区"),
            ("350105", "马尾区"),
            ("350111", "晋安区"),
            ("350112", "长乐区"),
            ("350121", "闽侯县"),
            ("350122", "连江县"),
            ("350123", "罗源县"),
            ("350124", "闽清县"),
            ("350125", "永泰县"),
            ("350128", "平潭县"),
            ("350181", "福清市"),
        ),
    ),
    (
        "350200",
        "厦门市",
        (
            ("350203", "思明区"),
            ("350205", "海沧区"),
            ("350206", "湖里区"),
            ("350211", "集美区"),
            ("350212", "同安区"),
            ("350213", "翔安区"),
        ),
    ),
    (
        "350300",
        "莆田市",
        (
            ("350302", "城厢区"),
            ("350303", "涵江区"),
            ("350304", "荔城区"),
            ("350305", "秀屿区"),
            ("350322", "仙游县"),
        ),
    ),
    (
        "350400",
        "三明市",
        (
            ("350402", "梅列区"),
            ("350403", "三元区"),
            ("350421", "明溪县"),
            ("350423", "清流县"),
            ("350424", "宁化县"),
            ("350425", "大田县"),
            ("350426", "尤溪县"),
            ("350427", "沙县"),
            ("350428", "将乐县"),
            ("350429", "泰宁县"),
            ("350430", "建宁县"),
            ("350481", "永安市"),
        ),
    ),
    (
        "350500",
        "泉州市",
        (
            ("350505", "泉港区"),
            ("350502", "鲤城区"),
            ("350503", "丰泽区"),
            ("350504", "洛江区"),
            ("350521", "惠安县"),
            ("350524", "安溪县"),
            ("350525", "永春县"),
            ("350526", "德化县"),
            ("350581", "石狮市"),
            ("350582", "晋江市"),
            ("350583", "南安市"),
        ),
    ),
    (
        "350600",
        "漳州市",
        (
            ("350602", "芗城区"),
            ("350603", "龙文区"),
            ("350622", "云霄县"),
            ("350623", "漳浦县"),
            ("350624", "诏安县"),
            ("350625", "长泰县"),
            ("350626", "东山县"),
            ("350627", "南靖县"),
            ("350628", "平和县"),
            ("350629", "华安县"),
            ("350681", "龙海市"),
        ),
    ),
    (
        "350700",
        "南平市",
        (
            ("350702", "延平区"),
            ("350703", "建阳区"),
            ("350721", "顺昌县"),
            ("350722", "浦城县"),
            ("350723", "光泽县"),
            ("350724", "松溪县"),
            ("350725", "政和县"),
            ("350781", "邵武市"),
            ("350782", "武夷山市"),
            ("350783", "建瓯市"),
        ),
    ),
    (
        "350800",
        "龙岩市",
        (
            ("350802", "新罗区"),
            ("350803", "永定区"),
            ("350821", "长汀县"),
            ("350823", "上杭县"),
            ("350824", "武平县"),
            ("350825", "连城县"),
            ("350881", "漳平市"),
        ),
    ),
    (
        "350900",
        "宁德市",
        (
            ("350902", "蕉城区"),
            ("350921", "霞浦县"),
            ("350922", "古田县"),
            ("350923", "屏南县"),
            ("350924", "寿宁县"),
            ("350925", "周宁县"),
            ("350926", "柘荣县"),
            ("350981", "福安市"),
            ("350982", "福鼎市"),
        ),
    ),
)

# Relative sizes of 泉州's counties (泉港区 = 1), roughly their school populations.
QUANZHOU_FACTORS = {
    "350505": 1.0,
    "350502": 0.5,
    "350503": 0.8,
    "350504": 0.45,
    "350521": 1.2,
    "350524": 1.3,
    "350525": 0.6,
    "350526": 0.5,
    "350581": 0.9,
    "350582": 2.2,
    "350583": 1.6,
}

QUANGANG = "350505"

# 泉港区: (code, name, locality, population share, villages). The 街道 is the district seat.
QUANGANG_TOWNS: tuple[tuple[str, str, str, float, str], ...] = (
    (
        "350505001",
        "山腰街道",
        "urban",
        0.25,
        "钟厝 新村 庆丰 盐场 海滨 瑞祥 后安 港西 锦祥 驿峰",
    ),
    (
        "350505100",
        "南埔镇",
        "town",
        0.15,
        "柳厝 凤翔 天竺 仙境 沙格 上西 岐山 清水 后山 林山 南埔 西林",
    ),
    ("350505101", "界山镇", "town", 0.11, "东张 高丘 前埔 中新 东田 燕山 林口 古县 界山 玉湖"),
    ("350505102", "后龙镇", "town", 0.14, "土坑 前亭 峰前 南庄 港乾 许厝 南山 惠屿 后龙 龙翔"),
    ("350505103", "峰尾镇", "town", 0.13, "诚平 奎璧 郭厝 东埔 福山 诚山 峰山 圭峰 峰尾 海光"),
    ("350505104", "前黄镇", "town", 0.12, "坝头 凤北 凤南 康前 下炉 桥头 前烧 坑内 前黄 三川"),
    ("350505105", "涂岭镇", "town", 0.10, "樟脚 黄田 前峰 驿坂 溪柄 小坝 酒厝 漳里 涂岭 宝溪"),
)

_PLACE_FIRST = "东西南北上下前后大小新高长石金龙凤马白青黄湖溪洋坂林梅桃竹松云仙清安永福宝玉霞"
_PLACE_SECOND = "山溪洋坑头尾厝埔田林美亭坂岭口洲塘湖桥峰墩垵浦阳安丰兴宅寮"

# 6-digit region codes for ID numbers of children and teachers whose 户口 was registered elsewhere:
# other Fujian counties, and the provinces 泉港's migrant workers mostly come from.
FUJIAN_OTHER_REGIONS = ("350322", "350305", "350583", "350524", "350426", "350821", "350181", "350627")
MIGRANT_REGIONS = (
    "360781",  # 瑞金市
    "360730",  # 宁都县
    "361127",  # 余干县
    "511621",  # 岳池县
    "510522",  # 合江县
    "511381",  # 阆中市
    "522427",  # 威宁县
    "520221",  # 水城县
    "522124",  # 正安县
    "430524",  # 隆回县
    "431121",  # 祁阳县
    "430626",  # 平江县
    "421127",  # 黄梅县
    "420984",  # 汉川市
    "500228",  # 梁平县
    "500235",  # 云阳县
    "411521",  # 罗山县
    "411628",  # 鹿邑县
    "341222",  # 太和县
    "341523",  # 舒城县
    "532128",  # 镇雄县
    "452226",  # 大化县
)


@dataclass(frozen=True)
class TownSpec:
    code: str
    name: str
    locality: str
    share: float
    villages: tuple[str, ...]


@dataclass(frozen=True)
class CountySpec:
    """One county to generate: its codes, its size relative to 泉港区, and its slot in the run.

    ``slot`` (0–89) keeps ID numbers and school codes unique across the counties of one run without a
    global registry in memory (see ``generator``).
    """

    code: str
    name: str
    city_code: str
    city_name: str
    slot: int
    factor: float
    tiny: bool = False

    @property
    def short(self) -> str:
        """晋江市 → 晋江, 泉港区 → 泉港; two-character names stay whole (沙县)."""
        return self.name[:-1] if len(self.name) > 2 else self.name


def county_towns(county: CountySpec) -> list[TownSpec]:
    """泉港's real towns, or synthetic ones for another county (more for a bigger county)."""
    if county.code == QUANGANG:
        return [
            TownSpec(code, name, loc, share, tuple(villages.split()))
            for code, name, loc, share, villages in QUANGANG_TOWNS
        ]
    rng = random.Random(f"towns:{county.code}")
    count = max(3, min(20, round(7 * county.factor**0.6)))
    per_town = 1 + max(8, math.ceil(75 * county.factor / count) + 3)  # the town's own name, then villages
    used: set[str] = set()
    names: list[str] = []
    while len(names) < count * per_town:
        name = rng.choice(_PLACE_FIRST) + rng.choice(_PLACE_SECOND)
        if name not in used:
            used.add(name)
            names.append(name)
    towns = []
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    weights[0] *= 2.2  # the county seat
    total = sum(weights)
    for i in range(count):
        base = names[i * per_town]
        if i == 0:
            code, name, locality = f"{county.code}001", f"{base}街道", "urban"
        else:
            code, name, locality = f"{county.code}{100 + i:03d}", f"{base}镇", "town"
        villages = tuple(names[i * per_town + 1 : (i + 1) * per_town])
        towns.append(TownSpec(code, name, locality, weights[i] / total, villages))
    return towns


SCALES = ("tiny", "district", "city", "province")


def scale_counties(scale: str) -> list[CountySpec]:
    """The counties a scale generates, 泉港区 first."""
    quanzhou = next(c for c in FUJIAN if c[0] == "350500")
    if scale in ("tiny", "district"):
        return [CountySpec(QUANGANG, "泉港区", "350500", "泉州市", 0, 1.0, tiny=scale == "tiny")]
    if scale == "city":
        return [
            CountySpec(code, name, quanzhou[0], quanzhou[1], slot, QUANZHOU_FACTORS[code])
            for slot, (code, name) in enumerate(quanzhou[2])
        ]
    if scale == "province":
        # ≈ 7 million students: 84 counties whose factors add up to about 95 泉港s.
        rng = random.Random("province-factors")
        specs: list[CountySpec] = []
        slot = 0
        ordered = sorted(FUJIAN, key=lambda c: c[0] != "350500")
        for city_code, city_name, counties in ordered:
            for code, name in counties:
                factor = QUANZHOU_FACTORS.get(code) or round(rng.uniform(0.5, 1.7), 2)
                specs.append(CountySpec(code, name, city_code, city_name, slot, factor))
                slot += 1
        # 泉港区 stays at 1, so the province contains exactly the district's data; the others share the rest.
        others = sum(s.factor for s in specs if s.code != QUANGANG)
        return [
            s
            if s.code == QUANGANG
            else CountySpec(
                s.code, s.name, s.city_code, s.city_name, s.slot, round(s.factor * 94 / others, 3)
            )
            for s in specs
        ]
    raise ValueError(f"unknown scale {scale!r}; choose one of {', '.join(SCALES)}")
