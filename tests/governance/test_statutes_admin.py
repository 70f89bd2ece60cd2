"""The Secretariat records its network's statutes in the admin: a new
record starts from the rules that apply now (Red GEALC's), names only the
network's own bodies, and is no one else's to see or change."""

from __future__ import annotations

from django.test import Client

from planea.accounts.models import Role
from planea.governance.models import Statutes
from tests.base import PersonasTestCase, make_network, member, organisation
from tests.governance.support import ASSEMBLY, COMMITTEE

ADD = "/admin/governance/statutes/add/"


class StatutesAdminTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.assembly = organisation(cls.network, ASSEMBLY)
        cls.committee_body = organisation(cls.network, COMMITTEE)
        cls.other = make_network("Otra Red", "otra-red")
        cls.other_assembly = organisation(cls.other, ASSEMBLY)
        cls.otto = member("otto", cls.other, Role.SECRETARIAT)

    def client_for(self, user) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        return client

    def form(self, **changes) -> dict:
        return {
            "network": self.network.pk,
            "plan_body": self.assembly.pk,
            "plan_years_before": "1",
            "amendment_bodies": [self.assembly.pk, self.committee_body.pk],
            "source": "Estatutos de la Red Demo, Cartagena de Indias, 2014",
            "_save": "Save",
            **changes,
        }

    def test_a_new_record_starts_from_the_rules_that_apply_now(self):
        response = self.client_for(self.secretariat).get(ADD, {"network": self.network.pk})

        form = response.context["adminform"].form
        assert form.initial["plan_body"] == self.assembly.pk
        assert form.initial["plan_years_before"] == 1
        assert form.initial["amendment_bodies"] == [self.assembly.pk, self.committee_body.pk]

    def test_the_secretariat_records_the_statutes_the_network_page_then_shows(self):
        response = self.client_for(self.secretariat).post(ADD, self.form(plan_years_before="0"))

        assert response.status_code == 302
        statutes = Statutes.objects.get(network=self.network)
        assert statutes.plan_years_before == 0
        assert set(statutes.amendment_bodies.all()) == {self.assembly, self.committee_body}
        page = self.client_for(self.viewer).get(self.url())
        self.assertContains(page, "Estatutos de la Red Demo, Cartagena de Indias, 2014")
        self.assertContains(page, "at a meeting held during the plan&#x27;s year.")

    def test_another_networks_body_is_refused_on_its_field(self):
        ana = self.client_for(self.ana)  # a superuser is offered every network's bodies

        response = ana.post(ADD, self.form(amendment_bodies=[self.other_assembly.pk]))
        plan_body = ana.post(ADD, self.form(plan_body=self.other_assembly.pk))

        assert response.context["adminform"].form.errors["amendment_bodies"] == [
            "Not a body of this network: Asamblea Anual."
        ]
        assert plan_body.context["adminform"].form.errors["plan_body"] == [
            "Choose a body of this network."
        ]
        assert not Statutes.objects.exists()

    def test_another_networks_secretariat_neither_sees_nor_changes_them(self):
        statutes = Statutes.objects.create(network=self.network, plan_body=self.assembly)
        otto = self.client_for(self.otto)
        change = f"/admin/governance/statutes/{statutes.pk}/change/"

        assert otto.get(change).status_code == 404
        assert otto.post(change, self.form(plan_years_before="3")).status_code == 404
        refused = otto.post(ADD, self.form())
        assert set(refused.context["adminform"].form.errors) >= {"network"}
        assert Statutes.objects.get().plan_years_before == 1
