"""`planea backup` and `planea restore` on the suite's database (SQLite, or
PostgreSQL under scripts/with-postgres): a site restored into an empty
database reads exactly as before, and a restore refuses what it must."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings

from planea.accounts.models import Membership, Role
from planea.api.models import ApiToken
from planea.plans.importer import import_plan
from planea.plans.models import Network
from planea.tracking.models import Evidence, ProgressUpdate
from tests.base import make_network, small_plan
from tests.ops.site import build_site, files_under, snapshot

pytestmark = pytest.mark.engine("backup and restore read and write every table through the engine")

ROOT = Path(__file__).resolve().parents[2]


def empty_the_database() -> None:
    """What `planea migrate` leaves in a new database: no rows but the
    content types and permissions it makes."""
    call_command("flush", interactive=False, verbosity=0)


def rewrite(archive: Path, member: str, change: Callable[[bytes], bytes], *, fix_sum: bool) -> None:
    """Change one member of the archive; with `fix_sum`, its checksum in the
    manifest too, as a careful forger would."""
    with zipfile.ZipFile(archive) as old:
        contents = {info.filename: old.read(info) for info in old.infolist()}
    contents[member] = change(contents[member])
    if fix_sum:
        manifest = json.loads(contents["manifest.json"])
        manifest["members"][member] = {
            "sha256": hashlib.sha256(contents[member]).hexdigest(),
            "size": len(contents[member]),
        }
        contents["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in contents.items():
            new.writestr(name, data)


def latest_migration(app: str) -> str:
    """The name of the app's last migration, as the database records it."""
    return MigrationLoader(connection).graph.leaf_nodes(app)[0][1]


def manifest_of(archive: Path) -> dict:
    with zipfile.ZipFile(archive) as opened:
        return json.loads(opened.read("manifest.json"))


@pytest.fixture
def media(tmp_path, settings) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    return Path(settings.MEDIA_ROOT)


@pytest.fixture
def small_archive(tmp_path, media) -> Path:
    """A backup of a small plan, then an empty database to restore it into."""
    import_plan(small_plan(), make_network(), source_name="plan-2017.txt")
    archive = tmp_path / "small.zip"
    call_command("backup", str(archive), verbosity=0)
    empty_the_database()
    return archive


# ---------------------------------------------------------------------------
# The round trip.


@pytest.mark.django_db(transaction=True)
@pytest.mark.slow  # every page and download, before and after
def test_a_restored_site_shows_every_page_answer_and_download_as_before(tmp_path, media):
    secret = build_site()
    before_pages = snapshot(secret)
    before_files = files_under(media)
    newest = {model: model.objects.order_by("-pk").first().pk for model in (Network, Evidence)}
    archive = tmp_path / "site.zip"

    call_command("backup", str(archive), verbosity=0)
    empty_the_database()
    with override_settings(MEDIA_ROOT=str(tmp_path / "elsewhere")):
        call_command("restore", str(archive), verbosity=0)
        after_pages = snapshot(secret)
        after_files = files_under(tmp_path / "elsewhere")

    assert len(before_files) == 3  # two pieces of evidence and the signed minutes
    assert after_files == before_files
    # Every address answered (but the members-only file, to the public), so
    # the comparison below is of real pages.
    draft = Evidence.objects.get(is_public=False).pk
    refused = {page for page, body in before_pages.items() if not body.startswith(b"200")}
    assert refused == {f"public /evidence/{draft}/"}
    for page, body in before_pages.items():
        assert after_pages[page] == body, page
    # New rows get new ids, not those of restored rows.
    assert make_network("Red Nueva", "red-nueva").pk > newest[Network]
    assert (
        Evidence.objects.create(
            product=Evidence.objects.get(pk=newest[Evidence]).product,
            title="x",
            url="https://e.org",
        ).pk
        > newest[Evidence]
    )


@pytest.mark.django_db(transaction=True)
def test_the_manifest_counts_every_table_and_sums_every_member(tmp_path, media):
    build_site()
    archive = tmp_path / "site.zip"

    call_command("backup", str(archive), verbosity=0)

    manifest = manifest_of(archive)
    counts = {table["model"]: table["rows"] for table in manifest["models"]}
    assert counts["tracking.progressupdate"] == ProgressUpdate.objects.count() == 2
    assert counts["tracking.historicalactivity"] > counts["plans.activity"]
    assert counts["api.apitoken"] == 1
    assert counts["governance.meeting_products"] == 1
    assert "sessions.session" not in counts
    assert manifest["engine"] == connection.vendor
    assert manifest["migrations"]["plans"][-1] == latest_migration("plans")
    with zipfile.ZipFile(archive) as opened:
        names = set(opened.namelist()) - {"manifest.json"}
        assert names == set(manifest["members"])
        for name in names:
            assert (
                hashlib.sha256(opened.read(name)).hexdigest()
                == (manifest["members"][name]["sha256"])
            )
        token_rows = opened.read("data/api.apitoken.jsonl").decode()
    assert ApiToken.objects.get().key_hash in token_rows


@pytest.mark.django_db(transaction=True)
def test_an_api_token_works_again_after_a_restore(small_archive, tmp_path):
    # small_archive has no token: make a site with one, back it up, restore.
    call_command("restore", str(small_archive), verbosity=0)
    user = get_user_model().objects.create_user("sara", "sara@example.org", None)
    _token, secret = ApiToken.issue(user, "script")
    archive = tmp_path / "with-token.zip"
    call_command("backup", str(archive), verbosity=0)
    empty_the_database()

    call_command("restore", str(archive), verbosity=0)

    assert ApiToken.authenticate(secret).user.username == "sara"


