"""Bruno, never signed in, opens Red GEALC's transparency page from the
network's page, follows every download it lists, its feed and its
embeddable summary, and finds a members-only piece of evidence in none of
them, while the public one is there."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PRIVATE = "Lista de asistentes, solo para miembros"
PUBLIC = "Relatoría pública del taller regional"


def texts(data: bytes) -> str:
    """What a file says, whatever its format: a zip's members (DOCX, XLSX,
    the data package) one after another, a PDF's text layer, or the text."""
    if data.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "\n".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    if data.startswith(b"%PDF-"):
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8")


def _track_and_fund() -> None:
    from planea.plans.models import Activity, Contribution, FundingSource
    from planea.tracking.models import Evidence

    activity = Activity.objects.get(plan__year=2017, key="1.1.i")
    product = activity.products.order_by("order").first()
    Evidence.objects.create(
        product=product,
        title=PUBLIC,
        date=dt.date(2017, 4, 18),
        url="https://example.org/relatoria",
    )
    Evidence.objects.create(
        product=product,
        title=PRIVATE,
        date=dt.date(2017, 4, 19),
        url="https://example.org/asistentes",
        is_public=False,
    )
    Contribution.objects.create(
        activity=activity,
        source=FundingSource.objects.get(name="Proyecto BPR/BID"),
        kind="cash",
        stage="spent",
        amount=Decimal("12345.67"),
        currency="USD",
        period_end=dt.date(2017, 4, 20),
    )


def test_bruno_follows_every_download_of_the_transparency_page(demo, page, screenshot):
    from playwright.sync_api import expect

    _track_and_fund()
    page.goto(demo + "/red-gealc/")
    page.get_by_role("link", name=re.compile("Transparencia")).click()

    expect(page).to_have_url(demo + "/red-gealc/transparency/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Transparencia")
    expect(page.get_by_text(PUBLIC)).to_be_visible()
    expect(page.get_by_role("link", name="CC BY 4.0").first).to_be_visible()
    screenshot(page, "60-transparency")
    assert PRIVATE not in page.content()

    hrefs = page.eval_on_selector_all("a[data-download]", "links => links.map(a => a.href)")
    feed = page.get_by_role("link", name=re.compile("canal Atom")).get_attribute("href")
    assert len(hrefs) == 10
    followed = {}
    for href in [*hrefs, demo + feed]:
        response = page.request.get(href)
        assert response.ok, (href, response.status)
        said = texts(response.body())
        assert PRIVATE not in said, href
        followed[href.rsplit("/", 1)[-1]] = said
    assert PUBLIC in followed["iati-activities.xml"]
    assert PUBLIC in followed["datapackage.zip"] and "12345.67" in followed["datapackage.zip"]
    assert PUBLIC in followed["feed.atom"]

    page.goto(demo + "/red-gealc/transparency/embed/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2017")
    assert PRIVATE not in page.content()
    assert page.locator("script").count() == 0
    screenshot(page, "61-transparency-embed")
