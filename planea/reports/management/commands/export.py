"""`planea export YEAR --network ACRONYM --format csv|xlsx|json|ics -o FILE`:
write a plan's data for other programs. The JSON export is the documented
plan format, which `planea import` reads back."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from planea.reports.commandline import (
    add_common_arguments,
    check_writable,
    chosen_format,
    find_plan,
    write,
)
from planea.reports.formats import EXPORTS, render_export

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = "Export a network's plan: its activities as CSV or XLSX, the plan as JSON, or ICS."

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser, list(EXPORTS))
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=settings.LANGUAGE_CODE,
            help="the language of the column headings and labels "
            f"(default: {settings.LANGUAGE_CODE}); the plan's text stays as written",
        )

    def handle(self, *args, **options) -> None:
        fmt = chosen_format(options["format"], options["output"], list(EXPORTS))
        path = check_writable(options["output"])
        plan = find_plan(options["network"], options["year"])
        with translation.override(options["language"]):
            body = render_export(plan, fmt)
        write(path, body)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({len(body):,} bytes): {plan.network.acronym} {plan.year} as "
                f"{fmt.upper()}."
            )
        )
