"""An activity's leads set through the API, as a list, as the editor's rows
are: organisations of the network by id, or new ones by name and kind."""

from __future__ import annotations

from unittest import mock

from planea.governance.models import WorkingCopy
from planea.plans.models import Organisation
from tests.api.base import API, ApiTestCase


class LeadWrites(ApiTestCase):
    def version(self, activity=None) -> str:
        activity = activity or self.draft_activity
        return self.get(f"/activities/{activity.pk}/draft", "secretariat").json()["version"]

    def put(self, body: dict, activity=None, persona: str = "secretariat"):
        activity = activity or self.draft_activity
        return self.as_(persona).put(
            f"{API}/activities/{activity.pk}/leads", body, content_type="application/json"
        )

    def leads(self, activity=None) -> list[str]:
        activity = activity or self.draft_activity
        return [lead.organisation.name for lead in activity.lead_links.order_by("order")]

    def test_the_leads_are_set_in_order(self):
        other = Organisation.objects.get(network=self.network, name="Secretaría Técnica")
        response = self.put(
            {
                "version": self.version(),
                "leads": [{"organisation": other.pk}, {"organisation": self.lead.pk}],
            }
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["leads"], [other.name, self.lead.name])
        self.assertEqual(self.leads(), [other.name, self.lead.name])

    def test_a_new_organisation_is_made_with_its_kind(self):
        response = self.put(
            {
                "version": self.version(),
                "leads": [{"new_name": "Agencia de Innovación", "new_kind": "country"}],
            }
        )
        self.assertEqual(response.status_code, 200, response.content)
        made = Organisation.objects.get(network=self.network, name="Agencia de Innovación")
        self.assertEqual(made.kind, "country")
        self.assertEqual(self.leads(), ["Agencia de Innovación"])

    def test_an_empty_list_leaves_no_lead(self):
        response = self.put({"version": self.version(), "leads": []})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.leads(), [])

    def test_an_organisation_of_another_network_is_refused(self):
        foreign = Organisation.objects.exclude(network=self.network).first()
        response = self.put({"version": self.version(), "leads": [{"organisation": foreign.pk}]})
        self.assertEqual(response.status_code, 422)
        self.assertEqual(response.json()["detail"][0]["field"], "leads.0.organisation")
        self.assertEqual(self.leads(), [self.lead.name])

    def test_both_an_organisation_and_a_new_name_is_refused_with_the_editors_message(self):
        response = self.put(
            {
                "version": self.version(),
                "leads": [
                    {"organisation": self.lead.pk, "new_name": "Otra", "new_kind": "country"}
                ],
            }
        )
        self.assertEqual(response.status_code, 422)
        self.assertEqual(
            response.json()["detail"],
            [
                {
                    "field": "leads.0.new_name",
                    "message": "Choose an organisation or name a new one, not both.",
                }
            ],
        )

    def test_a_stale_version_is_a_conflict_and_changes_nothing(self):
        response = self.put({"version": "0123456789abcdef", "leads": []})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(response.json()["current_version"], self.version())
        self.assertEqual(self.leads(), [self.lead.name])

    def test_a_failure_after_the_new_organisation_is_made_leaves_no_row(self):
        with mock.patch(
            "planea.governance.editor.apply_document", side_effect=RuntimeError("disk full")
        ):
            response = self.put(
                {
                    "version": self.version(),
                    "leads": [{"new_name": "Agencia de Innovación", "new_kind": "country"}],
                }
            )
        self.assertEqual(response.status_code, 500)
        self.assertFalse(Organisation.objects.filter(name="Agencia de Innovación").exists())
        self.assertEqual(self.leads(), [self.lead.name])

    def test_on_an_adopted_plan_the_leads_go_into_the_amendment(self):
        response = self.put({"version": self.version(self.activity), "leads": []}, self.activity)
        self.assertEqual(response.status_code, 202, response.content)
        self.assertEqual(response.json()["leads"], [])
        self.assertEqual(self.leads(self.activity), [self.lead.name])
        self.assertTrue(WorkingCopy.objects.filter(plan=self.plan).exists())

    def test_a_viewer_may_not_set_leads_and_the_public_must_authenticate(self):
        body = {"version": self.version(self.activity), "leads": []}
        self.assertEqual(self.put(body, self.activity, "viewer").status_code, 403)
        self.assertEqual(self.put(body, self.activity, None).status_code, 401)
        self.assertFalse(WorkingCopy.objects.exists())
