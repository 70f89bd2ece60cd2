"""The page /accounts/tokens/: make a token, see it once, revoke it."""

from __future__ import annotations

import hashlib
import re

from django.test import Client
from django.urls import reverse

from planea.api.models import ApiToken
from tests.base import PersonasTestCase

URL = "/accounts/tokens/"


class TokensPage(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        # The page in English, whatever the site's default language.
        self.vera = Client(headers={"Accept-Language": "en"})
        self.vera.force_login(self.viewer)

    def make(self, client: Client, name: str = "website"):
        return client.post(URL, {"name": name})

    def test_the_route_is_named(self):
        self.assertEqual(reverse("api_tokens"), URL)

    def test_the_public_is_sent_to_log_in(self):
        response = Client().get(URL)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_an_empty_page_says_there_are_no_tokens(self):
        response = self.vera.get(URL)
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertEqual(response.context["tokens"].count(), 0)
        self.assertIn("no-store", response["Cache-Control"])

    def test_making_a_token_shows_its_secret_once(self):
        response = self.make(self.vera)
        self.assertEqual(response.status_code, 200)
        secret = response.context["secret"]
        token = ApiToken.objects.get(user=self.viewer)
        self.assertEqual(token.key_hash, hashlib.sha256(secret.encode()).hexdigest())
        self.assertContains(response, secret, count=1)
        self.assertIn("no-store", response["Cache-Control"])
        again = self.vera.get(URL)
        self.assertNotContains(again, secret)
        self.assertContains(again, token.prefix)
        self.assertContains(again, "website")

    def test_the_secret_works_against_the_api(self):
        secret = self.make(self.vera).context["secret"]
        client = Client(headers={"Authorization": f"Bearer {secret}"})
        self.assertEqual(client.get("/api/v1/plans").status_code, 200)

    def test_the_secret_is_not_kept_in_the_session(self):
        secret = self.make(self.vera).context["secret"]
        from django.contrib.sessions.models import Session

        for session in Session.objects.all():
            self.assertNotIn(secret, repr(session.get_decoded()))

    def test_a_token_needs_a_name(self):
        response = self.make(self.vera, "   ")
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())
        self.assertTrue(response.context["form"].errors)

    def test_revoking_a_token(self):
        self.make(self.vera)
        token = ApiToken.objects.get(user=self.viewer)
        response = self.vera.post(URL, {"revoke": token.pk})
        self.assertRedirects(response, URL)
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        page = self.vera.get(URL)
        self.assertContains(page, "revoked on")

    def test_nobody_revokes_another_persons_token(self):
        token, _secret = ApiToken.issue(self.secretariat, "mine")
        response = self.vera.post(URL, {"revoke": token.pk})
        self.assertEqual(response.status_code, 404)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)

    def test_nobody_sees_another_persons_tokens(self):
        ApiToken.issue(self.secretariat, "the secretariat's script")
        self.assertNotContains(self.vera.get(URL), "the secretariat")

    def test_the_form_is_csrf_protected(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.viewer)
        response = client.post(URL, {"name": "website"})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(ApiToken.objects.exists())

    def test_a_bad_revoke_value_is_a_404(self):
        self.assertEqual(self.vera.post(URL, {"revoke": "abc"}).status_code, 404)

    def test_the_page_lists_no_secret_anywhere(self):
        secrets = [ApiToken.issue(self.viewer, f"t{n}")[1] for n in range(3)]
        html = self.vera.get(URL).content.decode()
        for secret in secrets:
            self.assertNotIn(secret, html)
        self.assertEqual(len(re.findall(r"<code>[^<]{8}…</code>", html)), 3)

    def test_the_number_of_active_tokens_is_bounded(self):
        from planea.api.views import MAX_ACTIVE_TOKENS

        for n in range(MAX_ACTIVE_TOKENS):
            ApiToken.issue(self.viewer, f"t{n}")
        response = self.make(self.vera)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(ApiToken.objects.filter(user=self.viewer).count(), MAX_ACTIVE_TOKENS)
