"""Hostile files against every door: the web, the API and the command line.

The corpus is made here, with zipfile: office documents whose XML unpacks to
hundreds of megabytes, nests ten thousand levels or declares entities, JSON
nested 200,000 deep, targets of 10**30. Each must get a clear refusal (a 4xx
with a message, or one line and a non-zero status), never a server error or
a traceback, and never cost a worker its memory.
"""

from __future__ import annotations

import functools
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from planea import planfile
from planea.planfile import cli as parse_cli
from planea.planfile.bounded import TOO_COSTLY, read_bytes_bounded
from planea.planfile.limits import LimitExceeded, check_archive, check_nesting
from planea.plans.models import Network, Plan
from planea.tracking.models import Evidence
from tests.api.base import API, ApiTestCase
from tests.base import PersonasTestCase, small_plan
from tests.governance.support import set_status
from tests.tracking.support import TrackingTestCase, docx_bytes, odt_bytes, xlsx_bytes

MB = 1024 * 1024


# ---------------------------------------------------------------------------
# The corpus.


def _replace(archive: bytes, part: str, content: bytes, *, extra: dict | None = None) -> bytes:
    """`archive` with `part` replaced by `content` (deflated), and `extra` parts added."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(archive)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = content if item.filename == part else source.read(item)
            target.writestr(item.filename, data, compress_type=zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            target.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _word(body: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body>" + body + b"</w:body></w:document>"
    )


@functools.cache
def docx_bomb() -> bytes:
    """The issue's bomb: a small .docx whose document.xml is 120 MB of empty paragraphs."""
    return _replace(docx_bytes(), "word/document.xml", _word(b"<w:p/>" * (20 * MB)))


@functools.cache
def docx_deep() -> bytes:
    """Small, but its XML nests 50,000 levels: lxml and expat recurse on such trees."""
    return _replace(
        docx_bytes(), "word/document.xml", _word(b"<w:p>" * 50_000 + b"</w:p>" * 50_000)
    )


@functools.cache
def docx_entities() -> bytes:
    """Billion laughs: a document type declaring entities that expand each other."""
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b"]><w:document><w:body><w:p><w:t>&lol9;</w:t></w:p></w:body></w:document>"
    )
    return _replace(docx_bytes(), "word/document.xml", laughs)


@functools.cache
def xlsx_bomb() -> bytes:
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>" + b"<row/>" * (20 * MB) + b"</sheetData></worksheet>"
    )
    return _replace(xlsx_bytes(), "xl/worksheets/sheet1.xml", sheet)


@functools.cache
def odt_bomb() -> bytes:
    content = (
        b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0">'
        + b"<office:text/>" * (12 * MB)
        + b"</office:document-content>"
    )
    return _replace(odt_bytes(), "content.xml", content)


@functools.cache
def many_entries() -> bytes:
    return _replace(
        docx_bytes(), "", b"", extra={f"word/media/{i}.xml": b"<a/>" for i in range(2500)}
    )


BOMBS = {
    "bomba.docx": docx_bomb,
    "profundo.docx": docx_deep,
    "entidades.docx": docx_entities,
    "bomba.xlsx": xlsx_bomb,
    "bomba.odt": odt_bomb,
    "miles.docx": many_entries,
}


@functools.cache
def deep_json() -> bytes:
    return b"[" * 200_000 + b"]" * 200_000


def json_plan(quantity: int) -> bytes:
    """The small plan in the JSON plan format, its first target set to `quantity`."""
    document = small_plan().to_dict()
    for area in document["areas"]:
        for activity in area["activities"]:
            if activity.get("targets"):
                activity["targets"][0]["quantity"] = quantity
                return json.dumps(document).encode()
    raise AssertionError("the small plan has a target")


# ---------------------------------------------------------------------------
# The checks on their own.


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_every_bomb_of_the_corpus_is_refused_before_any_reader_opens_it(name):
    with pytest.raises(LimitExceeded) as refused:
        check_archive(BOMBS[name](), name)

    assert str(refused.value).startswith(f"{name}: ")


def test_a_large_but_legitimate_word_document_is_accepted():
    data = _large_word_document(20_000)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.getinfo("word/document.xml")
    # Big enough for the packing-ratio rule to look at it (over 1 MB), and
    # packed as well as text is.
    assert body.file_size > 1024 * 1024

    check_archive(data, "plan-grande.docx")  # no exception


