# The two commands of the README: `make run` and `make test`. `make setup` only installs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint check test-sqlite test-postgres clean messages django-messages \
	bench-search bench-pages bench-load bench-import bench-report bench-bodies

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
	$(BIN)/lint-imports

check: setup
	$(BIN)/gongkai makemigrations --check --dry-run
	GONGKAI_PRODUCTION=true GONGKAI_SECRET_KEY=ci-only-$$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n') \
	  GONGKAI_ALLOWED_HOSTS=gongkai.example.org GONGKAI_PUBLIC_BASE_URL=https://gongkai.example.org \
	  GONGKAI_SITE_ID_CODE=1522230001 GONGKAI_ICP=蒙ICP备00000000号 GONGKAI_TRUSTED_PROXIES=127.0.0.1 \
	  GONGKAI_DATA_KEYS=$$($(BIN)/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	  $(BIN)/gongkai check --deploy --fail-level WARNING

test-sqlite: setup
	$(BIN)/python -m pytest -n 2

test-postgres: setup
	bash scripts/with-postgres.sh $(BIN)/python -m pytest -n 2

test: lint check test-sqlite test-postgres

# The full benchmarks (README, "Measured figures"); each prints ratios against a baseline from the same run.
# Those marked (both) run on SQLite and on a throwaway PostgreSQL server.
bench-search: setup  # (both) ~1 h: synthetic catalogs up to 1,000,000 items
	bash scripts/with-postgres.sh $(BIN)/python bench/search.py

bench-pages: setup  # ~4 min: nginx + gunicorn from deploy/ against nginx serving files; queries per page
	$(BIN)/python bench/pages.py

bench-load: setup  # ~1 min: 64 connections for 30 s against its own `gongkai serve`
	$(BIN)/python bench/load.py --serve

bench-import: setup  # (both) ~5 min: a 5,000-item XLSX against the raw openpyxl read (issue 15: within 3×)
	$(BIN)/python bench/import_catalog.py
	bash scripts/with-postgres.sh $(BIN)/python bench/import_catalog.py

bench-bodies: setup  # ~5 min on PostgreSQL: a league of 4,303 bodies, rolled-up dashboard and scoped lists
	bash scripts/with-postgres.sh $(BIN)/python bench/bodies.py

bench-report: setup  # (both) ~4 min: the annual report at 100,000 cases against one GROUP BY
	$(BIN)/python bench/annual_report.py
	bash scripts/with-postgres.sh $(BIN)/python bench/annual_report.py

# After marking strings for translation: extract them into locale/mn (new ones come with an empty Mongolian
# entry, which tests/i18n fails on until it is written), then compile the catalogs that ship (docs/translating.md):
# compilemessages compiles every LOCALE_PATHS entry, locale/mn and locale_django/mn (Django's own words);
# makemessages writes to the first only.
messages: setup
	cd src/gongkai && $(CURDIR)/$(BIN)/gongkai makemessages -l mn --add-location file --no-obsolete
	cd src/gongkai && $(CURDIR)/$(BIN)/gongkai compilemessages -l mn

# After upgrading Django: bring locale_django/mn to the installed Django's public strings and compile; it stops
# listing the strings still without Mongolian (write them, then `make messages`).
django-messages: setup
	$(BIN)/python scripts/django_mn_catalog.py
	$(MAKE) messages

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
