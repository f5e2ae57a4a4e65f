# discovery: `make run` serves the demo on http://127.0.0.1:5000; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app discovery
STATIC := discovery/static
GOVUK := node_modules/govuk-frontend/dist/govuk
PO := $(wildcard discovery/translations/*/LC_MESSAGES/messages.po)
MO := $(PO:.po=.mo)
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: help run serve serve-prod install install-dev assets translations migrate demo test test-fast lint format bench assurance accessibility browser-deps clean

help: ## List the make targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

run: install assets translations migrate demo ## Set everything up, load the demo and serve on http://127.0.0.1:5000
	@$(FLASK) demo-data | sed -n '/Demo sign-ins/,$$p' | sed "1s|^|\nOpen http://$(HOST):$(PORT) and sign in.\n|"
	@echo
	$(FLASK) run --host $(HOST) --port $(PORT)

serve: ## Serve without reinstalling anything
	$(FLASK) run --host $(HOST) --port $(PORT)

# Production on this machine: DATABASE_URL, SECRET_KEY (and REDIS_URL for RQ workers) come from
# the environment; see README "Deployment". Ctrl-C stops gunicorn and the workers together.
serve-prod: install assets translations ## Production: migrate, then gunicorn (several workers) and RQ workers when REDIS_URL is set
	DISCOVERY_ENV=production $(BIN)/python -m discovery.ops.serve

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime ## Create the virtualenv and install the pinned runtime packages

install-dev: $(VENV)/.dev ## Install the runtime and test packages

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(STATIC)/.built: node_modules/.package-lock.json $(wildcard assets/*)
	rm -rf $(STATIC) && mkdir -p $(STATIC)
	cp -r $(GOVUK)/assets/. $(STATIC)/
	cp $(GOVUK)/govuk-frontend.min.css $(GOVUK)/govuk-frontend.min.js $(STATIC)/
	cp assets/* $(STATIC)/
	touch $@

assets: $(STATIC)/.built ## Copy GOV.UK Frontend (from npm) and our own CSS/JS into discovery/static

%.mo: %.po | $(VENV)/.runtime
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@ -l $(word 3,$(subst /, ,$<)) -D messages --statistics 2>&1 | tail -1

translations: $(MO) ## Compile the Welsh translations

migrate: install ## Bring the database schema up to date
	$(FLASK) db upgrade

demo: migrate ## Load the demo discovery (safe to run again)
	@$(FLASK) demo-data > /dev/null

browser-deps: ## Install Debian's chromium for the browser tests if it is missing
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  echo "Installing chromium (Debian package) for the browser tests"; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The suite runs as two pytest processes side by side, one per core of a two-core CI machine:
# the browser tests with some of the integration tests, and everything else, split so that
# the two take about as long (about 7 minutes each, side by side on a two-core machine). Each
# process gets its own PostgreSQL database (tests/conftest.py); the first's report follows
# the second's, and either failing fails the run.
PARALLEL_A := tests/browser tests/integration/research_notes tests/integration/summaries \
  tests/integration/needs tests/integration/journeys tests/integration/backlog tests/security \
  tests/integration/faults
test: install-dev assets translations browser-deps lint ## Run the whole test suite (unit, integration, browser)
	@log=$$(mktemp); \
	$(BIN)/pytest -p no:cacheprovider $(PARALLEL_A) > $$log 2>&1 & first=$$!; \
	$(BIN)/pytest $(addprefix --ignore=,$(PARALLEL_A)); second=$$?; \
	wait $$first; first_status=$$?; \
	echo; echo "== $(PARALLEL_A)"; cat $$log; rm -f $$log; \
	test $$first_status -eq 0 && test $$second -eq 0

test-fast: install-dev assets translations ## Unit and integration tests only
	$(BIN)/pytest tests/unit tests/integration

lint: install-dev ## ruff (security rules included), the import-linter layer contracts and the dependency audit
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m assurance.dependency_audit

format: install-dev ## Format the code with ruff
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install-dev ## Benchmarks: the NLP pipeline and the transcript importers
	$(BIN)/python -m nlp.bench --embedder minilm --sizes 1000,10000
	$(BIN)/python -m nlp.bench --embedder wordllama --sizes 1000,10000,100000
	$(BIN)/python bench/app_vs_library.py
	$(BIN)/python bench/import_transcripts.py
	$(BIN)/python bench/import_end_to_end.py
	$(BIN)/python bench/hostile_uploads.py
	$(BIN)/python bench/theme_run.py --findings 10000
	$(BIN)/python bench/demo_theme_run.py
	$(BIN)/python bench/synthesis_pages.py
	$(BIN)/python bench/summary_exports.py
	$(BIN)/python bench/long_transcript.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/scale.py

# The assurance run: the isolation matrix, fault and hostile-input tests at full size, backup
# round trips, the scanners and the load benchmark on both databases, gathered into one table
# (docs/assurance.md, docs/assurance.json). `make test` runs the same tests at a quick size.
ASSURANCE_OUT := build/assurance
ASSURANCE_TESTS := tests/security tests/hostile tests/integration/faults tests/integration/test_backup_restore.py \
	tests/integration/test_retention_purge.py tests/integration/test_personal_data_scope.py \
	tests/integration/test_security_headers.py tests/integration/test_page_walk.py
assurance: install-dev assets translations browser-deps ## Measure trust and write docs/assurance.md (about 15 minutes)
	rm -rf $(ASSURANCE_OUT) && mkdir -p $(ASSURANCE_OUT) docs
	export ASSURANCE_OUT=$(abspath $(ASSURANCE_OUT)) ASSURANCE_ROUNDS=20 HOSTILE_EXAMPLES=2500 HOSTILE_FORM_EXAMPLES=150; \
	$(BIN)/pytest -p no:cacheprovider -q $(ASSURANCE_TESTS) && \
	$(BIN)/python -m assurance.scanners && \
	$(BIN)/python -m assurance.dependency_audit && \
	$(BIN)/python bench/load.py --quick && \
	$(BIN)/python bench/scale.py --quick
	$(BIN)/python -m assurance.report $(ASSURANCE_OUT) --markdown docs/assurance.md --json docs/assurance.json

# The accessibility figures the statement quotes (/accessibility-statement): the browser page
# walk (axe-core, WCAG 2.2 AA, every page × role × language; reflow at 320 px) with its figures
# recorded, written to docs/accessibility.json. Commit the file with the release it measured.
ACCESSIBILITY_OUT := build/accessibility
accessibility: install-dev assets translations browser-deps ## Walk every page with axe-core and at 320 px; write docs/accessibility.json (about 10 minutes)
	rm -rf $(ACCESSIBILITY_OUT) && mkdir -p $(ACCESSIBILITY_OUT) docs
	ASSURANCE_OUT=$(abspath $(ACCESSIBILITY_OUT)) $(BIN)/pytest -p no:cacheprovider -q tests/browser/test_page_walk.py
	$(BIN)/python -m assurance.accessibility $(ACCESSIBILITY_OUT) docs/accessibility.json

messages: install-dev ## Extract translatable strings and update the Welsh catalogue
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -k lazy_pgettext:1c,2 --no-wrap -o discovery/translations/messages.pot discovery research_notes templates
	$(BIN)/pybabel update --no-wrap --no-fuzzy-matching -i discovery/translations/messages.pot -d discovery/translations -l cy

clean: ## Remove the virtualenv, node_modules and built assets (keeps instance/ data)
	rm -rf $(VENV) node_modules $(STATIC) $(MO)
