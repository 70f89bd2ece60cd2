"""In a real Chromium with JavaScript switched off, and with the keyboard
only: Pedro logs in from a plan's page, lands back on it with his name in
the header, and logs out; five wrong passwords lock him out with a page
that says so."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth import get_user_model

from planea.accounts.models import Membership, Role
from planea.plans.models import Network, Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a long passphrase for pedro"


@pytest.fixture
def keyboard_page(browser) -> Iterator:
    """A page with JavaScript switched off: everything must work without it."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="en-GB", java_script_enabled=False
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def site(live_server) -> str:
    from planea.ops.demo import load_demo

    load_demo()
    network = Network.objects.get(slug="red-gealc")
    pedro = get_user_model().objects.create_user(
        "pedro", "pedro@example.org", PASSWORD, first_name="Pedro", last_name="Pérez"
    )
    group = Organisation.objects.with_key("Grupo de trabajo en datos abiertos").get()
    Membership.objects.create(
        user=pedro, network=network, role=Role.COORDINATOR, organisation=group
    )
    return live_server.url


def tab_to(page, locator, limit: int = 40) -> None:
    """Press Tab until `locator` has the focus, as a keyboard user would."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"never reached {locator} with Tab")


def test_pedro_logs_in_and_out_with_the_keyboard_and_no_javascript(keyboard_page, site, screenshot):
    page = keyboard_page
    page.goto(f"{site}/red-gealc/2017/")

    tab_to(page, page.get_by_role("link", name="Log in"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/accounts/login/?next=/red-gealc/2017/")
    page.get_by_label("Username").fill("pedro")
    page.get_by_label("Password").fill(PASSWORD)
    screenshot(page, "accounts-login")
    page.keyboard.press("Enter")

    page.wait_for_url(f"{site}/red-gealc/2017/")
    account = page.get_by_role("navigation", name="Your account")
    assert "Pedro Pérez" in account.inner_text()
    screenshot(page, "accounts-header-logged-in", full_page=False)

    tab_to(page, account.get_by_role("button", name="Log out"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/")
    assert (
        page.get_by_role("navigation", name="Your account")
        .get_by_role("link", name="Log in")
        .is_visible()
    )


def test_five_wrong_passwords_lock_pedro_out_with_a_clear_page(keyboard_page, site, screenshot):
    page = keyboard_page
    for attempt in range(5):
        page.goto(f"{site}/accounts/login/")
        page.get_by_label("Username").fill("pedro")
        page.get_by_label("Password").fill(f"wrong guess {attempt}")
        page.get_by_role("button", name="Log in").click()

    assert page.get_by_role("heading", name="Too many failed attempts").is_visible()
    assert "Try again in an hour." in page.content()
    screenshot(page, "accounts-locked-out")

    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Username").fill("pedro")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    assert page.get_by_role("heading", name="Too many failed attempts").is_visible()
