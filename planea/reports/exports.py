"""A plan's data for other programs: its activities as CSV and XLSX, the
whole plan as JSON in the documented plan format, and a calendar (ICS).

- CSV and XLSX have one row per activity with every field, its status and
  its products' delivered and target counts, under a header row in the
  reader's language. Lists (leads, funding, products, targets) are joined
  with "; ", as the plan format writes them.
- CSV is UTF-8 with a byte order mark, so that Excel reads the accents
  right, comma-separated, every field that needs it quoted (RFC 4180).
- XLSX has real dates (with a date format), a frozen header row, a filter
  and column widths.
- JSON is `planfile.to_json(plan_document(plan))`: `planea import` reads it
  back, and exporting the imported plan gives the same bytes.
- ICS has an all-day event on each activity's due date, an event spanning
  each dated activity (from `starts` to `due`), and the network's meetings
  of the plan's year. UIDs are stable (`<plan id>-<key>@planea`), so that a
  subscribed calendar updates its events instead of duplicating them.

In another language than the plan's (`language`: the reader's, or
`?lang=`), the plan's texts (area, title, details, products; meetings in
the calendar) come translated where a translation is recorded, else in the
original. CSV and XLSX then end with a column, "not translated", naming for
each row the columns left in the original and its language ("details;
products (original in Spanish)"), so the cells hold only the text; the
calendar marks such a text as the reports do ("… (original in Spanish)").
The JSON is the plan document `planea import` reads, so always the original
(docs/exports.md).

Each takes a fixed number of queries whatever the size of the plan (one
more for the translations).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planea import planfile
from planea.core.text import clean_deep, strip_control
from planea.governance.models import Meeting
from planea.plans.document import plan_document
from planea.plans.models import (
    Activity,
    ActivityStatus,
    Period,
    Plan,
    Product,
)
from planea.plans.templatetags.translated import note
from planea.plans.translations import PlanTexts, Shown
from planea.tracking.models import with_delivered

# The columns, in order: the field's name (a model's verbose name, or the
# page's heading) and whether it holds a date.
COLUMNS: tuple[tuple[str, object, bool], ...] = (
    ("key", gettext_lazy("key"), False),
    ("code", gettext_lazy("code"), False),
    ("area", gettext_lazy("work area"), False),
    ("period", gettext_lazy("period"), False),
    ("title", gettext_lazy("title"), False),
    ("details", gettext_lazy("details"), False),
    ("location", gettext_lazy("location"), False),
    ("starts", gettext_lazy("starts"), True),
    ("due", gettext_lazy("due"), True),
    ("leads", gettext_lazy("leads"), False),
    ("funding", gettext_lazy("funding"), False),
    ("products", gettext_lazy("products"), False),
    ("targets", gettext_lazy("targets"), False),
    ("status", gettext_lazy("status"), False),
    ("status_date", gettext_lazy("status reported on"), True),
    ("delivered", gettext_lazy("Delivered"), False),
    ("target", gettext_lazy("Target"), False),
    ("url", gettext_lazy("link"), False),
)
# The last column, only in another language than the plan's.
UNTRANSLATED = ("untranslated", gettext_lazy("not translated"), False)
DATE_FORMAT = "yyyy-mm-dd"
JOIN = "; "


@dataclass(frozen=True)
class Row:
    """One activity, every field a plain value."""

    key: str
    code: str
    area: str
    period: str
    title: str
    details: str
    location: str
    starts: dt.date | None
    due: dt.date | None
    leads: str
    funding: str
    products: str
    targets: str
    status: str
    status_date: dt.date | None
    delivered: int
    target: int
    url: str
    # The columns left in the original, with its language; None when the
    # export is in the plan's own language (and has no such column).
    untranslated: str | None = None

    def values(self) -> list:
        values = [getattr(self, name) for name, _label, _is_date in COLUMNS]
        return values if self.untranslated is None else [*values, self.untranslated]


def _activity_path(network: str, year: int, key: str) -> str:
    return reverse("activity", kwargs={"network": network, "year": year, "key": key})


def columns(texts: PlanTexts | None = None) -> tuple[tuple[str, object, bool], ...]:
    """The columns of an export in the language of `texts`."""
    if texts is None or texts.is_original_language:
        return COLUMNS
    return (*COLUMNS, UNTRANSLATED)


def headings(texts: PlanTexts | None = None) -> list[str]:
    return [capfirst(str(label)) for _name, label, _is_date in columns(texts)]


def _texts(plan: Plan, language: str | None) -> PlanTexts | None:
    """The plan's texts in `language`; None (the originals) when not given."""
    return PlanTexts.load(plan, language) if language else None


def _shown(texts: PlanTexts | None, obj, field: str) -> Shown:
    if texts is None:
        return Shown(getattr(obj, field) or "", "")
    return texts.get(obj, field)


def _flagged(shown: Shown) -> str:
    """A text for a calendar: an untranslated original followed by the note
    of its language, as the reports write it."""
    return f"{shown.text} {note(shown)}" if shown.is_original else shown.text


