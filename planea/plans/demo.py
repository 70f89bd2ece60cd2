"""The demo: Red GEALC, its member countries, its 2017 Executive Committee and
its 2017 plan, as the plan's own background describes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

import planea
from planea import planfile
from planea.governance.models import BodySeat

from .importer import import_plan
from .models import Network, Organisation, Plan
from .organisations import LAC_COUNTRIES, kind_for

DEMO_PLAN = Path(planea.__file__).resolve().parent / "demo" / "plan-anual-2017-red-gealc.txt"
NAME = "Red de Gobierno Electrónico de América Latina y el Caribe"
ACRONYM = "Red GEALC"
SLUG = "red-gealc"
DESCRIPTION = (
    "La red de las autoridades de gobierno electrónico de los países de América Latina "
    "y el Caribe, con su Secretaría Técnica en la OEA."
)
COMMITTEE = "Comité Ejecutivo"
# "El Comité Ejecutivo formado por Brasil, Chile, Colombia, Guatemala, Haití,
# México, República Dominicana y Uruguay (con la presidencia de este último)".
COMMITTEE_2017 = (
    "Brasil",
    "Chile",
    "Colombia",
    "Guatemala",
    "Haití",
    "México",
    "República Dominicana",
    "Uruguay",
)
CHAIR_2017 = "Uruguay"


@dataclass
class DemoResult:
    network: Network
    plan: Plan
    created_network: bool = False
    imported_plan: bool = False
    warnings: list[planfile.PlanWarning] = field(default_factory=list)


def _organisation(network: Network, name: str) -> Organisation:
    org = Organisation.objects.with_key(name).filter(network=network).first()
    if org is None:
        org = Organisation(network=network, name=name, kind=kind_for(name))
        org.save()
    return org


@transaction.atomic
def load_demo() -> DemoResult:
    """Create whatever of the demo is missing; running it twice changes nothing."""
    network, created = Network.objects.get_or_create(
        slug=SLUG, defaults={"name": NAME, "acronym": ACRONYM, "description": DESCRIPTION}
    )
    countries = [_organisation(network, name) for name in LAC_COUNTRIES]
    network.countries.add(*countries)

    committee = _organisation(network, COMMITTEE)
    for name in COMMITTEE_2017:
        BodySeat.objects.update_or_create(
            body=committee,
            country=_organisation(network, name),
            year=2017,
            defaults={"is_chair": name == CHAIR_2017},
        )

    plan = Plan.objects.filter(network=network, year=2017).first()
    result = DemoResult(network=network, plan=plan, created_network=created)
    if plan is None:
        parsed = planfile.read_path(DEMO_PLAN)
        result.plan = import_plan(parsed, network, source_name=DEMO_PLAN.name)
        result.imported_plan = True
        result.warnings = list(parsed.warnings)
    return result
