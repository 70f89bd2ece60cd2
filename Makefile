# Planea: `make run` to try it, `make test` to prove it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000

.PHONY: run test test-phases phase-sqlite phase-postgres phase-browser phase-lint test-fast install install-test lock system-deps lint typecheck messages check pytest pytest-postgres browser bench clean

# The demo is played in its own year: Planea's today is a day of 2017
# (planea.core.clock); `PLANEA_TODAY= make run` for the real date.
PLANEA_TODAY ?= 2017-06-15

# The server with a background-task worker beside it (report builds,
# reminders), both stopped together: scripts/serve-with-worker.
run: install messages
	@mkdir -p var
	DEBUG=1 $(BIN)/planea migrate --no-input
	DEBUG=1 PLANEA_TODAY=$(PLANEA_TODAY) $(BIN)/planea demo
	DEBUG=1 PLANEA_TODAY=$(PLANEA_TODAY) scripts/serve-with-worker $(BIN)/planea serve --port $(PORT)

# Every phase says how long it took, and the whole its total, at the end.
# All of it is CPU-bound on two cores, so the jobs are paired to keep both
# busy: the suite on SQLite (two workers) beside the PostgreSQL engine tests
# (one worker, one core with its server), then the browser tests (two
# workers, which wait on Chromium and the live server about a third of the
# time) beside the lint and checks (mypy: one core).
test:
	@scripts/timed "make test, in all" $(MAKE) --no-print-directory test-phases

test-phases:
	@scripts/timed install $(MAKE) --no-print-directory install-test system-deps messages
	@scripts/timed "SQLite and PostgreSQL, side by side" \
		$(MAKE) --no-print-directory -j2 --output-sync phase-sqlite phase-postgres
	@scripts/timed "browser and lint, side by side" \
		$(MAKE) --no-print-directory -j2 --output-sync phase-browser phase-lint

phase-sqlite:
	@scripts/timed "suite on SQLite" $(MAKE) --no-print-directory pytest
phase-postgres:
	@scripts/timed "engine tests on PostgreSQL" $(MAKE) --no-print-directory PG_WORKERS=1 pytest-postgres
phase-browser:
	@scripts/timed "browser tests" $(MAKE) --no-print-directory BROWSER_WORKERS=2 browser
phase-lint:
	@scripts/timed "lint and checks" $(MAKE) --no-print-directory lint check

# The edit-test loop: lint, and the suite on SQLite without the slow tests
# (DEVELOPERS.md, "Running tests"), or only the app being changed:
# `make test-fast TESTS=tests/plans`. `make test` before pushing.
TESTS ?= tests
test-fast: install-test messages
	@scripts/timed "make test-fast" sh -c '$(BIN)/ruff check . && \
		$(BIN)/pytest -n auto -m "not browser and not postgres and not slow" -q $(TESTS)'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exactly the locked versions (hashes checked), then Planea itself without
