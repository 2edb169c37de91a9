# The two commands: `make run` and `make test`. The logic lives in scripts/.
.PHONY: help venv run test test-sqlite test-postgres lint messages clean

ARGS ?=

help:
	@echo "make run             set up and serve the demo on http://127.0.0.1:$${PORT:-8000}"
	@echo "make test            the suite on SQLite, then on a throwaway PostgreSQL (ARGS=\"-k x\" for pytest)"
	@echo "make test-sqlite     the suite on SQLite only"
	@echo "make test-postgres   the suite on PostgreSQL only"
	@echo "make lint            ruff (lint and format check) and the dead-code check; make test runs it first"
	@echo "make venv            create .venv and install the project if pyproject.toml changed"
	@echo "make messages        makemessages + compilemessages (needs gettext; installs it)"
	@echo "make clean           remove .venv, caches and test artifacts (keeps db.sqlite3)"

venv:
	@bash scripts/venv.sh

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh $(ARGS)

test-sqlite:
	@TEST_DATABASES=sqlite bash scripts/test.sh $(ARGS)

test-postgres:
	@TEST_DATABASES=postgres bash scripts/test.sh $(ARGS)

lint:
	@bash scripts/lint.sh

messages:
	@bash scripts/messages.sh

clean:
	rm -rf .venv .pytest_cache test-artifacts *.egg-info
	find . -name __pycache__ -type d -not -path "./.venv/*" -prune -exec rm -rf {} +
