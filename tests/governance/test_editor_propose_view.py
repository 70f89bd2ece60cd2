"""Proposing, or discarding, the changes gathered in the editor for an
adopted plan: an amendment proposal with its diff, the plan unchanged."""

from __future__ import annotations

from planea.governance import editor
from planea.governance.models import PlanVersion, VersionKind, WorkingCopy
from planea.plans import editing
from planea.plans.models import Area
from tests.base import PersonasTestCase
from tests.governance.support import set_status


class EditorProposeViewTests(PersonasTestCase):
    def setUp(self) -> None:
        super().setUp()
        set_status(self.plan, "approved")
        self.carlos = self.client_for(self.committee)
        self.carlos.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    def gather(self) -> None:
        editor.change(
            self.plan, self.committee, lambda d: editing.add_area(d, number=3, title="Datos")
        )

    def test_the_changes_become_an_amendment_proposal_shown_with_its_diff(self):
        self.gather()
        response = self.carlos.post(self.url(2017, "edit", "propose"), {"note": "Un área"})
        version = PlanVersion.objects.get(plan=self.plan, kind=VersionKind.AMENDMENT_PROPOSAL)
        assert response["Location"] == self.url(2017, "amendments", version.number)
        assert version.note == "Un área"
        page = self.carlos.get(response["Location"])
        self.assertContains(page, 'id="diff-area-3"')
        assert not Area.objects.filter(plan=self.plan, number=3).exists()
        assert not WorkingCopy.objects.filter(plan=self.plan).exists()

    def test_nothing_gathered_is_nothing_to_propose(self):
        response = self.carlos.post(self.url(2017, "edit", "propose"), follow=True)
        self.assertContains(response, "Nothing has been changed in the editor yet.")
        assert not PlanVersion.objects.filter(plan=self.plan).exists()

    def test_discarding_drops_the_working_copy_and_changes_nothing_else(self):
        self.gather()
        response = self.carlos.post(self.url(2017, "edit", "discard"))
        assert response.status_code == 302
        assert not WorkingCopy.objects.filter(plan=self.plan).exists()
        assert not PlanVersion.objects.filter(plan=self.plan).exists()

    def test_a_viewer_may_neither_propose_nor_discard(self):
        self.gather()
        vera = self.client_for(self.viewer)
        assert vera.post(self.url(2017, "edit", "propose")).status_code == 403
        assert vera.post(self.url(2017, "edit", "discard")).status_code == 403
        assert WorkingCopy.objects.filter(plan=self.plan).exists()
