"""/accounts/profile/: Pedro sets his name and preferred language, and sees his roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model

from planea.accounts.models import Membership, Profile, Role
from tests.base import PersonasTestCase

URL = "/accounts/profile/"


class ProfileTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.pedro = self.client_for(self.coordinator)

    def save(self, **data):
        fields = {"first_name": "Pedro", "last_name": "Pérez", "language": "", **data}
        return self.pedro.post(URL, fields, headers={"accept-language": "en"})

    def test_bruno_is_asked_to_log_in_first(self):
        response = self.bruno.get(URL)

        assert response["Location"] == "/accounts/login/?next=/accounts/profile/"

    def test_the_page_shows_pedros_account_and_his_roles(self):
        response = self.pedro.get(URL, headers={"accept-language": "en"})

        self.assertContains(response, "pedro@example.org")
        self.assertContains(
            response, "Coordinator of Grupo de Trabajo en software público, in La Red Demo"
        )
        self.assertContains(
            response, '<label for="id_language">Preferred language:</label>', html=True
        )
        self.assertContains(response, '<option value="pt">Português</option>', html=True)
        self.assertContains(response, 'href="/accounts/password/"')

    def test_each_role_is_listed(self):
        Membership.objects.create(user=self.coordinator, network=self.network, role=Role.VIEWER)

        response = self.pedro.get(URL, headers={"accept-language": "en"})

        self.assertContains(response, "Viewer, in La Red Demo")

    def test_pedro_chooses_portuguese_and_the_pages_switch_to_it(self):
        response = self.save(language="pt")

        assert response.status_code == 302
        assert response["Location"] == URL
        assert Profile.objects.get(user=self.coordinator).language == "pt"
        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt"
        page = self.pedro.get(URL)
        self.assertContains(page, '<html lang="pt">')
        self.assertContains(page, 'role="status"')

    def test_pedros_name_is_saved_and_shown_in_the_header(self):
        self.save(first_name="Pedro", last_name="Pérez")

        user = get_user_model().objects.get(pk=self.coordinator.pk)
        assert (user.first_name, user.last_name) == ("Pedro", "Pérez")
        self.assertContains(self.pedro.get("/"), "Pedro Pérez")

    def test_choosing_no_language_leaves_the_current_one(self):
        Profile.objects.create(user=self.coordinator, language="en")

        response = self.save(language="")

        assert Profile.objects.get(user=self.coordinator).language == ""
        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

    def test_an_unknown_language_is_refused_with_a_message_by_the_field(self):
        response = self.save(language="de")

        assert response.status_code == 200
        self.assertContains(response, 'id="id_language_error"')
        self.assertContains(response, "Select a valid choice.")
        assert not Profile.objects.filter(user=self.coordinator, language="de").exists()

    def test_a_name_too_long_is_refused_and_nothing_is_saved(self):
        response = self.save(first_name="P" * 151, language="pt")

        self.assertContains(response, "Ensure this value has at most 150 characters")
        assert not Profile.objects.filter(user=self.coordinator, language="pt").exists()

    def test_the_form_needs_its_csrf_token(self):
        from django.test import Client

        client = Client(enforce_csrf_checks=True)
        client.force_login(self.coordinator)

        assert client.post(URL, {"language": "pt"}).status_code == 403
