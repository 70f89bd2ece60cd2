"""`planea demo`: load Red GEALC and its 2017 plan; safe to run again."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management.base import BaseCommand

from planea.accounts.demo import is_local
from planea.core import clock
from planea.ops.demo import create_demo_users, load_demo


class Command(BaseCommand):
    help = "Load the demo network (Red GEALC) and its 2017 annual work plan. Idempotent."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Load the 2017 plan as a draft, to walk it through proposal and approval.",
        )

    def handle(self, *args, **options) -> None:
        result = load_demo(draft=options["draft"])
        plan = result.plan
        if result.imported_plan:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Loaded the demo: {result.network.acronym} {plan.year}, "
                    f"{plan.activities.count()} activities "
                    f"({len(result.warnings)} reading warnings)."
                )
            )
        else:
            self.stdout.write(
                f"The demo is already loaded: {result.network.acronym} {plan.year}, "
                f"{plan.activities.count()} activities."
            )
        port = os.environ.get("PORT") or "8000"
        self.stdout.write(f"Open http://127.0.0.1:{port}{plan.get_absolute_url()}")
        if settings.PLANEA_TODAY:
            self.stdout.write(f"Planea's today is {clock.today().isoformat()} (PLANEA_TODAY).")
        else:
            self.stdout.write(
                "Planea's today is the real date; PLANEA_TODAY=2017-06-15 plays the demo "
                "in its own year, as `make run` does."
            )
        self.demo_users(result.network, port)

    def demo_users(self, network, port: str) -> None:
        """One user per role, with published passwords: on this machine only."""
        if not is_local():
            self.stderr.write(
                self.style.WARNING(
                    "No demo users: this server answers to other hosts than 127.0.0.1 "
                    "(ALLOWED_HOSTS), and the demo passwords are published."
                )
            )
            return
        users = create_demo_users(network)
        self.stdout.write(
            f"\nDemo users (passwords for this demo on 127.0.0.1 only), "
            f"log in at http://127.0.0.1:{port}/accounts/login/"
        )
        width = max(len(demo.username) for demo, _ in users)
        pwidth = max(len(demo.password) for demo, _ in users)
        for demo, description in users:
            self.stdout.write(
                f"  {demo.username:<{width}}  {demo.password:<{pwidth}}  {description}"
            )
