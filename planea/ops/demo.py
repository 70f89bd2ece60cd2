"""The demo: Red GEALC, its member countries, its 2017 Executive Committee and
its 2017 plan, as the plan's own background describes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import translation

import planea
from planea import planfile
from planea.accounts.demo import DEMO_USERS, DemoUser
from planea.accounts.models import Membership, Profile, Role
from planea.governance.lifecycle import record, snapshot
from planea.governance.models import BodySeat, Meeting, Statutes, VersionKind
from planea.planfile.model import ContributionKind
from planea.plans.importer import import_plan
from planea.plans.models import Network, Organisation, Plan
from planea.plans.organisations import LAC_COUNTRIES, kind_for

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
ASSEMBLY = "Asamblea Anual"
# "…fue enriquecida y aprobada por la Asamblea Anual durante la X Reunión
# Anual de la Red Gealc, en Santiago de Chile el 2 de diciembre de 2016."
APPROVAL_MEETING = {
    "title": "X Reunión Anual de la Red Gealc",
    "date": dt.date(2016, 12, 2),
    "place": "Santiago de Chile",
    "host": "Chile",
    "decisions": (
        "La Asamblea Anual enriquece y aprueba la propuesta de Plan Anual de Trabajo 2017 "
        "elaborada por el Comité Ejecutivo con la Secretaría Técnica."
    ),
}


# "De acuerdo con los estatutos, aprobados durante la III Reunión Ministerial
# … el Comité Ejecutivo debe elaborar … el Plan Anual de Trabajo y
# presentarlo para aprobación de la Asamblea Anual".
STATUTES_SOURCE = (
    "Estatutos de la Red Gealc, aprobados durante la III Reunión Ministerial de Gobierno "
    "Electrónico y VIII Reunión de la Red Gealc, Cartagena de Indias (Colombia), 3 y 4 de "
    "diciembre de 2014."
)


# What each funding source puts in (issue 16). The plan names its sources,
# never an amount: every activity gets a contribution of each source it
# names, of the kind the source's name says, without an amount. Invented for
# the demo, so that the dashboard and the report show money: the figures of
# the IDB's technical cooperation below (planned, and one spent), and the
# hours of one in-kind contribution. "A definir" stays to be defined.
DEMO_AMOUNTS: dict[str, list[planfile.Contribution]] = {
    "3.1.i": [
        planfile.Contribution(
            "Cooperación Técnica del BID", "cash", "planned", Decimal("15000"), "USD"
        ),
        planfile.Contribution(
            "Cooperación Técnica del BID",
            "cash",
            "spent",
            Decimal("12500"),
            "USD",
            starts=dt.date(2017, 3, 1),
            ends=dt.date(2017, 5, 31),
            note="Pasajes y viáticos de la misión",
        ),
    ],
    "3.3.i": [
        planfile.Contribution(
            "Cooperación Técnica del BID", "cash", "planned", Decimal("30000"), "USD"
        )
    ],
    "3.3.ii": [
        planfile.Contribution(
            "Cooperación Técnica del BID", "cash", "planned", Decimal("30000"), "USD"
        )
    ],
    "2.1.i": [
        planfile.Contribution(
            "Trabajo voluntario de los países", "in_kind", "planned", hours=Decimal("120")
        )
    ],
}


def _kind_of_source(name: str) -> ContributionKind:
    folded = name.casefold()
    if folded.startswith("trabajo voluntario"):
        return "in_kind"
    if folded.startswith("a definir"):
        return "tbd"
    return "cash"


def add_demo_contributions(plan: planfile.Plan) -> None:
    """Give the demo's activities their contributions (see DEMO_AMOUNTS)."""
    for activity in plan.activities:
        if activity.key in DEMO_AMOUNTS:
            activity.contributions = list(DEMO_AMOUNTS[activity.key])
        else:
            activity.contributions = [
                planfile.Contribution(name, _kind_of_source(name)) for name in activity.resources
            ]


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
def load_demo(*, draft: bool = False) -> DemoResult:
    """Create whatever of the demo is missing; running it twice changes nothing.

    The plan is loaded as the Assembly approved it, with that approval on
    record; with `draft`, as the Committee's draft, to walk the cycle anew.
    """
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

    _record_statutes(network, committee)

    plan = Plan.objects.filter(network=network, year=2017).first()
    result = DemoResult(network=network, plan=plan, created_network=created)
    if plan is None:
        parsed = planfile.read_path(DEMO_PLAN)
        add_demo_contributions(parsed)
        result.plan = import_plan(parsed, network, source_name=DEMO_PLAN.name)
        result.imported_plan = True
        result.warnings = list(parsed.warnings)
        if draft:
            Plan.objects.filter(pk=result.plan.pk).update(status=Plan.Status.DRAFT)
            result.plan.status = Plan.Status.DRAFT
        else:
            _record_approval(network, result.plan)
    return result


def _record_statutes(network: Network, committee: Organisation) -> None:
    """The statutes' rules, as the network's page shows them: the Assembly
    approves the plan at its annual meeting, of the year before or during
    the year; the Assembly or the Executive Committee, an amendment."""
    assembly = _organisation(network, ASSEMBLY)
    statutes, created = Statutes.objects.get_or_create(
        network=network,
        defaults={"plan_body": assembly, "plan_years_before": 1, "source": STATUTES_SOURCE},
    )
    if created:
        statutes.amendment_bodies.set([assembly, committee])


def _record_approval(network: Network, plan: Plan) -> None:
    """The Assembly's approval of the 2017 plan at its 2016 meeting, kept as
    the plan's first version, as the life cycle would have kept it."""
    assembly = _organisation(network, ASSEMBLY)
    details = APPROVAL_MEETING
    meeting, _created = Meeting.objects.get_or_create(
        network=network,
        organisation=assembly,
        date=details["date"],
        defaults={
            "title": details["title"],
            "kind": Meeting.Kind.IN_PERSON,
            "place": details["place"],
            "host_country": _organisation(network, details["host"]),
            "decisions": details["decisions"],
        },
    )
    version = snapshot(
        plan, VersionKind.APPROVAL, None, meeting=meeting, source_name=DEMO_PLAN.name
    )
    record(
        plan,
        Plan.Status.PROPOSED,
        None,
        meeting=meeting,
        decision=details["decisions"],
        version=version,
    )


@transaction.atomic
def create_demo_users(network: Network) -> list[tuple[DemoUser, str]]:
    """Create (or restore) the demo users and their roles in `network`;
    running it twice changes nothing. Returns each user with a description
    of their role."""
    User = get_user_model()
    done = []
    for demo in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "email": demo.email,
                "first_name": demo.first_name,
                "last_name": demo.last_name,
            },
        )
        changed = created
        if not user.is_active:
            user.is_active, changed = True, True
        if demo.role == "" and not (user.is_superuser and user.is_staff):
            user.is_superuser, user.is_staff, changed = True, True, True
        if created or not user.check_password(demo.password):
            user.set_password(demo.password)
            changed = True
        if changed:
            user.save()
        Profile.objects.get_or_create(user=user, defaults={"language": demo.language})
        with translation.override("en"):
            description = str(Role(demo.role).label) if demo.role else "Superuser"
        if demo.role:
            organisation = _organisation(network, demo.organisation) if demo.organisation else None
            Membership.objects.get_or_create(
                user=user, network=network, role=demo.role, organisation=organisation
            )
            where = f"{organisation.name}, {network.acronym}" if organisation else network.acronym
            description = f"{description} ({where})"
        done.append((demo, description))
    return done
