"""/my/commitments/: what each signed-in person answers for, most urgent first."""

from __future__ import annotations

from django.test import Client, TestCase

from planea.accounts.models import Role
from planea.plans.models import Plan
from tests.base import make_network
from tests.tracking.test_dashboard import TODAY, build_health_plan, person
from tests.tracking.test_dashboard_view import text, today_is

URL = "/my/commitments/"


class MyCommitmentsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.network = make_network()
        cls.plan = build_health_plan(cls.network)
        cls.coordinator = person("coordinator", cls.network, Role.COORDINATOR, "Uruguay")
        cls.st = person("st", cls.network, Role.COORDINATOR, "Secretaría Técnica")
        cls.secretariat = person("secretariat", cls.network, Role.SECRETARIAT)
        cls.committee = person("committee", cls.network, Role.COMMITTEE)
        cls.viewer = person("viewer", cls.network, Role.VIEWER)

    def get(self, user, **headers):
        client = Client()
        client.force_login(user)
        with today_is(TODAY):
            return client.get(URL, headers={"accept-language": "en", **headers})

    def section(self, response, heading: str, until: str | None) -> str:
        html = response.content.decode()
        start = html.index(f'id="{heading}"')
        end = html.index(f'id="{until}"') if until else len(html)
        return html[start:end]

    def test_anonymous_is_sent_to_log_in_and_back(self):
        response = Client().get(URL)

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/my/commitments/"

    def test_a_coordinator_sees_their_commitments_grouped_by_urgency(self):
        response = self.get(self.coordinator)

        assert response.status_code == 200
        self.assertTemplateUsed(response, "tracking/my_commitments.html")
        soon = self.section(response, "due-soon-heading", "later-heading")
        later = self.section(response, "later-heading", "closed-heading")
        closed = self.section(response, "closed-heading", None)
        assert "/red-demo/2024/1.3/" in soon  # as presiding country
        assert "/red-demo/2024/1.4/" in later
        assert "/red-demo/2024/2.1/" in closed
        assert "Nothing is overdue." in text(response)

    def test_the_page_says_whose_commitments_they_are(self):
        page = text(self.get(self.coordinator))

        assert "The activities led by Uruguay in the plans being carried out" in page
        assert "As of June 15, 2024" in page

    def test_each_commitment_has_its_status_due_date_counters_and_a_report_link(self):
        response = self.get(self.st)
        soon = self.section(response, "due-soon-heading", "later-heading")

        assert "Not started" in soon
        assert '<time datetime="2024-06-15">June 15, 2024</time>' in soon
        assert "due today" in soon
        assert '<span class="counter">2 of 3</span>' in soon
        assert 'href="/red-demo/2024/1.2/#progress"' in soon
        assert 'href="/red-demo/2024/">Red Demo 2024</a>' in soon

    def test_done_commitments_have_no_report_link(self):
        closed = self.section(self.get(self.st), "closed-heading", None)

        assert "/red-demo/2024/1.5/" in closed
        assert "#progress" not in closed

    def test_the_secretariat_sees_every_open_commitment_of_its_network(self):
        response = self.get(self.secretariat)

        overdue = self.section(response, "overdue-heading", "due-soon-heading")
        assert overdue.index("/red-demo/2024/2.2/") < overdue.index("/red-demo/2024/1.1/")
        assert "135 days late" in overdue
        later = self.section(response, "later-heading", None)
        assert "/red-demo/2024/2.3/" in later
        assert "no due date" in later
        assert 'id="closed-heading"' not in response.content.decode()
        assert "which you follow as the Secretariat" in text(response)

    def test_committee_members_and_viewers_get_a_friendly_explanation(self):
        for user in (self.committee, self.viewer):
            response = self.get(user)

            assert response.status_code == 200
            page = text(response)
            assert "You have no commitments to follow" in page
            assert "This page gathers, for the coordinator of an organisation" in page
            assert 'id="overdue-heading"' not in response.content.decode()

    def test_a_user_without_any_role_gets_the_same_explanation(self):
        from django.contrib.auth import get_user_model

        nobody = get_user_model().objects.create_user("nobody", "n@example.org", "x" * 20)

        assert "You have no commitments to follow" in text(self.get(nobody))

    def test_a_coordinator_of_a_closed_plan_has_nothing_left_to_report(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="closed")

        page = text(self.get(self.coordinator))

        assert "No plan being carried out gives you a commitment to follow." in page

    def test_the_page_is_in_the_readers_language(self):
        page = text(self.get(self.st, **{"accept-language": "es"}))

        assert "Mis compromisos" in page
        assert "2 de 3" in page

    def test_the_header_links_here_for_a_signed_in_user_only(self):
        signed_in = self.get(self.viewer).content.decode()
        anonymous = Client().get("/").content.decode()

        assert f'href="{URL}"' in signed_in
        assert f'href="{URL}"' not in anonymous

    def test_only_reads_are_answered(self):
        client = Client()
        client.force_login(self.coordinator)

        assert client.post(URL).status_code == 405
