"""Chinese personal names as they look in a 闽南 county: 林, 陈, 黄 lead; given names follow the era of birth.

The surname weights are a rough blend of 泉州 surname frequencies (林 and 陈 far ahead, then 黄, 刘, 郭, 连,
蔡 …) with the national list for the families of migrant workers.
"""

from __future__ import annotations

import itertools
import random

_LOCAL_SURNAMES = (
    ("林", 130),
    ("陈", 120),
    ("黄", 70),
    ("刘", 55),
    ("郭", 40),
    ("连", 35),
    ("蔡", 35),
    ("王", 30),
    ("李", 28),
    ("张", 26),
    ("吴", 24),
    ("许", 20),
    ("庄", 20),
    ("杨", 16),
    ("郑", 16),
    ("骆", 15),
    ("苏", 14),
    ("洪", 12),
    ("曾", 12),
    ("柯", 10),
    ("肖", 10),
    ("涂", 9),
    ("孙", 9),
    ("潘", 8),
    ("何", 8),
    ("周", 8),
    ("谢", 8),
    ("邱", 7),
    ("颜", 7),
    ("卢", 7),
    ("方", 6),
    ("施", 6),
    ("杜", 5),
    ("叶", 5),
    ("康", 5),
    ("戴", 4),
    ("傅", 4),
    ("朱", 4),
    ("魏", 4),
    ("萧", 3),
    ("龚", 3),
    ("余", 3),
    ("粘", 2),
    ("欧阳", 1),
)
_MIGRANT_SURNAMES = (
    ("王", 70),
    ("李", 70),
    ("张", 65),
    ("刘", 50),
    ("陈", 45),
    ("杨", 40),
    ("黄", 30),
    ("赵", 30),
    ("吴", 25),
    ("周", 25),
    ("徐", 20),
    ("孙", 18),
    ("胡", 18),
    ("朱", 16),
    ("高", 15),
    ("罗", 15),
    ("邓", 14),
    ("彭", 12),
    ("曾", 12),
    ("谭", 10),
    ("廖", 10),
    ("龙", 8),
    ("蒋", 8),
    ("袁", 8),
)

# Given-name characters by sex for children born 2000–2018 and for adults born 1960–1997.
_CHILD_M = "子宇浩轩梓涵睿俊杰博晨泽航铭鑫一锦嘉奕豪煜宸逸文天思承瑞昊然辰皓阳毅凯翔家志明钧恒"
_CHILD_F = "欣怡雨梓涵诗思佳可萱琪悦妍婷雅馨彤语晴依若梦心紫嘉静芸淑琳瑶雪颖慧晓舒蕊涵菲佩"
_ADULT_M = "建华明志伟国文强俊辉平海清金荣春永龙东峰勇军斌鹏忠福德坤锋进元章庆顺"
_ADULT_F = "丽美玲燕红芳秀婷敏清金霞萍娟艳华英凤琴雪梅丹静莉惠珍兰玉春月琼"


def _cum(pairs):
    names = [p[0] for p in pairs]
    return names, list(itertools.accumulate(p[1] for p in pairs))


_LOCAL = _cum(_LOCAL_SURNAMES)
_MIGRANT = _cum(_MIGRANT_SURNAMES)


def surname(rng: random.Random, migrant: bool = False) -> str:
    names, cum = _MIGRANT if migrant else _LOCAL
    return rng.choices(names, cum_weights=cum)[0]


def person_name(rng: random.Random, gender: str, *, adult: bool, migrant: bool = False) -> str:
    """A full name: surname and one or two given characters (one is commoner among adults)."""
    pool = (_ADULT_M if gender == "M" else _ADULT_F) if adult else (_CHILD_M if gender == "M" else _CHILD_F)
    given = rng.choice(pool)
    if rng.random() > (0.3 if adult else 0.12):
        second = rng.choice(pool)
        given = given + second if second != given or rng.random() < 0.3 else given + rng.choice(pool)
    return surname(rng, migrant) + given
