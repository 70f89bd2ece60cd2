"""The catalogues hold every message of the code, and no other.

Each catalogue has the messages Spanish has (tests/test_locales.py); this
checks Spanish against what makemessages finds in a copy of the code, so a
string added to a template or module without its entries fails `make test`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "planea" / "locale"


def messages(path: Path) -> set[tuple[str, ...]]:
    text = path.read_text(encoding="utf-8").replace('"\n"', "")
    keys = ("msgctxt ", "msgid ", "msgid_plural ")
    return {
        entry
        for block in text.split("\n\n")
        if (entry := tuple(line for line in block.splitlines() if line.startswith(keys)))
    }


def test_the_catalogues_hold_every_message_of_the_code(tmp_path, settings):
    if not shutil.which("xgettext"):
        pytest.fail("GNU gettext's xgettext is needed: sudo apt-get install gettext")
    copy = tmp_path / "planea"
    shutil.copytree(
        LOCALE.parent, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static")
    )
    settings.LOCALE_PATHS = [copy / "locale"]  # makemessages writes into the copy only
    here = Path.cwd()
    os.chdir(copy)
    try:
        call_command("makemessages", locale=["es"], no_obsolete=True, verbosity=0)
    finally:
        os.chdir(here)

    found = messages(copy / "locale" / "es" / "LC_MESSAGES" / "django.po")
    catalogued = messages(LOCALE / "es" / "LC_MESSAGES" / "django.po")
    assert sorted(found - catalogued) == [], "in the code, missing from the catalogues"
    assert sorted(catalogued - found) == [], "in the catalogues, no longer in the code"