def _untranslated(texts: PlanTexts | None, shown: dict[str, list[Shown]]) -> str | None:
    """ "details; products (original in Spanish)": the columns (by name) whose
    text is still the original; "" when all are translated."""
    if texts is None or texts.is_original_language:
        return None
    labels = {name: label for name, label, _is_date in COLUMNS}
    left = [str(labels[name]) for name, items in shown.items() if any(s.is_original for s in items)]
    if not left:
        return ""
    return f"{JOIN.join(left)} {note(Shown('', texts.plan.language, is_original=True))}"


def _target(product: Product) -> str:
    """ "4 intercambios", "6 reuniones (every 2 months)"; empty when the plan
    names no number."""
    if not product.target_quantity:
        return ""
    text = f"{product.target_quantity} {product.target_unit}".strip()
    return f"{text} ({product.recurrence_label})" if product.recurrence else text


def rows(
    plan: Plan,
    *,
    base_url: str | None = None,
    language: str | None = None,
    texts: PlanTexts | None = None,
) -> list[Row]:
    """The plan's activities in order, one Row each, their texts in `language`
    (translated where a translation is recorded; or `texts`, already read).
    Four queries, and one for the translations."""
    texts = texts or _texts(plan, language)
    base = (base_url if base_url is not None else settings.SITE_URL).rstrip("/")
    activities = (
        Activity.objects.filter(plan=plan)
        .select_related("area")
        .order_by("order")
        .for_listing(products=with_delivered(Product.objects.order_by("order", "pk")))
    )
    slug = plan.network.slug
    result = []
    for activity in activities:
        products = list(activity.products.all())
        shown = {
            "area": [_shown(texts, activity.area, "title")],
            "title": [_shown(texts, activity, "title")],
            "details": [_shown(texts, activity, "details")],
            "products": [_shown(texts, p, "description") for p in products],
        }
        result.append(
            Row(
                key=activity.key,
                code=activity.code,
                area=f"{activity.area.number}. {shown['area'][0].text}",
                period=str(Period(activity.period).label),
                title=shown["title"][0].text,
                details=shown["details"][0].text,
                location=activity.location,
                starts=activity.starts,
                due=activity.due,
                leads=JOIN.join(o.name for o in activity.ordered_leads),
                funding=JOIN.join(f.name for f in activity.ordered_funding),
                products=JOIN.join(s.text for s in shown["products"]),
                targets=JOIN.join(t for p in products if (t := _target(p))),
                status=str(ActivityStatus(activity.status).label),
                status_date=activity.status_date,
                delivered=sum(min(p.delivered, p.target) for p in products),
                target=sum(p.target for p in products),
                url=base + _activity_path(slug, plan.year, activity.key),
                untranslated=_untranslated(texts, shown),
            )
        )
    # Text stored before the text rule may hold control characters, which
    # XML (the spreadsheet) refuses: the export must not fail on them.
    return [clean_deep(row) for row in result]


# ---------------------------------------------------------------------------
# The formats.


