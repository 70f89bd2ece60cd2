"""A plan's own clock: an open plan is judged against today (the demo's
today is a day of 2017, `PLANEA_TODAY`), a closed plan against the day its
closing took effect; every step records when it took effect and when it
was entered."""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.utils import timezone

from planea.core import clock
from planea.governance import lifecycle
from planea.governance.models import PlanTransition, TransitionError
from planea.reports.data import annual_report
from planea.tracking.dashboard import plan_dashboard
from tests.base import PersonasTestCase
from tests.governance.support import assembly_meeting, english, set_status

D = dt.date
MID_2017 = D(2017, 7, 10)


class ClockTests(PersonasTestCase):
    def test_today_is_the_local_date_unless_planea_today_names_another_day(self):
        assert clock.today() == timezone.localdate()
        with override_settings(PLANEA_TODAY=MID_2017):
            assert clock.today() == MID_2017

    @override_settings(PLANEA_TODAY=MID_2017)
    def test_an_open_plan_is_judged_against_today(self):
        set_status(self.plan, "in_execution")

        dashboard = plan_dashboard(self.plan)

        assert self.plan.as_of() == MID_2017
        # 1.1.i (15 April) and 2.1.i (30 June) are late; nothing by thousands of days.
        assert [(c.key, c.days_late) for c in dashboard.overdue] == [("1.1.i", 86), ("2.1.i", 10)]

    def test_a_closed_plan_is_judged_against_the_day_its_closing_took_effect(self):
        set_status(self.plan, "in_execution")
        lifecycle.close(self.plan, self.secretariat, effective_on=MID_2017)

        dashboard = plan_dashboard(self.plan)
        report = annual_report(self.plan, self.secretariat)

        assert self.plan.as_of() == MID_2017
        assert dashboard.today == MID_2017
        assert [(c.key, c.days_late) for c in dashboard.overdue] == [("1.1.i", 86), ("2.1.i", 10)]
        assert report.cover.generated == MID_2017

    def test_a_closed_plan_without_its_closing_on_record_stops_at_its_years_end(self):
        set_status(self.plan, "closed")

        assert self.plan.as_of() == D(2017, 12, 31)

    def test_the_activity_page_counts_days_overdue_from_the_plans_day(self):
        set_status(self.plan, "in_execution")
        lifecycle.close(self.plan, self.secretariat, effective_on=MID_2017)

        response = english(self.secretariat).get(self.url(2017, "2.1.i"))

        assert response.context["deadline"] == {"state": "overdue", "days": 10}


class EffectiveDateTests(PersonasTestCase):
    def test_an_approval_took_effect_on_its_meetings_day_and_was_entered_now(self):
        set_status(self.plan, "proposed")
        meeting = assembly_meeting(self.network, D(2016, 12, 2))

        lifecycle.approve(self.plan, meeting, self.secretariat)

        step = PlanTransition.objects.get(plan=self.plan)
        assert step.effective_on == D(2016, 12, 2)
        assert step.created.date() == timezone.now().date()

    @override_settings(PLANEA_TODAY=D(2017, 2, 1))
    def test_a_step_without_a_day_takes_effect_on_planeas_today(self):
        set_status(self.plan, "approved")

        step = lifecycle.start(self.plan, self.secretariat)

        assert step.effective_on == D(2017, 2, 1)

    def test_a_step_cannot_take_effect_on_a_day_to_come(self):
        set_status(self.plan, "in_execution")

        with self.assertRaises(TransitionError):
            lifecycle.close(
                self.plan, self.secretariat, effective_on=clock.today() + dt.timedelta(1)
            )
        self.plan.refresh_from_db()
        assert self.plan.status == "in_execution"

    def test_a_step_cannot_take_effect_before_the_plans_previous_step(self):
        set_status(self.plan, "approved")
        lifecycle.start(self.plan, self.secretariat, effective_on=D(2017, 2, 1))

        with self.assertRaises(TransitionError) as refused:
            lifecycle.close(self.plan, self.secretariat, effective_on=D(2017, 1, 15))

        assert "1 de febrero de 2017" in refused.exception.message

    def test_the_life_cycle_shows_when_a_step_took_effect_and_when_it_was_entered(self):
        set_status(self.plan, "approved")
        lifecycle.start(self.plan, self.secretariat, effective_on=D(2017, 2, 1))

        response = english(self.secretariat).get(self.url(2017))

        self.assertContains(response, '<time class="lifecycle__effective" datetime="2017-02-01">')
        self.assertContains(response, 'class="lifecycle__entered"')
