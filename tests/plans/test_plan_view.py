"""The plan page: the plan's texts, its areas and activities, and the filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from planea import planfile
from planea.plans.importer import import_plan
from planea.plans.models import Activity, FundingSource, Plan, Product
from planea.tracking.models import Evidence
from tests.base import PlanTestCase, activity, big_plan, make_network, small_plan


def shown_keys(response) -> list[str]:
    return [
        a.key for g in response.context["groups"] for p in g["periods"] for a in p["activities"]
    ]


class PlanPageTests(PlanTestCase):
    def test_bruno_reads_the_plans_background_and_purpose(self):
        response = self.bruno.get(self.url(2017))

        self.assertContains(response, '<h1 lang="es">PLAN ANUAL DE TRABAJO 2017</h1>', html=True)
        self.assertContains(response, "Antecedentes")
        self.assertContains(response, "El Comité Ejecutivo formado por Brasil")
        self.assertContains(response, "Finalidad")
        self.assertContains(response, "ordena las acciones orientadas")

    def test_areas_show_their_objective_and_notes(self):
        response = self.bruno.get(self.url(2017))

        self.assertContains(response, "1. Software público")
        self.assertContains(response, "Avanzar en la co-creación de software público.")
        self.assertContains(response, "Las actividades se realizan con trabajo voluntario")

    def test_activities_are_grouped_by_period_within_each_area(self):
        response = self.bruno.get(self.url(2017))

        groups = response.context["groups"]
        assert [[p["label"] for p in g["periods"]] for g in groups] == [
            ["Primer semestre", "Segundo semestre", "Todo el año"],
            ["Primer semestre", "Segundo semestre"],
        ]
        self.assertContains(response, "Se muestran 5 de 5 actividades.")

    def test_each_activity_shows_its_products_targets_leads_and_funding(self):
        response = self.bruno.get(self.url(2017))

        self.assertContains(response, "Actas de las reuniones")
        self.assertContains(response, "(meta: 6 reuniones, cada 2 meses)")
        self.assertContains(
            response,
            '<a href="/red-demo/organisations/secretaria-tecnica/">Secretaría Técnica</a>',
            html=True,
        )
        self.assertContains(response, "Cooperación Técnica del BID")
        self.assertContains(response, 'href="/red-demo/2017/1.1.i/"')

    def test_the_filters_are_a_labelled_get_form(self):
        response = self.bruno.get(self.url(2017))

        self.assertContains(response, '<form method="get" action="/red-demo/2017/"', count=1)
        for name, label in [
            ("q", "Buscar"),
            ("area", "Área de trabajo"),
            ("period", "Período"),
            ("lead", "Liderazgo"),
            ("funding", "Fuente de recursos"),
        ]:
            self.assertContains(response, f'<label for="id_{name}">{label}</label>', html=True)

    def test_filtering_by_area_shows_only_that_area(self):
        response = self.bruno.get(self.url(2017), {"area": 2})

        assert shown_keys(response) == ["2.1.i", "2.2.i"]
        self.assertNotContains(response, "Software público</h3>")
        self.assertContains(response, "Se muestran 2 de 5 actividades.")

    def test_filtering_by_period(self):
        response = self.bruno.get(self.url(2017), {"period": "S2"})

        assert shown_keys(response) == ["1.2.i", "2.2.i"]

    def test_filtering_by_lead_counts_every_spelling_of_it(self):
        response = self.bruno.get(self.url(2017), {"lead": "secretaria-tecnica"})

        assert shown_keys(response) == ["1.2.i", "1.3.i", "2.2.i"]

    def test_filtering_by_funding_source(self):
        project = FundingSource.objects.get(name="Proyecto BPR/BID")

        response = self.bruno.get(self.url(2017), {"funding": project.pk})

        assert shown_keys(response) == ["1.1.i", "1.2.i"]

    @pytest.mark.engine("text search is SQL")
    def test_searching_ignores_accents_and_case(self):
        response = self.bruno.get(self.url(2017), {"q": "REUNION"})

        assert shown_keys(response) == ["1.3.i"]
        self.assertContains(response, 'value="REUNION"')
        self.assertContains(response, "Quitar filtros")

    @pytest.mark.engine("filters and text search are SQL")
    def test_filters_combine(self):
        response = self.bruno.get(
            self.url(2017), {"lead": "secretaria-tecnica", "period": "S2", "q": "boletin"}
        )

        assert shown_keys(response) == ["2.2.i"]

    def test_a_search_that_finds_nothing_says_so(self):
        response = self.bruno.get(self.url(2017), {"q": "inexistente"})

        assert shown_keys(response) == []
        self.assertContains(response, "Ninguna actividad coincide con estos filtros.")

    def test_an_unknown_filter_value_is_reported_and_ignored(self):
        response = self.bruno.get(self.url(2017), {"lead": "nadie", "period": "S1"})

        assert response.status_code == 200
        assert shown_keys(response) == ["1.1.i", "2.1.i"]
        self.assertContains(response, 'class="field-error"')

    def test_an_unknown_year_or_network_is_not_found(self):
        assert self.bruno.get(self.url(2016)).status_code == 404
        assert self.bruno.get("/red-inexistente/2017/").status_code == 404

    def test_a_draft_plan_is_not_found(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="draft")

        response = self.bruno.get(self.url(2017))

        assert response.status_code == 404
        self.assertContains(response, "Página no encontrada", status_code=404)
        self.assertNotContains(response, "Traceback", status_code=404)


@pytest.mark.django_db
def test_plan_text_is_escaped_never_run():
    parsed = small_plan()
    parsed.title = "Plan <script>alert('título')</script> 2017"
    parsed.sections[0].text = "<script>alert(1)</script> y <b>negritas</b>"
    parsed.areas[0].activities[0].title = '<img src=x onerror="alert(2)">'
    parsed.areas[0].notes = "<script>alert(3)</script>"
    network = make_network()
    import_plan(parsed, network)

    html = Client().get("/red-demo/2017/").content.decode()

    assert "<script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;negritas&lt;/b&gt;" in html
    assert "&lt;img src=x onerror=&quot;alert(2)&quot;&gt;" in html


def count_plan_page_queries(parsed: planfile.Plan, slug: str) -> tuple[int, int]:
    network = make_network(slug, slug)
    plan = import_plan(parsed, network)
    client = Client()
    url = f"/{slug}/{plan.year}/"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    shown = response.context["shown"]
    return len(queries), shown


@pytest.mark.engine("query count")
@pytest.mark.django_db
def test_the_plan_page_runs_the_same_few_queries_for_44_or_150_activities():
    seed = planfile.read_path("planea/demo/plan-anual-2017-red-gealc.txt")

    small, small_shown = count_plan_page_queries(seed, "seed")
    large, large_shown = count_plan_page_queries(big_plan(150), "grande")

    assert (small_shown, large_shown) == (44, 150)
    assert small == large
    assert small <= 10


@pytest.mark.engine("query count")
@pytest.mark.django_db
def test_filtering_does_not_add_queries_per_activity():
    network = make_network()
    import_plan(big_plan(300), network)
    client = Client()

    with CaptureQueriesContext(connection) as unfiltered:
        client.get("/red-demo/2017/")
    with CaptureQueriesContext(connection) as filtered:
        response = client.get(
            "/red-demo/2017/", {"lead": "secretaria-tecnica", "period": "S1", "q": "actividad"}
        )

    assert 0 < response.context["shown"] < 300
    assert len(filtered) == len(unfiltered)


@pytest.mark.django_db
def test_an_activity_without_products_leads_or_funding_still_shows():
    parsed = small_plan()
    parsed.areas[0].activities.append(activity("1.3.ii", "ANNUAL", "Explorar una mesa de diálogo"))
    import_plan(parsed, make_network())

    response = Client().get("/red-demo/2017/")

    assert "Explorar una mesa de diálogo" in response.content.decode()


class PlanPageStatusTests(PlanTestCase):
    """Where each activity stands, on its card: its status, its products'
    counters, and filters by status and overdue that keep the search."""

    def test_every_card_shows_its_activitys_status(self):
        Activity.objects.filter(plan=self.plan, key="1.1.i").update(status="at_risk")

        response = Client(headers={"accept-language": "en"}).get(self.url(2017))

        content = response.content.decode()
        assert content.count('class="activity__status"') == 5
        assert content.count('class="tstatus tstatus--at_risk"') == 1
        assert content.count('class="tstatus tstatus--not_started"') == 4

    def test_each_product_shows_how_much_of_its_target_is_delivered(self):
        product = Product.objects.get(activity__plan=self.plan, activity__key="1.1.i")
        for title in ("Primero", "Segundo"):
            Evidence.objects.create(product=product, title=title, url="https://example.org/a")

        response = Client(headers={"accept-language": "en"}).get(self.url(2017))

        self.assertContains(
            response, '<span class="counter counter--complete">2 of 1</span>', html=True
        )

    def test_removed_evidence_is_not_counted_on_the_card(self):
        product = Product.objects.get(activity__plan=self.plan, activity__key="1.1.i")
        for title in ("Primero", "Segundo"):
            Evidence.objects.create(product=product, title=title, url="https://example.org/a")
        Evidence.objects.filter(title="Segundo").update(removed_at=timezone.now())

        response = Client(headers={"accept-language": "en"}).get(self.url(2017))

        self.assertContains(
            response, '<span class="counter counter--complete">1 of 1</span>', html=True
        )

    def test_filtering_by_status_keeps_the_search(self):
        Activity.objects.filter(plan=self.plan, key__in=["1.1.i", "2.1.i"]).update(status="delayed")
        first = Activity.objects.get(plan=self.plan, key="1.1.i")
        word = first.title.split()[0]

        response = self.bruno.get(self.url(2017), {"status": "delayed", "q": word})

        assert shown_keys(response) == ["1.1.i"]

    def test_the_overdue_filter_shows_open_activities_past_their_due_date(self):
        past = dt.date.today() - dt.timedelta(days=3)
        Activity.objects.filter(plan=self.plan).update(due=None)
        Activity.objects.filter(plan=self.plan, key__in=["1.1.i", "2.1.i"]).update(due=past)
        Activity.objects.filter(plan=self.plan, key="2.1.i").update(status="done")

        response = self.bruno.get(self.url(2017), {"overdue": "on"})

        assert shown_keys(response) == ["1.1.i"]
        self.assertContains(response, "badge--overdue", count=1)


@pytest.mark.engine("query count")
@pytest.mark.django_db
def test_filtering_by_status_and_overdue_adds_no_query():
    network = make_network()
    plan = import_plan(big_plan(120), network)
    plan.activities.update(due=dt.date(2017, 6, 30))
    client = Client()

    with CaptureQueriesContext(connection) as unfiltered:
        client.get("/red-demo/2017/")
    with CaptureQueriesContext(connection) as filtered:
        response = client.get(
            "/red-demo/2017/", {"status": "not_started", "overdue": "on", "period": "S1"}
        )

    assert 0 < response.context["shown"] < 120
    assert len(filtered) == len(unfiltered)
