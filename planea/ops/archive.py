"""A whole site in one zip archive: every table's rows and every stored file.

The archive holds

- `data/<app>.<model>.jsonl`: one JSON array per row, the columns in the
  order the manifest names them, values in a form both engines read back
  exactly (ISO dates and times to the microsecond, decimals as text, binary
  as base64). Raw rows rather than Django's fixtures: the audit trail's
  historical tables, API token hashes and many-to-many tables come back with
  the very ids they had, and no model's `save()` or signal runs on restore.
- `media/<path>`: every file under MEDIA_ROOT (evidence, signed minutes).
- `manifest.json`: the Planea version, the engine, when it was made, the
  migrations applied per app, the rows per model, and the SHA-256 and size
  of every other member.

Sessions are left out: they are bearer credentials, and a restored site
signs everyone in again anyway.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import shutil
import uuid
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.duration import duration_iso_string

import planea

FORMAT = "planea-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA_DIR = "data/"
MEDIA_DIR = "media/"
CHUNK = 1024 * 1024
BATCH = 500

# Bearer credentials worth nothing after a restore (see the module's docstring).
SKIPPED = frozenset({"sessions.session"})
# Rows `migrate` writes into every database. A restore replaces them with the
# archive's, so that every reference to a content type keeps its id.
MADE_BY_MIGRATE = ("auth.permission", "contenttypes.contenttype")


class BackupError(Exception):
    """Why a backup or a restore could not be made; one line, for the console."""


@dataclass
class BackupSummary:
    path: Path
    rows: int
    models: int
    files: int
    bytes: int
    missing_files: list[str] = field(default_factory=list)


@dataclass
class RestoreSummary:
    rows: int
    models: int
    files: int
    created_at: str
    engine: str
    planea_version: str
    nul_characters: int = 0
    nul_values: int = 0


# ---------------------------------------------------------------------------
# What is stored, and how values are written.


def stored_models() -> list[type[models.Model]]:
    """Every table Planea keeps, many-to-many tables included, by label."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        opts = model._meta
        if opts.proxy or not opts.managed or opts.swapped or opts.label_lower in SKIPPED:
            continue
        found.append(model)
    return sorted(found, key=lambda model: model._meta.label_lower)


def columns(model: type[models.Model]) -> list[models.Field]:
    """The table's own columns (a child table of multi-table inheritance
    holds only its own and the link to its parent's row)."""
    return list(model._meta.local_concrete_fields)


def _encode(value: Any) -> Any:
    """JSON for what the json module cannot write itself."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        # Full precision: Django's own encoder would drop the microseconds.
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_iso_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot store a {type(value).__name__} in a backup")


def _dump_row(values: Iterable[Any]) -> bytes:
    return (
        json.dumps(list(values), default=_encode, ensure_ascii=False, separators=(",", ":")) + "\n"
    ).encode("utf-8")


def applied_migrations(using: str = DEFAULT_DB_ALIAS) -> dict[str, list[str]]:
    """The migrations applied to the database, per app, in name order."""
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _media_files(root: Path) -> list[tuple[str, Path]]:
    """Every regular file under `root` (links are not followed), by its
    path relative to it."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((path.relative_to(root).as_posix(), path))
    return found


class _Hashing:
    """Writes to `out`, keeping the SHA-256 and size of what went through."""

    def __init__(self, out: IO[bytes]):
        self.out = out
        self.sha256 = hashlib.sha256()
        self.size = 0

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.sha256.update(data)
        self.size += len(data)

    def record(self) -> dict[str, Any]:
        return {"sha256": self.sha256.hexdigest(), "size": self.size}


# ---------------------------------------------------------------------------
# Backup.


