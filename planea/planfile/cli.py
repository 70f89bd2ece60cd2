"""`planea parse FILE [--format json|text]`: read a plan document and print it.

The plan goes to standard output, its warnings to standard error. Exit status
0 when the document was read (with or without warnings), 2 when it could not be.
"""

from __future__ import annotations

import argparse
import sys

from .errors import PlanParseError
from .jsonio import to_json
from .readers import SUPPORTED, read_path
from .render import render_text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="planea parse",
        description=f"Read an annual work plan ({SUPPORTED}) and print it as structured data.",
    )
    parser.add_argument("file", help="the plan document")
    parser.add_argument(
        "--format",
        choices=["json", "text"],
        default="text",
        help="json: the JSON plan format; text: the canonical text form (default)",
    )
    args = parser.parse_args(argv)
    try:
        plan = read_path(args.file)
    except PlanParseError as error:
        print(f"planea parse: {error}", file=sys.stderr)
        return 2
    for warning in plan.warnings:
        where = f"{args.file}:{warning.line}" if warning.line else args.file
        print(f"{where}: warning: {warning.message} [{warning.code}]", file=sys.stderr)
    sys.stdout.write(to_json(plan) if args.format == "json" else render_text(plan))
    return 0
