"""Production refuses the demo's accounts: `check --deploy` fails on a
database holding them, and with DEBUG off their published passwords sign no
one in."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client, override_settings

from planea.accounts.demo import DEMO_USERS
from planea.ops.demo import create_demo_users
from planea.plans.models import Network

ADMIN = next(demo for demo in DEMO_USERS if demo.username == "admin")


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_users(db):
    network = Network.objects.create(name="Red GEALC", acronym="Red GEALC", slug="red-gealc")
    create_demo_users(network)


def deploy_check() -> None:
    call_command("check", deploy=True, tags=["security"], fail_level="ERROR", stdout=None)


def test_check_deploy_fails_on_a_database_holding_the_demo_accounts(demo_users):
    with pytest.raises(SystemCheckError) as failed:
        deploy_check()

    said = str(failed.value)
    assert "planea.E001" in said
    assert "admin" in said and "secretaria" in said and "lector" in said


def test_check_deploy_passes_once_every_demo_account_has_a_password_of_its_own(demo_users):
    User = get_user_model()
    for demo in DEMO_USERS:
        user = User.objects.get(username=demo.username)
        user.set_password(f"a passphrase of {demo.username}'s own")
        user.save()

    deploy_check()  # no SystemCheckError


def test_check_deploy_passes_on_a_database_without_the_demo(db):
    deploy_check()  # no SystemCheckError


def login(client: Client, username: str, password: str):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, follow=True
    )


def test_with_debug_off_the_admin_cannot_sign_in_with_the_published_password(demo_users, caplog):
    client = Client()
    with caplog.at_level("WARNING", logger="planea.accounts"):
        response = login(client, ADMIN.username, ADMIN.password)

    assert "_auth_user_id" not in client.session
    assert "cuenta de demostración con una contraseña publicada" in response.content.decode()
    assert any("demo's published password" in record.message for record in caplog.records)


def test_with_debug_off_the_demo_admin_page_refuses_the_published_password_too(demo_users):
    client = Client()
    client.post(
        "/admin/login/?next=/admin/",
        {"username": ADMIN.username, "password": ADMIN.password},
    )

    assert "_auth_user_id" not in client.session


def test_an_account_given_a_password_of_its_own_signs_in_again(demo_users):
    user = get_user_model().objects.get(username="secretaria")
    user.set_password("una contraseña propia y larga")
    user.save()
    client = Client()
    login(client, "secretaria", "una contraseña propia y larga")

    assert client.session["_auth_user_id"] == str(user.pk)


def test_with_debug_on_the_demo_signs_in_as_make_run_promises(demo_users):
    client = Client()
    with override_settings(DEBUG=True):
        login(client, "lector", "demo-lector-2017")

    assert client.session["_auth_user_id"] == str(
        get_user_model().objects.get(username="lector").pk
    )
