"""The `planea` console script.

`planea parse` reads a plan document and needs nothing but the pure-Python
`planea.planfile` package; every other subcommand is a Django management
command, so `planea import …` is `manage.py import …` under a friendlier name.
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line

from planea.planfile.cli import main as parse_main


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "parse":
        return parse_main(argv[1:])

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planea.settings")
    execute_from_command_line(["planea", *argv])
    return 0
