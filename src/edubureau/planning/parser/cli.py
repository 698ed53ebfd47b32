"""``edubureau plan parse FILE [--json]``: the parser on the command line.

``main(argv)`` is what the Django management command wraps; it also runs on its own:
``python -m edubureau.planning.parser.cli FILE --json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from . import parse_file, parse_plan
from .model import ParsedPlan


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="edubureau plan parse", description="Parse an annual work plan (工作要点)."
    )
    parser.add_argument("file", help="plan as .txt (UTF-8 or GB18030) or .docx; - reads standard input")
    parser.add_argument("--json", action="store_true", help="print the parse as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        plan = parse_plan(sys.stdin.read()) if args.file == "-" else parse_file(args.file)
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary(plan))
    return 0


def summary(plan: ParsedPlan) -> str:
    """A short human-readable account of the parse."""
    lines = [
        f"{plan.title or '(no title)'}  {plan.doc_number or ''}  {plan.issuer or ''}  {plan.date or ''}".rstrip(),
        f"{len(plan.sections)} sections, {len(plan.items)} items, "
        f"{len(plan.preamble_targets) + sum(len(i.targets) for i in plan.items)} targets",
    ]
    for item in plan.items:
        leads = "、".join(item.lead_units) or "-"
        lines.append(
            f"  {item.section or ''} {item.number:>2}. {item.title}  [{leads}]  {len(item.targets)} targets"
        )
    lines.extend(f"warning: {w}" for w in plan.warnings)
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
