"""gunicorn.conf.py: the server keeps connections alive, however it is started.

gunicorn reads ./gunicorn.conf.py from its working directory; the file must
pick the threaded worker (the sync worker closes the connection after every
response), take its numbers from the environment, and listen on loopback
unless told otherwise. The last test starts gunicorn with nothing but the
application on its command line and sends two requests down one connection.
"""

from __future__ import annotations

import http.client
import os
import runpy
import secrets
import socket
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

import pytest
from gunicorn.config import Config

ROOT = Path(__file__).resolve().parents[2]
CONF = ROOT / "gunicorn.conf.py"


def load(monkeypatch: pytest.MonkeyPatch, **env: str) -> dict:
    for name in ("GUNICORN_BIND", "WEB_CONCURRENCY", "GUNICORN_THREADS", "GUNICORN_KEEPALIVE"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONF))


def settings(namespace: dict) -> dict:
    return {k: v for k, v in namespace.items() if not k.startswith("_") and k.islower()}


def test_every_name_the_file_sets_is_a_gunicorn_setting(monkeypatch):
    # A misspelt setting (`keep_alive`) would be ignored without a word.
    config = Config()
    conf = settings(load(monkeypatch))
    # What the file imports (a module, `from __future__ import annotations`) is no setting.
    names = {k for k, v in conf.items() if not callable(v) and not isinstance(v, ModuleType)}
    names -= {"annotations"}
    assert names - set(config.settings) == set()
    for name in names:
        config.set(name, conf[name])  # gunicorn's own validation


def test_threaded_workers_keep_connections_alive(monkeypatch):
    conf = load(monkeypatch)
    assert conf["worker_class"] == "gthread"
    assert conf["keepalive"] >= 1
    assert conf["threads"] >= 2


def test_it_listens_on_loopback_unless_told(monkeypatch):
    assert load(monkeypatch)["bind"] == ["127.0.0.1:8001"]
    assert load(monkeypatch, GUNICORN_BIND="0.0.0.0:9000")["bind"] == ["0.0.0.0:9000"]


def test_workers_follow_the_cpus_or_the_environment(monkeypatch):
    assert load(monkeypatch)["workers"] == (os.cpu_count() or 2)
    conf = load(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="6")
    assert (conf["workers"], conf["threads"]) == (3, 6)


def test_workers_are_recycled_at_staggered_times(monkeypatch):
    conf = load(monkeypatch)
    assert conf["max_requests"] > 0
    assert 0 < conf["max_requests_jitter"] < conf["max_requests"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.slow
def test_a_started_server_answers_two_requests_on_one_connection(tmp_path):
    port = free_port()
    (tmp_path / "static").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "planea.settings",
        "DEBUG": "0",
        "SECURE": "0",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PLANEA_VAR_DIR": str(tmp_path),
        "STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",  # ping reads none
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "2",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    # Nothing but the application: the rest must come from ./gunicorn.conf.py.
    server = subprocess.Popen(
        [str(gunicorn), "planea.wsgi:application"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        connection = wait_for(port, server)
        answers = []
        for _ in range(2):
            connection.request("GET", "/api/v1/ping")
            response = connection.getresponse()
            answers.append((response.status, response.read(), response.getheader("Connection")))
            assert connection.sock is not None, "the server closed the connection"
            answers.append(connection.sock.getsockname())
        first, first_socket, second, second_socket = answers
        assert first == second == (200, b'{"ok": true}', "keep-alive")
        assert first_socket == second_socket  # the same connection, not a new one
        connection.close()
    finally:
        server.terminate()  # by its PID
        server.wait(timeout=30)


def wait_for(
    port: int, server: subprocess.Popen, timeout: float = 60
) -> http.client.HTTPConnection:
    """A connection to the server once it answers (the first answer read)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited with {server.returncode}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", "/api/v1/ping")
            connection.getresponse().read()
            return http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        except OSError:
            connection.close()
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer in time")
