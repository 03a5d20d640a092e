# Newsdesk: `make demo` and `make test` work on a fresh machine with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
# Test runs never use the demo's key or database.
TEST_ENV := SECRET_KEY=tests-only-not-a-secret-0123456789abcdef DEBUG=false NEWSDESK_VAR_DIR=$(CURDIR)/var/test
# One test process per core, up to four (pytest-xdist); tests sharing an expensive fixture (the
# live demo server, say) stay in one of them (tests/conftest.py). PARALLEL= runs in one process.
PARALLEL ?= --numprocesses=auto --maxprocesses=4
# The second run (PostgreSQL) on another day, e.g. TEST_CLOCK=new-year: 00:30 on 1 January in the
# outlet's zone, for dates that break at month, year and UTC boundaries (tests/clock.py). CI sets it.
TEST_CLOCK ?=
# With DATABASE_URL set (CI), each test runs in the run where it tests something (the suite has a
# 15-minute budget): the SQLite run leaves the browser tests to the PostgreSQL + Redis run (the
# production set-up; tests/e2e); the PostgreSQL run leaves to the SQLite run what does not use
# its database: tests/machines (their own PostgreSQL clusters, Redis and object storage), the
# nginx deployment (tests/deploy) and the tests that start a SQLite site of their own
# (`own_site`: tests/faults, the worker, the back-office language). Without DATABASE_URL the
# SQLite run runs everything.
FIRST_RUN_SKIPS := --ignore=tests/e2e
SECOND_RUN_SKIPS := --ignore=tests/machines --ignore=tests/deploy -m "not own_site"

.PHONY: demo test test-fast bench serve lint format messages bootstrap

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

var/secret_key: | $(VENV)/.installed
	mkdir -p var
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@

bootstrap: $(VENV)/.installed var/secret_key
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/newsdesk compile_translations -v0
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/newsdesk migrate --no-input -v0
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/newsdesk collectstatic --no-input -v0

demo: bootstrap
	SECRET_KEY=$$(cat var/secret_key) $(BIN)/newsdesk demo
	@echo
	@echo "  Newsdesk is at http://127.0.0.1:8000/  (Russian: /ru/, English: /en/)"
	@echo "  Back office:  http://127.0.0.1:8000/admin/"
	@echo "  Log in as admin / newsdesk-demo  (also: editor / newsdesk-demo, author / newsdesk-demo)"
	@echo
	@# The worker (scheduled publishing) beside the server; the demo's rates are sample files.
	@export SECRET_KEY=$$(cat var/secret_key); \
	$(BIN)/newsdesk worker --rates-minutes 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/newsdesk serve --bind 127.0.0.1:8000

test: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/newsdesk compile_translations -v0
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports  # one direction of imports between the apps (pyproject.toml)
	$(TEST_ENV) $(BIN)/newsdesk check
	$(TEST_ENV) $(BIN)/newsdesk makemigrations --check --dry-run
	@echo "== test suite on SQLite (local-memory cache) =="
	@# NEWSDESK_POSTGRES_RUN_FOLLOWS: PostgreSQL-only tests skip here, for the run below checks them.
	$(TEST_ENV) NEWSDESK_POSTGRES_RUN_FOLLOWS=$${DATABASE_URL:+yes} DATABASE_URL= REDIS_URL= \
		$(BIN)/pytest $(PARALLEL) $${DATABASE_URL:+$(FIRST_RUN_SKIPS)}
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== test suite on $${DATABASE_URL%%://*} with $${REDIS_URL:-local-memory} cache$(if $(TEST_CLOCK), at $(TEST_CLOCK)) =="; \
		$(TEST_ENV) NEWSDESK_TEST_CLOCK=$(TEST_CLOCK) $(BIN)/pytest $(PARALLEL) $(SECOND_RUN_SKIPS); \
	else echo "DATABASE_URL is not set: skipped the PostgreSQL run (set DATABASE_URL=postgres://… to run it)"; fi

# While working: lint, checks and the suite on SQLite without the browser tests (tests/e2e, the
# deployment test), the slow ones (large archives) and the several machines, in one run on
# SQLite. CI and `make test` run everything.
test-fast: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/newsdesk compile_translations -v0
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(TEST_ENV) $(BIN)/newsdesk check
	$(TEST_ENV) DATABASE_URL= REDIS_URL= $(BIN)/pytest $(PARALLEL) -m "not e2e and not slow" \
		--ignore=tests/e2e --ignore=tests/machines

# Throughput and latency against nginx serving the same page as a file (needs nginx and wrk:
# apt-get install nginx-light wrk). See bench/serve.py for the database it uses.
bench: bootstrap
	$(BIN)/python bench/serve.py $(BENCH_ARGS)

lint: $(VENV)/.installed
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

format: $(VENV)/.installed
	$(BIN)/ruff check --fix . && $(BIN)/ruff format .

# Re-extract interface strings after changing templates or code (needs GNU gettext).
messages: $(VENV)/.installed
	$(TEST_ENV) $(BIN)/newsdesk makemessages -l ru -l en -l de --no-obsolete \
		--ignore='.venv/*' --ignore='tests/*' --ignore='bench/*' --ignore='var/*'
