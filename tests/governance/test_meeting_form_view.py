"""The meeting's form (new and edit): the activities of one plan of the
network, never a draft's to whoever may not read it; minutes that count only
toward the products of the activities the meeting served."""

from __future__ import annotations

import datetime as dt

from planea.governance.models import Meeting
from planea.plans.importer import import_plan
from planea.plans.models import Activity, Product
from planea.tracking.models import Evidence
from tests.base import SOFTWARE_GROUP, PersonasTestCase, organisation, small_plan
from tests.governance.support import english, set_status


class MeetingFormTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.group = organisation(cls.network, SOFTWARE_GROUP)
        cls.draft = import_plan(small_plan(2018), cls.network, source_name="plan-2018.txt")
        set_status(cls.draft, "draft")
        cls.served = Activity.objects.get(plan=cls.plan, key="1.1.i")  # led by the group

    def form(self, **fields) -> dict:
        return {
            "organisation": self.group.pk,
            "title": "Reunión del GT de software público",
            "kind": "virtual",
            "date": "2017-03-10",
            "minutes": "Se revisaron las metas del grupo.",
            "minutes_public": "on",
            **fields,
        }

    def offered(self, response, field: str) -> set[int]:
        return {choice.pk for choice in response.context["form"].fields[field].queryset}

    def test_with_several_plans_the_secretariat_chooses_the_plan_first(self):
        response = english(self.secretariat).get(self.url("meetings", "new"))

        self.assertTemplateUsed(response, "governance/meeting_plan.html")
        self.assertContains(response, 'name="plan" value="2017"')
        self.assertContains(response, 'name="plan" value="2018"')

    def test_the_form_offers_the_activities_of_the_chosen_plan_only(self):
        response = english(self.secretariat).get(self.url("meetings", "new") + "?plan=2018")

        offered = self.offered(response, "activities")
        assert offered == set(self.draft.activities.values_list("pk", flat=True))
        products = Product.objects.filter(pk__in=self.offered(response, "products"))
        assert {p.activity.plan_id for p in products} <= {self.draft.pk}

    def test_a_coordinator_is_offered_neither_a_draft_plan_nor_its_activities(self):
        client = english(self.coordinator)

        page = client.get(self.url("meetings", "new"))
        assert self.offered(page, "activities") == set(
            self.plan.activities.values_list("pk", flat=True)
        )
        refused = client.get(self.url("meetings", "new") + "?plan=2018")
        self.assertTemplateUsed(refused, "governance/meeting_plan.html")
        self.assertNotContains(refused, 'value="2018"')

    def test_an_activity_of_another_plan_is_refused(self):
        other = self.draft.activities.get(key="1.1.i")

        response = english(self.secretariat).post(
            self.url("meetings", "new") + "?plan=2017", self.form(activities=[other.pk])
        )

        assert response.status_code == 400
        assert "activities" in response.context["form"].errors
        assert not Meeting.objects.exists()

    def test_minutes_may_not_count_toward_a_product_of_an_activity_the_meeting_did_not_serve(
        self,
    ):
        elsewhere = Product.objects.filter(activity__plan=self.plan).exclude(activity=self.served)[
            0
        ]

        response = english(self.secretariat).post(
            self.url("meetings", "new") + "?plan=2017",
            self.form(activities=[self.served.pk], products=[elsewhere.pk]),
        )

        assert response.status_code == 400
        assert list(response.context["form"].errors) == ["products"]
        assert not Evidence.objects.exists()

    def test_minutes_count_toward_the_products_of_the_activity_the_meeting_served(self):
        product = self.served.products.first()

        response = english(self.coordinator).post(
            self.url("meetings", "new") + "?plan=2017",
            self.form(activities=[self.served.pk], products=[product.pk]),
        )

        assert response.status_code == 302
        assert Evidence.objects.get().product == product

    def test_editing_keeps_the_links_the_form_does_not_offer(self):
        draft_activity = self.draft.activities.get(key="1.1.i")
        meeting = Meeting.objects.create(
            network=self.network, organisation=self.group, title="GT", date=dt.date(2017, 3, 1)
        )
        meeting.activities.add(self.served, draft_activity)

        response = english(self.coordinator).post(
            self.url("meetings", meeting.pk, "edit"),
            self.form(title="GT, corregida", activities=[self.served.pk]),
        )

        assert response.status_code == 302
        assert set(meeting.activities.all()) == {self.served, draft_activity}

    def test_the_long_lists_are_checkboxes_with_a_filter_script(self):
        response = english(self.coordinator).get(self.url("meetings", "new"))

        self.assertContains(response, 'type="checkbox" name="activities"')
        self.assertContains(response, 'class="filterable"')
        self.assertContains(response, "/static/planea/checklist-filter.js")
        self.assertContains(response, "An activity with no lead is reported by the Secretariat.")

    def test_editing_a_meeting_offers_its_plan_and_another_on_request(self):
        meeting = Meeting.objects.create(
            network=self.network, organisation=self.group, title="GT", date=dt.date(2018, 3, 1)
        )
        meeting.activities.add(self.served)  # of 2017, though held in 2018
        client = english(self.secretariat)

        form_page = client.get(self.url("meetings", meeting.pk, "edit"))
        picker = client.get(self.url("meetings", meeting.pk, "edit") + "?choose=plan")

        assert form_page.context["plan"] == self.plan
        self.assertContains(form_page, "?choose=plan")
        self.assertContains(picker, 'value="2017" id="plan-2017" required checked', html=False)
