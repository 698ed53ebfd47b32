import json

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
    assert list(out["items"][0]) == ["number", "section", "title", "body", "lead_units", "targets"]
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
