"""The Content-Security-Policy header: on every HTML answer, no inline
script allowed without the request's nonce, and the few inline styles we
write ourselves (the error page, the stand-alone report) allowed by hash.
The browser test (tests/browser/test_content_security_policy.py) shows
that the pages then draw without a violation."""

from __future__ import annotations

import base64
import hashlib
import re

from django.test import Client, override_settings
from django.urls import include, path

from tests.base import PlanTestCase


def directives(header: str) -> dict[str, list[str]]:
    parts = [part.strip().split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()}'"


def styles(page: str) -> list[str]:
    return re.findall(r"<style[^>]*>(.*?)</style>", page, re.DOTALL)


def _fail(request):
    raise RuntimeError("a bug")


urlpatterns = [path("fail/", _fail), path("", include("planea.urls"))]


class ContentSecurityPolicy(PlanTestCase):
    def policy(self, response) -> dict[str, list[str]]:
        return directives(response["Content-Security-Policy"])

    def test_pages_allow_scripts_only_from_the_site_never_inline(self):
        for url in ["/", self.url(), self.url(2017), "/accounts/login/", "/api/v1/docs"]:
            with self.subTest(url):
                policy = self.policy(self.bruno.get(url))
                self.assertEqual(policy["script-src"][0], "'self'")
                self.assertNotIn("'unsafe-inline'", policy["script-src"])
                self.assertNotIn("'unsafe-eval'", policy["script-src"])
                self.assertEqual(policy["object-src"], ["'none'"])
                self.assertEqual(policy["frame-ancestors"], ["'none'"])
                self.assertEqual(policy["base-uri"], ["'none'"])

    def test_no_outside_host_may_serve_anything_to_a_page(self):
        policy = self.policy(self.bruno.get(self.url(2017)))
        for directive, sources in policy.items():
            with self.subTest(directive):
                self.assertFalse([s for s in sources if "://" in s or s in ("*", "https:")])

    def test_the_stand_alone_report_allows_exactly_its_own_style_elements(self):
        response = self.bruno.get(self.url(2017) + "report.html")
        page = response.content.decode()
        allowed = self.policy(response)["style-src"]

        self.assertTrue(styles(page))
        for css in styles(page):
            self.assertIn(sha256_source(css), allowed)
        self.assertNotIn("'unsafe-inline'", allowed)

    @override_settings(ROOT_URLCONF=__name__, DEBUG=False)
    def test_the_error_page_style_is_allowed_by_its_hash(self):
        response = Client(raise_request_exception=False).get("/fail/")

        self.assertEqual(response.status_code, 500)
        (css,) = styles(response.content.decode())
        self.assertIn(sha256_source(css), self.policy(response)["style-src"])
