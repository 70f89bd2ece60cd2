"""Two machines' worth of Planea on one PostgreSQL database (issue 13,
item 5): two gunicorn servers (the repository's gunicorn.conf.py) and one
background-task worker, each a process of its own, as production runs them.

Sixteen clients work both servers at once for a few seconds through the API
and the pages: reading activities, reporting progress on a few of them (so
that writers race for the same versions), reading the plan's pages. Then:

- no answer was a server error;
- no update was lost: every report the API accepted is in the database,
  and each activity's version moved once per accepted report, no more;
- the public answers the servers keep in their caches are the same from
  both after each write, and show it;
- sixteen readers asking both servers at once for the same report make one
  build, run by one task, and both servers serve its bytes.

The database is a copy of the suite's empty, migrated test database, made
for the test: the servers must see what is committed, which a test's own
transaction would hide. Every process is stopped by its PID at the end,
whatever the outcome. Bounded: each client stops after RUN_SECONDS."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import pytest
from django_tasks_db.models import DBTaskResult

from tests.ops.postgres import database_copy

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 16
RUN_SECONDS = 4.0
# Writers race on a few activities, so that some reports meet a stale version.
CONTESTED = 4
NOTE = "two-servers"
REPORT = "/red-gealc/2017/report.docx"
SITE_NAME = "localhost"  # a loopback name: the demo refuses to make its accounts for any other


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Answer:
    status: int
    body: bytes
    content_type: str = ""


def fetch(url: str, *, data: dict | None = None, token: str = "", timeout: float = 30) -> Answer:
    # One site name for both servers, as behind a load balancer: the API
    # writes absolute links with it.
    headers = {"Accept-Language": "es", "Host": SITE_NAME}
    body = None
    if data is not None:
        body = json.dumps(data).encode()
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    # Only ever http://127.0.0.1:PORT, which the test made.
    request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return Answer(response.status, response.read(), response.headers["Content-Type"])
    except urllib.error.HTTPError as refused:
        return Answer(refused.code, refused.read())


@dataclass
class Site:
    """One database, its folders, and the processes that serve it."""

    database: str
    folder: Path
    processes: list[subprocess.Popen] = field(default_factory=list)

    def env(self) -> dict[str, str]:
        return {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DATABASE_URL": self.database,
            "PLANEA_VAR_DIR": str(self.folder / "var"),
            "MEDIA_ROOT": str(self.folder / "uploads"),
            "REPORTS_ROOT": str(self.folder / "reports"),
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            # The demo's year, so that its plan takes progress reports.
            "PLANEA_TODAY": "2017-06-15",
            # DEBUG serves the pages' static files without `collectstatic`.
            "DEBUG": "1",
            "ALLOWED_HOSTS": SITE_NAME,
            "LOG_LEVEL": "ERROR",
            # Two servers on two cores: one process of four threads each.
            "WEB_CONCURRENCY": "1",
            "GUNICORN_THREADS": "4",
        }

    def planea(self, *argv: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "planea", *argv],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def start(self, *argv: str) -> subprocess.Popen:
        process = subprocess.Popen(
            [sys.executable, "-m", *argv],
            cwd=ROOT,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=(self.folder / f"process-{len(self.processes)}.log").open("wb"),
        )
        self.processes.append(process)
        return process

    def server(self) -> str:
        port = free_port()
        # gunicorn reads ./gunicorn.conf.py from its working directory.
        self.start("gunicorn", "planea.wsgi", "--bind", f"127.0.0.1:{port}")
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        # SIGINT: gunicorn's quick shutdown (SIGTERM waits out its workers'
        # graceful period); the task worker stops after its current task.
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def wait_for(server: str, site: Site) -> None:
    # Generous: on a busy machine a worker process takes seconds to import Django.
    deadline = time.monotonic() + 90
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            answer = fetch(server + "/healthz", timeout=5)
            if answer.status == 200:
                return
            last = f"{answer.status} {answer.body[:200]!r}"
        except OSError as failed:
            last = str(failed)
        if any(process.poll() is not None for process in site.processes):
            break
        time.sleep(0.1)
    logs = [path.read_text() for path in sorted(site.folder.glob("process-*.log"))]
    pytest.fail(f"{server} did not start ({last}):\n" + "\n".join(logs))


@pytest.fixture
def database() -> Iterator[str]:
    """A new database on the suite's server, empty and migrated."""
    with database_copy("planea_two_servers") as url:
        yield url


@pytest.fixture
def site(database, tmp_path) -> Iterator[tuple[Site, list[str], str]]:
    """The demo, two servers and a worker; a Secretariat's API token."""
    site = Site(database, tmp_path)
    # The demo, then a token for its Secretariat, in one process.
    made = site.planea(
        "shell",
        "-c",
        "import io; from django.core.management import call_command; "
        "call_command('demo', stdout=io.StringIO()); "
        "call_command('token', 'create', 'secretaria')",
    )
    token = made.strip().splitlines()[-1]
    try:
        servers = [site.server(), site.server()]
        site.start("planea", "worker", "--no-reload", "--interval", "0.1")
        for server in servers:
            wait_for(server, site)
        yield site, servers, token
    finally:
        site.stop()


