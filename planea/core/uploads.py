"""Checking an uploaded piece of evidence by what it is, not by what it is called.

A file's type is told by its content (the `filetype` library reads its
signature) and, where that is cheap, by opening it the way its program
would (pypdf, python-docx, openpyxl, Pillow): a renamed program or a web page
called report.pdf is refused, with a message that says why. The size is
checked too, against `settings.EVIDENCE_MAX_BYTES`.
"""

from __future__ import annotations

import contextlib
import io
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.fields.files import FieldFile
from django.http import FileResponse
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from planea.planfile.errors import PlanParseError
from planea.planfile.limits import LimitExceeded, check_archive

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT = "application/vnd.oasis.opendocument.text"
PNG = "image/png"
JPEG = "image/jpeg"
GIF = "image/gif"
WEBP = "image/webp"

# What evidence may be, by content type: the extension a stored file gets,
# and the name the upload form gives the kind.
ALLOWED: dict[str, tuple[str, str]] = {
    PDF: ("pdf", "PDF"),
    DOCX: ("docx", "Word (DOCX)"),
    XLSX: ("xlsx", "Excel (XLSX)"),
    ODT: ("odt", "OpenDocument (ODT)"),
    PNG: ("png", "PNG"),
    JPEG: ("jpg", "JPEG"),
    GIF: ("gif", "GIF"),
    WEBP: ("webp", "WEBP"),
}
# Extensions that name the same kind of file as the one stored.
SAME_KIND = {"jpeg": "jpg", "jpe": "jpg"}

# Programs and scripts, named so that the message says what was sent.
PROGRAMS = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-elf",
    "application/x-mach-binary",
    "application/x-sh",
    "application/x-shockwave-flash",
    "application/vnd.microsoft.portable-executable",
    "application/x-dosexec",
}

HEAD_BYTES = 8192
# Multipart framing and the form's other fields, on top of the file itself.
FORM_OVERHEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    extension: str
    size: int
    original_name: str

    @property
    def storage_name(self) -> str:
        """The name given to storage: only the extension counts, since
        `evidence_path` draws a random name."""
        return f"evidence.{self.extension}"


def allowed_kinds() -> str:
    """ "PDF, Word (DOCX), …" for help texts and messages."""
    return ", ".join(label for _ext, label in ALLOWED.values())


def max_bytes() -> int:
    return settings.EVIDENCE_MAX_BYTES


def too_big_message(size: int | None = None) -> str:
    limit = filesizeformat(max_bytes())
    if size is None:
        return _("The file is too big: evidence files may be up to %(limit)s.") % {"limit": limit}
    return _("The file is too big (%(size)s): evidence files may be up to %(limit)s.") % {
        "size": filesizeformat(size),
        "limit": limit,
    }


def body_too_big(content_length: str | None) -> bool:
    """Whether a request announcing `content_length` bytes cannot hold an
    acceptable upload, so that it can be refused before it is read."""
    try:
        length = int(content_length or 0)
    except ValueError:
        return False
    return length > max_bytes() + FORM_OVERHEAD_BYTES


def safe_name(name: str) -> str:
    """The uploader's file name, kept for display and for the download's
    Content-Disposition: no directories, no control characters."""
    name = PurePath(name.replace("\\", "/")).name
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip(" .")
    return name[:200] or "evidence"


@contextlib.contextmanager
def atomic_with_upload(stored: FieldFile) -> Iterator[None]:
    """A transaction in which a file is stored into `stored` (evidence, a
    meeting's signed minutes) along with its row: should the block fail, the
    file it stored is removed, since the row that would name it did not land.
    A file `stored` held before the block is left alone."""
    before = stored.name
    try:
        with transaction.atomic():
            yield
    except BaseException:
        if stored.name and stored.name != before:
            stored.storage.delete(stored.name)
        raise


def download_name(original_name: str, extension: str) -> str:
    """The name a download gets: the original one, with the extension of
    what the file really is ("report.pdf" that is a PNG comes down as
    "report.pdf.png", so that nothing opens it as a PDF)."""
    name = safe_name(original_name)
    suffix = PurePath(name).suffix.lower().lstrip(".")
    if SAME_KIND.get(suffix, suffix) == extension:
        return name
    return f"{name}.{extension}"