def write_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Write the whole site to a zip archive at `path`.

    Every table is read in one transaction -- on PostgreSQL a REPEATABLE
    READ snapshot, on SQLite one read transaction over the WAL -- so a write
    made meanwhile is either wholly in the archive or not at all. Rows and
    files are streamed into the archive, never held in memory together. The
    archive is written beside `path` and renamed into place once complete,
    so a failed backup never leaves a file that looks like one."""
    partial = path.with_name(path.name + ".partial")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            summary = _write_members(archive, path, using)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary


def _write_members(archive: zipfile.ZipFile, path: Path, using: str) -> BackupSummary:
    connection = connections[using]
    members: dict[str, dict[str, Any]] = {}
    tables: list[dict[str, Any]] = []
    referenced: set[str] = set()
    # Inside a transaction already open (a test case) the isolation level
    # can no longer be chosen; that transaction is the snapshot then.
    outermost = not connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        migrations = applied_migrations(using)
        if not migrations:
            raise BackupError("this database is not migrated: there is nothing to back up")
        for model in stored_models():
            fields = columns(model)
            files = [i for i, f in enumerate(fields) if isinstance(f, models.FileField)]
            name = f"{DATA_DIR}{model._meta.label_lower}.jsonl"
            rows = 0
            with archive.open(_member(name), "w", force_zip64=True) as raw:
                out = _Hashing(raw)
                queryset = (
                    model._base_manager.using(using)
                    .order_by(model._meta.pk.attname)
                    .values_list(*(f.attname for f in fields))
                )
                for row in queryset.iterator(chunk_size=2000):
                    out.write(_dump_row(row))
                    referenced.update(row[i] for i in files if row[i])
                    rows += 1
            members[name] = out.record()
            tables.append(
                {
                    "model": model._meta.label_lower,
                    "table": model._meta.db_table,
                    "fields": [f.attname for f in fields],
                    "rows": rows,
                    "member": name,
                }
            )

    # Files are copied after the snapshot: one uploaded meanwhile is
    # harmless extra, one deleted meanwhile is reported below.
    root = Path(settings.MEDIA_ROOT)
    stored = _media_files(root) if root.is_dir() else []
    for relative, source in stored:
        name = MEDIA_DIR + relative
        with source.open("rb") as src, archive.open(_member(name), "w", force_zip64=True) as raw:
            out = _Hashing(raw)
            while chunk := src.read(CHUNK):
                out.write(chunk)
        members[name] = out.record()
    missing = sorted(referenced - {relative for relative, _source in stored})

    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "planea_version": planea.__version__,
        "created_at": timezone.now().isoformat(),
        "engine": connection.vendor,
        "migrations": migrations,
        "models": tables,
        "members": members,
        "missing_files": missing,
    }
    archive.writestr(_member(MANIFEST), json.dumps(manifest, indent=1, ensure_ascii=False))
    return BackupSummary(
        path=path,
        rows=sum(t["rows"] for t in tables),
        models=len(tables),
        files=len(stored),
        bytes=sum(m["size"] for m in members.values()),
        missing_files=missing,
    )


def _member(name: str) -> zipfile.ZipInfo:
    """A member dated now (zipfile would date it 1980), compressed."""
    info = zipfile.ZipInfo(name, date_time=dt.datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


# ---------------------------------------------------------------------------
# Restore.


def read_manifest(archive: zipfile.ZipFile) -> dict[str, Any]:
    try:
        with archive.open(MANIFEST) as raw:
            manifest = json.load(raw)
    except KeyError:
        raise BackupError("not a Planea backup: it has no manifest.json") from None
    except (ValueError, zipfile.BadZipFile) as exc:
        raise BackupError(f"not a Planea backup: its manifest cannot be read ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not a Planea backup: its manifest is of another kind")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"made in backup format {manifest.get('format_version')!r}; "
            f"this Planea reads format {FORMAT_VERSION}"
        )
    for key, kind in (("migrations", dict), ("models", list), ("members", dict)):
        if not isinstance(manifest.get(key), kind):
            raise BackupError(f"not a Planea backup: its manifest has no {key}")
    return manifest


def restore_backup(path: Path, *, using: str = DEFAULT_DB_ALIAS) -> RestoreSummary:
    """Load the archive at `path` into an empty, migrated database and its
    files into MEDIA_ROOT: everything, or nothing if anything is wrong.

    Checked before anything is written: the manifest, the migration state
    (the same migrations applied, app by app), the tables and their columns,
    that the database is empty, and the SHA-256 of every member."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BackupError("not a Planea backup: not a zip archive") from None
    with archive:
        manifest = read_manifest(archive)
        _check_migrations(manifest["migrations"], using)
        plan = _check_models(manifest["models"], manifest["members"])
        _check_empty(using)
        media = _check_members(archive, manifest["members"])
        targets = _check_media_root(media, manifest["members"])
        return _load(archive, manifest, plan, targets, using)


