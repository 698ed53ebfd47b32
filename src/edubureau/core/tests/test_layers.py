"""Imports point downward only (DESIGN §3): core ← accounts ← registry ← the domain apps ← reports, home.

``core`` knows no domain app, so the clock, scoping, audit, export and the GB/T 9704 renderer can be used by
every app; nothing imports the pages that read every app (``reports``, ``home``). Tests and the demo are
exempt: tests may reach anywhere, and the demo builds a whole district through every app's services.
"""

import ast
from pathlib import Path

import edubureau

PACKAGE = Path(edubureau.__file__).resolve().parent
LAYER = {
    "core": 0,
    "accounts": 1,
    "registry": 2,
    "planning": 3,
    "indicators": 3,
    "supervision": 3,
    "staffing": 3,
    "collect": 3,
    "evaluation": 3,
    "projects": 3,
    "safety": 3,
}
TOP = {"reports", "home"}
EXEMPT = {"demo", "locale", "templates", "static"}


def _imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (a.name for a in node.names)


def _violations():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if (
            len(rel.parts) < 2
            or rel.parts[0] in EXEMPT
            or {"tests", "testing", "migrations"} & set(rel.parts)
        ):
            continue
        app = rel.parts[0]
        for module in _imports(path):
            parts = module.split(".")
            if parts[0] != "edubureau" or len(parts) < 2 or parts[1] == app:
                continue
            target = parts[1]
            upward = (
                target in TOP
                or (app in LAYER and target in LAYER and LAYER[target] > LAYER[app])
                or (app in LAYER and target == "demo")
            )
            if upward:
                yield f"{rel} imports {module}"


def test_imports_point_downward_only():
    assert list(_violations()) == []
