"""Bringing a plan document in from the browser: upload, preview, confirm.

Nothing is stored until the person confirms. Between the upload and the
confirmation the document waits in a folder of its own under
`MEDIA_ROOT/import-previews/`, named by a random token that only the
uploader's session knows, so that every app server behind a load balancer
finds it (MEDIA_ROOT is the storage they share) and no one else can guess
it. Each reading (one per set of hints) is kept there as plain JSON, ready
to render: reading a document takes seconds in a bounded child process, and
a preview is drawn again on every hint and every error of the form.

The folder goes on confirm, on cancel, on a failed import, and, for a
preview someone walked away from, the next time anyone starts a preview
(`sweep`): an abandoned preview leaves nothing behind.

The import itself is the command line's (`importer.import_plan`), and an
adopted plan goes through the life cycle's own verbs (`Plan.propose`,
`Plan.approve`), all in one transaction.

A large document (IMPORT_BACKGROUND_ACTIVITIES activities or more) is
stored by a worker instead: on confirm its folder moves to
`MEDIA_ROOT/import-jobs/` under an `ImportJob` (`hand_over`), and the
worker runs the same store (`run_job` → `store_pending`), then deletes it.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import filetype
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from planea import planfile
from planea.accounts import policy
from planea.accounts.policy import Action
from planea.core import uploads
from planea.planfile.bounded import read_bytes_bounded
from planea.planfile.readers import SUPPORTED
from planea.plans.importer import (
    PlanImportError,
    _spellings,
    check_document,
    clean_document,
    funding_names,
    import_plan,
    organisation_names,
)
from planea.plans.models import FundingSource, Network, Organisation, Plan, PlanStatus
from planea.plans.writing import products_for, unique_keys

from . import lifecycle
from .lifecycle import record
from .models import ImportJob, ImportState, Meeting, TransitionError

SESSION_KEY = "plan_imports"
# A preview older than this is taken for abandoned and swept away.
PREVIEW_MAX_AGE_SECONDS = 3600
LAYOUTS = ("coded", "outline", "table")
DOCUMENT = "document"
CHOICES = "choices.json"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
# Lines of the document shown around a warning's own line.
EXCERPT_BEFORE, EXCERPT_AFTER = 1, 1


class IntakeError(Exception):
    """The document cannot be brought in; `message` says why, translated."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def preview_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "import-previews"


# ---------------------------------------------------------------------------
# Hints: what the person tells the reader.


