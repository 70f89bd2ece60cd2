"""What the report tests share: the demo plan, a year of tracking on it, and
the people who read it.

The demo is Red GEALC's 2017 plan (44 activities in six areas). `track(plan)`
gives it a year's worth of reports, all dated, so that the figures are the
same on every run:
- 1.1.i is done, with a note; 1.1.ii is delayed; 2.1.i is on track; 6.2.i is
  cancelled; every other activity is still not started;
- 1.1.i's product has a public link ("Relatoría del taller") and a
  members-only file ("Lista de participantes"); 1.1.iii's product has a
  public file ("Reporte del intercambio").

The people, in Red GEALC: Vera reads (a Viewer), Sofía runs the Secretariat;
Bruno, the public, is never signed in.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import Client, TestCase

from planea.accounts.models import Membership, Role
from planea.ops.demo import load_demo
from planea.plans.models import Activity, Plan, Product
from planea.tracking.models import Evidence, record_progress

D = dt.date
TODAY = D(2017, 9, 15)
SITE = "https://planea.example.org"
GOLDEN = Path(__file__).resolve().parent / "golden"

PUBLIC_LINK = "https://example.org/relatoria-taller-software"
PRIVATE_FILE_TITLE = "Lista de participantes"
PUBLIC_FILE_TITLE = "Reporte del intercambio"


def report_progress(plan: Plan, key: str, status: str, note: str, date: dt.date) -> None:
    activity = Activity.objects.get(plan=plan, key=key)
    record_progress(
        activity, author=None, status=status, note=note, date=date, seen_version=activity.version
    )


def first_product(plan: Plan, key: str) -> Product:
    return Product.objects.filter(activity__plan=plan, activity__key=key).order_by("order")[0]


def track(plan: Plan) -> dict[str, Evidence]:
    """The year's reports and evidence (see the module's docstring)."""
    report_progress(plan, "1.1.i", "on_track", "Temas identificados.", D(2017, 3, 1))
    report_progress(plan, "1.1.i", "done", "Temáticas incorporadas al taller.", D(2017, 4, 20))
    report_progress(plan, "1.1.ii", "delayed", "El taller se pospuso a octubre.", D(2017, 5, 2))
    report_progress(plan, "2.1.i", "on_track", "", D(2017, 6, 1))
    report_progress(plan, "6.2.i", "cancelled", "Sin financiamiento.", D(2017, 7, 3))
    software = first_product(plan, "1.1.i")
    exchanges = first_product(plan, "1.1.iii")
    return {
        "public_link": Evidence.objects.create(
            product=software,
            title="Relatoría del taller",
            date=D(2017, 4, 18),
            url=PUBLIC_LINK,
        ),
        "private_file": Evidence.objects.create(
            product=software,
            title=PRIVATE_FILE_TITLE,
            date=D(2017, 4, 19),
            file="evidence/2017/04/participantes.pdf",
            content_type="application/pdf",
            is_public=False,
        ),
        "public_file": Evidence.objects.create(
            product=exchanges,
            title=PUBLIC_FILE_TITLE,
            date=D(2017, 8, 30),
            file="evidence/2017/08/intercambio.pdf",
            content_type="application/pdf",
        ),
    }


def user(username: str, network, role: str):
    person = get_user_model().objects.create_user(username, f"{username}@example.org", None)
    Membership.objects.create(user=person, network=network, role=role)
    return person


class DemoTestCase(TestCase):
    """The demo plan, tracked through the year, and its readers."""

    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        demo = load_demo()
        cls.network = demo.network
        cls.plan = Plan.objects.select_related("network").get(pk=demo.plan.pk)
        cls.evidence = track(cls.plan)
        cls.vera = user("vera", cls.network, Role.VIEWER)
        cls.sofia = user("sofia", cls.network, Role.SECRETARIAT)
        cls.public = AnonymousUser()

    def client_for(self, person) -> Client:
        client = Client()
        if person is not None:
            client.force_login(person)
        return client

    def url(self, name: str) -> str:
        return f"/{self.network.slug}/{self.plan.year}/{name}"
