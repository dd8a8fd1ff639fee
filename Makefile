# Two commands for a newcomer: `make run` and `make test`. `make help` lists all.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
INSTALLED := $(VENV)/.installed

.DEFAULT_GOAL := help
.PHONY: help install run test bench lint format superuser clean

help: ## List the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

install: $(INSTALLED) ## Create .venv and install the project with its dev tools

run: $(INSTALLED) ## Migrate, load the network and serve it on http://127.0.0.1:$(PORT)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/gunicorn newtrade.wsgi --config gunicorn.conf.py --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

test: $(INSTALLED) ## Run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(INSTALLED) ## Measure the site at 10,000 and 100,000 demo partners, then a 5,000-row import preview
	$(BIN)/python -m tests.bench $(BENCH_ARGS)
	$(BIN)/python -m tests.bench_import

lint: $(INSTALLED) ## Check code style with ruff
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(INSTALLED) ## Fix code style with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

superuser: $(INSTALLED) ## Create the first staff account (asks for name and password)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createsuperuser
	@echo "Beim ersten Anmelden auf http://localhost:$(PORT)/admin/ richtet das Konto nach dem Passwort"
	@echo "seinen zweiten Faktor ein (Authenticator-App oder Passkey) und erhält zehn Wiederherstellungscodes."
	@echo "At the first sign-in on http://localhost:$(PORT)/admin/ the account sets up its second factor"
	@echo "(authenticator app or passkey) after the password and is shown ten recovery codes."

clean: ## Remove the virtualenv, collected static files and caches
	rm -rf $(VENV) staticfiles .cache .pytest_cache .ruff_cache
