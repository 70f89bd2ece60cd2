"""The annual report as a web page that prints well: the template
`reports/annual.html`, from which the PDF is also made.

No JavaScript; the charts are inline SVG, each labelled by its caption.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from . import charts as charting
from .data import AnnualReport

_STYLE_ELEMENT = re.compile(r"<style[^>]*>(.*?)</style>", re.DOTALL | re.IGNORECASE)

TEMPLATE = "reports/annual.html"
STYLESHEET = "reports/report.css"


@dataclass(frozen=True)
class InlineChart:
    key: str
    title: str
    description: str
    svg: SafeString


def image_svg(chart: charting.Chart) -> SafeString:
    """The chart's SVG as an image, for WeasyPrint: it draws an inline SVG
    too, but first reads every style attribute in it as the page's CSS, and
    warns of each one it does not know."""
    data = base64.b64encode(str(chart.data).encode("utf-8")).decode("ascii")
    return format_html(
        '<img src="data:image/svg+xml;base64,{}" alt="{}" aria-describedby="chart-{}-caption">',
        data,
        chart.title,
        chart.key,
    )


def inline_svg(chart: charting.Chart) -> SafeString:
    """The chart's SVG as an element of the page: without the XML prolog,
    and named, for assistive technology, by its caption."""
    text = str(chart.data)
    svg = text[text.index("<svg") :]
    labelled = f'<svg role="img" aria-labelledby="chart-{chart.key}-caption" '
    return mark_safe(svg.replace("<svg ", labelled, 1))  # noqa: S308 -- matplotlib's own output


@cache
def stylesheet() -> str:
    """The report's stylesheet, for a page that must stand alone."""
    path = finders.find(STYLESHEET)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


def stylesheet_url() -> str:
    """The stylesheet's address: the hashed name `collectstatic` gave it, or,
    where it was never collected (a command run on a laptop), its own name,
    which the PDF's fetcher finds beside the code."""
    try:
        return static(STYLESHEET)
    except ValueError:
        return settings.STATIC_URL + STYLESHEET


def context(report: AnnualReport, *, standalone: bool = False, for_pdf: bool = False) -> dict:
    draw = image_svg if for_pdf else inline_svg
    plan_language = report.cover.plan_language
    return {
        "stylesheet_url": "" if standalone else stylesheet_url(),
        "report": report,
        # The plan's language, where the page is in another one (see `plan_text`).
        "plan_lang": "" if plan_language == get_language() else plan_language,
        "charts": [
            InlineChart(chart.key, chart.title, chart.description, draw(chart))
            for chart in charting.svg_charts(report)
        ],
        # A page saved to disk or sent by e-mail carries its own style.
        "inline_css": mark_safe(stylesheet()) if standalone else "",  # noqa: S308 -- our file
    }


def render(report: AnnualReport, *, standalone: bool = False, for_pdf: bool = False) -> str:
    """The report as an HTML document. `standalone` puts the stylesheet in the
    page, for a file that is opened away from the site; `for_pdf` gives the
    charts as SVG images rather than SVG elements."""
    return render_to_string(TEMPLATE, context(report, standalone=standalone, for_pdf=for_pdf))


def style_hashes(page: str) -> list[str]:
    """The Content-Security-Policy sources ('sha256-…') that allow exactly the
    <style> elements of `page`: the report's own stylesheet and those
    matplotlib writes into each chart. A page made without a request has no
    nonce to give them, and their hashes allow nothing else."""
    digests = {hashlib.sha256(css.encode("utf-8")).digest() for css in _STYLE_ELEMENT.findall(page)}
    return sorted(f"'sha256-{base64.b64encode(digest).decode()}'" for digest in digests)
