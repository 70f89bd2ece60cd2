"""The report's charts: valid SVG, the same bytes every time, in the reader's
language, and PNG for Word."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from planea.plans.importer import import_plan
from planea.plans.models import Plan
from planea.reports import charts
from planea.reports.data import annual_report
from tests.base import big_plan, make_network

from .support import SITE, TODAY, DemoTestCase

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 -- our own drawing, not untrusted input


def texts(svg: str) -> str:
    """Every piece of text in the picture, joined."""
    return " ".join(t.text or "" for t in parse(svg).iter(f"{SVG}text"))


class ChartTests(DemoTestCase):
    def report(self, language="en"):
        with translation.override(language):
            return annual_report(self.plan, self.public, TODAY, base_url=SITE)

    def svg(self, language="en"):
        with translation.override(language):
            return {chart.key: chart for chart in charts.svg_charts(self.report(language))}

    def test_there_are_four_charts_each_a_valid_svg_document(self):
        drawn = self.svg()

        # The fourth: the demo's contributions in USD, one chart per currency.
        assert list(drawn) == ["status", "products", "timeline", "funding-usd"]
        for chart in drawn.values():
            root = parse(chart.data)
            assert root.tag == f"{SVG}svg"
            assert chart.title and chart.description

    def test_the_same_report_draws_the_same_bytes(self):
        first, second = self.svg(), self.svg()

        for key in first:
            assert first[key].data == second[key].data
        assert "<dc:date>" not in first["status"].data

    def test_no_two_charts_share_an_id_so_they_can_share_a_page(self):
        ids = []
        for chart in self.svg().values():
            ids += re.findall(r'\bid="([^"]+)"', chart.data)

        assert len(ids) == len(set(ids))
        for chart in self.svg().values():
            for target in re.findall(r"url\(#([^)]+)\)|href=\"#([^\"]+)\"", chart.data):
                name = target[0] or target[1]
                assert name.startswith(f"chart-{chart.key}-")
                assert f'id="{name}"' in chart.data

    def test_every_status_is_in_the_legend_and_the_figures_are_written(self):
        status = texts(self.svg()["status"].data)

        for label in ("Done", "On track", "At risk", "Delayed", "Not started", "Cancelled"):
            assert label in status
        assert "1. Mecanismo colaborativo de software" in status
        assert "Activities" in status

    def test_labels_are_in_the_readers_language(self):
        spanish = texts(self.svg("es")["status"].data)
        timeline = texts(self.svg("es")["timeline"].data)

        assert "Realizada" in spanish and "Actividades" in spanish
        assert "Primer semestre" in timeline and "Ene" in timeline

    def test_the_timeline_names_every_activity_and_marks_today(self):
        timeline = texts(self.svg()["timeline"].data)

        for activity in self.report().activities:
            assert activity.label in timeline
        assert "Today, Sept. 15, 2017" in timeline

    def test_the_timeline_of_another_year_has_no_today(self):
        with translation.override("en"):
            report = annual_report(self.plan, self.public, TODAY.replace(year=2019))
            timeline = texts(charts.svg_charts(report)[2].data)

        assert "2019" not in timeline

    def test_charts_for_word_are_png_and_the_same_every_time(self):
        report = self.report()
        with translation.override("en"):
            first, second = charts.png_charts(report), charts.png_charts(report)

        for one, two in zip(first, second, strict=True):
            assert one.data.startswith(b"\x89PNG\r\n\x1a\n")
            assert one.data == two.data


@pytest.mark.django_db
def test_a_plan_of_30_areas_and_90_activities_draws_a_lane_per_area_within_a_page():
    network = make_network("Red Grande", "red-grande")
    parsed = big_plan(90, year=2017, per_area=3)
    plan = Plan.objects.select_related("network").get(pk=import_plan(parsed, network).pk)
    # Past both thresholds, as 2,000 activities would be; 30 bars would need
    # 14 inches uncapped.
    assert plan.activities.count() > charts.TIMELINE_ROWS
    assert plan.areas.count() > charts.LONG_LIST

    with translation.override("en"):
        drawn = charts.svg_charts(annual_report(plan, None, TODAY, base_url=SITE))

    for chart in drawn:
        root = parse(chart.data)
        assert float(root.get("height").removesuffix("pt")) <= 9.5 * 72
    lanes = texts(drawn[2].data).split()
    assert "1.1.i" not in lanes
    assert str(len(plan.areas.all())) in lanes
