# Every target installs what it needs first: a fresh machine with Python 3.11
# and make is enough.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-dev
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install run test lint check lock e2e browser pango clean audit backup bench load wrk peer

$(PY):
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Python 3.11 est requis ($(PYTHON) introuvable)."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(STAMP): requirements/dev.lock | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements/dev.lock
	@touch $(STAMP)

install: $(STAMP) node_modules/.installed

# Front-end packages (axe-core for the accessibility tests) from the npm registry.
node_modules/.installed: package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm absent: the accessibility tests will be skipped."; fi

# Debian's Chromium for the end-to-end tests (root, or sudo, needed once).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver; \
	fi

# Debian's pango (and a font) for the PDF documents WeasyPrint writes (root, or sudo,
# needed once). Without it the PDF links answer a French error and their tests skip.
PANGO_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
pango:
	@if ! dpkg -s $(PANGO_PACKAGES) >/dev/null 2>&1; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		{ $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $(PANGO_PACKAGES); } \
		|| echo "pango indisponible : les documents PDF et leurs tests seront désactivés."; \
	fi

run: $(STAMP) pango
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver $(HOST):$(PORT)

# The browser tests run in their own pytest process: their transactional,
# live-server database does not mix well with the rest of the suite's.
# The suite runs in one process per core (pytest-xdist, a database each). `load`
# hands each process its tests in the collection's order, so that the transactional
# tests, which pytest-django puts last, still run after the others in every process.
# `make test XDIST=` runs it in one process.
XDIST ?= -n auto --dist load
test: $(STAMP) node_modules/.installed pango
	$(PY) -m pytest --ignore=tests/e2e $(XDIST) $(PYTEST_ARGS)
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# The browser journeys and accessibility audits alone (also part of `make test`,
# where they are skipped if Chromium is absent).
e2e: $(STAMP) node_modules/.installed browser pango
	$(PY) -m pytest tests/e2e $(PYTEST_ARGS)

# Known vulnerabilities of the locked versions (pip-audit, from a throw-away
# venv so that it is not a dependency). Needs pypi.org's JSON API or OSV:
# where neither answers, --strict makes it fail rather than pass unaudited.
audit:
	@test -x /tmp/audit-venv/bin/pip-audit || { $(PYTHON) -m venv /tmp/audit-venv && /tmp/audit-venv/bin/pip install --quiet pip-audit; }
	/tmp/audit-venv/bin/pip-audit --strict --no-deps --disable-pip -r requirements/production.lock -r requirements/dev.lock

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports --no-cache

check: $(STAMP)
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

# Pages against a bare Django view, with and without the visitors' page cache (bench/pages.py):
# scale data on PostgreSQL when it answers, gunicorn with 2 workers and production settings
# on 127.0.0.1, bounded load with wrk. BENCH_SCALE=small|medium|full (full: 20,000 markets,
# 1,000,000 declarations, 10,000 publications; its generation takes long). Not part of `make test`.
BENCH_SCALE ?= small
BENCH_DURATION ?= 10
# Debian's wrk, the load generator of bench and load (without it, a slower Python
# client is used and the figures say so).
wrk:
	@if [ ! -x /usr/bin/wrk ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get install -y -qq wrk || echo "wrk indisponible : client Python."; \
	fi

bench: $(STAMP) wrk
	$(PY) bench/pages.py --mode bench --scale $(BENCH_SCALE) --duration $(BENCH_DURATION)

# The portal against its peer, wagtail/bakerydemo (bench/peer.py): set up under a temporary
# folder (PEER=a git directory or checkout of it; else cloned), both served by gunicorn with
# 2 workers, home, listing, detail and search as a visitor without page cache, on SQLite
# and PostgreSQL, measured in alternating rounds; prints portal ÷ peer for each pair.
PEER ?=
peer: $(STAMP) wrk
	$(PY) bench/peer.py --scale $(BENCH_SCALE) --duration $(BENCH_DURATION) $(if $(PEER),--peer $(PEER))

# Bounded load (30 s, 16 connections per address) on /, /ressources/, /recherche/?q=clause and,
# signed in, /espace/marches/; fails if any request errs.
LOAD_SCALE ?= small
load: $(STAMP) wrk
	$(PY) bench/pages.py --mode load --scale $(LOAD_SCALE) --duration 30 --connections 16

# Regenerate the locks after changing dependencies in pyproject.toml.
lock: $(STAMP)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --python-version 3.11 --generate-hashes -o requirements/production.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/dev.lock

clean:
	rm -rf $(VENV) var/db.sqlite3
