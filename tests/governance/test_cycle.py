"""Red GEALC's 2017 plan through its whole year, as its own background tells
it: the Executive Committee proposes the draft, the Assembly enriches it and
approves it at its annual meeting, the Secretariat puts it into execution,
the leads report progress and evidence, an amendment during the year leaves
their work in place, the plan is closed, and 2018's draft holds exactly the
commitments left unfinished.

Every step is taken through the pages, by the person whose role takes it.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile

from django.test import TestCase, override_settings

from planea import planfile
from planea.accounts.models import Role
from planea.governance.diff import diff_versions
from planea.governance.meetings import generate_meetings, record_minutes
from planea.governance.models import Meeting, MeetingSeries, PlanTransition, PlanVersion
from planea.ops.demo import load_demo
from planea.plans.models import CLOSED_STATUSES, Activity, Plan, Product
from planea.tracking.models import Evidence, ProgressUpdate, record_progress
from tests.base import member, organisation
from tests.governance.support import (
    area_of,
    as_json,
    as_text,
    document_of,
    drop,
    english,
    find,
)

D = dt.date
SOFTWARE_GROUP = "Grupo de Trabajo de Red Gealc en software público"
OPEN_DATA_GROUP = "Grupo de trabajo en datos abiertos"

# Delivered by the end of 2017 (none of them recurring); one dropped.
DONE = ("1.1.i", "1.1.ii", "1.1.iii", "1.1.iv", "2.1.i", "3.1.i", "4.1.i", "5.1.i", "6.1.i")
CANCELLED = ("3.2.i",)


class WholeCycleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        # The cycle starts from the Committee's draft.
        demo = load_demo(draft=True)
        cls.network, cls.plan = demo.network, demo.plan
        cls.sofia = member("ciclo-sofia", cls.network, Role.SECRETARIAT, first_name="Sofía")
        cls.carlos = member("ciclo-carlos", cls.network, Role.COMMITTEE, first_name="Carlos")
        cls.dora = member("ciclo-dora", cls.network, Role.COORDINATOR, OPEN_DATA_GROUP)
        cls.pedro = member("ciclo-pedro", cls.network, Role.COORDINATOR, SOFTWARE_GROUP)

    def setUp(self) -> None:
        self.media_root = tempfile.mkdtemp(prefix="planea-media-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media_root)
        media.enable()
        self.addCleanup(media.disable)
        self.as_sofia = english(self.sofia)
        self.as_carlos = english(self.carlos)
        self.as_dora = english(self.dora)

    def url(self, *parts) -> str:
        return "/" + "/".join(str(p) for p in (self.network.slug, *parts)) + "/"

    def status(self) -> str:
        return Plan.objects.get(pk=self.plan.pk).status

    def activity(self, key: str) -> Activity:
        return Activity.objects.get(plan=self.plan, key=key)

    def tracking(self, *keys: str) -> dict[str, tuple]:
        """Each activity's row, status, and how many reports and pieces of evidence."""
        found = {}
        for key in keys:
            activity = self.activity(key)
            found[key] = (
                activity.pk,
                activity.status,
                ProgressUpdate.objects.filter(activity=activity).count(),
                Evidence.objects.filter(product__activity=activity).count(),
            )
        return found

    def record_meeting(self, client, **fields) -> Meeting:
        response = client.post(self.url("meetings", "new"), fields)
        assert response.status_code == 302, response.content.decode()[:2000]
        return Meeting.objects.order_by("-pk").first()

    # -- the steps

    def propose(self) -> PlanVersion:
        response = self.as_carlos.post(
            self.url(2017, "lifecycle", "propose"),
            {"note": "Propuesta del Comité Ejecutivo, elaborada con la Secretaría Técnica."},
        )
        assert response.status_code == 302
        assert self.status() == "proposed"
        return PlanVersion.objects.get(plan=self.plan, kind="proposal")

    def enrich(self) -> PlanVersion:
        """The Assembly's changes to the proposal, uploaded as a text document."""
        document = document_of(self.plan)
        find(
            document, "1.1.iv"
        ).title = "Documento sobre la adaptación del software público chileno SIMPLE en tres países"
        bulletin = find(document, "6.2.iv")
        bulletin.products = ["Doce ediciones del boletín"]
        bulletin.targets = [planfile.Target(12, "ediciones", None, 0)]
        area_of(document, "6.2.iv").activities.append(
            planfile.Activity(
                code="6.2.ix",
                key="6.2.ix",
                period="ANNUAL",
                title="Encuentro regional de jóvenes innovadores",
                products=["Relatoría del encuentro"],
                resources=["Trabajo voluntario de los países"],
                leads=["Secretaría Técnica"],
            )
        )
        response = self.as_carlos.post(
            self.url(2017, "amendments", "new"),
            {"document": as_text(document), "note": "Aportes de los países en la Asamblea"},
        )
        assert response.status_code == 302
        return PlanVersion.objects.get(plan=self.plan, kind="amendment_proposal")

    def approve(self) -> PlanVersion:
        santiago = self.record_meeting(
            self.as_sofia,
            organisation=organisation(self.network, "Asamblea Anual").pk,
            title="X Reunión Anual de la Red Gealc",
            kind="in_person",
            date="2016-12-02",
            place="Santiago de Chile",
            host_country=organisation(self.network, "Chile").pk,
            decisions="Se aprueba el Plan Anual de Trabajo 2017.",
        )
        form = self.as_sofia.get(self.url(2017, "lifecycle", "approve"))
        self.assertContains(form, "X Reunión Anual de la Red Gealc")
        response = self.as_sofia.post(
            self.url(2017, "lifecycle", "approve"),
            {"meeting": santiago.pk, "decision": "Aprobado por la Asamblea Anual."},
        )
        assert response.status_code == 302
        assert self.status() == "approved"
        approval = PlanVersion.objects.get(plan=self.plan, kind="approval")
        assert approval.meeting == santiago
        return approval

    def start(self) -> None:
        self.as_sofia.post(self.url(2017, "lifecycle", "start"), {"confirm": "True"})
        assert self.status() == "in_execution"

    def report(self) -> None:
        """Leads report progress and evidence; the open-data group's six
        bimonthly meetings keep minutes, which count toward 2.3.i."""
        exchanges = self.activity("1.1.iii")
        response = english(self.pedro).post(
            self.url(2017, "1.1.iii", "progress"),
            {"status": "done", "note": "Tres intercambios", "date": "2017-06-20",
             "version": exchanges.version, "confirm_short": "on"},
        )  # fmt: skip
        assert response.status_code == 302
        survey = self.activity("2.1.i")
        self.as_dora.post(
            self.url(2017, "2.1.i", "progress"),
            {"status": "on_track", "note": "Set temático elegido", "date": "2017-03-01",
             "version": survey.version},
        )  # fmt: skip
        response = self.as_dora.post(
            self.url(2017, "2.1.i", "evidence"),
            {"product": survey.products.get().pk, "title": "Plataforma publicada",
             "date": "2017-05-30", "url": "https://datos.example.org", "visibility": "public"},
        )  # fmt: skip
        assert response.status_code == 302

        series = MeetingSeries.objects.create(
            network=self.network,
            organisation=organisation(self.network, OPEN_DATA_GROUP),
            title="Reunión bimensual del GT de datos abiertos",
            start=D(2017, 2, 15),
            frequency="monthly",
            interval=2,
            count=6,
        )
        series.activities.add(self.activity("2.3.i"))
        series.products.add(Product.objects.get(activity=self.activity("2.3.i")))
        for meeting in generate_meetings(series, self.dora):
            record_minutes(meeting, self.dora, f"Acta del {meeting.date:%d/%m}.")
        self.as_dora.post(
            self.url(2017, "2.3.i", "progress"),
            {"status": "on_track", "date": "2017-10-20", "version": self.activity("2.3.i").version},
        )

    def amend_during_the_year(self) -> None:
        """The Committee proposes, as JSON, to retitle and re-date activities
        that have progress and evidence, drop one without any, add one; the
        Secretariat records its approval at the Committee's meeting."""
        document = document_of(self.plan)
        find(document, "2.3.i").title = "Seguimiento de las metas del Grupo de Trabajo"
        find(document, "2.1.i").due = D(2017, 7, 31)
        drop(document, "6.2.viii")
        area_of(document, "6.2.vii").activities.append(
            planfile.Activity(
                code="6.2.x", key="6.2.x", period="S2", title="Guía de firma digital",
                leads=["Comité Ejecutivo"],
            )
        )  # fmt: skip
        self.as_carlos.post(self.url(2017, "amendments", "new"), {"document": as_json(document)})
        proposal = PlanVersion.objects.filter(plan=self.plan).latest("number")
        assert proposal.kind == "amendment_proposal"
        committee = self.record_meeting(
            self.as_sofia,
            organisation=organisation(self.network, "Comité Ejecutivo").pk,
            title="Reunión del Comité Ejecutivo",
            kind="virtual",
            date="2017-07-10",
            link="https://reuniones.example.org/comite",
        )
        response = self.as_sofia.post(
            self.url(2017, "amendments", proposal.number, "approve"),
            {"meeting": committee.pk, "decision": "Se aprueba el ajuste del plan."},
        )
        assert response.status_code == 302

    def close(self) -> None:
        for key in (*DONE, *CANCELLED):
            activity = self.activity(key)
            if activity.status in CLOSED_STATUSES:
                continue
            status = "cancelled" if key in CANCELLED else "done"
            record_progress(
                activity, author=self.sofia, status=status, date=D(2017, 11, 30),
                seen_version=activity.version,
            )  # fmt: skip
        self.as_sofia.post(self.url(2017, "lifecycle", "close"), {"confirm": "True"})
        assert self.status() == "closed"

    # -- the year

    def test_the_demo_plan_goes_through_the_whole_cycle_and_rolls_its_unfinished_commitments_over(
        self,
    ):
        proposal = self.propose()
        enriched = self.enrich()
        approval = self.approve()

        # What the Assembly approved is the Committee's proposal as enriched.
        assert approval.proposal == enriched
        diff = diff_versions(proposal, approval)
        assert [a.key for a in diff.added] == ["6.2.ix"]
        assert [a.key for a in diff.removed] == []
        assert {a.key: [f.field for f in a.fields] for a in diff.changed} == {
            "1.1.iv": ["title"],
            "6.2.iv": ["products", "targets"],
        }
        assert diff.activity("6.2.iv").field("targets").after == (
            "12 ediciones → Doce ediciones del boletín"
        )
        assert self.activity("6.2.ix").area.number == 6

        self.start()
        self.report()
        minutes = Product.objects.get(activity=self.activity("2.3.i"))
        assert minutes.evidence.count() == 6 == minutes.target
        kept = self.tracking("1.1.iii", "2.1.i", "2.3.i")
        assert kept["2.1.i"][2:] == (1, 1) and kept["2.3.i"][2:] == (1, 6)

        self.amend_during_the_year()
        # Progress and evidence survived the amendment, on the same rows.
        assert self.tracking(*kept) == kept
        assert self.activity("2.3.i").title == "Seguimiento de las metas del Grupo de Trabajo"
        assert self.activity("2.1.i").due == D(2017, 7, 31)
        assert not Activity.objects.filter(plan=self.plan, key="6.2.viii").exists()
        assert self.activity("6.2.x").status == "not_started"
        response = english().get(self.url(2017, "2.3.i"))
        self.assertContains(
            response, '<span class="counter counter--complete">6 of 6</span>', html=True
        )

        self.close()
        unfinished = set(self.plan.activities.open().values_list("key", flat=True))
        finished = set(
            self.plan.activities.filter(status__in=CLOSED_STATUSES).values_list("key", flat=True)
        )
        assert finished == {*DONE, *CANCELLED}
        # The recurring activities are still running: nothing finished is renewed.
        assert not set(self.plan.activities.recurring().values_list("key", flat=True)) & finished

        response = self.as_sofia.post(self.url(2017, "lifecycle", "rollover"))
        assert response["Location"] == self.url(2018)
        draft = Plan.objects.get(network=self.network, year=2018)
        carried = {a.key: a for a in draft.activities.select_related("carried_from__plan")}
        assert set(carried) == unfinished
        for key, activity in carried.items():
            assert activity.carried_from.plan == self.plan and activity.carried_from.key == key
            assert activity.status == "not_started"
        assert carried["2.3.i"].title == "Seguimiento de las metas del Grupo de Trabajo"
        assert carried["2.3.i"].due == D(2018, 12, 31)
        assert not Evidence.objects.filter(product__activity__plan=draft).exists()
        assert draft.areas.count() == self.plan.areas.count()

        # The draft follows the same cycle.
        self.as_carlos.post(self.url(2018, "lifecycle", "propose"))
        assert Plan.objects.get(pk=draft.pk).status == "proposed"

        # And the year's record is complete: who moved the plan, when, where.
        steps = [
            (s.from_status, s.to_status, s.author_name, s.meeting.title if s.meeting else "")
            for s in PlanTransition.objects.filter(plan=self.plan).select_related("meeting")
        ]
        assert steps == [
            ("draft", "proposed", "Carlos", ""),
            ("proposed", "approved", "Sofía", "X Reunión Anual de la Red Gealc"),
            ("approved", "in_execution", "Sofía", ""),
            ("in_execution", "in_execution", "Sofía", "Reunión del Comité Ejecutivo"),
            ("in_execution", "closed", "Sofía", ""),
        ]
        assert [v.kind for v in PlanVersion.objects.filter(plan=self.plan)] == [
            "proposal",
            "amendment_proposal",
            "approval",
            "amendment_proposal",
            "amendment_approval",
        ]
