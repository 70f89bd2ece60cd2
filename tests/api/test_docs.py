"""The OpenAPI document and the interactive docs, which need no network."""

from __future__ import annotations

import json
import re

from django.contrib.staticfiles import finders
from django.test import SimpleTestCase
from openapi_spec_validator import validate

from tests.api.base import API, ApiTestCase


class OpenApiDocument(ApiTestCase):
    def test_the_document_describes_version_1(self):
        response = self.client.get(f"{API}/openapi.json")
        self.assertEqual(response.status_code, 200)
        schema = response.json()
        self.assertEqual(schema["info"]["version"], "1")
        self.assertEqual(schema["info"]["title"], "Planea API")
        self.assertTrue(schema["openapi"].startswith("3."))

    def test_the_token_scheme_is_declared_and_reading_needs_none(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        scheme = schema["components"]["securitySchemes"]["TokenAuth"]
        self.assertEqual((scheme["type"], scheme["scheme"]), ("http", "bearer"))
        listing = schema["paths"]["/api/v1/activities"]["get"]
        self.assertIn({}, listing["security"])
        writing = schema["paths"]["/api/v1/activities/{activity_id}/progress"]["post"]
        self.assertNotIn({}, writing["security"])

    def test_every_operation_documents_its_errors(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                if path == "/api/v1/ping":
                    continue
                with self.subTest(f"{method} {path}"):
                    self.assertIn("404", operation["responses"])
                    self.assertIn("422", operation["responses"])
                    if method == "post":
                        self.assertTrue({"401", "403", "409"} & set(operation["responses"]))

    def test_no_object_of_the_document_repeats_a_key(self):
        """Swagger UI reads the document as YAML, which refuses a repeated
        key: one repeated "200" left the interactive docs blank."""
        repeated: list[str] = []

        def pairs(items: list[tuple[str, object]]) -> dict:
            keys = [key for key, _value in items]
            repeated.extend(key for key in set(keys) if keys.count(key) > 1)
            return dict(items)

        json.loads(self.client.get(f"{API}/openapi.json").content, object_pairs_hook=pairs)
        self.assertEqual(repeated, [])
        download = self.client.get(f"{API}/openapi.json").json()["paths"]
        ok = download["/api/v1/evidence/{evidence_id}/download"]["get"]["responses"]["200"]
        self.assertEqual(ok["description"], "The file, as an attachment.")

    def test_the_document_is_valid_against_the_openapi_specification(self):
        schema = self.client.get(f"{API}/openapi.json").json()

        validate(schema)  # raises, saying where, on anything the specification refuses

    def test_operation_ids_are_plain_names(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
        self.assertIn("list_activities", ids)
        self.assertEqual(len(ids), len(set(ids)))

    def test_the_api_root_points_to_the_docs(self):
        data = self.client.get(f"{API}/").json()
        self.assertTrue(data["docs"].endswith("/api/v1/docs"))
        self.assertTrue(data["openapi"].endswith("/api/v1/openapi.json"))


class InteractiveDocs(ApiTestCase):
    def test_the_docs_page_references_no_external_host(self):
        response = self.client.get(f"{API}/docs")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertIn("swagger-ui", html)
        urls = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
        self.assertTrue(urls)
        for url in urls:
            self.assertTrue(url.startswith("/"), url)
            self.assertFalse(url.startswith("//"), url)
        self.assertNotRegex(html, r"https?://(?!testserver)")
        self.assertNotIn("cdn", html.lower())

    def test_the_docs_assets_are_our_static_files(self):
        html = self.client.get(f"{API}/docs").content.decode()
        for url in re.findall(r"""(?:src|href)="/static/([^"]+)\"""", html):
            with self.subTest(url):
                self.assertIsNotNone(finders.find(url), f"{url} is not among the static files")

    def test_swagger_is_told_not_to_call_the_online_validator(self):
        html = self.client.get(f"{API}/docs").content.decode()
        self.assertIn('"validatorUrl": null', html)


class ResponsesByCode(SimpleTestCase):
    def test_a_status_code_given_as_a_number_and_as_text_is_one_response(self):
        from planea.api.api import _responses_by_code

        merged = _responses_by_code(
            {200: {"description": "OK"}, 404: {"description": "Not found"},
             "200": {"description": "The file.", "content": {"application/pdf": {}}}}
        )  # fmt: skip

        self.assertEqual(list(merged), ["200", "404"])
        self.assertEqual(
            merged["200"], {"description": "The file.", "content": {"application/pdf": {}}}
        )


class StaticAssets(SimpleTestCase):
    def test_the_swagger_ui_script_itself_loads_nothing_from_elsewhere(self):
        init = finders.find("ninja/swagger-ui-init.js")
        with open(init, encoding="utf-8") as handle:
            self.assertNotRegex(handle.read(), r"https?://")