def check_upload(upload: IO[bytes], name: str, size: int) -> CheckedFile:
    """The checked kind of `upload`, or ValidationError saying why it is refused."""
    if size > max_bytes():
        raise ValidationError(too_big_message(size), code="too_big")
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else ""
    if content_type in (ODT, "application/zip", DOCX, XLSX) or head.startswith(b"PK\x03\x04"):
        content_type = _office_type(upload, size)
    elif content_type in PROGRAMS or head.startswith((b"MZ", b"\x7fELF", b"#!")):
        raise ValidationError(
            _(
                "This file is a program, not a document: it cannot be uploaded as evidence, "
                "whatever its name says."
            ),
            code="program",
        )
    if content_type not in ALLOWED:
        raise ValidationError(
            _(
                "This file's content is not one of the accepted kinds (%(kinds)s), whatever "
                "its name says. Save it as PDF, or give a link to it instead."
            )
            % {"kinds": allowed_kinds()},
            code="wrong_type",
        )
    _open(upload, content_type)
    upload.seek(0)
    return CheckedFile(
        content_type=content_type,
        extension=ALLOWED[content_type][0],
        size=size,
        original_name=safe_name(name),
    )


def checked_archive(data: bytes) -> bool:
    """Refuse (ValidationError) a ZIP container that would unpack past the
    limits; False for one that is not a readable archive at all."""
    try:
        check_archive(data)
    except LimitExceeded as exc:
        raise ValidationError(
            _("This file cannot be accepted safely (%(reason)s): it is refused.")
            % {"reason": exc.message},
            code="zip_bomb",
        ) from None
    except PlanParseError:
        return False
    return True


def _unreadable(label: str) -> ValidationError:
    return ValidationError(
        _("This file looks like %(kind)s but cannot be opened: it may be damaged.")
        % {"kind": label},
        code="damaged",
    )


def _office_type(upload: IO[bytes], size: int) -> str:
    """DOCX, XLSX or ODT, told by the archive's own table of contents.

    Office files are ZIP archives, and a tiny one can unpack to gigabytes:
    the archive passes the same limits as a plan document (planfile.limits:
    unpacked size, entries, ratio, XML depth and elements) before anything
    opens it. The upload is at most EVIDENCE_MAX_BYTES, read once here."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if not checked_archive(data):
        return ""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                return declared if declared == ODT else ""
            if "[Content_Types].xml" in names:
                if "word/document.xml" in names:
                    return DOCX
                if "xl/workbook.xml" in names:
                    return XLSX
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, EOFError):
        return ""
    return ""


def _open(upload: IO[bytes], content_type: str) -> None:
    """Open the file as its program would, cheaply; refuse it if that fails."""
    label = ALLOWED[content_type][1]
    upload.seek(0)
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            reader = PdfReader(upload)
            if reader.is_encrypted:
                # Encrypted with no password (permissions only) is common;
                # a document locked by a password is still a document.
                with contextlib.suppress(Exception):
                    reader.decrypt("")
            else:
                len(reader.pages)
        elif content_type == DOCX:
            import docx

            docx.Document(upload)
        elif content_type == XLSX:
            import openpyxl

            workbook = openpyxl.load_workbook(upload, read_only=True)
            workbook.sheetnames  # noqa: B018 - reading the workbook's index is the check
            workbook.close()
        elif content_type == ODT:
            with zipfile.ZipFile(upload) as archive:
                if "content.xml" not in archive.namelist():
                    raise _unreadable(label)
        else:
            from PIL import Image

            with Image.open(upload) as image:
                image.verify()
    except ValidationError:
        raise
    except Exception as exc:  # whatever the reader raises, the file is bad
        raise _unreadable(label) from exc
    finally:
        upload.seek(0)


def stored_file_response(
    stored, *, content_type: str, original_name: str, fallback_name: str, public: bool
) -> FileResponse:
    """A checked upload (evidence, signed minutes) served as an attachment.

    Its name is the original one with the extension of what the file really
    is; its type is the one found in its content; should anything render it
    anyway, it runs nothing and loads nothing; members-only files are never
    kept by a cache. Raises FileNotFoundError when storage has lost it.
    """
    handle = stored.open("rb")
    extension = ALLOWED.get(content_type, ("bin", ""))[0]
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=download_name(original_name or fallback_name, extension),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, max-age=0" if public else "private, no-store"
    return response


def evidence_response(evidence) -> FileResponse:
    return stored_file_response(
        evidence.file,
        content_type=evidence.content_type,
        original_name=evidence.original_name,
        fallback_name=evidence.title,
        public=evidence.is_public,
    )


def minutes_response(meeting) -> FileResponse:
    return stored_file_response(
        meeting.minutes_file,
        content_type=meeting.minutes_content_type,
        original_name=meeting.minutes_original_name,
        fallback_name=meeting.title,
        public=meeting.minutes_public,
    )
