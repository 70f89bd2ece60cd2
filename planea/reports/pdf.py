"""The annual report as PDF: WeasyPrint, from the web page's own template.

Offline by construction: the only resource the page names is the report's
stylesheet, a static file that `_StaticFiles` reads from disk; charts are
inline SVG, fonts the system's. Any other address is refused rather than
fetched, so making a PDF never waits on, nor leaks to, the network.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from weasyprint import HTML
from weasyprint.document import Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from . import html
from .data import AnnualReport


def base_url() -> str:
    """The site's address: links the page makes relative point to the site
    in the PDF, and "/static/…" is read from disk by `_StaticFiles`."""
    return settings.SITE_URL.rstrip("/") + "/"


def _static_file(name: str) -> str | None:
    """Where a static file is on disk: collected (under its hashed name), or
    beside the code."""
    try:
        if staticfiles_storage.exists(name):
            return staticfiles_storage.path(name)
    except NotImplementedError:  # a storage with no local files
        pass
    return finders.find(name)


class _StaticFiles(URLFetcher):
    """Serves our static files from disk, and `data:` addresses; nothing else."""

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        if url.startswith("data:"):  # the charts, inside the page
            return super().fetch(url, headers)
        path = url.removeprefix(base_url().rstrip("/"))
        if path.startswith(settings.STATIC_URL):
            found = _static_file(path.removeprefix(settings.STATIC_URL).split("?")[0])
            if found:
                with open(found, "rb") as handle:
                    body = handle.read()
                kind = "text/css" if found.endswith(".css") else "application/octet-stream"
                return URLFetcherResponse(url, body, {"Content-Type": kind})
        raise ValueError(f"{url}: the report fetches nothing from the network")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector held off while WeasyPrint works.

    A long report keeps millions of boxes alive until its PDF is written,
    and each of the collector's full passes walks all of them, however
    few are garbage: a quarter of the time of a 2,000-activity report
    (bench/report.py). What WeasyPrint leaves is freed by reference
    counting as it goes; cycles wait for the collector's next pass."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def layout(page: str) -> Document:
    """The page laid out in pages by WeasyPrint: its styles, boxes and
    page breaks, the most of a PDF's time."""
    with _collector_paused():
        return HTML(string=page, base_url=base_url(), url_fetcher=_StaticFiles()).render()


def write(document: Document) -> bytes:
    """The laid-out pages drawn and written as a PDF file."""
    with _collector_paused():
        return document.write_pdf()


def render(report: AnnualReport) -> bytes:
    """The report as a PDF document; its title, author and language are the
    page's `<title>`, `<meta name="author">` and `<html lang>`."""
    return write(layout(html.render(report, for_pdf=True)))
