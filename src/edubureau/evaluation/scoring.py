"""A scheme's arithmetic, pure (no ORM): weights checked, leaf scores on 0–100, totals explained to the leaf,
position bands and 奖优罚劣 tiers.

Weights are per cent of the parent and each node's children add up to 100, so a leaf's effective weight
is the product of the weights on its path (as a share of 1) and a total is Σ leaf score × effective weight,
on 0–100. Each leaf's contribution is rounded to 4 decimals and the total is the sum of those rounded
contributions, so the parts a sheet shows add up to its total exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

HUNDRED = Decimal(100)
PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Node:
    id: int
    parent_id: int | None
    code: str
    name: str
    weight: Decimal  # per cent of the parent
    order: int = 0
    is_leaf_source: bool = True  # a leaf must name a source


@dataclass
class Explained:
    """One node of an explained sheet: its weight, effective weight, score and contribution to the total."""

    node: Node
    depth: int
    effective: Decimal  # share of the total, 0–1
    contribution: Decimal  # points of the total this node gives
    score: Decimal | None  # 0–100: the leaf's score, or a parent's weighted mean of its children
    leaf: bool
    children: list[Explained] = field(default_factory=list)


def children_of(nodes: Sequence[Node]) -> dict[int | None, list[Node]]:
    out: dict[int | None, list[Node]] = {}
    for n in sorted(nodes, key=lambda n: (n.order, n.code)):
        out.setdefault(n.parent_id, []).append(n)
    return out


def weight_problems(nodes: Sequence[Node]) -> list[str]:
    """What is wrong with a tree's weights and leaves, as sentences naming the node and the fix."""
    problems = []
    kids = children_of(nodes)
    if not nodes:
        return [_("The scheme has no criteria yet: add the top-level criteria first.")]
    for parent_id, group in kids.items():
        total = sum((n.weight for n in group), Decimal(0))
        if total != HUNDRED:
            weights = f"{total.normalize():f}"
            if parent_id is None:
                text = _(
                    "The weights of the top-level criteria add up to {total}%, not 100%: adjust the weights."
                )
                problems.append(text.format(total=weights))
            else:
                text = _(
                    "The weights of the sub-criteria of “{parent}” add up to {total}%, not 100%: adjust the weights."
                )
                problems.append(text.format(parent=_name(nodes, parent_id), total=weights))
    for n in nodes:
        if not 0 < n.weight <= HUNDRED:
            text = _("The weight {weight}% of “{code} {name}” is not between 0 and 100%.")
            problems.append(text.format(weight=n.weight, code=n.code, name=n.name))
        if n.id not in kids and not n.is_leaf_source:
            text = _("The leaf criterion “{code} {name}” has no score source: choose a score source.")
            problems.append(text.format(code=n.code, name=n.name))
    return problems


def _name(nodes: Sequence[Node], node_id: int) -> str:
    return next((f"{n.code} {n.name}" for n in nodes if n.id == node_id), str(node_id))


def effective_weights(nodes: Sequence[Node]) -> dict[int, Decimal]:
    """Each node's share of the total (product of the weights on its path, as shares of 1)."""
    kids = children_of(nodes)
    out: dict[int, Decimal] = {}

    def walk(parent_id, share):
        for n in kids.get(parent_id, []):
            out[n.id] = share * n.weight / HUNDRED
            walk(n.id, out[n.id])

    walk(None, Decimal(1))
    return out


def leaf_ids(nodes: Sequence[Node]) -> list[int]:
    kids = children_of(nodes)
    return [n.id for n in nodes if n.id not in kids]


