"""`planea demo`: load Red GEALC and its 2017 plan; safe to run again."""

from __future__ import annotations

import os

from django.core.management.base import BaseCommand

from planea.plans.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo network (Red GEALC) and its 2017 annual work plan. Idempotent."

    def handle(self, *args, **options) -> None:
        result = load_demo()
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
