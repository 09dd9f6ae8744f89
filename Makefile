# joinedup: `make run` serves the demo, `make test` runs the whole suite on SQLite and PostgreSQL.
.DEFAULT_GOAL := help
SHELL := /bin/bash
PY := .venv/bin/python
UV := .tools/bin/uv
POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/postgres
CHROMIUM ?= /usr/bin/chromium

.PHONY: help install run demo test test-sqlite test-postgres fuzz lint check browser clean bench

help: ## Show the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check uv==0.13.8

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --locked --quiet
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

joinedup/static/css/joinedup.css: frontend/joinedup.scss node_modules/.installed
	npx sass --quiet --load-path=node_modules/govuk-frontend/dist --style=compressed --no-source-map $< $@

# The official OCDS 1.1.5 schema, which the procurement tests validate the exports against.
OCDS_SCHEMA := .cache/ocds-1.1.5
$(OCDS_SCHEMA)/release-schema.json: joinedup/procurement/schema/official-ocds.txt | $(UV)
	rm -rf $(OCDS_SCHEMA) && mkdir -p $(OCDS_SCHEMA)/archives
	.tools/bin/pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: \
	  --require-hashes -r $< -d $(OCDS_SCHEMA)/archives
	tar -xzf $(OCDS_SCHEMA)/archives/ocdskit-1.7.0.tar.gz -O \
	  ocdskit-1.7.0/tests/fixtures/release-package-schema.json > $(OCDS_SCHEMA)/release-package-schema.json
	tar -xzf $(OCDS_SCHEMA)/archives/ocdsextensionregistry-0.7.0.tar.gz -O \
	  ocdsextensionregistry-0.7.0/tests/fixtures/release-schema.json > $@.part
	mv $@.part $@

install: .venv/.synced node_modules/.installed joinedup/static/css/joinedup.css $(OCDS_SCHEMA)/release-schema.json ## Install the pinned Python and front-end dependencies

run: install ## Serve the demo on http://127.0.0.1:8000 (SQLite, demo data, one login per role)
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py load_demo
	@# the task queue's worker (emails, digests, reports) runs beside the server and stops with it
	$(PY) manage.py db_worker --no-startup-delay -v0 & trap "kill $$! 2>/dev/null" EXIT; \
	  $(PY) manage.py runserver 127.0.0.1:8000

browser: ## Make sure Debian's chromium is here for the browser tests
	@test -x $(CHROMIUM) || { echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: install browser ## Run the whole suite on SQLite, then on PostgreSQL
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

# Two workers (pytest-xdist), one per core; each migrates its own test database once.
PYTEST_WORKERS ?= 2
test-sqlite: install
	time $(PY) -m pytest -q -n $(PYTEST_WORKERS) -m "not fuzz"

test-postgres: install
	time DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest -q -n $(PYTEST_WORKERS) -m "not fuzz"

fuzz: install ## Fuzz the JSON API with schemathesis (tests/test_api_fuzz.py), on SQLite then PostgreSQL
	$(PY) -m pytest -q -m fuzz tests/test_api_fuzz.py
	DATABASE_URL=$(POSTGRES_URL) $(PY) -m pytest -q -m fuzz tests/test_api_fuzz.py

lint: install ## Format and lint checks
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .

check: install ## The checks CI runs before the tests
	DJANGO_SECRET_KEY=$$(head -c 48 /dev/urandom | base64) JOINEDUP_HTTPS=1 DJANGO_ALLOWED_HOSTS=joinedup.example $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(UV) lock --locked

clean: ## Remove the demo database and installed dependencies
	rm -rf .venv .tools .cache node_modules db.sqlite3 staticfiles joinedup/static/css/joinedup.css

BENCH_DB ?= joinedup_bench
BENCH_SCALE ?= 1
bench: install ## Benchmark the main pages on PostgreSQL at national scale (BENCH_SCALE=1)
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	@psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$(BENCH_DB)'" | grep -q 1 \
	  || createdb -h 127.0.0.1 -U postgres $(BENCH_DB)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) $(PY) manage.py migrate --noinput -v0
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) $(PY) manage.py generate_national --scale $(BENCH_SCALE)
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(BENCH_DB) $(PY) manage.py bench
