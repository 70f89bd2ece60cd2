"""Bruno downloads the demo plan's report and data, every format, from the
plan page, on a real browser."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The link's visible name, and what the downloaded file must be.
DOWNLOADS = [
    ("PDF", "red-gealc-2017-", ".pdf", lambda data: data.startswith(b"%PDF-")),
    ("DOCX", "red-gealc-2017-", ".docx", lambda data: "word/document.xml" in zipped(data)),
    ("HTML", "red-gealc-2017-", ".html", lambda data: data.lower().startswith(b"<!doctype html")),
    ("Markdown", "red-gealc-2017-", ".md", lambda data: data.startswith(b"# ")),
    ("CSV", "red-gealc-2017-", ".csv", lambda data: data.startswith(b"\xef\xbb\xbf")),
    ("XLSX", "red-gealc-2017-", ".xlsx", lambda data: "xl/workbook.xml" in zipped(data)),
    ("JSON", "red-gealc-2017-", ".json", lambda data: json.loads(data)["year"] == 2017),
    ("ICS", "red-gealc-2017-", ".ics", lambda data: data.startswith(b"BEGIN:VCALENDAR")),
]


def zipped(data: bytes) -> list[str]:
    return zipfile.ZipFile(io.BytesIO(data)).namelist()


def test_bruno_downloads_every_format_from_the_plan_page(demo, page, screenshot):
    from playwright.sync_api import expect

    page.goto(demo + "/red-gealc/2017/")
    downloads = page.get_by_role("region", name=re.compile("Descargar|Download"))
    expect(downloads).to_be_visible()
    downloads.scroll_into_view_if_needed()
    screenshot(page, "20-plan-downloads", full_page=False)

    for name, prefix, suffix, looks_right in DOWNLOADS:
        # The first of its name: the report's own PDF, before the PDFs of
        # the report in each language of the network.
        link = downloads.get_by_role("link", name=re.compile(name)).first
        # The PDF and Word are built when first asked for (a link, not a
        # download: until built the answer is a page), which on a busy
        # machine takes longer than the page's default wait.
        with page.expect_download(timeout=60_000) as started:
            link.click(no_wait_after=True)
        download = started.value
        assert download.failure() is None, name
        assert download.suggested_filename.startswith(prefix), download.suggested_filename
        assert download.suggested_filename.endswith(suffix), download.suggested_filename
        data = Path(download.path()).read_bytes()
        assert data, name
        assert looks_right(data), name


def test_bruno_reads_the_report_in_the_browser_and_it_prints(demo, page, screenshot):
    from playwright.sync_api import expect

    page.goto(demo + "/red-gealc/2017/")
    page.get_by_role("link", name=re.compile("annual report|informe anual", re.I)).first.click()

    expect(page).to_have_url(demo + "/red-gealc/2017/report.html")
    expect(page.get_by_role("heading", level=1)).to_contain_text("2017")
    # Status, products, timeline, and the demo's contributions in USD.
    expect(page.get_by_role("img")).to_have_count(4)
    for area in ("1. Mecanismo colaborativo de software público", "6. Otras actividades"):
        expect(page.get_by_role("heading", level=2, name=area)).to_be_visible()
    screenshot(page, "21-annual-report")
    page.emulate_media(media="print")
    expect(
        page.get_by_role("link", name=re.compile("Back to the plan|Volver al plan"))
    ).to_be_hidden()
