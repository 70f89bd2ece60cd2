"""What the web tests share: plans built in code, and the people who use them.

Plans are built as `planfile.Plan` objects, the parser's output, and stored
through the importer, exactly as a real document would be; so the web tests
depend on the importer but never on the parser's reading of text.

The personas:
- Bruno, a visitor from a member country's e-government agency, not logged in.
- Ana, who runs the network's Technical Secretariat and edits plans in the admin.

And, in `PersonasTestCase` (or from `make_personas(network)`), one user per
role in the network, none of them superuser, all logged in with
`self.client_for(user)`:
- `secretariat`: Sofía, of the Technical Secretariat (Membership role secretariat).
- `committee`: Carlos, a member of the Executive Committee.
- `coordinator`: Pedro, coordinator of the "Grupo de Trabajo en software
  público", which leads 1.1.i.
- `other_coordinator`: Dora, coordinator of the "Grupo de trabajo en
  medición", which leads 2.1.i (and not 1.1.i).
- `viewer`: Vera, who reads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import Client, TestCase

from planea import planfile
from planea.accounts.models import Membership, Role
from planea.plans.importer import import_plan
from planea.plans.models import Network, Organisation, Plan
from planea.plans.organisations import kind_for

D = dt.date

BACKGROUND = (
    "El Comité Ejecutivo formado por Brasil, Chile y Uruguay (con la presidencia de este "
    "último) elaboró una propuesta de Plan Anual de Trabajo."
)
PURPOSE = "El Plan Anual de Trabajo ordena las acciones orientadas al logro del objetivo de la red."


def activity(
    code: str, period: str, title: str, key: str | None = None, **fields
) -> planfile.Activity:
    """A parsed activity; `key` defaults to the code, as the parser does."""
    return planfile.Activity(code=code, key=key or code, period=period, title=title, **fields)


def small_plan(year: int = 2017, title: str | None = None) -> planfile.Plan:
    """Two areas, five activities: every period, a dated event, a target with
    a recurrence, a target without a product, fields inherited from an area's
    note, a role as lead, and one organisation spelled three ways."""
    software = planfile.Area(
        number=1,
        title="Software público",
        objective="Avanzar en la co-creación de software público.",
        activities=[
            activity(
                "1.1.i",
                "S1",
                "Quinto taller regional de software público",
                details="Lima (Perú), primera quincena de abril de 2017.",
                location="Lima (Perú)",
                starts=D(year, 4, 1),
                due=D(year, 4, 15),
                products=["Definición del software público regional"],
                resources=["Proyecto BPR/BID"],
                leads=["Grupo de Trabajo en software público"],
                line=12,
            ),
            activity(
                "1.2.i",
                "S2",
                "Cuatro intercambios de cooperación horizontal",
                due=D(year, 12, 31),
                products=["Reporte de los intercambios"],
                resources=["Proyecto BPR/BID."],
                leads=["Secretaria Tecnica"],
                targets=[planfile.Target(4, "intercambios", None, None)],
                line=20,
            ),
            activity(
                "1.3.i",
                "ANNUAL",
                "Una reunión virtual cada dos meses",
                due=D(year, 12, 31),
                products=["Actas de las reuniones"],
                resources=["Cooperación Técnica del BID"],
                leads=["Secretaría Técnica", "BID"],
                targets=[planfile.Target(6, "reuniones", "P2M", 0)],
                line=27,
            ),
        ],
    )
    measurement = planfile.Area(
        number=2,
        title="Medición del Gobierno Digital",
        objective="Un marco de medición común.",
        notes="Las actividades se realizan con trabajo voluntario de los países.",
        activities=[
            activity(
                "2.1.i",
                "S1",
                "Encuesta sobre acciones de medición",
                due=D(year, 6, 30),
                products=["Encuesta realizada"],
                resources=["Trabajo voluntario de los países"],
                leads=["Grupo de trabajo en medición"],
                inherited=["resources", "leads"],
                line=40,
            ),
            activity(
                "2.2.i",
                "S2",
                "Boletín de gobierno electrónico",
                due=D(year, 12, 31),
                resources=["A definir"],
                leads=["País presidente", "SECRETARÍA TÉCNICA"],
                targets=[planfile.Target(10, "ediciones", None, None)],
                line=48,
            ),
        ],
    )
    return planfile.Plan(
        title=title or f"PLAN ANUAL DE TRABAJO {year}",
        year=year,
        sections=[
            planfile.Section("ANTECEDENTES", BACKGROUND),
            planfile.Section("FINALIDAD", PURPOSE),
        ],
        areas=[software, measurement],
    )


def big_plan(activities: int, year: int = 2017, per_area: int = 50) -> planfile.Plan:
    """A plan of `activities` activities spread over areas of `per_area`, each
    with products, two leads, funding and a target, like a real one."""
    periods = ("S1", "S2", "ANNUAL")
    leads = ["Secretaría Técnica", "Grupo de trabajo en datos abiertos", "BID", "Uruguay"]
    funding = ["Proyecto BPR/BID", "Trabajo voluntario de los países", "A definir"]
    areas = []
    for index in range(activities):
        number, item = divmod(index, per_area)
        if item == 0:
            areas.append(planfile.Area(number=number + 1, title=f"Área {number + 1}"))
        code = f"{number + 1}.{item % 3 + 1}.{item + 1}"
        areas[-1].activities.append(
            activity(
                code,
                periods[item % 3],
                f"Actividad {code}",
                products=[f"Producto {code}", "Informe"],
                resources=[funding[index % 3]],
                leads=[leads[index % 4], leads[(index + 1) % 4]],
                targets=[planfile.Target(index % 9 + 1, "informes", None, 1)],
                line=index + 1,
            )
        )
    return planfile.Plan(
        title=f"Plan grande {year}",
        year=year,
        sections=[planfile.Section("ANTECEDENTES", BACKGROUND)],
        areas=areas,
    )


def make_network(acronym: str = "Red Demo", slug: str = "red-demo") -> Network:
    return Network.objects.create(name=f"La {acronym}", acronym=acronym, slug=slug)


class PlanTestCase(TestCase):
    """A network, "Red Demo", with the small plan of 2017 imported."""

    network: Network
    plan: Plan

    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network()
        cls.plan = import_plan(small_plan(), cls.network, source_name="plan-2017.txt")
        cls.ana = get_user_model().objects.create_superuser(
            "ana", "ana@secretaria.example.org", "a long passphrase for ana"
        )

    def setUp(self) -> None:
        self.bruno = Client()  # a visitor, never logged in

    def url(self, *parts: object) -> str:
        """ "/red-demo/2017/…/" from its parts."""
        return "/" + "/".join(str(part) for part in (self.network.slug, *parts)) + "/"


# ---------------------------------------------------------------------------
# One user per role.

SOFTWARE_GROUP = "Grupo de Trabajo en software público"  # leads 1.1.i of the small plan
MEASUREMENT_GROUP = "Grupo de trabajo en medición"  # leads 2.1.i of the small plan


@dataclass
class Personas:
    secretariat: object
    committee: object
    coordinator: object
    other_coordinator: object
    viewer: object


def organisation(network: Network, name: str) -> Organisation:
    """The network's organisation of that name (any spelling), created if missing."""
    found = Organisation.objects.with_key(name).filter(network=network).first()
    if found is None:
        found = Organisation(network=network, name=name, kind=kind_for(name))
        found.save()
    return found


