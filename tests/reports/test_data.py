"""The annual report as data: the dashboard's figures, a section per area,
the evidence the reader may see, and the commitments left to carry over."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planea import planfile
from planea.planfile.sample import synthetic_plan_text
from planea.plans.importer import import_plan
from planea.plans.models import Plan
from planea.reports.data import annual_report
from planea.tracking.dashboard import plan_dashboard
from planea.tracking.models import Evidence
from tests.base import make_network

from .support import PRIVATE_FILE_TITLE, PUBLIC_LINK, SITE, TODAY, DemoTestCase


class AnnualReportTests(DemoTestCase):
    def report(self, person=None, **kwargs):
        return annual_report(self.plan, person or self.public, TODAY, base_url=SITE, **kwargs)

    def activity(self, report, key):
        return next(a for a in report.activities if a.key == key)

    def test_the_cover_names_the_network_the_plan_and_the_day(self):
        cover = self.report().cover

        assert cover.network_acronym == "Red GEALC"
        assert cover.network_name.startswith("Red de Gobierno Electrónico")
        assert cover.plan_title == "PLAN ANUAL DE TRABAJO 2017"
        assert cover.year == 2017
        assert cover.status == "approved"
        assert cover.generated == TODAY
        assert cover.plan_url == f"{SITE}/red-gealc/2017/"

    def test_the_summary_figures_are_the_dashboards(self):
        summary = self.report().summary
        dashboard = plan_dashboard(self.plan, TODAY)

        assert summary.total == dashboard.total == 44
        assert summary.statuses == dashboard.statuses
        assert (summary.done, summary.cancelled) == (1, 1)
        assert summary.overdue == len(dashboard.overdue)
        assert summary.products_counted == dashboard.products.counted == 2
        assert summary.products_target == dashboard.products.target
        assert [a.progress for a in summary.by_area] == list(dashboard.by_area)

    def test_products_are_counted_by_area(self):
        summary = self.report().summary

        assert sum(a.products_target for a in summary.by_area) == summary.products_target
        assert summary.by_area[0].products_counted == 2
        assert [a.products_counted for a in summary.by_area[1:]] == [0] * 5

    def test_there_is_a_section_per_area_with_its_activities_in_order(self):
        report = self.report()

        assert [area.number for area in report.areas] == [1, 2, 3, 4, 5, 6]
        assert [len(area.activities) for area in report.areas] == [10, 6, 10, 6, 3, 9]
        assert report.areas[0].objective.startswith("Avanzar en la co-creación")
        assert [a.code for a in report.areas[0].activities][:3] == ["1.1.i", "1.1.ii", "1.1.iii"]

    def test_an_activity_carries_its_status_latest_note_leads_funding_and_link(self):
        done = self.activity(self.report(), "1.1.i")

        assert done.status == "done"
        assert done.status_date.isoformat() == "2017-04-20"
        assert done.note == "Temáticas incorporadas al taller."
        assert done.note_date.isoformat() == "2017-04-20"
        assert done.leads == ("Grupo de Trabajo de Red Gealc en software público",)
        assert done.funding == ("Proyecto BPR/BID",)
        assert done.url == f"{SITE}/red-gealc/2017/1.1.i/"
        assert not done.overdue

    def test_a_report_without_a_note_leaves_the_latest_note_in_place(self):
        on_track = self.activity(self.report(), "2.1.i")

        assert on_track.status == "on_track"
        assert (on_track.note, on_track.note_date) == ("", None)

    def test_an_open_activity_past_its_due_date_is_overdue_by_so_many_days(self):
        delayed = self.activity(self.report(), "1.1.ii")

        assert delayed.due.isoformat() == "2017-04-15"
        assert delayed.days_late == (TODAY - delayed.due).days

    def test_a_role_is_shown_with_the_country_holding_it(self):
        with_role = self.activity(self.report(), "5.2.iii")

        assert "País presidente (Uruguay)" in with_role.leads

    def test_labels_are_in_the_active_language_and_an_untranslated_text_says_so(self):
        with translation.override("en"):
            english = self.activity(self.report(), "1.1.ii")
        with translation.override("es"):
            spanish = self.activity(self.report(), "1.1.ii")

        assert (english.status_label, english.period_label) == ("Delayed", "First half")
        assert (spanish.status_label, spanish.period_label) == ("Retrasada", "Primer semestre")
        assert spanish.title == "Quinto taller regional de software público"
        # No English translation: the original, with its language said in the text.
        assert english.title == "Quinto taller regional de software público (original in Spanish)"

    def test_the_public_sees_public_evidence_with_links_and_a_count_of_the_rest(self):
        product = self.activity(self.report(), "1.1.i").products[0]

        assert [e.title for e in product.evidence] == ["Relatoría del taller"]
        assert product.evidence[0].url == PUBLIC_LINK
        assert (product.delivered, product.hidden) == (2, 1)

    def test_members_see_members_only_evidence_through_the_checked_download(self):
        product = self.activity(self.report(self.vera), "1.1.i").products[0]
        private = self.evidence["private_file"]

        assert [e.title for e in product.evidence] == ["Relatoría del taller", PRIVATE_FILE_TITLE]
        assert product.evidence[1].url == f"{SITE}/evidence/{private.pk}/"
        assert not product.evidence[1].is_public
        assert product.hidden == 0

    def test_a_link_a_browser_should_not_follow_is_listed_without_it(self):
        product = self.plan.activities.get(key="3.1.i").products.first()
        Evidence.objects.create(product=product, title="Acta", url="javascript:alert(1)")

        piece = self.activity(self.report(), "3.1.i").products[0].evidence[0]

        assert (piece.title, piece.url) == ("Acta", "")

    def test_the_annex_lists_what_is_neither_done_nor_cancelled(self):
        report = self.report()

        keys = [a.key for a in report.carry_over]
        assert len(keys) == 42
        assert "1.1.i" not in keys and "6.2.i" not in keys
        assert keys[:2] == ["1.1.ii", "1.1.iii"]

    def test_a_draft_is_refused_to_the_public_and_given_to_the_secretariat(self):
        Plan.objects.filter(pk=self.plan.pk).update(status=Plan.Status.DRAFT)
        self.plan.refresh_from_db()

        with pytest.raises(PermissionDenied):
            self.report(AnonymousUser())
        assert self.report(self.sofia).cover.status == "draft"


@pytest.mark.engine("query count")
@pytest.mark.django_db
def test_the_report_takes_the_same_number_of_queries_for_44_and_120_activities():
    from planea.ops.demo import load_demo

    small = Plan.objects.select_related("network").get(pk=load_demo().plan.pk)
    network = make_network("Red Grande", "red-grande")
    generated = planfile.parse_text(synthetic_plan_text(120, year=2017))
    big = Plan.objects.select_related("network").get(pk=import_plan(generated, network).pk)
    counts = []
    for plan in (small, big):
        with CaptureQueriesContext(connection) as queries:
            report = annual_report(plan, AnonymousUser(), TODAY, base_url=SITE)
        counts.append(len(queries))
    assert len(report.activities) == 120
    assert counts[0] == counts[1]
    assert counts[0] <= 15


class CorrectionsInTheReportTests(DemoTestCase):
    """Issue 12: removed evidence is never counted nor listed; a withdrawn
    report no longer speaks for its activity."""

    def report(self, person):
        return annual_report(self.plan, person, TODAY, base_url=SITE)

    def test_removed_evidence_is_neither_listed_nor_counted_in_the_report_or_dashboard(self):
        from planea.tracking.models import remove_evidence

        remove_evidence(self.evidence["public_link"], self.sofia)
        remove_evidence(self.evidence["private_file"], self.sofia)

        report = self.report(self.sofia)
        software = next(a for a in report.activities if a.key == "1.1.i").products[0]

        assert software.delivered == 0 and software.evidence == ()
        assert report.summary.products_counted == 1
        assert plan_dashboard(self.plan, TODAY).products.counted == 1

    def test_a_withdrawn_report_leaves_the_status_and_note_to_the_one_before(self):
        from planea.plans.models import Activity
        from planea.tracking.models import ProgressUpdate, withdraw_progress

        activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        done = ProgressUpdate.objects.get(activity=activity, status="done")
        withdraw_progress(done, user=self.sofia, reason="Duplicado.", seen_version=activity.version)

        item = next(a for a in self.report(self.sofia).activities if a.key == "1.1.i")

        assert item.status == "on_track"
        assert item.note == "Temas identificados."