@dataclass
class Tally:
    statuses: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    accepted: list[tuple[int, str]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, what: str, answer: Answer) -> Answer:
        with self.lock:
            self.statuses[answer.status] += 1
            if answer.status >= 500:
                self.errors.append(f"{what}: {answer.status}")
        return answer


def activities(server: str, token: str = "") -> list[dict]:
    answer = fetch(server + "/api/v1/activities?page_size=100", token=token)
    assert answer.status == 200
    return json.loads(answer.body)["results"]


def report(server: str, token: str, activity: int, note: str, status: str) -> Answer:
    """Read the activity's version, then report on it: a writer's round."""
    current = json.loads(fetch(f"{server}/api/v1/activities/{activity}", token=token).body)
    return fetch(
        f"{server}/api/v1/activities/{activity}/progress",
        data={"status": status, "note": note, "version": current["version"]},
        token=token,
    )


def client(number: int, servers: list[str], token: str, contested: list[dict], tally: Tally):
    """One client's loop: a write, an API read, a page, in turn, at the
    two servers in turn, until the time is up."""
    pages = ["/red-gealc/2017/", "/red-gealc/2017/dashboard/", "/red-gealc/"]
    statuses = itertools.cycle(["on_track", "at_risk", "delayed"])
    deadline = time.monotonic() + RUN_SECONDS
    for turn in itertools.count():
        if time.monotonic() > deadline:
            return
        server = servers[(number + turn) % 2]
        kind = turn % 3
        if kind == 0:
            activity = contested[(number + turn) % len(contested)]["id"]
            note = f"{NOTE} {number}-{turn}"
            answer = tally.saw("progress", report(server, token, activity, note, next(statuses)))
            assert answer.status in (201, 409), answer.body
            if answer.status == 201:
                with tally.lock:
                    tally.accepted.append((activity, note))
        elif kind == 1:
            tally.saw("api", fetch(server + "/api/v1/activities?page_size=50"))
        else:
            tally.saw("page", fetch(server + pages[turn % len(pages)]))


def run_clients(count: int, target, *args) -> None:
    threads = [threading.Thread(target=target, args=(n, *args)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=RUN_SECONDS + 60)
        assert not thread.is_alive(), "a client did not stop"


def query(database: str, sql: str, *params) -> list[tuple]:
    with psycopg.connect(database) as db:
        return db.execute(sql, params).fetchall()


def test_two_servers_and_a_worker_on_one_database_lose_nothing_and_agree(site):
    site, servers, token = site
    first, second = servers
    before = {a["id"]: a for a in activities(first, token)}
    contested = sorted(before.values(), key=lambda a: a["key"])[:CONTESTED]
    tally = Tally()

    run_clients(CLIENTS, client, servers, token, contested, tally)

    assert tally.errors == []
    assert tally.statuses[201] >= CONTESTED, tally.statuses  # the writers got through
    # No lost update: what was accepted is there, and nothing else.
    stored = query(
        site.database,
        "SELECT activity_id, note FROM tracking_progressupdate WHERE note LIKE %s",
        NOTE + " %",
    )
    assert sorted(stored) == sorted(tally.accepted)
    after = {a["id"]: a for a in activities(second, token)}
    accepted_per_activity = Counter(activity for activity, _note in tally.accepted)
    for activity in contested:
        moved = after[activity["id"]]["version"] - activity["version"]
        assert moved == accepted_per_activity[activity["id"]], activity["key"]

    # After each write, both servers give the public the same answer, new.
    for step, status in enumerate(["at_risk", "on_track", "delayed"]):
        activity = contested[step]["id"]
        assert report(
            servers[step % 2], token, activity, f"{NOTE} after {step}", status
        ).status == (201)
        for address in (f"/api/v1/activities/{activity}", "/api/v1/activities?page_size=100"):
            answers = [fetch(server + address) for server in servers]
            assert answers[0].status == answers[1].status == 200
            assert answers[0].body == answers[1].body, address
        assert json.loads(answers[0].body)["results"] == activities(first)
        assert json.loads(fetch(f"{first}/api/v1/activities/{activity}").body)["status"] == status

    # Sixteen readers at once, at both servers, for the same report: one build.
    def reader(number: int) -> None:
        tally.saw("report", fetch(servers[number % 2] + REPORT))

    run_clients(CLIENTS, reader)
    assert tally.errors == []
    deadline = time.monotonic() + 60
    while query(site.database, "SELECT status FROM reports_reportbuild") != [("ready",)]:
        assert time.monotonic() < deadline, query(
            site.database, "SELECT * FROM reports_reportbuild"
        )
        time.sleep(0.1)
    ((build,),) = query(site.database, "SELECT id FROM reports_reportbuild")
    tasks = query(
        site.database,
        f"SELECT args_kwargs FROM {DBTaskResult._meta.db_table} WHERE task_path LIKE %s",  # noqa: S608
        "%build_report",
    )
    assert [row[0]["args"] for row in tasks] == [[build]]
    downloads = [fetch(server + REPORT) for server in servers]
    assert downloads[0].status == downloads[1].status == 200
    assert downloads[0].body == downloads[1].body
    assert downloads[0].body.startswith(b"PK")  # a Word document is a zip
