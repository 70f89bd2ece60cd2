"""`planea export YEAR --network ACRONYM --format csv|xlsx|json|ics|iati|datapackage -o FILE`:
write a plan's data for other programs. The JSON export is the documented
plan format, which `planea import` reads back; IATI (2.03 XML) and the data
package (a zip) are open data, made only of an adopted plan and only of
what the public may read of it."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from planea.reports.commandline import (
    add_common_arguments,
    check_writable,
    chosen_format,
    find_plan,
    write,
)
from planea.reports.formats import EXPORTS, OPEN_DATA, render_export

FORMATS = [*EXPORTS, *OPEN_DATA]

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = (
        "Export a network's plan: its activities as CSV or XLSX, the plan as JSON, ICS, "
        "or as open data: IATI 2.03 XML, a Frictionless data package (zip)."
    )

    # The system checks load every URL and so every view (the charts'
    # matplotlib, the API's schemas): 1.5 s of a command that reads one plan.
    # `planea check`, `migrate` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser, FORMATS)
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=settings.LANGUAGE_CODE,
            help="the language of the column headings and labels "
            f"(default: {settings.LANGUAGE_CODE}); the plan's text stays as written",
        )

    def handle(self, *args, **options) -> None:
        fmt = chosen_format(options["format"], options["output"], FORMATS)
        path = check_writable(options["output"])
        plan = find_plan(options["network"], options["year"])
        with translation.override(options["language"]):
            try:
                body = render_export(plan, fmt)
            except PermissionDenied:
                raise CommandError(
                    f"{plan.network.acronym} {plan.year} is not public ({plan.status}): "
                    "only an adopted plan is published as open data"
                ) from None
        write(path, body)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({len(body):,} bytes): {plan.network.acronym} {plan.year} as "
                f"{fmt.upper()}."
            )
        )
