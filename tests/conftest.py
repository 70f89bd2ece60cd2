"""Settings and fixtures shared by the whole suite."""

from __future__ import annotations

import atexit
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests import template_db


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    template_db.install()
    # The suite runs like production (DEBUG off) but over plain HTTP, and
    # without `collectstatic`: static files come straight from the source.
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        # Built reports in a folder of this run's, not the developer's var/.
        "reports": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": _temporary_folder("planea-test-reports-")},
        },
    }
    # Background tasks run at once, inside the request that queues them,
    # unless a test brings a worker (tests/reports/test_background_*.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Argon2 is slow by design (some 0.15 s a hash of a CPU), and the demo and
    # every test class hash passwords: the suite hashes with MD5, and still
    # reads Argon2 hashes. test_login_view checks production's hasher.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
    # WhiteNoise looks for STATIC_ROOT, which only `collectstatic` creates.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    # Pages in English and Portuguese need the compiled catalogues, which are
    # built, not committed: build stale ones once, in the main process only
    # (xdist workers would race to write the same files).
    if not hasattr(config, "workerinput"):
        _compile_stale_catalogues(Path(settings.BASE_DIR) / "planea" / "locale")


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by the marks added here
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """`make test` runs the whole suite on SQLite and only `-m engine` again on
    PostgreSQL, so an engine mark must say why the engine matters, and a
    test that needs PostgreSQL is engine-dependent by definition."""
    for item in items:
        for mark in item.iter_markers("engine"):
            if len(mark.args) != 1 or not str(mark.args[0]).strip():
                raise pytest.UsageError(
                    f"{item.nodeid}: @pytest.mark.engine needs a one-line reason, "
                    'e.g. @pytest.mark.engine("query count")'
                )
        # `make browser` collects tests/browser only: a browser test
        # elsewhere would never run.
        if item.get_closest_marker("browser") and "browser" not in item.path.parent.parts[-1:]:
            raise pytest.UsageError(f"{item.nodeid}: browser tests live under tests/browser/")
        if item.get_closest_marker("postgres") and not item.get_closest_marker("engine"):
            item.add_marker(pytest.mark.engine("needs PostgreSQL"))


def _temporary_folder(prefix: str) -> str:
    """A folder removed when the test process exits."""
    path = tempfile.mkdtemp(prefix=prefix)
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def _compile_stale_catalogues(locale: Path) -> None:
    stale = [
        po
        for po in locale.glob("*/LC_MESSAGES/django.po")
        if not po.with_suffix(".mo").exists()
        or po.with_suffix(".mo").stat().st_mtime < po.stat().st_mtime
    ]
    msgfmt = shutil.which("msgfmt")
    for po in stale if msgfmt else []:
        subprocess.run([msgfmt, "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request (or translation.activate) leaves its language active on the
    thread; put the site's back, so that no test reads another's language."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache_after_each_test():
    """Cached public answers must not outlive the test data they came from."""
    yield
    from django.core.cache import cache

    cache.clear()
