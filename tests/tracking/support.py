"""What the tracking tests share: the network's people, and documents to upload.

The people of "Red Demo" (see tests/base.py for the plan):
- Sara runs the Technical Secretariat;
- Carlos sits on the Executive Committee;
- Cora coordinates the working group on public software, which leads 1.1.i;
- Omar coordinates the working group on measurement, which leads 2.1.i;
- Vera reads, as a Viewer;
- Bruno, the public, is never logged in.
"""

from __future__ import annotations

import io
import shutil
import tempfile
import zipfile

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from planea.accounts.models import Membership, Role
from planea.plans.models import Organisation
from tests.base import PlanTestCase

PASSWORD = "a long passphrase for the tests"


def make_user(username: str, first: str, last: str):
    return get_user_model().objects.create_user(
        username,
        f"{username}@example.org",
        PASSWORD,
        first_name=first,
        last_name=last,
    )


def member(user, network, role: str, organisation: Organisation | None = None):
    Membership.objects.create(user=user, network=network, role=role, organisation=organisation)
    return user


def organisation(network, name: str) -> Organisation:
    return Organisation.objects.with_key(name).get(network=network)


class TrackingTestCase(PlanTestCase):
    """The small plan of 2017 with its people, and uploads kept in a
    temporary directory."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        net = cls.network
        cls.sara = member(make_user("trk-sara", "Sara", "Secretaría"), net, Role.SECRETARIAT)
        cls.carlos = member(make_user("trk-carlos", "Carlos", "Comité"), net, Role.COMMITTEE)
        cls.cora = member(
            make_user("trk-cora", "Cora", "Software"),
            net,
            Role.COORDINATOR,
            organisation(net, "Grupo de Trabajo en software público"),
        )
        cls.omar = member(
            make_user("trk-omar", "Omar", "Medición"),
            net,
            Role.COORDINATOR,
            organisation(net, "Grupo de trabajo en medición"),
        )
        cls.vera = member(make_user("trk-vera", "Vera", "Lectora"), net, Role.VIEWER)

    def setUp(self) -> None:
        super().setUp()
        # Each test its own media root: what a test stores, or fails to
        # remove, is seen by that test alone.
        self.media_root = tempfile.mkdtemp(prefix="planea-media-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media_root)
        media.enable()
        self.addCleanup(media.disable)

    def as_user(self, user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    def people(self) -> dict:
        return {
            "secretariat": self.sara,
            "committee": self.carlos,
            "coordinator": self.cora,
            "other_coordinator": self.omar,
            "viewer": self.vera,
            "anonymous": None,
        }

    def stored_files(self) -> list[str]:
        import os

        found = []
        for root, _dirs, files in os.walk(self.media_root):
            found.extend(os.path.join(root, name) for name in files)
        return sorted(found)


# ---------------------------------------------------------------------------
# Documents, made here rather than kept as binary fixtures.


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Relatoría del intercambio")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Participantes"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def odt_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        # The mimetype entry comes first and uncompressed, as ODF requires.
        archive.writestr(
            zipfile.ZipInfo("mimetype"),
            "application/vnd.oasis.opendocument.text",
            compress_type=zipfile.ZIP_STORED,
        )
        archive.writestr(
            "content.xml",
            '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
            'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>',
        )
        archive.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
    return out.getvalue()


def image_bytes(kind: str) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), (11, 79, 138)).save(out, format=kind)
    return out.getvalue()


def exe_bytes() -> bytes:
    """The start of a Windows program: "MZ", then a PE header."""
    header = bytearray(b"MZ" + b"\x90\x00" + b"\x00" * 56)
    header[0x3C:0x40] = (64).to_bytes(4, "little")
    return bytes(header) + b"PE\x00\x00" + b"\x00" * 200


def html_bytes() -> bytes:
    return b"<!doctype html><html><body><script>alert('pwned')</script></body></html>"


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    """A file as a browser sends it: the name and type the browser claims."""
    return SimpleUploadedFile(name, content, content_type=content_type)


def admin_form_data(response) -> dict:
    """What the admin's change form would post back untouched: the main
    form's and every inline's initial values, with the management forms."""
    data: dict = {}

    def put(form) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None or value is False:
                continue
            if value is True:
                data[key] = "on"
            elif isinstance(value, list | tuple):
                data[key] = [str(v) for v in value]
            elif hasattr(value, "pk"):
                data[key] = str(value.pk)
            elif field.widget.__class__.__name__ == "JSONField":
                data[key] = value
            else:
                data[key] = str(value) if not isinstance(value, str) else value

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form)
        for form in formset.forms:
            put(form)
    return data
