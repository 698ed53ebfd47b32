"""The JSON instances of ``edubureau staffing allocate`` and ``dispatch``: checked whole before anything
runs, every fault named by its place in the file (``teachers[3]（T4）``), then solved and answered in the fixed
JSON contracts (issue 12 §7)."""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Hashable

import numpy as np

from edubureau.staffing.allocation.assign import assign
from edubureau.staffing.allocation.compete import Applicant, compete
from edubureau.staffing.allocation.dispatch import dispatch, great_circle_km
from edubureau.staffing.allocation.exchange import DEFAULT_BAND_WIDTH, exchange
from edubureau.staffing.allocation.rounds import Contender

UNFILLED_COST = 1000.0


class InstanceError(ValueError):
    """The instance cannot be solved; the message names the item and what to change."""


def _items(data: object, key: str) -> list[dict]:
    if not isinstance(data, dict):
        raise InstanceError("实例应为一个 JSON 对象（{…}）")
    items = data.get(key)
    if not isinstance(items, list):
        raise InstanceError(f"缺少“{key}”列表（应为 [...]）")
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise InstanceError(f"{key}[{i}] 应为一个对象（{{…}}）")
    return items


def _ids(items: list[dict], key: str) -> list[str]:
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        value = item.get("id")
        if not isinstance(value, str) or not value.strip():
            raise InstanceError(f"{key}[{i}] 缺少“id”（应为非空字符串）")
        if value in seen:
            raise InstanceError(
                f"{key}[{i}] 的 id“{value}”与 {key}[{seen[value]}] 重复，每个 id 只能出现一次"
            )
        seen[value] = i
    return list(seen)


def _where(key: str, i: int, item: dict) -> str:
    return f"{key}[{i}]（{item['id']}）"


def _number(item: dict, field: str, where: str) -> float:
    value = item.get(field)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InstanceError(f"{where} 的“{field}”应为数字，现为 {value!r}")
    return float(value)


def _text(item: dict, field: str, where: str) -> str:
    value = item.get(field)
    if not isinstance(value, str) or not value.strip():
        raise InstanceError(f"{where} 的“{field}”应为非空字符串")
    return value


def _date(item: dict, field: str, where: str) -> dt.date:
    value = _text(item, field, where)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InstanceError(f"{where} 的“{field}”不是日期（应写成 2019-09-01），现为“{value}”") from None


def _texts(item: dict, field: str, where: str) -> list[str]:
    value = item.get(field)
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise InstanceError(f"{where} 的“{field}”应为字符串列表")
    return value


def allocate(data: object) -> dict:
    """工作岗位竞聘: round 1 keeps a teacher at her own school (校内竞聘), round 2 moves her to a school she
    ranked higher (跨校竞聘), both by DA with the status quo, then by the exchange pass (``exchange``: cycles
    of teachers each taking the next one's post, within one 分档 of ``band`` points, default 5; a teacher
    it moves is reported in round 2 — in round 1 if it takes her back to her own school — and ``rounds`` counts
    them as "exchange"; ``"band": null`` leaves the pass out); round 3 (组织调剂) places the rest where posts
    are left, preferring schools higher on her list. Ties in score go to the smaller teacher id."""
    schools, teachers = _items(data, "schools"), _items(data, "teachers")
    school_ids = set(_ids(schools, "schools"))
    teacher_ids = _ids(teachers, "teachers")
    places: dict[tuple[str, str], int] = {}
    for i, school in enumerate(schools):
        where = _where("schools", i, school)
        posts = school.get("posts")
        if not isinstance(posts, dict):
            raise InstanceError(f"{where} 缺少“posts”（应为 {{学科: 岗位数}}）")
        for subject, n in posts.items():
            if isinstance(n, bool) or not isinstance(n, int) or n < 0:
                raise InstanceError(f"{where} 的 {subject} 岗位数为 {n!r}，应为不小于 0 的整数")
            places[school["id"], subject] = n
    tiebreak = {tid: k for k, tid in enumerate(sorted(teacher_ids))}
    applicants, subject_of, prefs_of = [], {}, {}
    for i, t in enumerate(teachers):
        where = _where("teachers", i, t)
        subject = _text(t, "subject", where)
        score = _number(t, "score", where)
        home = t.get("school")
        if home is not None and home not in school_ids:
            raise InstanceError(f"{where} 的“school”“{home}”不是 schools 中的学校")
        prefs = _texts(t, "prefs", where) if "prefs" in t else []
        for s in prefs:
            if s not in school_ids:
                raise InstanceError(f"{where} 的志愿中有未知学校“{s}”")
        if len(set(prefs)) != len(prefs):
            raise InstanceError(f"{where} 的志愿中有重复的学校")
        subject_of[t["id"]], prefs_of[t["id"]] = subject, prefs
        applicants.append(
            Applicant(
                id=t["id"],
                score=score,
                choices=tuple((s, subject) for s in prefs),
                holds=(home, subject) if home is not None else None,
                tiebreak=tiebreak[t["id"]],
            )
        )

    width = _band_width(data)
    start = time.perf_counter()
    result = compete(applicants, places)
    teachers = [
        Contender(id=a.id, score=a.score, tiebreak=a.tiebreak, home=a.holds, choices=a.choices)
        for a in applicants
    ]
    moves = []
    if width is not None:
        result.placed, moves = exchange(teachers, result.placed, band_width=width)
    rounds: dict[str, int | None] = {}
    left = dict(places)
    for a in applicants:
        post = result.placed[a.id]
        if post is not None:
            rounds[a.id] = 1 if post == a.holds else 2
            left[post] -= 1
    unplaced = result.unplaced()

    def cost(teacher: Hashable, post: tuple[str, str]) -> float | None:
        if post[1] != subject_of[teacher]:
            return None
        prefs = prefs_of[teacher]
        return prefs.index(post[0]) if post[0] in prefs else len(prefs) + 1

    placed3 = assign(unplaced, {p: n for p, n in left.items() if n > 0}, cost)
    for teacher, post in placed3.items():
        result.placed[teacher] = post
        rounds[teacher] = 3 if post is not None else None
    seconds = time.perf_counter() - start
    counts = [r for r in rounds.values()]
    return {
        "assignments": [
            {
                "teacher": a.id,
                "school": result.placed[a.id][0] if result.placed[a.id] else None,
                "round": rounds.get(a.id),
            }
            for a in applicants
        ],
        "rounds": {
            "1": counts.count(1),
            "2": counts.count(2),
            "3": counts.count(3),
            "unplaced": sum(1 for a in applicants if result.placed[a.id] is None),
            "exchange": len(moves),
            "exchange_cycles": len({m.cycle for m in moves}),
            "band_width": width,
        },
        "seconds": round(seconds, 4),
    }


