"""`planea serve`: the development server on the loopback address."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


@pytest.fixture
def runserver(monkeypatch):
    calls = []

    def fake_call_command(name, *args, **kwargs):
        calls.append((name, args, kwargs))

    monkeypatch.setattr("planea.plans.management.commands.serve.call_command", fake_call_command)
    return calls


def test_serve_listens_on_loopback_port_8000_by_default(runserver, monkeypatch):
    monkeypatch.delenv("PORT", raising=False)

    call_command("serve")

    assert runserver == [("runserver", ("127.0.0.1:8000",), {"use_reloader": True})]


def test_the_port_comes_from_the_environment(runserver, monkeypatch):
    monkeypatch.setenv("PORT", "8123")

    call_command("serve")

    assert runserver[0][1] == ("127.0.0.1:8123",)


def test_the_port_option_wins_over_the_environment(runserver, monkeypatch):
    monkeypatch.setenv("PORT", "8123")

    call_command("serve", "--port", "9000")

    assert runserver[0][1] == ("127.0.0.1:9000",)


def test_a_port_that_is_not_a_number_is_refused_clearly(runserver, monkeypatch):
    monkeypatch.setenv("PORT", "ochenta")

    with pytest.raises(CommandError, match="PORT must be a port number, not 'ochenta'"):
        call_command("serve")
    assert runserver == []
