# City portal: `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# The suite runs on every core (a database per worker); PYTEST_ARGS="-n 0 tests/home" runs a part serially.
PYTEST_ARGS ?= -n auto

.DEFAULT_GOAL := help
.PHONY: help run serve test setup setup-dev migrate seed lint worker translations messages benchmark db-shell clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@$(PYTHON) -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null || { \
	  echo "Needs Python 3.11+ with venv (on Debian/Ubuntu: apt-get install python3-venv)."; exit 1; }
	$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[local]'
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,local]'
	touch $@ $(VENV)/.installed

setup: $(VENV)/.installed translations ## Create .venv and install the portal

setup-dev: $(VENV)/.installed-dev translations ## Create .venv and install the portal with test tools

translations: | $(BIN)/python ## Compile the Ukrainian translations (.po -> .mo)
	@$(BIN)/python manage.py compile_translations

messages: ## Extract new UI strings into the .po files (needs GNU gettext)
	$(BIN)/python manage.py makemessages -l uk --ignore=.venv --ignore=tests --ignore=benchmarks

migrate: setup ## Apply database migrations
	$(BIN)/python manage.py migrate --noinput

seed: migrate ## Create the demo city (idempotent)
	$(BIN)/python manage.py seed_demo

run: setup ## Quick start: the demo city on http://127.0.0.1:$(PORT) (embedded PostgreSQL unless DATABASE_URL is set)
	@$(BIN)/python -m cms.localdb run -- $(MAKE) --no-print-directory serve

serve: seed
	@echo ""
	@echo "Portal:  http://127.0.0.1:$(PORT)/        Admin: http://127.0.0.1:$(PORT)/admin/"
	@echo "Log in with one of the demo accounts printed above. Ctrl-C stops the portal and its database."
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: setup-dev ## The whole test suite (a throw-away embedded PostgreSQL unless DATABASE_URL is set)
	@$(BIN)/python -m cms.localdb test -- $(BIN)/python -m pytest $(PYTEST_ARGS)

db-shell: setup ## psql on the quick-start database (or on DATABASE_URL)
	@$(BIN)/python -m cms.localdb shell

lint: setup-dev ## Ruff, the import contracts (kernel <- participation <- modules) and the migrations check
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

worker: setup ## Run the background task worker (django-tasks-db; production settings)
	DJANGO_SETTINGS_MODULE=cms.settings.production $(BIN)/python manage.py db_worker

benchmark: setup-dev ## Load benchmark of the city site (needs DATABASE_URL to PostgreSQL; options in BENCH_ARGS)
	$(BIN)/python benchmarks/site_load.py $(BENCH_ARGS)

clean: ## Remove the virtual environment, the quick-start database and collected files
	rm -rf $(VENV) .pgdata .pgdata.lock .pgdata.log staticfiles media
