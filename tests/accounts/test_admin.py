"""The admin under the policy: Sofía, Secretariat of Red Demo, manages Red
Demo's data and people there, and nothing of "Otra Red", whose Secretariat is
Otto; coordinators and viewers get no admin at all."""

from __future__ import annotations

import re

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from planea.accounts.admin import PolicyAdmin
from planea.accounts.models import Membership, Profile, Role
from planea.governance.models import BodySeat
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Network, Organisation, Plan
from tests.base import PersonasTestCase, make_network, make_personas, organisation, small_plan


def policy_admins() -> list[tuple[type, PolicyAdmin]]:
    return [(m, a) for m, a in admin.site._registry.items() if isinstance(a, PolicyAdmin)]


def url(obj, view: str = "change") -> str:
    meta = obj._meta
    return f"/admin/{meta.app_label}/{meta.model_name}/{obj.pk}/{view}/"


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


class AdminPolicyTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = make_network("Otra Red", "otra-red")
        cls.other_plan = import_plan(small_plan(2018, "Plan de la otra red"), cls.other)
        cls.otto = make_personas(cls.other, prefix="otto-").secretariat
        committee = organisation(cls.other, "Comité Ejecutivo")
        BodySeat.objects.create(body=committee, country=organisation(cls.other, "Chile"), year=2018)
        Profile.objects.create(user=cls.otto, language="pt")
        committee = organisation(cls.network, "Comité Ejecutivo")
        BodySeat.objects.create(
            body=committee, country=organisation(cls.network, "Perú"), year=2017
        )
        Profile.objects.create(user=cls.secretariat, language="es")

    def setUp(self) -> None:
        super().setUp()
        self.sofia = self.client_for(self.secretariat)

    def client_for(self, user) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        return client

    def objects_of(self, network: Network) -> dict[type, object]:
        """One object of each model the policy admins show, in `network`
        (of those that have rows in this test's data, which are most)."""
        found = {}
        for model, model_admin in policy_admins():
            queryset = model_admin.restrict(model._default_manager.all(), [network.pk])
            obj = queryset.order_by("pk").first()
            if obj is not None:
                found[model] = obj
        assert len(found) >= 12, found
        return found

    # -- another network's objects do not exist for Sofía

    def test_every_table_is_in_the_admin_under_the_policy(self):
        labels = {model._meta.label_lower for model, _ in policy_admins()}

        assert {
            "plans.network",
            "plans.plan",
            "plans.activity",
            "plans.product",
            "governance.bodyseat",
            "accounts.membership",
            "accounts.profile",
        } <= labels

    def test_sofia_opens_every_object_of_her_network(self):
        for model, obj in self.objects_of(self.network).items():
            with self.subTest(model.__name__):
                assert self.sofia.get(url(obj)).status_code == 200

    def test_another_networks_objects_answer_404_to_sofia_on_every_page(self):
        for model, obj in self.objects_of(self.other).items():
            for view in ("change", "delete", "history"):
                with self.subTest(f"{model.__name__} {view}"):
                    assert self.sofia.get(url(obj, view)).status_code == 404

    def test_every_list_shows_sofia_her_networks_rows_only(self):
        theirs = self.objects_of(self.other)
        for model, obj in self.objects_of(self.network).items():
            with self.subTest(model.__name__):
                response = self.sofia.get(changelist(model))
                listed = {row.pk for row in response.context["cl"].result_list}
                assert obj.pk in listed
                assert theirs[model].pk not in listed

    def test_sofia_cannot_change_the_other_networks_plan(self):
        response = self.sofia.post(
            url(self.other_plan), {"title": "Tomado", "year": 2018, "status": "draft"}
        )

        assert response.status_code == 404
        self.other_plan.refresh_from_db()
        assert self.other_plan.title == "Plan de la otra red"

    def test_sofia_cannot_delete_the_other_networks_plan(self):
        response = self.sofia.post(url(self.other_plan, "delete"), {"post": "yes"})

        assert response.status_code == 404
        assert Plan.objects.filter(pk=self.other_plan.pk).exists()

    def test_the_list_filters_never_name_another_network_nor_its_years(self):
        for path in ("/admin/plans/plan/", "/admin/plans/activity/", "/admin/plans/organisation/"):
            with self.subTest(path):
                response = self.sofia.get(path)
                self.assertNotContains(response, "Otra Red")
        by_year = self.sofia.get("/admin/plans/activity/")
        self.assertContains(by_year, "?plan__year=2017")
        self.assertNotContains(by_year, "?plan__year=2018")

    def test_a_superuser_filters_by_every_network(self):
        response = self.client_for(self.ana).get("/admin/plans/activity/")

        self.assertContains(response, "Otra Red")
        self.assertContains(response, "?plan__year=2018")

    def test_choices_of_a_foreign_key_are_her_networks_only(self):
        response = self.sofia.get("/admin/plans/organisation/add/")

        choices = list(response.context["adminform"].form.fields["network"].queryset)
        assert choices == [self.network]

    def test_an_object_cannot_be_pointed_at_another_network(self):
        response = self.sofia.post(
            "/admin/plans/organisation/add/",
            {"network": self.other.pk, "name": "Intrusa", "kind": "other"},
        )

        assert response.status_code == 200
        self.assertContains(response, "Select a valid choice.")
        assert not Organisation.objects.filter(name="Intrusa").exists()

    def test_autocomplete_offers_her_networks_organisations_only(self):
        response = self.sofia.get(
            "/admin/autocomplete/",
            {
                "app_label": "plans",
                "model_name": "fundingsource",
                "field_name": "organisation",
                "term": "Grupo",
            },
        )

        ids = {int(item["id"]) for item in response.json()["results"]}
        assert ids
        assert ids <= set(self.network.organisations.values_list("pk", flat=True))

    def test_raw_id_lookups_refuse_another_networks_plan(self):
        # A draft's activity: an adopted plan's is read-only (tests/plans/test_admin_adopted.py).
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")
        activity = Activity.objects.filter(plan=self.plan).first()
        response = self.sofia.get(url(activity))
        form = response.context["adminform"].form

        assert not form.fields["plan"].queryset.filter(pk=self.other_plan.pk).exists()
        assert form.fields["plan"].queryset.filter(pk=self.plan.pk).exists()

    # -- what Sofía may do with her own network

    def test_sofia_edits_her_networks_draft_plan(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")
        response = self.sofia.post(
            url(self.plan),
            {
                "network": self.network.pk,
                "year": 2017,
                "title": "Plan corregido",
                "status": "draft",
                "language": "es",
                "areas-TOTAL_FORMS": "0",
                "areas-INITIAL_FORMS": "0",
            },
        )

        assert response.status_code == 302, response.context["adminform"].form.errors
        self.plan.refresh_from_db()
        assert self.plan.title == "Plan corregido"

    def test_sofia_edits_a_drafts_areas_inline(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")
        response = self.sofia.get(url(self.plan))

        formset = response.context["inline_admin_formsets"][0]
        assert formset.has_change_permission and formset.has_add_permission
        self.assertContains(response, 'name="areas-0-title"')

    def test_sofia_changes_her_network_but_adds_or_deletes_none(self):
        assert self.sofia.get(url(self.network)).status_code == 200
        assert self.sofia.get("/admin/plans/network/add/").status_code == 403
        assert self.sofia.post(url(self.network, "delete"), {"post": "yes"}).status_code == 403
        assert Network.objects.filter(pk=self.network.pk).exists()

    def test_sofia_sees_no_table_outside_planea(self):
        response = self.sofia.get("/admin/")

        apps = {app["app_label"] for app in response.context["app_list"]}
        assert apps == {"accounts", "plans", "governance", "tracking"}
        assert self.sofia.get("/admin/auth/user/").status_code == 403

    # -- the superuser, and everyone else

    def test_a_superuser_sees_every_network(self):
        ana = self.client_for(self.ana)

        response = ana.get("/admin/plans/plan/")

        assert {p.pk for p in response.context["cl"].result_list} == {
            self.plan.pk,
            self.other_plan.pk,
        }
        assert ana.get(url(self.other_plan)).status_code == 200

    def test_a_coordinator_gets_no_admin(self):
        pedro = self.client_for(self.coordinator)

        response = pedro.get("/admin/plans/plan/")

        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert pedro.get(url(self.plan)).status_code == 302

    def test_staff_without_a_secretariat_role_sees_none_of_planeas_tables(self):
        get_user_model().objects.filter(pk=self.viewer.pk).update(is_staff=True)
        vera = self.client_for(get_user_model().objects.get(pk=self.viewer.pk))

        index = vera.get("/admin/")

        assert index.status_code == 200
        assert index.context["app_list"] == []
        assert vera.get("/admin/plans/plan/").status_code == 403
        assert vera.get(url(self.plan)).status_code == 404


class MembershipAdminTests(PersonasTestCase):
    """Sofía gives roles in Red Demo: to people who have an account, and to
    new people, who get an e-mail to choose their password."""

    ADD = "/admin/accounts/membership/add/"

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other = make_network("Otra Red", "otra-red")
        cls.otto = make_personas(cls.other, prefix="otto-").secretariat

    def setUp(self) -> None:
        super().setUp()
        self.sofia = self.client_for(self.secretariat)

    def client_for(self, user) -> Client:
        client = Client(headers={"accept-language": "en"})
        client.force_login(user)
        return client

    def add(self, **data):
        fields = {"network": self.network.pk, "role": Role.VIEWER, "organisation": ""}
        return self.sofia.post(self.ADD, {**fields, **data})

    def test_sofia_lists_her_networks_memberships_only(self):
        response = self.sofia.get("/admin/accounts/membership/")

        users = {m.user.username for m in response.context["cl"].result_list}
        assert users == {"sofia", "carlos", "pedro", "dora", "vera"}

    def test_the_add_form_asks_for_a_username_and_for_a_new_users_address(self):
        response = self.sofia.get(self.ADD)

        form = response.context["adminform"].form
        assert list(form.fields) == [
            "username",
            "email",
            "first_name",
            "last_name",
            "language",
            "network",
            "role",
            "organisation",
        ]
        assert list(form.fields["network"].queryset) == [self.network]

    def test_sofia_gives_another_role_to_someone_of_her_network(self):
        response = self.add(username="VERA", role=Role.COMMITTEE)

        assert response.status_code == 302
        assert Membership.objects.filter(
            user=self.viewer, network=self.network, role=Role.COMMITTEE
        ).exists()
        assert mail.outbox == []

    def test_another_networks_user_is_not_found_by_username_nor_shown(self):
        otto_vera = get_user_model().objects.get(username="otto-vera")

        response = self.add(username="otto-vera", email="vera.nueva@example.org")

        assert response.status_code == 200
        self.assertContains(response, "This username is taken: choose another for the new user.")
        self.assertNotContains(response, otto_vera.email)
        assert not Membership.objects.filter(user=otto_vera, network=self.network).exists()

    def test_another_networks_user_is_invited_by_their_address(self):
        otto_vera = get_user_model().objects.get(username="otto-vera")

        with self.captureOnCommitCallbacks(execute=True):
            response = self.add(username="vera2", email=otto_vera.email.upper())

        assert response.status_code == 302
        assert Membership.objects.filter(user=otto_vera, network=self.network).exists()
        assert not get_user_model().objects.filter(username="vera2").exists()
        (message,) = mail.outbox
        assert message.to == [otto_vera.email]
        page = self.sofia.get(response["Location"])
        self.assertContains(
            page, f"An e-mail about this role will be sent to {otto_vera.email.upper()}."
        )

    def test_a_new_person_gets_an_account_and_an_email_to_choose_a_password(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.add(
                username="nuevo",
                email="nuevo@example.org",
                first_name="Nuevo",
                language="pt",
                role=Role.COORDINATOR,
                organisation=organisation(self.network, "Grupo de trabajo en medición").pk,
            )

        assert response.status_code == 302
        user = get_user_model().objects.get(username="nuevo")
        assert not user.has_usable_password()
        assert user.profile.language == "pt"
        (message,) = mail.outbox
        assert message.to == ["nuevo@example.org"]
        assert "Coordenador de Grupo de trabajo en medición" in message.body  # in Portuguese
        link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", message.body)[1]
        assert self.bruno.get(link).status_code == 302  # a valid link

    def test_a_new_person_needs_an_email_address(self):
        response = self.add(username="nuevo")

        assert response.status_code == 200
        self.assertContains(response, "A new user needs an e-mail address.")
        assert not get_user_model().objects.filter(username="nuevo").exists()

    def test_an_address_already_in_use_is_refused(self):
        response = self.add(username="nuevo", email="VERA@example.org")

        self.assertContains(response, "Another user has this e-mail address")

    def test_the_same_role_twice_is_refused_with_a_message(self):
        response = self.add(username="vera", role=Role.VIEWER)

        self.assertContains(response, "This user already holds this role in this network.")
        assert Membership.objects.filter(user=self.viewer).count() == 1

    def test_changing_a_role_into_one_already_held_is_refused_with_a_message(self):
        Membership.objects.create(user=self.viewer, network=self.network, role=Role.COMMITTEE)
        membership = Membership.objects.get(user=self.viewer, role=Role.VIEWER)

        response = self.sofia.post(
            url(membership), {"network": self.network.pk, "role": Role.COMMITTEE}
        )

        self.assertContains(response, "This user already holds this role in this network.")

    def test_a_coordinator_without_an_organisation_is_refused_with_a_message(self):
        response = self.add(username="vera", role=Role.COORDINATOR)

        self.assertContains(response, "Choose the organisation this coordinator reports for.")

    def test_sofia_cannot_give_roles_in_another_network(self):
        response = self.add(username="vera", network=self.other.pk)

        self.assertContains(response, "Select a valid choice.")
        assert not Membership.objects.filter(user=self.viewer, network=self.other).exists()

    def test_a_secretariat_role_given_in_the_admin_opens_the_admin_to_its_holder(self):
        self.add(username="vera", role=Role.SECRETARIAT)

        assert get_user_model().objects.get(pk=self.viewer.pk).is_staff
        assert self.client_for(self.viewer).get("/admin/plans/plan/").status_code == 200

    def test_the_user_of_a_membership_is_not_changed_in_the_admin(self):
        membership = Membership.objects.get(user=self.viewer)

        form = self.sofia.get(url(membership)).context["adminform"].form

        assert "user" not in form.fields

    def test_sofia_sees_the_profiles_of_her_networks_members_only(self):
        Profile.objects.create(user=self.viewer, language="pt")
        Profile.objects.create(user=self.otto, language="en")

        response = self.sofia.get("/admin/accounts/profile/")

        assert [p.user.username for p in response.context["cl"].result_list] == ["vera"]
