"""``edubureau plan parse FILE [--json]``: the parser on the command line.

``main(argv)`` is what the Django management command wraps; it also runs on its own:
``python -m edubureau.planning.parser.cli FILE --json``.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import parse_file, parse_plan
from .model import ParsedPlan
from .sources import PlanReadError, decode

#: Exit status for a file that cannot be read, and for one over the size limit.
EXIT_UNREADABLE = 2
EXIT_TOO_LARGE = 3


def main(argv: Sequence[str] | None = None, *, max_bytes: int | None = None) -> int:
    """Run the CLI; ``max_bytes`` is the plan size limit (``edubureau plan parse`` passes the setting
    ``PLAN_TEXT_MAX_BYTES``, the same limit as the import page); None parses any size."""
    parser = argparse.ArgumentParser(
        prog="edubureau plan parse", description="Parse an annual work plan (工作要点)."
    )
    parser.add_argument(
        "file", help="plan as .txt (UTF-8 or GB18030), .docx, .xlsx, .pdf or .html; - reads standard input"
    )
    parser.add_argument("--json", action="store_true", help="print the parse as JSON")
    args = parser.parse_args(list(argv) if argv is not None else None)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else None
        size = len(data) if data is not None else Path(args.file).stat().st_size
        if max_bytes is not None and size > max_bytes:
            return too_large(args.file, size=size, max_bytes=max_bytes, as_json=args.json)
        plan = parse_plan(decode(data)) if data is not None else parse_file(args.file)
    except OSError as exc:
        print(f"cannot read {args.file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except PlanReadError as exc:  # a scanned or encrypted PDF, an .xlsx without a header, a damaged file
        if args.json:
            print(json.dumps({"error": exc.code, "message": exc.message}, ensure_ascii=False))
        print(f"{args.file}: {exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    if args.json:
        print(json.dumps(plan.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(summary(plan))
    return 0


def too_large(file: str, *, size: int, max_bytes: int, as_json: bool) -> int:
    """Refuse a plan over the limit: a JSON error on standard output with --json, a sentence on stderr."""
    message = f"{file} is {size} bytes; the limit for a plan is {max_bytes} bytes (PLAN_TEXT_MAX_BYTES)"
    if as_json:
        error = {"error": "too_large", "message": message, "size_bytes": size, "max_bytes": max_bytes}
        print(json.dumps(error, ensure_ascii=False))
    print(message, file=sys.stderr)
    return EXIT_TOO_LARGE


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
