"""Spanish by default, English, Portuguese and French on request, every string translated."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings

from tests.base import PlanTestCase

LOCALE = Path(settings.BASE_DIR) / "planea" / "locale"


class LocaleSmokeTests(PlanTestCase):
    def page(self, **headers):
        return self.bruno.get(self.url(2017, "1.1.i"), headers=headers)

    def test_spanish_is_the_default(self):
        response = self.page()

        self.assertContains(response, '<html lang="es">')
        self.assertContains(response, "Área de trabajo")
        self.assertContains(response, "Primer semestre")
        self.assertContains(response, "1 de abril de 2017")

    def test_english_is_served_to_a_browser_that_asks_for_it(self):
        response = self.page(accept_language="en")

        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, "Work area")
        self.assertContains(response, "First half")
        self.assertContains(response, "April 1, 2017")

    def test_portuguese_is_served_to_a_browser_that_asks_for_it(self):
        response = self.page(accept_language="pt-BR,pt;q=0.9")

        self.assertContains(response, '<html lang="pt">')
        self.assertContains(response, "Área de trabalho")
        self.assertContains(response, "Primeiro semestre")
        self.assertContains(response, "1 de Abril de 2017")

    def test_french_is_served_to_a_browser_that_asks_for_it(self):
        response = self.page(accept_language="fr-HT,fr;q=0.9")

        self.assertContains(response, '<html lang="fr">')
        self.assertContains(response, "Axe de travail")
        self.assertContains(response, "Premier semestre")
        self.assertContains(response, "1 avril 2017")

    def test_the_switcher_offers_each_language_in_its_own_name(self):
        html = self.page().content.decode()

        for code, name in [
            ("es", "Español"),
            ("en", "English"),
            ("pt", "Português"),
            ("fr", "Français"),
        ]:
            assert f'<option value="{code}" lang="{code}"' in html
            assert f">{name}</option>" in html

    def test_the_language_switcher_posts_with_a_csrf_token_and_remembers_the_choice(self):
        html = self.page().content.decode()
        assert '<form class="language" action="/i18n/setlang/" method="post">' in html
        assert 'name="csrfmiddlewaretoken"' in html
        assert '<label for="language-select">Idioma</label>' in html

        response = self.bruno.post(
            "/i18n/setlang/", {"language": "pt", "next": self.url(2017)}, follow=True
        )

        self.assertContains(response, "Áreas de trabalho e atividades")
        self.assertContains(self.page(), "Primeiro semestre")

    def test_the_switcher_will_not_send_bruno_to_another_site(self):
        response = self.bruno.post(
            "/i18n/setlang/", {"language": "en", "next": "https://evil.example.org/"}
        )

        assert response["Location"] == "/"


def untranslated(po: Path) -> str:
    """msgfmt's own count of what is not translated, or fuzzy."""
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stderr.strip()


@pytest.mark.parametrize("language", ["es", "pt", "en", "fr"])
def test_every_message_of_the_catalogue_is_translated(language):
    if not shutil.which("msgfmt"):
        pytest.fail("GNU gettext's msgfmt is needed: sudo apt-get install gettext")
    po = LOCALE / language / "LC_MESSAGES" / "django.po"

    statistics = untranslated(po)

    assert "fuzzy" not in statistics
    assert "untranslated" not in statistics
    assert statistics.endswith("translated messages.")


@pytest.mark.parametrize("language", ["es", "pt", "en", "fr"])
def test_every_catalogue_has_the_same_messages(language):
    def messages(path: Path) -> set[tuple[str, ...]]:
        # One entry per message: its context, id and plural id, continuation
        # lines joined first, so that "Done" in a context is a message apart.
        text = path.read_text(encoding="utf-8").replace('"\n"', "")
        keys = ("msgctxt ", "msgid ", "msgid_plural ")
        return {
            entry
            for block in text.split("\n\n")
            if (entry := tuple(line for line in block.splitlines() if line.startswith(keys)))
        }

    spanish = messages(LOCALE / "es" / "LC_MESSAGES" / "django.po")
    assert messages(LOCALE / language / "LC_MESSAGES" / "django.po") == spanish
