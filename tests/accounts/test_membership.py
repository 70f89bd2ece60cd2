"""Memberships: the Secretariat is staff (the admin lets it in), the rules of
a role are checked with clear messages, and a profile keeps the user's language."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from planea.accounts.models import Membership, Profile, Role, language_of, preferred_language
from tests.base import SOFTWARE_GROUP, PersonasTestCase, make_network, organisation


def fresh(user):
    return get_user_model().objects.get(pk=user.pk)


class SecretariatIsStaffTests(PersonasTestCase):
    def test_the_secretariat_persona_is_staff_and_the_others_are_not(self):
        assert fresh(self.secretariat).is_staff
        for user in (self.committee, self.coordinator, self.other_coordinator, self.viewer):
            assert not fresh(user).is_staff, user

    def test_giving_someone_the_secretariat_role_makes_them_staff(self):
        membership = Membership.objects.create(
            user=self.viewer, network=self.network, role=Role.SECRETARIAT
        )

        assert fresh(self.viewer).is_staff
        assert membership.user.is_staff  # the object in memory too

    def test_changing_a_role_to_secretariat_makes_them_staff(self):
        membership = Membership.objects.get(user=self.committee)
        membership.role = Role.SECRETARIAT
        membership.save()

        assert fresh(self.committee).is_staff

    def test_losing_the_last_secretariat_role_ends_staff_status(self):
        Membership.objects.get(user=self.secretariat).delete()

        assert not fresh(self.secretariat).is_staff

    def test_changing_the_secretariat_role_to_another_ends_staff_status(self):
        membership = Membership.objects.get(user=self.secretariat)
        membership.role = Role.VIEWER
        membership.save()

        assert not fresh(self.secretariat).is_staff

    def test_a_secretariat_of_two_networks_stays_staff_when_leaving_one(self):
        other = make_network("Otra Red", "otra-red")
        Membership.objects.create(user=self.secretariat, network=other, role=Role.SECRETARIAT)

        Membership.objects.get(user=self.secretariat, network=self.network).delete()

        assert fresh(self.secretariat).is_staff

    def test_deleting_a_network_ends_the_staff_status_its_secretariat_had(self):
        other = make_network("Otra Red", "otra-red")
        Membership.objects.create(user=self.viewer, network=other, role=Role.SECRETARIAT)
        assert fresh(self.viewer).is_staff

        other.delete()

        assert not fresh(self.viewer).is_staff

    def test_a_superuser_stays_staff_without_any_role(self):
        Membership.objects.create(user=self.ana, network=self.network, role=Role.SECRETARIAT)

        Membership.objects.filter(user=self.ana).delete()

        assert fresh(self.ana).is_staff

    def test_staff_set_by_hand_is_left_alone_by_other_roles(self):
        get_user_model().objects.filter(pk=self.viewer.pk).update(is_staff=True)
        membership = Membership.objects.get(user=self.viewer)

        membership.role = Role.COMMITTEE
        membership.save()
        membership.delete()

        assert fresh(self.viewer).is_staff


class MembershipRulesTests(PersonasTestCase):
    def membership(self, **fields) -> Membership:
        return Membership(**{"user": self.viewer, "network": self.network, **fields})

    def errors(self, membership: Membership) -> dict:
        with translation.override("en"):
            with self.assertRaises(ValidationError) as raised:
                membership.full_clean()
            errors = raised.exception.message_dict
            return {field: [str(m) for m in messages] for field, messages in errors.items()}

    def test_a_coordinator_must_say_which_organisation(self):
        errors = self.errors(self.membership(role=Role.COORDINATOR))

        assert errors["organisation"] == ["Choose the organisation this coordinator reports for."]

    def test_only_a_coordinator_has_an_organisation(self):
        software = organisation(self.network, SOFTWARE_GROUP)

        errors = self.errors(self.membership(role=Role.COMMITTEE, organisation=software))

        assert errors["organisation"] == ["Only a coordinator is tied to an organisation."]

    def test_the_organisation_must_be_of_the_same_network(self):
        other = make_network("Otra Red", "otra-red")
        foreign = organisation(other, SOFTWARE_GROUP)

        errors = self.errors(self.membership(role=Role.COORDINATOR, organisation=foreign))

        assert errors["organisation"] == ["The organisation must belong to the same network."]

    def test_the_same_role_twice_is_refused_with_a_message(self):
        errors = self.errors(self.membership(role=Role.VIEWER))

        assert errors["__all__"] == ["This user already holds this role in this network."]

    def test_coordinating_the_same_organisation_twice_is_refused_with_a_message(self):
        software = organisation(self.network, SOFTWARE_GROUP)
        errors = self.errors(
            self.membership(user=self.coordinator, role=Role.COORDINATOR, organisation=software)
        )

        assert errors["__all__"] == [
            "This user already coordinates this organisation in this network."
        ]

    @pytest.mark.engine("a check constraint")
    def test_the_database_refuses_a_coordinator_without_an_organisation(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=self.ana, network=self.network, role="coordinator")

    def test_a_membership_reads_as_who_what_and_where(self):
        membership = Membership.objects.get(user=self.coordinator)

        with translation.override("es"):
            text = str(membership)

        assert text == ("pedro — Coordinador (Grupo de Trabajo en software público) — Red Demo")


class ProfileTests(PersonasTestCase):
    def test_a_user_without_a_profile_is_written_to_in_the_sites_language(self):
        assert preferred_language(self.viewer) == ""
        assert language_of(self.viewer) == "es"

    def test_the_language_a_user_chose_is_the_one_they_are_written_to_in(self):
        Profile.objects.create(user=self.viewer, language="pt")

        assert language_of(fresh(self.viewer)) == "pt"

    def test_a_profile_is_created_when_first_needed_and_only_once(self):
        first = Profile.of(self.viewer)
        again = Profile.of(fresh(self.viewer))

        assert first.pk == again.pk
        assert first.language == ""

    @pytest.mark.engine("a check constraint")
    def test_an_unknown_language_is_refused(self):
        with self.assertRaises(ValidationError):
            Profile(user=self.viewer, language="de").full_clean()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Profile.objects.create(user=self.viewer, language="de")

    @pytest.mark.engine("query count")
    def test_reminders_can_read_everyones_language_in_one_query(self):
        Profile.objects.create(user=self.viewer, language="pt")
        Profile.objects.create(user=self.coordinator, language="en")

        with self.assertNumQueries(1):
            languages = {
                user.username: language_of(user)
                for user in get_user_model().objects.select_related("profile")
            }

        assert languages["vera"] == "pt"
        assert languages["pedro"] == "en"
        assert languages["dora"] == "es"