def member(
    username: str,
    network: Network,
    role: str,
    organisation_name: str | None = None,
    **fields,
):
    """A user holding `role` in `network` (a coordinator: of `organisation_name`).
    No password (hashing is slow): log them in with `client.force_login`."""
    user = get_user_model().objects.create_user(
        username, fields.pop("email", f"{username}@example.org"), None, **fields
    )
    org = organisation(network, organisation_name) if organisation_name else None
    Membership.objects.create(user=user, network=network, role=role, organisation=org)
    return user


def make_personas(network: Network, prefix: str = "") -> Personas:
    """The five role personas in `network`; `prefix` their usernames to make
    a second set for another network."""
    return Personas(
        secretariat=member(f"{prefix}sofia", network, Role.SECRETARIAT, first_name="Sofía"),
        committee=member(f"{prefix}carlos", network, Role.COMMITTEE, first_name="Carlos"),
        coordinator=member(
            f"{prefix}pedro", network, Role.COORDINATOR, SOFTWARE_GROUP, first_name="Pedro"
        ),
        other_coordinator=member(
            f"{prefix}dora", network, Role.COORDINATOR, MEASUREMENT_GROUP, first_name="Dora"
        ),
        viewer=member(f"{prefix}vera", network, Role.VIEWER, first_name="Vera"),
    )


class PersonasTestCase(PlanTestCase):
    """PlanTestCase with one user per role in "Red Demo" (see the module's docstring)."""

    secretariat: object
    committee: object
    coordinator: object
    other_coordinator: object
    viewer: object

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        personas = make_personas(cls.network)
        cls.secretariat = personas.secretariat
        cls.committee = personas.committee
        cls.coordinator = personas.coordinator
        cls.other_coordinator = personas.other_coordinator
        cls.viewer = personas.viewer

    def client_for(self, user) -> Client:
        """A browser with `user` logged in (or a visitor's, for None)."""
        client = Client()
        if user is not None:
            client.force_login(user)
        return client
