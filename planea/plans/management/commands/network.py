"""`planea network create ACRONYM "Full name"` and `planea network list`.

Networks are made on purpose, never as a side effect of a mistyped
`planea import --network`: an import finds an existing network or stops.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import IntegrityError, transaction

from planea.plans.models import Network, unique_slug


class Command(BaseCommand):
    help = "Create a network, or list the networks there are."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True, metavar="create|list")
        create = commands.add_parser("create", help="create a network")
        create.add_argument("acronym", help="its acronym, e.g. 'Red GEALC'")
        create.add_argument("name", help="its full name")
        create.add_argument("--slug", help="its address on the site (from the acronym if left out)")
        commands.add_parser("list", help="list the networks: acronym, slug, name, plans")

    def handle(self, *args, **options) -> None:
        if options["action"] == "create":
            self._create(options["acronym"], options["name"], options.get("slug"))
        else:
            self._list()

    def _create(self, acronym: str, name: str, slug: str | None) -> None:
        acronym, name = " ".join(acronym.split()), " ".join(name.split())
        if not acronym or not name:
            raise CommandError("a network needs an acronym and a full name", returncode=2)
        existing = Network.named(acronym) or (Network.named(slug) if slug else None)
        if existing is not None:
            raise CommandError(
                f"there is already a network {existing.acronym} ({existing.slug})", returncode=2
            )
        taken = set(Network.objects.values_list("slug", flat=True))
        slug = unique_slug(slug or acronym, taken, fallback="network")
        try:
            with transaction.atomic():
                network = Network(acronym=acronym, name=name, slug=slug)
                network.full_clean()
                network.save()
        except IntegrityError as exc:
            raise CommandError(f"the network cannot be created: {exc}", returncode=2) from None
        except Exception as exc:  # ValidationError: a reserved or malformed slug
            messages = getattr(exc, "messages", [str(exc)])
            raise CommandError(
                f"the network cannot be created: {' '.join(messages)}", returncode=2
            ) from None
        self.stdout.write(
            self.style.SUCCESS(f"Created network {network.acronym} ({network.slug}): {name}.")
        )

    def _list(self) -> None:
        networks = Network.objects.order_by("acronym").prefetch_related("plans")
        if not networks:
            self.stdout.write('No networks yet. planea network create ACRONYM "Full name"')
            return
        for network in networks:
            years = ", ".join(
                str(p.year) for p in sorted(network.plans.all(), key=lambda p: p.year)
            )
            self.stdout.write(f"{network.acronym}\t{network.slug}\t{network.name}\t{years or '—'}")
