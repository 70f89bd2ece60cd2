"""`planea translations export|import`: a plan's texts as a spreadsheet for
translators who work outside Planea, and back.

    planea translations export 2017 --network "Red GEALC" --language fr -o textes.xlsx
    planea translations import 2017 --network "Red GEALC" textes.xlsx [--as USERNAME]

The sheet is the translations page's (planea.governance.translation_sheets).
An import is all or nothing: any row in error stops it, with its row number;
a row whose original changed since the export is left out and named. Run
on the server, it may write every language; `--as` writes as that user,
their languages only, recorded as theirs.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from planea.accounts.policy import Action, can, translation_languages
from planea.plans.models import Network, Plan

from ... import translating, translation_sheets

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def _plan(acronym: str, year: int) -> Plan:
    network = Network.named(acronym)
    if network is None:
        raise CommandError(f"no network {acronym!r}")
    plan = Plan.objects.select_related("network").filter(network=network, year=year).first()
    if plan is None:
        raise CommandError(f"{network.acronym} has no plan for {year}")
    return plan


class Command(BaseCommand):
    help = (
        "Export a plan's texts to a spreadsheet (XLSX) for translators, or import one they "
        "filled in: all of it or nothing, conflicts with a changed original left out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="export|import")
        export = actions.add_parser("export", help="write the plan's texts to a spreadsheet")
        bring = actions.add_parser("import", help="read a filled spreadsheet back")
        for sub in (export, bring):
            sub.add_argument("year", type=int, help="the plan's year, e.g. 2017")
            sub.add_argument("--network", required=True, metavar="ACRONYM")
        export.add_argument(
            "--language",
            action="append",
            choices=LANGUAGES,
            help="a language to translate into (repeat for more; default: all but the plan's)",
        )
        export.add_argument("-o", "--output", required=True, metavar="FILE", help="the .xlsx")
        bring.add_argument("file", metavar="FILE", help="the .xlsx to read")
        bring.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="write as this translator, into their languages only",
        )

    def handle(self, *args, **options) -> None:
        # The console speaks English, as `planea import` does.
        with translation.override("en"):
            plan = _plan(options["network"], options["year"])
            if options["action"] == "export":
                self._export(plan, options["language"], Path(options["output"]))
            else:
                self._import(plan, Path(options["file"]), options["username"])

    def _export(self, plan: Plan, languages: list[str] | None, output: Path) -> None:
        others = translating.other_languages(plan)
        chosen = [code for code in others if code in (languages or others)]
        if not chosen:
            raise CommandError(f"the plan is written in {plan.language}: choose another language")
        body = translation_sheets.export(plan, chosen)
        try:
            output.write_bytes(body)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror or exc}") from None
        texts = len(translating.entries(plan))
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {output}: {texts} texts of {plan.network.acronym} {plan.year}, "
                f"to translate into {', '.join(chosen)}."
            )
        )

    def _import(self, plan: Plan, path: Path, username: str | None) -> None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {path}: {exc.strerror or exc}") from None
        user, allowed = None, translating.other_languages(plan)
        if username:
            user = get_user_model().objects.filter(username=username, is_active=True).first()
            if user is None or not can(user, Action.IMPORT_TRANSLATIONS, plan):
                raise CommandError(f"{username!r} does not translate this plan")
            allowed = translation_languages(user, plan)
        sheet = translation_sheets.read(data, plan, path.name)
        outcome = translating.Outcome(errors=sheet.errors)
        if not sheet.errors:
            outcome = translating.apply(plan, sheet.changes, user, allowed)
        for conflict in outcome.conflicts:
            self.stderr.write(f"{path.name}: {conflict}")
        if outcome.errors:
            raise CommandError(
                "nothing was imported:\n" + "\n".join(f"{path.name}: {e}" for e in outcome.errors)
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {path.name}: {outcome.written} translations written, "
                f"{outcome.removed} removed, {len(outcome.conflicts)} left out as conflicts."
            )
        )
