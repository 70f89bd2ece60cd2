"""/accounts/password/reset/: Pedro forgot his password and chooses a new one
through a link sent by e-mail; it also lifts a lockout."""

from __future__ import annotations

import re

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import override_settings

from tests.base import PersonasTestCase

URL = "/accounts/password/reset/"
NEW = "pedro's brand new passphrase"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PasswordResetTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.coordinator.set_password("pedro's forgotten passphrase")
        cls.coordinator.save()

    def ask(self, email: str = "pedro@example.org"):
        return self.client.post(URL, {"email": email}, headers={"accept-language": "en"})

    def link(self) -> str:
        (message,) = mail.outbox
        return re.search(r"https?://testserver(/accounts/password/reset/\S+/)", message.body)[1]

    def choose(self, link: str, password: str = NEW):
        form = self.client.get(link)
        assert form.status_code == 302  # to the same page without the token in the URL
        return self.client.post(
            form["Location"],
            {"new_password1": password, "new_password2": password},
            headers={"accept-language": "en"},
        )

    def test_the_page_asks_for_an_email_address_with_a_label(self):
        response = self.client.get(URL, headers={"accept-language": "en"})

        self.assertContains(response, '<label for="id_email">Email:</label>', html=True)

    def test_pedro_gets_a_link_and_chooses_a_new_password_with_it(self):
        response = self.ask()

        assert response["Location"] == "/accounts/password/reset/sent/"
        (message,) = mail.outbox
        assert message.to == ["pedro@example.org"]
        assert "pedro" in message.body
        done = self.choose(self.link())
        assert done["Location"] == "/accounts/password/reset/done/"
        assert get_user_model().objects.get(pk=self.coordinator.pk).check_password(NEW)

    def test_the_link_works_once(self):
        self.ask()
        link = self.link()
        self.choose(link)

        again = self.client.get(link, follow=True, headers={"accept-language": "en"})

        self.assertContains(again, "This link no longer works")

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self):
        response = self.ask("nobody@example.org")

        assert response["Location"] == "/accounts/password/reset/sent/"
        assert mail.outbox == []

    def test_the_address_is_matched_whatever_its_case(self):
        self.ask("PEDRO@Example.org")

        assert len(mail.outbox) == 1

    def test_someone_invited_who_never_chose_a_password_can_ask_for_a_link(self):
        self.viewer.set_unusable_password()
        self.viewer.save()

        self.ask("vera@example.org")

        assert len(mail.outbox) == 1

    def test_a_disabled_account_gets_no_link(self):
        get_user_model().objects.filter(pk=self.coordinator.pk).update(is_active=False)

        self.ask()

        assert mail.outbox == []

    def test_choosing_a_new_password_lifts_the_lockout(self):
        for n in range(5):
            self.client.post("/accounts/login/", {"username": "pedro", "password": f"guess {n}"})
        assert AccessAttempt.objects.filter(username="pedro").exists()

        self.ask()
        self.choose(self.link())

        assert not AccessAttempt.objects.filter(username="pedro").exists()
        response = self.client.post("/accounts/login/", {"username": "pedro", "password": NEW})
        assert response.status_code == 302
