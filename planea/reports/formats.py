"""The formats a plan can be downloaded in, for the web and the command line:
what each is called, its file name, its media type, and how it is made.

Reports (`REPORTS`) are made from an `AnnualReport`, which is what the
reader may see; exports (`EXPORTS`) from the plan itself, which anyone who
may read the plan may have whole (evidence is never in an export); open
data (`OPEN_DATA`: IATI, the data package) from what the public may read of
a public plan, public evidence included, whoever asks.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.text import slugify
from django.utils.translation import pgettext

from planea.plans.models import Plan

from .data import AnnualReport


@dataclass(frozen=True)
class Format:
    name: str  # as in the address and on the command line: "pdf"
    extension: str
    content_type: str
    # The word of the file name, as a callable so it is translated when used.
    word: Callable[[], str]

    def filename(self, network_slug: str, year: int) -> str:
        """ "red-gealc-2017-informe.pdf": ASCII, in the reader's language."""
        return f"{network_slug}-{year}-{slugify(self.word())}.{self.extension}"


def _report_word() -> str:
    return pgettext("file name", "report")


def _activities_word() -> str:
    return pgettext("file name", "activities")


def _plan_word() -> str:
    return pgettext("file name", "plan")


def _calendar_word() -> str:
    return pgettext("file name", "calendar")


def _iati_word() -> str:
    return "iati"


def _data_word() -> str:
    return pgettext("file name", "open-data")


REPORTS: dict[str, Format] = {
    "html": Format("html", "html", "text/html; charset=utf-8", _report_word),
    "pdf": Format("pdf", "pdf", "application/pdf", _report_word),
    "docx": Format(
        "docx",
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _report_word,
    ),
    "md": Format("md", "md", "text/markdown; charset=utf-8", _report_word),
}

EXPORTS: dict[str, Format] = {
    "csv": Format("csv", "csv", "text/csv; charset=utf-8", _activities_word),
    "xlsx": Format(
        "xlsx",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _activities_word,
    ),
    "json": Format("json", "json", "application/json", _plan_word),
    "ics": Format("ics", "ics", "text/calendar; charset=utf-8", _calendar_word),
}

# Open data: made from what the public may read of a public plan, whoever
# asks (planea.reports.opendata), so that they can be published as they are.
OPEN_DATA: dict[str, Format] = {
    "iati": Format("iati", "xml", "application/xml", _iati_word),
    "datapackage": Format("datapackage", "zip", "application/zip", _data_word),
}


# Each format's writer is imported when a document in that format is asked
# for, not before: WeasyPrint, python-docx, openpyxl and matplotlib take a
# second or more to load, which every command and every worker would pay.
def render_report(report: AnnualReport, name: str, *, standalone: bool = True) -> bytes:
    """The report in format `name`. An HTML report is `standalone` (its
    stylesheet inside) unless it is served by the site beside its CSS."""
    if name == "html":
        from . import html

        return html.render(report, standalone=standalone).encode("utf-8")
    if name == "pdf":
        from . import pdf

        return pdf.render(report)
    if name == "docx":
        from . import docx

        return docx.render(report)
    if name == "md":
        from . import markdown

        return markdown.render(report).encode("utf-8")
    raise KeyError(name)


def render_export(
    plan: Plan,
    name: str,
    *,
    base_url: str | None = None,
    now: dt.datetime | None = None,
    language: str | None = None,
) -> bytes:
    """An export; its plan texts in `language` (translated where recorded)
    when given, else the originals. The JSON is always the original."""
    from . import exports

    if name == "csv":
        return exports.to_csv(plan, base_url=base_url, language=language)
    if name == "xlsx":
        return exports.to_xlsx(plan, base_url=base_url, language=language)
    if name == "json":
        return exports.to_json(plan)
    if name == "ics":
        return exports.to_ics(plan, base_url=base_url, now=now, language=language)
    if name in OPEN_DATA:
        return render_open_data(plan, name, base_url=base_url, now=now)
    raise KeyError(name)


def render_open_data(
    plan: Plan, name: str, *, base_url: str | None = None, now: dt.datetime | None = None
) -> bytes:
    """A public plan as open data; PermissionDenied for a plan the public
    may not read."""
    from .opendata import open_plan

    data = open_plan(plan, base_url=base_url)
    if name == "iati":
        from . import iati

        return iati.render(data, now=now)
    if name == "datapackage":
        from . import datapackage

        return datapackage.render(data, now=now)
    raise KeyError(name)
