"""The timeline: every activity placed on the plan's year, in HTML and CSS."""

from __future__ import annotations

from django.utils import translation

from tests.base import PlanTestCase


def bar(response, key):
    return next(b for row in response.context["rows"] for b in row["bars"] if b.activity.key == key)


class TimelinePageTests(PlanTestCase):
    def test_every_activity_has_a_bar_grouped_by_area(self):
        response = self.bruno.get(self.url(2017, "timeline"))

        rows = response.context["rows"]
        assert [(r["area"].number, [b.activity.key for b in r["bars"]]) for r in rows] == [
            (1, ["1.1.i", "1.2.i", "1.3.i"]),
            (2, ["2.1.i", "2.2.i"]),
        ]
        self.assertContains(response, "Cronograma de 2017")

    def test_halves_and_the_whole_year_fill_their_part_of_the_year(self):
        response = self.bruno.get(self.url(2017, "timeline"))

        assert (bar(response, "2.1.i").left, bar(response, "2.1.i").width) == ("0.000", "49.589")
        assert (bar(response, "1.2.i").left, bar(response, "1.2.i").width) == ("49.589", "50.411")
        assert (bar(response, "1.3.i").left, bar(response, "1.3.i").width) == ("0.000", "100.000")

    def test_a_dated_event_sits_at_its_dates(self):
        response = self.bruno.get(self.url(2017, "timeline"))

        workshop = bar(response, "1.1.i")
        assert (workshop.left, workshop.width) == ("24.658", "4.110")
        self.assertContains(response, "1 de abril de 2017 – 15 de abril de 2017")

    def test_positions_stay_valid_css_in_a_language_with_decimal_commas(self):
        with translation.override("es"):
            html = self.bruno.get(self.url(2017, "timeline")).content.decode()

        assert 'style="left: 24.658%; width: 4.110%"' in html
        assert "24,658" not in html

    def test_month_names_follow_the_language(self):
        spanish = self.bruno.get(self.url(2017, "timeline"))
        english = self.bruno.get(self.url(2017, "timeline"), headers={"accept-language": "en"})

        self.assertContains(spanish, ">Ene</span>")
        self.assertContains(english, ">Jan</span>")

    def test_the_timeline_of_an_unknown_plan_is_not_found(self):
        assert self.bruno.get(self.url(1999, "timeline")).status_code == 404