# ---------------------------------------------------------------------------
# Refusals: nothing is written.


@pytest.mark.django_db(transaction=True)
def test_a_restore_into_a_database_holding_data_is_refused(small_archive):
    make_network("Red Viva", "red-viva")

    with pytest.raises(CommandError, match=r"not empty \(plans\.network has rows\)"):
        call_command("restore", str(small_archive), verbosity=0)

    assert list(Network.objects.values_list("slug", flat=True)) == ["red-viva"]


@pytest.mark.django_db(transaction=True)
def test_an_altered_member_is_refused_before_anything_is_written(small_archive, media):
    rewrite(
        small_archive,
        "data/plans.activity.jsonl",
        lambda rows: rows.replace(b"Quinto", b"Sexto"),
        fix_sum=False,
    )

    with pytest.raises(CommandError, match=r"data/plans\.activity\.jsonl does not match its"):
        call_command("restore", str(small_archive), verbosity=0)

    assert not Network.objects.exists()
    assert not media.exists() or files_under(media) == {}


@pytest.mark.django_db(transaction=True)
def test_an_archive_made_at_another_migration_state_is_refused(small_archive):
    def older(manifest: bytes) -> bytes:
        loaded = json.loads(manifest)
        loaded["migrations"]["plans"] = loaded["migrations"]["plans"][:-1]
        return json.dumps(loaded).encode()

    rewrite(small_archive, "manifest.json", older, fix_sum=False)

    with pytest.raises(CommandError, match="made at another migration state: app plans"):
        call_command("restore", str(small_archive), verbosity=0)
    assert not Network.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_member_added_to_the_archive_is_refused(small_archive):
    with zipfile.ZipFile(small_archive, "a") as opened:
        opened.writestr("media/evidence/extra.pdf", b"%PDF-1.4")

    with pytest.raises(CommandError, match=r"media/evidence/extra\.pdf is in the archive but not"):
        call_command("restore", str(small_archive), verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_stored_file_that_would_land_outside_media_root_is_refused(small_archive, tmp_path):
    with zipfile.ZipFile(small_archive, "a") as opened:
        opened.writestr("media/../escaped.txt", b"out")
    manifest = manifest_of(small_archive)
    manifest["members"]["media/../escaped.txt"] = {
        "sha256": hashlib.sha256(b"out").hexdigest(),
        "size": 3,
    }
    rewrite(small_archive, "manifest.json", lambda _m: json.dumps(manifest).encode(), fix_sum=False)

    with pytest.raises(CommandError, match="not a file name that can be restored"):
        call_command("restore", str(small_archive), verbosity=0)
    assert not (tmp_path / "escaped.txt").exists()
    assert not Network.objects.exists()


def test_a_file_that_is_not_a_backup_gets_one_line_and_no_traceback(tmp_path):
    plan = tmp_path / "plan.zip"
    plan.write_text("no es un archivo zip")

    done = subprocess.run(
        [sys.executable, "-m", "planea", "restore", str(plan)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}"},
        timeout=60,
    )

    assert done.returncode == 1
    assert done.stderr.strip().splitlines() == [
        f"CommandError: {plan}: not a Planea backup: not a zip archive. Nothing was restored."
    ]


def test_a_backup_is_not_written_over_an_existing_file(tmp_path):
    earlier = tmp_path / "earlier.zip"
    earlier.write_bytes(b"an earlier backup")

    with pytest.raises(CommandError, match="already exists: choose another name, or --force"):
        call_command("backup", str(earlier), verbosity=0)
    assert earlier.read_bytes() == b"an earlier backup"


# ---------------------------------------------------------------------------
# NUL characters, consistency.


@pytest.mark.django_db(transaction=True)
def test_nul_characters_are_removed_on_restore_and_counted(small_archive, capsys):
    def with_nul(rows: bytes) -> bytes:
        return rows.replace(b"Quinto taller", b"Quinto\\u0000 taller\\u0000", 1)

    rewrite(small_archive, "data/plans.activity.jsonl", with_nul, fix_sum=True)

    call_command("restore", str(small_archive))

    assert Network.objects.count() == 1
    title = small_plan().activities[0].title
    assert title.startswith("Quinto taller")
    from planea.plans.models import Activity

    assert Activity.objects.get(key="1.1.i").title == title
    assert "Removed 2 NUL characters from 1 text values" in capsys.readouterr().err


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_write_made_during_a_backup_is_wholly_in_it_or_not_at_all(tmp_path, media, monkeypatch):
    """A user and their membership written together while the backup is
    between the memberships table (read) and the users table (not yet)."""
    from planea.ops import archive

    network = make_network()
    real_columns = archive.columns
    written = threading.Event()

    def write_meanwhile() -> None:
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user("tardio", "t@example.org", None)
                Membership.objects.create(user=user, network=network, role=Role.VIEWER)
            written.set()
        finally:
            connection.close()

    def columns(model):
        if model._meta.label_lower == "auth.group" and not written.is_set():
            writer = threading.Thread(target=write_meanwhile)
            writer.start()
            writer.join(30)
        return real_columns(model)

    monkeypatch.setattr(archive, "columns", columns)
    backup = tmp_path / "during.zip"

    call_command("backup", str(backup), verbosity=0)

    assert written.is_set()
    assert get_user_model().objects.filter(username="tardio").exists()
    with zipfile.ZipFile(backup) as opened:
        users = opened.read("data/auth.user.jsonl").decode()
    assert "tardio" not in users
