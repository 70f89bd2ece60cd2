"""A stored plan comes back out as the plan that went in."""

import pytest

from planea import planfile
from planea.planfile.sample import synthetic_plan_text
from planea.plans.document import plan_document
from planea.plans.importer import import_plan
from planea.plans.models import Network, Plan

from ..planfile.conftest import SEED


@pytest.fixture
def network(db):
    return Network.objects.create(name="Red GEALC", acronym="Red GEALC", slug="red-gealc")


def test_the_seed_comes_back_out_as_it_was_read(network):
    parsed = planfile.read_path(SEED)
    stored = import_plan(parsed, network)
    # The layout is how the document was read, not part of the plan: not stored.
    read = {name: value for name, value in parsed.to_dict().items() if name != "layout"}
    assert plan_document(stored).to_dict() == read


def test_json_out_in_and_out_again_is_byte_identical(network):
    first = planfile.to_json(plan_document(import_plan(planfile.read_path(SEED), network)))
    other = Network.objects.create(name="Otra", acronym="OTRA", slug="otra")
    second = planfile.to_json(plan_document(import_plan(planfile.from_json(first), other)))
    assert second == first


def test_a_plan_made_by_hand_gets_headings_in_its_language(network):
    plan = Plan.objects.create(
        network=network, year=2020, title="Plan", language="en", background="Why", purpose=""
    )
    document = plan_document(plan)
    assert [(s.heading, s.text) for s in document.sections] == [("BACKGROUND", "Why")]


@pytest.mark.engine("query count")
def test_it_reads_a_plan_of_any_size_in_a_fixed_number_of_queries(
    network, django_assert_num_queries
):
    small = import_plan(planfile.read_path(SEED), network)
    big = import_plan(planfile.parse_text(synthetic_plan_text(300, year=2018)), network)
    with django_assert_num_queries(6):
        plan_document(small)
    with django_assert_num_queries(6):
        plan_document(big)