def _band_width(data: dict) -> float | None:
    """The 分档 width of the exchange pass: the instance's optional "band" (points; 0 = exact scores; null =
    no exchange pass, rounds 1–2 are DA* alone)."""
    if "band" not in data:
        return DEFAULT_BAND_WIDTH
    value = data["band"]
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise InstanceError(f"“band”（交换分档宽度）应为 0 到 100 之间的数字，现为 {value!r}")
    return float(value)


def dispatch_instance(data: object, *, unfilled: float = UNFILLED_COST) -> dict:
    """周转池 dispatch: each vacancy to the nearest fitting pool teacher available for all of it."""
    vacancies, pool = _items(data, "vacancies"), _items(data, "pool")
    _ids(vacancies, "vacancies")
    _ids(pool, "pool")
    vac, tea = [], []
    for i, v in enumerate(vacancies):
        where = _where("vacancies", i, v)
        start, end = _date(v, "start", where), _date(v, "end", where)
        if end < start:
            raise InstanceError(f"{where} 的结束日期 {end} 早于开始日期 {start}")
        subject, level = _text(v, "subject", where), _text(v, "level", where)
        vac.append((subject, level, start.toordinal(), end.toordinal(), *_latlon(v, where)))
    for i, t in enumerate(pool):
        where = _where("pool", i, t)
        start, end = _date(t, "available_from", where), _date(t, "available_to", where)
        if end < start:
            raise InstanceError(f"{where} 的可用截止日期 {end} 早于起始日期 {start}")
        subjects, levels = set(_texts(t, "subjects", where)), set(_texts(t, "levels", where))
        tea.append((subjects, levels, start.toordinal(), end.toordinal(), *_latlon(t, where)))
    chosen, total = dispatch(_dispatch_costs(vac, tea), unfilled)
    ids = [t["id"] for t in pool]
    return {
        "dispatches": [
            {"vacancy": v["id"], "teacher": ids[c]}
            for v, c in zip(vacancies, chosen, strict=True)
            if c is not None
        ],
        "unfilled": [v["id"] for v, c in zip(vacancies, chosen, strict=True) if c is None],
        "total_cost": round(total, 3),
    }


def _dispatch_costs(vac: list[tuple], tea: list[tuple]) -> np.ndarray:
    """Great-circle km from each pool teacher to each vacancy; NaN where the subject or level does not fit
    or the teacher is not free for the whole vacancy. Vectorised: one mask per subject and level."""
    shape = (len(vac), len(tea))
    if not all(shape):
        return np.full(shape, np.nan)
    v = np.array([row[2:] for row in vac], dtype=float)
    t = np.array([row[2:] for row in tea], dtype=float)
    fits = (t[None, :, 0] <= v[:, None, 0]) & (v[:, None, 1] <= t[None, :, 1])
    for column, index in ((0, 0), (1, 1)):
        wanted = [row[column] for row in vac]
        for value in set(wanted):
            teaches = np.array([value in row[index] for row in tea])
            rows = np.array([w == value for w in wanted])
            fits[rows] &= teaches
    km = great_circle_km(t[None, :, 2], t[None, :, 3], v[:, None, 2], v[:, None, 3])
    return np.where(fits, km, np.nan)


def _latlon(item: dict, where: str) -> tuple[float, float]:
    lat, lon = _number(item, "lat", where), _number(item, "lon", where)
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InstanceError(f"{where} 的坐标（{lat}, {lon}）超出范围：纬度 −90…90，经度 −180…180")
    return lat, lon
