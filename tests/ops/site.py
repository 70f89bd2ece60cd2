"""A site worth backing up, and what its readers see of it.

`build_site()` loads the demo (Red GEALC's 2017 plan, its users) and a year's
tracking on top: progress reports, a public and a members-only piece of
evidence with their files, a meeting with signed minutes counting toward a
product, an API token. `snapshot()` reads the pages, API answers and
downloads a backup must bring back byte for byte.

Also run as a script by the cross-engine test, against whatever database
DATABASE_URL names:

    python -m tests.ops.site build [--nul] EMPTY_COPY
        migrate, copy the empty database's file to EMPTY_COPY (SQLite), build
        the site, print {"secret": the token's secret, "pages": the snapshot}
    python -m tests.ops.site snapshot SECRET
        print the snapshot, {"who address": sha256 of status and body}
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import sys
from pathlib import Path

D = dt.date

# Values that differ on every request by design, not by data.
VOLATILE = [
    (re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]+'), rb"\1-"),
    (re.compile(rb'(nonce=")[^"]+'), rb"\1-"),
    (re.compile(rb"('nonce-)[^']+"), rb"\1-"),
]
# Named, rather than the first backend that can load a user: that choice
# belongs to the settings, and is no business of a backup's test.
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
NUL_NOTE = "Informe\x00 con dos\x00 NUL"


def pdf_bytes(text: str) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Title": text})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def files_under(root: Path) -> dict[str, bytes]:
    """Every file under `root`, by its relative path: what MEDIA_ROOT holds."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def build_site(*, nul: bool = False) -> str:
    """The demo and a year's tracking, written through the domain's verbs;
    the secret of an API token of the Secretariat's. With `nul`, a report on
    2.1.i (on no page of the snapshot) has a note with two NUL characters,
    as SQLite lets the API store them."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from planea.accounts.demo import OPEN_DATA_GROUP
    from planea.api.models import ApiToken
    from planea.governance.models import Meeting
    from planea.ops.demo import create_demo_users, load_demo
    from planea.plans.models import Activity, Organisation
    from planea.tracking.minutes import sync_minutes_evidence
    from planea.tracking.models import Evidence, record_progress

    demo = load_demo()
    create_demo_users(demo.network)
    users = get_user_model().objects
    secretariat, coordinator = users.get(username="secretaria"), users.get(username="coordinador")
    plan = demo.plan

    software = Activity.objects.get(plan=plan, key="1.1.i")
    record_progress(
        software,
        author=coordinator,
        status="on_track",
        note="Temario acordado con los países.",
        date=D(2017, 3, 15),
        seen_version=software.version,
    )
    record_progress(
        software,
        author=coordinator,
        status="done",
        note="Análisis de viabilidad entregado.",
        date=D(2017, 4, 20),
        seen_version=software.version,
    )
    product = software.products.get()
    for title, public in (("Análisis de viabilidad", True), ("Borrador interno", False)):
        content = pdf_bytes(title)
        Evidence.objects.create(
            product=product,
            title=title,
            date=D(2017, 4, 20),
            file=ContentFile(content, name="informe.pdf"),
            content_type="application/pdf",
            size=len(content),
            original_name=f"{title}.pdf",
            is_public=public,
            added_by=coordinator,
        )

    minutes = Activity.objects.get(plan=plan, key="2.3.i")
    signed = pdf_bytes("Acta firmada")
    meeting = Meeting.objects.create(
        network=demo.network,
        organisation=Organisation.objects.with_key(OPEN_DATA_GROUP).get(network=demo.network),
        title="Reunión bimensual del GT de datos abiertos",
        date=D(2017, 2, 15),
        minutes="Se revisaron las metas del grupo.",
        minutes_file=ContentFile(signed, name="acta.pdf"),
        minutes_content_type="application/pdf",
        minutes_size=len(signed),
        minutes_original_name="acta firmada.pdf",
        created_by=secretariat,
    )
    meeting.products.add(minutes.products.get())
    meeting.activities.add(minutes)
    meeting.countries.add(*Organisation.objects.filter(network=demo.network, name="Uruguay"))
    sync_minutes_evidence(meeting, secretariat)

    if nul:
        survey = Activity.objects.get(plan=plan, key="2.1.i")
        record_progress(
            survey,
            author=secretariat,
            status="at_risk",
            note=NUL_NOTE,
            date=D(2017, 5, 2),
            seen_version=survey.version,
        )

    _token, secret = ApiToken.issue(secretariat, "sitio de la red")
    return secret


def addresses() -> list[tuple[str | None, str]]:
    """(who, address) of every page, answer and download to compare."""
    from planea.governance.models import Meeting
    from planea.plans.models import Activity
    from planea.tracking.models import Evidence

    software = Activity.objects.get(plan__network__slug="red-gealc", key="1.1.i")
    meeting = Meeting.objects.exclude(minutes_file="").get()
    files = Evidence.objects.exclude(file="").order_by("pk")
    pages = [
        "/",
        "/red-gealc/",
        "/red-gealc/2017/",
        "/red-gealc/2017/1.1.i/",
        "/red-gealc/2017/2.3.i/",
        "/red-gealc/2017/dashboard/",
        "/red-gealc/2017/timeline/",
        "/red-gealc/2017/versions/",
        f"/red-gealc/meetings/{meeting.pk}/",
        f"/red-gealc/meetings/{meeting.pk}/minutes/",
        "/red-gealc/2017/report.md",
        "/red-gealc/2017/export.csv",
        "/api/v1/plans",
        f"/api/v1/activities?page_size=100&plan={software.plan_id}",
        f"/api/v1/activities/{software.pk}/evidence",
        f"/api/v1/activities/{software.pk}/progress",
        *(f"/evidence/{e.pk}/" for e in files),
    ]
    seen = [(who, page) for who in (None, "lector", "secretaria") for page in pages]
    seen += [("token", f"/api/v1/activities/{software.pk}/evidence")]
    seen += [("secretaria", "/my/commitments/"), ("coordinador", "/my/commitments/")]
    return seen


def snapshot(secret: str) -> dict[str, bytes]:
    """{"who address": status and body} for every address, as each reader
    sees it. Caches are emptied first, so every body is made afresh from
    the database."""
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.test import Client

    cache.clear()
    clients: dict[str | None, Client] = {None: Client()}
    for username in ("lector", "secretaria", "coordinador"):
        clients[username] = Client()
        clients[username].force_login(
            get_user_model().objects.get(username=username), backend=MODEL_BACKEND
        )
    clients["token"] = Client(headers={"authorization": f"Bearer {secret}"})

    seen = {}
    for who, address in addresses():
        response = clients[who].get(address)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for pattern, replacement in VOLATILE:
            body = pattern.sub(replacement, body)
        seen[f"{who or 'public'} {address}"] = f"{response.status_code}\n".encode() + body
    return seen


def _digests(seen: dict[str, bytes]) -> dict[str, str]:
    return {address: hashlib.sha256(body).hexdigest() for address, body in seen.items()}


def _configure_like_the_tests() -> None:
    """What tests/conftest.py does to settings, for a script: plain HTTP,
    static files from the source, the test client's host allowed."""
    import django
    from django.conf import settings
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def main(argv: list[str]) -> int:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planea.settings")
    _configure_like_the_tests()
    from django.core.management import call_command

    if argv[:1] == ["build"] and len(argv) >= 2:
        import shutil

        from django.db import connection

        call_command("migrate", verbosity=0)
        # Closing the last connection folds SQLite's write-ahead log into
        # the file, which is then a whole, empty, migrated database.
        connection.close()
        shutil.copyfile(connection.settings_dict["NAME"], argv[-1])
        secret = build_site(nul="--nul" in argv)
        print(json.dumps({"secret": secret, "pages": _digests(snapshot(secret))}))
        return 0
    if argv[:1] == ["snapshot"] and len(argv) == 2:
        print(json.dumps({"pages": _digests(snapshot(argv[1]))}))
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
