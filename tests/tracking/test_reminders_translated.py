"""A reminder names each commitment in the coordinator's language: the
translation of its title, or the original followed by the note of its
language."""

from __future__ import annotations

from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from planea.accounts.models import Profile
from planea.plans.models import Activity
from planea.plans.translations import set_translation
from tests.tracking.support import TrackingTestCase


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    SITE_URL="https://planea.example.org",
)
class TranslatedRemindersTests(TrackingTestCase):
    def bodies(self) -> dict[str, str]:
        call_command("remind", "--today", "2017-04-20", "--days", "90", stdout=StringIO())
        return {message.to[0]: message.body for message in mail.outbox}

    def test_a_title_comes_translated_or_marked_as_the_original(self):
        workshop = Activity.objects.get(plan=self.plan, key="1.1.i")
        set_translation(workshop, "title", "pt", "Quinta oficina regional", None)
        Profile.objects.create(user=self.cora, language="pt")
        Profile.objects.create(user=self.omar, language="en")

        bodies = self.bodies()

        assert "1.1.i Quinta oficina regional" in bodies["trk-cora@example.org"]
        omar = bodies["trk-omar@example.org"]
        assert "2.1.i Encuesta sobre acciones de medición (original in Spanish)" in omar

    def test_in_the_plans_language_nothing_is_marked(self):
        assert "(original" not in self.bodies()["trk-cora@example.org"]
