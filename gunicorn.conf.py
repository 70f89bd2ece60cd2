"""How gunicorn serves Planea, wherever it is started from the repository.

gunicorn reads `./gunicorn.conf.py` from its working directory, so
`gunicorn planea.wsgi`, the benchmarks and the tests that start a server all
get these settings; a command-line flag still overrides any of them. Each
can also be set from the environment, as named below.

Why these (docs/operations.md, "The application server", has the figures):

- `gthread` workers keep a client's connection open between requests. The
  `sync` worker closes it after every response, so every API call paid for
  a new TCP connection (and, behind TLS, a new handshake): for a small
  answer that cost more than Django's own work. A `gthread` worker also
  keeps serving the other connections while one thread waits on the
  database or a slow client.
- One worker per CPU: the work is Python, which runs one thread at a time
  per process, so more processes than cores only add switching; the
  threads are for waiting (database, network), not for computing.
"""

from __future__ import annotations

import os


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


# Loopback by default: Planea runs behind a TLS-terminating proxy, and a
# server listening on every address would be reachable around it.
bind = [os.environ.get("GUNICORN_BIND") or "127.0.0.1:8001"]

worker_class = "gthread"
# WEB_CONCURRENCY is the name gunicorn itself and most hosts use.
workers = _int("WEB_CONCURRENCY", os.cpu_count() or 2)
threads = _int("GUNICORN_THREADS", 4)
# Seconds an idle connection is kept for its next request: longer than a
# script's pause between calls, short enough that idle clients do not pile
# up (a proxy in front keeps its own pool of connections open within it).
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Idle connections wait in the worker's poller, not in a thread; this caps them.
worker_connections = _int("GUNICORN_WORKER_CONNECTIONS", 1000)

# More than the 30 CPU-seconds an uploaded amendment may take to read
# (planea.planfile.bounded), so that the reader's own limit speaks first.
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = 30
# A worker is replaced after this many requests, so that a slow leak in a
# library never grows for good; the jitter keeps the workers from all
# restarting at the same moment.
max_requests = _int("GUNICORN_MAX_REQUESTS", 5000)
max_requests_jitter = max_requests // 10

# No access log by default: the proxy in front logs every request already
# (GUNICORN_ACCESS_LOG=- writes one to standard output). Errors go to
# standard error, where systemd's journal collects them.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# No control socket: it would be a file under the service user's home,
# shared by every gunicorn that user starts (two sites, a benchmark beside
# the site); restarts go through systemd's signals instead.
control_socket_disable = True
