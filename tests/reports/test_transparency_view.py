"""The network's transparency page, its embeddable summary, its Atom feed and
the open-data downloads: public plans only, public evidence only, the same
for a member as for the public; the summary alone may be framed by others."""

from __future__ import annotations

import io
import zipfile

from django.urls import resolve
from lxml import etree

from planea.plans.models import Area, Plan
from planea.tracking.models import Evidence
from tests.base import make_network

from .opendata_support import fund
from .support import PRIVATE_FILE_TITLE, PUBLIC_FILE_TITLE, D, DemoTestCase

ATOM = "{http://www.w3.org/2005/Atom}"
DRAFT_TITLE = "Plan de trabajo 2018, borrador del Comité"
DRAFT_EVIDENCE = "Nota del borrador 2018"


class TransparencyTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        fund(cls.plan)
        # A draft for the next year, with public-looking evidence of its own:
        # none of it may show before the Assembly adopts the plan.
        draft = Plan.objects.create(
            network=cls.network, year=2018, title=DRAFT_TITLE, status=Plan.Status.DRAFT
        )
        area = Area.objects.create(plan=draft, number=1, title="Área", order=0)
        activity = draft.activities.create(area=area, key="1.1.i", period="S1", title="Algo")
        product = activity.products.create(description="Un producto")
        Evidence.objects.create(
            product=product, title=DRAFT_EVIDENCE, date=D(2017, 9, 1), url="https://example.org/b"
        )

    def get(self, path: str, person=None):
        response = self.client_for(person).get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    def page(self, person=None) -> str:
        return self.get(f"/{self.network.slug}/transparency/", person).content.decode()

    def test_the_page_shows_the_adopted_plan_at_a_glance(self):
        page = self.page()

        assert self.plan.title in page
        assert "44" in page
        assert "Proyecto BPR/BID" in page and "15\xa0000,00 USD" in page
        assert "Trabajo voluntario de los países" in page
        assert PUBLIC_FILE_TITLE in page and "Relatoría del taller" in page
        assert 'rel="license"' in page and "CC BY 4.0" in page

    def test_the_page_lists_every_download_of_the_plan_with_its_format(self):
        tree = etree.HTML(self.page())
        links = tree.xpath("//a[@data-download]/@href")

        # Each is fetched by the browser test (tests/browser/test_transparency.py).
        assert sorted({resolve(href).url_name for href in links}) == [
            "calendar",
            "datapackage",
            "export",
            "iati",
            "report",
        ]
        assert len(links) == 10
        formats = tree.xpath("//table[contains(@class, 'downloads-table')]//td[1]/text()")
        assert "IATI 2.03 (XML)" in formats and "Markdown" in formats

    def test_no_member_only_evidence_and_no_draft_even_for_a_member(self):
        for person in (None, self.vera, self.sofia):
            with self.subTest(person=person):
                page = self.page(person)
                assert PRIVATE_FILE_TITLE not in page
                assert DRAFT_TITLE not in page and DRAFT_EVIDENCE not in page
                assert "/2018/" not in page

    def test_the_embed_is_script_free_and_may_be_framed_by_any_site(self):
        response = self.get(f"/{self.network.slug}/transparency/embed/")
        page = response.content.decode()
        policy = response["Content-Security-Policy"]

        assert "X-Frame-Options" not in response
        assert "frame-ancestors *" in policy
        assert "<script" not in page and "on" + "load=" not in page
        assert self.plan.title in page
        assert PRIVATE_FILE_TITLE not in page and DRAFT_TITLE not in page

    def test_every_other_page_still_refuses_to_be_framed(self):
        for path in (f"/{self.network.slug}/transparency/", self.url("")):
            with self.subTest(path):
                response = self.get(path)
                assert response["X-Frame-Options"] == "DENY"
                assert "frame-ancestors 'none'" in response["Content-Security-Policy"]

    def test_the_page_offers_the_code_to_embed_its_summary(self):
        tree = etree.HTML(self.page())
        (code,) = tree.xpath("//textarea[@id='embed-code']/text()")

        assert code.startswith('<iframe src="http://testserver/red-gealc/transparency/embed/"')

    def test_the_feed_is_atom_with_progress_and_public_evidence_only(self):
        response = self.get(f"/{self.network.slug}/transparency/feed.atom", self.sofia)
        feed = etree.fromstring(response.content)
        titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]

        assert response["Content-Type"].startswith("application/atom+xml")
        assert any(PUBLIC_FILE_TITLE in t for t in titles)
        assert any(t.startswith("1.1.i ") for t in titles)
        assert not any(PRIVATE_FILE_TITLE in t or DRAFT_EVIDENCE in t for t in titles)
        assert DRAFT_TITLE.encode() not in response.content
        ids = [e.findtext(f"{ATOM}id") for e in feed.iter(f"{ATOM}entry")]
        assert len(ids) == len(set(ids)) and all(i.startswith("tag:testserver,") for i in ids)

    def test_open_data_of_a_draft_is_not_found_even_for_the_secretariat(self):
        for name in ("iati-activities.xml", "datapackage.zip"):
            with self.subTest(name):
                response = self.client_for(self.sofia).get(f"/{self.network.slug}/2018/{name}")
                assert response.status_code == 404

    def test_open_data_is_public_and_may_be_cached(self):
        iati = self.get(self.url("iati-activities.xml"))
        package = self.get(self.url("datapackage.zip"))

        assert iati["Content-Type"] == "application/xml"
        assert iati["Cache-Control"] == "public, max-age=3600"
        assert 'filename="red-gealc-2017-iati.xml"' in iati["Content-Disposition"]
        assert zipfile.ZipFile(io.BytesIO(package.content)).namelist()[0] == "datapackage.json"

    def test_the_network_page_and_the_plan_page_link_here(self):
        network = self.get(f"/{self.network.slug}/").content.decode()
        plan = self.get(self.url("")).content.decode()

        assert f'href="/{self.network.slug}/transparency/"' in network
        assert 'href="/red-gealc/2017/iati-activities.xml"' in plan
        assert 'href="/red-gealc/2017/datapackage.zip"' in plan
        assert "bajo la licencia CC BY 4.0" in plan

    def test_a_network_without_an_adopted_plan_says_so_everywhere(self):
        quiet = make_network("Red Nueva", "red-nueva")
        Plan.objects.create(network=quiet, year=2018, title=DRAFT_TITLE, status=Plan.Status.DRAFT)

        for path in ("transparency/", "transparency/embed/"):
            with self.subTest(path):
                page = self.get(f"/{quiet.slug}/{path}").content.decode()
                assert "Todavía no se ha publicado ningún plan." in page
                assert DRAFT_TITLE not in page
        feed = etree.fromstring(self.get(f"/{quiet.slug}/transparency/feed.atom").content)
        assert list(feed.iter(f"{ATOM}entry")) == []

    def test_an_unknown_network_is_not_found(self):
        for path in ("transparency/", "transparency/embed/", "transparency/feed.atom"):
            with self.subTest(path):
                assert self.client_for(None).get(f"/no-such-network/{path}").status_code == 404
