"""``edubureau staffing allocate`` and ``dispatch`` on their JSON contracts: the rounds keep their promises on
random instances, the `matching` package's hospital–resident solver agrees with the competition, dispatch
is the optimum of the stated cost, and every bad instance is refused with the item named."""

import itertools
import json
import subprocess
import sys
import warnings

import pytest
from django.core.management import CommandError, call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from edubureau.staffing.allocation.dispatch import great_circle_km
from edubureau.staffing.allocation.exchange import DEFAULT_BAND_WIDTH, band
from edubureau.staffing.allocation.instances import InstanceError, allocate, dispatch_instance

SUBJECTS = ["语文", "数学"]


@st.composite
def instances(draw, max_schools=4, max_teachers=9):
    schools = [f"S{j}" for j in range(draw(st.integers(1, max_schools)))]
    data = {
        "schools": [{"id": s, "posts": {sub: draw(st.integers(0, 2)) for sub in SUBJECTS}} for s in schools],
        "teachers": [],
    }
    band = draw(st.sampled_from(["default", None, 0, 2, 5]))
    if band != "default":
        data["band"] = band
    for i in range(draw(st.integers(0, max_teachers))):
        prefs = draw(st.permutations(schools))[: draw(st.integers(0, len(schools)))]
        data["teachers"].append(
            {
                "id": f"T{i:02d}",
                "school": draw(st.one_of(st.none(), st.sampled_from(schools))),
                "subject": draw(st.sampled_from(SUBJECTS)),
                "score": draw(st.integers(70, 75)),  # narrow, so that ties (broken by id) happen
                "prefs": list(prefs),
            }
        )
    return data


def _priority(t, school):
    """The stated priority at a school: its own teachers first, then score, then the smaller id."""
    return (t["school"] != school, -t["score"], t["id"])


def _banded(data):
    """The priority after the exchange pass: its own teachers first, then the 分档 (equal within a band);
    without the pass, the stated priority."""
    width = data.get("band", DEFAULT_BAND_WIDTH)
    if width is None:
        return _priority
    return lambda t, school: (t["school"] != school, -band(t["score"], width))


@settings(max_examples=200, deadline=None)
@given(instances())
def test_the_rounds_keep_their_promises(data):
    out = allocate(data)
    got = {a["teacher"]: a for a in out["assignments"]}
    teachers = {t["id"]: t for t in data["teachers"]}
    priority = _banded(data)
    posts = {(s["id"], sub): n for s in data["schools"] for sub, n in s["posts"].items()}
    # Capacities respected, each teacher in her own subject.
    for (school, subject), n in posts.items():
        assert (
            sum(
                1
                for a in got.values()
                if a["school"] == school and teachers[a["teacher"]]["subject"] == subject
            )
            <= n
        )
    for tid, a in got.items():
        t = teachers[tid]
        listed = t["prefs"] + ([t["school"]] if t["school"] and t["school"] not in t["prefs"] else [])
        if a["round"] == 1:
            assert a["school"] == t["school"]
        elif a["round"] == 2:
            assert a["school"] in t["prefs"] and a["school"] != t["school"]
        # No blocking pair among rounds 1–2: a school she ranked higher took only teachers before her.
        upto = listed.index(a["school"]) if a["round"] in (1, 2) else len(listed)
        for school in listed[:upto]:
            rivals = [
                teachers[b]
                for b, x in got.items()
                if x["school"] == school and x["round"] in (1, 2) and teachers[b]["subject"] == t["subject"]
            ]
            assert len(rivals) == posts.get((school, t["subject"]), 0)
            # (the exchange pass may seat a teacher of her band with a lower score: equal within the band)
            assert all(priority(r, school) <= priority(t, school) for r in rivals)
            if data.get("band", DEFAULT_BAND_WIDTH) is None:
                assert all(_priority(r, school) < _priority(t, school) for r in rivals)
    # An incumbent within her school's posts by the stated priority is never moved against her will.
    for (school, subject), n in posts.items():
        own = sorted(
            (t for t in data["teachers"] if t["school"] == school and t["subject"] == subject),
            key=lambda t: _priority(t, school),
        )
        for t in own[:n]:
            a = got[t["id"]]
            assert a["round"] in (1, 2)
            assert a["school"] == school or t["prefs"].index(a["school"]) < (
                t["prefs"].index(school) if school in t["prefs"] else len(t["prefs"])
            )
    # Round 3 only where a post was left; nobody unplaced while a post of her subject is left.
    used = {}
    for a in got.values():
        if a["school"]:
            key = (a["school"], teachers[a["teacher"]]["subject"])
            used[key] = used.get(key, 0) + 1
    for a in got.values():
        if a["school"] is None:
            subject = teachers[a["teacher"]]["subject"]
            assert all(used.get(k, 0) >= n for k, n in posts.items() if k[1] == subject)
    assert out["rounds"]["unplaced"] == sum(1 for a in got.values() if a["school"] is None)


