"""`planea import FILE --network ACRONYM [--replace] [--status draft|approved
--meeting ID --as USERNAME]`: load a plan document, as the import page does."""

from __future__ import annotations

import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import translation
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from planea import planfile
from planea.governance.intake import store
from planea.governance.models import Meeting, TransitionError
from planea.plans.importer import PlanImportError
from planea.plans.models import Network, PlanStatus


class Command(BaseCommand):
    help = (
        "Import an annual work plan (.txt, .md, .docx, .pdf or .json) as a network's plan "
        "for the year it states. Nothing is written unless the whole plan is."
    )

    # The system checks load every URL and so every view (the charts'
    # matplotlib, the API's schemas): 1.5 s of a command that reads one plan.
    # `planea check`, `migrate` and the server run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the plan document")
        parser.add_argument(
            "--network",
            required=True,
            metavar="ACRONYM",
            help="an existing network's acronym or slug, in any case, e.g. 'Red GEALC' "
            "(`planea network list`; `planea network create` makes one)",
        )
        parser.add_argument(
            "--status",
            choices=("draft", "approved"),
            default="draft",
            help="draft (the default), or approved by the Assembly at --meeting",
        )
        parser.add_argument(
            "--meeting",
            metavar="ID",
            help="with --status approved: the Assembly meeting that approved the plan, by id "
            "or by its date (YYYY-MM-DD)",
        )
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="who brings the plan in; with --status approved, a superuser or a member "
            "of the network's Secretariat, who records the approval",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the network's plan for that year if there is one",
        )

    def handle(self, *args, **options) -> None:
        # The console speaks English, as the parser's warnings do, whatever
        # the site's default language.
        with translation.override("en"):
            self._handle(options["file"], options["network"], options["replace"], options)

    def _handle(self, file: str, network: str, replace: bool, options: dict) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            parsed = planfile.read_path(path)
        except planfile.PlanParseError as exc:
            where = f"{path.name}: line {exc.line}" if exc.line else path.name
            raise CommandError(f"{where}: {_one_line(exc.message)}") from None
        except (OSError, UnicodeError, ValueError) as exc:
            raise CommandError(f"{path.name}: cannot be read ({_one_line(str(exc))})") from None

        for warning in parsed.warnings:
            self.stderr.write(f"{path.name}: warning: {warning}")

        # The network, the meeting and the user: each must exist already; a
        # mistyped name stops the command before anything is written.
        network_obj = find_network(network)
        user = _user(options.get("username"), network_obj)
        status = options.get("status") or PlanStatus.DRAFT
        meeting = None
        if status == PlanStatus.APPROVED:
            meeting = _meeting(options.get("meeting"), network_obj)
            if user is None:
                raise CommandError(
                    "--status approved needs --as USERNAME: who records the approval",
                    returncode=2,
                )
        elif options.get("meeting"):
            raise CommandError("--meeting goes with --status approved", returncode=2)

        try:
            with transaction.atomic():
                plan = self._import(
                    parsed,
                    network_obj,
                    replace,
                    path.name,
                    user=user,
                    status=status,
                    meeting=meeting,
                )
        except PlanImportError as exc:
            raise CommandError(f"{path.name}: {exc.message}") from None
        except (TransitionError, PermissionDenied) as exc:
            reason = getattr(exc, "message", "") or f"{user} may not record the approval"
            raise CommandError(f"{path.name}: {_one_line(reason)}", returncode=2) from None

        count = plan.activities.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {network_obj.acronym} {plan.year}: {plan.title} — "
                f"{plan.areas.count()} areas, {count} activities, "
                f"{len(parsed.warnings)} warnings; {plan.get_status_display()}."
            )
        )

    def _import(
        self,
        parsed: planfile.Plan,
        network: Network,
        replace: bool,
        name: str,
        *,
        user=None,
        status: str = PlanStatus.DRAFT,
        meeting=None,
    ):
        console = Console(file=self.stderr._out, stderr=True)
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(f"Importing {name}", total=len(parsed.activities) or 1)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total or 1)

            return store(
                parsed,
                network,
                user,
                status=status,
                meeting=meeting,
                source_name=name,
                replace=replace,
                progress=progress,
            )


def find_network(text: str) -> Network:
    """The existing network `text` names (acronym or slug, any case); else
    stop, in one line, with the networks there are and how to make one."""
    network = Network.named(text)
    if network is not None:
        return network
    known = ", ".join(f"{n.acronym} ({n.slug})" for n in Network.objects.order_by("acronym"))
    raise CommandError(
        f"no network {text.strip()!r}; "
        + (f"the networks are: {known}. " if known else "there are no networks yet. ")
        + 'To make one: planea network create ACRONYM "Full name"',
        returncode=2,
    )


def _user(username: str | None, network: Network):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"--as: no user {username!r}", returncode=2)
    return user


def _meeting(given: str | None, network: Network):
    if not given:
        raise CommandError(
            "--status approved needs --meeting: the Assembly meeting that approved the plan",
            returncode=2,
        )
    meetings = Meeting.objects.of_network(network).assemblies()
    found = (
        meetings.filter(pk=int(given))
        if given.isdigit()
        else meetings.filter(date=given)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", given)
        else meetings.none()
    )
    if found.count() != 1:
        listed = "; ".join(f"{m.pk} {m.date:%Y-%m-%d} {m.title}" for m in meetings.order_by("date"))
        raise CommandError(
            f"--meeting {given}: not one Assembly meeting of {network.acronym}"
            + (f"; they are: {listed}" if listed else "; none is recorded yet"),
            returncode=2,
        )
    return found.get()


def _one_line(text: str) -> str:
    return " ".join(text.split())
