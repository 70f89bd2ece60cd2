"""`planea report YEAR --network ACRONYM --format pdf|docx|html|md -o FILE
[--language fr]`: write a plan's annual report, wholly in one language (its
labels, and the plan's texts as translated, each original left marked).

The report is what the public sees (evidence for members only is left out)
unless `--as USERNAME` names someone whose view it should be.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from planea.reports.commandline import (
    add_common_arguments,
    check_writable,
    chosen_format,
    find_plan,
    write,
)
from planea.reports.data import annual_report
from planea.reports.formats import REPORTS, render_report

LANGUAGES = [code for code, _name in settings.LANGUAGES]


class Command(BaseCommand):
    help = "Write the annual report of a network's plan as PDF, Word, HTML or Markdown."

    # The system checks load every URL and so every view (the charts'
    # matplotlib, the API's schemas): 1.5 s of a command that reads one plan.
    # `planea check`, `migrate` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        add_common_arguments(parser, list(REPORTS))
        parser.add_argument(
            "--language",
            choices=LANGUAGES,
            default=settings.LANGUAGE_CODE,
            help=(
                "the report's language: its own text, and the plan's texts where translated, "
                f"the others marked as originals (default: {settings.LANGUAGE_CODE})"
            ),
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="write the report as this user sees it (default: as the public sees it)",
        )

    def handle(self, *args, **options) -> None:
        fmt = chosen_format(options["format"], options["output"], list(REPORTS))
        path = check_writable(options["output"])
        plan = find_plan(options["network"], options["year"])
        user = self._user(options["username"])
        console = Console(file=self.stderr._out, stderr=True)
        columns = (
            TextColumn("{task.description:<28}"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TimeElapsedColumn(),
        )
        with (
            translation.override(options["language"]),
            Progress(*columns, console=console, transient=True) as bar,
        ):
            task = bar.add_task("Reading the plan", total=3)
            try:
                report = annual_report(plan, user, language=options["language"])
            except PermissionDenied:
                raise CommandError(
                    f"{plan.network.acronym} {plan.year} is a draft ({plan.status}): "
                    "not public; name a member who may read it with --as USERNAME"
                ) from None
            bar.update(task, advance=1, description=f"Writing the {fmt.upper()}")
            body = render_report(report, fmt)
            bar.update(task, advance=1, description=f"Saving {path.name}")
            write(path, body)
            bar.update(task, advance=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {path} ({len(body):,} bytes): the {plan.year} report of "
                f"{plan.network.acronym}, {len(report.activities)} activities."
            )
        )

    def _user(self, username: str | None):
        if not username:
            return AnonymousUser()
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        return user