@settings(max_examples=60, deadline=None)
@given(instances(max_schools=3, max_teachers=7))
def test_the_matching_package_agrees_with_rounds_one_and_two(data):
    """DA* alone (``"band": null``: no exchange pass) against the package's resident-optimal solve."""
    from matching.games import HospitalResident

    data["band"] = None

    teachers = {t["id"]: t for t in data["teachers"]}
    places = {f"{s['id']}|{sub}": n for s in data["schools"] for sub, n in s["posts"].items() if n > 0}
    residents = {}
    for t in data["teachers"]:
        listed = t["prefs"] + ([t["school"]] if t["school"] and t["school"] not in t["prefs"] else [])
        posts = [f"{s}|{t['subject']}" for s in listed if f"{s}|{t['subject']}" in places]
        if posts:
            residents[t["id"]] = posts
    hospitals = {
        post: sorted(
            (r for r, p in residents.items() if post in p),
            key=lambda r: _priority(teachers[r], post.split("|")[0]),
        )
        for post in places
    }
    hospitals = {h: p for h, p in hospitals.items() if p}
    if not residents or not hospitals:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(
            residents, hospitals, {h: places[h] for h in hospitals}
        )
        solution = game.solve(optimal="resident")
    theirs = {r.name: h.name.split("|")[0] for h, rs in solution.items() for r in rs}
    ours = {a["teacher"]: a["school"] for a in allocate(data)["assignments"] if a["round"] in (1, 2)}
    assert ours == theirs


def test_a_worked_competition():
    data = {
        "schools": [{"id": "S1", "posts": {"数学": 1}}, {"id": "S2", "posts": {"数学": 2}}],
        "teachers": [
            {"id": "T1", "school": "S1", "subject": "数学", "score": 86.5, "prefs": ["S2", "S1"]},
            {"id": "T2", "school": "S1", "subject": "数学", "score": 80, "prefs": []},
            {"id": "T3", "school": None, "subject": "数学", "score": 90, "prefs": ["S1"]},
        ],
    }
    out = allocate(data)
    # T1 moves up to S2; her post at S1 goes to its other holder T2 before the outsider T3, who is then
    # placed by 组织调剂 in the post left at S2.
    assert [(a["teacher"], a["school"], a["round"]) for a in out["assignments"]] == [
        ("T1", "S2", 2),
        ("T2", "S1", 1),
        ("T3", "S2", 3),
    ]
    assert out["rounds"] == {
        "1": 1, "2": 1, "3": 1, "unplaced": 0, "exchange": 0, "exchange_cycles": 0, "band_width": 5.0,
    }  # fmt: skip


def _brute_dispatch(data, unfilled=1000.0):
    vac, pool = data["vacancies"], data["pool"]

    def cost(v, t):
        if v["subject"] not in t["subjects"] or v["level"] not in t["levels"]:
            return None
        if not (t["available_from"] <= v["start"] and v["end"] <= t["available_to"]):
            return None
        return great_circle_km(t["lat"], t["lon"], v["lat"], v["lon"])

    best = None
    for choice in itertools.product([None, *range(len(pool))], repeat=len(vac)):
        chosen = [c for c in choice if c is not None]
        if len(chosen) != len(set(chosen)):
            continue
        costs = [unfilled if c is None else cost(v, pool[c]) for v, c in zip(vac, choice, strict=True)]
        if None in costs:
            continue
        best = sum(costs) if best is None else min(best, sum(costs))
    return best


