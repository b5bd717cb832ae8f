# The two commands of the README: `make run` and `make test`. `make setup` only installs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint check test-sqlite test-postgres clean

setup: $(STAMP)

$(STAMP): pyproject.toml scripts/system-packages.sh
	bash scripts/system-packages.sh
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/gongkai serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

check: setup
	$(BIN)/gongkai makemigrations --check --dry-run
	GONGKAI_PRODUCTION=true GONGKAI_SECRET_KEY=ci-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  GONGKAI_ALLOWED_HOSTS=gongkai.example.org GONGKAI_PUBLIC_BASE_URL=https://gongkai.example.org \
	  GONGKAI_DATA_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  $(BIN)/gongkai check --deploy --fail-level WARNING

test-sqlite: setup
	$(BIN)/python -m pytest -n 2

test-postgres: setup
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -n 2

test: lint check test-sqlite test-postgres

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
