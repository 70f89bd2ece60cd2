"""The data package of a public plan, read back: `frictionless` accepts it,
its tables hold the plan, the contributions come back to the cent, the
network's licence is named, and nothing the public may not read is in it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from decimal import Decimal
from io import StringIO
from pathlib import Path
from tempfile import TemporaryDirectory

import frictionless
from django.core.management import call_command

from planea.plans.models import DataLicence, Network, Plan
from planea.reports import datapackage
from planea.reports.opendata import open_plan

from .opendata_support import fund, recorded
from .support import PRIVATE_FILE_TITLE, PUBLIC_FILE_TITLE, SITE, DemoTestCase

NOW = dt.datetime(2017, 9, 15, 12, 0, tzinfo=dt.UTC)


class DataPackageTests(DemoTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.contributions = fund(cls.plan)

    def package(self) -> bytes:
        return datapackage.render(open_plan(self.plan, base_url=SITE), now=NOW)

    def files(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.package())) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def table(self, name: str) -> list[dict[str, str]]:
        text = self.files()[f"{name}.csv"].decode("utf-8")
        return list(csv.DictReader(io.StringIO(text, newline="")))

    def test_frictionless_validates_the_demo_package(self):
        with TemporaryDirectory() as folder:
            path = Path(folder) / "red-gealc-2017.zip"
            path.write_bytes(self.package())

            report = frictionless.validate(str(path))

        assert report.valid, report.flatten(["type", "note"])
        assert [task.name for task in report.tasks] == [
            "activities",
            "products",
            "progress",
            "evidence",
            "contributions",
        ]
        assert report.tasks[0].stats["rows"] == 44

    def test_each_table_has_a_schema_with_types_and_keys(self):
        descriptor = json.loads(self.files()["datapackage.json"])
        schemas = {r["name"]: r["schema"] for r in descriptor["resources"]}

        assert schemas["activities"]["primaryKey"] == ["key"]
        assert schemas["products"]["foreignKeys"] == [
            {"fields": ["activity_key"], "reference": {"resource": "activities", "fields": ["key"]}}
        ]
        types = {f["name"]: f["type"] for f in schemas["contributions"]["fields"]}
        assert types["amount"] == "number" and types["period_end"] == "date"
        assert types["hours"] == "number"

    def test_the_licence_is_the_networks_cc_by_4_by_default(self):
        descriptor = json.loads(self.files()["datapackage.json"])

        assert descriptor["licenses"] == [
            {
                "name": "CC-BY-4.0",
                "title": "CC BY 4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
            }
        ]

    def test_a_network_that_chose_another_licence_publishes_under_it(self):
        Network.objects.filter(pk=self.network.pk).update(data_licence=DataLicence.ODBL_1_0)
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)

        (licence,) = json.loads(self.files()["datapackage.json"])["licenses"]

        assert licence["name"] == "ODbL-1.0"

    def test_contributions_come_back_as_they_were_recorded(self):
        rows = self.table("contributions")

        found = [
            (
                r["activity_key"],
                r["source"],
                r["kind"],
                r["stage"],
                Decimal(r["amount"]) if r["amount"] else None,
                r["currency"],
                Decimal(r["hours"]) if r["hours"] else None,
                r["period_start"],
                r["period_end"],
                r["note"],
            )
            for r in rows
        ]
        expected = [
            (
                c.activity.key,
                c.source.name,
                c.kind,
                c.stage,
                c.amount,
                c.currency,
                c.hours,
                c.period_start.isoformat() if c.period_start else "",
                c.period_end.isoformat() if c.period_end else "",
                c.note,
            )
            for c in recorded(self.plan)
        ]
        assert found == expected
        assert "12345.67" in [r["amount"] for r in rows]

    def test_products_carry_targets_and_what_was_delivered(self):
        rows = {(r["activity_key"], r["number"]): r for r in self.table("products")}

        software = rows[("1.1.i", "1")]
        assert software["target"] == "1" and software["delivered"] == "2"
        assert len(self.table("activities")) == 44

    def test_progress_is_every_report_oldest_first(self):
        rows = [r for r in self.table("progress") if r["activity_key"] == "1.1.i"]

        assert [(r["number"], r["date"], r["status"]) for r in rows] == [
            ("1", "2017-03-01", "on_track"),
            ("2", "2017-04-20", "done"),
        ]

    def test_only_public_evidence_is_listed(self):
        rows = self.table("evidence")
        everything = b"".join(self.files().values())

        assert {r["title"] for r in rows} == {"Relatoría del taller", PUBLIC_FILE_TITLE}
        assert PRIVATE_FILE_TITLE.encode() not in everything
        assert f"/evidence/{self.evidence['private_file'].pk}/".encode() not in everything

    def test_the_command_writes_the_zip(self):
        with TemporaryDirectory() as folder:
            path = Path(folder) / "datos.zip"
            call_command(
                "export", "2017", "--network", "Red GEALC", "-o", str(path), stdout=StringIO()
            )

            with zipfile.ZipFile(path) as archive:
                names = archive.namelist()

        assert names[0] == "datapackage.json"
        assert "contributions.csv" in names