def _large_word_document(paragraphs: int) -> bytes:
    """What python-docx writes for `paragraphs` paragraphs, made from the XML
    it writes for one: adding them one by one through python-docx takes half
    a minute, repeating its XML a fraction of a second."""
    import docx

    document = docx.Document()
    document.add_paragraph("PARAGRAPH")
    saved = io.BytesIO()
    document.save(saved)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                xml = data.decode()
                start = xml.rindex("<w:p>", 0, xml.index("PARAGRAPH"))
                end = xml.index("</w:p>", start) + len("</w:p>")
                one = xml[start:end]
                many = "".join(
                    one.replace(
                        "PARAGRAPH", f"Actividad {index}: taller regional de software público " * 3
                    )
                    for index in range(paragraphs)
                )
                data = (xml[:start] + many + xml[end:]).encode()
            target.writestr(entry, data)
    return out.getvalue()


def test_brackets_inside_json_strings_are_not_nesting():
    text = json.dumps({"title": "[" * 1000 + "{" * 1000, "notes": ['"]]]]\\"[[[["']})

    check_nesting(text)  # no exception


def test_deep_json_is_refused_by_its_depth():
    with pytest.raises(LimitExceeded, match="nests more than 256 levels"):
        check_nesting(deep_json().decode())


# ---------------------------------------------------------------------------
# The command line: one line, a non-zero status, no traceback.


def test_planea_parse_refuses_deep_json_in_one_line(tmp_path, capsys):
    path = tmp_path / "profundo.json"
    path.write_bytes(deep_json())

    assert parse_cli.main([str(path)]) == 2

    err = capsys.readouterr().err
    assert "nests more than 256 levels deep" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_planea_parse_refuses_a_number_of_thirty_digits(tmp_path, capsys):
    path = tmp_path / "enorme.json"
    path.write_bytes(json_plan(10**30))

    assert parse_cli.main([str(path)]) == 2

    assert "larger than any plan states" in capsys.readouterr().err


def _import(path: Path) -> str:
    # An import finds a network, never makes one.
    Network.objects.get_or_create(acronym="Red Hostil", slug="red-hostil", name="Red Hostil")
    with pytest.raises(CommandError) as refused:
        call_command("import", str(path), network="Red Hostil")
    return str(refused.value)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (deep_json, "nests more than 256 levels deep"),
        (lambda: json_plan(10**30), "larger than any plan states"),
        (lambda: json_plan(10**12), "is out of range (1 to 2,147,483,647)"),
    ],
    ids=["deep", "thirty-digits", "beyond-the-database"],
)
def test_planea_import_refuses_hostile_json_in_one_line_and_writes_nothing(
    tmp_path, content, message
):
    path = tmp_path / "plan.json"
    path.write_bytes(content())

    said = _import(path)

    assert message in said and "\n" not in said
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_planea_import_refuses_a_word_bomb_in_one_line(tmp_path):
    path = tmp_path / "bomba.docx"
    path.write_bytes(docx_bomb())

    said = _import(path)

    assert "decompression bomb" in said or "unpacks to" in said
    assert not Plan.objects.exists()


# ---------------------------------------------------------------------------
# The bounded reader.


def test_the_bounded_reader_reads_what_read_bytes_reads():
    document = planfile.render_text(small_plan()).encode()

    assert read_bytes_bounded(document, "plan.txt") == planfile.read_bytes(document, "plan.txt")


def test_the_bounded_reader_passes_a_parse_error_through():
    with pytest.raises(planfile.PlanParseError, match=r"unsupported file type \.xls"):
        read_bytes_bounded(b"hola", "plan.xls")


