"""`record_progress`: the report and the status land together, once per
version, and leave a trace in the activity's own history."""

from __future__ import annotations

import datetime as dt

import pytest

from planea.plans.models import Activity, StaleVersion
from planea.tracking.models import ProgressUpdate, record_progress
from tests.tracking.support import TrackingTestCase


class RecordProgressTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")

    def test_a_report_writes_the_update_the_status_and_one_history_row_each(self):
        update = record_progress(
            self.activity,
            author=self.cora,
            status="on_track",
            note="Listo",
            date=dt.date(2017, 3, 1),
            seen_version=1,
        )

        rows = list(Activity.history.filter(id=self.activity.pk).order_by("history_date"))
        assert [(r.history_type, r.status, r.version) for r in rows] == [
            ("+", "not_started", 1),
            ("~", "on_track", 2),
        ]
        assert rows[-1].history_user == self.cora
        assert rows[-1].history_change_reason == f"progress update {update.pk}"
        [created] = ProgressUpdate.history.all()
        assert (created.history_type, created.history_user, created.note) == (
            "+",
            self.cora,
            "Listo",
        )

    def test_the_second_report_on_the_same_version_is_refused_and_writes_nothing(self):
        record_progress(self.activity, author=self.cora, status="on_track", seen_version=1)

        with pytest.raises(StaleVersion) as refused:
            record_progress(self.activity, author=self.sara, status="delayed", seen_version=1)

        assert (refused.value.seen, refused.value.current) == (1, 2)
        assert ProgressUpdate.objects.count() == 1
        assert Activity.history.filter(id=self.activity.pk).count() == 2
        assert Activity.objects.get(pk=self.activity.pk).status == "on_track"