@dataclass(frozen=True)
class Hints:
    layout: str | None = None
    activity_level: str | None = None
    # field → header as written
    columns: dict[str, str] = field(default_factory=dict)

    def as_kwargs(self) -> dict[str, Any]:
        return {
            "layout": self.layout,
            "activity_level": self.activity_level,
            "columns": dict(self.columns),
        }

    def key(self) -> str:
        """A name for the reading these hints give, to keep it under."""
        text = json.dumps(self.as_kwargs(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


# ---------------------------------------------------------------------------
# The upload: checked by size and by content, then kept under a token.


def _text_like(head: bytes) -> bool:
    """Text in UTF-8, UTF-16 (with its byte order mark) or Windows-1252:
    no NUL byte outside UTF-16."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    return b"\x00" not in head


def check_upload(data: bytes) -> None:
    """Refuse (ValidationError) what is too big, empty, or by its content
    not a document the reader takes, whatever its name says."""
    limit = uploads.max_bytes()
    if len(data) > limit:
        raise ValidationError(
            _("The document is too big: up to %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_big",
        )
    if not data:
        raise ValidationError(_("The file is empty."), code="empty")
    head = data[: uploads.HEAD_BYTES]
    if head.startswith(b"%PDF"):
        return
    if head.startswith(b"PK\x03\x04"):
        _check_office(data)
        return
    kind = filetype.guess(head)
    if (kind is not None and kind.mime in uploads.PROGRAMS) or head.startswith(
        (b"MZ", b"\x7fELF", b"#!")
    ):
        raise ValidationError(
            _("This file is a program, not a plan document, whatever its name says."),
            code="program",
        )
    if kind is not None or not _text_like(head):
        raise ValidationError(_not_a_document(), code="wrong_type")


def _not_a_document() -> str:
    return _(
        "This file's content is not a document Planea reads as a plan (%(kinds)s), whatever "
        "its name says."
    ) % {"kinds": SUPPORTED}


def _check_office(data: bytes) -> None:
    if not uploads.checked_archive(data):
        raise ValidationError(_not_a_document(), code="wrong_type")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100].strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        raise ValidationError(_not_a_document(), code="wrong_type") from None
    office = "word/document.xml" in names or "xl/workbook.xml" in names
    if not office and not mimetype.startswith(b"application/vnd.oasis.opendocument."):
        raise ValidationError(_not_a_document(), code="wrong_type")


@dataclass(frozen=True)
class Pending:
    """A document waiting for its preview to be confirmed or cancelled."""

    token: str
    network_id: int
    filename: str
    folder: Path

    @property
    def document(self) -> Path:
        return self.folder / DOCUMENT

    def data(self) -> bytes:
        return self.document.read_bytes()


def sweep(max_age: float = PREVIEW_MAX_AGE_SECONDS, now: float | None = None) -> int:
    """Delete the previews nobody confirmed nor cancelled within `max_age`
    seconds; how many."""
    root = preview_root()
    if not root.is_dir():
        return 0
    now = time.time() if now is None else now
    swept = 0
    for folder in root.iterdir():
        try:
            stale = now - folder.stat().st_mtime > max_age
        except FileNotFoundError:  # swept by another worker meanwhile
            continue
        if stale:
            _remove(folder)
            swept += 1
    return swept


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def start(session: SessionBase, network: Network, data: bytes, filename: str) -> Pending:
    """Keep an uploaded document for its preview and read it once, without
    hints. Raises ValidationError for a file refused by size or content and
    IntakeError for one that is not a plan; in both cases nothing is kept."""
    sweep()
    check_upload(data)
    token = secrets.token_urlsafe(24)
    folder = preview_root() / token
    folder.mkdir(parents=True, mode=0o700)
    pending = Pending(token, network.pk, uploads.safe_name(filename), folder)
    try:
        pending.document.write_bytes(data)
        preview = reading(pending, network, Hints())
        if preview["error"]:
            raise IntakeError(preview["error"])
        _write_json(folder / CHOICES, _choices(data, pending.filename))
    except BaseException:
        _remove(folder)
        raise
    previews = dict(session.get(SESSION_KEY, {}))
    previews[token] = {"network": network.pk, "filename": pending.filename}
    session[SESSION_KEY] = previews
    return pending


def find(session: SessionBase, network: Network, token: str) -> Pending | None:
    """The session's pending document `token` for `network`, if it is still there."""
    entry = session.get(SESSION_KEY, {}).get(token)
    if not entry or entry.get("network") != network.pk or not TOKEN.match(token):
        return None
    folder = preview_root() / token
    if not (folder / DOCUMENT).is_file():
        return None
    return Pending(token, network.pk, entry.get("filename", ""), folder)


def discard(session: SessionBase, pending: Pending) -> None:
    """Forget the pending document and delete its folder."""
    _remove(pending.folder)
    previews = dict(session.get(SESSION_KEY, {}))
    if previews.pop(pending.token, None) is not None:
        session[SESSION_KEY] = previews


def _write_json(path: Path, data: Any) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _choices(data: bytes, filename: str) -> dict:
    # In-process: the bounded reading of the same bytes has just succeeded,
    # so the archive limits have passed and the document is known to read.
    choices = planfile.read_choices(data, filename)
    return {
        "levels": [list(level) for level in choices.levels],
        "headers": list(choices.headers),
        "fields": list(choices.fields),
        "lines": list(choices.lines),
    }


def choices(pending: Pending) -> dict:
    """The hints this document could take (levels with counts, table
    headers, fields) and its text lines."""
    return json.loads((pending.folder / CHOICES).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# A reading, as the preview shows it.


def read(pending: Pending, hints: Hints) -> planfile.Plan:
    """The document read with `hints`, cleaned as the importer cleans it.
    Raises PlanParseError."""
    parsed = read_bytes_bounded(pending.data(), pending.filename, **hints.as_kwargs())
    return clean_document(parsed)


def reading(pending: Pending, network: Network, hints: Hints) -> dict:
    """The plan as it would be stored, as plain data for the preview page,
    read once per set of hints and kept beside the document."""
    cached = pending.folder / f"reading-{hints.key()}.json"
    if cached.is_file():
        return json.loads(cached.read_text(encoding="utf-8"))
    try:
        parsed = read(pending, hints)
    except planfile.PlanParseError as exc:
        where = _(" (line %(line)s)") % {"line": exc.line} if exc.line else ""
        preview = {
            "error": _("The document cannot be read as a plan%(where)s: %(reason)s")
            % {"where": where, "reason": exc.message}
        }
    except (ValueError, UnicodeError, OSError):
        preview = {"error": _("The document cannot be read as a plan.")}
    else:
        preview = preview_data(parsed, network)
    _write_json(cached, preview)
    return preview


def preview_data(parsed: planfile.Plan, network: Network) -> dict:
    """What importing `parsed` into `network` would store, in the shapes
    the importer gives it: organisations and funding sources by key (the
    network's own spelling when it has one; those it lacks marked new),
    targets on the products that count them, struck items cancelled."""
    known_orgs = dict(Organisation.objects.filter(network=network).values_list("key", "name"))
    known_funding = dict(FundingSource.objects.filter(network=network).values_list("key", "name"))
    activities = parsed.activities
    org_names = {**_spellings(organisation_names(activities)), **known_orgs}
    funding = {**_spellings(funding_names(activities)), **known_funding}
    try:
        check_document(parsed)
        problem = ""
    except PlanImportError as exc:
        problem = exc.message
    areas = []
    for area in parsed.areas:
        areas.append(
            {
                "number": area.number,
                "title": area.title,
                "objective": area.objective or "",
                "line": area.line,
                "activities": [
                    _activity(activity, org_names, known_orgs, funding, known_funding)
                    for activity in area.activities
                ],
            }
        )
    return {
        "error": "",
        "problem": problem,
        "title": parsed.title,
        "year": parsed.year,
        "period": list(parsed.period) if parsed.period else None,
        "language": parsed.language,
        "layout": parsed.layout,
        "areas": areas,
        "count": len(activities),
        "warnings": [w.to_dict() for w in parsed.warnings],
    }


def _activity(activity, org_names, known_orgs, funding, known_funding) -> dict:
    products = products_for(0, activity)
    return {
        "code": activity.code,
        "key": activity.key,
        "title": activity.title,
        "period": activity.period,
        "location": activity.location,
        "starts": activity.starts.isoformat() if activity.starts else "",
        "due": activity.due.isoformat() if activity.due else "",
        "due_text": activity.due_text,
        "cancelled": activity.status == "cancelled",
        "line": activity.line,
        "leads": [
            {"name": org_names.get(key, key), "new": key not in known_orgs}
            for key in unique_keys(activity.leads)
        ],
        "funding": [
            {"name": funding.get(key, key), "new": key not in known_funding}
            for key in unique_keys(activity.resources)
        ],
        # Amounts the document states ("Proyecto BID (mínimo €10.000)").
        "contributions": [c.to_dict() for c in activity.contributions],
        "products": [
            {
                "description": product.description,
                "quantity": product.target_quantity,
                "unit": product.target_unit,
                "recurrence": product.recurrence,
            }
            for product in products
        ],
    }


def excerpts(warnings: list[dict], lines: list[str]) -> list[dict]:
    """Each warning with the document's lines around its own, numbered."""
    shown = []
    for warning in warnings:
        line = warning.get("line")
        excerpt = []
        if line and 1 <= line <= len(lines):
            first = max(1, line - EXCERPT_BEFORE)
            last = min(len(lines), line + EXCERPT_AFTER)
            excerpt = [
                {"number": n, "text": lines[n - 1], "own": n == line}
                for n in range(first, last + 1)
            ]
        shown.append({**warning, "excerpt": excerpt})
    return shown


# ---------------------------------------------------------------------------
# Confirming: one transaction, the importer and the life cycle's verbs.


def store(
    parsed: planfile.Plan,
    network: Network,
    user,
    *,
    status: str = PlanStatus.DRAFT,
    meeting=None,
    decision: str = "",
    source_name: str = "",
    replace: bool = False,
    progress=None,
) -> Plan:
    """Import `parsed` as a draft of `network` and, for `status` approved,
    take it through the life cycle's steps (proposed, then approved at
    `meeting`), all in one transaction: the page and `planea import` alike.
    Raises what the importer and the life cycle raise; nothing is stored then."""
    with transaction.atomic():
        plan = import_plan(
            parsed,
            network,
            replace=replace,
            progress=progress,
            source_name=source_name,
            status=PlanStatus.DRAFT,
        )
        # Who brought the plan in, and from which file, as rollover records it.
        record(plan, "", user, decision=_("Imported from %(name)s") % {"name": source_name})
        if status == PlanStatus.APPROVED:
            lifecycle.propose(plan, user, note=decision)
            lifecycle.approve(plan, meeting, user, decision)
    return plan


def confirm(
    session: SessionBase,
    pending: Pending,
    network: Network,
    user,
    hints: Hints,
    *,
    year: int,
    status: str = PlanStatus.DRAFT,
    meeting=None,
    decision: str = "",
) -> Plan:
    """Store the pending document, read with `hints`, as `network`'s plan
    for `year`: a draft, or approved at `meeting` (an Assembly's) through
    the same steps as on the plan's page (proposed, then approved). All or
    nothing; the pending document is gone afterwards, stored or not.
    Raises IntakeError (translated, one line) when nothing was stored."""
    try:
        return store_pending(
            pending,
            network,
            user,
            hints,
            year=year,
            status=status,
            meeting=meeting,
            decision=decision,
        )
    finally:
        discard(session, pending)


def store_pending(
    pending: Pending,
    network: Network,
    user,
    hints: Hints,
    *,
    year: int,
    status: str = PlanStatus.DRAFT,
    meeting=None,
    decision: str = "",
) -> Plan:
    """The store itself, whoever confirms: the page at once (`confirm`), or
    a worker for a large document (`run_job`). Leaves the document where it
    is. Raises IntakeError (translated, one line) when nothing was stored."""
    try:
        parsed = read(pending, hints)
        parsed.year = year
        plan = store(
            parsed,
            network,
            user,
            status=status,
            meeting=meeting,
            decision=decision,
            source_name=pending.filename,
        )
    except planfile.PlanParseError as exc:
        raise IntakeError(
            _("The document cannot be read as a plan%(where)s: %(reason)s")
            % {"where": "", "reason": exc.message}
        ) from None
    except PlanImportError as exc:
        raise IntakeError(exc.message) from None
    except TransitionError as exc:
        raise IntakeError(exc.message) from None
    except PermissionDenied:
        raise IntakeError(_("You may not record this plan as approved.")) from None
    return plan


# ---------------------------------------------------------------------------
# A large document: confirmed on the page, stored by a worker.


def job_root() -> Path:
    return Path(settings.MEDIA_ROOT) / "import-jobs"


def is_large(preview: dict) -> bool:
    """Whether storing the document the preview shows would keep the
    request waiting: IMPORT_BACKGROUND_ACTIVITIES activities or more."""
    return preview.get("count", 0) >= settings.IMPORT_BACKGROUND_ACTIVITIES


def hand_over(
    session: SessionBase,
    pending: Pending,
    network: Network,
    user,
    hints: Hints,
    *,
    year: int,
    status: str = PlanStatus.DRAFT,
    meeting=None,
    decision: str = "",
) -> ImportJob:
    """Turn the confirmed preview into an `ImportJob` for a worker: the
    document moves out of the previews (which `sweep` clears after an hour,
    however long the queue) into a folder of its own, and leaves the
    session, so it can no longer be confirmed nor cancelled twice."""
    folder = job_root() / pending.token
    folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    pending.folder.rename(folder)
    try:
        job = ImportJob.objects.create(
            network=network,
            uploaded_by=user,
            token=pending.token,
            filename=pending.filename,
            options={
                "year": year,
                "status": str(status),
                "meeting": meeting.pk if meeting is not None else None,
                "decision": decision,
                "hints": hints.as_kwargs(),
                "language": translation.get_language() or settings.LANGUAGE_CODE,
            },
        )
    except BaseException:
        _remove(folder)
        raise
    finally:
        discard(session, pending)
    return job


def abandon(job: ImportJob, error: str) -> None:
    """A job that will not run (its queue refused it): failed, its file gone."""
    ImportJob.objects.filter(pk=job.pk).update(
        state=ImportState.FAILED, error=error, finished=timezone.now()
    )
    _remove(job_root() / job.token)


def run_job(job_id: int) -> None:
    """Store job `job_id`'s document as its uploader would have on the page:
    the same store (`store_pending`), one transaction, the policy asked
    again (the uploader may have lost the role since). The job is claimed by
    moving it from queued to running, so a task delivered twice stores
    nothing twice. Its file is removed whatever happens; what the uploader
    is told is kept on the job, never a traceback."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportState.QUEUED).update(
        state=ImportState.RUNNING
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("network", "uploaded_by").get(pk=job_id)
    options = job.options
    folder = job_root() / job.token
    with translation.override(options.get("language") or settings.LANGUAGE_CODE):
        failure = _(
            "An unexpected error stopped the import. The site's administrators can see why."
        )
        try:
            plan = _store_job(job, folder)
        except IntakeError as refused:
            _finish(job, ImportState.FAILED, error=refused.message)
        except BaseException:
            _finish(job, ImportState.FAILED, error=failure)
            raise  # the task's result keeps the traceback, for the operator
        else:
            _finish(job, ImportState.DONE, plan=plan)
        finally:
            _remove(folder)


def _store_job(job: ImportJob, folder: Path) -> Plan:
    options = job.options
    user, network = job.uploaded_by, job.network
    approved = options["status"] == PlanStatus.APPROVED
    if not policy.can(user, Action.IMPORT_PLAN, network) or (
        approved and not policy.can(user, Action.IMPORT_APPROVED_PLAN, network)
    ):
        raise IntakeError(_("Your role in the network no longer lets you bring this plan in."))
    if not (folder / DOCUMENT).is_file():
        raise IntakeError(_("The document is no longer there."))
    meeting = None
    if options.get("meeting"):
        meeting = Meeting.objects.filter(pk=options["meeting"], network=network).first()
        if meeting is None:
            raise IntakeError(_("The meeting that approved the plan is no longer recorded."))
    return store_pending(
        Pending(job.token, network.pk, job.filename, folder),
        network,
        user,
        Hints(**options.get("hints", {})),
        year=options["year"],
        status=options["status"],
        meeting=meeting,
        decision=options.get("decision", ""),
    )


def _finish(job: ImportJob, state: str, *, plan: Plan | None = None, error: str = "") -> None:
    ImportJob.objects.filter(pk=job.pk).update(
        state=state, plan=plan, error=error, finished=timezone.now()
    )
