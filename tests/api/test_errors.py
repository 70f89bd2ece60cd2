"""Every error is JSON, with a message, the right status, and no traceback."""

from __future__ import annotations

from unittest import mock

from planea.api.schemas import Conflict, Error, ValidationErrorOut
from tests.api.base import API, ApiTestCase


class ErrorShapes(ApiTestCase):
    def assertShape(self, response, status: int, schema) -> dict:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json; charset=utf-8")
        body = response.json()
        schema.model_validate(body)
        self.assertNotIn("Traceback", response.content.decode())
        return body

    def test_400_for_a_body_that_cannot_be_read(self):
        response = self.as_("coordinator").post(
            f"{API}/activities/{self.activity.pk}/progress", "{", content_type="application/json"
        )
        self.assertShape(response, 400, Error)

    def test_401_for_a_bad_token(self):
        self.assertShape(self.get("/plans", "revoked"), 401, Error)

    def test_401_for_the_public_writing(self):
        response = self.post_json(f"/activities/{self.activity.pk}/progress", {}, None)
        self.assertShape(response, 401, Error)

    def test_403_for_someone_not_allowed(self):
        body = {"status": "done", "version": 1}
        response = self.post_json(f"/activities/{self.activity.pk}/progress", body, "viewer")
        body = self.assertShape(response, 403, Error)
        self.assertIn("may not report progress", body["detail"])

    def test_404_for_what_is_not_there_or_not_visible(self):
        self.assertShape(self.get("/activities/999999"), 404, Error)
        self.assertShape(self.get(f"/activities/{self.draft_activity.pk}"), 404, Error)

    def test_404_for_an_unknown_endpoint(self):
        self.assertShape(self.get("/nothing/here"), 404, Error)

    def test_405_for_a_method_an_endpoint_does_not_take(self):
        response = self.as_(None).delete(f"{API}/plans/{self.plan.pk}")
        self.assertShape(response, 405, Error)
        self.assertEqual(response["Allow"], "GET")

    def test_409_for_a_stale_version(self):
        body = {"status": "done", "version": 7}
        response = self.post_json(f"/activities/{self.activity.pk}/progress", body, "coordinator")
        self.assertShape(response, 409, Conflict)

    def test_422_names_the_field_and_says_why(self):
        response = self.get("/activities", page_size="many")
        body = self.assertShape(response, 422, ValidationErrorOut)
        self.assertEqual(body["detail"][0]["field"], "page_size")
        self.assertIn("integer", body["detail"][0]["message"])

    def test_an_id_too_big_for_the_database_is_refused_not_a_crash(self):
        # Found by schemathesis: such an id overflowed the database driver.
        for path in ("/activities/99999999999999999999", "/plans/1/activities"):
            response = (
                self.get(path, lead=10**20) if path.endswith("activities") else self.get(path)
            )
            body = self.assertShape(response, 422, ValidationErrorOut)
            self.assertIn(body["detail"][0]["field"], ("activity_id", "lead"))

    def test_500_hides_the_error_and_logs_it(self):
        with (
            mock.patch(
                "planea.api.routers.networks.Network.objects.order_by",
                side_effect=ZeroDivisionError("secret internals"),
            ),
            self.assertLogs("planea.api", "ERROR") as logs,
        ):
            response = self.get("/networks")
        body = self.assertShape(response, 500, Error)
        self.assertNotIn("secret internals", body["detail"])
        self.assertIn("ZeroDivisionError", "\n".join(logs.output))

    def test_debug_mode_shows_no_traceback_either(self):
        with (
            self.settings(DEBUG=True),
            mock.patch(
                "planea.api.routers.networks.Network.objects.order_by",
                side_effect=ZeroDivisionError("secret internals"),
            ),
            self.assertLogs("planea.api", "ERROR"),
        ):
            response = self.get("/networks")
        self.assertShape(response, 500, Error)
