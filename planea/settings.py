"""Planea's one settings file, configured from the environment.

Every setting that differs between a laptop and production is read from an
environment variable through the helpers below, which refuse values they
cannot understand instead of guessing.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PLANEA_VAR_DIR", BASE_DIR / "var"))


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])

# A deployment (DEBUG off, hosts named) must bring its own key. Anywhere else
# -- a laptop, the test suite -- a development key is used; it carries Django's
# "insecure" prefix so that `check --deploy` flags it if it ever leaks out.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and ALLOWED_HOSTS:
        raise ImproperlyConfigured("SECRET_KEY must be set in the environment for a deployment")
    SECRET_KEY = "django-insecure-planea-development-key"  # noqa: S105

CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# IATI open data (planea.reports.iati, docs/exports.md): the organisation
# identifier each network reports under, by its slug, as
# IATI_ORGANISATION_IDS="red-gealc=XM-EXAMPLE-1,other=…"; a network not named
# reports under XI-PLANEA-<SLUG>. And the DAC 5-digit sector of the activities.
IATI_ORGANISATION_IDS = dict(
    item.split("=", 1) for item in envlist("IATI_ORGANISATION_IDS", []) if "=" in item
)
IATI_SECTOR = os.environ.get("IATI_SECTOR", "15110")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "csp",
    "ninja",  # the Swagger UI it ships, served as our static files: API docs offline
    "django_tasks",
    "django_tasks_db",  # the tasks' database backend: its table and `db_worker`
    "planea.accounts",
    "planea.plans",
    "planea.tracking",
    "planea.governance",
    "planea.reports",
    "planea.api",
    "planea.ops",  # backup and restore: reads every app's tables, so it comes last
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "planea.urls"
WSGI_APPLICATION = "planea.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "planea" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'planea.sqlite3'}"
if not os.environ.get("DATABASE_URL"):
    # SQLite creates its file but not the folder it lives in.
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        # Opening a connection costs more than answering most requests:
        # keep each worker's for a minute, checked before reuse.
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests and parallel workers each get their own file; WAL lets readers
    # proceed while a writer holds the lock. In WAL mode, synchronous=NORMAL
    # (SQLite's advice for WAL) syncs the log at checkpoints, not at every
    # commit: a commit survives Planea crashing but not the machine losing
    # power, and the file never corrupts. A sync costs 4-8 ms on the test
    # machine, more than the rest of an API write (docs/operations.md);
    # SQLITE_SYNCHRONOUS=FULL syncs every commit again.
    synchronous = os.environ.get("SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if synchronous not in ("FULL", "NORMAL", "EXTRA"):
        raise ImproperlyConfigured("SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA")
    DATABASES["default"]["OPTIONS"] = {
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={synchronous};"
    }
    DATABASES["default"]["TEST"] = {"NAME": None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The API keeps what it has built under the data stamp (planea.api.cache):
# in each process's memory, which needs no server and stays right with
# several machines (the stamp is in the database). Room for every page and
# activity of a few large plans in a few languages; Django's default holds
# 300 entries, fewer than one plan of 2,000 has activities, and evicted
# them as fast as they were built.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": envint("CACHE_MAX_ENTRIES", 10_000)},
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # With DEBUG off, the demo's published passwords sign no one in.
    "planea.accounts.demo.RefuseDemoPasswords",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# After signing in, what the person answers for (issue 12).
LOGIN_REDIRECT_URL = "my_commitments"
LOGOUT_REDIRECT_URL = "home"

# Failed sign-ins are counted per account and address, per account and per
# address, each against its own limit: see planea/accounts/throttle.py.
AXES_HANDLER = "planea.accounts.throttle.Throttle"
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
LOGIN_FAILURES_PER_ACCOUNT = envint("LOGIN_FAILURES_PER_ACCOUNT", 10)
LOGIN_FAILURES_PER_ADDRESS = envint("LOGIN_FAILURES_PER_ADDRESS", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# Password-reset e-mails: so many per client address and per address
# e-mailed within the window (seconds).
PASSWORD_RESET_EMAILS_PER_ADDRESS = envint("PASSWORD_RESET_EMAILS_PER_ADDRESS", 10)
PASSWORD_RESET_EMAILS_PER_ACCOUNT = envint("PASSWORD_RESET_EMAILS_PER_ACCOUNT", 3)
PASSWORD_RESET_WINDOW = 3600
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# Behind N trusted proxies (the TLS terminator, the load balancer) the
# client's address is the Nth from the right in X-Forwarded-For; without
# this, every visitor would share the proxy's address and lock each other out.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]


# The day Planea takes for today (YYYY-MM-DD), for the demo only: `make run`
# sets a day inside 2017 so that the 2017 plan is played in its own year
# (planea.core.clock). Unset everywhere else: today is the site's local date.
def envdate(name: str) -> dt.date | None:
    value = os.environ.get(name)
    if value is None or value == "":
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


PLANEA_TODAY = envdate("PLANEA_TODAY")

LANGUAGE_CODE = "es"
LANGUAGES = [
    ("es", _("Spanish")),
    ("en", _("English")),
    ("pt", _("Portuguese")),
    ("fr", _("French")),
]
LOCALE_PATHS = [BASE_DIR / "planea" / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Montevideo")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
# The project's own stylesheet lives beside its templates, not in an app.
STATICFILES_DIRS = [BASE_DIR / "planea" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    # Built reports (planea.reports.builds): derived files, made again at
    # will, so apart from the evidence and out of backups. Several machines
    # share it as they share MEDIA_ROOT (docs/operations.md).
    "reports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(os.environ.get("REPORTS_ROOT", VAR_DIR / "reports"))},
    },
}
# Evidence lives outside the static root and is only ever served through a
# permission-checked view: there is deliberately no MEDIA_URL route.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "uploads"))
MEDIA_URL = "/media-is-not-served/"
EVIDENCE_MAX_BYTES = envint("EVIDENCE_MAX_BYTES", 20 * 1024 * 1024)

# Long work in the background (django-tasks, the backport of Django 6's
# tasks API): report builds, large imports, reminders. By default the
# database backend, whose worker (`planea worker`) runs beside each server;
# another backend by its dotted path in TASKS_BACKEND (docs/operations.md).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A plan document of this many activities or more is stored by the worker
# once confirmed on the import page; a smaller one at once (docs/import.md).
IMPORT_BACKGROUND_ACTIVITIES = envint("IMPORT_BACKGROUND_ACTIVITIES", 300)
# Personal API tokens expire: after API_TOKEN_DAYS unless their maker asks
# for another lifetime, never after more than API_TOKEN_MAX_DAYS.
API_TOKEN_DAYS = envint("API_TOKEN_DAYS", 90)
API_TOKEN_MAX_DAYS = envint("API_TOKEN_MAX_DAYS", 365)
if not 1 <= API_TOKEN_DAYS <= API_TOKEN_MAX_DAYS:
    raise ImproperlyConfigured("API_TOKEN_DAYS must be from 1 to API_TOKEN_MAX_DAYS")
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "planea@localhost")

# Behind a TLS-terminating proxy in production; plain HTTP on a laptop.
SECURE = envbool("SECURE", not DEBUG)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = SECURE and envbool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content-Security-Policy on every answer (django-csp). Planea's pages need no
# script of their own and Swagger UI's are static files, so a script can only
# run if it comes from this site or carries the request's nonce
# (`{{ request.csp_nonce }}`, added to the header only when a page uses it).
# Style attributes stay allowed: the bars and meters are sized by them, and
# without inline scripts or outside images an injected attribute can neither
# run code nor send anything anywhere.
CSP_ERROR_PAGE_STYLE = "'sha256-nT4SnQwRqRBtVEg8deHMPeDcZBORzjfCC/5PKEBaj9A='"  # 500.html's <style>
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE, CSP_ERROR_PAGE_STYLE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
