"""Every kind of write to public data moves the data stamp, in its own
transaction, whichever way it is made; other writes leave it alone."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planea.api import stamp
from planea.api.cache import data_stamp
from planea.api.models import ApiToken
from planea.plans.models import Activity
from planea.tracking.models import Evidence
from tests.api.base import API
from tests.base import PlanTestCase

pytestmark = pytest.mark.engine("the data stamp is kept by SQL triggers written per engine")

URL = API + "/activities?page_size=100"


class DataStampTests(PlanTestCase):
    def answer(self) -> dict:
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        return response.json()

    def first(self) -> Activity:
        return self.plan.activities.order_by("order").first()

    def test_every_table_public_answers_are_built_from_has_its_trigger(self):
        self.assertEqual(stamp.triggered_tables(), set(stamp.stamped_tables()))

    def test_reading_the_stamp_is_one_query(self):
        with CaptureQueriesContext(connection) as queries:
            data_stamp()
        self.assertEqual(len(queries), 1)

    def test_a_bulk_insert_that_sends_no_signal_is_seen_at_once(self):
        before = self.answer()["results"][0]["products"][0]["delivered"]
        product = self.first().products.first()
        Evidence.objects.bulk_create(
            [
                Evidence(product=product, title=f"Acta {n}", url="https://example.org/a")
                for n in (1, 2)
            ]
        )
        after = self.answer()["results"][0]["products"][0]["delivered"]
        self.assertEqual(after, before + 2)

    def test_a_queryset_update_that_leaves_no_history_is_seen_at_once(self):
        self.answer()
        Activity.objects.filter(pk=self.first().pk).update(title="Cambiado sin historia")
        self.assertEqual(self.answer()["results"][0]["title"], "Cambiado sin historia")

    def test_a_queryset_delete_is_seen_at_once(self):
        product = self.first().products.first()
        Evidence.objects.create(product=product, title="Acta", url="https://example.org/a")
        before = self.answer()["results"][0]["products"][0]["delivered"]
        Evidence.objects.filter(product=product).delete()
        after = self.answer()["results"][0]["products"][0]["delivered"]
        self.assertEqual(after, before - 1)

    def test_a_write_no_public_answer_reads_leaves_the_stamp_alone(self):
        before = data_stamp()
        ApiToken.issue(self.ana, "script")
        self.assertEqual(data_stamp(), before)

    def test_a_trigger_a_migration_dropped_is_made_again_after_migrate(self):
        table = Activity._meta.db_table
        stamp.uninstall(connection, [table])
        self.assertNotIn(table, stamp.triggered_tables())
        stamp.reinstall_after_migrate(using="default")
        self.assertIn(table, stamp.triggered_tables())
        before = data_stamp()
        Activity.objects.filter(pk=self.first().pk).update(title="Otra vez")
        self.assertNotEqual(data_stamp(), before)
