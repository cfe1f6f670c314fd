# The portal's entry points for developers and CI (GNU make). `make help` lists them.
#
# Everything runs from the virtualenv in .venv, made on first use with the newest Python >= 3.12 that
# scripts/find-python finds, and filled from pyproject.toml's dependency groups under constraints.txt.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# Extra pytest arguments, e.g. `make test PYTEST_ARGS="-x tests/plans"`; .ci/run adds --junitxml here.
PYTEST_ARGS ?=

PIP_VERSION := $(shell sed -n 's/^pip==//p' constraints.txt)
PIP_INSTALL := $(PY) -m pip install --disable-pip-version-check --quiet \
	-c constraints.txt --build-constraint build-constraints.txt
INSTALLED := $(VENV)/.installed
INSTALLED_BROWSER := $(VENV)/.installed-browser
# The Nu Html Checker for the browser tests: vnu.jar from npm's vnu-jar package (it runs on java >= 11).
VNU_VERSION := 26.9.27
INSTALLED_VNU := $(VENV)/vnu/.installed-$(VNU_VERSION)
# Lighthouse's accessibility category for the browser tests (issue 17), from npm's lighthouse package. 12.x is
# the newest line that runs on Node 20 (13.x needs Node >= 22.19); it drives the machine's Chromium.
LIGHTHOUSE_VERSION := 12.8.2
INSTALLED_LIGHTHOUSE := $(VENV)/lighthouse/.installed-$(LIGHTHOUSE_VERSION)

# Browser tests need the `browser` group and Chromium; without RUN_BROWSER=1 `make test` does not even
# collect them (their modules import Playwright, which the runtime and dev groups do not install).
ifeq ($(RUN_BROWSER),1)
TEST_DEPS := $(INSTALLED_BROWSER) $(INSTALLED_VNU) $(INSTALLED_LIGHTHOUSE)
TEST_IGNORE :=
else
TEST_DEPS := $(INSTALLED)
TEST_IGNORE := --ignore=tests/browser
endif

# `make test-integration` runs against these, never against DATABASE_URL/REDIS_URL from the environment:
# the tests empty the database they use (see tests/integration/conftest.py).
INTEGRATION_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/welfare_ci
INTEGRATION_REDIS_URL ?= redis://127.0.0.1:6379/15
WORKER_LOG ?= var/celery-worker-integration.log

.PHONY: help install run test lint migrations-check messages test-integration test-browser worker beat constraints clean \
	backup restore screenshots

help:
	@echo "make run               install, migrate, load demo data, serve http://127.0.0.1:$(PORT) (PORT=8765 make run)"
	@echo "make test              the test suite on the embedded default (SQLite, eager Celery), in parallel"
	@echo "make lint              ruff check + ruff format --check + lint-imports (the layers, pyproject.toml)"
	@echo "make migrations-check  fail if models and migrations disagree"
	@echo "make messages          makemessages for et/en/fi + compilemessages (maintainers; needs gettext)"
	@echo "make worker            a Celery worker (needs REDIS_URL, and DATABASE_URL for PostgreSQL)"
	@echo "make beat              Celery beat, the one scheduler of periodic tasks: run it beside the worker(s)"
	@echo "make test-integration  real Celery worker + PostgreSQL + Redis tests ($(INTEGRATION_DATABASE_URL))"
	@echo "make test-browser      headless Chromium: axe-core, Lighthouse, Nu Html Checker, reflow (needs /usr/bin/chromium, java, node)"
	@echo "make screenshots       every page type at 375/768/1280 px in et/en/fi into var/screenshots/, the 320 px"
	@echo "                       reflow check, and the README's pictures in docs/screenshots/ (needs /usr/bin/chromium)"
	@echo "make backup            database (pg_dump) and media files into BACKUP_DIR ($(BACKUP_DIR)); ENV_FILE=<units' env>"
	@echo "make restore           BACKUP=<dir> into the empty database and MEDIA_ROOT the settings name (FORCE=1 replaces)"
	@echo "make constraints       re-pin constraints.txt from a fresh, unconstrained install"
	@echo "make clean             remove .venv and caches (keeps var/: the SQLite database and media)"

# --- Virtualenv ------------------------------------------------------------------------------------------

$(PY):
	@python="$$(scripts/find-python)"; \
	echo "Creating $(VENV) with $$python ($$("$$python" -V 2>&1))"; \
	"$$python" -m venv $(VENV)

