"""A plan's texts in the reader's language: storing translations, reading
them back with the original as fallback, and the tag that shows them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.template import Context, Template
from django.utils import translation as i18n

from planea.governance.models import Meeting
from planea.plans.models import Activity, Area, Product, Translation
from planea.plans.translations import (
    TRANSLATABLE,
    PlanTexts,
    digest,
    set_translation,
    source_texts,
)
from tests.base import PlanTestCase
from tests.governance.support import assembly_meeting


class TranslationStorageTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        cls.survey = Activity.objects.get(plan=cls.plan, code="2.1.i")
        cls.area = Area.objects.get(plan=cls.plan, number=1)

    def test_the_plan_its_areas_activities_products_and_meetings_are_translatable(self):
        fields = {model.__name__: entry.fields for model, entry in TRANSLATABLE.items()}
        assert fields["Plan"] == ("title", "background", "purpose")
        assert fields["Area"] == ("title", "objective")
        assert fields["Activity"] == ("title", "details")
        assert fields["Product"] == ("description",)
        assert fields["Meeting"] == ("title", "decisions")

    def test_a_translation_keeps_the_digest_of_the_original_it_was_made_from(self):
        saved = set_translation(self.workshop, "title", "pt", "Quinta oficina", self.ana)
        assert saved.plan == self.plan
        assert saved.source_digest == digest(self.workshop.title)
        assert saved.updated_by == self.ana
        assert not saved.stale(self.workshop.title)

    def test_a_translation_is_stale_once_the_original_changes(self):
        saved = set_translation(self.workshop, "title", "pt", "Quinta oficina", self.ana)
        assert saved.stale("Sexto taller regional de software público")

    def test_writing_a_translation_again_replaces_it(self):
        set_translation(self.workshop, "title", "pt", "Quinta oficina", self.ana)
        set_translation(self.workshop, "title", "pt", "Quinta oficina regional", None)
        assert list(Translation.objects.values_list("text", flat=True)) == [
            "Quinta oficina regional"
        ]

    def test_an_empty_translation_removes_it(self):
        set_translation(self.workshop, "title", "pt", "Quinta oficina", self.ana)
        assert set_translation(self.workshop, "title", "pt", "  ", self.ana) is None
        assert not Translation.objects.exists()

    def test_a_text_has_one_translation_per_language(self):
        first = set_translation(self.workshop, "title", "pt", "Quinta oficina", self.ana)
        with pytest.raises(IntegrityError), transaction.atomic():
            Translation.objects.create(
                plan=self.plan,
                content_type=first.content_type,
                object_id=first.object_id,
                field="title",
                language="pt",
                text="Outra",
                source_digest="",
            )

    def test_a_field_that_is_not_translatable_is_refused(self):
        with pytest.raises(ValueError):
            set_translation(self.workshop, "location", "pt", "Lima", self.ana)

    def test_a_plan_is_not_translated_into_its_own_language_or_an_unknown_one(self):
        with pytest.raises(ValueError):
            set_translation(self.workshop, "title", "es", "Quinto taller", self.ana)
        with pytest.raises(ValueError):
            set_translation(self.workshop, "title", "de", "Fünfter Workshop", self.ana)

    def test_a_meeting_is_translated_with_the_plan_of_its_year(self):
        meeting = assembly_meeting(self.network, dt.date(2017, 11, 20), decisions="Se aprueba.")
        saved = set_translation(meeting, "decisions", "en", "Approved.", self.ana)
        assert saved.plan == self.plan


class PlanTextsTests(PlanTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        cls.survey = Activity.objects.get(plan=cls.plan, code="2.1.i")
        set_translation(cls.workshop, "title", "pt", "Quinta oficina regional", cls.ana)
        set_translation(cls.survey, "title", "en", "Survey of measurement", cls.ana)

    def test_a_translated_text_is_shown_in_the_readers_language(self):
        shown = PlanTexts.load(self.plan, "pt").get(self.workshop, "title")
        assert (shown.text, shown.language, shown.is_original) == (
            "Quinta oficina regional",
            "pt",
            False,
        )
        assert str(shown) == "Quinta oficina regional"

    def test_an_untranslated_text_falls_back_to_the_original_marked_as_such(self):
        shown = PlanTexts.load(self.plan, "pt").get(self.survey, "title")
        assert shown.text == "Encuesta sobre acciones de medición"
        assert shown.language == "es"
        assert shown.is_original

    def test_the_plans_own_language_shows_the_original_unmarked(self):
        shown = PlanTexts.load(self.plan, "es").get(self.workshop, "title")
        assert shown.text == self.workshop.title
        assert not shown.is_original

    def test_a_regional_variant_reads_its_language(self):
        assert PlanTexts.load(self.plan, "pt-br").text(self.workshop, "title") == (
            "Quinta oficina regional"
        )

    def test_a_stale_translation_is_still_shown_and_says_so(self):
        Activity.objects.filter(pk=self.workshop.pk).update(title="Sexto taller")
        workshop = Activity.objects.get(pk=self.workshop.pk)
        shown = PlanTexts.load(self.plan, "pt").get(workshop, "title")
        assert shown.text == "Quinta oficina regional"
        assert shown.stale

    def test_loading_a_plans_texts_is_one_query_and_reading_them_none(self):
        activities = list(Activity.objects.filter(plan=self.plan))
        PlanTexts.load(self.plan, "en").get(activities[0], "title")  # content types cached
        with self.assertNumQueries(1):
            texts = PlanTexts.load(self.plan, "en")
        with self.assertNumQueries(0):
            shown = [texts.text(activity, "title") for activity in activities]
        assert "Survey of measurement" in shown

    def test_a_page_may_read_only_the_translations_of_what_it_shows(self):
        texts = PlanTexts.load(self.plan, "en", only={Activity: [self.workshop.pk]})
        assert texts.translation(self.survey, "title") is None
        assert texts.get(self.survey, "title").is_original
        only_survey = {Activity: Activity.objects.filter(code="2.1.i").values("pk")}
        texts = PlanTexts.load(self.plan, "en", only=only_survey)
        assert texts.text(self.survey, "title") == "Survey of measurement"

    def test_the_plans_own_language_needs_no_query(self):
        with self.assertNumQueries(0):
            PlanTexts.load(self.plan, "es")


class SourceTextsTests(PlanTestCase):
    def test_every_text_of_the_plan_is_listed_in_the_plans_order(self):
        assembly_meeting(self.network, dt.date(2017, 11, 20), title="Reunión anual 2017")
        assembly_meeting(self.network, dt.date(2016, 12, 2), title="Reunión de otro año")
        texts = source_texts(self.plan)
        kinds = [(type(text.obj).__name__, text.field) for text in texts]
        assert kinds[:3] == [("Plan", "title"), ("Plan", "background"), ("Plan", "purpose")]
        assert kinds[3:5] == [("Area", "title"), ("Area", "objective")]
        assert kinds[5:8] == [
            ("Activity", "title"),
            ("Activity", "details"),
            ("Product", "description"),
        ]
        assert kinds[-1] == ("Meeting", "title")
        meetings = [text.original for text in texts if isinstance(text.obj, Meeting)]
        assert meetings == ["Reunión anual 2017"]

    def test_an_empty_original_is_not_listed(self):
        texts = source_texts(self.plan)
        assert all(text.original.strip() for text in texts)
        survey = Activity.objects.get(plan=self.plan, code="2.1.i")
        assert not any(text.obj == survey and text.field == "details" for text in texts)

    def test_each_text_carries_its_translations_and_its_area(self):
        product = Product.objects.get(activity__plan=self.plan, activity__code="1.1.i")
        set_translation(product, "description", "fr", "Définition du logiciel", self.ana)
        set_translation(product, "description", "en", "Definition", self.ana)
        Product.objects.filter(pk=product.pk).update(description="Otra definición")
        [text] = [t for t in source_texts(self.plan) if t.obj == product]
        assert set(text.translations) == {"fr", "en"}
        assert text.area.number == 1
        assert text.stale_in("fr")
        assert text.missing_in("pt")

    def test_listing_the_texts_takes_a_bounded_number_of_queries(self):
        source_texts(self.plan)
        with self.assertNumQueries(5):  # translations, areas, activities, products, meetings
            source_texts(self.plan)


class ShownTagTests(PlanTestCase):
    template = Template('{% load translated %}{% shown activity "title" %}')

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.workshop = Activity.objects.get(plan=cls.plan, code="1.1.i")
        set_translation(cls.workshop, "title", "pt", "Oficina <regional>", cls.ana)

    def render(self, language: str) -> str:
        with i18n.override(language):
            texts = PlanTexts.load(self.plan, language)
            return self.template.render(Context({"activity": self.workshop, "plan_texts": texts}))

    def test_a_translation_is_shown_escaped(self):
        assert self.render("pt") == "Oficina &lt;regional&gt;"

    def test_an_original_is_wrapped_in_its_language_with_a_visible_note(self):
        html = self.render("fr")
        assert '<span lang="es" class="original-text">Quinto taller regional' in html
        assert "(original en espagnol)" in html

    def test_the_original_language_is_shown_without_a_note(self):
        assert self.render("es") == "Quinto taller regional de software público"

    def test_without_plan_texts_the_original_is_shown(self):
        html = self.template.render(Context({"activity": self.workshop}))
        assert html == "Quinto taller regional de software público"
