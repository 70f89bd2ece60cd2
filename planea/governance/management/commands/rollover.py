"""`planea rollover YEAR --network ACRONYM`: draft next year's plan."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from planea.governance.models import TransitionError
from planea.governance.rollover import rollover
from planea.plans.models import Network, Plan


class Command(BaseCommand):
    help = (
        "Draft the network's plan for YEAR + 1 from its plan for YEAR: unfinished activities "
        "carried over with what they still owe (linked to their origin), recurring ones "
        "renewed, finished ones left behind; text tied to YEAR is flagged to review. Nothing "
        "is written unless the whole draft is."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("year", type=int, help="the year of the plan to roll over")
        parser.add_argument(
            "--network", required=True, metavar="ACRONYM", help="the network's acronym"
        )

    def handle(self, *args, **options) -> None:
        # The console speaks English, as `planea import` does.
        with translation.override("en"):
            self._handle(options["year"], options["network"])

    def _handle(self, year: int, acronym: str) -> None:
        network = Network.by_acronym(acronym)
        if network is None:
            raise CommandError(f"no network {acronym!r}")
        plan = Plan.objects.filter(network=network, year=year).first()
        if plan is None:
            raise CommandError(f"{network.acronym} has no plan for {year}")
        try:
            result = rollover(plan)
        except TransitionError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Drafted {network.acronym} {result.plan.year}: {result.plan.title} — "
                f"{len(result.carried)} unfinished activities carried over, "
                f"{len(result.renewed)} recurring ones renewed, "
                f"{len(result.left_behind)} finished ones left behind."
            )
        )
        if result.reduced:
            self.stdout.write(
                f"Targets carried as what is still owed: {', '.join(result.reduced)}."
            )
        if result.flagged:
            self.stdout.write(
                f"To review for {result.plan.year} (text tied to {year}: years, ordinals): "
                f"{', '.join(result.flagged)}."
            )
