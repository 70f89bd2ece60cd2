"""The language menu: switches the page, and becomes a signed-in user's preference."""

from django.test import TestCase

from planea.accounts.models import Profile, preferred_language
from tests.base import PersonasTestCase


class SetLanguageTests(PersonasTestCase):
    def test_it_saves_the_choice_as_the_signed_in_users_language(self):
        client = self.client_for(self.viewer)
        response = client.post("/i18n/setlang/", {"language": "pt", "next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)
        self.assertEqual(response.cookies["django_language"].value, "pt")
        self.assertEqual(preferred_language(self.viewer), "pt")

    def test_an_unknown_language_changes_nothing(self):
        client = self.client_for(self.viewer)
        client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
        self.assertFalse(Profile.objects.filter(user=self.viewer).exclude(language="").exists())


class AnonymousSetLanguageTests(TestCase):
    def test_it_switches_the_page_for_a_visitor_without_saving_anything(self):
        response = self.client.post("/i18n/setlang/", {"language": "en", "next": "/"})
        self.assertEqual(response.cookies["django_language"].value, "en")
        self.assertFalse(Profile.objects.exists())

    def test_it_only_accepts_post(self):
        self.assertEqual(self.client.get("/i18n/setlang/").status_code, 405)
