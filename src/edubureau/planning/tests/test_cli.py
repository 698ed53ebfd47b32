import json

import pytest

from edubureau.planning.parser.cli import main

from .conftest import DATA


def test_json_has_exactly_the_documented_shape(capsys):
    assert main([str(DATA / "quangang-2019.txt"), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == [
        "title",
        "issuer",
        "doc_number",
        "date",
        "recipients",
        "cc",
        "sections",
        "preamble_targets",
        "items",
    ]
    assert list(out["sections"][0]) == ["number", "title"]
    assert list(out["items"][0]) == [
        "number",
        "section",
        "title",
        "body",
        "lead_units",
        "co_units",
        "responsible_leaders",
        "due",
        "targets",
    ]
    target_keys = ["text", "indicator", "value", "unit", "comparator", "period"]
    assert all(list(t) == target_keys for t in out["preamble_targets"])
    assert all(list(t) == target_keys for i in out["items"] for t in i["targets"])
    assert isinstance(out["items"][0]["number"], int)
    assert out["items"][0]["section"] == "一"


def test_summary_without_json(capsys):
    assert main([str(DATA / "truncated.txt")]) == 0
    out = capsys.readouterr().out
    assert "3 items" in out and "warning:" in out


def test_missing_file(capsys, tmp_path):
    assert main([str(tmp_path / "nope.txt"), "--json"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_a_file_over_the_limit_is_refused_with_a_json_error(capsys, tmp_path):
    plan = tmp_path / "plan.txt"
    plan.write_bytes((DATA / "quangang-2019.txt").read_bytes())
    size = plan.stat().st_size
    assert main([str(plan), "--json"], max_bytes=size - 1) == 3
    error = json.loads(capsys.readouterr().out)
    assert error == {
        "error": "too_large",
        "message": f"{plan} is {size} bytes; the limit for a plan is {size - 1} bytes (PLAN_TEXT_MAX_BYTES)",
        "size_bytes": size,
        "max_bytes": size - 1,
    }
    assert main([str(plan), "--json"], max_bytes=size) == 0


def test_edubureau_plan_parse_applies_the_setting(capsys, tmp_path):
    """The console command refuses what the import page refuses: a 12 MB file against the 5 MB limit."""
    from django.core.management import ManagementUtility

    plan = tmp_path / "plan.txt"
    plan.write_bytes(b"x" * (12 * 1024 * 1024))
    with pytest.raises(SystemExit) as exit_:
        ManagementUtility(["edubureau", "plan", "parse", str(plan), "--json"]).execute()
    assert exit_.value.code == 3
    error = json.loads(capsys.readouterr().out)
    assert (error["size_bytes"], error["max_bytes"]) == (12 * 1024 * 1024, 5 * 1024 * 1024)


@pytest.mark.parametrize("suffix", [".xlsx", ".pdf", ".docx", ".html"])
def test_a_50_mb_file_of_any_kind_is_refused_before_it_is_read(capsys, tmp_path, suffix):
    plan = tmp_path / f"plan{suffix}"
    with plan.open("wb") as fh:  # sparse: 50 MB on paper, nothing for a reader to open
        fh.truncate(50 * 1024 * 1024)
    assert main([str(plan), "--json"], max_bytes=5 * 1024 * 1024) == 3
    error = json.loads(capsys.readouterr().out)
    assert (error["error"], error["size_bytes"]) == ("too_large", 50 * 1024 * 1024)
