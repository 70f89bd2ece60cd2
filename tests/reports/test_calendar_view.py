"""`/<network>/<year>/calendar.ics`: a public plan's calendar at a stable
address, for calendar applications to subscribe to."""

from __future__ import annotations

import icalendar

from planea.plans.models import Plan

from .support import DemoTestCase


class CalendarViewTests(DemoTestCase):
    def get(self, person=None):
        return self.client_for(person).get(self.url("calendar.ics"))

    def test_a_public_plans_calendar_needs_no_login(self):
        response = self.get()

        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"].startswith("inline;")
        assert "public" in response["Cache-Control"]
        calendar = icalendar.Calendar.from_ical(response.content)
        assert str(calendar["x-wr-calname"]).startswith("Red GEALC 2017")

    def test_it_answers_the_same_events_every_time(self):
        def uids():
            calendar = icalendar.Calendar.from_ical(self.get().content)
            return [str(event["uid"]) for event in calendar.walk("VEVENT")]

        assert uids() == uids()

    def test_a_drafts_calendar_is_not_published_even_to_the_secretariat(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)

        assert self.get().status_code == 404
        assert self.get(self.sofia).status_code == 404
