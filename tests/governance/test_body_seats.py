"""Seats on a body of the network, year by year, and who chairs it."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from planea.governance.models import BodySeat, chair_of, committees
from planea.governance.roles import resolve_role
from planea.plans.models import Organisation
from tests.base import PlanTestCase


class BodySeatTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        org = Organisation.objects.create
        cls.committee = org(network=cls.network, name="Comité Ejecutivo", kind="body")
        cls.uruguay = org(network=cls.network, name="Uruguay", kind="country")
        cls.chile = org(network=cls.network, name="Chile", kind="country")
        BodySeat.objects.create(body=cls.committee, country=cls.uruguay, year=2017, is_chair=True)
        BodySeat.objects.create(body=cls.committee, country=cls.chile, year=2017)

    @pytest.mark.engine("a partial unique constraint")
    def test_a_body_has_one_chair_a_year(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            BodySeat.objects.filter(country=self.chile).update(is_chair=True)

    @pytest.mark.engine("a unique constraint")
    def test_a_country_holds_one_seat_on_a_body_a_year(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            BodySeat.objects.create(body=self.committee, country=self.chile, year=2017)

    def test_the_chair_of_a_year_is_known(self):
        assert chair_of(self.committee, 2017) == self.uruguay
        assert chair_of(self.committee, 2018) is None

    def test_the_presiding_country_is_the_committees_chair_of_that_year(self):
        presidency = Organisation.objects.get(key="pais presidente")

        assert resolve_role(presidency, 2017) == self.uruguay
        assert resolve_role(presidency, 2016) is None

    def test_committees_list_members_by_year_with_the_chair(self):
        (committee,) = committees(self.network)

        assert committee["year"] == 2017
        assert committee["chair"] == self.uruguay
        assert committee["members"] == [self.uruguay, self.chile]

    def test_a_seat_reads_well_as_text(self):
        seat = BodySeat.objects.get(country=self.uruguay)
        assert str(seat) == "Comité Ejecutivo 2017: Uruguay ★"