def _check_migrations(recorded: dict[str, list[str]], using: str) -> None:
    here = applied_migrations(using)
    if not here:
        raise BackupError("this database is not migrated: run `planea migrate` first")
    for app in sorted(set(recorded) | set(here)):
        theirs, ours = recorded.get(app, []), here.get(app, [])
        if sorted(theirs) != ours:
            raise BackupError(
                f"made at another migration state: app {app} has "
                f"{theirs[-1] if theirs else 'no migrations'} in the archive but "
                f"{ours[-1] if ours else 'no migrations'} here; "
                "restore with the Planea release that made it"
            )


def _check_models(
    tables: list[dict[str, Any]], members: dict[str, Any]
) -> list[tuple[type[models.Model], list[models.Field], str]]:
    """Each of the archive's tables with its model here, checked column by column."""
    ours = {model._meta.label_lower: model for model in stored_models()}
    plan = []
    for table in tables:
        label = table.get("model")
        model = ours.pop(label, None)
        if model is None:
            raise BackupError(f"holds rows of {label}, which this Planea does not have")
        fields = columns(model)
        if table.get("fields") != [f.attname for f in fields]:
            raise BackupError(f"the columns of {label} differ from this Planea's")
        if table.get("member") not in members:
            raise BackupError(f"the rows of {label} are not listed among its members")
        plan.append((model, fields, table["member"]))
    if ours:
        raise BackupError(f"holds no table for {', '.join(sorted(ours))}")
    return plan


def _check_empty(using: str) -> None:
    labels = [m._meta.label_lower for m in stored_models()] + sorted(SKIPPED)
    for label in labels:
        if label in MADE_BY_MIGRATE:
            continue
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        if model._base_manager.using(using).exists():
            raise BackupError(
                f"this database is not empty ({label} has rows): restore only into an "
                "empty database made by `planea migrate`"
            )


def _check_members(archive: zipfile.ZipFile, members: dict[str, Any]) -> list[str]:
    """Check every member's SHA-256 and size against the manifest; the media members."""
    present = {info.filename for info in archive.infolist()} - {MANIFEST}
    if unlisted := sorted(present - set(members)):
        raise BackupError(f"{unlisted[0]} is in the archive but not in its manifest")
    for name, expected in members.items():
        if name not in present:
            raise BackupError(f"{name} is in the manifest but not in the archive")
        digest, size = hashlib.sha256(), 0
        try:
            with archive.open(name) as raw:
                while chunk := raw.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
        except (zipfile.BadZipFile, OSError, EOFError) as exc:
            raise BackupError(f"{name} cannot be read: {exc}") from None
        if not isinstance(expected, dict) or (digest.hexdigest(), size) != (
            expected.get("sha256"),
            expected.get("size"),
        ):
            raise BackupError(f"{name} does not match its checksum: the archive was altered")
    return sorted(name for name in members if name.startswith(MEDIA_DIR))


def _check_media_root(media: list[str], members: dict[str, Any]) -> list[tuple[str, Path]]:
    """Where each stored file goes under MEDIA_ROOT. A name that would land
    outside it is refused; so is a different file already there."""
    root = Path(settings.MEDIA_ROOT).resolve()
    targets = []
    for name in media:
        relative = PurePosixPath(name[len(MEDIA_DIR) :])
        if (
            relative.is_absolute()
            or not relative.parts
            or any(part in ("", ".", "..") for part in relative.parts)
            or "\\" in str(relative)
            or "\x00" in str(relative)
        ):
            raise BackupError(f"{name}: not a file name that can be restored")
        target = root.joinpath(*relative.parts)
        # resolve(): a link inside MEDIA_ROOT must not lead a file out of it.
        if not target.resolve().is_relative_to(root):
            raise BackupError(f"{name}: would be restored outside MEDIA_ROOT")
        if target.exists() and _sha256(target) != members[name]["sha256"]:
            raise BackupError(
                f"{target} already exists with other content: restore into an empty MEDIA_ROOT"
            )
        targets.append((name, target))
    return targets


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass
class _Cleaner:
    """Strips NUL characters, which PostgreSQL cannot store in text but an
    older SQLite database may hold; counts what it cleaned."""

    characters: int = 0
    values: int = 0

    def clean(self, value: Any) -> Any:
        if isinstance(value, str):
            if "\x00" in value:
                self.characters += value.count("\x00")
                self.values += 1
                return value.replace("\x00", "")
            return value
        if isinstance(value, list):
            return [self.clean(item) for item in value]
        if isinstance(value, dict):
            return {self.clean(key): self.clean(item) for key, item in value.items()}
        return value


