"""Red GEALC's 2017 plan played through its whole year in a real browser, by
the people whose role takes each step, with Planea's day moving through
2017 (the `PLANEA_TODAY` setting, as `make run` sets it):

- Sofía (Secretariat) puts the approved plan into execution, through the
  confirmation page;
- in June Pedro (coordinator of the software group) reports one of the
  "Tres intercambios" (1.1.iii) with its evidence, is asked to confirm
  "done" short of the target, and then corrects his report to "on track";
- in July Sofía removes that evidence (with the confirmation) and restores it;
- in August she records a bimonthly meeting of the GCT with its minutes,
  serving 1.3.i, and sees the minutes counted toward its product;
- the rest of the year's reports are recorded as the other leads made them;
- in December she closes the plan through the confirmation page, which
  says how many activities are unfinished, and drafts 2018 from it;
- the 2018 draft holds the recurring activities renewed (as many as the
  roll-over's message says, and as 2017 had), its carried targets are what
  was still owed, the year-bound activities the issue names are flagged,
  and the Spanish pages carry no English note.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,  # a year of pages: some thirty of them, ~15 s
    pytest.mark.django_db(transaction=True),
]

D = dt.date
PASSWORD = "una frase larga para la prueba"
SOFTWARE_GROUP = "Grupo de Trabajo de Red Gealc en software público"
EXCHANGES = "/red-gealc/2017/1.1.iii/"  # "Tres intercambios de cooperación horizontal"
GCT_MEETINGS = "/red-gealc/2017/1.3.i/"  # "una reunión virtual cada dos meses del GCT"
EVIDENCE = "Reporte del intercambio Uruguay–Paraguay"

# Reported during the year by the other leads; 1.1.i, 3.1.i and 5.2.iii,
# whose words are tied to 2017, stay unfinished and move to 2018.
DONE = ("1.1.ii", "1.1.iv", "2.1.i", "4.1.i", "5.1.i", "6.1.i")
CANCELLED = ("3.2.i",)
# Each with the words of its title the draft's review marks.
YEAR_BOUND = {
    "1.1.i": ["Quinto", "X"],  # "…del Quinto taller regional … en la X Reunión Anual…"
    "3.1.i": ["2016"],  # "Misión a Corea de los ganadores de los Premios excelGOB 2016."
    "5.2.iii": ["Onceava"],  # "Onceava Reunión Anual de Red Gealc"
}
# What an English page or a machine-read reason would say.
ENGLISH = (
    "rollover from",
    "carried from",
    "Carried over from",
    "Renewed from",
    "drafted from",
    "To review for",
    "Target carried",
    "review for 2018",
    "still owed",
    "planned for 2017",
    "Draft of",
)


@pytest.fixture
def year(demo, settings):
    """The demo (approved, as the Assembly left it), Sofía and Pedro, and
    Planea's day at the start of 2017."""
    from django.contrib.auth import get_user_model

    from planea.accounts.models import Membership, Role
    from planea.plans.models import Network, Organisation

    settings.PLANEA_TODAY = D(2017, 1, 16)
    network = Network.objects.get(slug="red-gealc")
    group = Organisation.objects.with_key(SOFTWARE_GROUP).get(network=network)
    users = get_user_model().objects
    sofia = users.create_user("sofia", "sofia@example.org", PASSWORD, first_name="Sofía")
    pedro = users.create_user("pedro", "pedro@example.org", PASSWORD, first_name="Pedro")
    Membership.objects.create(user=sofia, network=network, role=Role.SECRETARIAT)
    Membership.objects.create(
        user=pedro, network=network, role=Role.COORDINATOR, organisation=group
    )
    return demo


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.account-form button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def test_the_demo_plan_is_played_through_2017_and_rolled_over_to_2018(
    year, browser, page, settings, screenshot
):
    from playwright.sync_api import expect

    from planea.plans.models import CLOSED_STATUSES, Activity, Plan, Product
    from planea.tracking.models import Evidence, ProgressUpdate, record_progress

    base = year
    plan = Plan.objects.get(network__slug="red-gealc", year=2017)
    sofia_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    sofia = sofia_context.new_page()
    sofia.set_default_timeout(15_000)
    pedro = page
    try:
        log_in(sofia, base, "sofia")
        log_in(pedro, base, "pedro")

        # January: the Secretariat puts the plan into execution, once told what it does.
        sofia.goto(base + "/red-gealc/2017/")
        sofia.locator("#lifecycle").get_by_role("link", name="Poner el plan en ejecución").click()
        expect(sofia.locator("#unfinished")).to_contain_text("44 actividades están sin terminar")
        sofia.get_by_role("button", name="Sí, poner el plan en ejecución").click()
        expect(sofia.locator("#lifecycle [data-status]")).to_have_attribute(
            "data-status", "in_execution"
        )

        # June: Pedro reports the first exchange, with its report as evidence.
        settings.PLANEA_TODAY = D(2017, 6, 20)
        pedro.goto(base + EXCHANGES)
        # Planea's day is the demo's: due in ten days, not years overdue.
        expect(pedro.locator("#progress .deadline")).to_have_text("Vence en 10 días.")
        counter = pedro.locator("#evidence .counter")
        expect(counter).to_have_text("0 de 3")
        evidence_form = pedro.locator("#evidence-form")
        evidence_form.get_by_label("Título").fill(EVIDENCE)
        evidence_form.get_by_label("o un enlace").fill(
            "https://softwarepublico.example.org/intercambio-1"
        )
        evidence_form.get_by_role("button", name="Agregar evidencia").click()
        expect(pedro.get_by_role("status")).to_contain_text(f"Evidencia «{EVIDENCE}» agregada")
        expect(counter).to_have_text("1 de 3")

        # "Done" with one report of three: the form asks him to confirm.
        progress_form = pedro.locator("#progress-form")
        progress_form.get_by_label("Estado").select_option(label="Realizada")
        progress_form.get_by_label("Nota").fill("Tres intercambios realizados.")
        progress_form.get_by_role("button", name="Registrar avance").click()
        confirm_short = progress_form.get_by_label("Marcarla como realizada de todos modos")
        expect(confirm_short).to_be_visible()
        expect(progress_form.get_by_label("Nota")).to_have_value("Tres intercambios realizados.")
        confirm_short.check()
        progress_form.get_by_role("button", name="Registrar avance").click()
        expect(pedro.get_by_role("status")).to_contain_text("Avance registrado")
        expect(pedro.locator("#progress .current-status .tstatus")).to_have_text("Realizada")

        # Only one exchange took place: he corrects his report.
        report = pedro.locator("#progress .update").last
        report.get_by_role("link", name="Corregir").click()
        expect(pedro.get_by_role("heading", level=1)).to_contain_text("Corregir el informe")
        correct_form = pedro.locator("#correct-form")
        correct_form.get_by_label("Estado").select_option(label="En curso")
        correct_form.get_by_label("Nota").fill(
            "Un intercambio de los tres; los otros dos, en 2018."
        )
        correct_form.get_by_role("button", name="Guardar la corrección").click()
        expect(pedro.locator("#progress .current-status .tstatus")).to_have_text("En curso")
        expect(report.locator(".update__note")).to_have_text(
            "Un intercambio de los tres; los otros dos, en 2018."
        )
        expect(report).to_contain_text("corregido el")
        assert ProgressUpdate.objects.filter(activity__plan=plan).count() == 1
        screenshot(pedro, "whole-year-01-corrected")

        # July: the Secretariat removes the evidence, once asked, and restores it.
        settings.PLANEA_TODAY = D(2017, 7, 3)
        sofia.goto(base + EXCHANGES)
        piece = sofia.locator("#evidence li.evidence", has_text=EVIDENCE)
        piece.get_by_role("link", name="Eliminar").click()
        expect(sofia.get_by_role("heading", level=1)).to_contain_text(EVIDENCE)
        sofia.get_by_role("button", name="Sí, eliminarla").click()
        removed = sofia.locator("#removed-evidence")
        expect(removed).to_contain_text("Evidencias eliminadas")
        expect(removed.locator("li", has_text=EVIDENCE)).to_have_count(1)
        expect(sofia.locator("#evidence .product-progress .counter")).to_have_text("0 de 3")
        removed.get_by_role("button", name="Restaurar").click()
        expect(sofia.get_by_role("status")).to_contain_text(f"Evidencia «{EVIDENCE}» restaurada")
        expect(sofia.locator("#removed-evidence")).to_have_count(0)
        expect(sofia.locator("#evidence .product-progress .counter")).to_have_text("1 de 3")

        # August: the GCT's bimonthly meeting, its minutes serving 1.3.i.
        settings.PLANEA_TODAY = D(2017, 8, 16)
        sofia.goto(base + "/red-gealc/meetings/new/")
        sofia.locator("select[name=organisation]").select_option(label=SOFTWARE_GROUP)
        sofia.locator("input[name=title]").fill("Reunión virtual del GCT de Software Público")
        sofia.locator("input[name=date]").fill("2017-08-15")
        activities = sofia.locator("fieldset:has(input[name=activities])")
        activities.get_by_label("Filtrar la lista").fill("reunion virtual")
        served = re.compile(r"^2017 · 1\.3\.i ")
        activities.get_by_role("checkbox", name=served).check()
        products = sofia.locator("fieldset:has(input[name=products])")
        products.get_by_role("checkbox", name=served).check()
        sofia.locator("textarea[name=minutes]").fill(
            "Chile y Paraguay se suman al GCT; avance del mecanismo colaborativo."
        )
        sofia.get_by_role("button", name="Guardar la reunión").click()
        expect(sofia.get_by_role("status")).to_contain_text("registrada")
        sofia.goto(base + GCT_MEETINGS)
        expect(sofia.locator("#evidence .product-progress .counter")).to_have_text("1 de 6")
        expect(sofia.locator("#evidence li.evidence")).to_contain_text("Reunión virtual del GCT")

        # The rest of the year, as the other leads reported it.
        settings.PLANEA_TODAY = D(2017, 12, 20)
        for key in (*DONE, *CANCELLED):
            activity = Activity.objects.get(plan=plan, key=key)
            record_progress(
                activity,
                author=None,
                status="cancelled" if key in CANCELLED else "done",
                date=D(2017, 11, 30),
                seen_version=activity.version,
            )

        # December: the plan is closed, once the page says what stays unfinished.
        unfinished = plan.activities.exclude(status__in=CLOSED_STATUSES).count()
        assert unfinished == 44 - len(DONE) - len(CANCELLED)
        sofia.goto(base + "/red-gealc/2017/")
        sofia.locator("#lifecycle").get_by_role("link", name="Cerrar el plan").click()
        expect(sofia.get_by_role("heading", level=1)).to_have_text("¿Cerrar el plan de 2017?")
        expect(sofia.locator("#unfinished")).to_contain_text(
            f"{unfinished} actividades están sin terminar"
        )
        screenshot(sofia, "whole-year-02-close")
        sofia.get_by_role("button", name="Sí, cerrar el plan").click()
        expect(sofia.locator("#lifecycle [data-status]")).to_have_attribute("data-status", "closed")
        effective = sofia.locator("#lifecycle .lifecycle__effective")
        assert effective.last.get_attribute("datetime") == "2017-12-20"

        # The closed plan's dashboard counts its days late up to its own closing.
        sofia.goto(base + "/red-gealc/2017/dashboard/")
        late = [
            int(re.sub(r"\D", "", text))
            for text in sofia.locator(".when--late").all_text_contents()
        ]
        assert late and max(late) < 366, late

        # 2018 is drafted from it.
        sofia.goto(base + "/red-gealc/2017/")
        sofia.get_by_role("button", name="Crear el borrador del plan 2018 a partir de este").click()
        sofia.wait_for_url(base + "/red-gealc/2018/")
        message = sofia.get_by_role("status").locator(".message--success")
        found = re.search(
            r"(\d+) actividades sin terminar trasladadas, (\d+) recurrentes renovadas",
            message.inner_text(),
        )
        assert found, message.inner_text()
        carried_count, renewed_count = int(found[1]), int(found[2])
        screenshot(sofia, "whole-year-03-draft-2018")

        # The draft, from the database: every 2017 recurring activity renewed,
        # every other unfinished one carried.
        draft = Plan.objects.get(network__slug="red-gealc", year=2018)
        recurring_2017 = set(plan.activities.recurring().values_list("key", flat=True))
        assert recurring_2017 == {"1.3.i", "2.3.i"}
        renewed = set(draft.activities.filter(recurring=True).values_list("key", flat=True))
        assert renewed == recurring_2017 and renewed_count == len(recurring_2017)
        open_2017 = set(
            plan.activities.exclude(status__in=CLOSED_STATUSES).values_list("key", flat=True)
        )
        assert carried_count == len(open_2017 - recurring_2017)
        assert set(draft.activities.values_list("key", flat=True)) == open_2017 | recurring_2017

        # What the page shows of them: the renewed ones, with their full targets.
        cards = sofia.locator("article.activity")
        expect(cards).to_have_count(len(open_2017 | recurring_2017))
        expect(sofia.locator(".badge--overdue")).to_have_count(0)
        gct = sofia.get_by_role("article", name=re.compile(r"^1\.3\.i "))
        expect(gct).to_contain_text("0 de 6")

        # Carried targets are what 2017 still owed: its target less the
        # evidence that counts (removed pieces do not).
        owed = set()
        for product in Product.objects.filter(
            activity__plan=plan, activity__key__in=open_2017 - recurring_2017
        ):
            delivered = Evidence.objects.filter(product=product).count()
            if 0 < delivered < product.target:
                owed.add((product.activity.key, product.target - delivered, product.target))
        assert owed == {("1.1.iii", 2, 3)}
        review = sofia.locator("#draft-review")
        expect(review).to_be_visible()
        flags = review.locator(".review-flag--carried-target")
        shown = {
            (
                flags.nth(n).locator("xpath=ancestor::li[@data-key]").get_attribute("data-key"),
                int(flags.nth(n).get_attribute("data-owed")),
                int(flags.nth(n).get_attribute("data-original")),
            )
            for n in range(flags.count())
        }
        assert shown == owed
        expect(flags.first).to_contain_text("Meta trasladada como lo que aún se debe: 2 de las 3")

        # What still speaks of 2017 is flagged for review.
        for key, words in YEAR_BOUND.items():
            title = review.locator(
                f"li.review-item[data-key='{key}'] .review-flag--year-bound[data-field='title']"
            )
            expect(title).to_contain_text("Título: revisar para 2018")
            expect(title.locator("mark.review-flag__found")).to_have_text(words)
        # As many as the roll-over's warning counted.
        warning = sofia.get_by_role("status").locator(".message--warning")
        expect(warning).to_contain_text("actividades todavía hablan de 2017")
        flagged = int(re.match(r"\d+", warning.inner_text())[0])
        year_bound = review.locator("li.review-item:has(.review-flag--year-bound)")
        expect(year_bound).to_have_count(flagged)
        expect(review.locator(".review-flag--rewrite[data-field='background']")).to_have_count(1)

        # The life cycle tells where the draft came from, in Spanish.
        expect(sofia.locator("#lifecycle .lifecycle__origin")).to_have_text(
            "(a partir del plan de 2017)"
        )
        assert (
            sofia.locator("#lifecycle .lifecycle__effective").first.get_attribute("datetime")
            == "2017-12-20"
        )
        expect(sofia.locator("#lifecycle .lifecycle__entered").first).to_contain_text("registrado")
        text = sofia.locator("body").inner_text()
        assert not [note for note in ENGLISH if note.lower() in text.lower()], text

        # The editor shows the same review.
        sofia.goto(base + "/red-gealc/2018/edit/")
        carried = sofia.locator(
            "#draft-review li.review-item[data-key='1.1.iii'] .review-flag--carried-target"
        )
        expect(carried).to_have_attribute("data-owed", "2")
        text = sofia.locator("body").inner_text()
        assert not [note for note in ENGLISH if note.lower() in text.lower()], text

        # The carried activity's page says where it comes from, its history
        # in Spanish too.
        sofia.goto(base + "/red-gealc/2018/1.1.iii/")
        expect(sofia.locator("#carried-from")).to_contain_text("Trasladada desde")
        expect(sofia.locator("#carried-from .tstatus")).to_have_text("En curso")
        expect(sofia.locator("#history .history__entry")).not_to_have_count(0)
        text = sofia.locator("body").inner_text()
        assert not [note for note in ENGLISH if note.lower() in text.lower()], text
        sofia.goto(base + "/red-gealc/2018/1.3.i/")
        expect(sofia.locator("#carried-from")).to_contain_text("Renovada a partir de")
    finally:
        sofia_context.close()
