"""/accounts/password/: Vera, logged in, changes her password."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.base import PersonasTestCase

URL = "/accounts/password/"
OLD = "vera's old long passphrase"
NEW = "vera's brand new passphrase"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class PasswordChangeTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.viewer.set_password(OLD)
        cls.viewer.save()

    def setUp(self) -> None:
        super().setUp()
        self.vera = self.client_for(self.viewer)

    def change(self, old: str = OLD, new1: str = NEW, new2: str = NEW):
        return self.vera.post(
            URL,
            {"old_password": old, "new_password1": new1, "new_password2": new2},
            headers={"accept-language": "en"},
        )

    def test_the_page_asks_for_the_old_password_and_the_new_one_twice(self):
        response = self.vera.get(URL, headers={"accept-language": "en"})

        self.assertContains(
            response, '<label for="id_old_password">Old password:</label>', html=True
        )
        self.assertContains(response, 'for="id_new_password1"')
        self.assertContains(response, 'for="id_new_password2"')
        self.assertContains(response, 'name="csrfmiddlewaretoken"')

    def test_vera_changes_her_password_and_stays_logged_in(self):
        response = self.change()

        assert response.status_code == 302
        assert response["Location"] == "/accounts/password/changed/"
        assert get_user_model().objects.get(pk=self.viewer.pk).check_password(NEW)
        done = self.vera.get(response["Location"], headers={"accept-language": "en"})
        self.assertContains(done, "Your password has been changed.")

    def test_a_wrong_old_password_is_refused_with_a_message_by_the_field(self):
        response = self.change(old="not it")

        assert response.status_code == 200
        self.assertContains(response, 'id="id_old_password_error"')
        self.assertContains(response, "Your old password was entered incorrectly.")
        self.assertContains(response, 'aria-invalid="true"')

    def test_a_weak_password_is_refused_with_the_reasons(self):
        response = self.change(new1="12345", new2="12345")

        self.assertContains(response, "This password is too short.")
        self.assertContains(response, "This password is entirely numeric.")
        assert get_user_model().objects.get(pk=self.viewer.pk).check_password(OLD)

    def test_two_different_new_passwords_are_refused(self):
        response = self.change(new2=NEW + "!")

        self.assertContains(response, "The two password fields")

    def test_bruno_is_asked_to_log_in_first(self):
        response = self.bruno.get(URL)

        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/accounts/password/"
