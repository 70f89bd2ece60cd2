"""The editor's work-area pages: an area edited, moved and removed; a stale
form is a conflict."""

from __future__ import annotations

from planea.plans.models import Area
from tests.base import PersonasTestCase
from tests.governance.editor_support import area_version
from tests.governance.support import set_status


class AreaEditorViewTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "draft")
        self.carlos = self.client_for(self.committee)
        self.carlos.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def form(self, index: int = 0, **changes) -> dict:
        area = Area.objects.filter(plan=self.plan).order_by("order")[index]
        data = {"number": area.number, "title": area.title, "objective": area.objective}
        data["version"] = area_version(self.plan, self.committee, index)
        return {**data, **changes}

    def test_an_areas_title_is_changed(self):
        response = self.carlos.post(
            self.url(2017, "edit", "areas", 0), self.form(title="Software público regional")
        )
        assert response.status_code == 302
        assert Area.objects.get(plan=self.plan, number=1).title == "Software público regional"

    def test_a_stale_form_is_a_conflict_and_changes_nothing(self):
        stale = self.form(title="Segundo")
        self.carlos.post(self.url(2017, "edit", "areas", 0), self.form(title="Primero"))
        response = self.carlos.post(self.url(2017, "edit", "areas", 0), stale)
        assert response.status_code == 409
        self.assertContains(response, "Someone else changed this work area", status_code=409)
        assert Area.objects.get(plan=self.plan, number=1).title == "Primero"

    def test_moving_the_first_area_down_puts_the_second_first(self):
        self.carlos.post(
            self.url(2017, "edit", "areas", 0, "move"),
            {"direction": "down", "version": area_version(self.plan, self.committee, 0)},
        )
        numbers = Area.objects.filter(plan=self.plan).order_by("order")
        assert list(numbers.values_list("number", "order")) == [(2, 0), (1, 1)]

    def test_a_move_sent_from_a_stale_page_is_refused_with_a_message(self):
        version = area_version(self.plan, self.committee, 0)
        self.carlos.post(self.url(2017, "edit", "areas", 0), self.form(title="Cambiada"))
        response = self.carlos.post(
            self.url(2017, "edit", "areas", 0, "move"),
            {"direction": "down", "version": version},
            follow=True,
        )
        self.assertContains(response, "Someone else changed the plan")
        assert Area.objects.get(plan=self.plan, order=0).number == 1

    def test_removing_an_area_removes_its_activities(self):
        response = self.carlos.post(
            self.url(2017, "edit", "areas", 1, "remove"),
            {"version": area_version(self.plan, self.committee, 1)},
        )
        assert response.status_code == 302
        assert list(Area.objects.filter(plan=self.plan).values_list("number", flat=True)) == [1]
        assert self.plan.activities.count() == 3
