"""Personal API tokens: hashed at rest, shown once, refused once revoked."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, TestCase
from django.utils import timezone

from planea.api.models import ApiToken
from tests.api.base import API, ApiTestCase
from tests.base import PersonasTestCase


class TokensAreHashed(PersonasTestCase):
    def test_the_database_never_holds_the_secret(self):
        _token, secret = ApiToken.issue(self.viewer, "website")
        with connection.cursor() as cursor:
            cursor.execute("SELECT * FROM api_apitoken")
            rows = cursor.fetchall()
        dumped = repr(rows)
        self.assertNotIn(secret, dumped)
        self.assertNotIn(secret[8:], dumped)  # not even the part after the prefix
        self.assertIn(hashlib.sha256(secret.encode()).hexdigest(), dumped)

    def test_the_prefix_is_the_secrets_first_eight_characters(self):
        token, secret = ApiToken.issue(self.viewer, "website")
        self.assertEqual(token.prefix, secret[:8])
        self.assertEqual(len(token.prefix), 8)
        self.assertEqual(token.key_hash, hashlib.sha256(secret.encode()).hexdigest())

    def test_every_token_is_different(self):
        secrets = {ApiToken.issue(self.viewer, f"t{n}")[1] for n in range(20)}
        self.assertEqual(len(secrets), 20)
        self.assertTrue(all(len(secret) >= 40 for secret in secrets))

    def test_the_secret_is_not_in_the_tokens_string(self):
        token, secret = ApiToken.issue(self.viewer, "website")
        self.assertNotIn(secret, str(token))
        self.assertNotIn(secret, repr(token))


class BearerAuthentication(ApiTestCase):
    def test_a_valid_token_acts_as_its_user(self):
        response = self.get(f"/plans/{self.draft.pk}", "committee")
        self.assertEqual(response.status_code, 200)

    def test_the_scheme_is_case_insensitive(self):
        client = Client(headers={"Authorization": f"bearer {self.secrets['committee']}"})
        self.assertEqual(client.get(f"{API}/plans/{self.draft.pk}").status_code, 200)

    def test_an_unknown_token_is_refused_with_401_and_a_message(self):
        client = Client(headers={"Authorization": "Bearer not-a-token-at-all"})
        response = client.get(f"{API}/plans")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Unknown API token."})
        self.assertIn("Bearer", response["WWW-Authenticate"])

    def test_a_revoked_token_is_refused_with_401_even_for_public_data(self):
        response = self.get("/networks", "revoked")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "This API token has been revoked."})

    def test_another_scheme_is_refused_rather_than_taken_for_the_public(self):
        client = Client(headers={"Authorization": "Basic YW5hOnNlY3JldA=="})
        response = client.get(f"{API}/plans")
        self.assertEqual(response.status_code, 401)
        self.assertIn("Bearer", response.json()["detail"])

    def test_an_empty_bearer_is_refused(self):
        client = Client(headers={"Authorization": "Bearer "})
        self.assertEqual(client.get(f"{API}/plans").status_code, 401)

    def test_a_disabled_users_token_is_refused(self):
        self.viewer.is_active = False
        self.viewer.save()
        response = self.get("/plans", "viewer")
        self.assertEqual(response.status_code, 401)
        self.assertIn("disabled", response.json()["detail"])

    def test_use_is_recorded_at_most_once_a_minute(self):
        token = ApiToken.objects.get(user=self.viewer)
        self.assertIsNone(token.last_used)
        self.get("/plans", "viewer")
        first = ApiToken.objects.get(pk=token.pk).last_used
        self.assertIsNotNone(first)
        self.get("/plans", "viewer")
        self.assertEqual(ApiToken.objects.get(pk=token.pk).last_used, first)
        ApiToken.objects.filter(pk=token.pk).update(last_used=first - dt.timedelta(minutes=5))
        self.get("/plans", "viewer")
        self.assertGreater(ApiToken.objects.get(pk=token.pk).last_used, first)

    def test_a_token_request_needs_no_csrf_token(self):
        client = Client(
            enforce_csrf_checks=True,
            headers={"Authorization": f"Bearer {self.secrets['coordinator']}"},
        )
        body = {"status": "on_track", "version": self.version_of(self.activity)}
        response = client.post(
            f"{API}/activities/{self.activity.pk}/progress", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 201)


class SessionAuthentication(ApiTestCase):
    def test_a_signed_in_browser_reads_as_its_user(self):
        client = self.client_for(self.committee)
        self.assertEqual(client.get(f"{API}/plans/{self.draft.pk}").status_code, 200)

    def test_a_session_write_without_csrf_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.coordinator)
        body = {"status": "on_track", "version": self.version_of(self.activity)}
        response = client.post(
            f"{API}/activities/{self.activity.pk}/progress", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 403)
        self.assertIn("CSRF", response.json()["detail"])
        self.assertEqual(self.version_of(self.activity), body["version"])

    def test_a_session_write_with_csrf_is_accepted(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.coordinator)
        client.get(f"{API}/docs")  # sets the CSRF cookie
        csrf = client.cookies["csrftoken"].value
        body = {"status": "on_track", "version": self.version_of(self.activity)}
        response = client.post(
            f"{API}/activities/{self.activity.pk}/progress",
            body,
            content_type="application/json",
            headers={"X-CSRFToken": csrf},
        )
        self.assertEqual(response.status_code, 201)

    def test_the_public_writing_gets_401_not_a_csrf_error(self):
        client = Client(enforce_csrf_checks=True)
        body = {"status": "on_track", "version": 1}
        response = client.post(
            f"{API}/activities/{self.activity.pk}/progress", body, content_type="application/json"
        )
        self.assertEqual(response.status_code, 401)


class TokenCommand(PersonasTestCase):
    def call(self, *args: str) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("token", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_create_prints_the_secret_once_and_stores_its_hash(self):
        out, err = self.call("create", "vera", "--name", "dashboard")
        secret = out.strip()
        token = ApiToken.objects.get(user=self.viewer)
        self.assertEqual(token.name, "dashboard")
        self.assertEqual(token.key_hash, hashlib.sha256(secret.encode()).hexdigest())
        self.assertIn(token.prefix, err)
        self.assertNotIn(secret, err)
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        self.assertEqual(client.get(f"{API}/plans").status_code, 200)

    def test_create_for_an_unknown_user_fails_clearly(self):
        with self.assertRaisesMessage(CommandError, "No user 'nobody'"):
            self.call("create", "nobody")

    def test_revoke_by_prefix(self):
        token, secret = ApiToken.issue(self.viewer, "old")
        out, _err = self.call("revoke", token.prefix)
        self.assertIn("Revoked", out)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        self.assertEqual(client.get(f"{API}/plans").status_code, 401)

    def test_revoke_an_unknown_prefix_fails_clearly(self):
        with self.assertRaisesMessage(CommandError, "No token begins with"):
            self.call("revoke", "zzzzzzzz")

    def test_revoke_needs_the_whole_prefix(self):
        with self.assertRaisesMessage(CommandError, "first 8 characters"):
            self.call("revoke", "abc")

    def test_revoking_twice_keeps_the_first_date(self):
        token, _secret = ApiToken.issue(self.viewer, "old")
        self.call("revoke", token.prefix)
        first = ApiToken.objects.get(pk=token.pk).revoked_at
        out, _err = self.call("revoke", token.prefix)
        self.assertIn("already revoked", out)
        self.assertEqual(ApiToken.objects.get(pk=token.pk).revoked_at, first)

    def test_list_shows_prefixes_never_secrets(self):
        _token, secret = ApiToken.issue(self.viewer, "website")
        out, _err = self.call("list")
        self.assertIn("website", out)
        self.assertIn(secret[:8], out)
        self.assertNotIn(secret, out)


class TokenModel(TestCase):
    @pytest.mark.engine("query count")
    def test_authenticate_refuses_absurd_input_without_a_query(self):
        with self.assertNumQueries(0):
            self.assertIsNone(ApiToken.authenticate(""))
            self.assertIsNone(ApiToken.authenticate("x" * 1000))

    def test_revoke_sets_the_date(self):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.create_user("u")
        token, _secret = ApiToken.issue(user, "t")
        before = timezone.now()
        token.revoke()
        self.assertGreaterEqual(ApiToken.objects.get(pk=token.pk).revoked_at, before)


def test_no_secret_begins_like_a_command_line_option(monkeypatch):
    from planea.api import models

    draws = iter(["-looks-like-an-option" + "x" * 30, "a-fine-secret" + "y" * 30])
    monkeypatch.setattr(models.secrets, "token_urlsafe", lambda _n: next(draws))
    assert models._draw_secret().startswith("a-fine")
