"""`planea remind`: each coordinator gets one digest of what their
organisation leads that is overdue or due soon, in their language."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from planea.accounts.models import Profile, Role
from planea.governance.models import BodySeat
from planea.plans.models import Activity, Organisation, Plan
from tests.tracking.support import TrackingTestCase, make_user, member, organisation

# In the small plan: 1.1.i (Cora's group) is due on 15 April, 2.1.i (Omar's)
# on 30 June, and the Secretariat's 1.2.i, 1.3.i and 2.2.i on 31 December.
APRIL_20 = "2017-04-20"


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
    SITE_URL="https://planea.example.org",
)
class RemindCommandTests(TrackingTestCase):
    def remind(self, *args) -> str:
        out = StringIO()
        call_command("remind", *args, stdout=out, stderr=StringIO())
        return out.getvalue()

    def test_each_coordinator_gets_one_digest_of_their_own_commitments(self):
        from django.core import mail

        self.remind("--today", APRIL_20, "--days", "90")

        by_address = {message.to[0]: message for message in mail.outbox}
        assert sorted(by_address) == ["trk-cora@example.org", "trk-omar@example.org"]
        cora = by_address["trk-cora@example.org"].body
        assert "1.1.i Quinto taller regional de software público" in cora
        assert "https://planea.example.org/red-demo/2017/1.1.i/" in cora
        assert "VENCIDOS" in cora and "hace 5 días" in cora
        assert "2.1.i" not in cora
        omar = by_address["trk-omar@example.org"].body
        assert "2.1.i Encuesta sobre acciones de medición" in omar
        assert "dentro de 71 días" in omar and "VENCIDOS" not in omar
        assert by_address["trk-omar@example.org"].subject == (
            "Planea: 1 compromiso vence en los próximos 90 días"
        )

    def test_the_digest_is_in_the_coordinators_language(self):
        from django.core import mail

        Profile.objects.create(user=self.cora, language="pt")
        Profile.objects.create(user=self.omar, language="en")

        self.remind("--today", APRIL_20, "--days", "90")

        by_address = {message.to[0]: message for message in mail.outbox}
        assert "ATRASADOS" in by_address["trk-cora@example.org"].body
        assert "15 de Abril de 2017" in by_address["trk-cora@example.org"].body
        omar = by_address["trk-omar@example.org"]
        assert omar.subject == "Planea: 1 commitment due in the next 90 days"
        assert "June 30, 2017, in 71 days" in omar.body

    def test_done_cancelled_far_off_and_closed_plans_are_left_out(self):
        from django.core import mail

        Activity.objects.filter(key="1.1.i").update(status="done")

        self.remind("--today", APRIL_20)  # 30 days: 30 June is too far

        assert mail.outbox == []
        Activity.objects.filter(key="1.1.i").update(status="delayed")
        Plan.objects.update(status="closed")
        self.remind("--today", APRIL_20)
        assert mail.outbox == []

    def test_a_role_reaches_the_coordinator_of_the_country_that_holds_it(self):
        from django.core import mail

        committee = Organisation.objects.create(
            network=self.network, name="Comité Ejecutivo", kind="body"
        )
        uruguay = Organisation.objects.create(network=self.network, name="Uruguay", kind="country")
        BodySeat.objects.create(body=committee, country=uruguay, year=2017, is_chair=True)
        member(
            make_user("trk-ursula", "Úrsula", "Uruguay"), self.network, Role.COORDINATOR, uruguay
        )

        self.remind("--today", "2017-12-20")

        ursula = next(m for m in mail.outbox if m.to == ["trk-ursula@example.org"])
        assert "2.2.i Boletín de gobierno electrónico" in ursula.body

    def test_a_dry_run_says_who_would_get_what_and_sends_nothing(self):
        from django.core import mail

        out = self.remind("--dry-run", "--today", APRIL_20, "--days", "90")

        assert mail.outbox == []
        assert "would send to trk-cora@example.org (es): 1 overdue, 0 upcoming" in out
        assert "would send to trk-omar@example.org (es): 0 overdue, 1 upcoming" in out

    @pytest.mark.engine("query count")
    def test_the_query_count_does_not_grow_with_the_number_of_coordinators(self):
        def count() -> int:
            with CaptureQueriesContext(connection) as captured:
                self.remind("--today", APRIL_20, "--days", "90")
            return len(captured)

        few = count()
        working_group = organisation(self.network, "Grupo de Trabajo en software público")
        for n in range(12):
            user = make_user(f"trk-extra-{n}", "Extra", str(n))
            member(user, self.network, Role.COORDINATOR, working_group)
            Profile.objects.create(user=user, language="pt" if n % 2 else "en")

        assert count() == few

    def test_bad_options_are_refused(self):
        with pytest.raises(CommandError, match="YYYY-MM-DD"):
            self.remind("--today", "20/04/2017")
        with pytest.raises(CommandError, match="negative"):
            self.remind("--days", "-1")

    def test_users_without_an_address_or_inactive_get_nothing(self):
        from django.core import mail

        type(self.cora).objects.filter(pk=self.cora.pk).update(email="")
        type(self.omar).objects.filter(pk=self.omar.pk).update(is_active=False)

        self.remind("--today", APRIL_20, "--days", "90")

        assert mail.outbox == []


def test_the_default_date_is_today(db, monkeypatch):
    seen = {}
    monkeypatch.setattr(
        "planea.tracking.management.commands.remind.digests",
        lambda today, days: seen.update(today=today, days=days) or [],
    )
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2017, 5, 2))

    call_command("remind", stdout=StringIO())

    assert seen == {"today": dt.date(2017, 5, 2), "days": 30}
