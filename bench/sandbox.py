"""Django on a throwaway SQLite database in `workdir`, for the benchmarks
that measure the site in-process (through Django's test client): one set-up
for all of them, as the test suite's own settings make it.

    from sandbox import setup   # a benchmark's folder is on sys.path
    setup(workdir, REPORTS_ROOT=...)   # extra environment, set before Django starts
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(workdir: Path, **environment: str) -> None:
    """Point Planea at `workdir` (database, var, uploads), start Django and
    migrate. Static files come from the source, as in the tests: no
    `collectstatic`, and WhiteNoise's note that STATIC_ROOT is missing is noise."""
    os.environ.update(
        {
            "PLANEA_VAR_DIR": str(workdir),
            "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
            "MEDIA_ROOT": str(workdir / "uploads"),
            "DJANGO_SETTINGS_MODULE": "planea.settings",
            **environment,
        }
    )
    os.environ.setdefault("LOG_LEVEL", "ERROR")
    os.environ.setdefault("SECRET_KEY", "django-insecure-planea-bench")  # a throwaway site
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    call_command("migrate", verbosity=0)
