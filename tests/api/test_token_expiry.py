"""API tokens expire (API_TOKEN_DAYS by default, never beyond
API_TOKEN_MAX_DAYS) and die with the password they were made under."""

from __future__ import annotations

import datetime as dt
import io
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client, override_settings
from django.utils import timezone, translation

from planea.api.models import ApiToken, TokenLifetimeError
from tests.base import PersonasTestCase

URL = "/accounts/tokens/"
FAST_HASHING = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def api(secret: str, path: str = "/api/v1/plans"):
    return Client(headers={"Authorization": f"Bearer {secret}"}).get(path)


@override_settings(API_TOKEN_DAYS=30, API_TOKEN_MAX_DAYS=60)
class Expiry(PersonasTestCase):
    def test_a_token_lasts_the_default_number_of_days(self):
        token, _secret = ApiToken.issue(self.viewer, "website")

        lasts = token.expires_at - token.created
        assert dt.timedelta(days=30) - dt.timedelta(minutes=1) < lasts <= dt.timedelta(days=30)

    def test_a_token_may_ask_for_fewer_days_but_not_more_than_the_maximum(self):
        token, _secret = ApiToken.issue(self.viewer, "short", days=2)
        assert token.expires_at - timezone.now() < dt.timedelta(days=2)

        for days in (0, -1, 61):
            with self.subTest(days), self.assertRaises(TokenLifetimeError):
                ApiToken.issue(self.viewer, "too long", days=days)

    def test_an_expired_token_gets_401_with_a_clear_message(self):
        token, secret = ApiToken.issue(self.viewer, "website", days=1)
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() - dt.timedelta(seconds=1)
        )

        response = api(secret)

        assert response.status_code == 401
        assert "expired" in response.json()["detail"]
        assert "/accounts/tokens/" in response.json()["detail"]

    def test_a_token_works_until_it_expires(self):
        token, secret = ApiToken.issue(self.viewer, "website", days=1)
        ApiToken.objects.filter(pk=token.pk).update(
            expires_at=timezone.now() + dt.timedelta(seconds=30)
        )

        assert api(secret).status_code == 200

    def test_expired_tokens_no_longer_count_among_the_active(self):
        token, _secret = ApiToken.issue(self.viewer, "old")
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

        assert not ApiToken.objects.active().filter(user=self.viewer).exists()


@override_settings(API_TOKEN_DAYS=30, API_TOKEN_MAX_DAYS=60)
class TokensPageShowsExpiry(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.vera = Client(headers={"Accept-Language": "en"})
        self.vera.force_login(self.viewer)

    def test_the_page_makes_a_token_for_the_days_asked_and_shows_when_it_expires(self):
        response = self.vera.post(URL, {"name": "website", "days": "7"})

        token = ApiToken.objects.get(user=self.viewer)
        assert dt.timedelta(days=6) < token.expires_at - timezone.now() <= dt.timedelta(days=7)
        self.assertContains(response, '<th scope="col">Expires</th>', html=True)

    def test_the_page_refuses_more_days_than_the_maximum_with_a_message(self):
        response = self.vera.post(URL, {"name": "website", "days": "61"})

        self.assertContains(response, "A token lasts from 1 to 60 days.", status_code=400)
        assert not ApiToken.objects.filter(user=self.viewer).exists()

    def test_an_expired_token_is_shown_as_expired(self):
        token, _secret = ApiToken.issue(self.viewer, "old")
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

        self.assertContains(self.vera.get(URL), "expired on")


@override_settings(API_TOKEN_DAYS=30, API_TOKEN_MAX_DAYS=60)
class TokenCommand(PersonasTestCase):
    def run_command(self, *args: str) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        # The command speaks English whatever language an earlier test left active.
        with translation.override("en"):
            call_command("token", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_create_takes_a_number_of_days(self):
        secret, err = self.run_command("create", "vera", "--days", "3")

        token = ApiToken.objects.get(user=self.viewer)
        assert dt.timedelta(days=2) < token.expires_at - timezone.now() <= dt.timedelta(days=3)
        assert f"valid until {token.expires_at:%Y-%m-%d}" in err
        assert api(secret.strip()).status_code == 200

    def test_create_refuses_days_beyond_the_maximum_in_one_line(self):
        with self.assertRaisesMessage(CommandError, "A token lasts from 1 to 60 days."):
            self.run_command("create", "vera", "--days", "400")

    def test_list_says_when_each_token_expires_or_expired(self):
        live, _ = ApiToken.issue(self.viewer, "live", days=5)
        old, _ = ApiToken.issue(self.viewer, "old")
        ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))

        out, _err = self.run_command("list", "vera")

        assert re.search(rf"{live.prefix}….*expires {live.expires_at:%Y-%m-%d}", out)
        assert re.search(rf"{old.prefix}….*expired ", out)


@FAST_HASHING
class NewPasswordRevokesTokens(PersonasTestCase):
    PASSWORD = "vera's first long passphrase"

    def setUp(self) -> None:
        super().setUp()
        self.viewer.set_password(self.PASSWORD)
        self.viewer.save()
        self.secrets = [ApiToken.issue(self.viewer, f"t{n}")[1] for n in range(2)]
        self.other = ApiToken.issue(self.committee, "carlos's")[1]

    def assert_revoked(self):
        for secret in self.secrets:
            response = api(secret)
            assert response.status_code == 401
            assert "revoked" in response.json()["detail"]
        assert api(self.other).status_code == 200

    def test_changing_the_password_revokes_every_token(self):
        client = Client()
        client.force_login(self.viewer)
        response = client.post(
            "/accounts/password/",
            {
                "old_password": self.PASSWORD,
                "new_password1": "vera's second long passphrase",
                "new_password2": "vera's second long passphrase",
            },
        )
        assert response.status_code == 302

        self.assert_revoked()

    def test_a_password_reset_revokes_every_token(self):
        client = Client()
        client.post("/accounts/password/reset/", {"email": self.viewer.email})
        link = re.search(
            r"https?://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body
        )[1]
        form = client.get(link)
        new = "vera's reset long passphrase"
        client.post(form["Location"], {"new_password1": new, "new_password2": new})
        assert get_user_model().objects.get(pk=self.viewer.pk).check_password(new)

        self.assert_revoked()

    def test_signing_in_and_saving_other_fields_keeps_the_tokens(self):
        Client().post("/accounts/login/", {"username": "vera", "password": self.PASSWORD})
        self.viewer.first_name = "Verónica"
        self.viewer.save()

        for secret in self.secrets:
            assert api(secret).status_code == 200
