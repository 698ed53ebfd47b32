"""Measurable commitments (目标) in plan text: numbers with units, comparators, periods.

A target is a number with a unit (6650人, 98%以上, 6.22亿元, 每年10期) in a clause that commits to it. The
clause — the text between two of ，；。：、newline and brackets — is the target's ``text``; the clause without
the number, hedges (力争, 确保), time words and comparator words is its ``indicator``.

Values are normalised to base units (6.22亿元 → 622000000 元, 300名 → 300 人, 98% → 98 %); other counting
words stay as written (所, 个, 期, 课时). Chinese numerals go through cn2an, but count only after a period
(每半年召开一次) or a quantity verb (新建三所), because most Chinese numerals in plans are names.

Not targets (see ``tests/README.md`` for the reasoning on the 2019 Quangang plan):

* ordinals and editions — 第五届, 第六轮, 第24个, 第22届;
* anything inside 《》 or quotation marks — 《…十项准则》, “三通两平台”, “一师一优课”, “五必访”, “2.0计划”;
* numbers without a unit — document numbers (〔2017〕37号), years and year ranges (2017-2019), dates,
  anniversaries (70周年), ages, version numbers;
* ranges that define a band (51至55人的班级数);
* baselines — ``在去年6所试点校…的基础上``.

Comparators: ``>=`` (以上, 不低于, 不少于), ``<=`` (以内, 以下, 不超过, 控制在), ``approx`` (左右, 约),
``reduce_by`` (减少…), ``increase_by`` (新增…, 增加…), otherwise ``=`` (达到, 为, bare numbers). A rate of
100% "or more" is written ``=`` 100. Paired forms (小学、初中入学率分别达到100%和98%以上) give one target per
value, the shared comparator applying to each.

Commitments without a number are kept when they can still be checked: a recurring duty (每半年排查…) becomes
a target with only a ``period``; 逐年只增不减 becomes ``>=`` with no value (compared with the previous year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .model import Target, plain_number
from .text import fold

_CN_NUM = "零〇一二两三四五六七八九十百千"
_UNITS = (
    "个百分点|百分点|平方米|人次|课时|学时|小时|分钟|%|‰|人|名|位|元|所|个|项|次|期|场|轮|间|座|栋|幢|台|套|册|本|件|"
    "家|支|批|班|节|篇|门|处|亩|辆|条|种|份|户|块"
)
_QTY = re.compile(
    rf"(?:(?P<num>(?<![\d.])(?<!\d,)\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?!\d)|(?<![\d.])(?<!\d,)\d+(?:\.\d+)?)"
    rf"|(?P<cn>[{_CN_NUM}]+))"
    rf"[ \t]*(?P<mult>百万|千万|万|亿|千)?[ \t]*(?P<unit>{_UNITS})"
)
#: A number without a unit still counts right after a strong comparator: 差异系数不高于0.5.
_BARE_AFTER_COMPARATOR = re.compile(
    r"(?:不高于|不低于|不超过|不少于|不大于|不小于|控制在|低于|高于|小于|大于|至少|≤|≥|<=|>=)[ \t]*"
    r"(?P<num>(?<![\d.])\d+(?:\.\d+)?)(?![\d.%‰]|[ \t]*(?:[年月日号周岁届期时点分秒]|{units}|[万亿千]))".replace(
        "{units}", _UNITS
    )
)
_NUMERAL = re.compile(rf"[\d{_CN_NUM}]")
_PCT_WORDS = re.compile(r"百分之(?P<num>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百点]+)")
_PEOPLE = {"人", "名", "位"}
_MULTIPLIERS = {"千": 1000, "万": 10_000, "百万": 1_000_000, "千万": 10_000_000, "亿": 100_000_000}

_PREFIX = re.compile(
    r"(不低于|不少于|不超过|不高于|不多于|至少|最少|达到|达|保持在|保持|稳定在|控制在|提高到|提高至|提升到|提升至|增加到|"
    r"增加至|增至|增长到|降低到|降低至|降至|减少到|减少至|下降到|下降至|超过|高于|低于|少于|多于|大约|约|接近|近|为)"
    r"(?:省定|国定|市定|国家规定的?|规定的|标准的?)?[ \t]*$"
)
_SUFFIX = re.compile(r"[ \t]*(及以上|以上|及以下|以下|以内|之内|左右|上下)")
_GE = {
    "不低于",
    "不少于",
    "至少",
    "最少",
    "超过",
    "高于",
    "多于",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增加到",
    "增加至",
    "增至",
    "增长到",
    "以上",
    "及以上",
}
_LE = {
    "不超过",
    "不高于",
    "不多于",
    "控制在",
    "低于",
    "少于",
    "降低到",
    "降低至",
    "降至",
    "减少到",
    "减少至",
    "下降到",
    "下降至",
    "以下",
    "及以下",
    "以内",
    "之内",
}
_APPROX = {"约", "大约", "接近", "近", "左右", "上下"}
_DISTANT_COMPARATOR = re.compile(r"不低于|不少于|不超过|不高于|不多于|至少|控制在|超过|高于|低于")
_REDUCE = re.compile(r"(?:减少|降低|下降|压减|压缩|削减)(?![到至为])")
_INCREASE = re.compile(r"(?:新增|增加|增长|提高|提升|扩大)(?![到至为])")
_QUANTITY_VERB = re.compile(
    r"(?:召开|举办|开展|组织|新增|新建|建设|建成|培养|培训|招聘|引进|创建|打造|评选|认定|完成|增加|减少|投入|投资|"
    r"达到|不少于|不低于|超过|至少|约|共|累计|遴选|选派|选拔|开设|安排|拨付|奖励|资助|召集|进行)$"
)
_PERIOD = re.compile(
    r"每个?(?:半年|学年|学期|季度|季|月|周|星期|年|天|日)|全学年|全年|逐年"
    r"|用(?:[一二两三四五六七八九十]+|\d{1,2})年(?:时间)?|(?:[一二两三四五六七八九十]+|\d{1,2})年内"
)
_RECURRING = re.compile(r"每个?(?:半年|学年|学期|季度|季|月|周|星期|年|天|日)")
_NEVER_DECREASE = re.compile(r"只增不减|只增不降")
_DUE = re.compile(r"(20\d\d)\s*年(?!\s*\d{1,2}\s*月)(?:底|末|前|内)?|年底|年末|年内")
_TIME_WORDS = re.compile(r"\d{4}\s*年(?:度|底|末|内)?前?|今年|明年|年底前?|年内|年末|本年度?")
_BASELINE_CMP = re.compile(r"[比较](?:去年|上年|上一年|\d{4}\s*年)|同比")
_QUOTES = re.compile(r"[“”\"‘’「」『』《》]")
_LEAD_WORDS = re.compile(
    r"^(?:力争|确保|争取|努力|力求|全力|将|累计|共计|预计|其中|加快|建设|建成|推进|加强|发挥|实施|开展|组织|召开|完成|"
    r"实现|做好|落实|支持|提升|提高|培养|培育|投入|投资|安排|新建|创建|打造|引进|举办|新增|增加|增长|减少|降低|下降|"
    r"压减|保持在|控制在|在(?=全))(?![、和与及])"
)
_TAIL_WORDS = re.compile(
    r"(?:达到|保持在|稳定在|控制在|不低于|不少于|不超过|不高于|至少|超过|累计|分别|提高|提升|增加|增长|减少|降低|下降|"
    r"压减|的|\d+(?:\.\d+)?)$"
)
_CONNECTOR = re.compile(r"^[ \t]*(?:和|与|及|以及|、|,)[ \t]*$")
_SPLIT_CONNECTOR = re.compile(r"(?:以及|和|与|及|、)")
_LIST_MARKER = re.compile(
    r"(?:\d{1,2}[ \t]*(?:\.(?!\d)|、)|\(\d{1,2}\)|[一二三四五六七八九十]{1,3}、)[ \t]*(?![\d一二三四五六七八九十])"
)
_BAND_BEFORE = re.compile(r"\d(?:\.\d+)?\s*(?:%|[万亿千]|[^\d\s]{0,2})?\s*(?:至|到|-|~)\s*$")
_BAND_AFTER = re.compile(r"\s*(?:至|到|-|~)\s*\d")
_GROUP_THRESHOLD = re.compile(r"[ \t]*(?:及以上|以上|及以下|以下)[\u4e00-\u9fff]")
_THRESHOLD_OF = re.compile(r"[ \t]*(?:及以上|以上|及以下|以下)的")
_ZAI = re.compile("在")
_BASIS = re.compile("基础上")
#: How far before a number its qualifiers (第, 不低于, 51至 …) are looked for. Bounded, so that a clause with
#: many numbers costs its length, not its length times its numbers.
_LOOKBACK = 64


@dataclass
class _Qty:
    start: int  # of the number
    end: int  # after the unit
    value: Decimal
    unit: str | None
    pre_start: int  # start of the comparator prefix (== start without one)
    post_end: int  # end of the comparator suffix (== end without one)
    prefix: str | None
    suffix: str | None


@dataclass
class _Clause:
    start: int
    end: int
    sentence: int  # index of the sentence (split by 。；！？ and line breaks)
    bracket: int | None  # offset of the innermost "(" around the clause
    #: Offsets of words looked up once per clause (``_offsets``), not once per number in it.
    offsets: dict[str, list[int]] = field(default_factory=dict, repr=False, compare=False)


def extract_targets(text: str) -> list[Target]:
    """Every target in ``text`` (an item's title and body, or the preamble), in order of appearance."""
    shadow = fold(text)
    masked = _masked(shadow)
    clauses = _clauses(shadow, masked)
    siblings = _Siblings(text, shadow, clauses)
    targets: list[Target] = []
    for k, clause in enumerate(clauses):
        qtys = [q for q in _quantities(shadow, clause, masked)]
        if qtys:
            targets.extend(_clause_targets(text, shadow, clauses, k, qtys, siblings))
        else:
            t = _non_numeric_target(text, shadow, clause)
            if t:
                targets.append(t)
    return targets


# ----------------------------------------------------------------------------------------------- reading


_QUOTE_PAIRS = {"《": "》", "“": "”", "「": "」", "『": "』"}
_MASK_EVENTS = re.compile('[《》“”「」『』"\n]')
_CLAUSE_DELIM = re.compile("[。;!?,:\n()]")


def _masked(shadow: str) -> list[bool]:
    """True inside 《titles》 and quotations, where numbers are names (“三通两平台”, 《…十项准则》)."""
    mask = [False] * len(shadow)
    stack: list[tuple[str, int]] = []
    ascii_open: int | None = None
    for m in _MASK_EVENTS.finditer(shadow):  # only quotation marks and line breaks matter
        i = m.start()
        ch = shadow[i]
        if ch in _QUOTE_PAIRS:
            stack.append((_QUOTE_PAIRS[ch], i))
        elif stack and ch == stack[-1][0]:
            _, start = stack.pop()
            if not stack:
                mask[start : i + 1] = [True] * (i + 1 - start)
        elif ch == '"':
            if ascii_open is None:
                ascii_open = i
            else:
                mask[ascii_open : i + 1] = [True] * (i + 1 - ascii_open)
                ascii_open = None
        elif ch == "\n":
            ascii_open = None
            stack.clear()
    return mask


def _clauses(shadow: str, masked: list[bool]) -> list[_Clause]:
    out: list[_Clause] = []
    sentence = 0
    brackets: list[int] = []
    start = 0
    n = len(shadow)
    delimiters = [m.start() for m in _CLAUSE_DELIM.finditer(shadow)]
    for i in [*delimiters, n]:
        ch = shadow[i] if i < n else "\n"
        if i < n and masked[i]:
            continue
        if ch in ",:" and 0 < i < n - 1 and shadow[i - 1].isdigit() and shadow[i + 1].isdigit():
            continue  # 11,000 and 8:30
        a, b = start, i
        while a < b and shadow[a] in " \t、":
            a += 1
        marker = _LIST_MARKER.match(shadow, a, b)
        if marker:
            a = marker.end()  # 1.入园率达到95% in a numbered preamble list
        while b > a and shadow[b - 1] in " \t、":
            b -= 1
        if b > a:
            out.append(_Clause(a, b, sentence, brackets[-1] if brackets else None))
        if ch == "(":
            brackets.append(i)
        elif ch == ")" and brackets:
            brackets.pop()
        if ch in "。;!?\n":
            sentence += 1
            if ch == "\n":
                brackets.clear()
        start = i + 1
    return out


def _quantities(shadow: str, clause: _Clause, masked: list[bool]) -> list[_Qty]:
    out: list[_Qty] = []
    a, b = clause.start, clause.end
    if not _NUMERAL.search(shadow, a, b):
        return out  # most clauses: one search instead of three
    for m in _QTY.finditer(shadow, a, b):
        q = _accept(shadow, clause, m, masked)
        if q:
            out.append(q)
    for m in _BARE_AFTER_COMPARATOR.finditer(shadow, a, b):
        start = m.start("num")
        if not masked[start]:
            out.append(_with_comparator(shadow, clause, start, m.end("num"), Decimal(m.group("num")), None))
    for m in _PCT_WORDS.finditer(shadow, a, b):
        if masked[m.start()]:
            continue
        value = _cn_value(m.group("num"))
        if value is not None:
            out.append(_with_comparator(shadow, clause, m.start(), m.end(), value, "%"))
    return sorted(out, key=lambda q: q.start)


def _accept(shadow: str, clause: _Clause, m: re.Match[str], masked: list[bool]) -> _Qty | None:
    start, end = m.start(), m.end()
    if masked[start] or masked[end - 1]:
        return None
    before = shadow[max(clause.start, start - _LOOKBACK) : start].rstrip(" \t")
    if before.endswith("第") or (before and before[-1].isascii() and before[-1].isalpha()):
        return None  # 第24个, 第22届; G20
    if re.search(r"第[^,;。]{0,4}、$", before):
        return None  # 第二、三期
    if _BAND_BEFORE.search(before) or _BAND_AFTER.match(shadow, end, clause.end):
        return None  # a band: 51至55人的班级数
    if _is_baseline(shadow, clause, start, end):
        return None  # a baseline: 在去年6所试点校…的基础上
    if _GROUP_THRESHOLD.match(shadow, end, clause.end) and not _THRESHOLD_OF.match(shadow, end, clause.end):
        return None  # a threshold naming a group, not a target: 56人以上大班额
    unit = m.group("unit")
    mult = m.group("mult")
    if m.group("num"):
        try:
            value = Decimal(m.group("num").replace(",", ""))
        except InvalidOperation:
            return None
    else:
        cn = m.group("cn")
        if shadow[end : end + 1] == "性":
            return None  # 一次性
        recurring = _offsets(shadow, clause, _RECURRING, ends=True)
        has_period = bool(recurring) and recurring[0] <= start
        if not has_period and not _QUANTITY_VERB.search(shadow[max(clause.start, start - 4) : start]):
            return None  # Chinese numerals are names unless counted (每半年召开一次, 新建三所)
        cn_value = _cn_value(cn)
        if cn_value is None or cn_value <= 0:
            return None
        value = cn_value
    if mult:
        value *= _MULTIPLIERS[mult]
    if unit in _PEOPLE:
        unit = "人"
    elif unit == "个百分点":
        unit = "百分点"
    return _with_comparator(shadow, clause, start, end, value, unit)


def _with_comparator(
    shadow: str, clause: _Clause, start: int, end: int, value: Decimal, unit: str | None
) -> _Qty:
    pre = _PREFIX.search(shadow, max(clause.start, start - _LOOKBACK), start)
    post = _SUFFIX.match(shadow, end, clause.end)
    return _Qty(
        start=start,
        end=end,
        value=value,
        unit=unit,
        pre_start=pre.start() if pre else start,
        post_end=post.end() if post else end,
        prefix=pre.group(1) if pre else None,
        suffix=post.group(1) if post else None,
    )


def _offsets(shadow: str, clause: _Clause, rx: re.Pattern[str], *, ends: bool = False) -> list[int]:
    """Start (or end) offsets of ``rx`` in the clause, found once and kept with the clause."""
    key = f"{rx.pattern}{ends}"
    found = clause.offsets.get(key)
    if found is None:
        found = [m.end() if ends else m.start() for m in rx.finditer(shadow, clause.start, clause.end)]
        clause.offsets[key] = found
    return found


def _is_baseline(shadow: str, clause: _Clause, start: int, end: int) -> bool:
    """在…基础上 around the number, in one clause (在去年6所试点校…的基础上). A clause holds a ，；。 only inside
    quotation marks, and those end neither the clause nor the phrase (在“一校一品，特色发展”6所试点校的基础上)."""
    zai = _offsets(shadow, clause, _ZAI)
    if not zai or zai[0] >= start:
        return False
    basis = _offsets(shadow, clause, _BASIS)
    return bool(basis) and basis[-1] >= end


def _cn_value(numeral: str) -> Decimal | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", numeral):
        return Decimal(numeral)
    if numeral == "百":
        return Decimal(100)
    import cn2an  # imported late: it takes a third of a second to load

    try:
        return Decimal(str(cn2an.cn2an(numeral, "smart")))
    except (ValueError, KeyError, TypeError, IndexError, InvalidOperation):
        return None


# ----------------------------------------------------------------------------------------------- building


def _clause_targets(
    text: str, shadow: str, clauses: list[_Clause], k: int, qtys: list[_Qty], siblings: _Siblings
) -> list[Target]:
    clause = clauses[k]
    clause_text = text[clause.start : clause.end].strip()
    period = _period(shadow, clause.start, clause.end)
    due = _due(shadow, clause, qtys)
    paired = _paired(text, shadow, clause, qtys)
    if paired is not None:
        subjects, comparator_from = paired
        out = []
        for q, subject in zip(qtys, subjects, strict=True):
            out.append(
                Target(
                    text=clause_text,
                    indicator=subject,
                    value=plain_number(q.value),
                    unit=q.unit,
                    comparator=_comparator(shadow, clause.start, q, comparator_from),
                    period=period,
                    due=due,
                )
            )
        return out

    out = []
    for i, q in enumerate(qtys):
        seg_start = clause.start if i == 0 else _segment_bounds(shadow, qtys[i - 1], q)[1]
        seg_end = clause.end if i + 1 == len(qtys) else _segment_bounds(shadow, q, qtys[i + 1])[0]
        left = text[seg_start : q.pre_start]
        right = text[q.post_end : seg_end]
        indicator = _clean_indicator(left + re.sub(r"^\s*的", "", right))
        if len(indicator) < 2:
            indicator = siblings.indicator(k) or indicator
        if i > 0 and 2 <= len(indicator) <= 4 and out and len(out[0].indicator) > len(indicator) + 1:
            # 差异系数小学不高于0.5、初中不高于0.45: the later value names only what differs
            indicator = _sibling_stem(out[0].indicator, indicator) + indicator
        out.append(
            Target(
                text=clause_text,
                indicator=indicator,
                value=plain_number(q.value),
                unit=q.unit,
                comparator=_comparator(shadow, seg_start, q, None),
                period=period,
                due=due,
            )
        )
    return out


#: Names that stand beside each other in one clause (小学…、初级中学…); longest first, so that 初级中学 is
#: not read as 中学.
_SIBLING_NAMES = sorted(
    ("学前教育", "幼儿园", "小学", "初级中学", "初中", "普通高中", "高级中学", "高中", "中职", "中等职业学校",
     "义务教育", "特殊教育", "城区", "农村", "城镇", "乡村", "公办", "民办"),
    key=len,
    reverse=True,
)  # fmt: skip


def _sibling_stem(first: str, later: str) -> str:
    """What ``first`` shares with ``later`` (a shorter sibling name): ``first`` without the name it ends with
    (差异系数小学 → 差异系数, 初级中学 → nothing), whatever the lengths of the two names; without a known name,
    the part before as many characters as ``later`` has."""
    for name in _SIBLING_NAMES:
        if first.endswith(name):
            return first[: -len(name)]
    return first[: -len(later)]


def _segment_bounds(shadow: str, prev: _Qty, nxt: _Qty) -> tuple[int, int]:
    """Where the phrase of ``prev`` ends and that of ``nxt`` begins: around the last connector (及, 和, 、)
    between them, or at ``nxt`` itself."""
    between = shadow[prev.post_end : nxt.pre_start]
    connectors = list(_SPLIT_CONNECTOR.finditer(between))
    if connectors:
        return prev.post_end + connectors[-1].start(), prev.post_end + connectors[-1].end()
    return nxt.pre_start, nxt.pre_start


def _comparator(shadow: str, seg_start: int, q: _Qty, shared: tuple[str | None, str | None] | None) -> str:
    prefix, suffix = q.prefix, q.suffix
    if shared is not None:
        prefix, suffix = prefix or shared[0], suffix or shared[1]
    left = shadow[seg_start : q.pre_start]
    if prefix is None or not prefix.endswith(("到", "至")):
        if _REDUCE.search(left):
            return "reduce_by"
        if _INCREASE.search(left):
            return "increase_by"
    comparator = "="
    if prefix is None and suffix is None:
        distant = list(_DISTANT_COMPARATOR.finditer(left))
        if distant:
            prefix = distant[-1].group()  # 教师不低于符合条件教师总数的10%
    for word in (suffix, prefix):
        if word in _GE:
            comparator = ">="
        elif word in _LE:
            comparator = "<="
        elif word in _APPROX:
            comparator = "approx"
        else:
            continue
        break
    if comparator == ">=" and q.unit == "%" and q.value == 100:
        comparator = "="  # a rate cannot exceed 100%: "100%以上" means all
    return comparator


def _paired(
    text: str, shadow: str, clause: _Clause, qtys: list[_Qty]
) -> tuple[list[str], tuple[str | None, str | None]] | None:
    """``A、B…分别达到X和Y以上`` → one subject per value and the shared (prefix, suffix) comparator words."""
    if len(qtys) < 2:
        return None
    fenbie = shadow.find("分别", clause.start, qtys[0].pre_start + 1)
    if fenbie < 0:
        return None
    for prev, nxt in zip(qtys, qtys[1:], strict=False):
        if not _CONNECTOR.match(shadow[prev.post_end : nxt.pre_start]):
            return None
    subject = _clean_indicator(text[clause.start : fenbie])
    parts = [p for p in re.split(r"[、和与及]", subject) if p]
    if len(parts) == len(qtys) and len(parts) >= 2:
        tail = parts[-1][len(parts[-2]) :]
        subjects = [p + tail for p in parts[:-1]] + [parts[-1]]
    else:
        subjects = [subject] * len(qtys)
    return subjects, (qtys[0].prefix, qtys[-1].suffix)


def _period(shadow: str, start: int, end: int) -> str | None:
    m = _PERIOD.search(shadow, start, end)
    if not m:
        return None
    word = m.group()
    inner = re.fullmatch(r"用(.+?)年(?:时间)?|(.+?)年内", word)
    if inner:
        return (inner.group(1) or inner.group(2)) + "年"
    return word.replace("每个", "每")


def _due(shadow: str, clause: _Clause, qtys: list[_Qty]) -> str | None:
    for m in _DUE.finditer(shadow, clause.start, qtys[0].start if qtys else clause.end):
        return m.group(1) or "年底"
    return None


def _non_numeric_target(text: str, shadow: str, clause: _Clause) -> Target | None:
    """A commitment without a number that can still be checked: 每半年… or 逐年只增不减."""
    clause_text = text[clause.start : clause.end].strip()
    if _NEVER_DECREASE.search(shadow, clause.start, clause.end):
        return Target(
            text=clause_text,
            indicator=_clean_indicator(clause_text),
            value=None,
            unit=None,
            comparator=">=",
            period=_period(shadow, clause.start, clause.end),
        )
    m = _RECURRING.search(shadow, clause.start, clause.end)
    if m and clause.end - m.end() >= 2:
        return Target(
            text=clause_text,
            indicator=_clean_indicator(clause_text),
            value=None,
            unit=None,
            comparator=None,
            period=_period(shadow, clause.start, clause.end),
        )
    return None


def _clean_indicator(s: str) -> str:
    """The clause as a name: no quotes, time words, periods, hedges or comparator words."""
    s = _QUOTES.sub("", s)
    s = _TIME_WORDS.sub("", s)
    s = _BASELINE_CMP.sub("", s)
    s = _PERIOD.sub("", s)
    s = _NEVER_DECREASE.sub("", s)
    s = re.sub(r"\s+", "", s)
    previous = None
    while s != previous:
        previous = s
        s = s.strip(",，、:：;；。()（）")
        s = _LEAD_WORDS.sub("", s)
        s = _TAIL_WORDS.sub("", s)
    return s


class _Siblings:
    """Name a bare amount (投资6.22亿元，建设…) from the clause beside it: the nearest nameable clause in the
    same bracket (before it, then after it), else the next or the previous clause in the same sentence.

    Each clause is named at most once, and the nearest nameable one in a bracket is found by one pass over
    the bracket's clauses, so a bracket full of bare amounts costs its length, not its length squared.
    """

    def __init__(self, text: str, shadow: str, clauses: list[_Clause]) -> None:
        self.text, self.shadow, self.clauses = text, shadow, clauses
        self._names: dict[int, str | None] = {}
        self._nearest: dict[int, tuple[int | None, int | None]] = {}  # clause -> (before, after) in bracket

    def indicator(self, k: int) -> str | None:
        clause = self.clauses[k]
        if clause.bracket is not None:
            if not self._nearest:
                self._index_brackets()
            before, after = self._nearest[k]
            for j in (before, after):
                if j is not None:
                    return self._name(j)
        for j in (k + 1, k - 1):
            if 0 <= j < len(self.clauses) and self.clauses[j].sentence == clause.sentence:
                name = self._name(j)
                if name:
                    return name
        return None

    def _name(self, j: int) -> str | None:
        if j not in self._names:
            c = self.clauses[j]
            candidate = None
            if not re.search(r"\d$", self.shadow[c.start : c.end]):  # ends in a bare number: cut off
                candidate = _clean_indicator(_remove_quantities(self.text, self.shadow, c))
            self._names[j] = candidate if candidate and len(candidate) >= 2 else None
        return self._names[j]

    def _index_brackets(self) -> None:
        groups: dict[int, list[int]] = {}
        for j, c in enumerate(self.clauses):
            if c.bracket is not None:
                groups.setdefault(c.bracket, []).append(j)
        for members in groups.values():
            before: list[int | None] = []
            last = None
            for j in members:
                before.append(last)
                if self._name(j):
                    last = j
            after: list[int | None] = []
            last = None
            for j in reversed(members):
                after.append(last)
                if self._name(j):
                    last = j
            after.reverse()
            for j, b, a in zip(members, before, after, strict=True):
                self._nearest[j] = (b, a)


def _remove_quantities(text: str, shadow: str, c: _Clause) -> str:
    pieces, pos = [], c.start
    for m in _QTY.finditer(shadow, c.start, c.end):
        pieces.append(text[pos : m.start()])
        pos = m.end()
    pieces.append(text[pos : c.end])
    return "".join(pieces)