@st.composite
def pools(draw):
    def place():
        return {"lat": draw(st.floats(25.0, 25.3)), "lon": draw(st.floats(118.7, 119.0))}

    vac = [
        {
            "id": f"V{i}",
            "school": "S",
            "subject": draw(st.sampled_from(SUBJECTS)),
            "level": "小学",
            "start": "2019-03-0" + str(draw(st.integers(1, 4))),
            "end": "2019-03-2" + str(draw(st.integers(0, 9))),
            **place(),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    pool = [
        {
            "id": f"P{i}",
            "subjects": draw(st.lists(st.sampled_from(SUBJECTS), min_size=1, unique=True)),
            "levels": ["小学"],
            "available_from": "2019-03-0" + str(draw(st.integers(1, 4))),
            "available_to": "2019-03-2" + str(draw(st.integers(0, 9))),
            **place(),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    return {"vacancies": vac, "pool": pool}


@settings(max_examples=120, deadline=None)
@given(pools())
def test_dispatch_is_the_optimum_of_the_stated_cost(data):
    out = dispatch_instance(data)
    assert out["total_cost"] == pytest.approx(_brute_dispatch(data), abs=1e-3)  # printed to the metre
    assert len({d["teacher"] for d in out["dispatches"]}) == len(out["dispatches"])
    assert len(out["dispatches"]) + len(out["unfilled"]) == len(data["vacancies"])


def test_a_far_teacher_is_not_sent_when_leaving_the_vacancy_costs_less():
    data = {
        "vacancies": [
            {
                "id": "V1",
                "school": "S",
                "subject": "数学",
                "level": "小学",
                "start": "2019-03-01",
                "end": "2019-03-20",
                "lat": 25.1,
                "lon": 118.9,
            }
        ],
        "pool": [
            {
                "id": "P1",
                "subjects": ["数学"],
                "levels": ["小学"],
                "available_from": "2019-03-01",
                "available_to": "2019-06-30",
                "lat": 39.9,
                "lon": 116.4,
            }
        ],  # Beijing, ~1,500 km
    }
    assert dispatch_instance(data) == {"dispatches": [], "unfilled": ["V1"], "total_cost": 1000.0}
    near = dispatch_instance(data, unfilled=5000.0)
    assert near["dispatches"] == [{"vacancy": "V1", "teacher": "P1"}]
    assert near["total_cost"] == pytest.approx(great_circle_km(39.9, 116.4, 25.1, 118.9), abs=1e-3)


GOOD = {
    "schools": [{"id": "S1", "posts": {"数学": 1}}],
    "teachers": [{"id": "T1", "school": "S1", "subject": "数学", "score": 80, "prefs": ["S1"]}],
}


def _with(path, value):
    data = json.loads(json.dumps(GOOD))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "JSON 对象"),
        ({"schools": []}, "“teachers”"),
        (_with(("teachers", 0, "prefs"), ["S9"]), "teachers[0]（T1） 的志愿中有未知学校“S9”"),
        (_with(("schools", 0, "posts"), {"数学": -1}), "schools[0]（S1） 的 数学 岗位数为 -1"),
        (_with(("schools", 0, "posts"), {"数学": 1.5}), "应为不小于 0 的整数"),
        ({**GOOD, "teachers": GOOD["teachers"] * 2}, "teachers[1] 的 id“T1”与 teachers[0] 重复"),
        (_with(("teachers", 0, "score"), "高"), "teachers[0]（T1） 的“score”应为数字"),
        (_with(("teachers", 0, "score"), float("nan")), "应为数字"),
        (_with(("teachers", 0, "school"), "S7"), "“S7”不是 schools 中的学校"),
        (_with(("teachers", 0, "prefs"), ["S1", "S1"]), "重复的学校"),
        (_with(("teachers", 0, "subject"), ""), "“subject”应为非空字符串"),
    ],
)
def test_a_bad_allocate_instance_names_the_item(data, message):
    with pytest.raises(InstanceError) as error:
        allocate(data)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"end": "2019-02-01"}, "vacancies[0]（V1） 的结束日期 2019-02-01 早于开始日期 2019-03-01"),
        ({"start": "3月1日"}, "“start”不是日期"),
        ({"lat": 95}, "超出范围"),
    ],
)
def test_a_bad_dispatch_instance_names_the_item(change, message):
    data = {
        "vacancies": [
            {
                "id": "V1",
                "school": "S",
                "subject": "数学",
                "level": "小学",
                "start": "2019-03-01",
                "end": "2019-03-20",
                "lat": 25.1,
                "lon": 118.9,
                **change,
            }
        ],
        "pool": [],
    }
    with pytest.raises(InstanceError) as error:
        dispatch_instance(data)
    assert message in str(error.value)


def test_the_command_prints_the_contract_and_refuses_bad_files(tmp_path, capsys):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    call_command("staffing", "allocate", str(path), "--json")
    out = json.loads(capsys.readouterr().out)
    assert out["assignments"] == [{"teacher": "T1", "school": "S1", "round": 1}]
    assert set(out) == {"assignments", "rounds", "seconds"}
    path.write_text('{"schools": [', encoding="utf-8")
    with pytest.raises(CommandError, match="不是合法的 JSON：第 1 行"):
        call_command("staffing", "allocate", str(path))
    with pytest.raises(CommandError, match="无法读取"):
        call_command("staffing", "dispatch", str(tmp_path / "missing.json"))


def test_a_bad_instance_exits_non_zero(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_with(("teachers", 0, "prefs"), ["S9"])), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, "-m", "edubureau.cli", "staffing", "allocate", str(path), "--json"],
        capture_output=True,
        text=True,
        env={
            "EDUBUREAU_VAR_DIR": str(tmp_path / "var"),
            "PATH": "/usr/bin:/bin",
            "EDUBUREAU_DATABASE_URL": "",
        },
    )
    assert run.returncode != 0
    assert "未知学校“S9”" in run.stderr
    assert run.stdout == ""
