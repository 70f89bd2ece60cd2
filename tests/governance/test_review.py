"""A draft carried over from last year's plan flags what still speaks of
last year, on its plan page and in its editor, until it is rewritten."""

from __future__ import annotations

from planea.governance.review import draft_review, year_bound
from planea.governance.rollover import rollover
from planea.plans.models import Activity, Plan
from tests.base import PersonasTestCase
from tests.governance.support import set_status


def test_years_and_ordinals_are_tied_to_a_year_first_and_second_are_not():
    assert year_bound("Onceava Reunión Anual… Plan de trabajo 2018") == ("Onceava", "2018")
    assert year_bound("Quinto taller regional de la X Reunión Anual") == ("Quinto", "X")
    assert year_bound("Misión de los ganadores de los Premios excelGOB 2016.") == ("2016",)
    assert year_bound("5º encuentro, 11th meeting, III Reunión Ministerial") == (
        "5º",
        "11th",
        "III",
    )
    assert year_bound("Actividades del segundo semestre: cuatro adaptaciones") == ()


class DraftReviewTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        set_status(cls.plan, "in_execution")
        cls.draft = rollover(cls.plan, cls.secretariat).plan

    def test_year_bound_text_and_last_years_background_are_flagged_in_the_draft(self):
        review = draft_review(self.draft)

        assert review is not None and review.previous_year == 2017
        flags = review.by_key["1.1.i"]
        assert [(f.field, f.found) for f in flags] == [
            ("title", ("Quinto",)),
            ("details", ("2017",)),
        ]
        assert [t.field for t in review.texts] == ["background", "purpose"]

    def test_a_rewritten_text_is_no_longer_flagged(self):
        Activity.objects.filter(plan=self.draft, key="1.1.i").update(
            title="Sexto taller regional de software público", details="Montevideo, 2018."
        )
        Plan.objects.filter(pk=self.draft.pk).update(background="La red en 2018.", sections=[])
        self.draft.refresh_from_db()

        review = draft_review(self.draft)

        assert "1.1.i" not in review.by_key
        assert [t.field for t in review.texts] == ["purpose"]

    def test_an_adopted_plan_is_not_reviewed(self):
        assert draft_review(set_status(self.draft, "approved")) is None

    def test_the_draft_plan_page_shows_the_flags_in_spanish(self):
        page = self.client_for(self.secretariat).get(self.url(2018)).content.decode()

        assert 'id="draft-review"' in page
        assert "A revisar para 2018" in page
        assert '<mark class="review-flag__found" lang="es">Quinto</mark>' in page
        assert 'class="review-flag review-flag--rewrite" data-field="background"' in page

    def test_the_draft_editor_shows_the_flags_beside_the_activity(self):
        page = self.client_for(self.secretariat).get(self.url(2018, "edit")).content.decode()

        assert 'id="draft-review"' in page
        item = page[page.index('id="activity-1.1.i"') :]
        assert 'class="review-flag review-flag--year-bound" data-field="title"' in item[:2000]