# resolving anything: requirements/lock.txt is what runs, lock-test.txt adds
# what tests and lints, at the same versions.
# uv installs the lock in seconds where pip takes most of a minute; uv itself
# comes first, by pip, at the locked version with its hashes checked. It
# compiles the bytecode as pip does: without it every process of the test
# run (some eighty) compiled Django and the rest again, 1.7 s each.
UV_INSTALL = $(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python
$(BIN)/uv: requirements/lock-test.txt | $(BIN)/python
	awk '/^uv==/{p=1;print;next} p&&/^ /{print;next} {p=0}' requirements/lock-test.txt > $(VENV)/uv-lock.txt
	$(BIN)/pip install --quiet --require-hashes --no-deps -r $(VENV)/uv-lock.txt
	@touch $@

$(VENV)/.installed: requirements/lock.txt pyproject.toml | $(BIN)/uv
	$(UV_INSTALL) -r requirements/lock.txt
	$(UV_INSTALL) --no-deps -e .
	@touch $@

$(VENV)/.installed-test: requirements/lock-test.txt pyproject.toml | $(BIN)/uv
	$(UV_INSTALL) -r requirements/lock-test.txt
	$(UV_INSTALL) --no-deps -e .
	@touch $(VENV)/.installed $@

# axe-core for the accessibility test, from npm at the version
# package-lock.json pins (integrity checked): again only when the lock changes.
node_modules/.installed: package-lock.json package.json
	@command -v npm >/dev/null 2>&1 || scripts/system-deps
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test node_modules/.installed

# The lock files from pyproject.toml, for Linux and Python 3.11 (CI's and
# production's), from the public index only. Versions already locked stay
# unless pyproject.toml excludes them: `make lock LOCK_ARGS=--upgrade` (or
# `--upgrade-package NAME`) moves them on. The runtime lock is cut from the
# test lock so that both pin the same versions.
LOCK_ARGS ?=
UV_COMPILE = $(BIN)/uv pip compile --quiet --python-version 3.11 --python-platform linux \
	--generate-hashes --custom-compile-command 'make lock' $(LOCK_ARGS)
lock: install-test
	$(UV_COMPILE) pyproject.toml --extra test -o requirements/lock-test.txt
	$(UV_COMPILE) pyproject.toml -c requirements/lock-test.txt -o requirements/lock.txt

# Chromium, PostgreSQL 15, gettext and Pango come from Debian's packages.
system-deps:
	@scripts/system-deps

# The catalogues' .mo files are built, never committed. Compiling needs GNU
# gettext's msgfmt: installed here when we can, else we say what to install.
messages: install
	@command -v msgfmt >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" -eq 0 ]; then apt-get install -y -q gettext >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q gettext >/dev/null; }; \
	  elif sudo -n true 2>/dev/null; then sudo -n apt-get install -y -q gettext >/dev/null; \
	  else echo "Compiling translations needs GNU gettext: sudo apt-get install gettext" >&2; exit 1; fi; }
	@cd planea && ../$(BIN)/django-admin compilemessages --ignore '.venv' -v 0

lint: typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# mypy with django-stubs over the files listed under [tool.mypy] in pyproject.toml.
typecheck:
	$(BIN)/mypy $(MYPY_ARGS)

# The deploy check runs on an empty database: it checks the settings, and
# the developer's var/planea.sqlite3 holds the demo, which it would refuse.
check:
	$(BIN)/planea makemigrations --check --dry-run
	DEBUG=0 SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=planea.example.org \
		DATABASE_URL=sqlite://:memory: $(BIN)/planea check --deploy --fail-level WARNING

# SQLite runs everything but the browser and the PostgreSQL-only tests;
# PostgreSQL runs again what depends on the engine (marked `engine`, which
# tests marked `postgres` are too): DEVELOPERS.md, "Which engine runs what".
pytest:
	$(BIN)/pytest -n auto -m "not browser and not postgres" -q

# Beside the browser tests (which keep about one core busy) one worker is
# quicker: a second would mostly migrate a second test database.
PG_WORKERS ?= auto
pytest-postgres:
	scripts/with-postgres $(BIN)/pytest -n $(PG_WORKERS) -m "engine and not browser" -q

# Only tests/browser is collected (conftest.py refuses a browser test
# elsewhere): collecting the whole suite cost each worker some ten seconds.
BROWSER_WORKERS ?= 2
browser:
	$(BIN)/pytest -m browser -q -n $(BROWSER_WORKERS) tests/browser

bench: install-test
	$(BIN)/python bench/parse.py
	$(BIN)/python bench/report.py
	$(BIN)/python bench/api.py
	$(BIN)/python bench/plan_page.py
	$(BIN)/python bench/translations.py
	$(BIN)/python bench/import_background.py

clean:
	rm -rf $(VENV) var node_modules .pytest_cache .ruff_cache .mypy_cache .hypothesis
