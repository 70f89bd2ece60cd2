"""`planea demo` creates one user per role in Red GEALC, and an administrator,
with published passwords, and prints them; on this machine only."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import override_settings

from planea.accounts.demo import DEMO_USERS, is_local
from planea.accounts.models import Membership, Role
from planea.accounts.policy import Action, can
from planea.ops.demo import create_demo_users
from planea.plans.models import Activity, Network

pytestmark = pytest.mark.django_db

# Argon2 is slow by design; what is tested here is which users exist.
FAST_HASHING = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def demo() -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def roles() -> set[tuple[str, str, str]]:
    return {
        (m.user.username, m.role, m.organisation.name if m.organisation else "")
        for m in Membership.objects.select_related("user", "organisation")
    }


@FAST_HASHING
def test_the_demo_creates_a_user_for_each_role_in_red_gealc():
    demo()

    assert roles() == {
        ("secretaria", Role.SECRETARIAT, ""),
        ("comite", Role.COMMITTEE, ""),
        ("coordinador", Role.COORDINATOR, "Grupo de Trabajo de Red Gealc en software público"),
        ("coordinadora-datos", Role.COORDINATOR, "Grupo de trabajo en datos abiertos"),
        ("lector", Role.VIEWER, ""),
    }
    assert {m.network.acronym for m in Membership.objects.all()} == {"Red GEALC"}
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert get_user_model().objects.get(username="secretaria").is_staff


@FAST_HASHING
def test_the_demo_prints_every_username_and_password_and_they_work():
    out, _ = demo()

    assert "/accounts/login/" in out
    for username in (
        "admin",
        "secretaria",
        "comite",
        "coordinador",
        "coordinadora-datos",
        "lector",
    ):
        password = f"demo-{username}-2017"
        assert f"{username}" in out and password in out
        assert get_user_model().objects.get(username=username).check_password(password)


@FAST_HASHING
def test_the_demo_coordinators_report_on_what_their_working_groups_lead():
    demo()
    network = Network.objects.get(slug="red-gealc")
    activities = list(Activity.objects.filter(plan__network=network).select_related("plan"))
    users = get_user_model().objects

    def reportable(username: str) -> int:
        user = users.get(username=username)
        return sum(can(user, Action.REPORT_PROGRESS, a) for a in activities)

    assert reportable("coordinador") == 8
    assert reportable("coordinadora-datos") == 6
    assert reportable("lector") == 0
    assert reportable("secretaria") == len(activities)


@FAST_HASHING
def test_running_the_demo_twice_changes_nothing():
    demo()
    before = (get_user_model().objects.count(), roles())

    demo()

    assert (get_user_model().objects.count(), roles()) == before


@FAST_HASHING
def test_running_the_demo_again_restores_a_changed_password_and_a_disabled_account():
    demo()
    lector = get_user_model().objects.get(username="lector")
    lector.set_password("something else entirely")
    lector.is_active = False
    lector.save()

    demo()

    lector.refresh_from_db()
    assert lector.is_active
    assert lector.check_password("demo-lector-2017")


@FAST_HASHING
@override_settings(ALLOWED_HOSTS=["planea.example.org"])
def test_no_demo_user_is_created_on_a_server_that_answers_to_other_hosts():
    assert not is_local()

    out, err = demo()

    assert get_user_model().objects.count() == 0
    assert "No demo users" in err
    assert "demo-admin-2017" not in out


@FAST_HASHING
def test_the_demo_users_can_also_be_created_for_a_test_on_any_network():
    network = Network.objects.create(name="La Red Demo", acronym="Red Demo", slug="red-demo")

    created = create_demo_users(network)

    assert [demo.username for demo, _ in created] == [demo.username for demo in DEMO_USERS]
    assert Membership.objects.filter(network=network).count() == 5
