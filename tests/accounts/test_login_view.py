"""/accounts/login/ and /accounts/logout/: Pedro, a coordinator, logs in
with his password; five wrong passwords in a row lock his account from that
address for an hour, whatever he types next."""

from __future__ import annotations

from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from planea.accounts.models import Profile
from tests.base import PersonasTestCase

LOGIN = "/accounts/login/"
LOGOUT = "/accounts/logout/"
PASSWORD = "a long passphrase for pedro"
# Argon2 is slow by design; these tests are about the flow, not the hash.
FAST_HASHING = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def test_passwords_are_stored_with_argon2():
    # Production's settings, not the suite's (which hashes fast: tests/conftest.py).
    from planea import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        assert make_password("a long passphrase").startswith("argon2$argon2id$")


@FAST_HASHING
class LoginTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.coordinator.set_password(PASSWORD)
        cls.coordinator.save()

    def log_in(self, client: Client | None = None, password: str = PASSWORD, **data):
        client = client or self.client
        return client.post(LOGIN, {"username": "pedro", "password": password, **data})

    def test_the_login_page_has_a_labelled_form_with_a_csrf_token(self):
        response = self.client.get(LOGIN, headers={"accept-language": "en"})

        self.assertContains(response, '<label for="id_username">Username:</label>', html=True)
        self.assertContains(response, '<label for="id_password">Password:</label>', html=True)
        self.assertContains(response, 'name="csrfmiddlewaretoken"')
        self.assertContains(response, 'href="/accounts/password/reset/"')
        self.assertContains(response, 'autocomplete="current-password"')

    def test_pedro_logs_in_and_is_taken_where_he_was_going(self):
        response = self.log_in(next="/red-demo/2017/")

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/"
        assert int(self.client.session["_auth_user_id"]) == self.coordinator.pk

    def test_without_a_destination_pedro_lands_on_his_commitments(self):
        response = self.log_in()

        assert response["Location"] == "/my/commitments/"

    def test_a_destination_on_another_site_is_ignored(self):
        response = self.log_in(next="https://evil.example.org/")

        assert response["Location"] == "/my/commitments/"

    def test_a_wrong_password_is_told_clearly_and_logs_nobody_in(self):
        response = self.client.post(
            LOGIN,
            {"username": "pedro", "password": "wrong"},
            headers={"accept-language": "en"},
        )

        assert response.status_code == 200
        self.assertContains(response, "Please enter a correct username and password.")
        self.assertContains(response, 'role="alert"')
        assert "_auth_user_id" not in self.client.session

    def test_logging_in_switches_to_the_language_of_pedros_profile(self):
        Profile.objects.create(user=self.coordinator, language="pt")

        response = self.log_in(next="/red-demo/2017/")

        assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt"
        page = self.client.get("/red-demo/2017/")
        self.assertContains(page, '<html lang="pt">')

    def test_logging_in_without_a_preferred_language_keeps_the_current_one(self):
        response = self.log_in()

        assert settings.LANGUAGE_COOKIE_NAME not in response.cookies

    def test_a_logged_in_user_visiting_the_login_page_is_sent_on(self):
        self.client.force_login(self.coordinator)

        response = self.client.get(LOGIN + "?next=/red-demo/")

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/"

    def test_a_disabled_account_cannot_log_in(self):
        get_user_model().objects.filter(pk=self.coordinator.pk).update(is_active=False)

        response = self.log_in()

        assert response.status_code == 200
        assert "_auth_user_id" not in self.client.session

    def test_the_login_form_is_refused_without_its_csrf_token(self):
        client = Client(enforce_csrf_checks=True)

        response = self.log_in(client)

        assert response.status_code == 403
        assert "_auth_user_id" not in client.session


class LogoutTests(PersonasTestCase):
    def test_logging_out_is_a_post_and_ends_the_session(self):
        self.client.force_login(self.viewer)

        response = self.client.post(LOGOUT)

        assert response.status_code == 302
        assert response["Location"] == "/"
        assert "_auth_user_id" not in self.client.session

    def test_a_link_or_an_image_cannot_log_anyone_out(self):
        self.client.force_login(self.viewer)

        response = self.client.get(LOGOUT)

        assert response.status_code == 405
        assert "_auth_user_id" in self.client.session

    def test_logging_out_needs_the_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.viewer)

        response = client.post(LOGOUT)

        assert response.status_code == 403
        assert "_auth_user_id" in client.session


@FAST_HASHING
class LockoutTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.coordinator.set_password(PASSWORD)
        cls.coordinator.save()

    def attempt(self, password: str, *, ip: str = "203.0.113.7", username: str = "pedro"):
        return self.client.post(
            LOGIN,
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            headers={"accept-language": "en"},
        )

    def fail(self, times: int, **where) -> list:
        return [self.attempt(f"wrong guess {n}", **where) for n in range(times)]

    def test_four_failures_are_only_failures(self):
        responses = self.fail(4)

        assert [r.status_code for r in responses] == [200] * 4
        assert self.attempt(PASSWORD).status_code == 302

    def test_the_fifth_failure_locks_the_account_from_that_address(self):
        *_, fifth = self.fail(5)

        assert fifth.status_code == 429
        self.assertTemplateUsed(fifth, "accounts/locked_out.html")
        assert AccessAttempt.objects.get(username="pedro").failures_since_start == 5

    def test_once_locked_even_the_right_password_fails(self):
        self.fail(5)

        response = self.attempt(PASSWORD)

        assert response.status_code == 429
        assert "_auth_user_id" not in self.client.session

    def test_the_lockout_page_says_what_happened_and_when_to_try_again(self):
        *_, locked = self.fail(5)

        self.assertContains(locked, "Too many failed attempts", status_code=429)
        self.assertContains(locked, "Try again in an hour.", status_code=429)
        self.assertContains(locked, 'href="/accounts/password/reset/"', status_code=429)

    def test_the_lockout_page_is_a_page_of_the_site_not_a_traceback(self):
        *_, locked = self.fail(5)
        page = locked.content.decode()

        assert page.startswith("<!doctype html>")
        assert '<html lang="en">' in page
        for leak in ("Traceback", "AxesBackendPermissionDenied", "Exception", "File &quot;"):
            assert leak not in page, leak

    def test_the_lock_is_for_that_account_from_that_address_only(self):
        self.fail(5)

        from_elsewhere = self.attempt(PASSWORD, ip="198.51.100.20")

        assert from_elsewhere.status_code == 302

    def test_another_account_from_the_same_address_is_not_locked(self):
        self.fail(5)
        dora = self.other_coordinator
        dora.set_password("dora's own long passphrase")
        dora.save()

        response = self.attempt("dora's own long passphrase", username="dora")

        assert response.status_code == 302

    def test_a_success_before_the_limit_starts_the_count_again(self):
        self.fail(4)
        assert self.attempt(PASSWORD).status_code == 302
        self.client.post(LOGOUT)

        responses = self.fail(4)

        assert [r.status_code for r in responses] == [200] * 4

    def test_the_admin_login_is_locked_too(self):
        self.fail(5)

        response = self.client.post(
            "/admin/login/",
            {"username": "pedro", "password": PASSWORD},
            REMOTE_ADDR="203.0.113.7",
        )

        assert response.status_code == 429
