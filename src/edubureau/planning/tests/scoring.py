"""Scores of a parse against a gold file (both in the CLI JSON shape).

Used by the tests and by hand: ``python -m edubureau.planning.tests.scoring FILE GOLD`` prints the scores.
A predicted target matches a gold one in the same item (or both in the preamble) when value, unit,
comparator and period are equal; ``text`` and ``indicator`` are then scored on the matched pairs.
"""

from __future__ import annotations

import json
import sys
from typing import Any

Target = dict[str, Any]


def _key(t: Target) -> tuple[Any, ...]:
    return (t["value"], t["unit"], t["comparator"], t["period"])


def _match(pred: list[Target], gold: list[Target]) -> list[tuple[Target, Target]]:
    pairs, free = [], list(gold)
    for p in pred:
        candidates = [g for g in free if _key(g) == _key(p)]
        if candidates:
            best = next((g for g in candidates if g["text"] == p["text"]), candidates[0])
            free.remove(best)
            pairs.append((p, best))
    return pairs


def score(parsed: dict[str, Any], gold: dict[str, Any]) -> dict[str, Any]:
    header_fields = ("title", "issuer", "doc_number", "date", "recipients", "cc")
    gold_items = {(i["section"], i["number"]): i for i in gold["items"]}
    pred_items = {(i["section"], i["number"]): i for i in parsed["items"]}
    common = [k for k in gold_items if k in pred_items]
    groups = [(parsed["preamble_targets"], gold["preamble_targets"])]
    groups += [(pred_items[k]["targets"], gold_items[k]["targets"]) for k in common]
    groups += [(pred_items[k]["targets"], []) for k in pred_items if k not in gold_items]
    groups += [([], gold_items[k]["targets"]) for k in gold_items if k not in pred_items]
    n_pred = sum(len(p) for p, _ in groups)
    n_gold = sum(len(g) for _, g in groups)
    pairs = [pair for p, g in groups for pair in _match(p, g)]
    return {
        "header": sum(parsed[f] == gold[f] for f in header_fields) / len(header_fields),
        "sections": parsed["sections"] == gold["sections"],
        "items": f"{len(parsed['items'])}/{len(gold['items'])}",
        "titles": sum(pred_items[k]["title"] == gold_items[k]["title"] for k in common) / len(gold_items),
        "bodies": sum(pred_items[k]["body"] == gold_items[k]["body"] for k in common) / len(gold_items),
        "lead_units": sum(pred_items[k]["lead_units"] == gold_items[k]["lead_units"] for k in common)
        / len(gold_items),
        "preamble_targets": f"{len(_match(parsed['preamble_targets'], gold['preamble_targets']))}/{len(gold['preamble_targets'])}",
        "target_precision": len(pairs) / n_pred if n_pred else 1.0,
        "target_recall": len(pairs) / n_gold if n_gold else 1.0,
        "target_text": sum(p["text"] == g["text"] for p, g in pairs) / len(pairs) if pairs else 1.0,
        "target_indicator": sum(p["indicator"] == g["indicator"] for p, g in pairs) / len(pairs)
        if pairs
        else 1.0,
        "targets_exact": sum(p == g for p, g in pairs) / n_gold if n_gold else 1.0,
    }


if __name__ == "__main__":
    from edubureau.planning.parser import parse_file

    with open(sys.argv[2], encoding="utf-8") as fh:
        expected = json.load(fh)
    print(json.dumps(score(parse_file(sys.argv[1]).to_dict(), expected), ensure_ascii=False, indent=2))
