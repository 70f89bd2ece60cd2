"""planea.core.compiled: SQL written once, rows as the queryset gives them."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.models.sql.query import Query

from planea.core.compiled import CompiledQuery
from planea.plans.models import Activity, ActivityLead
from tests.base import PlanTestCase

pytestmark = pytest.mark.engine("conversions of the engine's values")

WITH_PLAN = CompiledQuery(lambda: Activity.objects.select_related("plan").filter(pk=0).order_by())
LEADS = CompiledQuery(
    lambda: (
        ActivityLead.objects.select_related("organisation")
        .filter(activity_id=0)
        .order_by("order", "pk")
    )
)


class ACompiledQuery(PlanTestCase):
    def test_gives_what_the_queryset_gives_related_objects_included(self):
        expected = Activity.objects.select_related("plan").get(key="1.1.i")
        found = WITH_PLAN.first(expected.pk)
        for field in Activity._meta.concrete_fields:
            self.assertEqual(getattr(found, field.attname), getattr(expected, field.attname))
        for field in type(expected.plan)._meta.concrete_fields:
            self.assertEqual(
                getattr(found.plan, field.attname), getattr(expected.plan, field.attname)
            )
        self.assertFalse(found._state.adding)
        with self.assertNumQueries(0):
            self.assertEqual(found.plan.year, 2017)  # loaded with it, as select_related would

    def test_dates_come_back_as_dates(self):
        found = WITH_PLAN.first(self.plan.activities.get(key="1.1.i").pk)
        self.assertEqual(found.due.isoformat(), "2017-04-15")
        self.assertIsNotNone(found.plan.imported_at.tzinfo)

    def test_many_rows_in_the_templates_order(self):
        activity = self.plan.activities.filter(leads__isnull=False).first()
        expected = list(activity.lead_links.select_related("organisation").order_by("order", "pk"))
        found = LEADS.all(activity.pk)
        self.assertEqual([link.pk for link in found], [link.pk for link in expected])
        self.assertEqual([link.organisation.name for link in found],
                         [link.organisation.name for link in expected])  # fmt: skip

    def test_nothing_found_is_none(self):
        self.assertIsNone(WITH_PLAN.first(10**9))

    def test_the_sql_is_written_once(self):
        WITH_PLAN.first(1)
        with mock.patch.object(Query, "get_compiler", side_effect=AssertionError("compiled again")):
            WITH_PLAN.first(2)

    def test_a_call_must_give_each_parameter(self):
        with self.assertRaises(TypeError):
            WITH_PLAN.all()
