"""`planea import FILE --network ACRONYM [--replace]`: load a plan document."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planea import planfile
from planea.plans.importer import PlanImportError, import_plan
from planea.plans.models import Network, unique_slug


class Command(BaseCommand):
    help = (
        "Import an annual work plan (.txt, .md, .docx, .pdf or .json) as a network's plan "
        "for the year it states. Nothing is written unless the whole plan is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the plan document")
        parser.add_argument(
            "--network",
            required=True,
            metavar="ACRONYM",
            help="the network's acronym, e.g. 'Red GEALC'; created if unknown",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the network's plan for that year if there is one",
        )

    def handle(self, *args, **options) -> None:
        # The console speaks English, as the parser's warnings do, whatever
        # the site's default language.
        with translation.override("en"):
            self._handle(options["file"], options["network"], options["replace"])

    def _handle(self, file: str, network: str, replace: bool) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            parsed = planfile.read_path(path)
        except planfile.PlanParseError as exc:
            where = f"{path.name}: line {exc.line}" if exc.line else path.name
            raise CommandError(f"{where}: {_one_line(exc.message)}") from None
        except (OSError, UnicodeError, ValueError) as exc:
            raise CommandError(f"{path.name}: cannot be read ({_one_line(str(exc))})") from None

        for warning in parsed.warnings:
            self.stderr.write(f"{path.name}: warning: {warning}")

        acronym = " ".join(network.split())
        if not acronym:
            raise CommandError("--network needs an acronym")
        try:
            # One transaction around the network too: a plan that fails to
            # import leaves no new, empty network behind.
            with transaction.atomic():
                network_obj = Network.by_acronym(acronym)
                created = network_obj is None
                if created:
                    taken = set(Network.objects.values_list("slug", flat=True))
                    network_obj = Network.objects.create(
                        name=acronym,
                        acronym=acronym,
                        slug=unique_slug(acronym, taken, fallback="network"),
                    )
                plan = self._import(parsed, network_obj, replace, path.name)
        except PlanImportError as exc:
            raise CommandError(f"{path.name}: {exc.message}") from None

        if created:
            self.stdout.write(f"Created network {network_obj.acronym} ({network_obj.slug}).")
        count = plan.activities.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {network_obj.acronym} {plan.year}: {plan.title} — "
                f"{plan.areas.count()} areas, {count} activities, "
                f"{len(parsed.warnings)} warnings."
            )
        )

    def _import(self, parsed: planfile.Plan, network: Network, replace: bool, name: str):
        console = Console(file=self.stderr._out, stderr=True)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"Importing {name}", total=len(parsed.activities) or 1)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total or 1)

            return import_plan(
                parsed, network, replace=replace, progress=progress, source_name=name
            )


def _one_line(text: str) -> str:
    return " ".join(text.split())