def _long_plan(activities: int) -> bytes:
    lines = ["PLAN ANUAL DE TRABAJO 2017", ""]
    for number in range(1, activities // 100 + 1):
        lines.append(f"ÁREA {number}: Área número {number}")
        for item in range(1, 101):
            lines += [
                f"{number}.1.{item} Actividad {number}.{item}",
                "Producto: Informe",
                "Liderazgo: Secretaría Técnica",
                "",
            ]
    return "\n".join(lines).encode()


def test_a_document_that_takes_too_long_is_stopped_with_a_message():
    with pytest.raises(planfile.PlanParseError) as refused:
        read_bytes_bounded(_long_plan(10_000), "plan.txt", seconds=1)

    assert refused.value.message == TOO_COSTLY


def test_a_document_that_needs_too_much_memory_is_stopped_with_a_message():
    with pytest.raises(planfile.PlanParseError) as refused:
        read_bytes_bounded(_long_plan(2_000), "plan.txt", memory_mb=60)

    assert refused.value.message == TOO_COSTLY


# ---------------------------------------------------------------------------
# The web and the API.


class WebAndApiRefuseTheCorpus(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.evidence_url = self.url(2017, "1.1.i", "evidence")
        self.product = self.plan.activities.get(key="1.1.i").products.get()

    def test_every_bomb_sent_as_evidence_is_refused_with_a_message(self):
        for name, make in BOMBS.items():
            with self.subTest(name):
                response = self.as_user(self.cora).post(
                    self.evidence_url,
                    {
                        "product": self.product.pk,
                        "title": "Relatoría",
                        "date": "2017-04-20",
                        "visibility": "public",
                        "file": SimpleUploadedFile(name, make()),
                    },
                )
                self.assertContains(response, "no se puede aceptar con seguridad", status_code=400)
        assert not Evidence.objects.exists()
        assert self.stored_files() == []


class AmendmentsRefuseTheCorpus(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        set_status(cls.plan, "in_execution")

    def test_every_bomb_sent_as_an_amendment_is_refused_with_a_message(self):
        unreadable = "El documento no se puede leer como plan"
        hostile = {
            **{name: (make, unreadable) for name, make in BOMBS.items() if name.endswith(".docx")},
            "profundo.json": (deep_json, "nests more than 256 levels deep"),
            "enorme.json": (lambda: json_plan(10**30), "larger than any plan states"),
            "fuera-de-rango.json": (lambda: json_plan(10**12), "fuera de rango"),
        }
        for name, (make, message) in hostile.items():
            with self.subTest(name):
                response = self.client_for(self.committee).post(
                    self.url(2017, "amendments", "new"),
                    {"document": SimpleUploadedFile(name, make())},
                )
                self.assertContains(response, message, status_code=400)
        assert not self.plan.versions.exists()


class ApiRefusesTheCorpus(ApiTestCase):
    def test_every_bomb_sent_to_the_api_is_refused_with_a_422_or_400_and_a_message(self):
        before = Evidence.objects.count()
        for name, make in BOMBS.items():
            with self.subTest(name):
                response = self.as_("coordinator").post(
                    f"{API}/products/{self.product.pk}/evidence",
                    {"title": "Relatoría", "file": SimpleUploadedFile(name, make())},
                )
                assert response.status_code == 422, response.content
                [refusal] = response.json()["detail"]
                assert refusal["field"] == "file" and "(" in refusal["message"]
        assert Evidence.objects.count() == before


# ---------------------------------------------------------------------------
# Memory: a bomb costs a worker next to nothing.

_MEASURE = """
import io, os, resource, sys
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planea.settings")
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from planea.governance.forms import AmendmentForm
from planea.core import uploads
from django.core.exceptions import ValidationError

bomb = open(sys.argv[1], "rb").read()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    uploads.check_upload(io.BytesIO(bomb), "bomba.docx", len(bomb))
    raise SystemExit("the evidence check accepted the bomb")
except ValidationError:
    pass
form = AmendmentForm({}, {"document": SimpleUploadedFile("bomba.docx", bomb)})
if form.is_valid():
    raise SystemExit("the amendment form accepted the bomb")
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print((after - before) // 1024)
"""


def test_a_bomb_upload_costs_the_worker_less_than_300_mb(tmp_path):
    """Measured in a process of its own (ru_maxrss is a process's peak), around
    what the evidence and amendment requests run on the upload."""
    bomb = tmp_path / "bomba.docx"
    bomb.write_bytes(docx_bomb())

    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(bomb)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[1],
        env={**os.environ},
        check=False,
    )

    assert done.returncode == 0, done.stderr + done.stdout
    grew_mb = int(done.stdout.strip().splitlines()[-1])
    print(f"peak memory grew by {grew_mb} MB around the bomb")
    assert grew_mb < 300
