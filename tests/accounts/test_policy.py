"""The permission policy, action by action, for every role, in every state of a plan.

Each test states, as a table, which plan statuses allow the action for each
persona, and checks `can` against the whole table: no unexpected allow, no
unexpected deny. The personas are those of tests/base.py, plus:
- a superuser;
- `outsider`, the Secretariat (and a coordinator) of ANOTHER network;
- `inactive`, a Secretariat member whose account was disabled;
- `anonymous`, Bruno, not logged in.

The activity checked is 1.1.i, led by the coordinator's organisation; the
other coordinator leads another activity of the same plan.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from planea.accounts.models import Membership, Role
from planea.accounts.policy import (
    Action,
    InLanguage,
    can,
    coordinated_organisations,
    forget_roles,
    managed_networks,
    meeting_holders,
    require,
    roles_of,
    translation_languages,
    visible_evidence,
    visible_plans,
)
from planea.governance.models import BodySeat
from planea.plans.models import Activity, Organisation, Plan, PlanStatus
from planea.tracking.models import Evidence, ProgressUpdate
from tests.base import (
    SOFTWARE_GROUP,
    PersonasTestCase,
    make_network,
    make_personas,
    member,
    organisation,
)

ALL = frozenset(PlanStatus.values)
PUBLIC = frozenset({"approved", "in_execution", "closed"})
REPORTABLE = frozenset({"approved", "in_execution"})
NONE = frozenset()

PERSONAS = (
    "superuser",
    "secretariat",
    "committee",
    "coordinator",
    "other_coordinator",
    "viewer",
    "outsider",
    "inactive",
    "anonymous",
)


def table(**allowed: frozenset[str]) -> dict[str, frozenset[str]]:
    """Statuses allowed per persona; a persona not named is never allowed."""
    unknown = set(allowed) - set(PERSONAS)
    assert not unknown, unknown
    return {persona: allowed.get(persona, NONE) for persona in PERSONAS}


# What the public may do, the outsider and the disabled account may do too.
PUBLIC_READ = {"outsider": PUBLIC, "inactive": PUBLIC, "anonymous": PUBLIC}
MEMBERS_READ = {"coordinator": PUBLIC, "other_coordinator": PUBLIC, "viewer": PUBLIC}
INSIDERS_ALL = {"superuser": ALL, "secretariat": ALL, "committee": ALL}


class PolicyMatrixTests(PersonasTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        User = get_user_model()
        cls.superuser = User.objects.create_superuser("root", "root@example.org", None)
        other = make_network("Otra Red", "otra-red")
        cls.other_network = other
        outsiders = make_personas(other, prefix="otra-")
        cls.outsider = outsiders.secretariat
        # Also coordinating, in the other network, an organisation of the same name.
        Membership.objects.create(
            user=cls.outsider,
            network=other,
            role=Role.COORDINATOR,
            organisation=organisation(other, SOFTWARE_GROUP),
        )
        cls.inactive = member("ines", cls.network, Role.SECRETARIAT, is_active=False)
        activity = Activity.objects.get(plan=cls.plan, key="1.1.i")
        product = activity.products.get()
        cls.public_evidence = Evidence.objects.create(
            product=product,
            title="Relatoría del taller",
            url="https://example.org/r",
            is_public=True,
        )
        cls.private_evidence = Evidence.objects.create(
            product=product, title="Acta interna", url="https://example.org/a", is_public=False
        )

    def setUp(self) -> None:
        super().setUp()
        # One plan object that every other object reaches, so that setting
        # its status moves them all.
        self.plan = Plan.objects.select_related("network").get(pk=self.plan.pk)
        self.activity = Activity.objects.get(plan=self.plan, key="1.1.i")
        self.activity.plan = self.plan
        self.product = self.activity.products.get()
        self.product.activity = self.activity
        for evidence in (self.public_evidence, self.private_evidence):
            evidence.refresh_from_db()
            evidence.product = self.product
        group = organisation(self.network, SOFTWARE_GROUP)
        self.meeting = SimpleNamespace(
            network_id=self.network.pk, organisation_id=group.pk, organisation=group
        )

    def who(self, persona: str):
        return AnonymousUser() if persona == "anonymous" else getattr(self, persona)

    def assert_table(self, action: Action, obj, expected: dict[str, frozenset[str]]) -> None:
        wrong = []
        for persona in PERSONAS:
            user = self.who(persona)
            for status in sorted(ALL):
                self.plan.status = status
                allowed = can(user, action, obj)
                if allowed != (status in expected[persona]):
                    verdict = "allowed" if allowed else "denied"
                    wrong.append(f"{persona} {verdict} {action} on a {status} plan")
        assert not wrong, "\n".join(wrong)

    # -- reading

    def test_everyone_reads_an_adopted_plan_and_only_the_secretariat_and_committee_a_draft(self):
        expected = table(**INSIDERS_ALL, **MEMBERS_READ, **PUBLIC_READ)
        self.assert_table(Action.VIEW_PLAN, self.plan, expected)
        self.assert_table(Action.VIEW_PLAN, self.activity, expected)

    def test_public_evidence_is_read_by_whoever_reads_the_plan(self):
        self.assert_table(
            Action.VIEW_EVIDENCE,
            self.public_evidence,
            table(**INSIDERS_ALL, **MEMBERS_READ, **PUBLIC_READ),
        )

    def test_members_only_evidence_is_read_by_the_networks_members_never_by_outsiders(self):
        self.assert_table(
            Action.VIEW_EVIDENCE, self.private_evidence, table(**INSIDERS_ALL, **MEMBERS_READ)
        )

    def test_the_history_is_for_members_and_never_shows_a_draft_they_may_not_read(self):
        expected = table(**INSIDERS_ALL, **MEMBERS_READ)
        self.assert_table(Action.VIEW_HISTORY, self.activity, expected)
        self.assert_table(Action.VIEW_HISTORY, self.plan, expected)

    def test_the_history_of_an_organisation_is_for_the_networks_members(self):
        software = organisation(self.network, SOFTWARE_GROUP)
        members = {"coordinator": ALL, "other_coordinator": ALL, "viewer": ALL}
        self.assert_table(Action.VIEW_HISTORY, software, table(**INSIDERS_ALL, **members))

    # -- the plan's content and life cycle

    def test_only_the_secretariat_edits_a_plan_in_any_state(self):
        self.assert_table(Action.EDIT_PLAN, self.plan, table(superuser=ALL, secretariat=ALL))
        self.assert_table(Action.EDIT_PLAN, self.activity, table(superuser=ALL, secretariat=ALL))

    def test_the_secretariat_and_the_committee_comment_on_a_plan(self):
        self.assert_table(Action.COMMENT_PLAN, self.plan, table(**INSIDERS_ALL))
        self.assert_table(Action.COMMENT_PLAN, self.activity, table(**INSIDERS_ALL))

    def test_the_secretariat_and_the_committee_edit_a_draft_in_the_editor_and_nothing_else(self):
        draft = frozenset({"draft"})
        expected = table(superuser=draft, secretariat=draft, committee=draft)
        self.assert_table(Action.EDIT_DRAFT, self.plan, expected)
        self.assert_table(Action.EDIT_DRAFT, self.activity, expected)

    def test_the_secretariat_and_the_committee_propose_a_draft(self):
        draft = frozenset({"draft"})
        self.assert_table(
            Action.PROPOSE_PLAN,
            self.plan,
            table(superuser=draft, secretariat=draft, committee=draft),
        )

    def test_only_the_secretariat_records_the_assemblys_approval_of_a_proposed_plan(self):
        proposed = frozenset({"proposed"})
        self.assert_table(
            Action.APPROVE_PLAN, self.plan, table(superuser=proposed, secretariat=proposed)
        )

    def test_only_the_secretariat_starts_an_approved_plan(self):
        approved = frozenset({"approved"})
        self.assert_table(
            Action.START_PLAN, self.plan, table(superuser=approved, secretariat=approved)
        )

    def test_only_the_secretariat_closes_a_plan_in_execution(self):
        running = frozenset({"in_execution"})
        self.assert_table(
            Action.CLOSE_PLAN, self.plan, table(superuser=running, secretariat=running)
        )

    def test_only_the_secretariat_seeds_next_year_from_an_adopted_plan(self):
        self.assert_table(
            Action.ROLLOVER_PLAN, self.plan, table(superuser=PUBLIC, secretariat=PUBLIC)
        )

    def test_the_secretariat_and_the_committee_propose_amendments_once_the_plan_is_proposed(self):
        amendable = frozenset({"proposed", "approved", "in_execution"})
        self.assert_table(
            Action.PROPOSE_AMENDMENT,
            self.plan,
            table(superuser=amendable, secretariat=amendable, committee=amendable),
        )

    def test_only_the_secretariat_records_an_amendments_approval_on_an_adopted_plan(self):
        self.assert_table(
            Action.APPROVE_AMENDMENT,
            self.plan,
            table(superuser=REPORTABLE, secretariat=REPORTABLE),
        )

    def test_a_version_is_read_by_whoever_reads_the_plan(self):
        for kind in ("proposal", "approval", "amendment_approval"):
            version = SimpleNamespace(plan=self.plan, kind=kind)
            self.assert_table(
                Action.VIEW_VERSION, version, table(**INSIDERS_ALL, **MEMBERS_READ, **PUBLIC_READ)
            )

    def test_an_amendment_under_discussion_is_read_by_the_networks_members_only(self):
        version = SimpleNamespace(plan=self.plan, kind="amendment_proposal")
        self.assert_table(Action.VIEW_VERSION, version, table(**INSIDERS_ALL, **MEMBERS_READ))

    def test_the_amendments_under_discussion_are_shown_to_the_networks_members_only(self):
        self.assert_table(
            Action.VIEW_AMENDMENT_PROPOSALS, self.plan, table(**INSIDERS_ALL, **MEMBERS_READ)
        )

    def test_public_minutes_are_read_by_everyone_and_the_others_by_members(self):
        members = {"coordinator": ALL, "other_coordinator": ALL, "viewer": ALL}
        public = SimpleNamespace(network_id=self.network.pk, minutes_public=True)
        private = SimpleNamespace(network_id=self.network.pk, minutes_public=False)
        everyone = dict.fromkeys(PERSONAS, ALL)
        self.assert_table(Action.VIEW_MINUTES, public, everyone)
        self.assert_table(Action.VIEW_MINUTES, private, table(**INSIDERS_ALL, **members))

    # -- tracking

    def test_the_lead_and_the_secretariat_report_progress_while_the_plan_runs(self):
        expected = table(superuser=REPORTABLE, secretariat=REPORTABLE, coordinator=REPORTABLE)
        self.assert_table(Action.REPORT_PROGRESS, self.activity, expected)

    def test_the_lead_and_the_secretariat_add_evidence_while_the_plan_runs(self):
        expected = table(superuser=REPORTABLE, secretariat=REPORTABLE, coordinator=REPORTABLE)
        self.assert_table(Action.ADD_EVIDENCE, self.product, expected)
        self.assert_table(Action.ADD_EVIDENCE, self.activity, expected)

    def test_an_activity_no_one_leads_is_reported_on_by_the_secretariat_alone(self):
        unled = Activity.objects.get(plan=self.plan, key="1.1.i")
        unled.lead_links.all().delete()
        unled = Activity.objects.with_leads().get(pk=unled.pk)
        unled.plan = self.plan
        expected = table(superuser=REPORTABLE, secretariat=REPORTABLE)
        self.assert_table(Action.REPORT_PROGRESS, unled, expected)
        self.assert_table(Action.ADD_EVIDENCE, unled, expected)

    def test_the_lead_and_the_secretariat_keep_the_contributions_while_the_plan_runs(self):
        expected = table(superuser=REPORTABLE, secretariat=REPORTABLE, coordinator=REPORTABLE)
        self.assert_table(Action.EDIT_CONTRIBUTIONS, self.activity, expected)

    def test_evidence_of_a_closed_plan_is_deleted_by_a_superuser_only(self):
        expected = table(superuser=ALL, secretariat=REPORTABLE, coordinator=REPORTABLE)
        self.assert_table(Action.DELETE_EVIDENCE, self.public_evidence, expected)
        self.assert_table(Action.DELETE_EVIDENCE, self.private_evidence, expected)

    def test_removed_evidence_is_restored_by_the_secretariat_while_the_plan_runs(self):
        expected = table(superuser=ALL, secretariat=REPORTABLE)
        self.assert_table(Action.RESTORE_EVIDENCE, self.public_evidence, expected)
        self.assert_table(Action.RESTORE_EVIDENCE, self.activity, expected)

    def report_by(self, persona: str) -> ProgressUpdate:
        return ProgressUpdate(activity=self.activity, author=self.who(persona), status="on_track")

    def test_a_report_is_corrected_by_its_author_alone_while_the_plan_runs(self):
        by_coordinator = table(superuser=REPORTABLE, coordinator=REPORTABLE)
        by_secretariat = table(superuser=REPORTABLE, secretariat=REPORTABLE)
        self.assert_table(Action.CORRECT_PROGRESS, self.report_by("coordinator"), by_coordinator)
        self.assert_table(Action.CORRECT_PROGRESS, self.report_by("secretariat"), by_secretariat)

    def test_a_report_is_withdrawn_by_its_author_or_the_secretariat_while_the_plan_runs(self):
        by_coordinator = table(superuser=REPORTABLE, secretariat=REPORTABLE, coordinator=REPORTABLE)
        by_secretariat = table(superuser=REPORTABLE, secretariat=REPORTABLE)
        self.assert_table(Action.WITHDRAW_PROGRESS, self.report_by("coordinator"), by_coordinator)
        self.assert_table(Action.WITHDRAW_PROGRESS, self.report_by("secretariat"), by_secretariat)

    def test_a_withdrawn_report_is_neither_corrected_nor_withdrawn_again(self):
        withdrawn = self.report_by("coordinator")
        withdrawn.withdrawn_at = dt.datetime(2017, 5, 1, tzinfo=dt.UTC)
        self.assert_table(Action.CORRECT_PROGRESS, withdrawn, table())
        self.assert_table(Action.WITHDRAW_PROGRESS, withdrawn, table())

    def test_the_secretariat_and_the_meetings_organisation_record_its_minutes(self):
        self.assert_table(
            Action.RECORD_MEETING,
            self.meeting,
            table(superuser=ALL, secretariat=ALL, coordinator=ALL),
        )

    def test_only_the_secretariat_manages_its_network(self):
        self.assert_table(
            Action.MANAGE_NETWORK, self.network, table(superuser=ALL, secretariat=ALL)
        )

    def test_the_secretariat_and_the_committee_bring_a_plan_in_and_only_the_secretariat_as_adopted(
        self,
    ):
        self.assert_table(
            Action.IMPORT_PLAN,
            self.network,
            table(superuser=ALL, secretariat=ALL, committee=ALL),
        )
        self.assert_table(
            Action.IMPORT_APPROVED_PLAN, self.network, table(superuser=ALL, secretariat=ALL)
        )

    def test_a_large_imports_page_is_its_uploaders_and_the_secretariats(self):
        def job(uploader):
            return SimpleNamespace(network_id=self.network.pk, uploaded_by_id=uploader.pk)

        self.assert_table(
            Action.VIEW_IMPORT_JOB,
            job(self.committee),
            table(superuser=ALL, secretariat=ALL, committee=ALL),
        )
        # Another's: not the Committee's, though it may import too.
        self.assert_table(
            Action.VIEW_IMPORT_JOB, job(self.secretariat), table(superuser=ALL, secretariat=ALL)
        )

    # -- translating (issue 17)

    def test_the_secretariat_and_committee_read_the_translations_and_the_secretariat_writes_them(
        self,
    ):
        insiders = table(superuser=ALL, secretariat=ALL, committee=ALL)
        self.assert_table(Action.VIEW_TRANSLATIONS, self.plan, insiders)
        self.assert_table(Action.EXPORT_TRANSLATIONS, self.plan, insiders)
        writers = table(superuser=ALL, secretariat=ALL)
        self.assert_table(Action.TRANSLATE, InLanguage(self.plan, "fr"), writers)
        self.assert_table(Action.IMPORT_TRANSLATIONS, self.plan, writers)
        # The plan's own language holds the original: no one translates into it.
        self.assert_table(Action.TRANSLATE, InLanguage(self.plan, self.plan.language), table())

    def test_a_translator_translates_only_into_their_language_the_plans_they_may_read(self):
        translator = member("tomas", self.network, Role.TRANSLATOR_FR)
        foreign = member("tania", self.other_network, Role.TRANSLATOR_FR)
        for status in sorted(ALL):
            self.plan.status = status
            public = status in PUBLIC
            with self.subTest(status=status):
                assert can(translator, Action.VIEW_TRANSLATIONS, self.plan) == public
                assert can(translator, Action.EXPORT_TRANSLATIONS, self.plan) == public
                assert can(translator, Action.TRANSLATE, InLanguage(self.plan, "fr")) == public
                assert can(translator, Action.IMPORT_TRANSLATIONS, self.plan) == public
                assert not can(translator, Action.TRANSLATE, InLanguage(self.plan, "pt"))
                assert not can(foreign, Action.VIEW_TRANSLATIONS, self.plan)
                assert not can(foreign, Action.TRANSLATE, InLanguage(self.plan, "fr"))
        self.plan.status = "approved"
        assert translation_languages(translator, self.plan) == ["fr"]
        assert translation_languages(self.secretariat, self.plan) == ["en", "pt", "fr"]
        assert translation_languages(self.viewer, self.plan) == []

    def test_every_action_is_checked_in_a_table_here(self):
        source = Path(__file__).read_text(encoding="utf-8")

        assert [a.name for a in Action if f"Action.{a.name}," not in source] == []

    # -- require, and the filters that say the same to the database

    def test_require_raises_permission_denied_exactly_when_can_says_no(self):
        self.plan.status = "draft"
        require(self.secretariat, Action.EDIT_PLAN, self.plan)
        with self.assertRaises(PermissionDenied):
            require(self.viewer, Action.VIEW_PLAN, self.plan)
        with self.assertRaises(PermissionDenied):
            require(AnonymousUser(), "edit_plan", self.plan)

    def test_the_plan_filter_agrees_with_can_for_every_persona_and_status(self):
        wrong = []
        for status in sorted(ALL):
            Plan.objects.filter(pk=self.plan.pk).update(status=status)
            self.plan.status = status
            for persona in PERSONAS:
                user = self.who(persona)
                listed = Plan.objects.filter(visible_plans(user), pk=self.plan.pk).exists()
                if listed != can(user, Action.VIEW_PLAN, self.plan):
                    wrong.append(f"{persona}, {status}: listed={listed}")
        assert not wrong, wrong

    def test_the_evidence_filter_agrees_with_can_for_every_persona_and_status(self):
        wrong = []
        for status in sorted(ALL):
            Plan.objects.filter(pk=self.plan.pk).update(status=status)
            self.plan.status = status
            for persona in PERSONAS:
                user = self.who(persona)
                listed = set(
                    Evidence.objects.filter(visible_evidence(user)).values_list("pk", flat=True)
                )
                for evidence in (self.public_evidence, self.private_evidence):
                    allowed = can(user, Action.VIEW_EVIDENCE, evidence)
                    if (evidence.pk in listed) != allowed:
                        wrong.append(f"{persona}, {status}, {evidence.title}: allowed={allowed}")
        assert not wrong, wrong

    def test_the_meeting_holders_filter_agrees_with_can_record_meeting(self):
        organisations = Organisation.objects.filter(network__in=[self.network, self.other_network])
        wrong = []
        for persona in PERSONAS:
            user = self.who(persona)
            listed = set(
                organisations.filter(meeting_holders(user, self.network.pk)).values_list(
                    "pk", flat=True
                )
            )
            for holder in organisations:
                meeting = SimpleNamespace(
                    network_id=self.network.pk, organisation_id=holder.pk, organisation=holder
                )
                allowed = can(user, Action.RECORD_MEETING, meeting)
                allowed = allowed and holder.network_id == self.network.pk
                if (holder.pk in listed) != allowed:
                    wrong.append(f"{persona}, {holder.name}: allowed={allowed}")
        assert not wrong, wrong

    def test_a_countrys_coordinator_records_no_meeting_as_the_meeting_form_offers_none(self):
        from planea.governance.forms import may_record_meetings

        chile = organisation(self.network, "Chile")
        coordinator = member("chile-coordinator", self.network, Role.COORDINATOR, "Chile")
        meeting = SimpleNamespace(
            network_id=self.network.pk, organisation_id=chile.pk, organisation=chile
        )

        assert not can(coordinator, Action.RECORD_MEETING, meeting)
        assert not Organisation.objects.filter(meeting_holders(coordinator, self.network.pk))
        assert not may_record_meetings(self.network, coordinator)

    def test_only_the_secretariat_and_superusers_manage_networks(self):
        assert managed_networks(self.superuser) is None
        assert managed_networks(self.secretariat) == [self.network.pk]
        assert managed_networks(self.outsider) == [self.other_network.pk]
        for persona in ("committee", "coordinator", "other_coordinator", "viewer", "inactive"):
            assert managed_networks(getattr(self, persona)) == [], persona
        assert managed_networks(AnonymousUser()) == []

    def test_a_coordinator_answers_for_the_organisations_they_coordinate_in_any_network(self):
        software = organisation(self.network, SOFTWARE_GROUP).pk
        theirs = organisation(self.other_network, SOFTWARE_GROUP).pk
        assert coordinated_organisations(self.coordinator) == {software}
        assert coordinated_organisations(self.outsider) == {theirs}
        assert len(coordinated_organisations(self.other_coordinator)) == 1
        for persona in ("superuser", "secretariat", "committee", "viewer", "inactive"):
            assert coordinated_organisations(getattr(self, persona)) == frozenset(), persona
        assert coordinated_organisations(AnonymousUser()) == frozenset()


class RolesTests(PersonasTestCase):
    @pytest.mark.engine("query count")
    def test_roles_are_read_once_per_user_object_however_many_checks(self):
        activities = list(Activity.objects.filter(plan=self.plan).select_related("plan"))
        user = get_user_model().objects.get(pk=self.viewer.pk)

        with self.assertNumQueries(1):
            for activity in activities * 20:
                can(user, Action.VIEW_PLAN, activity)
                can(user, Action.EDIT_PLAN, activity)

    def test_a_new_role_counts_at_once_for_the_same_user_object(self):
        user = self.viewer
        assert not can(user, Action.EDIT_PLAN, self.plan)

        Membership.objects.create(user=user, network=self.network, role=Role.SECRETARIAT)

        assert can(user, Action.EDIT_PLAN, self.plan)

    def test_forgetting_roles_rereads_them(self):
        user = get_user_model().objects.get(pk=self.viewer.pk)
        roles_of(user)
        Membership.objects.filter(user=user).update(role=Role.COMMITTEE)

        assert not roles_of(user).has(self.network.pk, Role.COMMITTEE)
        forget_roles(user)
        assert roles_of(user).has(self.network.pk, Role.COMMITTEE)

    def test_a_coordinator_may_report_on_what_their_organisation_leads_and_nothing_else(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="in_execution")
        activities = Activity.objects.filter(plan=self.plan).select_related("plan")
        reportable = {
            who: sorted(a.key for a in activities if can(user, Action.REPORT_PROGRESS, a))
            for who, user in (("pedro", self.coordinator), ("dora", self.other_coordinator))
        }

        assert reportable == {"pedro": ["1.1.i"], "dora": ["2.1.i"]}

    def test_the_presiding_countrys_coordinator_reports_on_what_the_plan_gives_the_chair(self):
        Plan.objects.filter(pk=self.plan.pk).update(status="in_execution")
        uruguay = organisation(self.network, "Uruguay")
        brasil = organisation(self.network, "Brasil")
        committee = organisation(self.network, "Comité Ejecutivo")
        BodySeat.objects.create(body=committee, country=uruguay, year=2017, is_chair=True)
        BodySeat.objects.create(body=committee, country=brasil, year=2017)
        chair = member("ursula", self.network, Role.COORDINATOR, "Uruguay")
        seat = member("bea", self.network, Role.COORDINATOR, "Brasil")
        bulletin = Activity.objects.select_related("plan").get(plan=self.plan, key="2.2.i")

        assert can(chair, Action.REPORT_PROGRESS, bulletin)
        assert not can(seat, Action.REPORT_PROGRESS, bulletin)

    def test_a_role_in_one_network_gives_nothing_in_another(self):
        other = make_network("Otra Red", "otra-red")
        Membership.objects.create(user=self.viewer, network=other, role=Role.SECRETARIAT)
        forget_roles(self.viewer)
        draft = Plan(network=self.network, year=2030, title="Borrador", status="draft")

        assert not can(self.viewer, Action.VIEW_PLAN, draft)
        assert not can(self.viewer, Action.EDIT_PLAN, draft)
        assert can(self.viewer, Action.MANAGE_NETWORK, other)
        assert not can(self.viewer, Action.MANAGE_NETWORK, self.network)

    def test_a_disabled_account_is_treated_as_the_public(self):
        self.secretariat.is_active = False

        assert roles_of(self.secretariat) == roles_of(AnonymousUser())
        assert not can(self.secretariat, Action.MANAGE_NETWORK, self.network)

    def test_an_object_that_belongs_to_no_network_is_an_error_not_a_permission(self):
        with self.assertRaises(TypeError):
            can(self.secretariat, Action.MANAGE_NETWORK, object())
