"""The plan's health as plain data: `planea.tracking.dashboard`, on its own.

The plan below is built by hand so that every figure can be checked by
reading it: eight activities in two areas, as of 15 June 2024.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from planea import planfile
from planea.accounts.models import Membership, Role
from planea.governance.models import BodySeat
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Network, Organisation, Plan, Product
from planea.tracking.dashboard import (
    STATUS_ORDER,
    GroupProgress,
    commitments_for,
    plan_dashboard,
    role_holders,
)
from planea.tracking.models import Evidence
from tests.base import activity, make_network

D = dt.date
TODAY = D(2024, 6, 15)
YEAR = 2024

# key: (status, due, leads, funding)
SOFTWARE = "Grupo de Trabajo en software público"
ST = "Secretaría Técnica"
VOLUNTARY = "Trabajo voluntario de los países"
PLAN = {
    "1.1": ("on_track", D(2024, 6, 14), [SOFTWARE], "Proyecto BPR/BID"),
    "1.2": ("not_started", D(2024, 6, 15), [ST, "BID"], "Proyecto BPR/BID"),
    "1.3": ("at_risk", D(2024, 7, 15), ["País presidente"], "Proyecto BPR/BID"),
    "1.4": ("delayed", D(2024, 7, 16), ["Uruguay"], "Cooperación Técnica del BID"),
    "1.5": ("done", D(2024, 3, 1), [ST], "Cooperación Técnica del BID"),
    "2.1": ("cancelled", D(2024, 1, 31), ["Uruguay", "País presidente"], VOLUNTARY),
    "2.2": ("delayed", D(2024, 2, 1), [], VOLUNTARY),
    "2.3": ("not_started", None, ["Grupo de trabajo en medición"], None),
}


def health_plan(year: int = YEAR) -> planfile.Plan:
    """The plan of the table above, with four products:
    - 1.2 "Tres intercambios", a target of 3;
    - 1.3 "Actas de las reuniones", 6 bimonthly minutes;
    - 1.5 "Informe final", no number (so a target of 1);
    - 2.2 "Encuesta realizada", no number."""
    products = {
        "1.2": (["Tres intercambios"], [planfile.Target(3, "intercambios", None, 0)]),
        "1.3": (["Actas de las reuniones"], [planfile.Target(6, "reuniones", "P2M", 0)]),
        "1.5": (["Informe final"], []),
        "2.2": (["Encuesta realizada"], []),
    }
    areas = []
    for number, title in [(1, "Software público"), (2, "Medición del Gobierno Digital")]:
        items = []
        for key, (_status, due, leads, funding) in PLAN.items():
            if not key.startswith(f"{number}."):
                continue
            names, targets = products.get(key, ([], []))
            items.append(
                activity(
                    key,
                    "S1",
                    f"Actividad {key}",
                    due=due,
                    leads=leads,
                    resources=[funding] if funding else [],
                    products=names,
                    targets=targets,
                )
            )
        areas.append(planfile.Area(number=number, title=title, activities=items))
    return planfile.Plan(title=f"PLAN ANUAL DE TRABAJO {year}", year=year, areas=areas)


def build_health_plan(network: Network | None = None, *, chair: str | None = "Uruguay") -> Plan:
    """Imported, statuses set, evidence added: 2 for "Tres intercambios", 8
    minutes for a target of 6, 1 for "Encuesta realizada". `chair` chairs the
    Executive Committee that year, and so is the presiding country."""
    network = network or make_network()
    plan = import_plan(health_plan(), network)
    for key, (status, *_rest) in PLAN.items():
        Activity.objects.filter(plan=plan, key=key).update(status=status)
    for key, pieces in [("1.2", 2), ("1.3", 8), ("2.2", 1)]:
        product = Product.objects.get(activity__plan=plan, activity__key=key)
        Evidence.objects.bulk_create(
            Evidence(product=product, title=f"Pieza {n}", url=f"https://example.org/{key}/{n}")
            for n in range(pieces)
        )
    if chair:
        committee = Organisation.objects.create(
            network=network, name="Comité Ejecutivo", kind="body"
        )
        country = Organisation.objects.get(network=network, name=chair)  # a lead already
        BodySeat.objects.create(body=committee, country=country, year=plan.year, is_chair=True)
    return plan


def person(username: str, network: Network, role: str, organisation: str | None = None):
    """A user holding `role` in `network` (coordinating `organisation`, by name)."""
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "x" * 20)
    org = None
    if organisation:
        org = Organisation.objects.get(network=network, name=organisation)
    Membership.objects.create(user=user, network=network, role=role, organisation=org)
    return user


def by_name(groups: tuple[GroupProgress, ...]) -> dict[str, GroupProgress]:
    return {group.name: group for group in groups}


class DashboardFiguresTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network()
        cls.plan = build_health_plan(cls.network)

    def dashboard(self, today: dt.date = TODAY, **kwargs):
        plan = Plan.objects.select_related("network").get(pk=self.plan.pk)
        return plan_dashboard(plan, today, **kwargs)

    def test_activities_are_counted_by_status_in_the_order_bars_stack_them(self):
        d = self.dashboard()

        assert [(s.status, s.count) for s in d.statuses] == [
            ("done", 1),
            ("on_track", 1),
            ("at_risk", 1),
            ("delayed", 2),
            ("not_started", 2),
            ("cancelled", 1),
        ]
        assert (d.total, d.done, d.cancelled, d.open) == (8, 1, 1, 6)
        assert d.percent_done == 14  # 1 of the 7 not cancelled, rounded down

    def test_status_labels_follow_the_active_language(self):
        from django.utils import translation

        with translation.override("es"):
            assert self.dashboard().statuses[0].label == "Realizada"
        with translation.override("en"):
            assert self.dashboard().statuses[0].label == "Done"

    def test_overdue_is_open_and_due_before_today_most_overdue_first(self):
        d = self.dashboard()

        assert [(c.key, c.days_late) for c in d.overdue] == [("2.2", 135), ("1.1", 1)]

    def test_done_and_cancelled_activities_are_never_overdue(self):
        keys = {c.key for c in self.dashboard(today=D(2025, 1, 1)).overdue}

        assert "1.5" not in keys and "2.1" not in keys
        assert keys == {"1.1", "1.2", "1.3", "1.4", "2.2"}

    def test_due_soon_runs_from_today_to_thirty_days_ahead_both_included(self):
        d = self.dashboard()

        assert [(c.key, c.days_left) for c in d.due_soon] == [("1.2", 0), ("1.3", 30)]
        # 1.4 is due on day 31: not yet.
        assert "1.4" not in {c.key for c in d.due_soon}

    def test_the_window_and_the_day_are_parameters(self):
        assert [c.key for c in self.dashboard(window=31).due_soon] == ["1.2", "1.3", "1.4"]
        next_day = self.dashboard(today=D(2024, 6, 16))
        assert [c.key for c in next_day.overdue] == ["2.2", "1.1", "1.2"]

    def test_an_activity_without_a_due_date_is_neither_overdue_nor_due_soon(self):
        d = self.dashboard(today=D(2030, 1, 1))

        assert "2.3" not in {c.key for c in d.overdue + d.due_soon}

    def test_listed_commitments_carry_their_leads_products_and_link(self):
        soon = {c.key: c for c in self.dashboard().due_soon}

        assert soon["1.2"].leads == ("Secretaría Técnica", "BID")
        assert soon["1.2"].url == "/red-demo/2024/1.2/"
        assert soon["1.2"].area == "1. Software público"
        assert [(p.description, p.delivered, p.target) for p in soon["1.2"].products] == [
            ("Tres intercambios", 2, 3)
        ]

    def test_progress_by_area_counts_each_status_done_and_overdue(self):
        areas = self.dashboard().by_area

        assert [a.name for a in areas] == [
            "1. Software público",
            "2. Medición del Gobierno Digital",
        ]
        software, measurement = areas
        assert (software.total, software.done, software.overdue) == (5, 1, 1)
        assert (measurement.total, measurement.done, measurement.overdue) == (3, 0, 1)
        assert measurement.counts == dict.fromkeys(STATUS_ORDER, 0) | {
            "delayed": 1,
            "not_started": 1,
            "cancelled": 1,
        }
        assert list(software.counts) == list(STATUS_ORDER)

    def test_a_stacked_bar_has_one_part_per_status_present_with_css_widths(self):
        measurement = self.dashboard().by_area[1]

        assert [(s.status, s.count, s.width) for s in measurement.segments] == [
            ("delayed", 1, "33.333"),
            ("not_started", 1, "33.333"),
            ("cancelled", 1, "33.333"),
        ]

    def test_progress_by_lead_counts_an_activity_for_each_of_its_leads(self):
        leads = by_name(self.dashboard().by_lead)

        assert leads["Secretaría Técnica"].total == 2  # 1.2 and 1.5
        assert leads["Secretaría Técnica"].done == 1
        assert leads["BID"].total == 1
        assert leads["Uruguay"].counts["delayed"] == 1
        assert leads["Uruguay"].counts["cancelled"] == 1
        assert leads["Grupo de Trabajo en software público"].overdue == 1

    def test_a_role_lead_is_its_own_row_naming_the_country_that_holds_it(self):
        leads = by_name(self.dashboard().by_lead)

        presidente = leads["País presidente"]
        assert presidente.kind == "role"
        assert presidente.stands_for == "Uruguay"
        assert (presidente.total, presidente.counts["at_risk"], presidente.cancelled) == (2, 1, 1)
        assert leads["Uruguay"].stands_for == ""

    def test_a_role_nobody_holds_that_year_names_no_country(self):
        plan = build_health_plan(make_network("Otra Red", "otra-red"), chair=None)

        presidente = by_name(plan_dashboard(plan, TODAY).by_lead)["País presidente"]

        assert presidente.stands_for == ""

    def test_leads_are_in_name_order_and_activities_without_a_lead_come_last(self):
        leads = self.dashboard().by_lead

        assert leads[-1].key == "lead-none"
        assert (leads[-1].total, leads[-1].overdue) == (1, 1)  # 2.2
        names = [g.name for g in leads[:-1]]
        assert names == sorted(names, key=str.casefold)

    def test_progress_by_funding_source(self):
        funding = by_name(self.dashboard().by_funding)

        assert funding["Proyecto BPR/BID"].total == 3
        assert funding["Proyecto BPR/BID"].overdue == 1
        assert funding["Cooperación Técnica del BID"].done == 1
        assert funding["Trabajo voluntario de los países"].overdue == 1
        assert self.dashboard().by_funding[-1].key == "funding-none"
        assert self.dashboard().by_funding[-1].total == 1

    def test_products_count_their_evidence_against_their_targets(self):
        products = self.dashboard().products

        counters = {p.description: (p.delivered, p.target, p.counted) for p in products.items}
        assert counters == {
            "Tres intercambios": (2, 3, 2),
            "Actas de las reuniones": (8, 6, 6),  # capped at the target
            "Informe final": (0, 1, 0),  # no number in the plan: one piece
            "Encuesta realizada": (1, 1, 1),
        }

    def test_overall_delivery_caps_each_product_at_its_target(self):
        products = self.dashboard().products

        # (2 + 6 + 0 + 1) of (3 + 6 + 1 + 1), not (2 + 8 + 0 + 1).
        assert (products.counted, products.target, products.percent) == (9, 11, 81)
        assert products.complete == 2

    def test_products_keep_their_unit_and_recurrence_in_words(self):
        from django.utils import translation

        with translation.override("en"):
            minutes = next(p for p in self.dashboard().products.items if p.activity_key == "1.3")

        assert (minutes.unit, minutes.recurrence) == ("reuniones", "every 2 months")

    def test_the_result_is_plain_data(self):
        d = self.dashboard()

        plain = dataclasses.asdict(d)

        def check(value):
            if isinstance(value, dict):
                for k, v in value.items():
                    assert isinstance(k, str)
                    check(v)
            elif isinstance(value, list | tuple):
                for v in value:
                    check(v)
            else:
                assert value is None or isinstance(value, str | int | dt.date), repr(value)

        check(plain)

    def test_an_empty_plan_has_zeros_and_no_division_by_zero(self):
        network = make_network("Red Vacía", "red-vacia")
        plan = Plan.objects.create(network=network, year=YEAR, title="Vacío")

        d = plan_dashboard(plan, TODAY)

        assert (d.total, d.percent_done, d.products.percent) == (0, 0, 0)
        assert d.by_area == d.by_lead == d.by_funding == ()
        assert d.overall.segments == []

    @pytest.mark.engine("query count")
    def test_the_dashboard_runs_a_fixed_number_of_queries(self):
        plan = Plan.objects.select_related("network").get(pk=self.plan.pk)

        with CaptureQueriesContext(connection) as queries:
            plan_dashboard(plan, TODAY)

        assert len(queries) == 9  # the ninth: contributions by source, kind and currency


class RoleHoldersTests(TestCase):
    @pytest.mark.engine("query count")
    def test_role_holders_answers_like_resolve_role_in_one_query(self):
        from planea.governance.roles import resolve_role

        plan = build_health_plan()
        role = Organisation.objects.get(network=plan.network, kind="role")

        with self.assertNumQueries(1):
            holders = role_holders(plan.network_id, plan.year, {role.pk: role.key})

        assert holders == {role.pk: resolve_role(role, plan.year).name}
        assert role_holders(plan.network_id, plan.year + 1, {role.pk: role.key}) == {}


class CommitmentsForTests(TestCase):
    """`commitments_for`: what each person answers for, as data."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network()
        cls.plan = build_health_plan(cls.network)
        cls.uruguay = person("uruguay", cls.network, Role.COORDINATOR, "Uruguay")
        cls.st = person("st", cls.network, Role.COORDINATOR, "Secretaría Técnica")
        cls.secretary = person("secretary", cls.network, Role.SECRETARIAT)
        cls.committee = person("committee", cls.network, Role.COMMITTEE)
        cls.viewer = person("viewer", cls.network, Role.VIEWER)

    def keys(self, user, today=TODAY):
        mine = commitments_for(user, today)
        return {
            group: [c.key for c in getattr(mine, group)]
            for group in ("overdue", "due_soon", "later", "closed")
        }

    def test_a_coordinator_answers_for_what_their_organisation_leads(self):
        assert self.keys(self.st) == {
            "overdue": [],
            "due_soon": ["1.2"],
            "later": [],
            "closed": ["1.5"],
        }

    def test_a_country_answers_also_for_the_role_it_holds_that_year(self):
        # Uruguay leads 1.4 and 2.1, and, presiding in 2024, 1.3 and 2.1.
        assert self.keys(self.uruguay) == {
            "overdue": [],
            "due_soon": ["1.3"],
            "later": ["1.4"],
            "closed": ["2.1"],
        }

    def test_the_role_is_held_only_in_the_year_the_country_chairs(self):
        BodySeat.objects.filter(country__name="Uruguay").update(year=YEAR + 1)

        assert self.keys(self.uruguay)["due_soon"] == []

    def test_the_same_set_as_the_policy_says_the_coordinator_may_report_on(self):
        from planea.accounts.policy import Action, can, forget_roles

        forget_roles(self.uruguay)
        mine = commitments_for(self.uruguay, TODAY)
        listed = {c.key for c in mine.overdue + mine.due_soon + mine.later + mine.closed}
        allowed = {
            a.key
            for a in Activity.objects.filter(plan=self.plan).select_related("plan")
            if can(self.uruguay, Action.REPORT_PROGRESS, a)
        }

        assert listed == allowed

    def test_the_secretariat_follows_every_open_commitment_of_its_networks(self):
        keys = self.keys(self.secretary)

        assert keys == {
            "overdue": ["2.2", "1.1"],
            "due_soon": ["1.2", "1.3"],
            "later": ["1.4", "2.3"],  # undated last
            "closed": [],
        }

    def test_a_superuser_follows_every_open_commitment_like_the_secretariat(self):
        admin = get_user_model().objects.create_superuser("admin", "a@example.org", "x" * 20)

        assert self.keys(admin) == self.keys(self.secretary)

    def test_a_coordinator_who_is_also_secretariat_sees_both(self):
        Membership.objects.create(user=self.st, network=self.network, role=Role.SECRETARIAT)

        keys = self.keys(self.st)

        assert keys["closed"] == ["1.5"]  # led by the Secretaría Técnica
        assert keys["overdue"] == ["2.2", "1.1"]  # every open commitment

    def test_committee_members_and_viewers_answer_for_nothing(self):
        for user in (self.committee, self.viewer):
            mine = commitments_for(user, TODAY)
            assert not mine.concerned
            assert mine.total == 0

    def test_anonymous_answers_for_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        assert not commitments_for(AnonymousUser(), TODAY).concerned

    def test_plans_not_being_carried_out_are_left_out(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="closed")

        assert commitments_for(self.secretary, TODAY).total == 0
        assert commitments_for(self.uruguay, TODAY).total == 0

    def test_another_networks_secretariat_sees_nothing_of_this_one(self):
        other = make_network("Otra Red", "otra-red")
        outsider = person("outsider", other, Role.SECRETARIAT)

        mine = commitments_for(outsider, TODAY)

        assert mine.concerned and mine.total == 0
        assert mine.networks == ("Otra Red",)

    def test_the_coordinated_organisations_are_named(self):
        assert commitments_for(self.uruguay, TODAY).organisations == ("Uruguay",)
