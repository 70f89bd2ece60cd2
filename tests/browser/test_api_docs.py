"""The API's interactive docs, /api/v1/docs, in a real Chromium with no
network beyond the site: Swagger UI loads from our static files under the
site's Content-Security-Policy, reads the OpenAPI document without a
parser error, and lists the operations, with not one error on the console."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_docs_draw_every_operation_without_a_console_error_or_an_outside_request(
    page, live_server, screenshot
):
    errors: list[str] = []
    outside: list[str] = []
    page.on(
        "console",
        lambda message: errors.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"failed: {request.url}"))
    page.on(
        "request",
        lambda request: (
            outside.append(request.url)
            if not request.url.startswith((live_server.url, "data:", "blob:"))
            else None
        ),
    )

    page.goto(live_server.url + "/api/v1/docs")
    # Swagger UI draws the operations, or says why it could not.
    page.locator(".opblock, .errors-wrapper").first.wait_for()
    screenshot(page, "api-docs")

    problems = page.locator(".errors-wrapper")
    assert problems.count() == 0, problems.inner_text()
    assert page.locator(".information-container .title").inner_text().startswith("Planea API")
    # The two downloads whose repeated "200" once left the page blank.
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/evidence/{evidence_id}/download" in paths
    assert "/api/v1/meetings/{meeting_id}/minutes" in paths
    assert "/api/v1/activities" in paths
    assert errors == []
    assert outside == []
