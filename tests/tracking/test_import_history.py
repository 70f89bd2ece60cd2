"""The importer's audit trail: what an import creates and what a replacement
removes is recorded, in bulk, under one date and reason."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planea.core.audit import BATCH_SIZE
from planea.plans.importer import import_plan
from planea.plans.models import Activity, ActivityLead, Product
from tests.base import big_plan, make_network, small_plan

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.engine("bulk history rows and deletions, in batches the engine sets"),
]


def test_an_import_records_every_row_it_creates_under_one_date_and_reason():
    plan = import_plan(small_plan(), make_network(), source_name="plan-2017.txt")

    rows = Activity.history.filter(plan_id=plan.pk)
    assert rows.count() == 5
    assert {(r.history_type, r.history_change_reason) for r in rows} == {
        ("+", "import plan-2017.txt")
    }
    assert len({r.history_date for r in rows}) == 1
    assert Product.history.filter(history_type="+").count() == Product.objects.count()
    assert ActivityLead.history.filter(history_type="+").count() == ActivityLead.objects.count()
    assert plan.history.get().history_change_reason == "import plan-2017.txt"


def test_a_replacement_records_each_removed_row_as_deleted():
    network = make_network()
    old = import_plan(small_plan(), network, source_name="v1.txt")
    old_ids = set(old.activities.values_list("pk", flat=True))

    # (A plan with progress or evidence cannot be replaced: see test_importer.)
    import_plan(small_plan(), network, replace=True, source_name="v2.txt")

    deleted = Activity.history.filter(history_type="-")
    assert set(deleted.values_list("id", flat=True)) == old_ids
    assert {r.history_change_reason for r in deleted} == {"replaced by the import of v2.txt"}
    assert Product.history.filter(history_type="-").count() == 5


def test_after_a_replacement_single_deletions_are_recorded_again():
    network = make_network()
    import_plan(small_plan(), network)
    plan = import_plan(small_plan(), network, replace=True)

    product = Product.objects.filter(activity__plan=plan).first()
    product_id = product.pk
    product.delete()

    assert Product.history.filter(id=product_id, history_type="-").count() == 1


def test_replacing_a_plan_costs_batches_not_rows():
    # Just past a batch of deletion history rows, so that the batching is crossed.
    size = BATCH_SIZE + 20
    network = make_network()
    import_plan(big_plan(size), network)

    with CaptureQueriesContext(connection) as queries:
        import_plan(big_plan(size), network, replace=True)

    assert Activity.history.filter(history_type="-").count() == size
    assert Activity.history.filter(history_type="+").count() == 2 * size
    # Without bulk deletion history this was some 4.4 queries an activity.
    assert len(queries) < size / 2, len(queries)