# Reinstalls only when the dependency files change. pip comes first: --group needs >= 25.1 and
# --build-constraint >= 25.3 (xstatic-bootstrap's sdist needs setuptools < 81, see build-constraints.txt).
$(INSTALLED): pyproject.toml constraints.txt build-constraints.txt | $(PY)
	@$(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || { \
		echo "$(VENV) runs $$($(PY) -V 2>&1) but the portal needs Python 3.12+: run 'make clean' and try again." >&2; \
		exit 1; }
	$(PY) -m pip install --disable-pip-version-check --quiet "pip==$(PIP_VERSION)"
	$(PIP_INSTALL) --group runtime --group dev
	@touch $@

$(INSTALLED_BROWSER): $(INSTALLED)
	$(PIP_INSTALL) --group runtime --group dev --group browser
	@touch $@

# --ignore-scripts: the package's postinstall would fetch a Java runtime; the machine's java is used instead.
$(INSTALLED_VNU): | $(PY)
	@command -v npm >/dev/null || { echo "Installing vnu-jar needs npm: apt-get install npm" >&2; exit 1; }
	@rm -f $(VENV)/vnu/.installed-*
	npm install --prefix $(VENV)/vnu --no-audit --no-fund --ignore-scripts --save-exact "vnu-jar@$(VNU_VERSION)"
	@touch $@

# --ignore-scripts, as for vnu-jar: nothing else is fetched. The tests start the machine's Chromium for Lighthouse.
$(INSTALLED_LIGHTHOUSE): | $(PY)
	@command -v npm >/dev/null || { echo "Installing Lighthouse needs npm: apt-get install npm" >&2; exit 1; }
	@rm -f $(VENV)/lighthouse/.installed-*
	npm install --prefix $(VENV)/lighthouse --no-audit --no-fund --ignore-scripts --save-exact \
		"lighthouse@$(LIGHTHOUSE_VERSION)"
	@touch $@

install: $(INSTALLED)

# --- Running ---------------------------------------------------------------------------------------------

run: $(INSTALLED)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

# Worker and beat are separate processes (as in production and docker-compose.yml): beat inside a worker dies
# with it, and two workers with --beat would send every periodic task twice.
worker: $(INSTALLED)
	@if [ -z "$${REDIS_URL:-}$${CELERY_BROKER_URL:-}" ]; then \
		echo "Without REDIS_URL tasks run in-process (eager) and need no worker. Set REDIS_URL (and" >&2; \
		echo "DATABASE_URL, so the worker and the web share one database) to run one, and make beat beside it." >&2; \
		exit 1; fi
	$(BIN)/celery -A welfare_portal worker --loglevel=INFO --concurrency=2

# One beat per deployment; its schedule file (when each periodic task last ran) lives in var/.
beat: $(INSTALLED)
	@if [ -z "$${REDIS_URL:-}$${CELERY_BROKER_URL:-}" ]; then \
		echo "Without REDIS_URL tasks run in-process (eager) and periodic tasks are not sent. Set REDIS_URL" >&2; \
		echo "(and DATABASE_URL) as for make worker to run beat." >&2; \
		exit 1; fi
	@mkdir -p var
	$(BIN)/celery -A welfare_portal beat --schedule=var/celerybeat-schedule --loglevel=INFO

# --- Checks ----------------------------------------------------------------------------------------------

test: $(TEST_DEPS)
	$(BIN)/pytest -n auto $(TEST_IGNORE) $(PYTEST_ARGS)

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

migrations-check: $(INSTALLED)
	$(PY) manage.py makemigrations --check --dry-run

# Needs PostgreSQL and Redis running and the database in INTEGRATION_DATABASE_URL created (.ci/run drops
# and creates it). Starts a real worker on the same database and Redis, runs the tests, stops the worker.
test-integration: $(INSTALLED)
	@export DATABASE_URL="$(INTEGRATION_DATABASE_URL)" REDIS_URL="$(INTEGRATION_REDIS_URL)"; \
	$(PY) manage.py migrate --noinput; \
	mkdir -p "$(dir $(WORKER_LOG))"; : > "$(WORKER_LOG)"; \
	$(BIN)/celery -A welfare_portal worker --pool=prefork --concurrency=2 --loglevel=INFO \
		--hostname=integration@%h --without-mingle --without-gossip >> "$(WORKER_LOG)" 2>&1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null || true; wait $$worker 2>/dev/null || true' EXIT; \
	for _ in $$(seq 120); do \
		grep -q ' ready\.' "$(WORKER_LOG)" && break; \
		kill -0 $$worker 2>/dev/null || { echo "The Celery worker died; its log:" >&2; cat "$(WORKER_LOG)" >&2; exit 1; }; \
		sleep 0.5; \
	done; \
	grep -q ' ready\.' "$(WORKER_LOG)" || { echo "The Celery worker was not ready after 60 s; its log:" >&2; cat "$(WORKER_LOG)" >&2; exit 1; }; \
	echo "Celery worker $$worker is ready (log: $(WORKER_LOG))."; \
	status=0; RUN_INTEGRATION=1 WORKER_LOG="$(WORKER_LOG)" $(BIN)/pytest -m integration --ignore=tests/browser $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -ne 0 ]; then echo "--- last lines of $(WORKER_LOG) ---"; tail -n 40 "$(WORKER_LOG)"; fi; \
	exit $$status

# pytest exits 5 when it collected no test: a failure, unless tests/browser/ has no test files yet.
test-browser: $(INSTALLED_BROWSER) $(INSTALLED_VNU) $(INSTALLED_LIGHTHOUSE)
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || echo "No Chromium at $${CHROMIUM:-/usr/bin/chromium}: apt-get install chromium" >&2
	@command -v java >/dev/null || echo "No java for the Nu Html Checker: apt-get install default-jre-headless" >&2
	@status=0; RUN_BROWSER=1 $(BIN)/pytest -m browser $(PYTEST_ARGS) || status=$$?; \
	if [ $$status -eq 5 ] && [ -z "$$(find tests/browser -name 'test_*.py' 2>/dev/null)" ]; then \
		echo "No browser tests exist yet (no tests/browser/test_*.py): nothing to run."; status=0; fi; \
	exit $$status

# A throw-away demo database and the portal in-process, Playwright in the machine's Chromium; SCREENSHOTS_ARGS are
# passed on, e.g. SCREENSHOTS_ARGS="--languages et --only plan --no-docs". Fails when a page scrolls sideways at 320 px.
SCREENSHOTS_ARGS ?=

screenshots: $(INSTALLED_BROWSER)
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || { echo "No Chromium at $${CHROMIUM:-/usr/bin/chromium}: apt-get install chromium" >&2; exit 1; }
	$(PY) scripts/screenshots.py $(SCREENSHOTS_ARGS)

# --- Backups ---------------------------------------------------------------------------------------------

# The database and MEDIA_ROOT the portal's settings name, from the environment or from ENV_FILE (read as systemd
# reads the units' EnvironmentFile). README.md, "Backups and restore".
BACKUP_DIR ?= var/backups
ENV_FILE ?=

backup:
	scripts/backup $(if $(ENV_FILE),--env-file "$(ENV_FILE)") "$(BACKUP_DIR)"

restore:
	@test -n "$(BACKUP)" || { echo "Name the backup to restore: make restore BACKUP=$(BACKUP_DIR)/welfare-portal-..." >&2; exit 2; }
	scripts/restore $(if $(ENV_FILE),--env-file "$(ENV_FILE)") $(if $(filter 1,$(FORCE)),--force) "$(BACKUP)"

# --- Maintenance -----------------------------------------------------------------------------------------

# Translations: the .mo files are committed, so nothing here is needed to run the portal.
messages: $(INSTALLED)
	@command -v xgettext >/dev/null || { echo "makemessages needs GNU gettext: apt-get install gettext" >&2; exit 1; }
	$(PY) manage.py makemessages --locale=et --locale=en --locale=fi --no-obsolete \
		--ignore=.venv --ignore=var --ignore=staticfiles --ignore=tests --ignore=bench
	$(PY) manage.py compilemessages --locale=et --locale=en --locale=fi --ignore=.venv

# Installs the three groups without constraints into a scratch virtualenv and pins what pip chose.
constraints:
	@python="$$(scripts/find-python)"; tmp="$$(mktemp -d)"; trap 'rm -rf "$$tmp"' EXIT; \
	"$$python" -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --disable-pip-version-check --quiet --upgrade pip; \
	"$$tmp/venv/bin/python" -m pip install --disable-pip-version-check --quiet \
		--build-constraint build-constraints.txt --group runtime --group dev --group browser; \
	{ sed '/^[^#]/,$$d' constraints.txt; \
	  "$$tmp/venv/bin/python" -m pip freeze --all --exclude setuptools --exclude wheel; } > constraints.txt.new; \
	mv constraints.txt.new constraints.txt; \
	echo "constraints.txt re-pinned: review 'git diff constraints.txt', then run make test."

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
