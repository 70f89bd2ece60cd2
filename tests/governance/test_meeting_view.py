"""A meeting's page shows only the activities and products its reader may
read: never the titles of a draft's activities to the public."""

from __future__ import annotations

import datetime as dt

from planea.governance.models import Meeting
from planea.plans.importer import import_plan
from tests.base import SOFTWARE_GROUP, PersonasTestCase, organisation, small_plan
from tests.governance.support import english, set_status

DRAFT_TITLE = "Borrador: taller secreto de 2018"


class MeetingPageTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        draft = import_plan(small_plan(2018), cls.network, source_name="plan-2018.txt")
        set_status(draft, "draft")
        cls.draft_activity = draft.activities.get(key="1.1.i")
        cls.draft_activity.title = DRAFT_TITLE
        cls.draft_activity.save()
        cls.adopted_activity = cls.plan.activities.get(key="1.1.i")
        cls.meeting = Meeting.objects.create(
            network=cls.network,
            organisation=organisation(cls.network, SOFTWARE_GROUP),
            title="Reunión del GT",
            date=dt.date(2017, 11, 10),
        )
        cls.meeting.activities.add(cls.draft_activity, cls.adopted_activity)
        cls.meeting.products.add(*cls.draft_activity.products.all())

    def test_the_public_and_a_coordinator_see_the_adopted_plans_activity_not_the_drafts(self):
        for user in (None, self.coordinator, self.viewer):
            response = english(user).get(self.url("meetings", self.meeting.pk))
            self.assertContains(response, self.adopted_activity.get_absolute_url())
            self.assertNotContains(response, DRAFT_TITLE)
            self.assertNotContains(response, self.draft_activity.get_absolute_url())

    def test_the_secretariat_and_the_committee_see_the_drafts_activity(self):
        for user in (self.secretariat, self.committee):
            response = english(user).get(self.url("meetings", self.meeting.pk))
            self.assertContains(response, DRAFT_TITLE)
