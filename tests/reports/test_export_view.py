"""`/<network>/<year>/export.<csv|xlsx|json|ics>`: the plan's data, for
whoever may read the plan."""

from __future__ import annotations

import io
import json

import icalendar
import openpyxl

from planea.plans.models import Plan

from .support import DemoTestCase


class ExportViewTests(DemoTestCase):
    def get(self, fmt: str, person=None, **headers):
        return self.client_for(person).get(self.url(f"export.{fmt}"), headers=headers)

    def test_activities_as_csv(self):
        response = self.get("csv", accept_language="en")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"] == (
            'attachment; filename="red-gealc-2017-activities.csv"'
        )
        assert response.content.startswith(b"\xef\xbb\xbfKey,Code,")

    def test_activities_as_xlsx(self):
        response = self.get("xlsx")

        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        assert sheet.max_row == 45

    def test_the_whole_plan_as_json_in_the_plan_format(self):
        response = self.get("json")

        assert response["Content-Type"] == "application/json"
        assert response["Content-Disposition"].endswith('-plan.json"')
        document = json.loads(response.content)
        assert document["year"] == 2017
        assert len(document["areas"]) == 6

    def test_the_calendar(self):
        response = self.get("ics")

        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        calendar = icalendar.Calendar.from_ical(response.content)
        assert len(calendar.walk("VEVENT")) >= 44

    def test_a_draft_is_not_found_for_the_public_and_found_for_the_committee(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)

        for fmt in ("csv", "xlsx", "json", "ics"):
            assert self.get(fmt).status_code == 404
        assert self.get("json", self.sofia).status_code == 200

    def test_an_unknown_format_is_not_found(self):
        unknown = self.client_for(None).get(self.url("export.pdf"), follow=True)
        assert unknown.status_code == 404
