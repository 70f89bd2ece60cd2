"""A public plan as a Frictionless data package: five CSV tables and a
`datapackage.json` that describes them (fields, types, keys, the licence),
in one zip file.

- `activities.csv`: one row per activity, keyed by its `key`;
- `products.csv`: each activity's products and targets, and how many
  pieces of evidence delivered them (members-only ones counted, as on the
  activity page);
- `progress.csv`: every progress report, oldest first;
- `evidence.csv`: the public evidence only, each with where to get it;
- `contributions.csv`: who puts what into each activity: money (an amount
  and its ISO 4217 currency), hours of in-kind work, or a pledge to be
  defined; planned or spent.

The tables are for data tools: plain UTF-8 without a byte order mark, every
value as stored (the spreadsheet exports guard against formulas; these do
not alter the data), dates as ISO dates, decimals with a point. The licence
is the network's choice (`Network.data_licence`, CC BY 4.0 unless it chose
another), named in `datapackage.json` by its SPDX identifier.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from .opendata import ActivityData, OpenPlan

PROFILE = "tabular-data-package"


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # a Table Schema type: string, integer, number, date
    description: str
    required: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    # (fields here, the table they refer to, its fields)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...]
    rows: Callable[[ActivityData], Iterable[tuple]]

    @property
    def path(self) -> str:
        return f"{self.name}.csv"

    def schema(self) -> dict:
        fields = []
        for field in self.fields:
            item: dict = {"name": field.name, "type": field.type, "description": field.description}
            if field.type == "date":
                item["format"] = "default"  # ISO 8601: YYYY-MM-DD
            if field.required or field.name in self.primary_key:
                item["constraints"] = {"required": True}
            fields.append(item)
        schema: dict = {"fields": fields, "primaryKey": list(self.primary_key)}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": list(mine), "reference": {"resource": table, "fields": list(theirs)}}
                for mine, table, theirs in self.foreign_keys
            ]
        return schema


ACTIVITY = ((("activity_key",), "activities", ("key",)),)


def _activities(a: ActivityData) -> Iterable[tuple]:
    yield (
        a.key,
        a.code,
        a.area_number,
        a.area_title,
        a.period,
        a.title,
        a.details,
        a.location,
        a.starts,
        a.due,
        a.status,
        a.status_date,
        "; ".join(lead.name for lead in a.leads),
        a.url,
    )


def _products(a: ActivityData) -> Iterable[tuple]:
    for p in a.products:
        yield (
            a.key,
            p.number,
            p.description,
            p.target_quantity,
            p.unit,
            p.recurrence,
            p.target,
            p.delivered,
        )


def _progress(a: ActivityData) -> Iterable[tuple]:
    for p in a.progress:
        yield (a.key, p.number, p.date, p.status, p.note)


def _evidence(a: ActivityData) -> Iterable[tuple]:
    for e in a.evidence:
        yield (e.id, a.key, e.product_number, e.title, e.date, e.kind, e.content_type, e.url)


def _contributions(a: ActivityData) -> Iterable[tuple]:
    for c in a.contributions:
        yield (
            a.key,
            c.number,
            c.source,
            c.source_kind,
            c.funder.name,
            c.kind,
            c.stage,
            c.amount,
            c.currency,
            c.hours,
            c.period_start,
            c.period_end,
            c.note,
        )


TABLES: tuple[Table, ...] = (
    Table(
        "activities",
        "Activities",
        (
            Field("key", "string", "The activity's key, unique within the plan"),
            Field("code", "string", "The code the plan wrote"),
            Field("area_number", "integer", "The number of its work area", required=True),
            Field("area", "string", "The title of its work area"),
            Field("period", "string", "S1, S2 (first or second half) or ANNUAL"),
            Field("title", "string", "What will be done", required=True),
            Field("details", "string", "More about it"),
            Field("location", "string", "Where"),
            Field("starts", "date", "When it starts, if the plan says"),
            Field("due", "date", "When it is due"),
            Field(
                "status",
                "string",
                "not_started, on_track, at_risk, delayed, done or cancelled",
                required=True,
            ),
            Field("status_date", "date", "When the status was last reported"),
            Field("leads", "string", "Who leads it, separated by '; '"),
            Field("url", "string", "Its page"),
        ),
        ("key",),
        (),
        _activities,
    ),
    Table(
        "products",
        "Products and targets",
        (
            Field("activity_key", "string", "The activity"),
            Field("number", "integer", "The product's number within the activity"),
            Field("description", "string", "The product", required=True),
            Field("target_quantity", "integer", "The number the plan commits to, if it names one"),
            Field("unit", "string", "What is counted"),
            Field("recurrence", "string", "An ISO 8601 duration for a recurring target (P2M)"),
            Field("target", "integer", "Pieces of evidence that deliver it", required=True),
            Field("delivered", "integer", "Pieces of evidence so far", required=True),
        ),
        ("activity_key", "number"),
        ACTIVITY,
        _products,
    ),
    Table(
        "progress",
        "Progress reports",
        (
            Field("activity_key", "string", "The activity"),
            Field("number", "integer", "The report's number within the activity, oldest first"),
            Field("date", "date", "The report's date", required=True),
            Field("status", "string", "The status reported", required=True),
            Field("note", "string", "The note"),
        ),
        ("activity_key", "number"),
        ACTIVITY,
        _progress,
    ),
    Table(
        "evidence",
        "Public evidence",
        (
            Field("id", "integer", "The evidence's number in Planea"),
            Field("activity_key", "string", "The activity", required=True),
            Field("product_number", "integer", "The product it delivers", required=True),
            Field("title", "string", "Its title", required=True),
            Field("date", "date", "Its date", required=True),
            Field("kind", "string", "file, link or minutes (of a meeting)", required=True),
            Field("content_type", "string", "A file's media type"),
            Field("url", "string", "Where to get it"),
        ),
        ("id",),
        ((("activity_key", "product_number"), "products", ("activity_key", "number")),),
        _evidence,
    ),
    Table(
        "contributions",
        "Contributions",
        (
            Field("activity_key", "string", "The activity"),
            Field("number", "integer", "The contribution's number within the activity"),
            Field("source", "string", "The funding source", required=True),
            Field("source_kind", "string", "project, cooperation, in_kind, undecided or other"),
            Field("funder", "string", "Who funds it"),
            Field("kind", "string", "cash, in_kind or tbd (to be defined)", required=True),
            Field("stage", "string", "planned or spent", required=True),
            Field("amount", "number", "An amount of money"),
            Field("currency", "string", "The amount's currency (ISO 4217)"),
            Field("hours", "number", "Hours of in-kind work"),
            Field("period_start", "date", "From"),
            Field("period_end", "date", "To"),
            Field("note", "string", "A note"),
        ),
        ("activity_key", "number"),
        ACTIVITY,
        _contributions,
    ),
)


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def table_csv(table: Table, plan: OpenPlan) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([field.name for field in table.fields])
    for activity in plan.activities:
        for row in table.rows(activity):
            writer.writerow([_cell(value) for value in row])
    return out.getvalue().encode("utf-8")


def descriptor(plan: OpenPlan, *, now: dt.datetime | None = None) -> dict:
    """The package's `datapackage.json`, as a dict."""
    stamp = (now or timezone.now()).astimezone(dt.UTC).replace(microsecond=0)
    licence = plan.licence
    return {
        "profile": PROFILE,
        "name": f"{plan.network_slug}-{plan.year}",
        "title": f"{plan.network_acronym} {plan.year}: {plan.title}",
        "description": plan.purpose or plan.title,
        "homepage": plan.url,
        "version": stamp.strftime("%Y%m%d.%H%M%S"),
        "created": stamp.isoformat().replace("+00:00", "Z"),
        "keywords": [plan.network_acronym, str(plan.year)],
        "licenses": [{"name": licence.spdx, "title": licence.title, "path": licence.url}],
        "contributors": [{"title": plan.network_name, "role": "publisher"}],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": table.name,
                "title": table.title,
                "path": table.path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table.schema(),
            }
            for table in TABLES
        ],
    }


def files(plan: OpenPlan, *, now: dt.datetime | None = None) -> dict[str, bytes]:
    """Each file of the package by its name."""
    found = {table.path: table_csv(table, plan) for table in TABLES}
    text = json.dumps(descriptor(plan, now=now), ensure_ascii=False, indent=2)
    found["datapackage.json"] = (text + "\n").encode("utf-8")
    return found


def render(plan: OpenPlan, *, now: dt.datetime | None = None) -> bytes:
    """The package as a zip file, `datapackage.json` first."""
    out = io.BytesIO()
    contents = files(plan, now=now)
    stamp = (now or timezone.now()).astimezone(dt.UTC)
    when = (stamp.year, stamp.month, stamp.day, stamp.hour, stamp.minute, stamp.second)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ["datapackage.json", *(t.path for t in TABLES)]:
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, contents[name])
    return out.getvalue()
