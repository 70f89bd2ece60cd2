"""What `planea report` and `planea export` share: finding the plan, choosing
the format, and writing the file, with one-line errors."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.management.base import CommandError, CommandParser

from planea.plans.models import Network, Plan


def add_common_arguments(parser: CommandParser, formats: list[str]) -> None:
    parser.add_argument("year", type=int, help="the plan's year, e.g. 2017")
    parser.add_argument(
        "--network",
        required=True,
        metavar="ACRONYM",
        help="the network's acronym, e.g. 'Red GEALC'",
    )
    parser.add_argument(
        "--format",
        choices=formats,
        help="the file's format; by default, the output file's extension",
    )
    parser.add_argument("-o", "--output", required=True, metavar="FILE", help="the file to write")


def find_plan(acronym: str, year: int) -> Plan:
    network = Network.by_acronym(" ".join(acronym.split()))
    if network is None:
        raise CommandError(f"no network with the acronym {acronym!r}")
    plan = Plan.objects.select_related("network").filter(network=network, year=year).first()
    if plan is None:
        years = ", ".join(
            str(y) for y in network.plans.order_by("year").values_list("year", flat=True)
        )
        known = f" (it has plans for {years})" if years else " (it has no plans)"
        raise CommandError(f"{network.acronym} has no plan for {year}{known}")
    return plan


def chosen_format(fmt: str | None, output: str, formats: list[str]) -> str:
    if fmt:
        return fmt
    suffix = Path(output).suffix.lower().lstrip(".")
    suffix = {"htm": "html", "markdown": "md", "xml": "iati", "zip": "datapackage"}.get(
        suffix, suffix
    )
    if suffix in formats:
        return suffix
    raise CommandError(f"say which format with --format ({'|'.join(formats)})")


def check_writable(output: str) -> Path:
    """Fail before the work, not after it, when the file cannot be written."""
    path = Path(output)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise CommandError(f"cannot write {output}: it is a folder")
    if not folder.is_dir():
        raise CommandError(f"cannot write {output}: no folder {folder}")
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        raise CommandError(f"cannot write {output}: permission denied")
    return path


def write(path: Path, body: bytes) -> None:
    try:
        path.write_bytes(body)
    except OSError as exc:
        raise CommandError(f"cannot write {path}: {exc.strerror or exc}") from None
