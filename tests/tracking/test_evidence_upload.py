"""Adding evidence from the activity page: what is accepted, and every refusal."""

from __future__ import annotations

import os
from unittest import mock

import pytest
from django.conf import settings
from django.db import IntegrityError
from django.test import override_settings

from planea.plans.models import Activity, Product
from planea.tracking.models import Evidence
from tests.tracking.support import (
    TrackingTestCase,
    docx_bytes,
    exe_bytes,
    html_bytes,
    image_bytes,
    odt_bytes,
    pdf_bytes,
    upload,
    xlsx_bytes,
)


class EvidenceUploadTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        # Cora's group leads 1.1.i, whose one product counts once.
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.product = Product.objects.get(activity=self.activity)
        self.action = self.url(2017, "1.1.i", "evidence")
        self.cora_client = self.as_user(self.cora)

    def add(self, client=None, **data):
        fields = {
            "product": self.product.pk,
            "title": "Relatoría del taller",
            "date": "2017-04-20",
            "visibility": "public",
            **data,
        }
        return (client or self.cora_client).post(self.action, fields)

    def refused(self, response, message: str, status: int = 400) -> None:
        assert response.status_code == status
        self.assertContains(response, message, status_code=status)
        assert not Evidence.objects.exists()
        assert self.stored_files() == []

    # -- what is accepted

    def test_cora_uploads_a_report_and_the_product_counts_it(self):
        response = self.add(file=upload("Relatoría final.pdf", pdf_bytes()))

        assert response.status_code == 302
        assert response["Location"] == "/red-demo/2017/1.1.i/#evidence"
        evidence = Evidence.objects.get()
        assert (evidence.product, evidence.title, evidence.added_by) == (
            self.product,
            "Relatoría del taller",
            self.cora,
        )
        assert (evidence.content_type, evidence.original_name, evidence.is_public) == (
            "application/pdf",
            "Relatoría final.pdf",
            True,
        )
        assert evidence.size == len(pdf_bytes())
        # Stored under the media root, under a random name, never the uploader's.
        [path] = self.stored_files()
        assert path.startswith(self.media_root + os.sep)
        assert not path.startswith(str(settings.STATIC_ROOT))
        assert path.endswith(".pdf") and "Relator" not in path
        page = self.cora_client.get(response["Location"])
        self.assertContains(page, "Evidencia «Relatoría del taller» agregada")
        self.assertContains(
            page, '<span class="counter counter--complete">1 de 1</span>', html=True
        )
        self.assertContains(page, f'href="/evidence/{evidence.pk}/"')

    def test_every_accepted_kind_is_told_by_its_content(self):
        kinds = {
            "informe.docx": (docx_bytes(), "wordprocessingml.document", ".docx"),
            "asistentes.xlsx": (xlsx_bytes(), "spreadsheetml.sheet", ".xlsx"),
            "acta.odt": (odt_bytes(), "opendocument.text", ".odt"),
            "foto.png": (image_bytes("PNG"), "image/png", ".png"),
            "foto.jpg": (image_bytes("JPEG"), "image/jpeg", ".jpg"),
            # Named as something else: the content decides.
            "foto.pdf": (image_bytes("PNG"), "image/png", ".png"),
        }
        for name, (content, content_type, suffix) in kinds.items():
            with self.subTest(name):
                response = self.add(file=upload(name, content, "application/octet-stream"))

                assert response.status_code == 302, response.content.decode()[:2000]
                evidence = Evidence.objects.get(original_name=name)
                assert content_type in evidence.content_type
                assert evidence.file.name.endswith(suffix)

    def test_a_link_is_evidence_too(self):
        response = self.add(url="https://www.redgealc.org/relatoria-taller", visibility="members")

        assert response.status_code == 302
        evidence = Evidence.objects.get()
        assert (evidence.url, evidence.file.name, evidence.is_public) == (
            "https://www.redgealc.org/relatoria-taller",
            "",
            False,
        )
        assert self.stored_files() == []

    def test_recurring_minutes_count_toward_their_target(self):
        minutes = Product.objects.get(activity__key="1.3.i")
        secretariat = self.as_user(self.sara)
        for month in (2, 4, 6):
            response = secretariat.post(
                self.url(2017, "1.3.i", "evidence"),
                {
                    "product": minutes.pk,
                    "title": f"Acta de la reunión virtual de {month}/2017",
                    "date": f"2017-0{month}-15",
                    "url": f"https://actas.example.org/2017-{month}",
                    "visibility": "public",
                },
            )
            assert response.status_code == 302

        page = self.bruno.get(self.url(2017, "1.3.i"))

        self.assertContains(page, '<span class="counter">3 de 6</span> — cada 2 meses', html=False)

    # -- what is refused, with nothing saved and no file left behind

    @override_settings(EVIDENCE_MAX_BYTES=1000)
    def test_a_file_over_the_limit_is_refused(self):
        response = self.add(file=upload("grande.pdf", pdf_bytes() + b"\n%" + b"x" * 2000))

        self.refused(response, "El archivo es demasiado grande")

    @override_settings(EVIDENCE_MAX_BYTES=1000)
    def test_a_request_announcing_too_many_bytes_is_refused_before_it_is_read(self):
        with mock.patch("django.http.request.HttpRequest._load_post_and_files") as read:
            response = self.cora_client.post(
                self.action,
                {"title": "x"},
                CONTENT_LENGTH=str(10 * 1024 * 1024),
            )

        read.assert_not_called()
        self.refused(response, "El archivo es demasiado grande", status=413)
        assert response["Connection"] == "close"

    def test_a_web_page_called_report_pdf_is_refused(self):
        response = self.add(file=upload("report.pdf", html_bytes()))

        self.refused(response, "no es de ninguno de los tipos aceptados")

    def test_a_renamed_program_is_refused(self):
        response = self.add(file=upload("informe.pdf", exe_bytes()))

        self.refused(response, "Este archivo es un programa, no un documento")

    def test_a_damaged_pdf_is_refused(self):
        response = self.add(file=upload("roto.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50))

        self.refused(response, "parece PDF pero no se puede abrir")

    def test_an_empty_file_is_refused(self):
        response = self.add(file=upload("vacio.pdf", b""))

        self.refused(response, "El fichero enviado está vacío.")

    def test_a_file_and_a_link_together_are_refused(self):
        response = self.add(file=upload("acta.pdf", pdf_bytes()), url="https://example.org/acta")

        self.refused(response, "Indique un archivo o un enlace, no ambos")

    def test_neither_a_file_nor_a_link_is_refused(self):
        self.refused(self.add(), "Suba un archivo o indique un enlace.")

    def test_only_web_links_are_accepted(self):
        for url in ("javascript:alert(1)", "ftp://example.org/acta.pdf", "file:///etc/passwd"):
            with self.subTest(url):
                self.refused(self.add(url=url), "Introduzca una dirección web")

    def test_a_product_of_another_activity_is_refused(self):
        other = Product.objects.get(activity__key="1.3.i")

        response = self.add(product=other.pk, url="https://example.org/acta")

        self.refused(response, "Escoja una opción válida")

    def test_missing_fields_are_named(self):
        response = self.add(title="", date="", file=upload("acta.pdf", pdf_bytes()))

        self.refused(response, "Este campo es obligatorio.")
        self.assertContains(response, 'aria-invalid="true"', status_code=400)

    def test_a_database_failure_leaves_no_file_behind(self):
        with (
            mock.patch.object(Evidence, "save", side_effect=IntegrityError("refused")),
            pytest.raises(IntegrityError),
        ):
            self.add(file=upload("acta.pdf", pdf_bytes()))

        assert self.stored_files() == []
        assert not Evidence.objects.exists()

    # -- who may

    def test_only_the_secretariat_and_the_leads_coordinator_may_add_evidence(self):
        expected = {
            "secretariat": 302,
            "committee": 403,
            "coordinator": 302,
            "other_coordinator": 403,
            "viewer": 403,
            "anonymous": 403,
        }
        for role, user in self.people().items():
            with self.subTest(role=role):
                client = self.as_user(user)
                page = client.get(self.url(2017, "1.1.i"))

                response = self.add(client=client, url=f"https://example.org/{role}")

                assert response.status_code == expected[role], role
                has_form = 'id="evidence-form"' in page.content.decode()
                assert has_form is (expected[role] == 302), role
        assert Evidence.objects.count() == 2
