# macp: `make run` serves the demo on http://127.0.0.1:8000 (web, task worker and scheduler, as in production:
# Procfile); `make test` runs the whole suite.
# Installs are stamped, so a second `make run` or `make test` skips them unless pyproject.toml or
# package-lock.json changed.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run
.NOTPARALLEL:

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.macp-installed
TEST_STAMP := $(VENV)/.macp-test-installed
NODE_STAMP := node_modules/.macp-installed
STATIC := build/static
HOST := 127.0.0.1
PORT := 8000
# The demo database: an embedded SQLite file under var/ unless DATABASE_URL says otherwise.
DEMO_ENV := MACP_DEMO=1 DEBUG=1

.PHONY: run serve secret deps test-deps lint assets migrate demo-data sign-ins test test-pg cin-validate chromium bench bench-link bench-strategy bench-language bench-investigation clean distclean

# ---------------------------------------------------------------- run

run: deps assets secret migrate demo-data sign-ins serve

# The Procfile's three processes under honcho: web (gunicorn), task worker, scheduler; one Ctrl-C stops all three.
serve:
	@echo "macp is serving on http://$(HOST):$(PORT)/ with a task worker and a scheduler (Ctrl-C to stop)"
	$(DEMO_ENV) HOST=$(HOST) WEB_CONCURRENCY=2 PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile -p $(PORT)

# A random SECRET_KEY for the local database, so the `macp` command works on it as typed (no MACP_DEMO needed).
secret: var/secret_key
var/secret_key:
	@mkdir -p var
	@(umask 077 && $(PYTHON) -c "import secrets; print(secrets.token_urlsafe(50))" > $@)

migrate: deps
	$(DEMO_ENV) $(BIN)/macp migrate --no-input -v 0

# Loads the demo region only when the database has no people yet.
demo-data: migrate
	@if $(DEMO_ENV) $(BIN)/python -c "$$HAS_PEOPLE"; then \
	  echo "The database already has people: not loading the demo region again."; \
	else \
	  echo "Loading the demo region…"; \
	  $(DEMO_ENV) $(BIN)/macp demo-data; \
	fi

sign-ins: deps
	@$(DEMO_ENV) $(BIN)/python -c "$$SHOW_SIGN_INS"

# ---------------------------------------------------------------- installs

