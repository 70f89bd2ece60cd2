"""The world the API tests share: Red Demo's personas, each with a token.

On top of `PersonasTestCase` (the small plan of 2017, adopted, and one user
per role in "Red Demo"):
- a draft plan of 2018 in Red Demo, which only its Secretariat and
  Committee may read;
- "Red Otra", another network, whose Secretariat (`outsider`) is a member
  of another network as far as Red Demo is concerned;
- evidence on the product of 1.1.i: a public link, a members-only link, a
  public PDF and a members-only PNG (files in a temporary MEDIA_ROOT);
- a personal token for every persona, and a revoked one.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile

from django.test import Client, override_settings

from planea.api.models import ApiToken
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Plan, Product
from planea.tracking.models import Evidence
from tests.base import PersonasTestCase, make_network, make_personas, small_plan

API = "/api/v1"


def pdf_bytes() -> bytes:
    """A small, valid PDF of one blank page."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def png_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, format="PNG")
    return out.getvalue()


_MEDIA_ROOT = tempfile.mkdtemp(prefix="planea-api-tests-")


@override_settings(MEDIA_ROOT=_MEDIA_ROOT)
class ApiTestCase(PersonasTestCase):
    """Red Demo's personas with tokens, a draft plan, another network, evidence."""

    draft: Plan
    activity: Activity  # 1.1.i, led by the coordinator's working group
    other_activity: Activity  # 2.1.i, led by the other coordinator's
    draft_activity: Activity
    product: Product
    secrets: dict[str, str]

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.draft = import_plan(small_plan(2018), cls.network, source_name="plan-2018.txt")
        Plan.objects.filter(pk=cls.draft.pk).update(status=Plan.Status.DRAFT)
        cls.draft.refresh_from_db()
        cls.other_network = make_network("Red Otra", "red-otra")
        cls.outsider = make_personas(cls.other_network, prefix="x").secretariat

        cls.activity = cls.plan.activities.get(key="1.1.i")
        cls.other_activity = cls.plan.activities.get(key="2.1.i")
        cls.draft_activity = cls.draft.activities.get(key="1.1.i")
        cls.lead = cls.activity.leads.get()
        cls.product = cls.activity.products.get()
        cls.draft_product = cls.draft_activity.products.get()

        cls.public_link = Evidence.objects.create(
            product=cls.product, title="Relatoría pública", url="https://example.org/relatoria"
        )
        cls.private_link = Evidence.objects.create(
            product=cls.product,
            title="Acta interna",
            url="https://example.org/acta",
            is_public=False,
        )
        cls.public_file = cls.file_evidence(cls.product, "Informe.pdf", pdf_bytes(), public=True)
        cls.private_file = cls.file_evidence(cls.product, "foto.png", png_bytes(), public=False)
        cls.draft_evidence = Evidence.objects.create(
            product=cls.draft_product, title="Borrador", url="https://example.org/borrador"
        )

        cls.make_meetings()

        cls.personas = {
            "viewer": cls.viewer,
            "coordinator": cls.coordinator,
            "other_coordinator": cls.other_coordinator,
            "committee": cls.committee,
            "secretariat": cls.secretariat,
            "outsider": cls.outsider,
        }
        cls.secrets = {
            name: ApiToken.issue(user, "tests")[1] for name, user in cls.personas.items()
        }
        revoked, cls.secrets["revoked"] = ApiToken.issue(cls.secretariat, "old script")
        revoked.revoke()

    @classmethod
    def file_evidence(cls, product: Product, name: str, content: bytes, *, public: bool):
        from django.core.files.base import ContentFile

        from planea.core import uploads

        checked = uploads.check_upload(io.BytesIO(content), name, len(content))
        evidence = Evidence(
            product=product,
            title=name.rsplit(".", 1)[0],
            is_public=public,
            content_type=checked.content_type,
            size=checked.size,
            original_name=checked.original_name,
        )
        evidence.file.save(checked.storage_name, ContentFile(content), save=False)
        evidence.save()
        return evidence

    @classmethod
    def make_meetings(cls) -> None:
        """Two meetings of the Executive Committee: one with public minutes
        (text and a signed PDF), serving 1.1.i and the draft's 1.1.i; one
        with members-only minutes (a signed PDF)."""
        from django.core.files.base import ContentFile

        from planea.core import uploads
        from planea.governance.models import Meeting
        from tests.base import organisation

        committee = organisation(cls.network, "Comité Ejecutivo")
        cls.open_meeting = Meeting.objects.create(
            network=cls.network,
            organisation=committee,
            title="Reunión virtual de febrero",
            date=dt.date(2017, 2, 15),
            agenda="Plan del año.",
            minutes="Se acordó el calendario.",
            decisions="Aprobar el calendario.",
        )
        cls.open_meeting.activities.add(cls.activity, cls.draft_activity)
        cls.open_meeting.products.add(cls.product)
        cls.closed_meeting = Meeting.objects.create(
            network=cls.network,
            organisation=committee,
            title="Reunión reservada",
            date=dt.date(2017, 4, 15),
            minutes_public=False,
        )
        for meeting in (cls.open_meeting, cls.closed_meeting):
            content = pdf_bytes()
            checked = uploads.check_upload(io.BytesIO(content), "acta.pdf", len(content))
            meeting.minutes_content_type = checked.content_type
            meeting.minutes_size = checked.size
            meeting.minutes_original_name = checked.original_name
            meeting.minutes_file.save(checked.storage_name, ContentFile(content), save=False)
            meeting.save()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        shutil.rmtree(_MEDIA_ROOT, ignore_errors=True)

    def as_(self, persona: str | None) -> Client:
        """An API client holding `persona`'s token (the public's, for None)."""
        if persona in (None, "anonymous"):
            return Client()
        return Client(headers={"Authorization": f"Bearer {self.secrets[persona]}"})

    def get(self, path: str, persona: str | None = None, **query):
        return self.as_(persona).get(API + path, query)

    def post_json(self, path: str, body, persona: str | None = None):
        return self.as_(persona).post(API + path, body, content_type="application/json")

    def version_of(self, activity: Activity) -> int:
        return Activity.objects.values_list("version", flat=True).get(pk=activity.pk)
