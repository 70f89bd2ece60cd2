"""On a real browser: a coordinator logs in, reports progress, is told of a
conflict without losing her note, uploads a report and sees the product's
counter move; a viewer gets no edit controls and a 403 on the edit address;
a note with a <script> is shown as text."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVITY = "/red-gealc/2017/1.1.ii/"
PASSWORD = "una frase larga para la prueba"


@pytest.fixture
def people(demo):
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network, Organisation

    network = Network.objects.get(slug="red-gealc")
    group = Organisation.objects.with_key("Grupo de Trabajo de Red Gealc en software público").get(
        network=network
    )
    users = get_user_model().objects
    cora = users.create_user("cora", "cora@example.org", PASSWORD, first_name="Cora")
    vera = users.create_user("vera", "vera@example.org", PASSWORD, first_name="Vera")
    Membership.objects.create(user=cora, network=network, role=Role.COORDINATOR, organisation=group)
    Membership.objects.create(user=vera, network=network, role=Role.VIEWER)
    return demo


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()


def test_cora_reports_progress_and_uploads_a_report(people, page, screenshot, tmp_path):
    from playwright.sync_api import expect

    from planea.plans.models import Activity
    from planea.tracking.models import record_progress

    base = people
    log_in(page, base, "cora")
    page.goto(base + ACTIVITY)
    expect(page.locator(".counter").first).to_have_text("0 de 1")

    # Someone else reports while Cora writes: her note survives the conflict.
    page.get_by_label("Estado").select_option(label="En riesgo")
    page.get_by_label("Fecha").first.fill("2017-04-10")
    page.get_by_label("Nota").fill('Falta la sede <script>alert("x")</script>')
    activity = Activity.objects.get(key="1.1.ii", plan__year=2017)
    record_progress(activity, author=None, status="on_track", seen_version=activity.version)
    page.get_by_role("button", name="Registrar avance").click()

    expect(page.get_by_role("alert")).to_contain_text("Alguien actualizó esta actividad")
    expect(page.get_by_label("Nota")).to_have_value('Falta la sede <script>alert("x")</script>')
    screenshot(page, "tracking-01-conflict")
    page.get_by_role("button", name="Registrar avance").click()

    expect(page.get_by_role("status")).to_contain_text("Avance registrado")
    expect(page.locator(".update__note").last).to_have_text(
        'Falta la sede <script>alert("x")</script>'
    )

    report = tmp_path / "Relatoría del taller.pdf"
    from tests.tracking.support import pdf_bytes

    report.write_bytes(pdf_bytes())
    page.get_by_label("Título").fill("Relatoría del taller")
    page.locator("#evidence_date").fill("2017-04-16")
    page.get_by_label("Archivo").set_input_files(str(report))
    page.get_by_role("button", name="Agregar evidencia").click()

    expect(page.get_by_role("status")).to_contain_text("Evidencia «Relatoría del taller» agregada")
    expect(page.locator(".counter").first).to_have_text("1 de 1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Relatoría del taller", exact=True).click()
    assert download.value.suggested_filename == "Relatoría del taller.pdf"
    screenshot(page, "tracking-02-reported")

    page.goto(base + "/red-gealc/2017/dashboard/")
    expect(page.locator("main")).to_contain_text("En riesgo")


def test_vera_reads_but_gets_no_controls_and_a_403(people, page, screenshot):
    from playwright.sync_api import expect

    base = people
    log_in(page, base, "vera")
    page.goto(base + ACTIVITY)

    expect(page.locator("#history")).to_be_visible()
    expect(page.locator("#progress-form")).to_have_count(0)
    expect(page.locator("#evidence-form")).to_have_count(0)
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    response = page.request.post(
        base + ACTIVITY + "progress/",
        form={"csrfmiddlewaretoken": token, "status": "done", "date": "2017-04-10", "version": "1"},
        headers={"Referer": base + ACTIVITY},
    )
    assert response.status == 403
    screenshot(page, "tracking-03-viewer")
