"""Throttling of failed sign-ins by account and by address together, and of
password-reset e-mails. (Five failures on one account from one address are
in test_login_view.py.)"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings

from tests.base import PersonasTestCase

LOGIN = "/accounts/login/"
RESET = "/accounts/password/reset/"
PASSWORD = "a long passphrase for pedro"


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
class FailedSignIns(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user in [cls.coordinator, cls.other_coordinator]:
            user.set_password(PASSWORD)
            user.save()
        cls.many = [
            get_user_model().objects.create_user(f"user{n}", password=PASSWORD) for n in range(25)
        ]

    def attempt(self, username: str, password: str, ip: str):
        return Client().post(
            LOGIN,
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            headers={"accept-language": "en"},
        )

    def test_guessing_one_account_from_many_addresses_locks_the_account(self):
        for n in range(10):
            self.attempt("pedro", f"guess {n}", f"198.51.100.{n + 1}")

        from_a_new_address = self.attempt("pedro", PASSWORD, "203.0.113.99")

        assert from_a_new_address.status_code == 429

    def test_nine_guesses_from_many_addresses_do_not_lock_the_account(self):
        for n in range(9):
            self.attempt("pedro", f"guess {n}", f"198.51.100.{n + 1}")

        assert self.attempt("pedro", PASSWORD, "203.0.113.99").status_code == 302

    def test_spraying_one_password_over_many_accounts_locks_the_address(self):
        for user in self.many[:20]:
            self.attempt(user.username, "Password2017!", "192.0.2.66")

        other_account = self.attempt("dora", PASSWORD, "192.0.2.66")
        from_elsewhere = self.attempt("dora", PASSWORD, "192.0.2.67")

        assert other_account.status_code == 429
        assert from_elsewhere.status_code == 302

    def test_an_office_with_a_few_typos_on_different_accounts_is_not_locked(self):
        for user in self.many[:19]:
            self.attempt(user.username, "a typo", "192.0.2.66")

        assert self.attempt("dora", PASSWORD, "192.0.2.66").status_code == 302

    def test_signing_in_to_ones_own_account_does_not_clear_the_address_count(self):
        for user in self.many[:15]:
            self.attempt(user.username, "Password2017!", "192.0.2.66")
        assert self.attempt("dora", PASSWORD, "192.0.2.66").status_code == 302

        for user in self.many[15:20]:
            self.attempt(user.username, "Password2017!", "192.0.2.66")

        assert self.attempt("pedro", PASSWORD, "192.0.2.66").status_code == 429


class ResetEmails(PersonasTestCase):
    def ask(self, email: str, ip: str = "203.0.113.7"):
        return Client().post(
            RESET, {"email": email}, REMOTE_ADDR=ip, headers={"accept-language": "en"}
        )

    def test_three_reset_emails_an_hour_reach_one_account_and_no_more(self):
        answers = [self.ask("pedro@example.org", ip=f"198.51.100.{n}") for n in range(5)]

        assert [a.status_code for a in answers] == [302, 302, 302, 429, 429]
        assert len(mail.outbox) == 3
        self.assertContains(answers[-1], "try again in an hour", status_code=429)

    def test_one_address_may_ask_for_ten_reset_emails_an_hour(self):
        emails = [f"someone{n}@example.org" for n in range(10)] + ["pedro@example.org"]

        answers = [self.ask(email) for email in emails]

        assert [a.status_code for a in answers] == [302] * 10 + [429]
        assert mail.outbox == []

    def test_an_unknown_address_is_counted_like_a_known_one(self):
        unknown = [self.ask("nobody@example.org").status_code for _ in range(4)]
        known = [self.ask("pedro@example.org", ip="192.0.2.1").status_code for _ in range(4)]

        assert unknown == known == [302, 302, 302, 429]
