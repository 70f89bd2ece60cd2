"""The upload check on its own: kinds by content, names made safe."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile

from planea.core import uploads
from tests.tracking.support import docx_bytes, pdf_bytes


def check(content: bytes, name: str = "file.pdf"):
    return uploads.check_upload(io.BytesIO(content), name, len(content))


def test_a_pdf_is_a_pdf_whatever_its_name():
    checked = check(pdf_bytes(), "informe.exe")

    assert (checked.content_type, checked.extension) == ("application/pdf", "pdf")
    assert checked.storage_name == "evidence.pdf"


def test_a_zip_that_is_no_office_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("malware.js", "alert(1)")

    with pytest.raises(ValidationError) as refused:
        check(out.getvalue(), "informe.docx")

    assert refused.value.code == "wrong_type"


def test_an_archive_that_unpacks_to_gigabytes_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 10_000
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"0" * 5_000_000)
    assert len(out.getvalue()) < 10_000

    with pytest.raises(ValidationError) as refused:
        check(out.getvalue(), "bomba.docx")

    assert refused.value.code == "zip_bomb"


def test_a_docx_whose_parts_are_broken_is_refused():
    content = docx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, b"<not xml" if item.filename == "word/document.xml" else data)

    with pytest.raises(ValidationError) as refused:
        check(out.getvalue(), "roto.docx")

    assert refused.value.code == "damaged"


def test_scripts_and_programs_are_refused_by_their_first_bytes():
    for content in (b"#!/bin/sh\nrm -rf /\n", b"\x7fELF\x02\x01\x01" + b"\x00" * 100):
        with pytest.raises(ValidationError) as refused:
            check(content, "informe.pdf")
        assert refused.value.code == "program"


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\ana\\Acta 3.pdf", "Acta 3.pdf"),
        ("acta\r\n.pdf", "acta.pdf"),
        ("...", "evidence"),
        ("Relatoría.pdf", "Relatoría.pdf"),
    ],
)
def test_the_uploaders_name_is_kept_without_directories_or_control_characters(given, kept):
    assert uploads.safe_name(given) == kept


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("acta.pdf", "pdf", "acta.pdf"),
        ("foto.jpeg", "jpg", "foto.jpeg"),
        ("foto.JPG", "jpg", "foto.JPG"),
        ("report.pdf", "png", "report.pdf.png"),
        ("sin extension", "pdf", "sin extension.pdf"),
    ],
)
def test_a_download_is_named_for_what_it_is(name, extension, expected):
    assert uploads.download_name(name, extension) == expected


def test_a_body_is_too_big_only_beyond_the_limit_and_the_forms_overhead(settings):
    settings.EVIDENCE_MAX_BYTES = 1000

    assert not uploads.body_too_big("1000")
    assert not uploads.body_too_big(str(1000 + uploads.FORM_OVERHEAD_BYTES))
    assert uploads.body_too_big(str(1001 + uploads.FORM_OVERHEAD_BYTES))
    assert not uploads.body_too_big(None)
    assert not uploads.body_too_big("not a number")


class _Row:
    """Stands for a model row with a file field: `atomic_with_upload` needs
    only the field's file."""


@pytest.mark.django_db
def test_a_file_stored_in_a_block_that_fails_is_removed_and_one_held_before_is_kept(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    kept = storage.save("before.pdf", ContentFile(pdf_bytes()))
    field = type("Field", (), {"storage": storage, "attname": "file"})()
    stored = FieldFile(_Row(), field, kept)

    with pytest.raises(RuntimeError), uploads.atomic_with_upload(stored):
        stored.name = storage.save("new.pdf", ContentFile(pdf_bytes()))
        raise RuntimeError("the row did not land")

    assert sorted(p.name for p in tmp_path.iterdir()) == ["before.pdf"]

    with uploads.atomic_with_upload(stored):
        stored.name = storage.save("landed.pdf", ContentFile(pdf_bytes()))

    assert sorted(p.name for p in tmp_path.iterdir()) == ["before.pdf", "landed.pdf"]
