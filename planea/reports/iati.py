"""A public plan as an IATI 2.03 activity file (`<iati-activities>`), for
the aid-transparency registries and the tools that read them.

What goes where, and why:

- **Reporting organisation**: the network. IATI wants a registered
  organisation identifier; `settings.IATI_ORGANISATION_IDS` gives one per
  network slug (say an identifier issued to the network, or one its host
  organisation issued to it). A network without one reports under
  `XI-PLANEA-<SLUG>`, stable as long as its slug is (docs/exports.md).
- **Activity identifier**: `<reporting org>-<plan year>-<activity key>`. The
  key is unique within the plan and kept by amendments and edits, so the
  same activity has the same identifier in every export.
- **Title and description**: in the plan's language, the only one Planea
  holds; the description is the activity's details (or its area's
  objective), and a second description of type 2 (objectives) the area's.
- **Participating organisations**: the network (2, accountable), each lead
  (4, implementing), each funder (1, funding); their type from their kind
  (a country: 10 government; a partner, body or group of the
  intergovernmental network: 40 multilateral). The IDB and the OAS carry
  their DAC identifiers (XM-DAC-46012, XM-DAC-47079).
- **Status and dates**: not started 1, on track/at risk/delayed 2, done 3,
  cancelled 5; planned start and end from the activity's dates or its
  half of the year, actual end from the date a done activity was reported.
- **Sector**: one DAC 5-digit code for the whole plan,
  `settings.IATI_SECTOR` (15110, public sector policy and administrative
  management, what the networks of e-government authorities work on).
- **Money**, from the contributions: a *planned* amount is a
  `planned-disbursement` (original, its funder the provider) and counts in
  the activity's `budget` (original, indicative, one per currency); a
  *spent* amount is a `transaction` of type 4, **expenditure**: the money
  was spent on the activity's own goods and services (workshops, travel,
  consultancies), not passed to another organisation to spend, which would
  be a disbursement (3). Contributions without an amount (in-kind hours, a
  pledge still to be defined) have no monetary value for IATI's value
  elements and are left out of them; their funders still appear as
  participating organisations, and the hours are in the data package.
- **Results**: each product an output (1) with one indicator (unit, 1): the
  plan's target and the evidence delivered so far, for the plan's year.
- **Documents**: each piece of *public* evidence, as a document link of
  category A08 (results, outcomes and outputs).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.utils import timezone
from lxml import etree

from planea.core.text import words
from planea.plans.models import ActivityStatus, Contribution

from .opendata import ActivityData, ContributionData, OpenPlan, Party

VERSION = "2.03"

# Organisations with an IATI identifier, by their names' words as plans
# write them (Spanish, English and their acronyms). A funding source
# without an organisation ("Proyecto BPR/BID") is matched by an acronym
# among its words.
KNOWN_ORGANISATIONS: dict[str, str] = {
    "bid": "XM-DAC-46012",
    "idb": "XM-DAC-46012",
    "banco interamericano de desarrollo": "XM-DAC-46012",
    "inter american development bank": "XM-DAC-46012",
    "oea": "XM-DAC-47079",
    "oas": "XM-DAC-47079",
    "organizacion de los estados americanos": "XM-DAC-47079",
    "organization of american states": "XM-DAC-47079",
}
_ACRONYMS = ("bid", "idb", "oea", "oas")

# OrganisationType by Organisation.Kind.
ORGANISATION_TYPES: dict[str, str] = {
    "country": "10",
    "role": "10",  # a country holding a role of the network
    "partner": "40",
    "body": "40",
    "working_group": "40",
}
NETWORK_TYPE = "40"  # an intergovernmental network: multilateral

ACTIVITY_STATUS: dict[str, str] = {
    ActivityStatus.NOT_STARTED: "1",
    ActivityStatus.ON_TRACK: "2",
    ActivityStatus.AT_RISK: "2",
    ActivityStatus.DELAYED: "2",
    ActivityStatus.DONE: "3",
    ActivityStatus.CANCELLED: "5",
}

ROLE_FUNDING, ROLE_ACCOUNTABLE, ROLE_IMPLEMENTING = "1", "2", "4"
EXPENDITURE = "4"
BUDGET_ORIGINAL, BUDGET_INDICATIVE = "1", "1"
OUTPUT, UNIT = "1", "1"
RESULTS_DOCUMENT = "A08"
DESCRIPTION_GENERAL, DESCRIPTION_OBJECTIVES = "1", "2"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"

# A document's format is a media type of IATI's FileFormat codelist (2.03:
# IANA's list of 2018), which predates image/webp: such a file is described
# as plain bytes rather than by a code the list lacks.
NOT_IN_FILE_FORMATS = {"image/webp"}
LINK_FORMAT = "text/html"
ANY_FILE_FORMAT = "application/octet-stream"

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What an identifier may not hold (IATI's guidance: no spaces, no "/", "&", "|", "?").
_NOT_IN_IDENTIFIERS = re.compile(r"[\s/&|?]+")


def reporting_org_ref(network_slug: str) -> str:
    configured = settings.IATI_ORGANISATION_IDS.get(network_slug)
    return configured or f"XI-PLANEA-{network_slug.upper()}"


def activity_identifier(org_ref: str, year: int, key: str) -> str:
    return _NOT_IN_IDENTIFIERS.sub("-", f"{org_ref}-{year}-{key}")


def organisation_ref(name: str) -> str:
    """The IATI identifier of an organisation Planea knows one for, or ""."""
    found = words(name)
    if found in KNOWN_ORGANISATIONS:
        return KNOWN_ORGANISATIONS[found]
    for word in found.split():
        if word in _ACRONYMS:
            return KNOWN_ORGANISATIONS[word]
    return ""


def _narrative(parent: etree._Element, text: str, lang: str | None = None) -> None:
    narrative = etree.SubElement(parent, "narrative")
    narrative.text = text
    if lang:
        narrative.set(XML_LANG, lang)


def _text(parent: etree._Element, tag: str, text: str, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrib=attributes)
    _narrative(element, text)
    return element


def _org(parent: etree._Element, tag: str, party: Party, **attributes: str) -> etree._Element:
    ref = organisation_ref(party.name)
    if ref:
        attributes["ref"] = ref
    if party.kind in ORGANISATION_TYPES:
        attributes["type"] = ORGANISATION_TYPES[party.kind]
    return _text(parent, tag, party.name, **attributes)


def _date(parent: etree._Element, tag: str, date: dt.date, **attributes: str) -> None:
    element = etree.SubElement(parent, tag, attrib=attributes)
    element.set("iso-date", date.isoformat())


def _value(parent: etree._Element, amount: Decimal, currency: str, date: dt.date) -> None:
    value = etree.SubElement(
        parent, "value", attrib={"currency": currency, "value-date": date.isoformat()}
    )
    value.text = f"{amount:.2f}"


def _participants(element: etree._Element, plan: OpenPlan, activity: ActivityData, ref: str):
    _text(
        element,
        "participating-org",
        plan.network_name,
        ref=ref,
        type=NETWORK_TYPE,
        role=ROLE_ACCOUNTABLE,
    )
    for lead in activity.leads:
        _org(element, "participating-org", lead, role=ROLE_IMPLEMENTING)
    for funder in activity.funders:
        _org(element, "participating-org", funder, role=ROLE_FUNDING)


def _dates(element: etree._Element, activity: ActivityData) -> None:
    start = activity.starts or activity.period_start
    end = activity.due or activity.period_end
    _date(element, "activity-date", start, type=PLANNED_START)
    first_report = next((p.date for p in activity.progress if p.status != "not_started"), None)
    if first_report:
        _date(element, "activity-date", first_report, type=ACTUAL_START)
    _date(element, "activity-date", max(end, start), type=PLANNED_END)
    if activity.status == ActivityStatus.DONE and activity.status_date:
        _date(element, "activity-date", activity.status_date, type=ACTUAL_END)


def _period(activity: ActivityData, contribution: ContributionData) -> tuple[dt.date, dt.date]:
    """The contribution's period, or the activity's half (or year) for what
    it leaves open; never ending before it starts."""
    end = contribution.period_end or activity.period_end
    start = contribution.period_start or min(activity.period_start, end)
    return start, max(start, end)


def with_amount(activity: ActivityData, stage: str) -> list[ContributionData]:
    """The contributions of `stage` that carry an amount of money."""
    return [
        c
        for c in activity.contributions
        if c.stage == stage and c.amount is not None and c.currency
    ]


def _budgets(element: etree._Element, activity: ActivityData) -> None:
    planned = with_amount(activity, Contribution.Stage.PLANNED)
    by_currency: dict[str, list[ContributionData]] = {}
    for contribution in planned:
        by_currency.setdefault(contribution.currency, []).append(contribution)
    for currency, items in by_currency.items():
        periods = [_period(activity, c) for c in items]
        start, end = min(p[0] for p in periods), max(p[1] for p in periods)
        budget = etree.SubElement(element, "budget", type=BUDGET_ORIGINAL, status=BUDGET_INDICATIVE)
        _date(budget, "period-start", start)
        _date(budget, "period-end", end)
        _value(budget, sum((c.amount or Decimal(0) for c in items), Decimal(0)), currency, start)
    for contribution in planned:
        start, end = _period(activity, contribution)
        disbursement = etree.SubElement(element, "planned-disbursement", type=BUDGET_ORIGINAL)
        _date(disbursement, "period-start", start)
        _date(disbursement, "period-end", end)
        _value(disbursement, contribution.amount or Decimal(0), contribution.currency, start)
        _org(disbursement, "provider-org", contribution.funder)


def _transactions(element: etree._Element, activity: ActivityData) -> None:
    for contribution in with_amount(activity, Contribution.Stage.SPENT):
        date = (
            contribution.period_end
            or contribution.period_start
            or activity.status_date
            or activity.due
            or activity.period_end
        )
        transaction = etree.SubElement(element, "transaction")
        etree.SubElement(transaction, "transaction-type", code=EXPENDITURE)
        _date(transaction, "transaction-date", date)
        _value(transaction, contribution.amount or Decimal(0), contribution.currency, date)
        if contribution.note:
            _text(transaction, "description", contribution.note)
        _org(transaction, "provider-org", contribution.funder)


def document_format(content_type: str) -> str:
    """The FileFormat code of a piece of evidence: its file's media type, or
    a web page for a link."""
    if not content_type:
        return LINK_FORMAT
    return ANY_FILE_FORMAT if content_type in NOT_IN_FILE_FORMATS else content_type


def _documents(element: etree._Element, activity: ActivityData, lang: str) -> None:
    for evidence in activity.evidence:
        if not evidence.url:
            continue
        link = etree.SubElement(
            element,
            "document-link",
            format=document_format(evidence.content_type),
            url=evidence.url,
        )
        _text(link, "title", evidence.title)
        etree.SubElement(link, "category", code=RESULTS_DOCUMENT)
        etree.SubElement(link, "language", code=lang)
        _date(link, "document-date", evidence.date)


def _results(element: etree._Element, activity: ActivityData, year: int) -> None:
    for product in activity.products:
        result = etree.SubElement(element, "result", type=OUTPUT)
        _text(result, "title", product.description)
        indicator = etree.SubElement(result, "indicator", measure=UNIT, ascending="1")
        unit = product.unit or product.description
        _text(indicator, "title", unit)
        etree.SubElement(indicator, "baseline", year=str(year), value="0")
        period = etree.SubElement(indicator, "period")
        _date(period, "period-start", activity.period_start)
        _date(period, "period-end", activity.period_end)
        etree.SubElement(period, "target", value=str(product.target))
        etree.SubElement(period, "actual", value=str(product.delivered))


def _activity(plan: OpenPlan, activity: ActivityData, org_ref: str, updated: str) -> etree._Element:
    lang = plan.language
    element = etree.Element(
        "iati-activity", attrib={XML_LANG: lang, "last-updated-datetime": updated}
    )
    etree.SubElement(element, "iati-identifier").text = activity_identifier(
        org_ref, plan.year, activity.key
    )
    _text(element, "reporting-org", plan.network_name, ref=org_ref, type=NETWORK_TYPE)
    title = f"{activity.code} {activity.title}".strip()
    _text(element, "title", title)
    _text(
        element,
        "description",
        activity.details or activity.area_objective or activity.title,
        type=DESCRIPTION_GENERAL,
    )
    if activity.details and activity.area_objective:
        _text(element, "description", activity.area_objective, type=DESCRIPTION_OBJECTIVES)
    _participants(element, plan, activity, org_ref)
    etree.SubElement(element, "activity-status", code=ACTIVITY_STATUS[activity.status])
    _dates(element, activity)
    etree.SubElement(element, "sector", code=settings.IATI_SECTOR, vocabulary="1")
    _budgets(element, activity)
    _transactions(element, activity)
    _documents(element, activity, lang)
    _results(element, activity, plan.year)
    return element


def render(plan: OpenPlan, *, now: dt.datetime | None = None) -> bytes:
    """The plan's activities as an IATI 2.03 activity file, UTF-8."""
    stamp = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    updated = stamp.isoformat().replace("+00:00", "Z")
    root = etree.Element(
        "iati-activities", attrib={"version": VERSION, "generated-datetime": updated}
    )
    org_ref = reporting_org_ref(plan.network_slug)
    for activity in plan.activities:
        root.append(_activity(plan, activity, org_ref, updated))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
