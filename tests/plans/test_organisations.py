"""Telling countries, bodies, working groups, partners and roles apart by name."""

from __future__ import annotations

import pytest

from planea.plans.organisations import funder_acronym, funding_kind_for, kind_for


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Comité Ejecutivo", "body"),
        ("Comite ejecutivo 2017", "body"),
        ("Secretaría Técnica", "body"),
        ("Secretaria Técnica", "body"),
        ("Asamblea Anual", "body"),
        ("Gerencia Red Gealc", "body"),
        ("Grupo de trabajo en datos abiertos", "working_group"),
        ("Grupo de Coordinación Técnica (GCT) de Software Público", "working_group"),
        ("GT Medición", "working_group"),
        ("GCT", "working_group"),
        ("BID", "partner"),
        ("ALADI", "partner"),
        ("OEA", "partner"),
        ("País presidente", "role"),
        ("País anfitrión", "role"),
        ("Uruguay", "country"),
        ("Haití", "country"),
        ("Haiti", "country"),
        ("República Dominicana", "country"),
        ("Trinidad y Tobago", "country"),
        ("Fundación Ejemplo", "other"),
    ],
)
def test_an_organisation_gets_its_kind_from_the_way_plans_name_it(name, kind):
    assert kind_for(name) == kind


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Proyecto BPR/BID", "project"),
        ("Cooperación Técnica del BID", "cooperation"),
        ("Trabajo voluntario de los países", "in_kind"),
        ("Trabajo voluntario", "in_kind"),
        ("A definir", "undecided"),
        ("Fondos propios de la OEA", "other"),
    ],
)
def test_a_funding_source_gets_its_kind_from_its_name(name, kind):
    assert funding_kind_for(name) == kind


def test_the_partner_behind_a_funding_source_is_found_in_its_name():
    assert funder_acronym("Proyecto BPR/BID") == "BID"
    assert funder_acronym("Cooperación Técnica del BID") == "BID"
    assert funder_acronym("Trabajo voluntario de los países") is None
    # A word that merely contains an acronym is not that partner.
    assert funder_acronym("Bidones de agua") is None