deps: $(PY_STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# `make run` installs only what serving needs; `make test` adds the test extras (pyspark among them).
$(PY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

test-deps: $(TEST_STAMP)
$(TEST_STAMP): $(PY_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

$(NODE_STAMP): package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# ---------------------------------------------------------------- front-end assets

assets: $(STATIC)/macp/macp.css $(STATIC)/govuk/assets/.copied $(STATIC)/govuk/govuk-frontend.min.js $(STATIC)/htmx/htmx.min.js

$(STATIC)/macp/macp.css: $(NODE_STAMP) $(shell find src/macp -name '*.scss' 2>/dev/null)
	npm run --silent build

$(STATIC)/govuk/assets/.copied: $(NODE_STAMP)
	rm -rf $(STATIC)/govuk/assets
	mkdir -p $(STATIC)/govuk
	cp -R node_modules/govuk-frontend/dist/govuk/assets $(STATIC)/govuk/assets
	touch $@

$(STATIC)/govuk/govuk-frontend.min.js: $(NODE_STAMP)
	mkdir -p $(@D)
	cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js $@

$(STATIC)/htmx/htmx.min.js: $(NODE_STAMP)
	mkdir -p $(@D)
	cp node_modules/htmx.org/dist/htmx.min.js $@

# ---------------------------------------------------------------- tests

# Honours DATABASE_URL from the environment (see test-pg).
# Models and migrations agree (a model change without its migration fails here), then the suite.
test: test-deps assets chromium lint
	MACP_TESTING=1 $(BIN)/macp makemigrations --check --dry-run
	MACP_TESTING=1 $(BIN)/python -m pytest tests/

# The DfE children-in-need census of the demo region, checked by the sector's open validator (data-to-insight's
# csc-validator-be-cin) with the 2026/27 rules: 0 rules of type ERROR or it fails (issue 13; never skipped).
# The validator pins pandas<2, so it lives in its own venv (.venv-cin). The demo region is built in a temporary
# SQLite database; its `today` is in the 2026/27 collection year (the census year ending 31 March 2027).
CIN_VENV := .venv-cin
CIN_STAMP := $(CIN_VENV)/.macp-installed
CIN_RULESET := cin2026_27
CIN_YEAR := 2027
CIN_COUNCILS := svc kbc adc

$(CIN_STAMP):
	$(PYTHON) -m venv $(CIN_VENV)
	$(CIN_VENV)/bin/python -m pip install --quiet --disable-pip-version-check csc-validator-be-cin==0.1.13 pandas==1.5.3 numpy==1.26.4 pytest==9.2.0
	touch $@

cin-validate: deps $(CIN_STAMP)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	export DATABASE_URL="sqlite:///$$tmp/census.sqlite3" MACP_DEMO=1 DEBUG=1 PYTHONPATH="$(CURDIR)/src"; \
	echo "Building the demo region in $$tmp…"; \
	$(BIN)/macp migrate --no-input -v 0; \
	$(BIN)/macp demo-data > "$$tmp/demo.log"; \
	for la in $(CIN_COUNCILS); do $(BIN)/macp cin-census --year $(CIN_YEAR) --local-authority $$la --output "$$tmp/$$la.xml"; done; \
	for la in $(CIN_COUNCILS); do $(CIN_VENV)/bin/python -m cin_validator run "$$tmp/$$la.xml" -r $(CIN_RULESET) > "$$tmp/$$la.report" 2>&1; done; \
	$(CIN_VENV)/bin/python -W ignore .ci/cin_validate.py -r $(CIN_RULESET) $$(for la in $(CIN_COUNCILS); do echo "$$tmp/$$la.xml"; done) 2>/dev/null

# Lint and format (ruff, line length 120) and the import contract (docs/decisions/0001, .importlinter).
lint: test-deps
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	@if [ -f .importlinter ]; then PYTHONPATH=src $(BIN)/lint-imports; fi

test-pg:
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/test $(MAKE) --no-print-directory test

# Browser tests drive Debian's chromium; a browser is never downloaded through Playwright.
chromium:
	@command -v chromium >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium)

# Benchmarks write JSON and a short table under bench/results/ (bench/README.md).
bench: bench-link bench-strategy bench-language bench-investigation

BENCH_STAMP := $(VENV)/.macp-bench-installed
$(BENCH_STAMP): pyproject.toml | $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test,bench]"
	touch $@

bench-link: $(BENCH_STAMP)
	$(BIN)/python bench/bench_link.py

bench-strategy: deps
	$(BIN)/python bench/bench_strategy.py

# The investigation pages (chronology of 2,000 events, a team manager's worktray, people search), p50/p95/max.
bench-investigation: deps
	$(BIN)/python bench/bench_investigation.py

# The recording-language check's precision and recall on the labelled set (tuning and held-out parts).
bench-language: deps
	$(BIN)/python bench/bench_language.py

# ---------------------------------------------------------------- cleaning

# Built assets, test output and the local database; keeps the installs.
clean:
	rm -rf build test-results .pytest_cache var
	find src tests -name __pycache__ -type d -prune -exec rm -rf {} +

# Everything `make run` made, installs included.
distclean: clean
	rm -rf $(VENV) node_modules src/*.egg-info

# ---------------------------------------------------------------- helpers (Python run in the venv)

define DJANGO_SETUP
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macp.config.settings")
import django
django.setup()
endef

# Exits 0 when the database holds at least one person.
define HAS_PEOPLE
$(DJANGO_SETUP)
from macp.people.models import Person
sys.exit(0 if Person.objects.exists() else 1)
endef
export HAS_PEOPLE

define SHOW_SIGN_INS
$(DJANGO_SETUP)
from django.conf import settings
from macp.accounts.models import Role, User
order = {code: i for i, code in enumerate(Role.values)}
users = list(User.objects.filter(is_active=True).prefetch_related("roles"))
if not users:
    sys.exit(0)
rows = []
for u in users:
    codes = sorted((r.role for r in u.roles.all()), key=lambda c: order.get(c, 99))
    rows.append((min([order.get(c, 99) for c in codes] or [99]), u.username, ", ".join(Role(c).label for c in codes)))
rows.sort()
width_user = max(len("Username"), *(len(r[1]) for r in rows))
width_role = max(len("Role"), *(len(r[2]) for r in rows))
print()
print("Demo sign-ins (synthetic data) at http://$(HOST):$(PORT)/sign-in/")
print(f"  {'Username':<{width_user}}  {'Role':<{width_role}}  Password")
print(f"  {'-' * width_user}  {'-' * width_role}  {'-' * len(settings.DEMO_PASSWORD)}")
for _, username, roles in rows:
    print(f"  {username:<{width_user}}  {roles:<{width_role}}  {settings.DEMO_PASSWORD}")
print()
endef
export SHOW_SIGN_INS
