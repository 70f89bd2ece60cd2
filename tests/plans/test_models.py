"""What the database itself guarantees, and what the models' verbs mean."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from planea.plans.models import (
    Activity,
    Area,
    FundingSource,
    Network,
    Organisation,
    Plan,
    PlanStatus,
    Product,
    group_by_area_and_period,
)
from tests.base import PlanTestCase


def refused(callable_) -> bool:
    try:
        with transaction.atomic():
            callable_()
    except IntegrityError:
        return True
    return False


class ConstraintTests(PlanTestCase):
    def test_a_network_has_one_plan_per_year(self):
        assert refused(lambda: Plan.objects.create(network=self.network, year=2017, title="Otro"))

    def test_a_plan_year_must_be_plausible(self):
        assert refused(lambda: Plan.objects.create(network=self.network, year=17, title="x"))

    def test_a_plan_status_must_be_one_of_the_known_ones(self):
        assert refused(lambda: Plan.objects.filter(pk=self.plan.pk).update(status="perhaps"))

    def test_two_networks_cannot_share_an_acronym_in_any_case(self):
        assert refused(lambda: Network.objects.create(name="Otra", acronym="RED DEMO", slug="otra"))

    def test_a_network_slug_cannot_hide_a_site_path(self):
        assert refused(lambda: Network.objects.create(name="A", acronym="A", slug="admin"))

    def test_one_organisation_per_key_in_a_network(self):
        assert refused(
            lambda: Organisation.objects.create(network=self.network, name="SECRETARIA TÉCNICA")
        )

    def test_the_same_name_may_exist_in_two_networks(self):
        other = Network.objects.create(name="Otra red", acronym="Otra", slug="otra")
        org = Organisation.objects.create(network=other, name="Secretaría Técnica")
        assert org.key == "secretaria tecnica"
        assert org.slug == "secretaria-tecnica"

    def test_an_organisation_kind_must_be_known(self):
        org = Organisation.objects.get(key="bid")
        assert refused(lambda: Organisation.objects.filter(pk=org.pk).update(kind="bank"))

    def test_an_activity_key_is_unique_within_its_plan(self):
        area = self.plan.areas.first()
        assert refused(
            lambda: Activity.objects.create(
                plan=self.plan, area=area, key="1.1.i", period="S1", title="Otra"
            )
        )

    def test_an_activity_period_must_be_a_half_or_the_year(self):
        area = self.plan.areas.first()
        assert refused(
            lambda: Activity.objects.create(
                plan=self.plan, area=area, key="9.9.i", period="Q3", title="x"
            )
        )

    def test_an_activity_cannot_end_before_it_starts(self):
        activity = self.plan.activities.get(key="1.1.i")
        assert refused(
            lambda: Activity.objects.filter(pk=activity.pk).update(due=dt.date(2017, 1, 1))
        )

    def test_a_product_recurrence_is_an_iso_duration(self):
        product = Product.objects.filter(activity__plan=self.plan).first()
        assert refused(lambda: Product.objects.filter(pk=product.pk).update(recurrence="often"))

    def test_a_product_unit_needs_a_quantity(self):
        product = Product.objects.filter(target_quantity__isnull=True).first()
        assert refused(lambda: Product.objects.filter(pk=product.pk).update(target_unit="kg"))

    def test_two_areas_of_a_plan_cannot_share_a_position(self):
        assert refused(lambda: Area.objects.create(plan=self.plan, number=9, title="x", order=0))


class VerbTests(PlanTestCase):
    def test_drafts_are_hidden_from_visitors(self):
        Plan.objects.create(network=self.network, year=2018, title="Borrador", status="draft")
        Plan.objects.create(network=self.network, year=2019, title="Propuesta", status="proposed")

        visible = Plan.objects.visible_to(AnonymousUser())

        assert list(visible.values_list("year", flat=True)) == [2017]

    def test_a_plan_is_public_once_adopted_and_the_status_sets_are_not_statuses(self):
        public = [s for s in PlanStatus.values if Plan(status=s).is_public]

        assert public == ["approved", "in_execution", "closed"]
        assert PlanStatus.values == ["draft", "proposed", "approved", "in_execution", "closed"]
        assert set(PlanStatus.reportable()) == {"approved", "in_execution"}
        assert set(PlanStatus.amendable()) == {"proposed", "approved", "in_execution"}

    @pytest.mark.engine("text search is SQL")
    def test_search_ignores_accents_and_case_and_needs_every_word(self):
        def keys(query):
            return list(self.plan.activities.matching(query).values_list("key", flat=True))

        assert keys("REUNION virtual") == ["1.3.i"]
        assert keys("taller lima") == ["1.1.i"]
        # Products, leads and funding are searched too.
        assert keys("actas") == ["1.3.i"]
        assert keys("tecnica del bid") == ["1.3.i"]
        assert keys("secretaria") == ["1.2.i", "1.3.i", "2.2.i"]
        assert keys("taller boletín") == []

    def test_activities_are_found_by_lead_funding_and_period(self):
        secretariat = Organisation.objects.get(key="secretaria tecnica")
        project = FundingSource.objects.get(key="proyecto bpr/bid")
        activities = self.plan.activities

        assert [a.key for a in activities.led_by(secretariat)] == ["1.2.i", "1.3.i", "2.2.i"]
        assert [a.key for a in activities.funded_by(project)] == ["1.1.i", "1.2.i"]
        assert [a.key for a in activities.in_period("S1")] == ["1.1.i", "2.1.i"]

    def test_activities_are_grouped_by_area_then_period_in_plan_order(self):
        areas = list(self.plan.areas.all())
        groups = group_by_area_and_period(areas, self.plan.activities.all())

        assert [
            (
                g["area"].number,
                [(p["period"], [a.key for a in p["activities"]]) for p in g["periods"]],
            )
            for g in groups
        ] == [
            (1, [("S1", ["1.1.i"]), ("S2", ["1.2.i"]), ("ANNUAL", ["1.3.i"])]),
            (2, [("S1", ["2.1.i"]), ("S2", ["2.2.i"])]),
        ]

    def test_a_recurrence_reads_as_words(self):
        assert Product(recurrence="P2M").recurrence_label == "cada 2 meses"
        assert Product(recurrence="P1Y").recurrence_label == "cada año"
        assert Product(recurrence="P1Y2M").recurrence_label == "P1Y2M"

    def test_an_activity_spans_its_dates_or_its_period(self):
        workshop = self.plan.activities.get(key="1.1.i")
        exchanges = self.plan.activities.get(key="1.2.i")
        meetings = self.plan.activities.get(key="1.3.i")

        assert workshop.span(2017) == (dt.date(2017, 4, 1), dt.date(2017, 4, 15))
        assert workshop.is_dated
        assert exchanges.span(2017) == (dt.date(2017, 7, 1), dt.date(2017, 12, 31))
        assert not exchanges.is_dated  # due by the end of the half is no date of its own
        assert meetings.span(2017) == (dt.date(2017, 1, 1), dt.date(2017, 12, 31))

    def test_a_deadline_inside_the_period_makes_an_activity_dated(self):
        activity = Activity(period="S1", due=dt.date(2017, 3, 15))

        assert activity.is_dated
        assert activity.span(2017) == (dt.date(2017, 1, 1), dt.date(2017, 3, 15))

    def test_things_read_well_as_text(self):
        activity = self.plan.activities.get(key="1.1.i")
        assert str(self.network) == "Red Demo"
        assert str(self.plan) == "Red Demo 2017: PLAN ANUAL DE TRABAJO 2017"
        assert str(activity.area) == "1. Software público"
        assert str(activity) == "1.1.i Quinto taller regional de software público"
        assert str(activity.ordered_leads[0]) == "Grupo de Trabajo en software público"
        assert str(activity.products.first()) == "Definición del software público regional"
        assert str(activity.ordered_funding[0]) == "Proyecto BPR/BID"


@pytest.mark.django_db
def test_an_organisations_slug_is_made_unique_within_its_network():
    network = Network.objects.create(name="Red", acronym="Red", slug="red")
    first = Organisation.objects.create(network=network, name="Grupo de trabajo")
    second = Organisation.objects.create(network=network, name="Grupo de trabajo (2)")

    assert (first.slug, second.slug) == ("grupo-de-trabajo", "grupo-de-trabajo-2")