def linear_score(raw: float | Decimal, *, best: Decimal, worst: Decimal) -> Decimal:
    """0 points at ``worst``, 100 at ``best``, a straight line between, clipped (best < worst: lower is better)."""
    if best == worst:
        return HUNDRED if Decimal(str(raw)) == best else Decimal(0)
    share = (Decimal(str(raw)) - worst) / (best - worst)
    share = min(max(share, Decimal(0)), Decimal(1))
    return (share * HUNDRED).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def explain(nodes: Sequence[Node], scores: Mapping[int, Decimal]) -> tuple[list[Explained], Decimal]:
    """The sheet as a tree: each node's contribution, and the total (Σ leaf contributions, 4 decimals).

    A leaf without a score contributes nothing (the sheet is incomplete; ``missing`` in ``complete``)."""
    kids = children_of(nodes)
    eff = effective_weights(nodes)

    def build(node: Node, depth: int) -> Explained:
        below = kids.get(node.id, [])
        if not below:
            s = scores.get(node.id)
            part = (
                (s * eff[node.id]).quantize(PLACES, rounding=ROUND_HALF_UP) if s is not None else Decimal(0)
            )
            return Explained(node, depth, eff[node.id], part, s, True)
        children = [build(k, depth + 1) for k in below]
        part = sum((k.contribution for k in children), Decimal(0))
        mean = (
            (part / eff[node.id]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) if eff[node.id] else None
        )
        return Explained(node, depth, eff[node.id], part, mean, False, children)

    roots = [build(n, 0) for n in kids.get(None, [])]
    return roots, sum((r.contribution for r in roots), Decimal(0))


def flatten(tree: list[Explained]) -> list[Explained]:
    out = []
    for e in tree:
        out.append(e)
        out.extend(flatten(e.children))
    return out


def bands(totals: Mapping[object, Decimal]) -> dict[object, int]:
    """Quartile of each school's total (1 = top 25 %); ties share the better band."""
    ordered = sorted(totals.values(), reverse=True)
    n = len(ordered)
    out = {}
    for key, value in totals.items():
        rank = ordered.index(value)  # schools above it
        out[key] = min(4, 1 + (4 * rank) // n) if n else 1
    return out


def tiers_by_quota(
    totals: Mapping[object, Decimal], *, excellent: float, good: float, improve: float
) -> dict[object, str]:
    """Tiers by share of schools: the top ``excellent`` % 优秀, the next ``good`` % 良好, the bottom
    ``improve`` % 待改进, the rest 合格. Counts round down (a quota is a ceiling); ties at a cut go the
    way of the better tier so that equal totals always get equal tiers."""
    if excellent + good + improve > 100 or min(excellent, good, improve) < 0:
        raise ValueError(_("Each tier's share must be 0–100%, and together no more than 100%."))
    ordered = sorted(totals.items(), key=lambda kv: kv[1], reverse=True)
    n = len(ordered)
    n_exc, n_good, n_imp = int(n * excellent / 100), int(n * good / 100), int(n * improve / 100)
    out: dict[object, str] = {}
    for i, (key, _value) in enumerate(ordered):
        if i < n_exc:
            tier = "excellent"
        elif i < n_exc + n_good:
            tier = "good"
        elif i >= n - n_imp:
            tier = "improve"
        else:
            tier = "pass"
        out[key] = tier
    # equal totals, equal tiers: a school tied with a better-tiered one joins it
    best_for: dict[Decimal, str] = {}
    rank = {"excellent": 0, "good": 1, "pass": 2, "improve": 3}
    for key, value in ordered:
        if value not in best_for or rank[out[key]] < rank[best_for[value]]:
            best_for[value] = out[key]
    return {key: best_for[value] for key, value in ordered}


def tiers_by_threshold(
    totals: Mapping[object, Decimal], *, excellent: float, good: float, passing: float
) -> dict[object, str]:
    """Tiers by score lines: ≥ ``excellent`` 优秀, ≥ ``good`` 良好, ≥ ``passing`` 合格, below 待改进."""
    if not excellent >= good >= passing:
        raise ValueError(_("The thresholds must satisfy Excellent ≥ Good ≥ Pass."))
    out = {}
    for key, value in totals.items():
        v = float(value)
        out[key] = (
            "excellent" if v >= excellent else "good" if v >= good else "pass" if v >= passing else "improve"
        )
    return out