def _rows(
    archive: zipfile.ZipFile,
    member: str,
    model: type[models.Model],
    fields: list[models.Field],
    cleaner: _Cleaner,
) -> Iterator[models.Model]:
    names = [f.attname for f in fields]
    with archive.open(member) as raw:
        for number, line in enumerate(io.TextIOWrapper(raw, encoding="utf-8"), start=1):
            try:
                values = json.loads(line)
            except ValueError:
                raise BackupError(f"{member}: line {number} is not a row") from None
            if not isinstance(values, list) or len(values) != len(fields):
                raise BackupError(f"{member}: line {number} does not have {len(fields)} columns")
            try:
                decoded = [
                    None if value is None else f.to_python(cleaner.clean(value))
                    for f, value in zip(fields, values, strict=True)
                ]
            except Exception as exc:  # a ValidationError, ValueError, binascii.Error ...
                raise BackupError(f"{member}: line {number} cannot be read ({exc})") from None
            yield model(**dict(zip(names, decoded, strict=True)))


def _batches(objects: Iterator[models.Model], size: int) -> Iterator[list[models.Model]]:
    batch: list[models.Model] = []
    for obj in objects:
        batch.append(obj)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _insert(model: type[models.Model], fields: list[models.Field], rows, using: str) -> int:
    """Insert the rows as they are. A raw insert, as loaddata's: neither
    `auto_now` nor `auto_now_add` nor any `save()` or signal touches them,
    so the restored rows keep the dates they were recorded on."""
    manager = model._base_manager.using(using)
    size = max(min(BATCH, connections[using].ops.bulk_batch_size(fields, [None] * BATCH)), 1)
    count = 0
    for batch in _batches(rows, size):
        manager._insert(batch, fields=fields, using=using, raw=True)
        count += len(batch)
    return count


def _load(
    archive: zipfile.ZipFile,
    manifest: dict[str, Any],
    plan: list[tuple[type[models.Model], list[models.Field], str]],
    targets: list[tuple[str, Path]],
    using: str,
) -> RestoreSummary:
    from django.contrib.contenttypes.models import ContentType

    connection = connections[using]
    cleaner = _Cleaner()
    written: list[Path] = []  # files to remove again if the restore fails
    rows = 0
    try:
        with transaction.atomic(using=using):
            for label in MADE_BY_MIGRATE:
                apps.get_model(label)._base_manager.using(using).all().delete()
            # Foreign keys are checked at commit (both engines declare them
            # DEFERRABLE INITIALLY DEFERRED), so tables load in any order.
            for model, fields, member in plan:
                loaded = _rows(archive, member, model, fields, cleaner)
                rows += _insert(model, fields, loaded, using)
            # New rows must not collide with restored ids on PostgreSQL.
            reset = connection.ops.sequence_reset_sql(no_style(), [m for m, _f, _n in plan])
            if reset:
                with connection.cursor() as cursor:
                    for sql in reset:
                        cursor.execute(sql)
            for name, target in targets:
                if target.exists():
                    continue  # the same file, checked above
                target.parent.mkdir(parents=True, exist_ok=True)
                partial = target.with_name(target.name + ".restoring")
                written.append(partial)
                with archive.open(name) as source, partial.open("wb") as out:
                    shutil.copyfileobj(source, out, CHUNK)
                os.replace(partial, target)
                written.append(target)
    except BaseException as exc:
        for target in written:
            target.unlink(missing_ok=True)
        ContentType.objects.clear_cache()
        if isinstance(exc, DatabaseError | ValueError):
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            raise BackupError(f"the database refused the archive's rows ({first})") from None
        if isinstance(exc, OSError):
            raise BackupError(f"a file could not be restored ({exc})") from None
        raise
    ContentType.objects.clear_cache()
    # Cached answers (the API's public ones) must not outlive the data they
    # were made from.
    cache.clear()
    return RestoreSummary(
        rows=rows,
        models=len(plan),
        files=len(targets),
        created_at=str(manifest.get("created_at", "")),
        engine=str(manifest.get("engine", "")),
        planea_version=str(manifest.get("planea_version", "")),
        nul_characters=cleaner.characters,
        nul_values=cleaner.values,
    )
