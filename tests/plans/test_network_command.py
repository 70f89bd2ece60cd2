"""`planea network create ACRONYM "Full name"` and `planea network list`."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from planea.plans.models import Network
from tests.base import make_network

pytestmark = pytest.mark.django_db


def network(*args: str) -> str:
    out = StringIO()
    call_command("network", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_create_makes_a_network_with_a_slug_from_its_acronym():
    out = network("create", "Red GEALC", "Red de Gobierno Electrónico de América Latina")

    created = Network.objects.get()
    assert (created.acronym, created.slug) == ("Red GEALC", "red-gealc")
    assert created.name == "Red de Gobierno Electrónico de América Latina"
    assert "Created network Red GEALC (red-gealc)" in out


def test_create_refuses_an_acronym_taken_in_any_case():
    make_network("Red GEALC", "red-gealc")

    with pytest.raises(CommandError, match=r"already a network Red GEALC \(red-gealc\)") as taken:
        network("create", "RED gealc", "Otra")

    assert taken.value.returncode == 2
    assert Network.objects.count() == 1


def test_create_never_takes_an_address_of_the_site_itself():
    network("create", "Admin", "Una red llamada como una página", "--slug", "admin")

    assert Network.objects.get().slug not in ("admin", "")


def test_list_shows_each_networks_acronym_slug_name_and_plan_years():
    from planea.plans.importer import import_plan
    from tests.base import small_plan

    demo = make_network("Red Demo", "red-demo")
    import_plan(small_plan(), demo)

    lines = network("list").splitlines()

    assert lines == ["Red Demo\tred-demo\tLa Red Demo\t2017"]


def test_list_with_no_network_says_how_to_make_one():
    assert 'planea network create ACRONYM "Full name"' in network("list")


def test_a_network_just_created_is_the_one_an_import_finds(tmp_path):
    network("create", "RedNueva", "La Red Nueva")

    call_command(
        "import", "planea/demo/plan-anual-2017-red-gealc.txt", "--network", "rednueva",
        stdout=StringIO(), stderr=StringIO(),
    )  # fmt: skip

    assert Network.objects.get().plans.get().year == 2017
