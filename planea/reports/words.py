"""The words and figures the text formats (Word, Markdown) share, in the
active language: the same message ids as the web page, so that the report
reads alike in every format and each phrase is translated once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from planea.plans.models import ContributionTotal, FundingTotals

from .data import ActivityItem, AnnualReport, ProductItem


def date(value: dt.date | None) -> str:
    """ "15 de septiembre de 2017"; empty for no date."""
    return formats.date_format(value, "DATE_FORMAT") if value else ""


def short_date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def number(value: int) -> str:
    """ "2.000" in Spanish, "2,000" in English."""
    return formats.number_format(value, force_grouping=True)


def percent(value: int) -> str:
    return _("%(percent)s%%") % {"percent": value}


def of(delivered: int, target: int) -> str:
    """ "3 of 10" """
    return _("%(delivered)s of %(target)s") % {
        "delivered": number(delivered),
        "target": number(target),
    }


def label(message: str) -> str:
    """A model's field name as a heading: "leads" → "Liderazgos"."""
    return capfirst(_(message))


def title(report: AnnualReport) -> str:
    return _("Report on the %(year)s work plan") % {"year": report.cover.year}


def as_of(day: dt.date) -> str:
    return _("As of %(date)s") % {"date": date(day)}


def overdue(activity: ActivityItem) -> str:
    days = activity.days_late
    return ngettext("Overdue by %(days)s day.", "Overdue by %(days)s days.", days) % {"days": days}


def overdue_mark() -> str:
    """ "overdue", of one activity: the dashboard's word."""
    return ngettext("overdue", "overdue", 1)


def reported_on(activity: ActivityItem) -> str:
    """ "reported on 1 August 2017", without the page's <time> element."""
    if not activity.status_date:
        return ""
    # The page's message, whose markup is only a <time> element around the date.
    text = _('reported on <time datetime="%(iso)s">%(date)s</time>') % {
        "iso": activity.status_date.isoformat(),
        "date": date(activity.status_date),
    }
    return _strip_time(text)


def activity_facts(activity: ActivityItem) -> list[tuple[str, str]]:
    """An activity's facts as (name, value) pairs, as every format lists them."""
    facts = [(_("Period"), activity.period_label)]
    if activity.starts:
        facts.append((_("Starts"), date(activity.starts)))
    facts.append((_("Due"), date(activity.due) or _("no due date")))
    if activity.details:
        facts.append((_("Details"), activity.details))
    if activity.leads:
        facts.append((label("leads"), "; ".join(activity.leads)))
    if activity.funding:
        facts.append((_("Funding"), "; ".join(activity.funding)))
    return facts


def _strip_time(text: str) -> str:
    import re

    return re.sub(r"</?time[^>]*>", "", text)


def product_line(product: ProductItem) -> str:
    """ "Reporte de los intercambios (every 2 months): 2 of 4 intercambios" """
    line = product.description
    if product.recurrence:
        line += f" ({product.recurrence})"
    line += f": {of(product.delivered, product.target)}"
    if product.unit:
        line += f" {product.unit}"
    return line


def hidden(product: ProductItem) -> str:
    return ngettext(
        "One more piece is visible to network members only.",
        "%(counter)s more pieces are visible to network members only.",
        product.hidden,
    ) % {"counter": product.hidden}


def area_figures(total: int, done: int, delivered: int, target: int) -> str:
    return ngettext(
        "%(counter)s activity, %(done)s done; %(delivered)s of %(target)s pieces of "
        "evidence expected.",
        "%(counter)s activities, %(done)s done; %(delivered)s of %(target)s pieces of "
        "evidence expected.",
        total,
    ) % {"counter": total, "done": done, "delivered": number(delivered), "target": number(target)}


def generated(report: AnnualReport) -> str:
    return _("Written by Planea from the plan's data on %(date)s.") % {
        "date": date(report.cover.generated)
    }


def carry_over_intro(report: AnnualReport) -> str:
    return _(
        "Activities neither done nor cancelled on %(date)s: candidates to carry over to "
        "next year's plan."
    ) % {"date": date(report.today)}


def amount(value: Decimal | None) -> str:
    """ "15.000,00" in Spanish, "15,000.00" in English; a dash for none."""
    return formats.number_format(value, 2, force_grouping=True) if value is not None else "—"


def hours(planned: Decimal | None, spent: Decimal | None) -> str:
    """ "120,0 / 40,0": hours planned and spent; a dash when neither."""
    if planned is None and spent is None:
        return "—"
    return " / ".join(
        formats.number_format(value or 0, 1, force_grouping=True) for value in (planned, spent)
    )


def funding_headings(first: str) -> list[str]:
    """The headings of a table of contribution totals, as on the dashboard."""
    return [
        first,
        _("Currency"),
        _("Planned"),
        _("Spent"),
        _("Hours (planned / spent)"),
        _("Contributions"),
    ]


def funding_rows(totals: tuple[ContributionTotal, ...]) -> list[list[str]]:
    return [
        [
            t.label,
            t.currency or "—",
            amount(t.planned),
            amount(t.spent),
            hours(t.planned_hours, t.spent_hours),
            number(t.count),
        ]
        for t in totals
    ]


def funding_by_currency(totals: FundingTotals) -> list[str]:
    """ "USD: 15.000,00 planned, 4.250,50 spent", one line per currency."""
    return [
        _("%(currency)s: %(planned)s planned, %(spent)s spent")
        % {"currency": t.currency, "planned": amount(t.planned or 0), "spent": amount(t.spent or 0)}
        for t in totals.by_currency
    ]
