"""How fast the API serves a page of 100 activities, next to a no-op.

A benchmark, not a test: it prints figures. It starts gunicorn on a free
loopback port over a database holding the demo (Red GEALC 2017, 44
activities) plus a generated plan of 2,000 activities, then, in one run,
loads `GET /api/v1/ping` (a no-op on the same server) and
`GET /api/v1/activities?page_size=100` from client processes, and prints
the requests per second of each, their ratio (target: at least 0.4), and the
median and 95th-percentile latency. gunicorn is stopped by its PID.

    .venv/bin/python bench/api.py [--seconds 8] [--clients N] [--workers N]

The database is a temporary SQLite file, or DATABASE_URL if it is set (an
empty PostgreSQL database: `scripts/with-postgres .venv/bin/python bench/api.py`).
The load comes from Python processes with http.client (no other tool needed);
they share the machine's CPUs with the server, as `wrk` would.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PING = "/api/v1/ping"
ACTIVITIES = "/api/v1/activities?page_size=100"
GENERATED = 2_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    (workdir / "static").mkdir()  # WhiteNoise warns of a missing one; nothing is served
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "planea.settings",
            "DEBUG": "0",
            "SECURE": "0",
            "SECRET_KEY": secrets.token_urlsafe(48),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "PLANEA_VAR_DIR": str(workdir),
            "MEDIA_ROOT": str(workdir / "uploads"),
            "STATIC_ROOT": str(workdir / "static"),
            "LOG_LEVEL": "ERROR",
            "PYTHONDONTWRITEBYTECODE": "1",
        }
    )
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'bench.sqlite3'}")
    return env


def prepare() -> None:
    """In a child process: migrate, load the demo and a plan of 2,000."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from planea.ops.demo import load_demo
    from planea.planfile import parse_text
    from planea.planfile.sample import synthetic_plan_text
    from planea.plans.importer import import_plan
    from planea.plans.models import Activity

    _create_postgres_database()
    call_command("migrate", verbosity=0, interactive=False)
    demo = load_demo()
    parsed = parse_text(synthetic_plan_text(GENERATED, year=2018))
    import_plan(parsed, demo.network, source_name="synthetic-2000.txt")
    if connection.vendor == "postgresql":
        # As autovacuum soon would after a big import: plan with real statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"data: {Activity.objects.count():,} activities in {demo.network.acronym}")


def _create_postgres_database() -> None:
    """A PostgreSQL DATABASE_URL may name a database not made yet (as
    scripts/with-postgres's does): make it, empty."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    params = connection.get_connection_params()
    name = params.pop("dbname")
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**{**params, "dbname": "postgres"}, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')


def wait_until_up(port: int, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with status {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", PING)
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


def _client(args: tuple[int, str, float, float]) -> tuple[int, list[float], int]:
    """One closed-loop client: requests `path` until `stop`, one at a time."""
    port, path, start, stop = args
    while time.time() < start:
        time.sleep(0.001)
    latencies: list[float] = []
    errors = 0
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.time() < stop:
        began = time.perf_counter()
        try:
            connection.request("GET", path, headers={"Accept": "application/json"})
            response = connection.getresponse()
            response.read()
            if response.status != 200:
                errors += 1
            if response.will_close:
                connection.close()
        except OSError:
            errors += 1
            connection.close()
            continue
        latencies.append(time.perf_counter() - began)
    connection.close()
    return len(latencies), latencies, errors


def load(port: int, path: str, clients: int, seconds: float) -> dict:
    start = time.time() + 0.5
    stop = start + seconds
    with multiprocessing.get_context("spawn").Pool(clients) as pool:
        results = pool.map(_client, [(port, path, start, stop)] * clients)
    latencies = sorted(lat for _n, lats, _e in results for lat in lats)
    count = len(latencies)
    return {
        "path": path,
        "requests": count,
        "errors": sum(e for _n, _l, e in results),
        "rps": count / seconds,
        "median_ms": statistics.median(latencies) * 1e3 if latencies else float("nan"),
        "p95_ms": latencies[int(0.95 * (count - 1))] * 1e3 if latencies else float("nan"),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per endpoint (default 8)")
    cpus = os.cpu_count() or 2
    parser.add_argument("--workers", type=int, default=cpus, help=f"gunicorn workers ({cpus})")
    parser.add_argument(
        "--clients", type=int, default=2 * cpus, help=f"client processes ({2 * cpus})"
    )
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare:
        prepare()
        return 0

    with tempfile.TemporaryDirectory(prefix="planea-bench-") as tmp:
        workdir = Path(tmp)
        port = free_port()
        env = environment(workdir)
        database = env["DATABASE_URL"].split("@")[-1]
        print(f"database: {database}")
        subprocess.run([sys.executable, __file__, "--prepare"], env=env, cwd=ROOT, check=True)
        command = [str(BIN / "gunicorn"), "planea.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(options.workers)]
        command += ["--worker-class", "sync", "--log-level", "warning", "--no-control-socket"]
        server = subprocess.Popen(command, env=env, cwd=ROOT)
        try:
            wait_until_up(port, server)
            print(
                f"gunicorn pid {server.pid} on 127.0.0.1:{port}, {options.workers} workers; "
                f"{options.clients} client processes, {options.seconds:g} s per endpoint"
            )
            # Warm both up (connections, caches, the first queries) before measuring.
            load(port, PING, options.clients, 1)
            load(port, ACTIVITIES, options.clients, 1)
            results = [
                load(port, path, options.clients, options.seconds) for path in (PING, ACTIVITIES)
            ]
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    print(f"{'endpoint':<38} {'requests':>9} {'errors':>7} {'req/s':>9} {'median':>9} {'p95':>9}")
    for r in results:
        print(
            f"{'GET ' + r['path']:<38} {r['requests']:>9,} {r['errors']:>7} {r['rps']:>9.1f} "
            f"{r['median_ms']:>7.2f}ms {r['p95_ms']:>7.2f}ms"
        )
    ping, activities = results
    ratio = activities["rps"] / ping["rps"] if ping["rps"] else 0.0
    verdict = "meets" if ratio >= 0.4 else "misses"
    print(f"ratio activities/ping: {ratio:.2f} ({verdict} the target of 0.4)")
    print(json.dumps({"ratio": round(ratio, 3), "ping": ping, "activities": activities}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
