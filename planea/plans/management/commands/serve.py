"""`planea serve [--port N]`: the development server on the loopback address."""

from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser


class Command(BaseCommand):
    help = "Serve Planea on http://127.0.0.1:PORT (PORT from the environment, default 8000)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=None, help="port (default: $PORT or 8000)")
        parser.add_argument(
            "--noreload", action="store_true", help="do not restart on code changes"
        )

    def handle(self, *args, port: int | None, noreload: bool, **options) -> None:
        if port is None:
            raw = os.environ.get("PORT") or "8000"
            try:
                port = int(raw)
            except ValueError:
                raise CommandError(f"PORT must be a port number, not {raw!r}") from None
        if not 0 < port < 65536:
            raise CommandError(f"{port} is not a port number")
        # Only the loopback address: this is the development server, and a
        # deployment runs gunicorn behind a proxy instead.
        call_command("runserver", f"127.0.0.1:{port}", use_reloader=not noreload)
