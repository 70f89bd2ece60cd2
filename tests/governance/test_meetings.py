"""The network's meetings: series scheduled from one rule, with countries
rotating each semester; minutes that count toward a product's target; the
pages to record them, for whoever the policy allows."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile

from django.test import override_settings

from planea.accounts.models import Role
from planea.governance.meetings import generate_meetings, meetings_for_plan, record_minutes
from planea.governance.models import Meeting, MeetingSeries
from planea.ops.demo import load_demo
from planea.plans.models import Product
from planea.tracking.dashboard import products_summary
from planea.tracking.minutes import sync_minutes_evidence
from planea.tracking.models import Evidence
from tests.base import PersonasTestCase, member, organisation
from tests.governance.support import english, set_status
from tests.tracking.support import exe_bytes, pdf_bytes, upload

D = dt.date
OPEN_DATA_GROUP = "Grupo de trabajo en datos abiertos"
SOFTWARE_GROUP = "Grupo de Trabajo en software público"


class DemoMeetingsTestCase(PersonasTestCase):
    """Red GEALC's 2017 plan (the demo) beside Red Demo's personas."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Without the demo's record of the 2016 Assembly: these tests count meetings.
        demo = load_demo(draft=True)
        cls.gealc, cls.demo_plan = demo.network, demo.plan
        set_status(cls.demo_plan, "approved")
        cls.group = organisation(cls.gealc, OPEN_DATA_GROUP)
        cls.minutes_product = Product.objects.get(
            activity__plan=cls.demo_plan, activity__key="2.3.i"
        )
        cls.sofia = member("gealc-sofia", cls.gealc, Role.SECRETARIAT, first_name="Sofía")
        cls.dora = member("gealc-dora", cls.gealc, Role.COORDINATOR, OPEN_DATA_GROUP)
        cls.pedro = member(
            "gealc-pedro",
            cls.gealc,
            Role.COORDINATOR,
            "Grupo de Trabajo de Red Gealc en software público",
        )
        cls.vera_gealc = member("gealc-vera", cls.gealc, Role.VIEWER)

    def bimonthly(self, **rule) -> MeetingSeries:
        series = MeetingSeries.objects.create(
            network=self.gealc,
            organisation=self.group,
            title="Reunión bimensual del GT de datos abiertos",
            start=D(2017, 2, 15),
            frequency=MeetingSeries.Frequency.MONTHLY,
            interval=2,
            **({"count": 6} | rule),
        )
        series.activities.add(self.minutes_product.activity)
        series.products.add(self.minutes_product)
        return series

    def setUp(self) -> None:
        super().setUp()
        self.media_root = tempfile.mkdtemp(prefix="planea-media-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)
        media = override_settings(MEDIA_ROOT=self.media_root)
        media.enable()
        self.addCleanup(media.disable)

    def gealc_url(self, *parts) -> str:
        return "/" + "/".join(str(p) for p in (self.gealc.slug, *parts)) + "/"


class SeriesTests(DemoMeetingsTestCase):
    def test_a_meeting_every_two_months_from_15_february_lands_on_the_15th_of_every_other_month(
        self,
    ):
        series = self.bimonthly()

        meetings = generate_meetings(series)

        assert [m.date for m in meetings] == [
            D(2017, 2, 15),
            D(2017, 4, 15),
            D(2017, 6, 15),
            D(2017, 8, 15),
            D(2017, 10, 15),
            D(2017, 12, 15),
        ]
        assert [m.sequence for m in meetings] == [1, 2, 3, 4, 5, 6]
        assert all(m.organisation == self.group and m.kind == "virtual" for m in meetings)
        assert "INTERVAL=2" in str(series.rule()) and "FREQ=MONTHLY" in str(series.rule())

    def test_the_same_rule_until_the_end_of_the_year_gives_the_same_six_dates(self):
        series = self.bimonthly(count=None, until=D(2017, 12, 31))

        assert series.dates() == [D(2017, m, 15) for m in (2, 4, 6, 8, 10, 12)]

    def test_two_new_countries_take_part_each_semester(self):
        chile, uruguay = organisation(self.gealc, "Chile"), organisation(self.gealc, "Uruguay")
        costa_rica, mexico = (
            organisation(self.gealc, "Costa Rica"),
            organisation(self.gealc, "México"),
        )
        series = self.bimonthly(
            rotation=[[chile.pk, uruguay.pk], [costa_rica.pk, mexico.pk]],
            count=8,
        )

        meetings = generate_meetings(series)

        by_date = {m.date: {c.name for c in m.countries.all()} for m in meetings}
        first_half = {"Chile", "Uruguay"}
        second_half = {"Costa Rica", "México"}
        assert by_date == {
            D(2017, 2, 15): first_half,
            D(2017, 4, 15): first_half,
            D(2017, 6, 15): first_half,
            D(2017, 8, 15): second_half,
            D(2017, 10, 15): second_half,
            D(2017, 12, 15): second_half,
            # Past the list, the last semester's countries go on.
            D(2018, 2, 15): second_half,
            D(2018, 4, 15): second_half,
        }

    def test_generating_again_adds_nothing(self):
        series = self.bimonthly()
        generate_meetings(series)

        assert generate_meetings(series) == []
        assert series.meetings.count() == 6

    def test_the_series_is_scheduled_from_its_page_in_one_go(self):
        client = english(self.dora)

        response = client.post(
            self.gealc_url("meetings", "series", "new"),
            {
                "organisation": self.group.pk,
                "title": "Reunión bimensual",
                "kind": "virtual",
                "start": "2017-02-15",
                "frequency": "monthly",
                "interval": "2",
                "count": "6",
                "products": [self.minutes_product.pk],
                "activities": [self.minutes_product.activity_id],
                "rotation_text": "Chile, Uruguay\nCosta Rica, México",
            },
            follow=True,
        )

        self.assertContains(response, "6 meetings scheduled")
        series = MeetingSeries.objects.get(network=self.gealc)
        assert len(series.rotation) == 2
        dates = list(Meeting.objects.filter(series=series).values_list("date", flat=True))
        assert dates == [D(2017, m, 15) for m in (2, 4, 6, 8, 10, 12)]

    def test_the_series_form_offers_the_activities_of_one_plan(self):
        from planea.plans.importer import import_plan
        from tests.base import small_plan

        later = import_plan(small_plan(2018), self.gealc, source_name="plan-2018.txt")
        client = english(self.sofia)
        url = self.gealc_url("meetings", "series", "new")

        newest = client.get(url).context["form"].fields["activities"].queryset
        chosen = client.get(url + "?plan=2017").context["form"].fields["activities"].queryset

        assert {a.plan_id for a in newest} == {later.pk}
        assert {a.plan_id for a in chosen} == {self.demo_plan.pk}

    def test_an_unknown_country_in_the_rotation_is_refused(self):
        response = english(self.sofia).post(
            self.gealc_url("meetings", "series", "new"),
            {
                "organisation": self.group.pk,
                "title": "Reunión bimensual",
                "kind": "virtual",
                "start": "2017-02-15",
                "frequency": "monthly",
                "interval": "2",
                "count": "6",
                "rotation_text": "Chile, Atlántida",
            },
        )

        self.assertContains(response, "Atlántida", status_code=400)
        assert not MeetingSeries.objects.exists()


class MinutesCountTests(DemoMeetingsTestCase):
    def counter(self) -> tuple[int, int]:
        item = next(
            i for i in products_summary(self.demo_plan).items if i.id == self.minutes_product.pk
        )
        return item.delivered, item.target

    def test_the_minutes_of_the_six_bimonthly_meetings_make_2_3_i_six_of_six(self):
        meetings = generate_meetings(self.bimonthly())
        assert self.counter() == (0, 6)

        for number, meeting in enumerate(meetings, start=1):
            record_minutes(meeting, self.dora, f"Acta de la reunión {number}.")
            assert self.counter() == (number, 6)

        response = english().get(self.gealc_url(2017, "2.3.i"))
        self.assertContains(
            response, '<span class="counter counter--complete">6 of 6</span>', html=True
        )
        pieces = Evidence.objects.filter(product=self.minutes_product)
        assert {p.meeting for p in pieces} == set(meetings)
        assert all(not p.file and not p.url for p in pieces)

    def test_a_meeting_without_minutes_does_not_count(self):
        generate_meetings(self.bimonthly())

        assert self.counter() == (0, 6)

    def test_removing_the_minutes_or_the_link_takes_the_count_back(self):
        meeting = generate_meetings(self.bimonthly())[0]
        record_minutes(meeting, self.dora, "Acta.")
        assert self.counter() == (1, 6)

        record_minutes(meeting, self.dora, "")
        assert self.counter() == (0, 6)

        record_minutes(meeting, self.dora, "Acta.")
        meeting.products.clear()
        sync_minutes_evidence(meeting)
        assert self.counter() == (0, 6)

    def test_recording_the_minutes_twice_counts_them_once(self):
        meeting = generate_meetings(self.bimonthly())[0]
        record_minutes(meeting, self.dora, "Acta.")
        record_minutes(meeting, self.dora, "Acta corregida.")

        assert self.counter() == (1, 6)

    def test_removed_minutes_stay_removed_when_the_minutes_are_saved_again(self):
        from planea.tracking.models import remove_evidence

        meeting = generate_meetings(self.bimonthly())[0]
        record_minutes(meeting, self.dora, "Acta.")
        remove_evidence(Evidence.objects.get(meeting=meeting), self.dora)

        record_minutes(meeting, self.dora, "Acta corregida.")

        assert self.counter() == (0, 6)
        assert Evidence.all_objects.filter(meeting=meeting).count() == 1

    def test_the_minutes_link_to_the_meeting_from_the_activity_page(self):
        meeting = generate_meetings(self.bimonthly())[0]
        record_minutes(meeting, self.dora, "Acta.")

        response = english().get(self.gealc_url(2017, "2.3.i"))

        self.assertContains(response, f'href="{meeting.get_absolute_url()}"')


class MeetingPagesTests(DemoMeetingsTestCase):
    def form(self, **fields) -> dict:
        return {
            "organisation": self.group.pk,
            "title": "Reunión del GT de datos abiertos",
            "kind": "virtual",
            "date": "2017-03-10",
            "link": "https://reuniones.example.org/gt-datos",
            "minutes": "Se revisaron las metas del grupo.",
            "minutes_public": "on",
            "products": [self.minutes_product.pk],
            "activities": [self.minutes_product.activity_id],
            **fields,
        }

    def test_the_groups_coordinator_records_a_meeting_whose_minutes_count(self):
        response = english(self.dora).post(
            self.gealc_url("meetings", "new"), self.form(), follow=True
        )

        meeting = Meeting.objects.get(network=self.gealc)
        assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
        self.assertContains(response, "Se revisaron las metas del grupo.")
        assert meeting.created_by == self.dora
        assert Evidence.objects.get(meeting=meeting).product == self.minutes_product

    def test_a_coordinator_may_not_record_another_bodys_meeting(self):
        committee = organisation(self.gealc, "Comité Ejecutivo")

        response = english(self.dora).post(
            self.gealc_url("meetings", "new"), self.form(organisation=committee.pk)
        )

        assert response.status_code == 400  # not among the choices offered
        assert not Meeting.objects.exists()

    def test_viewers_the_public_and_other_networks_may_not_record_meetings(self):
        for user in (self.vera_gealc, None, self.secretariat):
            response = english(user).get(self.gealc_url("meetings", "new"))
            assert response.status_code == 403, user

    def test_a_coordinator_edits_their_groups_meeting_but_not_another(self):
        mine = Meeting.objects.create(
            network=self.gealc, organisation=self.group, title="GT", date=D(2017, 3, 1)
        )
        theirs = Meeting.objects.create(
            network=self.gealc,
            organisation=organisation(self.gealc, "Comité Ejecutivo"),
            title="Comité",
            date=D(2017, 3, 2),
        )
        client = english(self.dora)

        assert client.get(self.gealc_url("meetings", mine.pk, "edit")).status_code == 200
        assert client.get(self.gealc_url("meetings", theirs.pk, "edit")).status_code == 403
        assert (
            english(self.sofia).get(self.gealc_url("meetings", theirs.pk, "edit")).status_code
            == 200
        )

    def test_signed_minutes_are_checked_by_content_and_served_to_whoever_may_read_them(self):
        client = english(self.sofia)
        client.post(
            self.gealc_url("meetings", "new"),
            self.form(
                minutes="",
                minutes_public="",
                minutes_file=upload("acta firmada.pdf", pdf_bytes()),
            ),
        )
        meeting = Meeting.objects.get(network=self.gealc)
        url = self.gealc_url("meetings", meeting.pk, "minutes")

        assert meeting.minutes_content_type == "application/pdf"
        assert Evidence.objects.get(meeting=meeting).is_public is False
        download = english(self.vera_gealc).get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content).startswith(b"%PDF")
        assert "acta firmada.pdf" in download["Content-Disposition"]
        assert english().get(url).status_code == 404

    def test_a_program_is_refused_as_signed_minutes(self):
        response = english(self.sofia).post(
            self.gealc_url("meetings", "new"),
            self.form(minutes_file=upload("acta.pdf", exe_bytes())),
        )

        self.assertContains(response, "This file is a program", status_code=400)
        assert not Meeting.objects.exists()

    def test_the_list_shows_the_networks_meetings_by_year(self):
        meetings = generate_meetings(self.bimonthly())

        response = english().get(self.gealc_url("meetings"))

        for meeting in meetings:
            self.assertContains(response, f'<tr id="meeting-{meeting.pk}">')
        self.assertContains(response, "every 2 months from 2017-02-15, 6 times")
        self.assertNotContains(response, "Record a meeting")
        self.assertContains(english(self.dora).get(self.gealc_url("meetings")), "Record a meeting")


class CalendarTests(DemoMeetingsTestCase):
    def test_the_meetings_of_a_plans_year_are_listed_for_its_calendar(self):
        meetings = generate_meetings(self.bimonthly(count=8))
        before = Meeting.objects.create(
            network=self.gealc,
            organisation=organisation(self.gealc, "Asamblea Anual"),
            title="X Reunión Anual",
            date=D(2016, 12, 2),
        )

        listed = list(meetings_for_plan(self.demo_plan))

        # The six of 2017, and those of 2018 that serve a product of 2017.
        assert listed == meetings
        assert before not in listed
        assert listed[0].calendar_uid == f"meeting-{listed[0].pk}@planea"
