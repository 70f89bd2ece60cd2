"""The activity page runs the same number of queries whatever the number of
progress reports, pieces of evidence and history rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planea.plans.models import Activity, Product
from planea.tracking.models import Evidence, record_progress
from tests.tracking.support import TrackingTestCase

pytestmark = pytest.mark.engine("query counts")


class ActivityPageQueryTests(TrackingTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.activity = Activity.objects.get(plan=self.plan, key="1.3.i")
        self.product = Product.objects.get(activity=self.activity)

    def add_tracking(self, count: int) -> None:
        for n in range(count):
            record_progress(
                self.activity,
                author=self.sara,
                status="on_track",
                note=f"Reunión {n}",
                date=dt.date(2017, 1, 1 + n % 28),
                seen_version=self.activity.version,
            )
            Evidence.objects.create(
                product=self.product,
                title=f"Acta {n}",
                url=f"https://actas.example.org/{n}",
                is_public=n % 2 == 0,
                added_by=self.sara,
            )

    def queries(self, user) -> int:
        client = self.as_user(user)
        client.get(self.url(2017, "1.3.i"))  # the session, warmed
        with CaptureQueriesContext(connection) as captured:
            response = client.get(self.url(2017, "1.3.i"))
        assert response.status_code == 200
        return len(captured)

    def test_the_count_does_not_grow_with_reports_evidence_or_history(self):
        people = {"anonymous": None, "viewer": self.vera, "secretariat": self.sara}
        self.add_tracking(1)
        few = {role: self.queries(user) for role, user in people.items()}

        self.add_tracking(30)
        many = {role: self.queries(user) for role, user in people.items()}

        assert many == few
        # And a sensible number: no query per row slipped in at 1 either.
        assert few["anonymous"] <= 10, few
        # (The Secretariat's two more than before issue 16: the contributions'
        # form and the funding sources it offers.)
        assert few["secretariat"] <= 22, few

    def test_thirty_reports_and_pieces_are_all_on_the_page(self):
        self.add_tracking(30)

        response = self.as_user(self.sara).get(self.url(2017, "1.3.i"))

        self.assertContains(response, "Reunión 29")
        self.assertContains(response, "Acta 29")
        self.assertContains(
            response, '<span class="counter counter--complete">30 de 6</span>', html=True
        )
