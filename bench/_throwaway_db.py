"""Helpers shared by bench/import_catalog.py and bench/annual_report.py: a throwaway database, a query counter.

SQLite in a temporary data directory by default; when DATABASE_URL is set, a temporary database created on
that PostgreSQL server and dropped afterwards (as bench/search.py does), so nothing real is touched.
"""

import contextlib
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def throwaway_database(prefix: str):
    """Set up Django on an empty, migrated database; yields the backend's name ("sqlite" or "postgresql")."""
    with tempfile.TemporaryDirectory(prefix=f"gongkai-{prefix}-") as folder:
        os.environ["GONGKAI_DATA_DIR"] = folder
        admin_url = os.environ.pop("DATABASE_URL", "")
        database = None
        if admin_url:
            database, url = _create_pg_database(admin_url, prefix)
            os.environ["DATABASE_URL"] = url
        try:
            sys.path.insert(0, str(ROOT / "src"))
            os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
            import django

            django.setup()
            from django.core.management import call_command
            from django.db import connection

            call_command("migrate", verbosity=0)
            yield connection.vendor
        finally:
            if database:
                from django.db import connections

                connections.close_all()
                _drop_pg_database(admin_url, database)
            if admin_url:
                os.environ["DATABASE_URL"] = admin_url


def _create_pg_database(admin_url: str, prefix: str) -> tuple[str, str]:
    import psycopg

    name = f"gongkai_{prefix.replace('-', '_')}_{os.getpid()}"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base, _, _ = admin_url.rpartition("/")
    return name, f"{base}/{name}"


def _drop_pg_database(admin_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


class QueryCounter:
    """Counts the statements sent to the database, cheaply enough to leave on while timing."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    @contextlib.contextmanager
    def counting(self):
        from django.db import connection

        with connection.execute_wrapper(self):
            yield self
