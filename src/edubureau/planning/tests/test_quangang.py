"""The reference plan, 《2019年泉港区教育工作要点》 (泉港教综〔2019〕55号), against its gold file."""

import json
import re

import pytest

from edubureau.planning.parser import parse_file, parse_plan

from .conftest import DATA
from .scoring import score

GOLD = json.loads((DATA / "quangang-2019.gold.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def parsed() -> dict:
    return parse_file(DATA / "quangang-2019.txt").to_dict()


def test_header(parsed):
    for field in ("title", "issuer", "doc_number", "date", "recipients", "cc"):
        assert parsed[field] == GOLD[field], field


def test_five_sections_and_24_items(parsed):
    assert parsed["sections"] == GOLD["sections"]
    assert [(i["section"], i["number"]) for i in parsed["items"]] == [
        (i["section"], i["number"]) for i in GOLD["items"]
    ]
    assert len(parsed["items"]) == 24


def test_every_title_and_lead_unit_list_exact(parsed):
    for got, want in zip(parsed["items"], GOLD["items"], strict=True):
        assert got["title"] == want["title"]
        assert got["lead_units"] == want["lead_units"], got["number"]
        assert got["body"] == want["body"], got["number"]


def test_the_ten_preamble_targets(parsed):
    assert parsed["preamble_targets"] == GOLD["preamble_targets"]
    assert [(t["value"], t["comparator"]) for t in parsed["preamble_targets"]] == [
        (6650, "="),
        (6300, "="),
        (4425, "="),
        (2000, "="),
        (600, "="),
        (98, ">="),
        (100, "="),
        (98, ">="),
        (97, ">="),
        (96.5, ">="),
    ]


@pytest.mark.parametrize("number", range(1, 25))
def test_item_targets(parsed, number):
    got = parsed["items"][number - 1]["targets"]
    want = GOLD["items"][number - 1]["targets"]
    assert got == want


def test_scores_are_perfect(parsed):
    s = score(parsed, GOLD)
    assert s["target_precision"] == s["target_recall"] == s["targets_exact"] == 1.0
    assert s["titles"] == s["lead_units"] == 1.0


def test_no_excluded_number_becomes_a_target(parsed):
    """Ordinals, slogans, document numbers, year ranges, baselines and bands are not targets."""
    texts = " ".join(t["text"] for i in parsed["items"] for t in i["targets"])
    for phrase in (
        "第五届",
        "第六轮",
        "第24个",
        "第22届",
        "三通两平台",
        "一师一优课",
        "五必访",
        "十项准则",
        "37号",
        "2017-2019",
        "6所试点校",
        "51至55人",
    ):
        assert phrase not in texts
    values = {t["value"] for i in parsed["items"] for t in i["targets"]}
    assert not values & {2017, 2018, 2019, 2020, 2021, 2022, 37, 101, 24, 22, 51, 55, 70}


def test_value_normalisation(parsed):
    item20 = {t["text"]: t for t in parsed["items"][19]["targets"]}
    assert item20["投资6.22亿元"]["value"] == 622_000_000
    assert item20["投资6.22亿元"]["unit"] == "元"
    assert item20["将新增幼儿园、中小学学位11000个"]["comparator"] == "increase_by"


# --------------------------------------------------------------------------------- the same plan, other layouts


def _essence(plan: dict) -> dict:
    """Everything but whitespace inside bodies (a re-flowed text may keep a paragraph break)."""
    plan = json.loads(json.dumps(plan))
    for item in plan["items"]:
        item["body"] = re.sub(r"\s+", "", item["body"])
    return plan


def test_one_line_parses_like_the_original(quangang_text):
    one_line = "".join(line.strip(" \t\u3000") for line in quangang_text.splitlines())
    assert "\n" not in one_line
    assert _essence(parse_plan(one_line).to_dict()) == _essence(GOLD)


@pytest.mark.parametrize("width", [20, 28, 33, 40, 57, 80])
def test_hard_wrapped_parses_like_the_original(quangang_text, width):
    """Lines cut every ``width`` characters, mid-word, as text copied out of a PDF."""
    lines = [line.strip(" \t\u3000") for line in quangang_text.splitlines()]
    wrapped = "\n".join(line[i : i + width] for line in lines for i in range(0, max(len(line), 1), width))
    assert _essence(parse_plan(wrapped).to_dict()) == _essence(GOLD)


def test_crlf_and_full_width_indentation(quangang_text):
    text = "\r\n".join("\u3000\u3000" + line for line in quangang_text.splitlines())
    assert parse_plan(text).to_dict() == GOLD


def test_gb18030_file(tmp_path, quangang_text):
    path = tmp_path / "plan.txt"
    path.write_bytes(quangang_text.encode("gb18030"))
    assert parse_file(path).to_dict() == GOLD


ITEM_24 = GOLD["items"][23]


@pytest.mark.parametrize(
    ("cut_after", "title", "body", "leads", "targets"),
    [
        # 第24个 is an ordinal: no target from what is left
        ("组织开展第24个全国中小", "切实加强学校安全稳定工作", "组织开展第24个全国中小", [], []),
        # cut inside the lead bracket: the half name 社(管办) is dropped
        (
            "（牵头单位：安全保卫股、社",
            "切实加强学校安全稳定工作",
            ITEM_24["body"],
            ["安全保卫股"],
            ITEM_24["targets"],
        ),
        (
            "（牵头单位：安全保卫股、",
            "切实加强学校安全稳定工作",
            ITEM_24["body"],
            ["安全保卫股"],
            ITEM_24["targets"],
        ),
        ("24.切实加强学校安全", "切实加强学校安全", "", [], []),
    ],
)
def test_truncated_last_item_is_returned_as_far_as_it_goes(
    quangang_text, cut_after, title, body, leads, targets
):
    text = quangang_text[: quangang_text.index(cut_after) + len(cut_after)]
    plan = parse_plan(text)
    last = plan.to_dict()["items"][-1]
    assert (len(plan.items), last["number"], last["title"], last["body"]) == (24, 24, title, body)
    assert (last["lead_units"], last["targets"]) == (leads, targets)
    assert plan.items[-1].truncated


def test_truncated_inside_a_number_invents_nothing(quangang_text):
    cut = quangang_text.index("完成率达10") + len("完成率达10")
    targets = parse_plan(quangang_text[:cut]).items[-1].targets
    assert targets == []
