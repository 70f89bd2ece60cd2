"""`planea parse FILE [--format json|text]`: read a plan document and print it.

The plan goes to standard output, its warnings to standard error. Exit status
0 when the document was read (with or without warnings), 2 when it could not be.
"""

from __future__ import annotations

import argparse
import sys

from .errors import PlanParseError
from .jsonio import to_json
from .layouts import LAYOUTS
from .layouts.fields import COLUMN_FIELDS
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
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        help="read the plan in this layout rather than the one the reader finds best",
    )
    parser.add_argument(
        "--activity-level",
        metavar="LEVEL",
        help="what an activity is in an outline: a heading level (3), 'bold' or 'list:DEPTH'",
    )
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar='FIELD="HEADER"',
        help=f"which table column holds a field ({', '.join(COLUMN_FIELDS)}); repeatable",
    )
    args = parser.parse_args(argv)
    try:
        columns = _columns(args.column)
    except ValueError as error:
        parser.error(str(error))
    try:
        plan = read_path(
            args.file, layout=args.layout, activity_level=args.activity_level, columns=columns
        )
    except PlanParseError as error:
        print(f"planea parse: {error}", file=sys.stderr)
        return 2
    for warning in plan.warnings:
        where = f"{args.file}:{warning.line}" if warning.line else args.file
        print(f"{where}: warning: {warning.message} [{warning.code}]", file=sys.stderr)
    sys.stdout.write(to_json(plan) if args.format == "json" else render_text(plan))
    return 0


def _columns(pairs: list[str]) -> dict[str, str]:
    """['lead=Unidade responsável'] -> {'leads': 'Unidade responsável'}."""
    columns = {}
    for pair in pairs:
        name, sep, header = pair.partition("=")
        name = COLUMN_ALIASES.get(name.strip().lower(), name.strip().lower())
        if not sep or name not in COLUMN_FIELDS or not header.strip():
            raise ValueError(
                f"--column takes FIELD=HEADER with FIELD one of {', '.join(COLUMN_FIELDS)}: "
                f"{pair!r}"
            )
        columns[name] = header.strip().strip("\"'")
    return columns


COLUMN_ALIASES = {"lead": "leads", "products": "product", "deadline": "due", "start": "starts"}
