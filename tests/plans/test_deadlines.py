"""The deadline rule, in its one home: when an activity is overdue, due today,
due soon or later, for one activity (`Activity`) and for a query
(`ActivityQuerySet`), which must agree. The page, the dashboards, the annual
report and the reminders all read it from here."""

from __future__ import annotations

import datetime as dt

from planea.plans.models import (
    DUE_SOON_DAYS,
    Activity,
    ActivityStatus,
    Deadline,
)
from tests.base import PlanTestCase

TODAY = dt.date(2017, 6, 1)


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


class ActivityDeadlineTests(PlanTestCase):
    def state(self, due: dt.date | None, status: str = ActivityStatus.ON_TRACK):
        return Activity(due=due, status=status).deadline_state(TODAY)

    def test_due_yesterday_is_overdue_by_one_day(self):
        activity = Activity(due=days(-1), status=ActivityStatus.DELAYED)

        assert activity.deadline_state(TODAY) == Deadline.OVERDUE
        assert activity.is_overdue(TODAY)
        assert (activity.days_to_due(TODAY), activity.days_late(TODAY)) == (-1, 1)

    def test_due_today_is_not_overdue_yet(self):
        activity = Activity(due=TODAY, status=ActivityStatus.NOT_STARTED)

        assert activity.deadline_state(TODAY) == Deadline.TODAY
        assert not activity.is_overdue(TODAY)
        assert activity.days_late(TODAY) == 0

    def test_due_within_the_window_is_due_soon_and_after_it_later(self):
        assert self.state(days(1)) == Deadline.SOON
        assert self.state(days(DUE_SOON_DAYS)) == Deadline.SOON
        assert self.state(days(DUE_SOON_DAYS + 1)) == Deadline.LATER
        assert Activity(due=days(8), status="on_track").deadline_state(TODAY, 7) == Deadline.LATER

    def test_done_or_cancelled_activities_are_never_overdue_nor_due(self):
        for status in (ActivityStatus.DONE, ActivityStatus.CANCELLED):
            activity = Activity(due=days(-100), status=status)

            assert not activity.is_open
            assert activity.deadline_state(TODAY) is None
            assert not activity.is_overdue(TODAY)
            assert (activity.days_to_due(TODAY), activity.days_late(TODAY)) == (None, 0)

    def test_an_undated_activity_has_no_deadline(self):
        assert self.state(None) is None
        assert not Activity(due=None, status=ActivityStatus.DELAYED).is_overdue(TODAY)


class QuerySetDeadlineTests(PlanTestCase):
    """The queryset's verbs pick exactly the activities the instance says."""

    CASES = {
        # key: (days from TODAY to the due date, status)
        "1.1.i": (-1, ActivityStatus.DELAYED),
        "1.2.i": (0, ActivityStatus.NOT_STARTED),
        "1.3.i": (DUE_SOON_DAYS, ActivityStatus.ON_TRACK),
        "2.1.i": (DUE_SOON_DAYS + 1, ActivityStatus.ON_TRACK),
        "2.2.i": (-10, ActivityStatus.DONE),
    }

    def setUp(self) -> None:
        super().setUp()
        activities = self.plan.activities.all()
        assert {a.key for a in activities} == set(self.CASES)
        for activity in activities:
            offset, status = self.CASES[activity.key]
            activity.due = days(offset)
            activity.starts = None
            activity.status = status
            activity.save(update_fields=["due", "starts", "status"])

    def keys(self, queryset) -> list[str]:
        return sorted(queryset.values_list("key", flat=True))

    def test_overdue_is_open_and_due_before_today(self):
        assert self.keys(self.plan.activities.overdue(TODAY)) == ["1.1.i"]

    def test_due_soon_runs_from_today_to_the_end_of_the_window(self):
        assert self.keys(self.plan.activities.due_soon(TODAY)) == ["1.2.i", "1.3.i"]

    def test_needing_attention_is_overdue_or_due_soon(self):
        assert self.keys(self.plan.activities.needing_attention(TODAY)) == [
            "1.1.i",
            "1.2.i",
            "1.3.i",
        ]

    def test_the_queries_agree_with_each_activity(self):
        activities = list(self.plan.activities.all())
        overdue = sorted(a.key for a in activities if a.is_overdue(TODAY))
        soon = sorted(
            a.key for a in activities if a.deadline_state(TODAY) in (Deadline.TODAY, Deadline.SOON)
        )
        open_ = sorted(a.key for a in activities if a.is_open)

        assert self.keys(self.plan.activities.overdue(TODAY)) == overdue
        assert self.keys(self.plan.activities.due_soon(TODAY)) == soon
        assert self.keys(self.plan.activities.open()) == open_