# A spreadsheet reads a cell that starts with one of these as a formula: a
# plan's text must never run as one ("=HYPERLINK(…)" in a title).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_value(value: object) -> object:
    """Dates as ISO dates; text a spreadsheet will show as text: a leading
    apostrophe (which Excel and LibreOffice hide) before what would start a
    formula, as OWASP advises against CSV injection."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return f"'{value}"
    return value


def to_csv(plan: Plan, *, base_url: str | None = None, language: str | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    texts = _texts(plan, language)
    writer.writerow(headings(texts))
    for row in rows(plan, base_url=base_url, texts=texts):
        writer.writerow([_csv_value(value) for value in row.values()])
    return out.getvalue().encode("utf-8-sig")


# Column widths, in characters: enough for most values, never a wall.
_MIN_WIDTH, _MAX_WIDTH = 8, 60


def to_xlsx(plan: Plan, *, base_url: str | None = None, language: str | None = None) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    # Sheet names cannot hold []:*?/\ and are at most 31 characters long.
    sheet.title = _("Activities")[:31]
    texts = _texts(plan, language)
    titles = headings(texts)
    sheet.append(titles)
    widths = [len(title) for title in titles]
    dated = [is_date for _name, _label, is_date in columns(texts)]
    for row in rows(plan, base_url=base_url, texts=texts):
        values = row.values()
        sheet.append(values)
        for index, value in enumerate(values):
            size = 10 if dated[index] else len(str(value or ""))
            widths[index] = max(widths[index], size)
            if isinstance(value, str) and value.startswith("="):
                # openpyxl would store it as a formula: it is the plan's text.
                sheet.cell(row=sheet.max_row, column=index + 1).data_type = "s"
    for index, is_date in enumerate(dated, start=1):
        if is_date:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = DATE_FORMAT
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(
            max(width + 2, _MIN_WIDTH), _MAX_WIDTH
        )
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    title = _shown(texts, plan, "title").text
    workbook.properties.title = strip_control(f"{plan.network} {plan.year}: {title}")
    workbook.properties.creator = "Planea"
    workbook.properties.language = texts.language if texts else plan.language or "es"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def to_json(plan: Plan) -> bytes:
    """The documented plan format (docs/plan-format.md), which `planea import`
    reads back."""
    return planfile.to_json(plan_document(plan)).encode("utf-8")


# ---------------------------------------------------------------------------
# The calendar.


def _event(uid: str, summary: str, start, end, stamp: dt.datetime, **extra):
    from icalendar import Event

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", strip_control(summary, multiline=False))
    event.add("dtstart", start)
    event.add("dtend", end)
    for name, value in extra.items():
        if value:
            event.add(name.replace("_", "-"), clean_deep(value))
    return event


def _description(activity: Activity, status: str, url: str, texts: PlanTexts | None) -> str:
    area = _flagged(_shown(texts, activity.area, "title"))
    lines = [
        f"{activity.area.number}. {area}",
        f"{_('Period')}: {Period(activity.period).label}",
        f"{_('Status')}: {status}",
    ]
    leads = JOIN.join(o.name for o in activity.ordered_leads)
    if leads:
        lines.append(f"{capfirst(_('leads'))}: {leads}")
    if activity.details:
        lines.append(_flagged(_shown(texts, activity, "details")))
    lines.append(url)
    return "\n".join(lines)


def _meetings(plan: Plan, stamp: dt.datetime, base: str, texts: PlanTexts | None) -> list:
    """The network's meetings in the plan's year, as events: public, as the
    meeting pages are (their minutes are not in the calendar). One query."""
    zone = timezone.get_default_timezone()
    events = []
    meetings = (
        Meeting.objects.filter(network_id=plan.network_id)
        .in_year(plan.year)
        .select_related("organisation")
        .order_by("date", "start_time", "pk")
    )
    for meeting in meetings:
        if meeting.start_time:
            # Times are the site's local time; written in UTC, they need no
            # time zone definition in the file.
            start = dt.datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
            end_time = meeting.end_time or meeting.start_time
            end = dt.datetime.combine(meeting.date, end_time, tzinfo=zone)
            if end <= start:
                end = start + dt.timedelta(hours=1)
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        else:
            start, end = meeting.date, meeting.date + dt.timedelta(days=1)
        url = base + reverse("meeting", kwargs={"network": plan.network.slug, "pk": meeting.pk})
        events.append(
            _event(
                meeting.calendar_uid,
                _flagged(_shown(texts, meeting, "title")),
                start,
                end,
                stamp,
                location=meeting.place,
                description=f"{meeting.organisation}\n{url}",
                url=url,
                categories=[str(_("meeting"))],
            )
        )
    return events


def to_ics(
    plan: Plan,
    *,
    base_url: str | None = None,
    now: dt.datetime | None = None,
    language: str | None = None,
) -> bytes:
    """The plan's calendar: due dates, dated activities and meetings, in
    `language` where translated."""
    from icalendar import Calendar

    base = (base_url if base_url is not None else settings.SITE_URL).rstrip("/")
    stamp = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    network = plan.network
    texts = _texts(plan, language)
    calendar = Calendar()
    calendar.add("prodid", "-//Planea//Planea//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add(
        "x-wr-calname",
        strip_control(
            f"{network.acronym or network.name} {plan.year}: {_shown(texts, plan, 'title').text}"
        ),
    )
    calendar.add("x-wr-caldesc", strip_control(network.name))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    activities = (
        Activity.objects.filter(plan=plan).select_related("area").order_by("order").with_leads()
    )
    prefix = f"{plan.pk}-"
    for activity in activities:
        label = f"{activity.code or activity.key} {_flagged(_shown(texts, activity, 'title'))}"
        status = str(ActivityStatus(activity.status).label)
        url = base + _activity_path(network.slug, plan.year, activity.key)
        description = _description(activity, status, url, texts)
        area = _shown(texts, activity.area, "title").text
        extra = {
            "description": description,
            "url": url,
            "location": activity.location,
            "categories": [f"{activity.area.number}. {area}"],
            "transp": "TRANSPARENT",
            "status": "CANCELLED" if activity.status == ActivityStatus.CANCELLED else "CONFIRMED",
        }
        if activity.due:
            calendar.add_component(
                _event(
                    f"{prefix}{activity.key}@planea",
                    _("Due: %(activity)s") % {"activity": label},
                    activity.due,
                    activity.due + dt.timedelta(days=1),
                    stamp,
                    **extra,
                )
            )
        if activity.starts:
            last = activity.due or activity.starts
            calendar.add_component(
                _event(
                    f"{prefix}{activity.key}-dates@planea",
                    label,
                    activity.starts,
                    last + dt.timedelta(days=1),
                    stamp,
                    **extra,
                )
            )
    for event in _meetings(plan, stamp, base, texts):
        calendar.add_component(event)
    return calendar.to_ical()
